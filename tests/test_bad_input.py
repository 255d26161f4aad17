"""Broken inputs, one per row: each stops the build with a report a maintainer can act on.

Every row of ``CASES`` breaks a copy of the project in one way (timeline.yaml, a source's front
matter, body or captured text, registry.yaml) and says what the report must hold: the file, the
line where there is one (counted in the text the row wrote), the entry, and words of the message.
One test runs them all in process and checks, for each, that the problem is reported there, with
a hint of what to do (the "->" line), and that nothing but a RecordError escapes. Broken
registries are also published, to show that nothing is written outside the output folder.

Rows marked xfail are bugs of the engine found by these inputs; the reason says what is wrong.
The last test shows that `make check` (``scripts/publish.py --check``) reports what the build
reports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import RECORD, problems_of
from conftest import REGISTRY as PUBLISHED
from record.errors import RecordError
from record.publish import publish

# --- what a report must say ------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """Where the report must point, and words of its message."""

    file: str
    says: str
    line: int | None = None  # None: the problem has no line (e.g. a field that is missing)
    entry: str | None = None

    @property
    def where(self) -> str:
        """The start of the problem's line in the report: 'file:line (entry): '."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return where + (f" ({self.entry})" if self.entry else "") + ": "


class Accepted(AssertionError):
    """The build succeeded on bad data."""


class WrongMessage(AssertionError):
    """No problem in the report names the file with the expected words."""


class WrongPlace(AssertionError):
    """The problem is reported, but not at the expected line or entry."""


class NoHint(AssertionError):
    """The problem is reported without a hint of what to do."""


def reported_problems(report: str) -> list[list[str]]:
    """The problems of a RecordError report, each as its lines (the first is 'where: message',
    the others its continuation and its '-> hint')."""
    head, *lines = report.splitlines()
    assert head.startswith("The record has "), report
    problems: list[list[str]] = []
    for line in lines:
        if line.startswith("  ") and not line.startswith("   "):
            problems.append([line[2:]])
        else:
            assert problems, report
            problems[-1].append(line)
    return problems


def check_report(report: str, expect: Expect) -> None:
    """The report names the file, line and entry of ``expect``, says its words, and says what to
    do; each failure raises its own kind of AssertionError."""
    problems = reported_problems(report)
    named = [p for p in problems if p[0].startswith(expect.file) and expect.says in "\n".join(p)]
    if not named:
        raise WrongMessage(f"no problem in {expect.file} says {expect.says!r}:\n{report}")
    placed = [p for p in named if p[0].startswith(expect.where)]
    if not placed:
        raise WrongPlace(f"expected at {expect.where!r}:\n{report}")
    hinted = [p for p in placed if any(ln.startswith("    -> ") and ln[7:].strip() for ln in p)]
    if not hinted:
        raise NoHint(f"no '->' hint of what to do:\n{report}")


def report_of(project: Path) -> str:
    """The report of a build that must fail; a build that succeeds is bad data accepted."""
    try:
        return problems_of(project)
    except AssertionError as exc:
        if "the build should have failed" in str(exc):
            raise Accepted("the build succeeded on bad data") from None
        raise


# --- writing into a copy of the project -------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """Text written into a file from line ``first`` on: ``at(marker)`` is the file's line of the
    first written line that holds ``marker``."""

    first: int
    text: str

    def at(self, marker: str) -> int:
        lines = self.text.split("\n")
        hits = [number for number, line in enumerate(lines) if marker in line]
        assert hits, f"{marker!r} is not in the written text"
        return self.first + hits[0]


def append(project: Path, rel: str, text: str) -> Written:
    path = project / rel
    old = path.read_text(encoding="utf-8")
    old += "" if old.endswith("\n") else "\n"
    path.write_text(old + text, encoding="utf-8")
    return Written(old.count("\n") + 1, text)


def replace(project: Path, rel: str, old: str, new: str) -> Written:
    """Replace the one occurrence of ``old`` in the file by ``new``."""
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must be once in {rel}"
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return Written(text[:at].count("\n") + 1, new)


def replace_bytes(project: Path, rel: str, old: bytes, new: bytes) -> int:
    """Replace the one ``old`` in the file by ``new``; return the line of the first byte that
    changed."""
    path = project / rel
    data = path.read_bytes()
    assert data.count(old) == 1, f"{old!r} must be once in {rel}"
    at = data.index(old)
    same = next(i for i, (a, b) in enumerate(zip(old + b"\0", new + b"\1", strict=False)) if a != b)
    path.write_bytes(data[:at] + new + data[at + len(old) :])
    return data[:at].count(b"\n") + new[:same].count(b"\n") + 1


def line_starting(path: Path, prefix: str) -> int:
    """The first line of the file that starts with ``prefix``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(prefix))


# --- timeline.yaml ------------------------------------------------------------------------------

