"""Three links for every passage: our paragraph, the original, the Wayback Machine copy.

Our paragraph link and the original's carry a text fragment that highlights the
quote. The build requires each claim's fragment to match exactly once on our
page (``page_text`` is the page's visible text); a quote that cannot be made
unique stops the build.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .errors import Problem, RecordError
from .fragments import TextFragment, fragment_for, unique_fragment
from .link import LinkedClaim, Record
from .site import paragraph_url
from .sources import Block, Source


@dataclass(frozen=True)
class PassageLinks:
    ours: str       # site-relative: "sources/<id>/#p12:~:text=..."
    original: str   # the original address, with the same text fragment
    archive: str    # the Wayback Machine address of the original
    fragment: TextFragment | None


_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\s*\{#[^}]*\}\s*$")


def page_text(markdown_page: str) -> str:
    """The visible text of a generated page (headings twice: the table of contents repeats them)."""
    body = markdown_page.split("\n---\n", 1)[-1]
    lines = []
    for line in body.split("\n"):
        if line.startswith("#"):
            heading = _ATTR_LIST.sub("", line.lstrip("#").strip())
            heading = re.sub(r"\\(.)", r"\1", _TAG.sub("", heading))
            lines += [heading, heading]
        else:
            lines.append(_TAG.sub(" ", line))
    return html.unescape(" ".join(lines))


def _links(source: Source, block: Block, ours: TextFragment | None, original: TextFragment | None) -> PassageLinks:
    ours_url = paragraph_url(source.id, block.anchor) + (ours.directive() if ours else "")
    original_url = source.meta["original_url"] + ("#" + original.directive() if original else "")
    return PassageLinks(ours_url, original_url, source.meta["archive_url"], ours)


class Passages:
    """The links of every paragraph and every claim, computed from the rendered source pages."""

    def __init__(self, record: Record, texts: dict[str, str]):
        self.paragraphs: dict[tuple[str, str], PassageLinks] = {}
        self.claims: dict[int, PassageLinks] = {}
        problems: list[Problem] = []
        for source in record.sources.values():
            text = texts[source.id]
            for block in source.paragraphs:
                number = block.anchor[1:]
                ours = unique_fragment(block.text, number, text)
                self.paragraphs[(source.id, block.anchor)] = _links(source, block, ours, fragment_for(block.text))
        for claim in record.claims:
            self.claims[id(claim)] = self._claim(claim, texts[claim.source.id], problems)
        if problems:
            raise RecordError(problems)

    def _claim(self, claim: LinkedClaim, text: str, problems: list[Problem]) -> PassageLinks:
        block = claim.block
        exact, before = claim.exact, block.text[:claim.start]
        ours = unique_fragment(exact, f"{block.anchor[1:]} {before}", text)
        if ours is None:
            count = fragment_for(exact).count_in(text)
            number = claim.event.claims.index(claim.claim) + 1
            problems.append(Problem(
                "timeline.yaml", f"the quote occurs {count} times on the page sources/{claim.source.id}/, so a "
                                 "link cannot highlight it: \"" + claim.claim.quote + "\"",
                "Quote a longer passage, so that it occurs only once in the source.",
                claim.claim.line_of("quote"), f"event '{claim.event.id}', claim #{number}"))
            return _links(claim.source, block, None, None)
        words = before.split()
        original = TextFragment(ours.start, ours.end, " ".join(words[-len(ours.prefix.split()):])
                                if ours.prefix and len(words) >= len(ours.prefix.split()) else "")
        return _links(claim.source, block, ours, original)

    def of_claim(self, claim: LinkedClaim) -> PassageLinks:
        return self.claims[id(claim)]

    def of_paragraph(self, source: Source, block: Block) -> PassageLinks | None:
        return self.paragraphs.get((source.id, block.anchor))
