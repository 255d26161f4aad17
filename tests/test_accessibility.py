"""Accessibility and small-screen layout of every kind of page, in a real browser.

axe-core (bundled in ``axe-playwright-python``) runs the WCAG 2.0/2.1 A and AA rules and its
best practices on one page of each kind; then each kind is opened 320 and 390 px wide, where the
page must not scroll sideways and people's names must not break inside a word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _largest(site: Path, folder: str) -> str:
    """The URL of the largest page under ``folder`` (one page of that kind, with the most on it)."""
    pages = [p for p in (site / folder).glob("*/index.html")]
    assert pages, f"no page under {folder}/"
    return f"{folder}/{max(pages, key=lambda p: p.stat().st_size).parent.name}/"


def page_kinds(site: Path) -> dict[str, str]:
    """One URL (relative to the site's root) of every kind of page the site has."""
    return {
        "home": "",
        "timeline": "timeline/",
        "event": _largest(site, "timeline"),
        "source": _largest(site, "sources"),
        "person": _largest(site, "people"),
        "organization": _largest(site, "organizations"),
        "sources index": "sources/",
        "people index": "people/",
        "organizations index": "organizations/",
        "discrepancies": "discrepancies/",
        "question": "question/",
        "quotations": "quotations/",
        "glossary": "glossary/",
        "facets index": "timeline-by/",
        "facet": _largest(site, "timeline-by"),
        "data": "data/",
        "about": "about/",
        "not found": "404.html",
    }


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def test_every_kind_of_page_passes_axe(site, server, desktop):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    page = desktop.new_page()
    failures = []
    for kind, url in page_kinds(site).items():
        page.goto(server + url, wait_until="load")
        violations = axe.run(page, options=options).response["violations"]
        if violations:
            failures.append(f"{kind} ({url or '/'}):\n{_report(violations)}")
    page.close()
    assert not failures, "axe violations:\n" + "\n".join(failures)


# No word of the page's text is broken across two lines (a broken word has boxes on two lines).
# A line may still end after a hyphen or a dash ("v-front.de", "Jean-Pierre"), as in any text;
# addresses (a token with "/", "?", "=", "_" or "#") and code may break anywhere.
_BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'),
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('pre, code, svg')) continue;
    for (const match of node.data.matchAll(/[^\\s\\-\u2013\u2014]+/g)) {
      if (/[\\/?=_#]/.test(match[0])) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
        .map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

# Names (and the rest of these tables' text) never break inside a word, whatever the width.
_NAME_STYLES = """selectors => [...document.querySelectorAll(selectors)].map(e => {
  const style = getComputedStyle(e);
  return [e.textContent.trim(), style.overflowWrap, style.wordBreak, style.hyphens];
}).filter(([, wrap, brk, hyph]) => wrap !== "normal" || brk !== "normal" || hyph !== "manual")"""
NAME_CELLS = ".people-table td, .people-table a, .sources-table td, .sources-table a"


@pytest.mark.parametrize("width", [320, 390])
def test_small_screens_neither_scroll_sideways_nor_break_names(site, server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    try:
        for kind, url in page_kinds(site).items():
            page.goto(server + url, wait_until="load")
            scroll, inner = page.evaluate(
                "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                wide = page.evaluate(
                    """w => [...document.querySelectorAll('body *')]
                      .filter(e => e.getBoundingClientRect().right > w + 1)
                      .slice(-3).map(e => e.tagName + '.' + e.className)""",
                    inner,
                )
                problems.append(f"{kind} ({url}): {scroll} px wide in {inner}: {wide}")
            broken = page.evaluate(_BROKEN_WORDS)
            if broken:
                problems.append(f"{kind} ({url}): words broken across lines: {broken[:10]}")
            loose = page.evaluate(_NAME_STYLES, NAME_CELLS)
            if loose:
                problems.append(f"{kind} ({url}): names that may break inside a word: {loose[:5]}")
        # The Sources index is readable: its titles do not wrap every few letters.
        page.goto(server + "sources/", wait_until="load")
        narrowest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('.sources-table td:nth-child(2)')]
                 .map(td => td.getBoundingClientRect().width))"""
        )
        if narrowest < 0.6 * width:
            problems.append(f"sources/: titles squeezed into {narrowest:.0f} px")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
