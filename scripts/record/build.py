"""The pipeline up to a linked record: load -> check -> link, or one RecordError with every
problem."""

from __future__ import annotations

from pathlib import Path

from .check import check_inputs, published_ids_kept
from .errors import RecordError
from .link import Record, link_inputs
from .load import Inputs, load_inputs
from .load.registry import Registry


def checked_inputs(root: Path, hold_to_registry: bool = True) -> Inputs:
    """Load and check the inputs under ``root``; ``hold_to_registry=False`` skips the check that
    every published id still exists (for recording a deliberate change in the registry)."""
    inputs, problems = load_inputs(root)
    if problems:  # cross-checks on half-loaded data would only add noise
        raise RecordError(problems)
    problems = check_inputs(inputs, skip=() if hold_to_registry else (published_ids_kept,))
    if problems:
        raise RecordError(problems)
    return inputs


def build_record(root: Path, hold_to_registry: bool = True) -> tuple[Record, Registry]:
    """Load, check and link the record under ``root``; return it with the registry of published
    ids."""
    inputs = checked_inputs(root, hold_to_registry)
    record, problems = link_inputs(inputs)
    if problems:
        raise RecordError(problems)
    return record, inputs.registry
