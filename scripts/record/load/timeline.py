"""Load step for ``timeline.yaml``: threads, people and events, each with the lines it came from.

This module checks the *shape* of each entry (fields, types, slugs, dates); cross-references
between entries and the corpus are the ``check`` and ``link`` steps' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import EXAMPLES, DateError, RecordDate
from ..errors import Problem, RecordError
from ..text import RESERVED_IDS, slug_ok
from .yamlfile import YamlList, YamlMap, kind_of, read_text_file, read_yaml

THREAD_FIELDS = ("id", "title", "description")
PERSON_FIELDS = ("id", "name", "role", "spellings")
ORGANIZATION_FIELDS = ("id", "name", "role", "spellings")
EVENT_FIELDS = (
    "id",
    "date",
    "date_note",
    "title",
    "summary",
    "people",
    "organizations",
    "thread",
    "claims",
    "references",
    "date_source",
)
# Where a day comes from when no text writes it in its prose: a web address (the Register's
# /2007/08/16/, the Conservancy's /2015/mar/05/). Such a day is shown, with its note, but a
# calendar holds only the days the texts state.
DATE_SOURCES = ("text", "address")
REFERENCE_FIELDS = ("publisher", "title", "author", "date", "url", "language")
_HTTP = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47, as "de" or "en-GB"
CLAIM_FIELDS = ("source", "quote", "paragraph", "evidence")
# What a claim's passage is, as evidence of the event: the statement itself (the post, the
# comment, the quoted message), or a report of a statement whose own text the corpus lacks.
EVIDENCE = {
    "statement": "the passage is the statement itself, in its author's words",
    "report": "the passage reports a statement or fact whose own text is not in the corpus",
}
MAX_SUMMARY = 3000  # characters: summaries are short, and Markdown slows badly on long odd ones
MAX_SUMMARY_BRACKETS = 100  # Python-Markdown takes quadratic time on unmatched "["
MIN_QUOTE_WORDS = 4  # a shorter quote could be from anywhere: it cannot show where it comes from
_PARAGRAPH = re.compile(r"^p[1-9][0-9]*$")


@dataclass
class Claim:
    source: str
    quote: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # field name -> line of its key
    paragraph: str | None = None  # the paragraph (p12), when the quote is in more than one
    evidence: str = "report"  # a key of EVIDENCE

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class Reference:
    """A publication outside the corpus that an external event rests on (never quoted beyond its
    title: the event's summary is ours)."""

    publisher: str
    title: str
    date: RecordDate
    url: str
    language: str
    author: str | None = None


@dataclass
class Event:
    id: str
    date: RecordDate
    title: str
    summary: str
    people: list[str]
    thread: str
    claims: list[Claim]
    line: int
    date_note: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # field name -> line of its key
    organizations: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)  # an event from outside the corpus
    date_source: str = "text"  # "address": the day comes from a web address, not from prose

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    @property
    def external(self) -> bool:
        """From outside the corpus: it rests on references, not on quoted passages."""
        return bool(self.references)

    @property
    def evidence(self) -> str:
        """The event's evidence: 'external' when it rests on references outside the corpus,
        'statement' when a claim is the statement itself, else 'report'."""
        if self.external:
            return "external"
        return "statement" if any(c.evidence == "statement" for c in self.claims) else "report"

    @property
    def date_inferred(self) -> bool:
        """The date is a bound, a range or uncertain: the corpus infers it, no text states it."""
        return not self.date.stated


@dataclass
class Person:
    id: str
    name: str
    role: str
    spellings: list[str]
    line: int


@dataclass
class Thread:
    id: str
    title: str
    description: str
    line: int


@dataclass
class Timeline:
    path: Path
    threads: list[Thread] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    organizations: list[Person] = field(default_factory=list)  # same fields as a person


