"""The pipeline up to a linked record: load -> check -> link, or one RecordError."""
from __future__ import annotations

from pathlib import Path

from .check import check_record
from .errors import RecordError
from .link import Record, link_record
from .registry import check_registry, load_registry
from .sources import load_sources
from .timeline import load_timeline


def load_record_unregistered(root: Path) -> Record:
    """Load, check and link, without holding the record to the ids published before."""
    sources, problems = load_sources(root)
    timeline, timeline_problems = load_timeline(root / "timeline.yaml", root)
    problems += timeline_problems
    if problems:  # cross-checks on half-loaded data would only add noise
        raise RecordError(problems)
    problems = check_record(timeline, sources)
    if problems:
        raise RecordError(problems)
    return link_record(timeline, sources)


def load_record(root: Path) -> Record:
    """Load, check and link the record under ``root``, and check it keeps every published id."""
    record = load_record_unregistered(root)
    registry, problems = load_registry(root / "registry.yaml")
    problems += check_registry(registry, record)
    if problems:
        raise RecordError(problems)
    record.registry = registry
    return record