TIMELINE = "timeline.yaml"
QUOTE = "VMware representatives have not responded to our queries"
EVENT = {  # a good event, field -> its YAML as written after "key:" (a block starts with "\n")
    "id": "test-event",
    "date": '"2007-08-20"',
    "title": "A test event",
    "summary": "Added by a test.",
    "people": "[christoph-hellwig]",
    "thread": "press",
    "claims": f'\n  - source: register-2007\n    quote: "{QUOTE}"\n    evidence: report',
}
ENTRY = "event 'test-event'"
CLAIM = f"{ENTRY}, claim #1"


def event_text(**fields: str | None) -> str:
    """The good event as a maintainer writes it, with ``fields`` written instead (None leaves a
    field out; a new field comes last)."""
    lines = []
    for key, value in {**EVENT, **fields}.items():
        if value is not None:
            lines.append(f"{key}:{'' if value.startswith(chr(10)) else ' '}{value}")
    return "- " + "\n".join(lines).replace("\n", "\n  ") + "\n"


def append_event(project: Path, item: str) -> Written:
    """Append an entry (written as at the top level) to the events list, the file's last."""
    text = (project / TIMELINE).read_text(encoding="utf-8")
    assert text.rstrip().splitlines()[-1].startswith(" "), "events must be the last list"
    return append(
        project,
        TIMELINE,
        "".join(f"  {ln}" if ln.strip() else ln for ln in item.splitlines(keepends=True)),
    )


def in_event(
    at: str | None, says: str, entry: str | None = ENTRY, **fields: str | None
) -> Callable[[Path], Expect]:
    """A row: the good event with ``fields`` changed; the report points at the line holding
    ``at`` (no line when ``at`` is None), at ``entry``."""

    def breaks(project: Path) -> Expect:
        written = append_event(project, event_text(**fields))
        return Expect(TIMELINE, says, written.at(at) if at else None, entry)

    return breaks


def duplicate_key_in_an_event(project: Path) -> Expect:
    item = event_text() + "  title: Another title\n"
    written = append_event(project, item)
    return Expect(TIMELINE, "the key 'title' appears twice", written.at("Another title"))


def duplicate_top_level_key(project: Path) -> Expect:
    written = append(project, TIMELINE, "threads:\n  - id: extra\n    title: Extra\n")
    return Expect(TIMELINE, "the key 'threads' appears twice", written.at("threads:"))


def alias_bomb(project: Path) -> Expect:
    """A "billion laughs": each alias repeats the one before nine times."""
    bomb = 'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        bomb += f"lol{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    written = append(project, TIMELINE, bomb)
    return Expect(TIMELINE, "an alias (*name) repeats an anchored value", written.at("lolb:"))


def self_referencing_anchor(project: Path) -> Expect:
    written = append_event(project, event_text(people="&me [christoph-hellwig, *me]"))
    return Expect(TIMELINE, "an alias (*name)", written.at("people:"))


def timeline_bom(project: Path) -> Expect:
    path = project / TIMELINE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Expect(TIMELINE, "byte-order mark", 1)


def timeline_invalid_utf8(project: Path) -> Expect:
    append_event(project, event_text(title="A test event"))
    line = replace_bytes(project, TIMELINE, b"title: A test event", b"title: A test \xff event")
    return Expect(TIMELINE, "not UTF-8 text: byte", line)


def timeline_not_a_mapping(project: Path) -> Expect:
    (project / TIMELINE).write_text("- id: test-event\n  title: A list, not a mapping\n")
    return Expect(TIMELINE, "the file must be a mapping with threads, people and events")


def threads_missing(project: Path) -> Expect:
    path = project / TIMELINE
    text = path.read_text(encoding="utf-8")
    start, end = text.index("\nthreads:\n") + 1, text.index("\npeople:\n") + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return Expect(TIMELINE, "missing the top-level 'threads:' list")


def events_not_a_list(project: Path) -> Expect:
    path = project / TIMELINE
    text = path.read_text(encoding="utf-8")
    start = text.index("\nevents:\n") + 1
    path.write_text(text[:start] + "events: to be written\n", encoding="utf-8")
    return Expect(TIMELINE, "'events' must be a list of entries", text[:start].count("\n") + 1)


def an_event_that_is_text(project: Path) -> Expect:
    written = append_event(project, "- Hellwig sues VMware (to be written up)\n")
    number = len(RECORD.events) + 1
    return Expect(TIMELINE, f"events #{number} is not a mapping of fields", written.at("Hellwig"))


def duplicate_person_id(project: Path) -> Expect:
    pid = RECORD.timeline.people[-1].id
    new = f"\npeople:\n  - id: {pid}\n    name: Someone\n    role: Another person.\n"
    written = replace(project, TIMELINE, "\npeople:\n", new)
    return Expect(TIMELINE, f"duplicate person id '{pid}'", written.at("- id:"), f"person '{pid}'")


def duplicate_thread_id(project: Path) -> Expect:
    tid = RECORD.timeline.threads[-1].id
    new = f"\nthreads:\n  - id: {tid}\n    title: Another thread\n"
    written = replace(project, TIMELINE, "\nthreads:\n", new)
    return Expect(TIMELINE, f"duplicate thread id '{tid}'", written.at("- id:"), f"thread '{tid}'")