class _Reader:
    """Collects shape problems while turning YAML mappings into typed entries."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def problem(
        self, item: YamlMap, entry: str, message: str, hint: str = "", key: str | None = None
    ) -> None:
        """Report a problem at the line of ``key`` in ``item`` (or where the item starts)."""
        line = item.line_of(key) if key else item.line
        self.problems.append(Problem(self.rel, message, hint, line, entry))

    def text(self, item: YamlMap, key: str, entry: str, required: bool = True) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(
                    item, entry, f"missing required field '{key}'", f"Add '{key}:' to this entry."
                )
            return ""
        if not isinstance(value, str):
            self.problem(
                item,
                entry,
                f"'{key}' must be text, not {kind_of(value)}",
                f"Quote the value of '{key}'.",
                key,
            )
            return str(value)
        return value

    def known_fields(self, item: YamlMap, entry: str, allowed: tuple[str, ...]) -> None:
        for key in item:
            if key not in allowed:
                hint = f"Fields allowed here: {', '.join(allowed)}. Check the spelling."
                if key == "date_qualifier":
                    hint = (
                        "Write the bound in the date itself: [..2006-08] (on or before), "
                        "[2006-08..] (on or after)."
                    )
                self.problem(item, entry, f"unknown field '{key}'", hint, str(key))

    def quoted(self, raw: YamlMap, entry: str) -> tuple[str, str | None]:
        """A quoted passage's ``quote`` (at least ``MIN_QUOTE_WORDS`` words) and its optional
        ``paragraph`` (an anchor such as p12), as claims and analysis passages write them."""
        quote = self.text(raw, "quote", entry)
        if quote and len(quote.split()) < MIN_QUOTE_WORDS:
            self.problem(
                raw,
                entry,
                f'the quote "{quote}" is shorter than {MIN_QUOTE_WORDS} words, '
                "too short to show which passage it comes from",
                f"Quote at least {MIN_QUOTE_WORDS} words of the passage.",
                "quote",
            )
        paragraph = raw.get("paragraph")
        if paragraph is not None and not (
            isinstance(paragraph, str) and _PARAGRAPH.match(paragraph)
        ):
            self.problem(
                raw,
                entry,
                f"paragraph '{paragraph}' is not a paragraph anchor",
                "Write it as on the source's page: p12 for paragraph 12.",
                "paragraph",
            )
            paragraph = None
        return quote, paragraph

    def choice_of(
        self, item: YamlMap, key: str, entry: str, allowed: tuple[str, ...], default: str
    ) -> str:
        value = item.get(key, default)
        if value not in allowed:
            self.problem(
                item,
                entry,
                f"{key} '{value}' is not one of: {', '.join(allowed)}",
                f"Write {key}: {allowed[-1]} or leave it out.",
                key,
            )
            return default
        return value

    def references(self, item: YamlMap, entry: str) -> list[Reference]:
        """``references:`` of an event from outside the corpus: each {publisher, title, date,
        url, language, author?}, with an http(s) url and an EDTF date."""
        raw = item.get("references")
        if raw is None:
            return []
        hint = (
            "Write references: - publisher: <who published it>\n        title: <its title>\n"
            '        date: "<EDTF>"\n        url: <https://...>\n        language: <de, en...>'
        )
        if not isinstance(raw, list) or not raw:
            self.problem(
                item, entry, "references must be a list of publications", hint, "references"
            )
            return []
        found = []
        for number, ref in enumerate(raw, start=1):
            rentry = f"{entry}, reference #{number}"
            if not isinstance(ref, dict):
                self.problem(item, rentry, "a reference is not a mapping", hint, "references")
                continue
            self.known_fields(ref, rentry, REFERENCE_FIELDS)
            url = self.text(ref, "url", rentry)
            if url and not _HTTP.match(url):
                self.problem(
                    ref,
                    rentry,
                    f"url '{url}' is not an http(s) address",
                    "Give the full https:// address.",
                    "url",
                )
                url = ""
            language = self.text(ref, "language", rentry)
            if language and not _LANGUAGE.match(language):
                self.problem(
                    ref,
                    rentry,
                    f"language '{language}' is not a language tag",
                    "Write de, en, fr...",
                    "language",
                )
            date = self.date(ref, rentry)
            found.append(
                Reference(
                    self.text(ref, "publisher", rentry),
                    self.text(ref, "title", rentry),
                    date or RecordDate.parse("0001"),
                    url,
                    language,
                    self.text(ref, "author", rentry, required=False) or None,
                )
            )
        return found

    def ident(self, item: YamlMap, kind: str, index: int) -> str:
        value = item.get("id")
        entry = f"{kind} #{index + 1}"
        if value is None:
            self.problem(
                item,
                entry,
                "missing required field 'id'",
                "Give the entry a permanent lowercase id, e.g. 'hellwig-sues-vmware'.",
            )
            return ""
        if kind == "event" and isinstance(value, str) and re.fullmatch(r"year-[0-9]+", value):
            self.problem(
                item,
                f"{kind} '{value}'",
                f"id '{value}' is reserved: the timeline's year headings carry it",
                "Choose another id.",
                "id",
            )
        elif isinstance(value, str) and value in RESERVED_IDS:
            self.problem(
                item,
                f"{kind} '{value}'",
                f"id '{value}' is reserved: it names the list page of its folder",
                "Choose another id.",
                "id",
            )
        elif not slug_ok(value):
            self.problem(
                item,
                f"{kind} '{value}'",
                f"id '{value}' is not a lowercase slug",
                "Use lowercase letters, digits and single hyphens (ids are permanent URLs).",
                "id",
            )
        return str(value)

    def id_list(self, item: YamlMap, key: str, entry: str) -> list[str]:
        value = item.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                item,
                entry,
                f"'{key}' must be a list of ids",
                f"Write {key}: [id-one, id-two].",
                key,
            )
            return []
        twice = sorted({v for v in value if value.count(v) > 1})
        if twice:
            self.problem(
                item,
                entry,
                f"'{key}' lists {', '.join(twice)} more than once",
                "List each once.",
                key,
            )
        return value

    def date(self, item: YamlMap, entry: str) -> RecordDate | None:
        value = item.get("date")
        if value is None:
            self.problem(
                item,
                entry,
                "missing required field 'date'",
                'Add date: at the precision the texts support, e.g. "2007-08-13" or "2006-08".',
            )
            return None
        try:
            return RecordDate.parse(value)
        except DateError as exc:
            self.problem(
                item,
                entry,
                f"date {exc}",
                "Write the date in EDTF, quoted, at the precision the texts support: "
                + ", ".join(EXAMPLES)
                + ".",
                "date",
            )
            return None


def _items(data: dict, key: str, reader: _Reader) -> list[YamlMap]:
    value = data.get(key)
    if value is None:
        reader.problems.append(
            Problem(
                reader.rel,
                f"missing the top-level '{key}:' list",
                f"Add '{key}:' with its entries (see README, 'Adding an event').",
            )
        )
        return []
    if not isinstance(value, list):
        reader.problems.append(
            Problem(
                reader.rel,
                f"'{key}' must be a list of entries",
                f"Write each entry under '{key}:' as '  - id: ...' with its fields below.",
                data.line_of(key),
            )
        )
        return []
    good = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            good.append(item)
        else:
            reader.problems.append(
                Problem(
                    reader.rel,
                    f"{key} #{index + 1} is not a mapping of fields",
                    "Each entry starts with '- id: ...'.",
                    value.line_of(index) if isinstance(value, YamlList) else data.line_of(key),
                )
            )
    return good


def load_timeline(path: Path, root: Path | None = None) -> tuple[Timeline, list[Problem]]:
    """Read ``timeline.yaml``; return the timeline and every shape problem."""
    rel = str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name
    timeline = Timeline(path)
    if not path.exists():
        return timeline, [
            Problem(rel, "file not found", "Create timeline.yaml (see README, 'Adding an event').")
        ]
    text, problems = read_text_file(path, rel, "Save the file as UTF-8.")
    if text is None:
        return timeline, problems
    data, problems = read_yaml(text, rel)
    if problems:
        return timeline, problems
    if not isinstance(data, dict):
        return timeline, [
            Problem(
                rel,
                "the file must be a mapping with threads, people and events",
                "Start it with 'threads:', 'people:' and 'events:' lists (see README).",
            )
        ]
    reader = _Reader(rel)
    for key in data:
        if key not in ("threads", "people", "organizations", "events"):
            reader.problems.append(
                Problem(
                    rel,
                    f"unknown top-level key '{key}'",
                    "The file holds threads:, people:, organizations: and events: only. "
                    "Check the spelling.",
                    data.line_of(str(key)),
                )
            )

    for index, item in enumerate(_items(data, "threads", reader)):
        tid = reader.ident(item, "thread", index)
        entry = f"thread '{tid}'"
        reader.known_fields(item, entry, THREAD_FIELDS)
        timeline.threads.append(
            Thread(
                tid,
                reader.text(item, "title", entry),
                reader.text(item, "description", entry, required=False),
                item.line,
            )
        )

    for index, item in enumerate(_items(data, "people", reader)):
        pid = reader.ident(item, "person", index)
        entry = f"person '{pid}'"
        reader.known_fields(item, entry, PERSON_FIELDS)
        spellings = reader.id_list(item, "spellings", entry)
        timeline.people.append(
            Person(
                pid,
                reader.text(item, "name", entry),
                reader.text(item, "role", entry),
                spellings,
                item.line,
            )
        )

    if data.get("organizations") is not None:  # optional: a record may name no organization
        for index, item in enumerate(_items(data, "organizations", reader)):
            oid = reader.ident(item, "organization", index)
            entry = f"organization '{oid}'"
            reader.known_fields(item, entry, ORGANIZATION_FIELDS)
            timeline.organizations.append(
                Person(
                    oid,
                    reader.text(item, "name", entry),
                    reader.text(item, "role", entry),
                    reader.id_list(item, "spellings", entry),
                    item.line,
                )
            )

    for index, item in enumerate(_items(data, "events", reader)):
        eid = reader.ident(item, "event", index)
        entry = f"event '{eid}'"
        reader.known_fields(item, entry, EVENT_FIELDS)
        date = reader.date(item, entry)
        if (
            date is not None
            and (date.kind != "date" or date.bound.qualifier)
            and not item.get("date_note")
        ):
            reader.problem(
                item,
                entry,
                "a bounded or uncertain date needs a date_note saying how the texts bound it",
                "Add date_note: saying which text bounds the date, and how.",
                "date",
            )
        claims = []
        raw_claims = item.get("claims")
        references = reader.references(item, entry)
        if "references" in item and "claims" in item:
            reader.problem(
                item,
                entry,
                "an event rests either on claims (the corpus) or on references (outside it), "
                "never on both",
                "Make the facts from outside the corpus an event of their own, with references:.",
                "references",
            )
        if "references" in item:
            raw_claims = []
        elif not isinstance(raw_claims, list) or not raw_claims:
            reader.problem(
                item,
                entry,
                "needs at least one claim",
                'Add claims: - source: <source id>\n      quote: "<verbatim passage>"',
                "claims",
            )
            raw_claims = []
        for number, raw in enumerate(raw_claims, start=1):
            if not isinstance(raw, dict):
                reader.problem(
                    item,
                    entry,
                    f"claim #{number} is not a mapping with source and quote",
                    "Write it as '- source: <source id>' with 'quote: \"...\"' below.",
                    key="claims",
                )
                continue
            centry = f"{entry}, claim #{number}"
            reader.known_fields(raw, centry, CLAIM_FIELDS)
            quote, paragraph = reader.quoted(raw, centry)
            evidence = raw.get("evidence")
            if evidence not in EVIDENCE:
                reader.problem(
                    raw,
                    centry,
                    "missing required field 'evidence'"
                    if evidence is None
                    else f"evidence '{evidence}' is not one of {', '.join(EVIDENCE)}",
                    "Add evidence: statement (the passage is the statement itself, in its "
                    "author's words) or evidence: report (the text reports a statement whose own "
                    "text is not in the corpus).",
                    "evidence" if evidence is not None else None,
                )
                evidence = "report"
            claims.append(
                Claim(
                    reader.text(raw, "source", centry),
                    quote,
                    raw.line,
                    raw.lines,
                    paragraph,
                    evidence,
                )
            )
        summary = reader.text(item, "summary", entry)
        if summary.count("[") > MAX_SUMMARY_BRACKETS:
            reader.problem(
                item,
                entry,
                f"the summary has {summary.count('[')} '[', more than {MAX_SUMMARY_BRACKETS}",
                "A summary has a few links at most: write "
                "brackets as text in the quotes, not in the summary.",
                "summary",
            )
            summary = summary.replace("[", "(")
        if len(summary) > MAX_SUMMARY:
            reader.problem(
                item,
                entry,
                f"the summary is {len(summary)} characters long, more than {MAX_SUMMARY}",
                "Keep it to a short paragraph or two.",
                "summary",
            )
            summary = summary[:MAX_SUMMARY]
        timeline.events.append(
            Event(
                id=eid,
                date=date or RecordDate.parse("0001"),
                title=reader.text(item, "title", entry),
                summary=summary,
                people=reader.id_list(item, "people", entry),
                organizations=reader.id_list(item, "organizations", entry),
                references=references,
                date_source=reader.choice_of(item, "date_source", entry, DATE_SOURCES, "text"),
                thread=reader.text(item, "thread", entry),
                claims=claims,
                line=item.line,
                date_note=reader.text(item, "date_note", entry, required=False) or None,
                lines=item.lines,
            )
        )
    timeline.events.sort(key=lambda e: e.date.sort_key())
    return timeline, reader.problems


def load_timeline_or_raise(path: Path, root: Path | None = None) -> Timeline:
    timeline, problems = load_timeline(path, root)
    if problems:
        raise RecordError(problems)
    return timeline
