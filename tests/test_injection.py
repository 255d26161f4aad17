"""Injection probes: whatever the data or a captured page says, it stays text.

One copy of the project gets an attacker's text in every place where data or captured text reaches
a page or a data file: the fields of an event, a person, a thread, three new sources (their front
matter, a captured heading, paragraphs, a reader comment's author and date), and a claim quoting a
captured paragraph, so that quotes and citations carry the probes too. The copy is built once
with MkDocs (--strict) and every page is opened in Chromium; the data files are read back with
independent parsers (csv, pybtex, rispy, icalendar, json).

Each place gets its own number N, written into every probe of that place (``alert(N)``,
``ZqN``...), so that a dialog, an attribute or an element that turns live says which place it
came from.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import re
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import SITE, copy_project, generate, mkdocs, problems_of, untex
from record.load.sources import split_front_matter
from record.normalize import dump_front_matter, normalize_source
from record.render.cite import fill_access
from record.summary import summary_html

# --- the probes ----------------------------------------------------------------------------------

# The entries the probes go into, and the pages that show them.
EVENT, PERSON, THREAD = "zq-probe-event", "zq-probe-person", "zq-probe-thread"
CAPTURE, ANONYMOUS, CONTROL = "zq-probe-capture", "zq-probe-anonymous", "zq-probe-control"
EVENT_PAGE = f"timeline/{EVENT}/"
PERSON_PAGE = f"people/{PERSON}/"
CAPTURE_PAGE, ANONYMOUS_PAGE, CONTROL_PAGE = (
    f"sources/{s}/" for s in (CAPTURE, ANONYMOUS, CONTROL)
)

DEL = "\x7f"  # a control character a captured page may well hold (YAML refuses it unescaped)


def probe(n: int, lead: str = "", blank_line: bool = True) -> str:
    """Every probe, marked with the place number ``n``: HTML, attributes, closing </script>,
    </title>, </textarea> and </style> (raw text elements: JSON-LD, the page title),
    template syntax, Markdown links to every scheme a link must not have, raw links, entities,
    a code span, unbalanced braces, an attr_list ending the line and (when the field may span
    lines) a blank line followed by HTML, and one made of carriage returns followed by a Markdown
    link. ``lead`` starts it (a spreadsheet formula)."""
    text = (
        f"{lead}Zq{n} <script>alert({n})</script> <img src=x onerror=alert({n})> "
        f'"><svg onload=alert({n})> '
        f"</script></title></textarea></style><script>alert({n})</script> "
        f"{{{{7*7}}}} {{% raw %}} "
        f"[x{n}](javascript:alert({n})) [x{n}](data:text/html,<script>alert({n})</script>) "
        f"[x{n}](vbscript:msgbox({n})) [x{n}](//evil.example/{n}) "
        f'<a href="javascript:alert({n})">x{n}</a> &lt;entities&gt; `code{n}` }} {{ '
        f"{{: autofocus onfocus=alert({n}) }}"
    )
    if blank_line:  # and a blank line made of carriage returns, which Markdown reads as one
        text += f"\n\n<img src=x onerror=alert({n})>\r\r[x{n}](javascript:alert({n}))"
    return text


def summary_probe(n: int) -> str:
    """A summary is Markdown (emphasis and links): the probes a summary may hold and still pass
    the check step (links other than http(s) and site pages are refused there; see the tests of
    the check below)."""
    return (
        f"+1+1 Zq{n} <script>alert({n})</script> <img src=x onerror=alert({n})> "
        f'"><svg onload=alert({n})> </script><script>alert({n})</script> '
        f"{{{{7*7}}}} {{% raw %}} "
        f'<a href="javascript:alert({n})">x{n}</a> &lt;entities&gt; `span{n}` }} {{ '
        f'[t{n}](https://example.org/{n} "\\"><svg onload=alert({n})>") '
        f'[u{n}](sources/{CAPTURE}/#p1 "\\"><svg onload=alert({n})>") '
        f"{{: autofocus onfocus=alert({n}) }}\n\n<img src=x onerror=alert({n})>"
    )


# What a reader must see of the summary: its raw HTML and syntax as text (Markdown makes the code
# span code and the https link a link, which is what a summary is for).
SUMMARY_VISIBLE = [
    "<script>alert(102)</script> <img src=x onerror=alert(102)>",
    '"><svg onload=alert(102)> </script><script>alert(102)</script> {{7*7}} {% raw %}',
    '<a href="javascript:alert(102)">x102</a> &lt;entities&gt; span102 } {',
    "{: autofocus onfocus=alert(102) } <img src=x onerror=alert(102)>",
]


@dataclass(frozen=True)
class Place:
    """Where a probe is written, the probe, and the pages that must show it as text."""

    name: str
    value: str
    pages: tuple[str, ...] = ()
    visible: tuple[str, ...] = ()  # what those pages must show (default: the value, folded)

    def shown(self) -> list[str]:
        return list(self.visible) or [" ".join(self.value.split())]


def _url_probe(n: int) -> str:
    """An http(s) address (the only kind allowed) that carries markup in its path and query."""
    return (
        f'https://example.org/Zq{n}/%22%3E"><svg/onload=alert({n})>'
        f"?q=</script><script>alert({n})</script>&x={{7*7}}"
    )


PLACES: dict[int, Place] = {
    101: Place(
        "event title",
        probe(101, "=1+1 "),
        ("timeline/", EVENT_PAGE, PERSON_PAGE, CAPTURE_PAGE),
    ),
    102: Place("event summary", summary_probe(102), ("timeline/", EVENT_PAGE), SUMMARY_VISIBLE),
    103: Place("event date_note", probe(103, "-1-1 "), ("timeline/", EVENT_PAGE)),
    104: Place("person name", probe(104), ("timeline/", EVENT_PAGE, "people/", PERSON_PAGE)),
    105: Place("person role", probe(105), ("people/", PERSON_PAGE)),
    106: Place("person spelling", probe(106), (PERSON_PAGE,)),
    107: Place("thread title", probe(107), ("timeline/", EVENT_PAGE)),
    108: Place("thread description", probe(108)),  # in timeline.json only
    109: Place(
        "source title",
        probe(109, "@SUM(1) "),
        ("sources/", CAPTURE_PAGE, EVENT_PAGE, "timeline/", PERSON_PAGE),
    ),
    110: Place("source title_note", probe(110), (CAPTURE_PAGE,)),
    111: Place("source standfirst", probe(111), (CAPTURE_PAGE,)),
    112: Place("source author name", probe(112, blank_line=False), ("sources/", CAPTURE_PAGE)),
    113: Place("source author note", probe(113), (CAPTURE_PAGE,)),
    114: Place("source authors_note", probe(114), (ANONYMOUS_PAGE,)),
    115: Place("source outlet", probe(115), ("sources/", CAPTURE_PAGE, EVENT_PAGE, "timeline/")),
    116: Place("source published_note", probe(116), (CAPTURE_PAGE,)),
    117: Place("source capture_note", probe(117), (CAPTURE_PAGE,)),
    118: Place("source metadata line", probe(118, blank_line=False), (CAPTURE_PAGE,)),
    119: Place("source furniture line", probe(119, blank_line=False), (CAPTURE_PAGE,)),
    120: Place("captured heading", probe(120, blank_line=False), (CAPTURE_PAGE,)),
    121: Place(
        "captured paragraph, quoted by a claim",
        probe(121, "=cmd|' /C calc'!A0 ", blank_line=False),
        (CAPTURE_PAGE, EVENT_PAGE, "timeline/", PERSON_PAGE),
    ),
    122: Place("comment author", probe(122, blank_line=False), (CAPTURE_PAGE,)),
    123: Place("comment date", probe(123, blank_line=False), (CAPTURE_PAGE,)),
    124: Place("source original_url", _url_probe(124), (CAPTURE_PAGE,)),
    125: Place("source archive_url", _url_probe(125), (CAPTURE_PAGE,)),
    126: Place(
        "captured comment holding a control character (DEL)",
        probe(126, f"Zq126{DEL} ", blank_line=False),
        (CONTROL_PAGE,),
    ),
    127: Place(
        "captured heading ending in {#p1}", probe(127, blank_line=False) + " {#p1}", (CAPTURE_PAGE,)
    ),
    128: Place(
        "title of the source whose comment holds a DEL",
        probe(128, blank_line=False),
        ("sources/", CONTROL_PAGE),
    ),
}
ENGINE_BUGS: dict[int, str] = {}  # place -> an engine bug that makes its probes live


def _place_param(number: int, bugs: dict[int, str]):
    marks = [pytest.mark.xfail(strict=True, reason=bugs[number])] if number in bugs else []
    name = PLACES[number].name.split(",")[0].replace(" ", "_")
    return pytest.param(number, id=f"{number}-{name}", marks=marks)


MARKUP_PARAMS = [_place_param(number, ENGINE_BUGS) for number in PLACES]
TEXT_PARAMS = [_place_param(n, ENGINE_BUGS) for n, place in PLACES.items() if place.pages]


# --- the probed project --------------------------------------------------------------------------


def _add_source(root: Path, source_id: str, raw: str, fields: dict) -> None:
    """A new capture, through the normalizer as a maintainer adds one: `make source` writes the
    file with TODO fields, the maintainer fills them in with the hints, `make source` again."""
    capture = root.parent / f"{source_id}.txt"
    capture.write_text(raw, encoding="utf-8")
    path = normalize_source(root, source_id, capture)
    head, body, _line = split_front_matter(path.read_text(encoding="utf-8"), path)
    meta = yaml.safe_load(head)
    meta.update(fields)
    path.write_text("---\n" + dump_front_matter(meta) + "---\n" + body, encoding="utf-8")
    normalize_source(root, source_id)


def _common_fields(title: str) -> dict:
    return {
        "title": title,
        "outlet": "Zq Probe Outlet",
        "kind": "blog post",
        "published": "2007-08-20",
        "original_url": "https://example.org/zq/original",
        "archive_url": "https://web.archive.org/web/2007/https://example.org/zq/original",
    }


def write_probes(root: Path) -> None:
    """Every probe into the project at ``root``."""
    text = {number: place.value for number, place in PLACES.items()}
    _add_source(
        root,
        CAPTURE,
        "\n".join(
            [
                text[118],
                text[119],
                "A first paragraph of the capture, in plain words.",  # p1, which 127 would take
                text[127],
                text[120],
                text[121],
                "Another paragraph of the capture, which nobody quotes.",
                "COMMENTS",
                text[122],
                text[123],
                "A reader's comment under the probes, in plain words.",
                "",
            ]
        ),
        {
            **_common_fields(text[109]),
            "title_note": text[110],
            "standfirst": text[111],
            "authors": [
                {"name": text[112], "note": text[113]},
                {"name": "Zq Research and Development Team", "note": None},
                {"name": "Zq Reposter", "note": None, "role": "reposter"},
            ],
            "outlet": text[115],
            "published_note": text[116],
            "original_url": text[124],
            "archive_url": text[125],
            "capture_note": text[117],
            "metadata_lines": [text[118]],
            "furniture": [text[119]],
            "structure": {
                "headings": [text[120], text[127]],
                "quotes": [],
                "comments_heading": "COMMENTS",
                "comments": [{"start": text[122], "header_lines": 2}],
            },
        },
    )
    _add_source(
        root,
        ANONYMOUS,
        "A captured page without a byline, in plain words.\n",
        {**_common_fields("Zq anonymous page"), "authors": [], "authors_note": text[114]},
    )
    _add_source(
        root,
        CONTROL,
        "A captured page whose reader comment holds a control character.\nCOMMENTS\n"
        + text[126]
        + "\n",
        {
            **_common_fields(text[128]),
            "authors": [{"name": "Zq Writer", "note": None}],
            "structure": {
                "headings": [],
                "quotes": [],
                "comments_heading": "COMMENTS",
                "comments": [{"start": text[126]}],
            },
        },
    )
    path = root / "timeline.yaml"
    timeline = yaml.safe_load(path.read_text(encoding="utf-8"))
    timeline["threads"].append({"id": THREAD, "title": text[107], "description": text[108]})
    timeline["people"].append(
        {"id": PERSON, "name": text[104], "role": text[105], "spellings": [text[106]]}
    )
    timeline["events"].append(
        {
            "id": EVENT,
            "date": "2007-08-20",
            "date_note": text[103],
            "title": text[101],
            "summary": text[102],
            "people": [PERSON, "mike-maccana"],
            "thread": THREAD,
            "claims": [{"source": CAPTURE, "quote": text[121], "evidence": "statement"}],
        }
    )
    path.write_text(
        yaml.safe_dump(timeline, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def probed(tmp_path_factory) -> Path:
    """A copy of the project with every probe written in."""
    root = copy_project(tmp_path_factory.mktemp("probed") / "project")
    write_probes(root)
    return root


@pytest.fixture(scope="module")
def generated(probed) -> dict[str, str]:
    """Every file the engine generates for the probed project (in process)."""
    return generate(probed, SITE)[1]


@pytest.fixture(scope="module")
def probed_site(probed, tmp_path_factory) -> Path:
    """The probed project built with MkDocs, strict."""
    out = tmp_path_factory.mktemp("probed-site")
    result = mkdocs(probed, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


def page_file(site: Path, url: str) -> Path:
    return site / url if url.endswith(".html") else site / url / "index.html"


def html_pages(site: Path) -> list[str]:
    """Every generated HTML page, as a URL relative to the site ('' is the home page)."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


