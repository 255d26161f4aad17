"""Check step: the timeline against itself and against the corpus.

Every problem is collected (not just the first) so one run tells the
maintainer everything to fix. Quote matching tolerates whitespace and
typographic quotes/dashes, nothing else (see ``text.fold``).
"""
from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from .errors import Problem
from .sources import Block, Source
from .text import fold
from .timeline import Timeline


def find_quote(source: Source, quote: str) -> list[Block]:
    """The paragraph-like blocks whose text holds ``quote`` (folded)."""
    wanted = fold(quote)
    if not wanted:
        return []
    return [b for b in source.paragraphs if wanted in fold(b.text)]


def closest_passage(source: Source, quote: str, width: int = 160) -> tuple[Block | None, str]:
    """The block and excerpt of ``source`` nearest to ``quote``, to show what was meant."""
    wanted = fold(quote)
    best: tuple[float, Block | None, str] = (0.0, None, "")
    for block in source.paragraphs:
        text = fold(block.text)
        matcher = SequenceMatcher(None, wanted, text, autojunk=False)
        match = matcher.find_longest_match(0, len(wanted), 0, len(text))
        score = match.size / max(len(wanted), 1)
        if score > best[0]:
            start = max(0, match.b - match.a - 20)
            best = (score, block, text[start:start + max(width, len(wanted) + 40)])
    return best[1], best[2]


def _duplicates(kind: str, items: list, rel: str) -> list[Problem]:
    counts = Counter(i.id for i in items if i.id)
    problems = []
    for item in items:
        if counts.get(item.id, 0) > 1:
            problems.append(Problem(rel, f"duplicate {kind} id '{item.id}'",
                                    "Ids are permanent URLs: give each entry its own, and never reuse one.",
                                    item.line, f"{kind} '{item.id}'"))
    return problems


def check_record(timeline: Timeline, sources: dict[str, Source], rel: str = "timeline.yaml") -> list[Problem]:
    problems: list[Problem] = []
    problems += _duplicates("thread", timeline.threads, rel)
    problems += _duplicates("person", timeline.people, rel)
    problems += _duplicates("event", timeline.events, rel)
    threads = {t.id for t in timeline.threads}
    people = {p.id for p in timeline.people}
    for event in timeline.events:
        entry = f"event '{event.id}'"
        if event.thread and event.thread not in threads:
            problems.append(Problem(rel, f"unknown thread '{event.thread}'",
                                    f"Use one of: {', '.join(sorted(threads))}, or add it under 'threads:'.",
                                    event.line_of("thread"), entry))
        for pid in event.people:
            if pid not in people:
                problems.append(Problem(rel, f"unknown person '{pid}'",
                                        "Add the person under 'people:' or fix the id.", event.line_of("people"), entry))
        for number, claim in enumerate(event.claims, start=1):
            centry = f"{entry}, claim #{number}"
            if not claim.source or not claim.quote:
                continue  # already reported by the loader
            source = sources.get(claim.source)
            if source is None:
                problems.append(Problem(rel, f"unknown source '{claim.source}'",
                                        f"Use one of: {', '.join(sorted(sources))}.", claim.line_of("source"), centry))
                continue
            if find_quote(source, claim.quote):
                if fold(claim.quote) not in fold(source.raw_text):
                    problems.append(Problem(rel, f"quote is in sources/{source.id}.md but not in its captured "
                                                 f"text sources/raw/{source.id}.txt",
                                            "Rerun 'make source ID=...' to regenerate the normalized text.",
                                            claim.line_of("quote"), centry))
                continue
            block, excerpt = closest_passage(source, claim.quote)
            where = f" (paragraph {block.anchor}, sources/{source.id}.md:{block.line})" if block else ""
            problems.append(Problem(
                rel, f"quote not found in source '{source.id}': \"{claim.quote}\"\n"
                     f"    closest passage{where}: \"{excerpt}\"",
                "Copy the quote verbatim from one paragraph of the source; only whitespace and "
                "typographic quotes or dashes may differ.", claim.line_of("quote"), centry))
    return problems
