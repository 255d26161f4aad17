"""Link step: each claim to the paragraph holding its quote, and each paragraph back to its claims.

This is the one place quotes are looked for. Each source's paragraphs are folded once (see
``text.fold``: whitespace and typographic quotes or dashes do not count) and each quote is found
once; what was found (the paragraph, the quote's place in it and in the source's plain text) is
carried on the ``LinkedClaim`` for every step after this one. The indexes the pages need (claims
of an event, claims citing a paragraph, events of a person) are built here, once.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .errors import Problem
from .load import Inputs
from .load.analysis import Analysis
from .load.sources import Block, Source
from .load.timeline import Claim, Event, Person, Thread, Timeline
from .site import paragraph_url
from .text import fold, locate

TIMELINE = "timeline.yaml"


class _Located:
    """A quote placed in its source: the paragraph, and where the quote lies in it."""

    source: Source
    block: Block
    start: int  # where the quote lies in block.text (the block's own characters)
    end: int

    @property
    def exact(self) -> str:
        """The quoted span as the source has it (quotes may differ in whitespace and typography)."""
        return self.block.text[self.start : self.end]

    @property
    def before(self) -> str:
        """The paragraph's text before the quote."""
        return self.block.text[: self.start]

    @property
    def plain_span(self) -> tuple[int, int]:
        """Where the quote lies in the source's plain text (``Source.plain_text``)."""
        offset = self.source.plain_text()[1][self.block.anchor]
        return offset + self.start, offset + self.end

    @property
    def url(self) -> str:
        """Site-relative URL of the paragraph, e.g. 'sources/register-2007/#p12'."""
        return paragraph_url(self.source.id, self.block.anchor)


@dataclass
class LinkedClaim(_Located):
    event: Event
    claim: Claim
    number: int  # the claim's place among its event's claims, from 1
    source: Source
    block: Block
    start: int
    end: int


@dataclass
class LinkedPassage(_Located):
    """A passage quoted by an entry of the analysis layer (a discrepancy's side, an argument, a
    version of a quotation, a glossary term), placed in its source like a claim."""

    kind: str  # "discrepancy", "argument", "architecture", "quotation", "term"
    entry: object  # the entry (load.analysis)
    passage: Claim
    number: int  # its place among the entry's passages, from 1
    source: Source
    block: Block
    start: int
    end: int

    @property
    def claim(self) -> Claim:  # what a claim's templates read
        return self.passage