# --- the browser visit ---------------------------------------------------------------------------

# Everything on a page that is live markup a probe could have made: an on* attribute (the theme
# writes none), autofocus, a script that calls alert, an image at "x", an SVG or link carrying
# a probe, a link or source with a scheme other than http(s), a link to the probes' evil host,
# and an element Markdown would have made of a probe's syntax (a code span, a link "xN").
EVIDENCE_JS = r"""
(scope) => {
  scope = scope || document;
  const found = [];
  const roots = [scope];
  scope.querySelectorAll("template").forEach((t) => roots.push(t.content));
  const scheme = /^\s*(javascript|data|vbscript):/i;
  for (const root of roots) {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase(), value = attr.value;
        if (name.startsWith("on")) found.push(["on* attribute", tag, name + "=" + value]);
        if (name === "autofocus") found.push(["autofocus", tag, el.outerHTML.slice(0, 300)]);
        if (["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data",
             "poster"].includes(name)) {
          if (scheme.test(value)) found.push(["scheme", tag, name + "=" + value]);
          if (value.includes("evil.example")) found.push(["evil host", tag, name + "=" + value]);
        }
      }
      const text = el.textContent || "";
      if (tag === "script" && !/json/.test(el.type || "") && text.includes("alert("))
        found.push(["script", tag, text.slice(0, 300)]);
      if (tag === "img" && el.getAttribute("src") === "x") found.push(["img", tag, el.outerHTML]);
      // an <svg> a probe made (by its own attributes): the timeline's figure holds probes as text
      const own = el.cloneNode(false).outerHTML;
      if (tag === "svg" && /alert|Zq/.test(own)) found.push(["svg", tag, el.outerHTML]);
      if (tag === "code" && /^code\d+$/.test(text.trim())) found.push(["code", tag, text]);
      if (tag === "a" && /^x\d+$/.test(text.trim()))
        found.push(["link", tag, text + " -> " + (el.getAttribute("href") || "")]);
    }
  }
  const ids = new Map();
  scope.querySelectorAll("[id]").forEach((el) => {
    ids.set(el.id, [...(ids.get(el.id) || []), el]);
  });
  for (const [id, els] of ids) {
    if (els.length > 1) {
      const what = els.map((el) => el.tagName.toLowerCase() + " " + el.textContent.slice(0, 40));
      found.push(["duplicate id", id, what.join(" / ")]);
    }
  }
  return found;
}
"""