def unknown_top_level_key(project: Path) -> Expect:
    """'event:' for 'events:': the entries under it are never published."""
    written = append(
        project,
        TIMELINE,
        "event:\n" + "".join(f"  {ln}" for ln in event_text().splitlines(keepends=True)),
    )
    return Expect(TIMELINE, "'event'", written.at("event:"))


def _quote_across_paragraphs() -> str:
    """The end of one paragraph of register-2007 and the start of the next, as one quote."""
    first, second = RECORD.sources["register-2007"].paragraphs[:2]
    return " ".join(first.text.split()[-3:] + second.text.split()[:3])


def _claim(source: str, quote: str, *more: str) -> str:
    lines = [f'quote: "{quote}"', "evidence: report", *more]
    return f"\n  - source: {source}" + "".join(f"\n    {m}" for m in lines)


TWICE = "that ESX is in violation of"  # in two paragraphs of venturecake-2007
VENTURECAKE = "venturecake-2007"


def paragraphs_listed_at_their_lines(project: Path) -> Expect:
    """A quote in two paragraphs: the report lists both, each with its line in the source."""
    written = append_event(project, event_text(claims=_claim(VENTURECAKE, TWICE)))
    text = (project / "sources" / f"{VENTURECAKE}.md").read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if TWICE in line]
    anchors = [b.anchor for b in RECORD.sources[VENTURECAKE].paragraphs if TWICE in b.text]
    assert len(lines) == len(anchors) == 2
    listed = ", ".join(
        f"{anchor} (sources/{VENTURECAKE}.md:{line})"
        for anchor, line in zip(anchors, lines, strict=True)
    )
    return Expect(TIMELINE, f"({listed})", written.at("quote:"), CLAIM)


# --- sources/ ---------------------------------------------------------------------------------

REGISTER = "sources/register-2007.md"
VMBLOG = "sources/vmblog-2007.md"


def in_front_matter(
    old: str, new: str, at: str | None, says: str, rel: str = REGISTER, entry: str | None = "id"
) -> Callable[[Path], Expect]:
    """A row: ``old`` in a source file replaced by ``new``; the report points at the line holding
    ``at`` (in the text written, else the line starting with it; no line when ``at`` is None).
    The entry is the source's id unless given (None: no entry)."""

    def breaks(project: Path) -> Expect:
        written = replace(project, rel, old, new)
        line = None
        if at:
            line = written.at(at) if at in written.text else line_starting(project / rel, at)
        return Expect(rel, says, line, f"source '{Path(rel).stem}'" if entry == "id" else entry)

    return breaks


def no_closing_dashes(project: Path) -> Expect:
    path = project / REGISTER
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    path.write_text(text[:end] + "\n" + text[end + 5 :], encoding="utf-8")
    return Expect(REGISTER, "front matter has no closing '---' line")


def front_matter_a_list(project: Path) -> Expect:
    path = project / REGISTER
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4)
    path.write_text("---\n- register-2007\n- The Register" + text[end:], encoding="utf-8")
    return Expect(REGISTER, "the front matter is not a mapping of fields", None, None)


def source_bom(project: Path) -> Expect:
    path = project / VMBLOG
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Expect(VMBLOG, "byte-order mark", 1)


def source_invalid_utf8(project: Path) -> Expect:
    line = replace_bytes(project, REGISTER, b"huge IPO", b"huge \xe9 IPO")  # Latin-1 'e acute'
    return Expect(REGISTER, "not UTF-8 text: byte", line)


def source_crlf(project: Path) -> Expect:
    """Git on Windows (core.autocrlf) checks files out with CRLF line endings."""
    path = project / VMBLOG
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return Expect(VMBLOG, "Windows line endings (CRLF)", 1)


def body_word_changed(project: Path) -> Expect:
    written = replace(project, REGISTER, "huge IPO", "big IPO")
    return Expect(
        REGISTER,
        "the body differs from what the normalizer makes",
        written.first,
        "source 'register-2007'",
    )


def body_paragraph_appended(project: Path) -> Expect:
    written = append(project, REGISTER, "VMware declined to comment further.\n")
    return Expect(
        REGISTER,
        "the body differs from what the normalizer makes",
        written.first,
        "source 'register-2007'",
    )


def body_not_nfc(project: Path) -> Expect:
    replace(project, REGISTER, "huge IPO", "huge IPO, Cafe\u0301")  # e + combining acute
    return Expect(REGISTER, "the body is not in Unicode NFC form", None, "source 'register-2007'")


def captured_text_changed(project: Path) -> Expect:
    append(project, "sources/raw/register-2007.txt", "A line added after the capture.\n")
    line = line_starting(project / REGISTER, "captured_sha256:")
    return Expect(
        REGISTER,
        "captured_sha256 does not match sources/raw/register-2007.txt",
        line,
        "source 'register-2007'",
    )


