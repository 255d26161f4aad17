"""The pipeline up to a linked record: load -> check -> link, or one RecordError."""
from __future__ import annotations

from pathlib import Path

from .check import check_record
from .errors import RecordError
from .link import Record, link_record
from .sources import load_sources
from .timeline import load_timeline


def load_record(root: Path) -> Record:
    """Load, check and link the record under ``root``; raise RecordError with every problem."""
    sources, problems = load_sources(root)
    timeline, timeline_problems = load_timeline(root / "timeline.yaml", root)
    problems += timeline_problems
    if problems:  # cross-checks on half-loaded data would only add noise
        raise RecordError(problems)
    problems = check_record(timeline, sources)
    if problems:
        raise RecordError(problems)
    return link_record(timeline, sources)
