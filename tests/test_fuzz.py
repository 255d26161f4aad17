"""Fuzzing: whatever a maintainer (or a bad merge, a broken editor, a truncated download) leaves in
the data files, the build ends in a built site or in the project's own ``RecordError``, a list of
problems each naming its file and what is wrong: never a traceback from deep in the engine.

The inputs are (a) arbitrary bytes and text (invalid UTF-8, byte-order marks, control characters,
YAML syntax, deep nesting), (b) the real data rebuilt from Hypothesis strategies that mirror its
shapes (threads, people, events, claims, provenance, registry entries) with fields of the right
and of the wrong types, EDTF-like dates, huge and empty strings, and (c) the real files with lines
deleted, duplicated, swapped or re-indented, characters changed, or the file cut short.

Each example is a temporary project that links the repository's data (copied once per module) and
rewrites only the file under test; the engine runs in process (``generate``: load, check, link,
render), and the loader of that file is run alone as well.

The engine bugs this found are fixed; each is kept below as a regular test (a minimal
reproduction). Should a new one be found before it is fixed: add a test for it marked
``xfail(strict=True)`` and its signature to ``KNOWN_BUGS`` (the exception and the engine function
raising it), so that the properties tolerate it and keep looking for others; once it is fixed,
remove the mark and the entry.

Runs are derandomized, so CI is reproducible. For a long session, set FUZZ_EXAMPLES:

    FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -q tests/test_fuzz.py \\
        --hypothesis-show-statistics
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SITE, generate
from record.dates import DateError, RecordDate
from record.errors import Problem, RecordError
from record.load.registry import load_registry
from record.load.sources import KINDS, load_source
from record.load.timeline import load_timeline
from record.load.yamlfile import read_yaml
from record.publish import site_from_config

# --- how long to fuzz -----------------------------------------------------------------------------

LONG = int(os.environ.get("FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int):
    """``examples`` per property in `make test` (the file stays under some 20 seconds), or
    FUZZ_EXAMPLES for a long, randomized session."""
    return settings(
        max_examples=LONG or examples,
        deadline=None,
        derandomize=not LONG,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# --- the real data, the pools the strategies draw from --------------------------------------------

ENGINE = ROOT / "scripts" / "record"
SOURCE_FILES = sorted(f"sources/{p.name}" for p in (ROOT / "sources").glob("*.md"))
REAL_TEXT = {
    rel: (ROOT / rel).read_text(encoding="utf-8")
    for rel in ("timeline.yaml", "registry.yaml", "mkdocs.yml", *SOURCE_FILES)
}
TIMELINE = yaml.safe_load(REAL_TEXT["timeline.yaml"])
REGISTRY = yaml.safe_load(REAL_TEXT["registry.yaml"])
THREAD_IDS = [t["id"] for t in TIMELINE["threads"]]
PERSON_IDS = [p["id"] for p in TIMELINE["people"]]
EVENT_IDS = [e["id"] for e in TIMELINE["events"]]
SOURCE_IDS = [Path(rel).stem for rel in SOURCE_FILES]
CLAIMS = [claim for e in TIMELINE["events"] for claim in e.get("claims", [])]


def split_source(text: str) -> tuple[str, str]:
    """A source file as (front matter YAML, body)."""
    head, _, body = text[len("---\n") :].partition("\n---\n")
    return head, body


FRONT_MATTER = {rel: yaml.safe_load(split_source(REAL_TEXT[rel])[0]) for rel in SOURCE_FILES}
RAW_LINES = {
    rel: [
        line.strip()
        for line in (ROOT / "sources" / "raw" / f"{Path(rel).stem}.txt")
        .read_text(encoding="utf-8")
        .split("\n")
        if line.strip()
    ]
    for rel in SOURCE_FILES
}


FIRST_DATE = 'date: "1991"'  # the first event's
FIRST_DATE_LINE = (
    REAL_TEXT["timeline.yaml"][: REAL_TEXT["timeline.yaml"].index(FIRST_DATE)].count("\n") + 1
)


def with_first_event_date(date: str) -> str:
    """The real timeline with its first event's date replaced."""
    return REAL_TEXT["timeline.yaml"].replace(FIRST_DATE, f'date: "{date}"', 1)


# --- a throwaway project per example --------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """The repository's data, copied once: every example's project links to it."""
    dest = tmp_path_factory.mktemp("pristine")
    for name in ("sources", "docs", "analysis"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns(".*"))
    for name in ("timeline.yaml", "registry.yaml", "mkdocs.yml"):
        shutil.copy2(ROOT / name, dest / name)
    return dest


@contextmanager
def project_with(pristine: Path, rel: str, content: bytes | str) -> Iterator[Path]:
    """A temporary project whose files are links to ``pristine``'s, but ``rel`` holds
    ``content``."""
    with tempfile.TemporaryDirectory(dir=pristine.parent, prefix="example-") as folder:
        root = Path(folder)
        (root / "sources").mkdir()
        (root / "sources" / "raw").symlink_to(pristine / "sources" / "raw")
        for path in (pristine / "sources").glob("*.md"):
            (root / "sources" / path.name).symlink_to(path)
        for name in ("timeline.yaml", "registry.yaml", "mkdocs.yml", "docs", "analysis"):
            (root / name).symlink_to(pristine / name)
        (root / rel).unlink()
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
        (root / rel).write_bytes(data)
        yield root