def captured_text_missing(project: Path) -> Expect:
    (project / "sources" / "raw" / "register-2007.txt").unlink()
    return Expect(
        REGISTER,
        "the captured text sources/raw/register-2007.txt is missing",
        None,
        "source 'register-2007'",
    )


def captured_text_invalid_utf8(project: Path) -> Expect:
    rel = "sources/raw/vmblog-2007.txt"
    line = replace_bytes(project, rel, b"Quoting Illuminata", b"Quoting \x93Illuminata\x94")
    return Expect(rel, "not UTF-8 text: byte", line)


def captured_text_bom(project: Path) -> Expect:
    path = project / "sources" / "raw" / "vmblog-2007.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return Expect("sources/raw/vmblog-2007.txt", "byte-order mark", 1)


def source_named_not_as_a_slug(project: Path) -> Expect:
    """A copy saved as 'sources/Register 2007.md', its id changed to match the name."""
    path = project / "sources" / "Register 2007.md"
    path.write_text(
        (project / REGISTER)
        .read_text(encoding="utf-8")
        .replace("id: register-2007", "id: Register 2007", 1),
        encoding="utf-8",
    )
    (project / "sources" / "raw" / "Register 2007.txt").write_bytes(
        (project / "sources" / "raw" / "register-2007.txt").read_bytes()
    )
    line = line_starting(path, "id: Register 2007")
    return Expect(
        "sources/Register 2007.md",
        "id 'Register 2007' is not a lowercase slug",
        line,
        "source 'Register 2007'",
    )


def source_is_a_folder(project: Path) -> Expect:
    (project / "sources" / "notes.md").mkdir()
    return Expect("sources/notes.md", "")


def source_is_a_broken_link(project: Path) -> Expect:
    (project / "sources" / "hamburg-2016.md").symlink_to(project / "drafts" / "hamburg-2016.md")
    return Expect("sources/hamburg-2016.md", "")


# --- registry.yaml ----------------------------------------------------------------------------

REGISTRY = "registry.yaml"
# register-2007's first and third paragraph in registry.yaml, as written there
P1, P3 = (f"    {p}: {PUBLISHED.paragraphs['register-2007'][p]}\n" for p in ("p1", "p3"))


def in_registry(old: str, new: str, at: str, says: str) -> Callable[[Path], Expect]:
    """A row: ``old`` in registry.yaml replaced by ``new``; the report points at the line
    holding ``at`` (in the text written, else the line starting with it)."""

    def breaks(project: Path) -> Expect:
        written = replace(project, REGISTRY, old, new)
        line = written.at(at) if at in written.text else line_starting(project / REGISTRY, at)
        return Expect(REGISTRY, says, line)

    return breaks


def retired(mark: str, at: str, says: str) -> Callable[[Path], Expect]:
    """A row: ``retired: {}`` replaced by the block ``mark``."""
    return in_registry("retired: {}", f"retired:\n{mark}", at, says)


RETIRED_SHAPE = "'retired' must hold"


def registry_not_a_mapping(project: Path) -> Expect:
    (project / REGISTRY).write_text("- register-2007\n- vmblog-2007\n", encoding="utf-8")
    return Expect(REGISTRY, "the registry must be a mapping")


def registry_duplicate_key(project: Path) -> Expect:
    written = append(project, REGISTRY, "retired: {}\n")
    return Expect(REGISTRY, "the key 'retired' appears twice", written.at("retired"))


def registry_invalid_utf8(project: Path) -> Expect:
    line = replace_bytes(project, REGISTRY, b"\nevents:\n", b"\nevents:\n- caf\xe9\n")
    return Expect(REGISTRY, "not UTF-8 text: byte", line)


def vanished_event(project: Path) -> Expect:
    replace(project, REGISTRY, "\nevents:\n", "\nevents:\n- vmware-ipo-priced\n")
    return Expect(
        TIMELINE, "the event 'vmware-ipo-priced' was published", None, "event 'vmware-ipo-priced'"
    )


def vanished_source(project: Path) -> Expect:
    replace(project, REGISTRY, "\nsources:\n", "\nsources:\n- zdnet-2007\n")
    return Expect(
        "sources/zdnet-2007.md",
        "the source 'zdnet-2007' was published",
        None,
        "source 'zdnet-2007'",
    )


def vanished_paragraph(project: Path) -> Expect:
    replace(project, REGISTRY, P1, P1 + "    p99: 0123456789ab\n")
    return Expect(
        REGISTER, "paragraph p99 was published but no longer exists", None, "paragraph p99"
    )


def fingerprint_changed(project: Path) -> Expect:
    print_ = PUBLISHED.paragraphs["register-2007"]["p3"]
    changed = print_[:-1] + ("1" if print_.endswith("0") else "0")  # one hex digit differs
    replace(project, REGISTRY, P3, P3.replace(print_, changed))
    return Expect(REGISTER, "paragraph p3 now holds different text", None, "paragraph p3")


