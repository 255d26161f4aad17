"""Load step for the analysis layer: ``analysis/*.yaml``, each entry resting on quoted passages.

Four files, each optional (a record may have no analysis yet), each a list of entries of one kind:

- ``discrepancies.yaml``: where the texts disagree (``discrepancies:``), each side quoted;
- ``arguments.yaml``: the question's ``topics:``, the ESX/ESXi ``architectures:`` the arguments are
  about, and the ``arguments:`` the texts make, each with the arguments it ``answers``;
- ``quotations.yaml``: statements the corpus quotes more than once (``quotations:``), every version;
- ``glossary.yaml``: the terms a reader meets (``terms:``), with the passages that use them.

A passage is written as a claim is in ``timeline.yaml`` (``source``, ``quote``, optional
``paragraph``) and checked the same way, verbatim, by the link step. This module checks shapes;
cross-references are the ``check`` step's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..dates import RecordDate
from ..errors import Problem
from .timeline import Claim, _items, _Reader
from .yamlfile import YamlMap, read_text_file, read_yaml

FOLDER = "analysis"
KINDS_OF_DISCREPANCY = {
    "spelling": "a name spelled differently",
    "date": "a date or year given differently",
    "technical": "a technical fact stated differently",
    "wording": "the same statement quoted in different words",
    "misquotation": "a text quoting another differently from what it wrote",
    "overtaken": "a statement a later text overtakes",
    "claim": "two texts asserting opposite things",
}
SIDES = {  # which way an argument points; a description of the argument, never our verdict
    "derived": "argues that the VMkernel is a derived work of Linux, or may be",
    "not-derived": "argues that the VMkernel is not a derived work of Linux",
    "context": "bears on the question without taking a side",
}
PASSAGE_FIELDS = ("source", "quote", "paragraph")


@dataclass
class Side:
    label: str  # our words: whose account this is ("VentureCake", "Amsden")
    passages: list[Claim]
    line: int


@dataclass
class Discrepancy:
    id: str
    title: str
    kind: str
    sides: list[Side]
    note: str
    line: int
    events: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def passages(self) -> list[Claim]:
        return [p for side in self.sides for p in side.passages]


@dataclass
class Topic:
    id: str
    title: str
    description: str
    line: int


@dataclass
class Architecture:
    id: str
    title: str
    description: str
    passages: list[Claim]
    line: int


@dataclass
class Argument:
    id: str
    topic: str
    title: str
    side: str
    summary: str
    date: RecordDate | None
    passages: list[Claim]
    line: int
    by: list[str] = field(default_factory=list)  # people
    architectures: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # arguments this one answers
    events: list[str] = field(default_factory=list)
    date_note: str | None = None
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Quotation:
    """One statement quoted more than once in the corpus: each version as it is printed."""

    id: str
    title: str
    note: str
    versions: list[Claim]
    line: int
    people: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def passages(self) -> list[Claim]:
        return self.versions


@dataclass
class Term:
    id: str
    term: str
    forms: list[str]  # the spellings that link to the entry on first use ("VMkernel", "vmkernel")
    definition: str
    passages: list[Claim]
    line: int
    related: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Analysis:
    discrepancies: list[Discrepancy] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    architectures: list[Architecture] = field(default_factory=list)
    arguments: list[Argument] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)

    def entries(self) -> list[tuple[str, str, object]]:
        """(file, kind, entry) for every entry that rests on passages."""
        return (
            [(f"{FOLDER}/discrepancies.yaml", "discrepancy", d) for d in self.discrepancies]
            + [(f"{FOLDER}/arguments.yaml", "architecture", a) for a in self.architectures]
            + [(f"{FOLDER}/arguments.yaml", "argument", a) for a in self.arguments]
            + [(f"{FOLDER}/quotations.yaml", "quotation", q) for q in self.quotations]
            + [(f"{FOLDER}/glossary.yaml", "term", t) for t in self.terms]
        )


class _AnalysisReader(_Reader):
    def passages(self, item: YamlMap, key: str, entry: str, least: int = 1) -> list[Claim]:
        """The quoted passages under ``key``: each {source, quote, paragraph?}."""
        raw = item.get(key)
        if not isinstance(raw, list) or len(raw) < least:
            self.problem(
                item,
                entry,
                f"needs at least {least} quoted passage{'s' if least > 1 else ''} under '{key}'",
                f'Write {key}: - source: <source id>\n      quote: "<verbatim passage>"',
                key if key in item else None,
            )
            raw = raw if isinstance(raw, list) else []
        found = []
        for number, passage in enumerate(raw, start=1):
            pentry = f"{entry}, {key} #{number}"
            if not isinstance(passage, dict):
                self.problem(
                    item,
                    pentry,
                    "a passage is not a mapping with source and quote",
                    "Write it as '- source: <source id>' with 'quote: \"...\"' below.",
                    key,
                )
                continue
            self.known_fields(passage, pentry, PASSAGE_FIELDS)
            quote, paragraph = self.quoted(passage, pentry)
            found.append(
                Claim(
                    self.text(passage, "source", pentry),
                    quote,
                    passage.line,
                    passage.lines,
                    paragraph,
                )
            )
        return found

    def choice(self, item: YamlMap, key: str, entry: str, allowed: dict) -> str:
        value = self.text(item, key, entry)
        if value and value not in allowed:
            self.problem(
                item,
                entry,
                f"{key} '{value}' is not one of: {', '.join(allowed)}",
                "; ".join(f"{k}: {v}" for k, v in allowed.items()) + ".",
                key,
            )
        return value

    def date_of(self, item: YamlMap, entry: str) -> RecordDate | None:
        if item.get("date") is None:
            return None
        return self.date(item, entry)


def _read(path: Path, rel: str, keys: tuple[str, ...]) -> tuple[dict | None, list[Problem]]:
    if not path.exists():
        return None, []
    text, problems = read_text_file(path, rel, "Save the file as UTF-8.")
    if text is None:
        return None, problems
    data, problems = read_yaml(text, rel)
    if problems:
        return None, problems
    if data is None:
        return None, []
    if not isinstance(data, dict):
        return None, [
            Problem(rel, f"the file must be a mapping with {', '.join(keys)}", "See README.")
        ]
    unknown = [
        Problem(
            rel,
            f"unknown top-level key '{key}'",
            f"The file holds {', '.join(f'{k}:' for k in keys)} only. Check the spelling.",
            data.line_of(str(key)),
        )
        for key in data
        if key not in keys
    ]
    return data, unknown


def _listed(data: dict, key: str, reader: _Reader) -> list[YamlMap]:
    return _items(data, key, reader) if data.get(key) is not None else []


def load_analysis(root: Path) -> tuple[Analysis, list[Problem]]:
    """Read ``analysis/*.yaml`` under ``root``; return the analysis and every shape problem."""
    analysis, problems = Analysis(), []
    folder = root / FOLDER

    rel = f"{FOLDER}/discrepancies.yaml"
    data, found = _read(folder / "discrepancies.yaml", rel, ("discrepancies",))
    problems += found
    if data:
        reader = _AnalysisReader(rel)
        for index, item in enumerate(_listed(data, "discrepancies", reader)):
            did = reader.ident(item, "discrepancy", index)
            entry = f"discrepancy '{did}'"
            reader.known_fields(
                item, entry, ("id", "title", "kind", "sides", "note", "events", "people", "terms")
            )
            sides = []
            raw_sides = item.get("sides")
            if not isinstance(raw_sides, list) or len(raw_sides) < 2:
                reader.problem(
                    item,
                    entry,
                    "needs at least two sides",
                    "Write sides: - label: <whose account>\n      passages: [...] (two or more).",
                    "sides" if "sides" in item else None,
                )
                raw_sides = raw_sides if isinstance(raw_sides, list) else []
            for number, side in enumerate(raw_sides, start=1):
                sentry = f"{entry}, side #{number}"
                if not isinstance(side, dict):
                    reader.problem(item, sentry, "a side is not a mapping", "See README.", "sides")
                    continue
                reader.known_fields(side, sentry, ("label", "passages"))
                sides.append(
                    Side(
                        reader.text(side, "label", sentry),
                        reader.passages(side, "passages", sentry),
                        side.line,
                    )
                )
            analysis.discrepancies.append(
                Discrepancy(
                    did,
                    reader.text(item, "title", entry),
                    reader.choice(item, "kind", entry, KINDS_OF_DISCREPANCY),
                    sides,
                    reader.text(item, "note", entry),
                    item.line,
                    reader.id_list(item, "events", entry),
                    reader.id_list(item, "people", entry),
                    reader.id_list(item, "terms", entry),
                    item.lines,
                )
            )
        problems += reader.problems

    rel = f"{FOLDER}/arguments.yaml"
    data, found = _read(folder / "arguments.yaml", rel, ("topics", "architectures", "arguments"))
    problems += found
    if data:
        reader = _AnalysisReader(rel)
        for index, item in enumerate(_listed(data, "topics", reader)):
            tid = reader.ident(item, "topic", index)
            entry = f"topic '{tid}'"
            reader.known_fields(item, entry, ("id", "title", "description"))
            analysis.topics.append(
                Topic(
                    tid,
                    reader.text(item, "title", entry),
                    reader.text(item, "description", entry, required=False),
                    item.line,
                )
            )
        for index, item in enumerate(_listed(data, "architectures", reader)):
            aid = reader.ident(item, "architecture", index)
            entry = f"architecture '{aid}'"
            reader.known_fields(item, entry, ("id", "title", "description", "passages"))
            analysis.architectures.append(
                Architecture(
                    aid,
                    reader.text(item, "title", entry),
                    reader.text(item, "description", entry),
                    reader.passages(item, "passages", entry),
                    item.line,
                )
            )
        fields = (
            "id",
            "topic",
            "title",
            "side",
            "summary",
            "by",
            "date",
            "date_note",
            "architectures",
            "passages",
            "answers",
            "events",
        )
        for index, item in enumerate(_listed(data, "arguments", reader)):
            aid = reader.ident(item, "argument", index)
            entry = f"argument '{aid}'"
            reader.known_fields(item, entry, fields)
            date = reader.date_of(item, entry)
            if date is not None and not date.stated and not item.get("date_note"):
                reader.problem(
                    item,
                    entry,
                    "a bounded or uncertain date needs a date_note saying how the texts bound it",
                    "Add date_note: saying which text bounds the date, and how.",
                    "date",
                )
            analysis.arguments.append(
                Argument(
                    aid,
                    reader.text(item, "topic", entry),
                    reader.text(item, "title", entry),
                    reader.choice(item, "side", entry, SIDES),
                    reader.text(item, "summary", entry),
                    date,
                    reader.passages(item, "passages", entry),
                    item.line,
                    reader.id_list(item, "by", entry),
                    reader.id_list(item, "architectures", entry),
                    reader.id_list(item, "answers", entry),
                    reader.id_list(item, "events", entry),
                    reader.text(item, "date_note", entry, required=False) or None,
                    item.lines,
                )
            )
        problems += reader.problems

    rel = f"{FOLDER}/quotations.yaml"
    data, found = _read(folder / "quotations.yaml", rel, ("quotations",))
    problems += found
    if data:
        reader = _AnalysisReader(rel)
        for index, item in enumerate(_listed(data, "quotations", reader)):
            qid = reader.ident(item, "quotation", index)
            entry = f"quotation '{qid}'"
            reader.known_fields(
                item, entry, ("id", "title", "note", "versions", "people", "events")
            )
            analysis.quotations.append(
                Quotation(
                    qid,
                    reader.text(item, "title", entry),
                    reader.text(item, "note", entry, required=False),
                    reader.passages(item, "versions", entry, least=2),
                    item.line,
                    reader.id_list(item, "people", entry),
                    reader.id_list(item, "events", entry),
                    item.lines,
                )
            )
        problems += reader.problems

    rel = f"{FOLDER}/glossary.yaml"
    data, found = _read(folder / "glossary.yaml", rel, ("terms",))
    problems += found
    if data:
        reader = _AnalysisReader(rel)
        for index, item in enumerate(_listed(data, "terms", reader)):
            tid = reader.ident(item, "term", index)
            entry = f"term '{tid}'"
            reader.known_fields(
                item, entry, ("id", "term", "forms", "definition", "passages", "related")
            )
            term = reader.text(item, "term", entry)
            forms = reader.id_list(item, "forms", entry) or ([term] if term else [])
            analysis.terms.append(
                Term(
                    tid,
                    term,
                    forms,
                    reader.text(item, "definition", entry),
                    reader.passages(item, "passages", entry),
                    item.line,
                    reader.id_list(item, "related", entry),
                    item.lines,
                )
            )
        problems += reader.problems
    return analysis, problems
