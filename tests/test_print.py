"""On paper: the site printed by Chromium to A4 PDF, as a reader's "Print" does (issue 11).

No PDF library is needed: Chromium writes an uncompressed page tree, and each page lists its link
annotations (the printed links, with their addresses) in plain text. A link printed on a page is
there as an annotation; a hidden one (navigation, paragraph links) is not.
"""

from __future__ import annotations

import re

import pytest

from conftest import RECORD

EVENT = "hellwig-replies-to-amsden-on-lkml"
# Measured on A4: 26 sheets with stylesheets/print.css (81 without it), figure and chronology
# included. The bound leaves room for a few more events, not for a return of the loose layout.
TIMELINE_MAX_PAGES = 30

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_REFS = re.compile(rb"(\d+) 0 R")


def pdf_links(data: bytes) -> list[list[str]]:
    """The addresses of the links printed on each page of a Chromium PDF, pages in order."""
    objects = {int(m[1]): m[2] for m in _OBJECT.finditer(data)}
    root = next(
        body
        for body in objects.values()
        if re.search(rb"/Type\s*/Pages\b", body) and b"/Parent" not in body
    )
    pages = []

    def walk(node: bytes) -> None:
        if re.search(rb"/Type\s*/Pages\b", node):  # an inner node of the page tree
            for number in _REFS.findall(re.search(rb"/Kids\s*\[([^\]]*)\]", node)[1]):
                walk(objects[int(number)])
            return
        annots = re.search(rb"/Annots\s*\[([^\]]*)\]", node)
        uris = []
        for ref in _REFS.findall(annots[1]) if annots else []:
            uri = re.search(rb"/URI\s*\((.*?)\)>>", objects[int(ref)], re.S)
            if uri:
                uris.append(uri[1].replace(rb"\(", b"(").replace(rb"\)", b")").decode("latin-1"))
        pages.append(uris)

    walk(root)
    return pages


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


@pytest.fixture
def sheet(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _print(page, server: str, url: str) -> bytes:
    page.goto(server + url)
    return page.pdf(format="A4")


def test_an_event_starts_on_its_first_sheet_and_fits_on_two(server, sheet):
    """The event is not pushed whole onto the next sheet, leaving its title alone on the first."""
    event = next(e for e in RECORD.events if e.id == EVENT)
    claim = RECORD.claims_of(event)[0]
    data = _print(sheet, server, f"timeline/{EVENT}/")
    pages = pdf_links(data)
    assert len(pages) == page_count(data) <= 2
    first_claim = f"/sources/{claim.source.id}/#{claim.block.anchor}:~:text="
    assert any(first_claim in uri for uri in pages[0]), "the first claim prints on the first sheet"
    # The screen's furniture is not printed: no tab, sidebar or footer link reaches the paper.
    printed = [uri for uris in pages for uri in uris]
    assert not any(uri.endswith("/about/") for uri in printed), "the navigation is printed"
    assert not any("squidfunk" in uri or "mkdocs.org" in uri for uri in printed), "the footer"
    assert not any(f"/timeline/#{EVENT}" in uri for uri in printed), "the event's nav row"


def test_the_timeline_prints_as_a_compact_chronology(server, sheet):
    data = _print(sheet, server, "timeline/")
    count = page_count(data)
    assert len(pdf_links(data)) == count
    assert count <= TIMELINE_MAX_PAGES, f"the timeline prints on {count} A4 sheets"
    printed = [uri for uris in pdf_links(data) for uri in uris]
    # Every event's title is printed (a link to its page).
    for event in RECORD.events:
        assert any(uri.endswith(f"/timeline/{event.id}/") for uri in printed), event.id


def _style(page, selector: str, prop: str, pseudo: str | None = None) -> list[str]:
    return page.eval_on_selector_all(
        selector,
        "(els, [prop, pseudo]) =>"
        " els.map(el => getComputedStyle(el, pseudo).getPropertyValue(prop))",
        [prop, pseudo],
    )


def test_print_styles_hide_furniture_keep_headings_and_print_addresses(server, sheet):
    page = sheet
    page.emulate_media(media="print")
    page.goto(server + "timeline/")
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", "form.timeline-filter"):
        displays = _style(page, selector, "display")
        assert displays and set(displays) == {"none"}, selector
    for selector in (".md-typeset h2", ".md-typeset h3", ".event-date"):
        assert set(_style(page, selector, "break-after")) == {"avoid"}, selector
    assert set(_style(page, "li.claim", "break-inside")) == {"avoid"}

    page.goto(server + f"timeline/{EVENT}/")
    assert set(_style(page, "article.event", "break-inside")) == {"auto"}
    assert set(_style(page, ".cite-copy, .event-nav", "display")) == {"none"}
    # An external link prints its address; one with a text fragment (hundreds of escaped
    # characters) prints none; an internal (relative) link prints none.
    archived = page.locator(".claim-links a.external", has_text="archived").first
    href = archived.get_attribute("href")
    after = archived.evaluate("el => getComputedStyle(el, '::after').content")
    assert after == f'" <{href}>"'
    original = page.locator(".claim-links a.external", has_text="original").first
    assert ":~:" in original.get_attribute("href")
    assert original.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")
    person = page.locator(".event-people a").first
    assert person.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")

    page.goto(server + "sources/vfront-2013/")
    assert set(_style(page, ".para-links", "display")) == {"none"}