def moved_to_a_missing_anchor(project: Path) -> Expect:
    replace(project, REGISTRY, P1, P1 + "    p99: 0123456789ab\n")
    replace(
        project,
        REGISTRY,
        "retired: {}",
        "retired:\n  paragraphs:\n    register-2007: {p99: {moved_to: p98}}",
    )
    return Expect(
        REGISTRY,
        "paragraph p99 of register-2007 is moved to p98, which does not exist",
        None,
        "retired.paragraphs.register-2007",
    )


def moved_from_a_live_anchor(project: Path) -> Expect:
    """p1 still exists: the page would hold id="p1" twice (p1 itself, and p2's alias)."""
    written = replace(
        project,
        REGISTRY,
        "retired: {}",
        "retired:\n  paragraphs:\n    register-2007: {p1: {moved_to: p2}}",
    )
    assert "register-2007" in written.text
    return Expect(
        REGISTRY,
        "paragraph p1 of register-2007 is marked as moved, but it still exists",
        None,
        "retired.paragraphs.register-2007",
    )


def retired_to_nowhere(project: Path) -> Expect:
    replace(
        project,
        REGISTRY,
        "retired: {}",
        "retired:\n  events:\n    vmware-floats: {renamed_to: vmware-floats-on-nyse}",
    )
    return Expect(
        REGISTRY,
        "retired event 'vmware-floats' points to 'vmware-floats-on-nyse'",
        None,
        "retired.events",
    )


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    breaks: Callable[[Path], Expect]
    publish: bool = False  # also publish it, to show that nothing is written outside out/


NO_HINT = "the problem is reported without a hint of what to do"
BODY_LINES = (
    "load/sources.py split_front_matter counts the body from the closing '---' (head.count('\\n')"
    " + 3, one short), so every body line in a report is one too low: the body check, and the "
    "'sources/<id>.md:<line>' of closest passages and of paragraphs listed for a quote"
)
# The rows that meet an engine bug: (what the test meets, the bug). Each is an xfail(strict).
BUGS: dict[str, tuple[type[BaseException], str]] = {}


def case(name: str, breaks: Callable[[Path], Expect]):
    """A row of the table: a registry row is also published; a row in BUGS is an xfail."""
    marks = []
    if name in BUGS:
        raises, bug = BUGS[name]
        marks.append(pytest.mark.xfail(strict=True, raises=raises, reason=f"engine bug: {bug}"))
    return pytest.param(Case(breaks, publish=name.startswith("registry-")), id=name, marks=marks)


RETIRED_SHAPE = "'retired' must hold"
REGISTER_URL = "http://www.theregister.co.uk/2007/08/16/vmware_derived_from_linux/"