@dataclass
class Record:
    """The linked record: what every page and data file is made from."""

    timeline: Timeline
    sources: dict[str, Source]
    analysis: Analysis = field(default_factory=Analysis)
    claims: list[LinkedClaim] = field(default_factory=list)
    # (source id, paragraph anchor) -> claims quoting that paragraph, in timeline order
    citations: dict[tuple[str, str], list[LinkedClaim]] = field(default_factory=dict)
    # (source id, paragraph anchor) -> analysis passages quoting that paragraph
    analysis_citations: dict[tuple[str, str], list[LinkedPassage]] = field(default_factory=dict)
    # (kind, entry id) -> its passages, placed, in order
    passages: dict[tuple[str, str], list[LinkedPassage]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.people: dict[str, Person] = {p.id: p for p in self.timeline.people}
        self.organizations: dict[str, Person] = {o.id: o for o in self.timeline.organizations}
        self.threads: dict[str, Thread] = {t.id: t for t in self.timeline.threads}
        self._by_event: dict[str, list[LinkedClaim]] = {}
        self._by_source: dict[str, list[LinkedClaim]] = {}
        self._by_person: dict[str, list[Event]] = {}
        self._by_organization: dict[str, list[Event]] = {}
        self._analysis_index: dict[tuple[str, str], dict[str, list]] | None = None
        for event in self.timeline.events:
            for person in event.people:
                self._by_person.setdefault(person, []).append(event)
            for organization in event.organizations:
                self._by_organization.setdefault(organization, []).append(event)

    def add_passage(self, linked: LinkedPassage) -> None:
        self.passages.setdefault((linked.kind, linked.entry.id), []).append(linked)
        key = (linked.source.id, linked.block.anchor)
        self.analysis_citations.setdefault(key, []).append(linked)

    def passages_of(self, kind: str, entry_id: str) -> list[LinkedPassage]:
        return self.passages.get((kind, entry_id), [])

    def analysis_of(self, field_name: str, value: str) -> dict[str, list]:
        """The analysis entries whose ``field_name`` (events, people, terms) lists ``value``, by
        kind: {"discrepancy": [...], "argument": [...], "quotation": [...]}. Indexed once."""
        if self._analysis_index is None:
            index: dict[tuple[str, str], dict[str, list]] = {}
            for _, kind, entry in self.analysis.entries():
                for name in ("events", "people", "terms"):
                    for ref in getattr(entry, name, None) or []:
                        index.setdefault((name, ref), {}).setdefault(kind, []).append(entry)
            self._analysis_index = index
        return self._analysis_index.get((field_name, value), {})

    def add(self, claim: LinkedClaim) -> None:
        self.claims.append(claim)
        self._by_event.setdefault(claim.event.id, []).append(claim)
        self._by_source.setdefault(claim.source.id, []).append(claim)
        self.citations.setdefault((claim.source.id, claim.block.anchor), []).append(claim)

    @property
    def events(self) -> list[Event]:
        return self.timeline.events

    def claims_of(self, event: Event) -> list[LinkedClaim]:
        return self._by_event.get(event.id, [])

    def claims_citing(self, source: Source) -> list[LinkedClaim]:
        return self._by_source.get(source.id, [])

    def events_of(self, person_id: str) -> list[Event]:
        return self._by_person.get(person_id, [])

    def events_of_organization(self, organization_id: str) -> list[Event]:
        return self._by_organization.get(organization_id, [])


class QuoteIndex:
    """One source's paragraphs, folded once, for finding quotes in them."""

    SEPARATOR = "\n"  # never in folded text (folding turns every whitespace run into one space)

    def __init__(self, source: Source):
        self.source = source
        folded = [fold(block.text) for block in source.paragraphs]
        self.folded = folded
        self.text = self.SEPARATOR.join(folded)
        self.starts: list[int] = []
        offset = 0
        for text in folded:
            self.starts.append(offset)
            offset += len(text) + 1
        self._raw: str | None = None

    def paragraphs_holding(self, folded_quote: str) -> list[int]:
        """The places (in ``source.paragraphs``) of the paragraphs whose folded text holds
        ``folded_quote``, in order, each once."""
        found: list[int] = []
        at = self.text.find(folded_quote)
        while at >= 0:
            place = bisect_right(self.starts, at) - 1
            if not found or found[-1] != place:
                found.append(place)
            at = self.text.find(folded_quote, at + 1)
        return found

    def in_captured_text(self, folded_quote: str) -> bool:
        if self._raw is None:
            self._raw = fold(self.source.raw_text)
        return folded_quote in self._raw

    def closest(self, quote: str, width: int = 160) -> tuple[Block | None, str]:
        """The paragraph and excerpt nearest to ``quote``, to show the maintainer what was meant."""
        wanted = fold(quote)
        best: tuple[float, Block | None, str] = (0.0, None, "")
        for block, text in zip(self.source.paragraphs, self.folded, strict=True):
            match = SequenceMatcher(None, wanted, text, autojunk=False).find_longest_match(
                0, len(wanted), 0, len(text)
            )
            score = match.size / max(len(wanted), 1)
            if score > best[0]:
                begin = max(0, match.b - match.a - 20)
                best = (score, block, text[begin : begin + max(width, len(wanted) + 40)])
        return best[1], best[2]


def _listed(source: Source, places: list[int]) -> str:
    return ", ".join(
        f"{source.paragraphs[p].anchor} (sources/{source.id}.md:{source.paragraphs[p].line})"
        for p in places
    )


def _place(claim: Claim, index: QuoteIndex) -> tuple[int | None, str, str, str]:
    """Where a claim's quote is: (the paragraph's place in source.paragraphs, "", "", "") or
    (None, what is wrong, what to do, the key of the line to point at)."""
    source = index.source
    wanted = fold(claim.quote)
    places = index.paragraphs_holding(wanted) if wanted else []
    if not places:
        block, excerpt = index.closest(claim.quote)
        where = f" (paragraph {block.anchor}, sources/{source.id}.md:{block.line})" if block else ""
        return (
            None,
            f"quote not found in source '{source.id}': \"{claim.quote}\"\n"
            f'    closest passage{where}: "{excerpt}"',
            "Copy the quote verbatim from one paragraph of the source; only whitespace and "
            "typographic quotes or dashes may differ.",
            "quote",
        )
    if not index.in_captured_text(wanted):
        return (
            None,
            f"quote is in sources/{source.id}.md but not in its captured text "
            f"sources/raw/{source.id}.txt",
            f"Rerun 'make source ID={source.id}' to regenerate the normalized text.",
            "quote",
        )
    anchors = [source.paragraphs[p].anchor for p in places]
    if claim.paragraph and claim.paragraph not in anchors:
        return (
            None,
            f"the quote is not in paragraph {claim.paragraph} of '{source.id}'; it is "
            f"in {_listed(source, places)}",
            "Name the paragraph the quote is from, as the source's page numbers it.",
            "paragraph",
        )
    if claim.paragraph:
        return places[anchors.index(claim.paragraph)], "", "", ""
    if len(places) > 1:
        return (
            None,
            f"the quote is in {len(places)} paragraphs of '{source.id}' "
            f"({_listed(source, places)}), so it does not say which passage it rests on",
            "Quote a longer passage, or name the paragraph under the claim "
            f"(paragraph: {anchors[0]}).",
            "quote",
        )
    return places[0], "", "", ""


def link_inputs(inputs: Inputs) -> tuple[Record, list[Problem]]:
    """Place every claim in its source; return the linked record and the quotes that could not
    be placed."""
    record = Record(inputs.timeline, inputs.sources, inputs.analysis)
    indexes: dict[str, QuoteIndex] = {}
    problems: list[Problem] = []
    for event in inputs.timeline.events:
        for number, claim in enumerate(event.claims, start=1):
            source = inputs.sources.get(claim.source)
            if source is None or not claim.quote:
                continue  # an unknown source or a missing quote is reported by the checks
            index = indexes.get(source.id) or indexes.setdefault(source.id, QuoteIndex(source))
            place, wrong, hint, key = _place(claim, index)
            if place is None:
                entry = f"event '{event.id}', claim #{number}"
                problems.append(Problem(TIMELINE, wrong, hint, claim.line_of(key), entry))
                continue
            block = source.paragraphs[place]
            span = locate(block.text, claim.quote, index.folded[place])
            record.add(LinkedClaim(event, claim, number, source, block, *span))
    for rel, kind, entry in inputs.analysis.entries():
        for number, passage in enumerate(entry.passages, start=1):
            source = inputs.sources.get(passage.source)
            if source is None or not passage.quote:
                continue  # reported by the checks
            index = indexes.get(source.id) or indexes.setdefault(source.id, QuoteIndex(source))
            place, wrong, hint, key = _place(passage, index)
            if place is None:
                label = f"{kind} '{entry.id}', passage #{number}"
                problems.append(Problem(rel, wrong, hint, passage.line_of(key), label))
                continue
            block = source.paragraphs[place]
            span = locate(block.text, passage.quote, index.folded[place])
            record.add_passage(LinkedPassage(kind, entry, passage, number, source, block, *span))
    return record, problems
