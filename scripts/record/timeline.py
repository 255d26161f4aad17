"""Load step for ``timeline.yaml``: threads, people and events, with line numbers.

This module checks the *shape* of each entry (fields, types, slugs, dates);
cross-references between entries and the corpus are the ``check`` step's job.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem, RecordError
from .text import slug_ok

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
QUALIFIERS = {"on-or-before": "on or before", "on-or-after": "on or after"}
PRECISIONS = {4: "year", 7: "month", 10: "day"}
THREAD_FIELDS = ("id", "title", "description")
PERSON_FIELDS = ("id", "name", "role", "spellings")
EVENT_FIELDS = ("id", "date", "date_qualifier", "date_note", "title", "summary", "people", "thread", "claims")
CLAIM_FIELDS = ("source", "quote")


@dataclass(frozen=True)
class EventDate:
    """An ISO 8601 date at the precision the texts support: 1991, 2006-08, 2007-08-13."""

    iso: str
    qualifier: str | None = None

    @property
    def precision(self) -> str:
        return PRECISIONS[len(self.iso)]

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.iso.split("-"))

    def display(self) -> str:
        """'13 August 2007', 'August 2006', '1991': never more precise than known."""
        parts = self.parts
        text = str(parts[0])
        if len(parts) >= 2:
            text = f"{MONTHS[parts[1] - 1]} {text}"
        if len(parts) == 3:
            text = f"{parts[2]} {text}"
        if self.qualifier:
            text = f"{QUALIFIERS[self.qualifier]} {text}"
        return text

    def sort_key(self) -> tuple[int, int, int, int]:
        """Chronological; a bound date sorts before/after the same date known exactly."""
        parts = self.parts + (0,) * (3 - len(self.parts))
        order = {"on-or-before": -1, None: 0, "on-or-after": 1}[self.qualifier]
        return (*parts, order)  # type: ignore[return-value]


@dataclass
class Claim:
    source: str
    quote: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # field name -> line of its key

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass
class Event:
    id: str
    date: EventDate
    title: str
    summary: str
    people: list[str]
    thread: str
    claims: list[Claim]
    line: int
    date_note: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # field name -> line of its key

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


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


class _LineLoader(yaml.SafeLoader):
    """Safe loader that remembers where every mapping starts (key '__line__') and where each of
    its keys is (key '__lines__'), so that a problem points at the offending line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {key.value: key.start_mark.line + 1 for key, _ in node.value
                            if isinstance(key, yaml.ScalarNode)}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_date(value: object) -> tuple[str | None, str]:
    """Return (iso, '') for a valid date, or (None, reason)."""
    if isinstance(value, dt.date):  # unquoted 2007-08-13 arrives as a date
        value = value.isoformat()
    elif isinstance(value, int):    # unquoted 1991 arrives as an int
        value = str(value)
    if not isinstance(value, str) or not _DATE.match(value):
        return None, f"'{value}' is not written YYYY, YYYY-MM or YYYY-MM-DD"
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        return None, f"'{value}' is not a real date ({exc})"
    return value, ""