# fmt: off
CASES = [
    # timeline.yaml: the file
    case("timeline-colon-in-plain-text", in_event(
        "title:", "YAML syntax error: mapping values are not allowed", None,
        title="Hellwig: VMware must comply")),
    case("timeline-duplicate-key-in-an-event", duplicate_key_in_an_event),
    case("timeline-duplicate-top-level-key", duplicate_top_level_key),
    case("timeline-alias-bomb", alias_bomb),
    case("timeline-self-referencing-anchor", self_referencing_anchor),
    case("timeline-yaml-merge-key", in_event(
        "<<:", "YAML syntax error", None, title=None, **{"<<": "{title: A test event}"})),
    case("timeline-python-tag", in_event(
        "title:", "YAML syntax error", None, title='!!python/object/apply:os.system ["true"]')),
    case("timeline-key-is-a-list", in_event(
        "[a, b]", "a key must be plain text", None, **{"[a, b]": "x"})),
    case("timeline-bom", timeline_bom),
    case("timeline-invalid-utf8", timeline_invalid_utf8),
    case("timeline-not-a-mapping", timeline_not_a_mapping),
    case("timeline-threads-missing", threads_missing),
    case("timeline-events-not-a-list", events_not_a_list),
    case("timeline-event-is-text", an_event_that_is_text),
    case("timeline-deeply-nested", in_event(
        None, "YAML: values are nested too deep", None, title="[" * 3000 + "]" * 3000)),
    case("timeline-unknown-top-level-key", unknown_top_level_key),
    # timeline.yaml: dates
    case("date-block-scalar", in_event(
        "date:", "is not an EDTF date of a supported form", date="|\n  2007-08\n  (month only)")),
    case("date-as-a-list", in_event(
        "date:", "is not a date written as text", date='["2007-08-20"]')),
    case("date-with-a-time", in_event(
        "date:", "date '2007-08-20T10:00:00' is not an EDTF date", date="2007-08-20 10:00:00")),
    case("date-qualifier-of-the-old-format", in_event(
        "date_qualifier:", "unknown field 'date_qualifier'", date='"2006-08"',
        date_qualifier="on-or-before")),
    case("date-february-29-not-leap", in_event(
        "date:", "date '2007-02-29' is not a real date", date='"2007-02-29"')),
    case("date-single-digit-month", in_event(
        "date:", "is not an EDTF date of a supported form", date='"2007-8-20"')),
    case("date-set-runs-backwards", in_event(
        "date:", "runs backwards", date='"[2007-08-22..2007-08-18]"', date_note="Between.")),
    case("date-interval-runs-backwards", in_event(
        "date:", "runs backwards", date='"2007-08-22/2007-08-18"', date_note="A span.")),
    case("date-set-from-year-0", in_event(
        "date:", "date", date='"[0000..2007]"', date_note="Before 2008.")),
    case("date-bounded-without-date-note", in_event(
        "date:", "needs a date_note", date='"[..2007-08-13]"')),
    case("date-uncertain-without-date-note", in_event(
        "date:", "needs a date_note", date='"2007-08-20?"')),
    # timeline.yaml: ids and references
    case("id-a-number", in_event(
        "id:", "id '2007' is not a lowercase slug", "event '2007'", id="2007")),
    case("id-climbs-out-of-the-site", in_event(
        "id:", "id '../../etc/passwd' is not a lowercase slug", "event '../../etc/passwd'",
        id="../../etc/passwd")),
    case("id-index-takes-the-overview", in_event(
        "id:", "'index'", "event 'index'", id="index")),
    case("id-duplicate-person", duplicate_person_id),
    case("id-duplicate-thread", duplicate_thread_id),
    case("unknown-thread", in_event("thread:", "unknown thread 'gossip'", thread="gossip")),
    case("unknown-person", in_event(
        "people:", "unknown person 'linus-torvald'", people="[christoph-hellwig, linus-torvald]")),
    case("same-person-twice", in_event(
        "people:", "christoph-hellwig", people="[christoph-hellwig, christoph-hellwig]")),
    case("unknown-source", in_event(
        "source:", "unknown source 'zdnet-2007'", CLAIM, claims=_claim("zdnet-2007", QUOTE))),
    # timeline.yaml: fields and claims
    case("title-a-number", in_event("title:", "'title' must be text, not a number", title="2007")),
    case("title-a-list", in_event(
        "title:", "'title' must be text, not a list", title="[Hellwig, VMware]")),
    case("people-as-text", in_event(
        "people:", "'people' must be a list of ids", people="christoph-hellwig")),
    case("claims-not-a-list", in_event(
        "claims:", "needs at least one claim", claims="register-2007")),
    case("claim-as-text", in_event(
        "claims:", "claim #1 is not a mapping with source and quote",
        claims=f'\n  - "register-2007: {QUOTE}"')),
    case("claim-without-quote", in_event(
        "- source:", "missing required field 'quote'", CLAIM,
        claims="\n  - source: register-2007")),
    case("claim-unknown-field", in_event(
        "page:", "unknown field 'page'", CLAIM, claims=_claim("register-2007", QUOTE, "page: 2"))),
    case("quote-too-short", in_event(
        "quote:", "shorter than 4 words", CLAIM,
        claims=_claim("register-2007", "VMware representatives"))),
    case("quote-across-two-paragraphs", in_event(
        "quote:", "quote not found in source 'register-2007'", CLAIM,
        claims=_claim("register-2007", _quote_across_paragraphs()))),
    case("quote-in-two-paragraphs", in_event(
        "quote:", f"the quote is in 2 paragraphs of '{VENTURECAKE}'", CLAIM,
        claims=_claim(VENTURECAKE, TWICE))),
    case("quote-in-two-paragraphs-at-their-lines", paragraphs_listed_at_their_lines),
    case("claim-without-evidence", in_event(
        "- source:", "missing required field 'evidence'", CLAIM,
        claims=f'\n  - source: register-2007\n    quote: "{QUOTE}"')),
    case("claim-evidence-unknown", in_event(
        "evidence:", "evidence 'hearsay' is not one of statement, report", CLAIM,
        claims=f'\n  - source: register-2007\n    quote: "{QUOTE}"\n    evidence: hearsay')),
    case("unknown-organization", in_event(
        "organizations:", "unknown organization 'acme-corp'", organizations="[acme-corp]")),
    case("paragraph-names-the-wrong-one", in_event(
        "paragraph:", f"the quote is not in paragraph p1 of '{VENTURECAKE}'", CLAIM,
        claims=_claim(VENTURECAKE, TWICE, "paragraph: p1"))),
    case("paragraph-a-number", in_event(
        "paragraph:", "paragraph '63' is not a paragraph anchor", CLAIM,
        claims=_claim(VENTURECAKE, TWICE, "paragraph: 63"))),
    case("paragraph-with-hash", in_event(
        "paragraph:", "paragraph '#p63' is not a paragraph anchor", CLAIM,
        claims=_claim(VENTURECAKE, TWICE, 'paragraph: "#p63"'))),
    case("summary-links-to-no-page", in_event(
        "summary:", "timeline/vmware-ipo-priced/",
        summary='"After [the IPO](timeline/vmware-ipo-priced/)."')),
    # sources/*.md: the file and its front matter
    case("source-yaml-syntax-error", in_front_matter(
        "title: Is VMware too close to Linux?", "title: Is VMware: too close to Linux?",
        "title:", "YAML syntax error", entry=None)),
    case("source-duplicate-key", in_front_matter(
        "outlet: The Register\n", "outlet: The Register\noutlet: El Reg\n", "El Reg",
        "the key 'outlet' appears twice", entry=None)),
    case("source-missing-field", in_front_matter(
        "added: '2026-11-21'\n", "", None, "required fields missing: added")),
    case("source-todo-left", in_front_matter(
        "- name: Gordon Haff\n", "- name: TODO who wrote it\n", "authors:",
        "fields still unfilled: authors[0].name", rel=VMBLOG)),
    case("comment-note-of-no-comment", in_front_matter(
        "comments:\n  c1:", "comments:\n  c9:", "comments:",
        "comments: there is no comment c9 in the body")),
    case("comment-author-without-basis", in_front_matter(
        "comments:\n  c1:\n", "comments:\n  c1:\n    author: Robin Turvey\n", "comments:",
        "comments: c1 names an author without author_basis")),
    case("comment-date-not-edtf", in_front_matter(
        "date: '[2007-08-16..]'", "date: last week", "comments:",
        "comments: c2 date 'last week' is not an EDTF date")),
    case("likely-date-without-a-note", in_front_matter(
        "published: '2007-08-16'\npublished_note: Not in the capture; confirmed by the article's "
        "address.\n", "published: '2007-08-16?'\n", "published:",
        "published '2007-08-16?' is inferred, and there is no published_note")),
    case("repost-of-the-wrong-shape", in_front_matter(
        "reposted_from:\n  outlet:", "reposted_from:\n  place:", "reposted_from:",
        "reposted_from must be {outlet:", rel=VMBLOG)),
    case("figure-hint-of-the-wrong-shape", in_front_matter(
        "structure:\n  headings: []", "structure:\n  figures:\n  - near: x\n  headings: []",
        "structure:", "structure: figures must be a list")),
    case("source-authors-as-text", in_front_matter(
        "authors: []", "authors: The Register staff", "authors:", "authors must be a list")),
    case("source-author-with-unknown-key", in_front_matter(
        "  role: reposter\n", "  role: reposter\n  email: dm@vmblog.com\n", "authors:",
        "authors must be a list", rel=VMBLOG)),
    case("source-no-author-no-note", in_front_matter(
        "authors_note: No byline in the capture; the author is unknown and not guessed here.\n",
        "", "authors:", "no author and no authors_note")),
    case("source-furniture-nested", in_front_matter(
        "- IT infrastructure monitoring strategies\n",
        "- [IT infrastructure monitoring strategies]\n", "furniture:",
        "'furniture' must be a list of captured lines")),
    case("source-published-a-list", in_front_matter(
        "published: '2007-08-16'", "published: ['2007-08-16']", "published:",
        "is not a date written as text")),
    case("source-published-not-edtf", in_front_matter(
        "published: '2007-08-16'", "published: 16 August 2007", "published:",
        "published '16 August 2007' is not an EDTF date")),
    case("source-published-fullwidth-digits", in_front_matter(
        "published: '2007-08-16'", "published: '２００７-０８-１６'", "published:", "published")),
    case("source-javascript-url", in_front_matter(
        f"original_url: {REGISTER_URL}", "original_url: javascript:alert(document.cookie)",
        "original_url:", "is not an http(s) address")),
    case("source-data-url", in_front_matter(
        f"archive_url: https://web.archive.org/web/2007/{REGISTER_URL}",
        "archive_url: data:text/html,<script>alert(1)</script>", "archive_url:",
        "is not an http(s) address")),
    case("source-added-not-a-day", in_front_matter(
        "added: '2026-11-21'", "added: '2026-11'", "added:", "is not a YYYY-MM-DD date")),
    case("source-unknown-kind", in_front_matter(
        "kind: news article", "kind: opinion piece", "kind:",
        "kind 'opinion piece' is not one of")),
    case("source-original-status", in_front_matter(
        "added: '2026-11-21'\n", "added: '2026-11-21'\noriginal_status: dead\n",
        "original_status:", "original_status 'dead' is not one of")),
    case("source-unknown-field", in_front_matter(
        "outlet: The Register\n", "outlet: The Register\nouttlet: The Register\n", "outtlet",
        "unknown field 'outtlet'")),
    case("source-structure-hint", in_front_matter(
        "  comments_heading: COMMENTS", "  comments_heading: [COMMENTS]", "structure:",
        "structure: comments_heading must be one captured line")),
    case("source-id-not-the-file-name", in_front_matter(
        "id: register-2007", "id: register-2007-08", "id:", "does not match the file name")),
    case("source-id-not-a-slug", source_named_not_as_a_slug),
    case("source-no-closing-dashes", no_closing_dashes),
    case("source-front-matter-a-list", front_matter_a_list),
    case("source-bom", source_bom),
    case("source-invalid-utf8", source_invalid_utf8),
    case("source-crlf-line-endings", source_crlf),
    case("source-is-a-folder", source_is_a_folder),
    case("source-is-a-broken-link", source_is_a_broken_link),
    # sources/*.md: the body, and the captured text under sources/raw/
    case("body-word-changed", body_word_changed),
    case("body-paragraph-appended", body_paragraph_appended),
    case("body-not-nfc", body_not_nfc),
    case("captured-text-changed", captured_text_changed),
    case("captured-text-missing", captured_text_missing),
    case("captured-text-invalid-utf8", captured_text_invalid_utf8),
    case("captured-text-bom", captured_text_bom),
    # registry.yaml
    case("registry-not-a-mapping", registry_not_a_mapping),
    case("registry-duplicate-key", registry_duplicate_key),
    case("registry-invalid-utf8", registry_invalid_utf8),
    case("registry-unknown-key", in_registry(
        "retired: {}", "retired: {}\nnotes: renamed two events", "notes:",
        "'notes' is not a part of the registry")),
    case("registry-events-not-slugs", in_registry(
        "\nevents:\n", "\nevents:\n- Alan Cox comments\n", "events:",
        "'events' must be a list of ids")),
    case("registry-sources-a-number", in_registry(
        "\nsources:\n", "\nsources:\n- 2007\n", "sources:", "'sources' must be a list of ids")),
    case("registry-people-climb-out", in_registry(
        "\npeople:\n", "\npeople:\n- ../../../x\n", "people:", "'people' must be a list of ids")),
    case("registry-people-a-mapping", in_registry(
        "\npeople:\n", "\npeople:\n  alan-cox: yes\npeople-old:\n", "people:",
        "'people' must be a list of ids")),
    case("registry-fingerprint-not-hex", in_registry(
        P3, "    p3: changed\n", "paragraphs:",
        "'paragraphs' must map each source id to {pN: fingerprint}")),
    case("registry-comments-not-anchors", in_registry(
        "  - c1-1\n", "  - comment-1\n", "comments:", "'comments' must map each source id")),
    case("registry-retired-climbs-out", retired(
        "  events:\n    ../../../x: {renamed_to: vmware-ipo}", "retired:", RETIRED_SHAPE)),
    case("registry-retired-without-renamed-to", retired(
        "  events:\n    vmware-floats: {}", "retired:", RETIRED_SHAPE)),
    case("registry-retired-misspelt-mark", retired(
        "  events:\n    vmware-floats: {renamd_to: vmware-ipo}", "retired:", RETIRED_SHAPE)),
    case("registry-retired-two-marks", retired(
        "  events:\n    vmware-floats: {renamed_to: vmware-ipo, merged_into: vmware-ipo}",
        "retired:", RETIRED_SHAPE)),
    case("registry-retired-unknown-kind", retired(
        "  threads:\n    gossip: {renamed_to: press}", "retired:", RETIRED_SHAPE)),
    case("registry-moved-to-not-an-anchor", retired(
        "  paragraphs:\n    register-2007: {p99: {moved_to: ../p1}}", "retired:", RETIRED_SHAPE)),
    case("registry-retired-a-list", in_registry(
        "retired: {}", "retired: [vmware-floats]", "retired:", RETIRED_SHAPE)),
    case("registry-retired-to-nowhere", retired_to_nowhere),
    case("registry-vanished-event", vanished_event),
    case("registry-vanished-source", vanished_source),
    case("registry-vanished-paragraph", vanished_paragraph),
    case("registry-fingerprint-changed", fingerprint_changed),
    case("registry-moved-to-a-missing-anchor", moved_to_a_missing_anchor),
    case("registry-moved-from-a-live-anchor", moved_from_a_live_anchor),
]
# fmt: on
BY_NAME = {param.id: param.values[0] for param in CASES}
assert len(BY_NAME) == len(CASES), "two rows share a name"
assert set(BUGS) <= set(BY_NAME), "a bug names no row: a renamed row lost its xfail"


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_where_it_is(project, tmp_path, case):
    """Each broken input stops the build with a report naming the file, the line (where there
    is one) and the entry, saying what is wrong and what to do; nothing but a RecordError
    escapes. A broken registry also stops `publish`, which writes nothing outside its folder."""
    expect = case.breaks(project)
    check_report(report_of(project), expect)
    if case.publish:
        out = project / "out"
        before, around = _files(tmp_path), set(tmp_path.parent.iterdir())
        with pytest.raises(RecordError):
            publish(project, out)
        appeared = {p for p in _files(tmp_path) - before if not p.is_relative_to(out)}
        assert not appeared, f"written outside {out}: {sorted(appeared)}"
        assert set(tmp_path.parent.iterdir()) == around


CHECKED_BY_MAKE = [
    "date-bounded-without-date-note",
    "source-unknown-field",
    "body-word-changed",
    "captured-text-invalid-utf8",
    "registry-fingerprint-changed",
]


@pytest.mark.parametrize("name", CHECKED_BY_MAKE)
def test_make_check_reports_what_the_build_reports(project, name):
    """`make check` (scripts/publish.py --check) fails on the same data as the build, with the
    same report, and without a traceback."""
    BY_NAME[name].breaks(project)
    report = problems_of(project)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "scripts/publish.py", "--check"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == report + "\n"