@dataclass
class Visit:
    url: str
    dialogs: list[str]
    evidence: list[list[str]]
    text: str
    foreign: list[str]  # requests to anywhere but the test server
    errors: list[str]
    head: dict[str, str]  # the document's title and its meta tags (name or property: content)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(probed_site):
    """The probed site over HTTP on a free loopback port."""
    handler = functools.partial(_Quiet, directory=str(probed_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.handle_error = lambda *args: None  # a page left before it loaded breaks a pipe
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


PAGE_JS = (
    "() => ({evidence: (" + EVIDENCE_JS + ")(document), text: document.body.innerText, "
    "resources: performance.getEntriesByType('resource').map((r) => r.name), "
    "head: Object.fromEntries([['title', document.title], ...[...document.querySelectorAll("
    "'meta[name], meta[property]')].map((m) => [m.name || m.getAttribute('property'), m.content])])"
    "})"
)


@pytest.fixture(scope="module")
def visits(browser, served, probed_site) -> dict[str, Visit]:
    """Every page of the probed site opened in Chromium: the dialogs it opened, the live markup
    found in it, its visible text, what it fetched from elsewhere, its script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # The theme's search worker loads the whole index on every page: searching is tested on its
    # own, below; an idle worker here saves a third of the time the visits take.
    context.route(
        "**/workers/*.js", lambda route: route.fulfill(body="", content_type="text/javascript")
    )
    tab = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    result = {}
    try:
        for url in html_pages(probed_site):
            dialogs.clear()
            errors.clear()
            tab.goto(served + url, wait_until="load")  # images have failed (onerror) by then
            found = tab.evaluate(PAGE_JS)
            result[url] = Visit(
                url,
                list(dialogs),
                found["evidence"],
                " ".join(found["text"].split()),
                [name for name in found["resources"] if not name.startswith(served)],
                list(errors),
                found["head"],
            )
    finally:
        context.close()
    return result


def test_the_detector_finds_probes_that_turned_live(browser):
    """The checks below can fail: the same probes rendered by Markdown without escaping (what a
    broken template would publish) open a dialog, and every kind of live markup is found."""
    import markdown

    live = markdown.markdown(
        "# " + probe(199, blank_line=False) + "\n\n" + probe(199), extensions=["attr_list"]
    )
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.set_content(live + '<h2 id="p1">x</h2><p id="p1">y</p>', wait_until="load")
        kinds = {item[0] for item in tab.evaluate(EVIDENCE_JS)}
    finally:
        context.close()
    assert "199" in dialogs
    assert kinds == {
        "on* attribute",
        "autofocus",
        "scheme",
        "evil host",
        "script",
        "img",
        "svg",
        "code",
        "link",
        "duplicate id",
    }


def _places_in(text: str) -> set[int]:
    """The place numbers a piece of live markup carries ({0} when it carries none)."""
    found = {int(n) for n in re.findall(r"(?<!\d)(1[0-9][0-9])(?!\d)", text)}
    return (found & set(PLACES)) or {0}


def live_markup(visits: dict[str, Visit]) -> dict[int, list[str]]:
    """Place number -> every dialog and piece of live markup it caused, with its page."""
    found: dict[int, list[str]] = {}
    for visit in visits.values():
        items = [f"dialog {message!r}" for message in visit.dialogs]
        items += [f"request to {url}" for url in visit.foreign]
        items += [" ".join(item) for item in visit.evidence]
        for item in items:
            for number in _places_in(item):
                found.setdefault(number, []).append(f"{visit.url or '(home)'}: {item}")
    return found


# --- the pages -----------------------------------------------------------------------------------


def test_the_probed_project_builds_with_every_page(visits, generated):
    """The probes are data like any other: the strict build succeeds, and the pages holding them
    exist (timeline, event, person, each new source, indexes, data, home)."""
    expected = {"", "timeline/", "sources/", "people/", "data/", EVENT_PAGE, PERSON_PAGE}
    expected |= {CAPTURE_PAGE, ANONYMOUS_PAGE, CONTROL_PAGE}
    assert expected <= set(visits)
    assert len(visits) >= len([p for p in generated if p.endswith(".md")])


@pytest.mark.parametrize("number", MARKUP_PARAMS)
def test_a_probe_never_turns_into_markup(visits, number):
    """No page opens a dialog, or holds an attribute, element, script or link made of the probes
    of this place: they stay text wherever they are shown."""
    assert live_markup(visits).get(number, []) == []


def test_no_page_holds_live_markup_from_anywhere_else(visits):
    """Live markup that names no place would come from somewhere the probes did not expect."""
    assert live_markup(visits).get(0, []) == []


@pytest.mark.parametrize("number", TEXT_PARAMS)
def test_a_probe_reads_as_text_on_its_pages(visits, number):
    """Each page showing the field shows the probe as the reader should read it: the same
    characters, whitespace folded."""
    place = PLACES[number]
    missing = [
        (url, shown)
        for url in place.pages
        for shown in place.shown()
        if " ".join(shown.split()) not in visits[url].text
    ]
    assert missing == []


def test_titles_and_meta_tags_hold_the_probes_as_text(visits):
    """The browser's title for a page and its meta tags (read by other sites and reference
    managers) give the probed title as text."""
    for url, number in ((EVENT_PAGE, 101), (PERSON_PAGE, 104), (CAPTURE_PAGE, 109)):
        folded = " ".join(PLACES[number].value.split())
        head = visits[url].head
        assert head["title"].startswith(folded + " - "), url
        assert " ".join(head["og:title"].split()) == folded, url
    # (HTML reads a carriage return as a line end)
    assert visits[CAPTURE_PAGE].head["citation_title"] == PLACES[109].value.replace("\r", "\n")
    assert visits[CAPTURE_PAGE].head["citation_publisher"] == PLACES[115].value.replace("\r", "\n")
    description = visits[PERSON_PAGE].head["description"]
    assert description.startswith("Zq104 <script>alert(104)</script> <img src=x onerror")


def test_pages_raise_no_script_error(visits):
    """The probes break none of the site's own scripts."""
    assert {url: v.errors for url, v in visits.items() if v.errors} == {}


def test_searching_for_a_probe_shows_it_as_text(browser, served):
    """The search index holds the probes' text; the results list shows it as text. (Live markup
    from the pages of a known engine bug, tested above, is left out here.)"""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.goto(served + "timeline/")
        tab.locator(".md-search__input").first.click()
        tab.keyboard.type("onerror")
        tab.locator(".md-search-result__item").first.wait_for()
        tab.wait_for_timeout(100)
        results = tab.locator(".md-search-result").inner_text()
        evidence = tab.evaluate(EVIDENCE_JS)
    finally:
        context.close()
    found = [f"dialog {message!r}" for message in dialogs] + [" ".join(e) for e in evidence]
    assert [item for item in found if not _places_in(item) <= set(ENGINE_BUGS)] == []
    assert "onerror=alert(" in results


def test_a_paragraphs_cite_box_shows_the_probes_as_text(browser, served):
    """cite.js fills a paragraph's cite box from data/passages/<id>.json: the quoted probe shows
    in each format as text, and nothing in the box is live."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        tab.goto(served + CAPTURE_PAGE)
        paragraph = tab.locator(".para", has_text="Zq121").first
        anchor = paragraph.get_attribute("id")
        paragraph.hover()
        paragraph.locator("a.para-cite").click()
        box = tab.locator(f"#cite-{anchor}")
        box.wait_for()
        ris = tab.text_content(f"#cite-{anchor}-ris")
        evidence = box.evaluate(EVIDENCE_JS)
    finally:
        context.close()
    assert dialogs == [] and evidence == []
    assert f"N1  - Quoted passage: “{' '.join(PLACES[121].value.split())}”" in ris
    assert f"TI  - {' '.join(PLACES[109].value.split())}" in ris


# --- front matter --------------------------------------------------------------------------------


def _front_matter_pages(generated: dict[str, str]) -> list[str]:
    return sorted(p for p in generated if p.endswith(".md"))


def _front_matter_read(text: str) -> dict:
    from mkdocs.utils.meta import get_data

    return get_data(text)[1]


def test_every_generated_page_keeps_its_front_matter(generated):
    """MkDocs reads each generated page's front matter as front matter (title, description,
    JSON-LD...): were it unreadable, MkDocs would print it into the page as Markdown."""
    broken = [
        path
        for path in _front_matter_pages(generated)
        if path != f"sources/{CONTROL}.md" and "title" not in _front_matter_read(generated[path])
    ]
    assert broken == []


def test_a_control_character_in_captured_text_keeps_the_front_matter(generated):
    """The page of a source whose reader comment holds a DEL keeps its front matter."""
    meta = _front_matter_read(generated[f"sources/{CONTROL}.md"])
    assert meta.get("title") == html.escape(PLACES[128].value)


def test_a_control_character_in_an_event_title_keeps_the_front_matter(tmp_path):
    """An event title with a control character (YAML's "\\x7f") still gives a page whose front
    matter MkDocs reads, and the title's markup stays text."""
    root = copy_project(tmp_path / "project")
    path = root / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    title = "title: Hellwig answers Amsden on the Linux kernel mailing list"
    assert title in text
    path.write_text(
        text.replace(title, 'title: "Hellwig\\x7f <img src=x onerror=alert(1)> answers"', 1),
        encoding="utf-8",
    )
    files = generate(root, SITE)[1]
    from mkdocs.utils.meta import get_data

    for page in ("timeline/hellwig-replies-to-amsden-on-lkml.md", "timeline/index.md"):
        body, meta = get_data(files[page])
        assert "title" in meta, page
        assert "<img" not in body, page


# --- summaries: the links the check step refuses ------------------------------------------------

REFUSED_LINKS = [
    "[x](javascript:alert(1))",
    "[x](JavaScript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](//evil.example/)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "![x](https://evil.example/x.png)",
]


@pytest.mark.parametrize("link", REFUSED_LINKS)
def test_a_summary_link_that_is_not_http_or_a_page_here_is_refused(project, link):
    """A summary linking to javascript:, data:, vbscript: or another host without a scheme, or
    showing an image, stops the build with a message."""
    path = project / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "    summary: >-\n      Peetz's 2013 post recalls"
    assert anchor in text
    block = (
        "    summary: |-\n      "
        + link.replace("\n", "\n      ")
        + "\n      Peetz's 2013 post recalls"
    )
    path.write_text(text.replace(anchor, block, 1), encoding="utf-8")
    report = problems_of(project)
    assert "the summary" in report


@pytest.mark.parametrize("link", [*REFUSED_LINKS, "[x](javascript&#58;alert(1))"])
def test_a_refused_summary_link_would_render_as_text(link):
    """Should one get past the check, the renderer still writes no such link or image."""
    rendered = summary_html(link, "timeline/x/")
    assert not re.search(r"(href|src)=\"\s*(javascript|data|vbscript):", rendered, re.I)
    assert "evil.example" not in re.sub(r">[^<]*<", "><", rendered)  # not in any attribute
    assert "<img" not in rendered


# --- data files ----------------------------------------------------------------------------------


def test_no_csv_cell_starts_a_formula(generated):
    """data/timeline.csv: a cell a spreadsheet would read as a formula starts with an apostrophe
    instead; the probed values are kept after it."""
    rows = list(csv.reader(io.StringIO(generated["data/timeline.csv"], newline="")))
    assert all(len(row) == len(rows[0]) for row in rows)
    formulas = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
    assert formulas == []
    row = next(dict(zip(rows[0], r, strict=True)) for r in rows if r[0] == EVENT)
    assert row["title"] == "'" + PLACES[101].value
    assert row["summary"] == "'" + PLACES[102].value
    assert row["date_note"] == "'" + PLACES[103].value
    assert row["source_title"] == "'" + PLACES[109].value
    assert row["quote"] == "'" + PLACES[121].value


def _bib_fields(entry_text: str) -> list[str]:
    return re.findall(r"^  ([a-z]+) = ", entry_text, re.M)


def test_the_bibliography_parses_with_every_entry_and_field(generated, probed):
    """data/sources.bib parses (pybtex, strict) with one entry per source, every field of the
    probed source present, and its title and outlet kept character for character."""
    import pybtex.errors
    from pybtex.database import parse_string

    pybtex.errors.set_strict_mode(True)
    text = generated["data/sources.bib"]
    bib = parse_string(text, "bibtex")
    sources = sorted(p.stem for p in (probed / "sources").glob("*.md"))
    assert sorted(bib.entries) == sources
    entry = bib.entries[CAPTURE]
    written = _bib_fields(text.split(f"@online{{{CAPTURE},")[1].split("\n}")[0])
    assert sorted([*entry.fields, *entry.persons]) == sorted(written)
    assert untex(entry.fields["title"]) == " ".join(PLACES[109].value.split())
    assert untex(entry.fields["organization"]) == " ".join(PLACES[115].value.split())


def test_the_bibliography_keeps_author_names_whole(generated):
    """The two authors of the probed source (one with a comma in its name, one with 'and') are
    two authors, and keep their names."""
    from pybtex.database import parse_string

    entry = parse_string(generated["data/sources.bib"], "bibtex").entries[CAPTURE]
    names = [
        untex(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
        for p in entry.persons["author"]
    ]
    assert names == [" ".join(PLACES[112].value.split()), "Zq Research and Development Team"]


def _passages(generated: dict[str, str], source_id: str) -> dict:
    return json.loads(generated[f"data/passages/{source_id}.json"])


def test_passage_citations_parse_as_bibtex_and_ris(generated):
    """Each paragraph's citations of the probed source: the BibTeX parses (pybtex), the RIS
    (rispy) and the CSL-JSON as one complete entry, the Wikipedia template has exactly its own
    braces and parameters, and the probe is kept in the quote."""
    import rispy
    from pybtex.database import parse_string

    day = SITE.build_date
    passages = _passages(generated, CAPTURE)
    assert passages
    for anchor, citations in passages.items():
        bib = parse_string(fill_access(citations["bibtex"], day), "bibtex")
        assert list(bib.entries) == [f"{CAPTURE}-{anchor}"]
        entries = rispy.loads(fill_access(citations["ris"], day))
        assert len(entries) == 1
        entry = entries[0]
        title = " ".join(PLACES[109].value.split())
        comment = entry["title"] != title  # a reader comment is cited as a comment on the text
        assert entry["type_of_reference"] == "BLOG"
        assert entry["title"] == (f"Comment on “{title}”" if comment else title)
        assert entry["secondary_title"] == " ".join(PLACES[115].value.split())
        assert entry["urls"] == [PLACES[124].value]
        csl = json.loads(fill_access(citations["csl-json"], day))
        assert len(csl) == 1
        if comment:
            assert csl[0]["type"] == "post" and title in csl[0]["genre"]
        else:
            assert csl[0]["title"] == title
        wiki = citations["wikipedia"]
        assert wiki.startswith("{{cite web |") and wiki.endswith("}}")
        assert wiki.count("{{") == wiki.count("}}") == 1
        assert all(re.match(r"^[a-z0-9-]+=", param) for param in wiki[12:-2].split(" |"))
    quoted = next(c for c in passages.values() if "Zq121" in c["ris"])
    note = rispy.loads(fill_access(quoted["ris"], day))[0]["notes"]
    assert note[-1] == f"Quoted passage: “{' '.join(PLACES[121].value.split())}”"


def _json_ld(html_text: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html_text, re.S)


def test_every_json_ld_block_parses(probed_site):
    """Every page of the record has one JSON-LD block, and every block parses: no probe ends the
    <script> early. (The page of the control character is tested below.)"""
    bad = {}
    for url in html_pages(probed_site):
        if url == CONTROL_PAGE:
            continue
        blocks = _json_ld(page_file(probed_site, url).read_text(encoding="utf-8"))
        try:
            assert len(blocks) == (0 if url == "404.html" else 1)
            [json.loads(block) for block in blocks]
        except (AssertionError, ValueError) as exc:
            bad[url] = repr(exc)
    assert bad == {}
    event = json.loads(_json_ld(page_file(probed_site, EVENT_PAGE).read_text("utf-8"))[0])
    assert event["name"] == PLACES[101].value
    assert event["subjectOf"][0]["text"] == PLACES[121].value
    person = json.loads(_json_ld(page_file(probed_site, PERSON_PAGE).read_text("utf-8"))[0])
    assert (person["name"], person["description"]) == (PLACES[104].value, PLACES[105].value)


def test_the_json_ld_of_a_source_with_a_control_character_parses(probed_site):
    blocks = _json_ld(page_file(probed_site, CONTROL_PAGE).read_text(encoding="utf-8"))
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "BlogPosting"  # not the WebPage the hook gives a page without one
    assert data["comment"][0]["text"] == PLACES[126].value


def test_timeline_json_keeps_every_probe_exactly(generated):
    """data/timeline.json is valid JSON holding each probed value exactly as written."""
    data = json.loads(generated["data/timeline.json"])
    event = next(e for e in data["events"] if e["id"] == EVENT)
    assert (event["title"], event["summary"], event["date_note"]) == (
        PLACES[101].value,
        PLACES[102].value,
        PLACES[103].value,
    )
    assert event["claims"][0]["quote"] == PLACES[121].value
    person = next(p for p in data["people"] if p["id"] == PERSON)
    assert (person["name"], person["role"], person["spellings"]) == (
        PLACES[104].value,
        PLACES[105].value,
        [PLACES[106].value],
    )
    thread = next(t for t in data["threads"] if t["id"] == THREAD)
    assert (thread["title"], thread["description"]) == (PLACES[107].value, PLACES[108].value)
    source = next(s for s in data["sources"] if s["id"] == CAPTURE)
    for key, number in [
        ("title", 109),
        ("title_note", 110),
        ("standfirst", 111),
        ("outlet", 115),
        ("published_note", 116),
        ("capture_note", 117),
        ("url", 124),
        ("archive_url", 125),
    ]:
        assert source[key] == PLACES[number].value, key
    assert source["authors"] == [PLACES[112].value, "Zq Research and Development Team"]
    assert [a["name"] for a in source["attributions"]] == [
        PLACES[112].value,
        "Zq Research and Development Team",
        "Zq Reposter",
    ]
    anonymous = next(s for s in data["sources"] if s["id"] == ANONYMOUS)
    assert anonymous["authors_note"] == PLACES[114].value


def test_the_calendar_keeps_the_probed_event(generated):
    """data/timeline.ics parses (icalendar) and gives the probed title back, line ends and all."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(generated["data/timeline.ics"])
    titles = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT") if str(e["UID"]) == EVENT]
    assert titles == [PLACES[101].value.replace("\r", "\n")]  # iCalendar has one line end
