"""Link step: each claim to the paragraph holding its quote, and each paragraph back."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .check import find_quote
from .site import paragraph_url
from .sources import Block, Source
from .text import locate
from .timeline import Claim, Event, Person, Thread, Timeline

if TYPE_CHECKING:
    from .registry import Registry


@dataclass
class LinkedClaim:
    event: Event
    claim: Claim
    source: Source
    block: Block
    start: int  # where the quote lies in block.text (the block's own characters)
    end: int

    @property
    def exact(self) -> str:
        """The quoted span as the source has it (quotes may differ in whitespace and typography)."""
        return self.block.text[self.start:self.end]

    @property
    def url(self) -> str:
        """Site-relative URL of the paragraph, e.g. 'sources/register-2007/#p12'."""
        return paragraph_url(self.source.id, self.block.anchor)


@dataclass
class Record:
    timeline: Timeline
    sources: dict[str, Source]
    claims: list[LinkedClaim] = field(default_factory=list)
    # (source id, paragraph anchor) -> claims quoting that paragraph
    citations: dict[tuple[str, str], list[LinkedClaim]] = field(default_factory=dict)
    registry: Registry | None = None  # the ids published before, for redirects and checks

    @property
    def events(self) -> list[Event]:
        return self.timeline.events

    @property
    def people(self) -> dict[str, Person]:
        return {p.id: p for p in self.timeline.people}

    @property
    def threads(self) -> dict[str, Thread]:
        return {t.id: t for t in self.timeline.threads}

    def claims_of(self, event: Event) -> list[LinkedClaim]:
        return [c for c in self.claims if c.event is event]

    def events_of(self, person_id: str) -> list[Event]:
        return [e for e in self.events if person_id in e.people]


def link_record(timeline: Timeline, sources: dict[str, Source]) -> Record:
    """Link a checked timeline to its sources (``check_record`` must have passed)."""
    record = Record(timeline, sources)
    for event in timeline.events:
        for claim in event.claims:
            source = sources[claim.source]
            block = find_quote(source, claim.quote)[0]  # first occurrence decides the link
            span = locate(block.text, claim.quote)
            assert span is not None  # find_quote matched, and loading refuses non-NFC bodies
            linked = LinkedClaim(event, claim, source, block, *span)
            record.claims.append(linked)
            record.citations.setdefault((source.id, block.anchor), []).append(linked)
    return record
