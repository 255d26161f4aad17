"""Load step: everything the maintainers write, read and typed, before anything is cross-checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from .analysis import Analysis, load_analysis
from .registry import Registry, load_registry
from .sources import Source, load_sources
from .timeline import Timeline, load_timeline


@dataclass
class Inputs:
    """The record's inputs: ``timeline.yaml``, ``sources/``, ``analysis/`` and ``registry.yaml``."""

    root: Path
    timeline: Timeline
    sources: dict[str, Source]
    registry: Registry
    analysis: Analysis


def load_inputs(root: Path) -> tuple[Inputs, list[Problem]]:
    sources, problems = load_sources(root)
    timeline, timeline_problems = load_timeline(root / "timeline.yaml", root)
    registry, registry_problems = load_registry(root / "registry.yaml")
    analysis, analysis_problems = load_analysis(root)
    return Inputs(root, timeline, sources, registry, analysis), (
        problems + timeline_problems + registry_problems + analysis_problems
    )