# --- the property ---------------------------------------------------------------------------------


def engine_frame(exc: BaseException) -> tuple[str, str]:
    """The innermost frame of the engine (scripts/record) the exception passed through:
    (file under scripts/record, function)."""
    found = ("?", "?")
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(ENGINE):
            found = (path.relative_to(ENGINE).as_posix(), frame.name)
    return found


# Crashes found by this file and not fixed yet, each reproduced by an xfail test:
# (exception, engine file, engine function) -> test. Tolerated in the properties, so that they
# keep looking for new bugs. (Crashes found and fixed are kept as tests and @examples.)
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def yaml_lines(data: bytes | str) -> int:
    """How many lines YAML counts in ``data``: PyYAML also breaks lines at a lone CR, NEL, LS and
    PS, which editors do not (see test_a_problem_after_a_unicode_line_separator)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.replace("\r\n", "\n")
    return 1 + sum(text.count(c) for c in "\n\r\x85\u2028\u2029")


@contextmanager
def known_bugs_tolerated() -> Iterator[None]:
    """Let a crash through unless it is one of ``KNOWN_BUGS`` (counted in the statistics)."""
    try:
        yield
    except Exception as exc:
        signature = (type(exc).__name__, *engine_frame(exc))
        if signature not in KNOWN_BUGS:
            raise
        event(f"known engine bug: {' '.join(signature)}")


def assert_well_formed(problems: list) -> None:
    """Every problem says in which file, and what is wrong (and can be printed)."""
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem), problem
        assert isinstance(problem.file, str) and problem.file.strip(), problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
        assert str(problem)


def loader_problems(root: Path, rel: str) -> list[Problem]:
    """The problems of the loader of ``rel`` alone."""
    if rel == "timeline.yaml":
        return load_timeline(root / rel, root)[1]
    if rel == "registry.yaml":
        return load_registry(root / rel)[1]
    if rel == "mkdocs.yml":
        try:
            site_from_config(root)
        except RecordError as exc:
            return exc.problems
        return []
    return load_source(root / rel, root)[1]


def assert_problems_or_success(pristine: Path, rel: str, content: bytes | str) -> None:
    """The property: with ``rel`` holding ``content``, its loader returns well-formed problems,
    and the whole build (load, check, link, render) succeeds or raises RecordError with
    well-formed problems."""
    data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
    last_line = yaml_lines(data)
    with project_with(pristine, rel, data) as root:
        with known_bugs_tolerated():
            problems = loader_problems(root, rel)
            assert_well_formed(problems)
            # A parser may point just past the last line, never further.
            assert all(p.line is None or p.line <= last_line + 1 for p in problems), problems
        if rel == "mkdocs.yml":
            return  # read by MkDocs and publish(), not by generate()
        with known_bugs_tolerated():
            try:
                _record, files = generate(root, SITE)
            except RecordError as exc:
                assert exc.problems, "a RecordError without a problem"
                assert_well_formed(exc.problems)
                here = [p for p in exc.problems if p.file == rel]
                assert all(p.line is None or p.line <= last_line + 1 for p in here), here
                event("build: RecordError")
            else:
                assert "timeline/index.md" in files
                event("build: success")


# --- (a) any bytes and text -----------------------------------------------------------------------

BAD_BYTES = [
    b"\xef\xbb\xbf",  # a UTF-8 byte-order mark
    b"\xff\xfe",  # a UTF-16 one
    b"\x80",  # a continuation byte alone
    b"\xc3",  # a sequence cut short
    b"\xc0\xaf",  # an overlong encoding
    b"\xed\xa0\x80",  # a surrogate
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\x00",
]
ODD_CHARACTERS = (
    "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\u00a0\u2028\u2029\ufeff\u200b\ue000\ue001\U0001f600"
)
YAML_PIECES = [
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "#",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!set ",
    "!!binary ",
    "!!omap ",
    "!!python/object:os.system ",
    "!custom ",
    "? ",
    "? [a]\n: 1\n",
    "? {a: 1}\n: 1\n",
    "? !!set {a}\n: 1\n",
    "? !!binary aGk=\n: 1\n",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "<<: ",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "id: ",
    "date: ",
    "events:\n",
    "threads:\n",
    "people:\n",
    "claims:\n",
    "quote: ",
    "2007-08-13",
    "0000",
    "~",
    "null",
    "yes",
    ".nan",
    "1e400",
    "0x1F",
]

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80) | st.text(
    st.sampled_from(ODD_CHARACTERS + "ab :-\n"), max_size=40
)
yamlish = st.lists(st.sampled_from(YAML_PIECES) | texts, max_size=30).map("".join)


def nested(depth: int, kind: str) -> str:
    """YAML nested ``depth`` levels deep (far below what crashes libyaml's C parser itself)."""
    if kind == "flow list":
        return "[" * depth + "]" * depth
    if kind == "flow map":
        return "a: " + "{a: " * depth + "}" * depth
    return "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "b"


deep_yaml = st.builds(
    nested, st.integers(1, 3000), st.sampled_from(["flow list", "flow map", "block map"])
)


@st.composite
def spliced(draw, real: str) -> bytes:
    """A real file with bad bytes or odd text put in somewhere."""
    data = real.encode("utf-8")
    at = draw(st.integers(0, len(data)))
    piece = draw(st.sampled_from(BAD_BYTES) | texts.map(lambda t: t.encode("utf-8")))
    return data[:at] + piece + data[at:]


BODY_PIECES = [
    "\n",
    "\n\n",
    "## ",
    "### ",
    "#### ",
    "##### ",
    " {#c1}",
    " {#c1-2}",
    " {#p1}",
    " {#x}",
    "> ",
    ">\n",
    "- ",
    "1. ",
    "2) ",
    "0. ",
    "\\",
    "\\*",
    " · ",
    "author not captured",
    "August 15, 2007",
    "February 30, 2007",
    "e\u0301",  # not NFC
    "[ ]",
]
# A body in the form the normalizer writes: headings, comment headings, quotes, list items.
bodies = st.lists(
    st.sampled_from(BODY_PIECES)
    | texts
    | st.integers(1, 6000).map(lambda n: "1" * n + ". An item.\n"),
    max_size=40,
).map("".join)


def any_bytes(rel: str) -> st.SearchStrategy[bytes]:
    """Arbitrary content for ``rel``; for a source, also inside an otherwise good front matter,
    or as the body under the real front matter."""
    whole = st.one_of(
        st.binary(max_size=1000),
        texts.map(lambda t: t.encode("utf-8")),
        yamlish.map(lambda t: t.encode("utf-8")),
        st.tuples(st.sampled_from(BAD_BYTES), yamlish).map(lambda p: p[0] + p[1].encode()),
        deep_yaml.map(str.encode),
        spliced(REAL_TEXT[rel]),
    )
    if not rel.startswith("sources/"):
        return whole
    head, body = split_source(REAL_TEXT[rel])
    return st.one_of(
        whole,
        st.one_of(texts, yamlish, deep_yaml).map(lambda fuzz: f"---\n{fuzz}\n---\n{body}".encode()),
        bodies.map(lambda fuzz: f"---\n{head}\n---\n{fuzz}".encode()),
    )


@pytest.mark.parametrize("rel", ["timeline.yaml", "registry.yaml", SOURCE_FILES[0], "mkdocs.yml"])
@fuzz_settings(40)
@given(data=st.data())
def test_any_bytes_in_a_data_file_give_problems_not_a_crash(pristine, rel, data):
    """Whatever bytes a data file holds (not UTF-8, a byte-order mark, control characters,
    broken or hostile YAML), the build reports problems; it never crashes."""
    assert_problems_or_success(pristine, rel, data.draw(any_bytes(rel), label="content"))


# --- (b) the real shapes, rebuilt from strategies -------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    texts,
)
hashable_keys = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.none(), st.dates())


def containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=3) | st.dictionaries(hashable_keys, inner, max_size=3)


anything = st.recursive(scalars, containers, max_leaves=8)
huge = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(1000, 5000))
prose = st.one_of(texts, huge, st.sampled_from(["", " ", "\n", "TODO: fill this", "\t\n "]))
MARKDOWN = [
    "*em* ",
    "**strong** ",
    "`code` ",
    "[a link](https://example.com/) ",
    "[ours](sources/register-2007/#p3) ",
    "[up](../../etc/passwd) ",
    "[js](javascript:alert(1)) ",
    "[proto](//evil.example/) ",
    "![image](x.png) ",
    "[ref][r]\n\n[r]: javascript:alert(1)\n",
    "<script>alert(1)</script> ",
    "<b onclick=x>b</b> ",
    "&amp; &#0; &#x110000; ",
    "\n\n# heading {: onfocus=x }\n\n",
    "\n    indented code\n",
    "\n- item\n",
    "\n> quote\n",
    "{#id} ",
    "[ ] ",
    "\\",
    "---\n",
    "\ue000chicago\ue001 ",
]
summaries = prose | st.lists(st.sampled_from(MARKDOWN) | texts, max_size=8).map("".join)
slugs = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
bad_ids = st.sampled_from(
    ["", "Index", "index", "a--b", "-a", "a-", "a/b", "..", "../x", "a b", "a.md", "é", "p1"]
)
ids = st.one_of(slugs, bad_ids, texts, scalars)


def digits(low: int, high: int, width: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:0{width}d}")