class _Reader:
    """Collects shape problems while turning YAML mappings into typed entries."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def problem(self, item: dict, entry: str, message: str, hint: str = "", key: str | None = None) -> None:
        """Report a problem at the line of ``key`` in ``item`` (or where the item starts)."""
        line = (item.get("__lines__") or {}).get(key, item.get("__line__"))
        self.problems.append(Problem(self.rel, message, hint, line, entry))

    def text(self, item: dict, key: str, entry: str, required: bool = True) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(item, entry, f"missing required field '{key}'", f"Add '{key}:' to this entry.")
            return ""
        if not isinstance(value, str):
            self.problem(item, entry, f"'{key}' must be text, not {type(value).__name__}",
                         f"Quote the value of '{key}'.", key)
            return str(value)
        return value

    def known_fields(self, item: dict, entry: str, allowed: tuple[str, ...]) -> None:
        for key in item:
            if key not in ("__line__", "__lines__") and key not in allowed:
                self.problem(item, entry, f"unknown field '{key}'",
                             f"Fields allowed here: {', '.join(allowed)}. Check the spelling.", key)

    def ident(self, item: dict, kind: str, index: int) -> str:
        value = item.get("id")
        entry = f"{kind} #{index + 1}"
        if value is None:
            self.problem(item, entry, "missing required field 'id'",
                         "Give the entry a permanent lowercase id, e.g. 'hellwig-sues-vmware'.")
            return ""
        if not slug_ok(value):
            self.problem(item, f"{kind} '{value}'", f"id '{value}' is not a lowercase slug",
                         "Use lowercase letters, digits and single hyphens (ids are permanent URLs).", "id")
        return str(value)

    def id_list(self, item: dict, key: str, entry: str) -> list[str]:
        value = item.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(item, entry, f"'{key}' must be a list of ids", f"Write {key}: [id-one, id-two].", key)
            return []
        return value


def _items(data: dict, key: str, reader: _Reader) -> list[dict]:
    value = data.get(key)
    if value is None:
        reader.problems.append(Problem(reader.rel, f"missing the top-level '{key}:' list",
                                       f"Add '{key}:' with its entries (see README, 'Adding an event')."))
        return []
    if not isinstance(value, list):
        reader.problems.append(Problem(reader.rel, f"'{key}' must be a list of entries"))
        return []
    good = []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            good.append(item)
        else:
            reader.problems.append(Problem(reader.rel, f"{key} #{index + 1} is not a mapping of fields",
                                           "Each entry starts with '- id: ...'."))
    return good


def load_timeline(path: Path, root: Path | None = None) -> tuple[Timeline, list[Problem]]:
    """Read ``timeline.yaml``; return the timeline and every shape problem."""
    rel = str(path.relative_to(root)) if root and path.is_relative_to(root) else path.name
    timeline = Timeline(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        return timeline, [Problem(rel, "file not found", "Create timeline.yaml (see README, 'Adding an event').")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        return timeline, [Problem(rel, f"YAML syntax error: {what}", "Fix the syntax at this line "
                                  "(check indentation, and quote text containing ':' or '#').", line)]
    if not isinstance(data, dict):
        return timeline, [Problem(rel, "the file must be a mapping with threads, people and events")]
    reader = _Reader(rel)

    for index, item in enumerate(_items(data, "threads", reader)):
        tid = reader.ident(item, "thread", index)
        entry = f"thread '{tid}'"
        reader.known_fields(item, entry, THREAD_FIELDS)
        timeline.threads.append(Thread(tid, reader.text(item, "title", entry),
                                       reader.text(item, "description", entry, required=False),
                                       item["__line__"]))

    for index, item in enumerate(_items(data, "people", reader)):
        pid = reader.ident(item, "person", index)
        entry = f"person '{pid}'"
        reader.known_fields(item, entry, PERSON_FIELDS)
        spellings = reader.id_list(item, "spellings", entry)
        timeline.people.append(Person(pid, reader.text(item, "name", entry), reader.text(item, "role", entry),
                                      spellings, item["__line__"]))

    for index, item in enumerate(_items(data, "events", reader)):
        eid = reader.ident(item, "event", index)
        entry = f"event '{eid}'"
        reader.known_fields(item, entry, EVENT_FIELDS)
        iso, why = parse_date(item.get("date"))
        if item.get("date") is None:
            reader.problem(item, entry, "missing required field 'date'",
                           "Add date: \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" at the precision the texts support.")
        elif iso is None:
            reader.problem(item, entry, f"date {why}",
                           "Write the date as a quoted ISO string at the precision the texts support, "
                           "e.g. \"2006-08\".", "date")
        qualifier = item.get("date_qualifier")
        if qualifier is not None and qualifier not in QUALIFIERS:
            reader.problem(item, entry, f"date_qualifier '{qualifier}' is not one of {', '.join(QUALIFIERS)}",
                           "Use it only when the texts bound the date, and explain in date_note.", "date_qualifier")
            qualifier = None
        if qualifier and not item.get("date_note"):
            reader.problem(item, entry, "a qualified date needs a date_note saying how the texts bound it",
                           "Add date_note: saying which text bounds the date, and how.", "date_qualifier")
        claims = []
        raw_claims = item.get("claims")
        if not isinstance(raw_claims, list) or not raw_claims:
            reader.problem(item, entry, "needs at least one claim",
                           "Add claims: - source: <source id>\n      quote: \"<verbatim passage>\"", "claims")
            raw_claims = []
        for number, raw in enumerate(raw_claims, start=1):
            if not isinstance(raw, dict):
                reader.problem(item, entry, f"claim #{number} is not a mapping with source and quote")
                continue
            centry = f"{entry}, claim #{number}"
            reader.known_fields(raw, centry, CLAIM_FIELDS)
            claims.append(Claim(reader.text(raw, "source", centry), reader.text(raw, "quote", centry),
                                raw["__line__"], raw["__lines__"]))
        timeline.events.append(Event(
            id=eid, date=EventDate(iso or "0001", qualifier), title=reader.text(item, "title", entry),
            summary=reader.text(item, "summary", entry), people=reader.id_list(item, "people", entry),
            thread=reader.text(item, "thread", entry), claims=claims, line=item["__line__"],
            date_note=reader.text(item, "date_note", entry, required=False) or None, lines=item["__lines__"]))
    timeline.events.sort(key=lambda e: e.date.sort_key())
    return timeline, reader.problems


def load_timeline_or_raise(path: Path, root: Path | None = None) -> Timeline:
    timeline, problems = load_timeline(path, root)
    if problems:
        raise RecordError(problems)
    return timeline
