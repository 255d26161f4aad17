"""Three links for every passage: our paragraph, the original, the Wayback Machine copy.

Our paragraph link and the original's carry a text fragment that highlights the quote. The build
requires each claim's fragment to match exactly once on our page (the page's visible text, which
the page kind gives from its data); a quote that cannot be made unique stops the build.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from ..link import LinkedClaim, LinkedPassage, Record
from ..load.sources import Block, Source
from ..site import paragraph_url
from .fragments import PageText, TextFragment, fragment_for, unique_fragment

ANALYSIS_FILES = {
    "discrepancy": "analysis/discrepancies.yaml",
    "argument": "analysis/arguments.yaml",
    "architecture": "analysis/arguments.yaml",
    "quotation": "analysis/quotations.yaml",
    "term": "analysis/glossary.yaml",
}


@dataclass(frozen=True)
class PassageLinks:
    ours: str  # site-relative: "sources/<id>/#p12:~:text=..."
    original: str  # the original address, with the same text fragment
    archive: str  # the Wayback Machine address of the original
    fragment: TextFragment | None


def _links(
    source: Source, block: Block, ours: TextFragment | None, original: TextFragment | None
) -> PassageLinks:
    ours_url = paragraph_url(source.id, block.anchor) + (ours.directive() if ours else "")
    if source.by_reposter(block):  # the reposter's own line: the first publication lacks it
        return PassageLinks(ours_url, "", source.prov.archive_url, ours)
    original_url = source.prov.original_url + ("#" + original.directive() if original else "")
    return PassageLinks(ours_url, original_url, source.prov.archive_url, ours)


class Passages:
    """The links of every paragraph and every claim, from each source page's visible text."""

    def __init__(self, record: Record, texts: dict[str, str]):
        self.paragraphs: dict[tuple[str, str], PassageLinks] = {}
        self.claims: dict[int, PassageLinks] = {}
        self.problems: list[Problem] = []
        pages = {source_id: PageText(text) for source_id, text in texts.items()}
        for source in record.sources.values():
            page = pages[source.id]
            for block in source.paragraphs:
                ours = unique_fragment(block.text, block.anchor[1:], page)
                self.paragraphs[(source.id, block.anchor)] = _links(
                    source, block, ours, fragment_for(block.text)
                )
        for claim in record.claims:
            self.claims[id(claim)] = self._claim(claim, pages[claim.source.id])
        for linked in (p for group in record.passages.values() for p in group):
            self.claims[id(linked)] = self._claim(linked, pages[linked.source.id])

    def _claim(self, claim: LinkedClaim | LinkedPassage, page: PageText) -> PassageLinks:
        block = claim.block
        exact, before = claim.exact, claim.before
        ours = unique_fragment(exact, f"{block.anchor[1:]} {before}", page)
        if ours is None:
            count = fragment_for(exact).count_in(page)
            self.problems.append(
                Problem(
                    "timeline.yaml"
                    if isinstance(claim, LinkedClaim)
                    else ANALYSIS_FILES[claim.kind],
                    f"the quote occurs {count} times on the page sources/{claim.source.id}/, so a "
                    'link cannot highlight it: "' + claim.claim.quote + '"',
                    "Quote a longer passage, so that it occurs only once on the page (which shows "
                    "the source's "
                    "text, its provenance and the titles of the events citing each paragraph).",
                    claim.claim.line_of("quote"),
                    f"event '{claim.event.id}', claim #{claim.number}"
                    if isinstance(claim, LinkedClaim)
                    else f"{claim.kind} '{claim.entry.id}', passage #{claim.number}",
                )
            )
            return _links(claim.source, block, None, None)
        words = before.split()
        original = TextFragment(
            ours.start,
            ours.end,
            " ".join(words[-len(ours.prefix.split()) :])
            if ours.prefix and len(words) >= len(ours.prefix.split())
            else "",
        )
        return _links(claim.source, block, ours, original)

    def of_claim(self, claim: LinkedClaim | LinkedPassage) -> PassageLinks:
        return self.claims[id(claim)]

    def of_paragraph(self, source: Source, block: Block) -> PassageLinks:
        return self.paragraphs[(source.id, block.anchor)]