year = st.one_of(digits(0, 9999, 4), st.sampled_from(["0000", "9999", "1991", "2007", "0001"]))
day_text = st.builds(
    lambda y, m, d, q: y + (f"-{m}" if m else "") + (f"-{d}" if m and d else "") + q,
    year,
    st.none() | digits(0, 13, 2),
    st.none() | digits(0, 32, 2),
    st.sampled_from(["", "", "?", "~", "%", "??", "X", " "]),
)
edtf_like = st.one_of(
    day_text,
    day_text.map(lambda d: f"[..{d}]"),
    day_text.map(lambda d: f"[{d}..]"),
    st.tuples(day_text, day_text).map(lambda p: f"[{p[0]}..{p[1]}]"),
    st.tuples(day_text | st.just(".."), day_text | st.just("..")).map("/".join),
    st.text(st.sampled_from("0123456789-/.[]?~%X "), max_size=25),
)
dates = st.one_of(edtf_like, edtf_like, st.dates(), st.integers(-10, 100000), scalars)


def either(good: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a value of the right shape, sometimes anything at all."""
    return st.one_of(good, good, good, anything)


def id_lists(pool: list[str]) -> st.SearchStrategy:
    return either(st.lists(st.sampled_from(pool) | ids, max_size=4))


claims = either(
    st.fixed_dictionaries(
        {},
        optional={
            "source": either(st.sampled_from(SOURCE_IDS) | ids),
            "quote": either(st.sampled_from([c["quote"] for c in CLAIMS]) | prose),
            "paragraph": either(digits(0, 300, 1).map(lambda n: f"p{n}") | ids),
            "evidence": either(st.sampled_from(["statement", "report"]) | ids),
            "note": anything,
        },
    )
)
real_claims = st.sampled_from(CLAIMS).map(dict)

TIMELINE_FIELDS = {
    "threads": {
        "id": either(st.sampled_from(THREAD_IDS) | ids),
        "title": either(prose),
        "description": either(prose),
    },
    "people": {
        "id": either(st.sampled_from(PERSON_IDS) | ids),
        "name": either(prose),
        "role": either(prose),
        "spellings": either(st.lists(prose, max_size=4)),
    },
    "events": {
        "id": either(st.sampled_from(EVENT_IDS) | ids),
        "date": dates,
        "date_note": either(prose),
        "title": either(prose),
        "summary": either(summaries),
        "people": id_lists(PERSON_IDS),
        "thread": either(st.sampled_from(THREAD_IDS) | ids),
        "claims": either(st.lists(real_claims | claims, max_size=4)),
    },
}
UNKNOWN_FIELDS = st.sampled_from(["date_qualifier", "Title", "note", "", "id ", "tags"]) | ids


@st.composite
def edited(draw, entries: list, fields: dict, label: str) -> list:
    """``entries`` (a list of mappings) after a few edits: a field set to a generated value (of
    the right type or not) or removed, an unknown field added, an entry added, removed or
    duplicated."""
    entries = copy.deepcopy(entries)
    for _ in range(draw(st.integers(0, 4), label=f"{label} edits")):
        action = draw(st.sampled_from(["set", "set", "drop", "unknown", "add", "remove", "copy"]))
        if action == "add" or not entries:
            entries.append(draw(st.fixed_dictionaries({}, optional=fields)))
            continue
        index = draw(st.integers(0, len(entries) - 1))
        entry = entries[index]
        if action == "remove":
            del entries[index]
        elif action == "copy":
            entries.insert(index, copy.deepcopy(entry))
        elif not isinstance(entry, dict):
            continue
        elif action == "set":
            key = draw(st.sampled_from(sorted(fields)))
            entry[key] = draw(fields[key])
        elif action == "drop" and entry:
            del entry[draw(st.sampled_from(sorted(entry, key=str)))]
        elif action == "unknown":
            entry[draw(UNKNOWN_FIELDS)] = draw(anything)
    return entries


@st.composite
def claim_edits(draw, events: list) -> list:
    """Edits inside the claims of an event or two."""
    for _ in range(draw(st.integers(0, 2))):
        good = [e for e in events if isinstance(e, dict) and isinstance(e.get("claims"), list)]
        if not good:
            break
        event_ = draw(st.sampled_from(good))
        fields = {
            "source": either(st.sampled_from(SOURCE_IDS) | ids),
            "quote": either(st.sampled_from([c["quote"] for c in CLAIMS]) | prose),
            "paragraph": either(digits(0, 300, 1).map(lambda n: f"p{n}") | ids),
            "evidence": either(st.sampled_from(["statement", "report"]) | ids),
        }
        event_["claims"] = draw(edited(event_["claims"], fields, "claim"))
    return events


def dumped(data: object) -> st.SearchStrategy[str]:
    """``data`` written as YAML, in one of the styles PyYAML writes."""
    return st.builds(
        lambda flow, uni, width: yaml.safe_dump(
            data, sort_keys=False, default_flow_style=flow, allow_unicode=uni, width=width
        ),
        st.sampled_from([False, None, True]),
        st.booleans(),
        st.sampled_from([80, 100, 10_000]),
    )


# Values a build accepts, for the fields the pages, citations and data files print.
shown = st.builds(
    lambda first, rest: first + rest,
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    texts | huge | summaries,
)
real_dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-12", "9999", "0001", "2007-08-13?"]),
    st.tuples(st.dates(), st.dates()).map(lambda p: "[{}..{}]".format(*sorted(p))),
    st.dates().map(lambda d: f"[..{d.isoformat()}]"),
    st.tuples(st.dates(), st.dates()).map(lambda p: "{}/{}".format(*sorted(p))),
)
SHOWN_FIELDS = {
    "threads": {"title": shown, "description": shown},
    "people": {"name": shown, "role": shown, "spellings": st.lists(shown, max_size=3)},
    "events": {"title": shown, "summary": shown, "date_note": shown, "date": real_dates},
}


@st.composite
def shown_edits(draw, data: dict) -> None:
    """Edits the build accepts, so that they are rendered: any text where text is shown, any
    real date (with a note, which a bounded date needs)."""
    for _ in range(draw(st.integers(1, 6), label="shown edits")):
        part = draw(st.sampled_from(sorted(SHOWN_FIELDS)))
        entry = data[part][draw(st.integers(0, len(data[part]) - 1))]
        key = draw(st.sampled_from(sorted(SHOWN_FIELDS[part])))
        entry[key] = draw(SHOWN_FIELDS[part][key], label=f"{part} {key}")
        if key == "date":
            entry["date_note"] = draw(shown, label="date_note")


@st.composite
def timelines(draw) -> str:
    """The real timeline with threads, people, events and claims edited, written as YAML. Half
    the time the edits are ones the build accepts, so that the pages are rendered."""
    data = copy.deepcopy(TIMELINE)
    if draw(st.booleans(), label="accepted edits only"):
        draw(shown_edits(data))
        return draw(dumped(data))
    for part, fields in TIMELINE_FIELDS.items():
        data[part] = draw(edited(data[part], {k: v for k, v in fields.items()}, part))
    data["events"] = draw(claim_edits(data["events"]))
    for part in draw(st.lists(st.sampled_from(sorted(TIMELINE_FIELDS)), max_size=1)):
        data[part] = draw(anything)  # a whole part of the wrong shape
    if draw(st.integers(0, 9)) == 0:
        data[draw(UNKNOWN_FIELDS)] = draw(anything)
    return draw(dumped(data))


@fuzz_settings(40)
@given(text=timelines())
@example(text=with_first_event_date("[0000..2007]"))  # was a ValueError in dates.py (fixed)
@example(text=with_first_event_date("0000-01-01"))  # was a ValueError in timeline_ics (fixed)
def test_any_timeline_of_the_right_shape_or_not_builds_or_reports(pristine, text):
    """A timeline.yaml of threads, people, events and claims, with fields of the right or the
    wrong type (ids, EDTF-like dates, lists for text, huge or empty text, any Unicode, Markdown
    in summaries) is built or refused with problems, rendering included."""
    assert_problems_or_success(pristine, "timeline.yaml", text)


urls = st.one_of(
    st.sampled_from(["https://example.com/a", "http://x", "ftp://x/y", "javascript:alert(1)"]),
    st.sampled_from(["https://", "http:// x", "TODO: the address", "https://a.b/" + "x" * 5000]),
    texts.map(lambda t: "https://example.org/" + t),
)
authors = st.lists(
    st.fixed_dictionaries(
        {"name": either(prose)},
        optional={"note": either(prose), "role": either(st.just("reposter") | prose)},
    ),
    max_size=4,
)


def front_matter_fields(rel: str) -> dict:
    lines = RAW_LINES[rel]
    # Comment starts near the end of the capture, where a header of several lines runs out.
    starts = st.sampled_from(lines[-8:]) | st.sampled_from(lines) | prose
    comment = st.fixed_dictionaries(
        {"start": either(starts)},
        optional={"header_lines": either(st.integers(-1, 6)), "reply": either(st.booleans())},
    )
    structure = st.fixed_dictionaries(
        {},
        optional={
            "headings": either(st.lists(st.sampled_from(lines) | prose, max_size=3)),
            "quotes": either(st.lists(st.sampled_from(lines) | prose, max_size=3)),
            "comments": either(st.lists(comment, max_size=4)),
            "comments_heading": either(st.sampled_from(lines) | prose),
            "blogger_comments_from": either(st.sampled_from(lines) | prose),
            "extra": anything,
        },
    )
    captured = either(st.lists(st.sampled_from(lines) | prose, max_size=4))
    return {
        "id": either(st.sampled_from(SOURCE_IDS) | ids),
        "title": either(prose | summaries),
        "authors": either(authors),
        "outlet": either(prose | summaries),
        "kind": either(st.sampled_from(KINDS) | prose),
        "published": dates,
        "original_url": either(urls),
        "archive_url": either(urls),
        "added": dates,
        "captured_sha256": either(st.text("0123456789abcdef", min_size=64, max_size=64) | prose),
        "furniture": captured,
        "metadata_lines": captured,
        "structure": either(structure),
        "title_note": either(prose),
        "standfirst": either(prose),
        "authors_note": either(prose),
        "published_note": either(prose),
        "capture_note": either(prose),
        "original_status": either(st.sampled_from(["gone", "live", "dead"]) | prose),
    }


# Shown on the source's page and in every citation format: set more often than the others.
TEXT_FIELDS = ["title", "outlet", "authors", "standfirst", "title_note", "authors_note"]


@st.composite
def hint_edits(draw, rel: str, meta: dict) -> None:
    """Normalizer hints of the right shape naming real captured lines, the last ones most often
    (where a comment's header lines run out): the check step runs the normalizer with them."""
    lines = RAW_LINES[rel]
    structure = meta.setdefault("structure", {})
    for _ in range(draw(st.integers(1, 3), label="hint edits")):
        line = draw(st.sampled_from(lines[-3:]) | st.sampled_from(lines), label="line")
        hint = draw(st.sampled_from(["comments", "comments", "headings", "quotes", "heading"]))
        if hint == "comments":
            comment = {"start": line, "header_lines": draw(st.integers(0, 5))}
            comment["reply"] = draw(st.booleans())
            structure.setdefault("comments", []).append(comment)
        elif hint == "heading":
            structure[draw(st.sampled_from(["comments_heading", "blogger_comments_from"]))] = line
        else:
            structure.setdefault(hint, []).append(line)


@st.composite
def front_matters(draw, rel: str) -> str:
    """A real source with a few of its front matter fields set (to a value of the right type or
    not) or removed, or unknown fields added; or with normalizer hints added."""
    meta = copy.deepcopy(FRONT_MATTER[rel])
    fields = front_matter_fields(rel)
    if draw(st.integers(0, 3), label="hints only") == 0:
        draw(hint_edits(rel, meta))
        return f"---\n{draw(dumped(meta))}---\n{split_source(REAL_TEXT[rel])[1]}"
    for _ in range(draw(st.integers(1, 3), label="edits")):
        action = draw(st.sampled_from(["set"] * 6 + ["drop", "unknown"]))
        if action == "set":
            key = draw(st.sampled_from(sorted(fields) + 2 * TEXT_FIELDS))
            meta[key] = draw(fields[key], label=key)
        elif action == "drop":
            meta.pop(draw(st.sampled_from(sorted(meta, key=str))), None)
        else:
            meta[draw(UNKNOWN_FIELDS)] = draw(anything)
    head = draw(dumped(meta))
    return f"---\n{head}---\n{split_source(REAL_TEXT[rel])[1]}"


@fuzz_settings(60)
@given(data=st.data())
def test_any_front_matter_of_the_right_shape_or_not_builds_or_reports(pristine, data):
    """A source's front matter with provenance fields of the right or the wrong type (dates,
    addresses, authors, normalizer hints naming real captured lines) is built or refused with
    problems; the hints are run through the normalizer by the check step."""
    rel = data.draw(st.sampled_from(SOURCE_FILES), label="source")
    assert_problems_or_success(pristine, rel, data.draw(front_matters(rel), label="content"))


fingerprints = st.text("0123456789abcdef", min_size=12, max_size=12)
anchors = digits(0, 200, 1).map(lambda n: f"p{n}")
redirect_marks = st.dictionaries(
    st.sampled_from(["renamed_to", "merged_into", "moved_to"]),
    st.sampled_from(EVENT_IDS + SOURCE_IDS + PERSON_IDS) | ids,
    max_size=2,
)
REGISTRY_FIELDS = {
    "events": either(st.lists(st.sampled_from(EVENT_IDS) | ids, max_size=5)),
    "sources": either(st.lists(st.sampled_from(SOURCE_IDS) | ids, max_size=3)),
    "people": either(st.lists(st.sampled_from(PERSON_IDS) | ids, max_size=5)),
    "paragraphs": either(
        st.dictionaries(
            st.sampled_from(SOURCE_IDS) | ids,
            either(st.dictionaries(anchors | ids, either(fingerprints), max_size=4)),
            max_size=3,
        )
    ),
    "comments": either(
        st.dictionaries(
            st.sampled_from(SOURCE_IDS) | ids,
            either(st.lists(st.sampled_from(["c1", "c2", "c1-1", "c0", "c9-9"]) | ids)),
            max_size=3,
        )
    ),
    "retired": either(
        st.dictionaries(
            st.sampled_from(["events", "sources", "people", "paragraphs"]) | ids,
            either(
                st.dictionaries(
                    st.sampled_from(EVENT_IDS + SOURCE_IDS + PERSON_IDS) | ids,
                    either(redirect_marks | st.dictionaries(anchors, redirect_marks, max_size=2)),
                    max_size=3,
                )
            ),
            max_size=3,
        )
    ),
}


@st.composite
def registries(draw) -> str:
    """The real registry with parts replaced, extended or removed, written as YAML."""
    data = copy.deepcopy(REGISTRY)
    for _ in range(draw(st.integers(1, 4), label="edits")):
        key = draw(st.sampled_from(sorted(REGISTRY_FIELDS)))
        action = draw(st.sampled_from(["set", "extend", "drop", "unknown"]))
        if action == "set":
            data[key] = draw(REGISTRY_FIELDS[key], label=key)
        elif action == "extend":
            value = draw(REGISTRY_FIELDS[key], label=key)
            if isinstance(data.get(key), list) and isinstance(value, list):
                data[key] = data[key] + value
            elif isinstance(data.get(key), dict) and isinstance(value, dict):
                data[key] = {**data[key], **value}
        elif action == "drop":
            data.pop(key, None)
        else:
            data[draw(UNKNOWN_FIELDS)] = draw(anything)
    return draw(dumped(data))


@fuzz_settings(40)
@given(text=registries())
def test_any_registry_of_the_right_shape_or_not_builds_or_reports(pristine, text):
    """A registry.yaml with ids, fingerprints, comment anchors and retirements (renames, merges,
    moved paragraphs) of the right or the wrong shape, pointing at ids that exist or not, is
    built or refused with problems; redirect pages and anchor aliases are rendered."""
    assert_problems_or_success(pristine, "registry.yaml", text)


# --- (c) the real files, mutated ------------------------------------------------------------------

CHARACTERS = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(
    "0123456789:-#'\"[]{}&*!|>? \t\n" + ODD_CHARACTERS
)


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` after a few line edits: a line deleted, duplicated, swapped with another,
    indented or dedented, a character changed, inserted or deleted, or the text cut short."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4), label="mutations")):
        if not lines:
            break
        op = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "indent", "change", "insert", "erase", "truncate"]
            )
        )
        i = draw(st.integers(0, len(lines) - 1), label="line")
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["  ", "\t", " "])) + lines[i]
            if draw(st.booleans()):
                lines[i] = lines[i].lstrip()
        elif op == "truncate":
            at = draw(st.integers(0, len(lines[i])))
            lines = lines[:i] + [lines[i][:at]]
        else:
            at = draw(st.integers(0, len(lines[i])))
            char = draw(CHARACTERS) if op != "erase" else ""
            end = at + (0 if op == "insert" else 1)
            lines[i] = lines[i][:at] + char + lines[i][end:]
    return "\n".join(lines)


def mutated_file(rel: str) -> st.SearchStrategy[str]:
    """A data file mutated; for a source, its front matter (its '---' lines included) or, less
    often, its body."""
    if not rel.startswith("sources/"):
        return mutated(REAL_TEXT[rel])
    head, body = split_source(REAL_TEXT[rel])
    front = f"---\n{head}\n---\n"
    return st.one_of(
        mutated(front).map(lambda text: text + body),
        mutated(front).map(lambda text: text + body),
        mutated(body).map(lambda text: front + text),
    )


@pytest.mark.parametrize("rel", ["timeline.yaml", "registry.yaml", "sources"])
@fuzz_settings(40)
@given(data=st.data())
def test_mutated_data_files_build_or_report(pristine, rel, data):
    """The real timeline, registry or a source's front matter (or body) with lines deleted,
    duplicated, swapped or re-indented, characters changed, or cut short, is built or refused
    with problems."""
    if rel == "sources":
        rel = data.draw(st.sampled_from(SOURCE_FILES), label="source")
    assert_problems_or_success(pristine, rel, data.draw(mutated_file(rel), label="content"))


# --- the loaders alone ----------------------------------------------------------------------------


@fuzz_settings(200)
@given(text=st.one_of(texts, yamlish, deep_yaml), first_line=st.integers(1, 50))
@example(text=nested(1000, "flow map"), first_line=1)  # was a RecursionError (fixed)
@example(text=nested(1000, "block map"), first_line=1)
def test_read_yaml_gives_data_or_problems(text, first_line):
    """The YAML reader (timeline.yaml, front matter, registry.yaml) returns data or problems
    pointing at a line of the text; it never raises."""
    with known_bugs_tolerated():
        data, problems = read_yaml(text, "x.yaml", first_line)
        assert_well_formed(problems)
        assert not (data is not None and problems)
        lines = yaml_lines(text) + first_line  # a parser may point just past the end
        assert all(p.line is None or first_line <= p.line <= lines for p in problems), problems


@fuzz_settings(300)
@given(value=dates)
@example(value="[0000..2007]")  # was a ValueError in Day.first (fixed)
@example(value="0000/2007")
def test_a_date_is_read_or_refused_with_a_reason(value):
    """Any value in a date field (EDTF-like text, a YAML date or number, anything) is read as a
    RecordDate whose every rendering works, or refused with a DateError: never another error."""
    with known_bugs_tolerated():
        try:
            date = RecordDate.parse(value)
        except DateError as exc:
            assert str(exc)
            return
        assert date.display() and date.iso and date.precision
        assert len(date.sort_key()) == 3 and date.place_year >= 1
        assert date.stated == (date.data_qualifier is None)
        for day in (date.start, date.end):
            if day is not None:
                assert day.first <= day.last


# --- the bugs found (fixed since), each a minimal reproduction ------------------------------

BUG = "engine bug: "


def test_an_event_on_31_december_9999(pristine):
    """An event dated 9999-12-31, a date the loader accepts, is rendered or refused as a problem
    on its date line."""
    with project_with(pristine, "timeline.yaml", with_first_event_date("9999-12-31")) as root:
        try:
            generate(root, SITE)
        except RecordError as exc:
            assert [p.line for p in exc.problems] == [FIRST_DATE_LINE]


@pytest.mark.parametrize("rel", ["timeline.yaml", "registry.yaml", SOURCE_FILES[0]])
def test_a_set_as_a_key_is_a_problem(pristine, rel):
    """A YAML key that is a set is a syntax problem at its line, like a list as a key."""
    content = "? !!set {a: null}\n: 1\n"
    if rel.startswith("sources/"):
        content = f"---\n{content}---\n{split_source(REAL_TEXT[rel])[1]}"
    with project_with(pristine, rel, content) as root:
        lines = [p.line for p in loader_problems(root, rel)]
    assert lines == [2 if rel.startswith("sources/") else 1]


@contextmanager
def short_traceback() -> Iterator[None]:
    """A RecursionError raised again without its thousands of frames (pytest takes seconds to
    format them)."""
    try:
        yield
    except RecursionError as exc:
        raise RecursionError(str(exc)) from None


def test_deeply_nested_mkdocs_yml(pristine):
    """A mkdocs.yml nested 1,000 mappings deep is refused as a problem about mkdocs.yml."""
    with project_with(pristine, "mkdocs.yml", nested(1000, "flow map")) as root:
        with short_traceback():
            problems = loader_problems(root, "mkdocs.yml")
    assert [p.file for p in problems] == ["mkdocs.yml"]


DEEP_LISTS = textwrap.dedent(
    """\
    import resource, sys
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # should it crash: no core file
    sys.path.insert(0, sys.argv[1])
    from record.load.yamlfile import read_yaml
    data, problems = read_yaml("[" * 200_000 + "]" * 200_000, "timeline.yaml")
    print(len(problems))
    """
)


def test_very_deeply_nested_yaml_does_not_kill_the_build():
    """A 400 kB file of 200,000 nested lists is refused as a problem; the process lives on (run
    in a child process, should it not)."""
    result = subprocess.run(
        [sys.executable, "-c", DEEP_LISTS, str(ROOT / "scripts")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"exit status {result.returncode}"
    assert result.stdout.strip() == "1"


def test_comment_header_past_the_end(pristine):
    """A comment hint whose header runs past the end of the capture is refused as a problem."""
    rel = "sources/torekeland-2015.md"
    meta = copy.deepcopy(FRONT_MATTER[rel])
    meta["structure"]["comments"] = [{"start": RAW_LINES[rel][-1], "header_lines": 2}]
    text = f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n{split_source(REAL_TEXT[rel])[1]}"
    with project_with(pristine, rel, text) as root:
        with pytest.raises(RecordError):
            generate(root, SITE)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after ``seconds``."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_summary_of_thousands_of_brackets_is_refused_at_once(pristine):
    """Python-Markdown takes quadratic time on unmatched '[' (5,000 took 3 s a rendering, and a
    summary is rendered three times): the loader refuses such a summary before any rendering."""
    text = REAL_TEXT["timeline.yaml"].replace(
        "    summary: >-\n", f'    summary: "{"[" * 2500}"\n    old_summary: >-\n', 1
    )
    with project_with(pristine, "timeline.yaml", text) as root:
        with time_limit(2), pytest.raises(RecordError) as failure:
            generate(root, SITE)
    assert any("'['" in p.message for p in failure.value.problems)


def test_a_list_item_numbered_with_5000_digits(pristine):
    """A body line that reads as an ordered list item with a 5,000-digit number is loaded (or
    refused as a problem), never a crash."""
    rel = SOURCE_FILES[0]
    text = REAL_TEXT[rel] + "\n" + "1" * 5000 + ". An item.\n"
    with project_with(pristine, rel, text) as root:
        assert_well_formed(loader_problems(root, rel))


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\u2029"])
def test_a_problem_after_a_unicode_line_separator(pristine, separator):
    """A problem after a text holding a Unicode line separator (pasted from a web page or a word
    processor) is reported on its line as an editor numbers it."""
    text = REAL_TEXT["timeline.yaml"].replace(
        "    title: Background\n", f'    title: "Back{separator * 3}ground"\n', 1
    )
    text = text.replace("    thread: background\n", "    thread: nowhere\n", 1)
    assert separator in text and "thread: nowhere" in text
    line = text[: text.index("thread: nowhere")].count("\n") + 1
    with project_with(pristine, "timeline.yaml", text) as root:
        with pytest.raises(RecordError) as failure:
            generate(root, SITE)
    assert [p.line for p in failure.value.problems] == [line]


def test_the_fuzzing_rebuilds_the_real_data_exactly(pristine):
    """The strategies start from the real data: written back unchanged, it still builds (so the
    fuzzing explores around a record that works, not one broken from the start)."""
    for rel in ("timeline.yaml", "registry.yaml", SOURCE_FILES[0]):
        if rel == "timeline.yaml":
            text = yaml.safe_dump(TIMELINE, sort_keys=False, allow_unicode=True)
        elif rel == "registry.yaml":
            text = yaml.safe_dump(REGISTRY, sort_keys=False)
        else:
            head = yaml.safe_dump(FRONT_MATTER[rel], sort_keys=False, allow_unicode=True)
            text = f"---\n{head}---\n{split_source(REAL_TEXT[rel])[1]}"
        with project_with(pristine, rel, text) as root:
            record, files = generate(root, SITE)
        assert len(record.events) == len(EVENT_IDS) and files
