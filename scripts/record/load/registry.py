"""Permanent URLs: every id the site has published, kept in ``registry.yaml``.

The build fails when a published id (event, source, person, or paragraph anchor)
disappears, unless the registry marks it as renamed or merged into another id;
its old URL then keeps working (a redirect page, or an anchor alias). A
paragraph anchor also records a fingerprint of its text, so that renumbering
cannot silently point an old link at a different passage.

``make build`` adds the ids a successful build published; commit the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem
from ..text import fold, slug_ok
from .analysis import Analysis
from .sources import Source
from .timeline import Timeline
from .yamlfile import read_text_file, read_yaml

KINDS = (
    "events",
    "sources",
    "people",
    "organizations",
    "discrepancies",
    "arguments",
    "quotations",
    "terms",
)
PAGE_KINDS = ("events", "sources", "people", "organizations")  # a page each; the rest are anchors
ANALYSIS_FILES = {
    "discrepancies": "analysis/discrepancies.yaml",
    "arguments": "analysis/arguments.yaml",
    "quotations": "analysis/quotations.yaml",
    "terms": "analysis/glossary.yaml",
}
_ANCHOR = re.compile(r"^p[1-9][0-9]*$")
_COMMENT = re.compile(r"^c[1-9][0-9]*(?:-[1-9][0-9]*)*$")


def _is_fingerprint(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{12}", value) is not None


HEADER = """\
# Every id this site has published: its URLs must keep working.
# Written by `make build` (commit it with your change); never delete an entry.
# To rename or merge an id, keep it and add it under `retired:`, e.g.
#   retired:
#     events:
#       old-event-id: {renamed_to: new-event-id}     # or {merged_into: other-event-id}
#     paragraphs:
#       some-source: {p41: {moved_to: p40}}          # an anchor that no longer exists
# A paragraph's fingerprint changes when its text does; after a deliberate change,
# run `python scripts/registry.py --accept SOURCE_ID` to record the new text.
"""


def fingerprint(text: str) -> str:
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:12]


@dataclass
class Registry:
    path: Path
    ids: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    paragraphs: dict[str, dict[str, str]] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)  # source id -> comment anchors
    retired: dict[str, dict] = field(default_factory=dict)

    def redirect(self, kind: str, old: str) -> str | None:
        mark = (self.retired.get(kind) or {}).get(old) or {}
        return mark.get("renamed_to") or mark.get("merged_into")


def load_registry(path: Path) -> tuple[Registry, list[Problem]]:
    registry = Registry(path)
    if not path.exists():
        return registry, []
    rel = path.name
    text, problems = read_text_file(
        path, rel, "Restore it from version control (git checkout registry.yaml)."
    )
    if text is None:
        return registry, problems
    data, problems = read_yaml(text, rel)
    if problems:
        return registry, problems
    data = data or {}
    hint = (
        "Restore it from version control (git checkout registry.yaml): it is written by 'make "
        "build'."
    )
    if not isinstance(data, dict):
        return registry, [
            Problem(
                rel,
                "the registry must be a mapping of events, sources, people, organizations, "
                "paragraphs, comments and retired",
                hint,
            )
        ]

    def wrong(key: str, what: str) -> None:
        problems.append(Problem(rel, f"'{key}' {what}", hint, data.line_of(key)))

    def is_list_of(value, pattern) -> bool:
        return isinstance(value, list) and all(isinstance(v, str) and pattern(v) for v in value)

    def is_map_of(value, key_ok, value_ok) -> bool:
        return isinstance(value, dict) and all(
            isinstance(k, str) and key_ok(k) and value_ok(v) for k, v in value.items()
        )

    for key in data:
        if key not in (*KINDS, "paragraphs", "comments", "retired"):
            wrong(str(key), "is not a part of the registry")
    for kind in KINDS:
        value = data.get(kind) or []
        if is_list_of(value, slug_ok):
            registry.ids[kind] = list(value)
        else:
            wrong(kind, "must be a list of ids (lowercase slugs)")
    paragraphs = data.get("paragraphs") or {}
    if is_map_of(paragraphs, slug_ok, lambda v: is_map_of(v or {}, _ANCHOR.match, _is_fingerprint)):
        registry.paragraphs = {k: dict(v or {}) for k, v in paragraphs.items()}
    else:
        wrong("paragraphs", "must map each source id to {pN: fingerprint}")
    comments = data.get("comments") or {}
    if is_map_of(comments, slug_ok, lambda v: is_list_of(v or [], _COMMENT.match)):
        registry.comments = {k: list(v or []) for k, v in comments.items()}
    else:
        wrong("comments", "must map each source id to a list of comment anchors (c1, c1-2)")
    retired = data.get("retired") or {}
    redirect_ok = lambda mark: (  # noqa: E731 - a one-line rule beside the others
        isinstance(mark, dict)
        and len(mark) == 1
        and set(mark) <= {"renamed_to", "merged_into"}
        and all(isinstance(v, str) and slug_ok(v) for v in mark.values())
    )
    moved_ok = lambda mark: (  # noqa: E731
        isinstance(mark, dict)
        and set(mark) == {"moved_to"}
        and isinstance(mark["moved_to"], str)
        and bool(_ANCHOR.match(mark["moved_to"]))
    )
    shapes = {kind: lambda v: is_map_of(v or {}, slug_ok, redirect_ok) for kind in KINDS}
    shapes["paragraphs"] = lambda v: is_map_of(
        v or {}, slug_ok, lambda anchors: is_map_of(anchors or {}, _ANCHOR.match, moved_ok)
    )
    if isinstance(retired, dict) and all(k in shapes and shapes[k](v) for k, v in retired.items()):
        registry.retired = {k: dict(v or {}) for k, v in retired.items()}
    else:
        wrong(
            "retired",
            "must hold, for events, sources, people or organizations, "
            "{old-id: {renamed_to: new-id}} "
            "(or merged_into), and for paragraphs, {source-id: {pN: {moved_to: pM}}}",
        )
    return registry, problems


def current_ids(
    timeline: Timeline, sources: dict[str, Source], analysis: Analysis | None = None
) -> dict[str, set[str]]:
    """The ids the record publishes now, by kind (the analysis entries are anchors of their
    pages: /discrepancies/#<id>)."""
    analysis = analysis or Analysis()
    return {
        "events": {e.id for e in timeline.events},
        "sources": set(sources),
        "people": {p.id for p in timeline.people},
        "organizations": {o.id for o in timeline.organizations},
        "discrepancies": {d.id for d in analysis.discrepancies},
        "arguments": {a.id for a in analysis.arguments},
        "quotations": {q.id for q in analysis.quotations},
        "terms": {t.id for t in analysis.terms},
    }


def check_registry(
    registry: Registry,
    timeline: Timeline,
    sources: dict[str, Source],
    analysis: Analysis | None = None,
) -> list[Problem]:
    """Published ids that vanished without a redirect, and retirements that do not hold."""
    rel = registry.path.name
    problems: list[Problem] = []
    current = current_ids(timeline, sources, analysis)
    singular = {
        "events": "event",
        "sources": "source",
        "people": "person",
        "organizations": "organization",
        "discrepancies": "discrepancy",
        "arguments": "argument",
        "quotations": "quotation",
        "terms": "glossary term",
    }
    for kind in KINDS:
        retired = registry.retired.get(kind) or {}
        for old, mark in retired.items():
            target = registry.redirect(kind, old)
            if not isinstance(mark, dict) or not target:
                problems.append(
                    Problem(
                        rel,
                        f"retired {singular[kind]} '{old}' must say "
                        "{renamed_to: <id>} or {merged_into: <id>}",
                        entry=f"retired.{kind}",
                    )
                )
            elif target not in current[kind]:
                problems.append(
                    Problem(
                        rel,
                        f"retired {singular[kind]} '{old}' points to '{target}', which does "
                        "not exist",
                        "Point it to an id that exists now.",
                        entry=f"retired.{kind}",
                    )
                )
            if old in current[kind]:
                problems.append(
                    Problem(
                        rel,
                        f"{singular[kind]} id '{old}' is retired but used again",
                        "Ids are never reused: give the new entry an id of its own.",
                        entry=f"retired.{kind}",
                    )
                )
        for old in registry.ids[kind]:
            if old not in current[kind] and old not in retired:
                problems.append(
                    Problem(
                        f"sources/{old}.md"
                        if kind == "sources"
                        else ANALYSIS_FILES.get(kind, "timeline.yaml"),
                        f"the {singular[kind]} '{old}' was published (it is in {rel}) but no "
                        f"longer exists, "
                        "so links to it would break",
                        f"Restore it, or mark it in {rel} under retired: {kind}: {old}: "
                        "{renamed_to: <new id>} (or {merged_into: <id>}).",
                        entry=f"{singular[kind]} '{old}'",
                    )
                )
    for source_id, anchors in registry.paragraphs.items():
        source = sources.get(source_id)
        if source is None:
            continue  # reported above as a vanished source
        now = {b.anchor: fingerprint(b.text) for b in source.paragraphs}
        moved = (registry.retired.get("paragraphs") or {}).get(source_id) or {}
        for anchor in moved:
            if anchor in now:
                problems.append(
                    Problem(
                        rel,
                        f"paragraph {anchor} of {source_id} is marked as moved, but it still "
                        "exists",
                        f"Remove {anchor} from retired: paragraphs: {source_id}: (two elements "
                        "would carry the same anchor).",
                        entry=f"retired.paragraphs.{source_id}",
                    )
                )
        for anchor, print_ in anchors.items():
            if anchor in now and now[anchor] != print_:
                problems.append(
                    Problem(
                        f"sources/{source_id}.md",
                        f"paragraph {anchor} now holds different text than when it was "
                        "published, so old links to it would land on another passage",
                        "If the normalizer's hints were corrected on purpose (and 'make source' "
                        "rewrote the body), record it with 'python scripts/registry.py --accept "
                        f"{source_id}'; if paragraphs were renumbered, restore the numbering.",
                        entry=f"paragraph {anchor}",
                    )
                )
            elif anchor not in now:
                target = (
                    (moved.get(anchor) or {}).get("moved_to")
                    if isinstance(moved.get(anchor), dict)
                    else None
                )
                if not target:
                    problems.append(
                        Problem(
                            f"sources/{source_id}.md",
                            f"paragraph {anchor} was published but no longer exists",
                            f"Mark it in {rel} under retired: paragraphs: {source_id}: {anchor}: "
                            f"{{moved_to: pN}}.",
                            entry=f"paragraph {anchor}",
                        )
                    )
                elif target not in now:
                    problems.append(
                        Problem(
                            rel,
                            f"paragraph {anchor} of {source_id} is moved to {target}, "
                            "which does not exist",
                            "Point it to the paragraph the text is in now.",
                            entry=f"retired.paragraphs.{source_id}",
                        )
                    )
    for source_id, anchors in registry.comments.items():
        source = sources.get(source_id)
        if source is None:
            continue
        now = {c.id for c in source.comments}
        for anchor in anchors:
            if anchor not in now:
                problems.append(
                    Problem(
                        f"sources/{source_id}.md",
                        f"reader comment #{anchor} was published but no longer exists",
                        "Comment anchors come from the structure hints in the front matter: "
                        "restore the comment.",
                        entry=f"comment {anchor}",
                    )
                )
    return problems


def updated(
    registry: Registry,
    timeline: Timeline,
    sources: dict[str, Source],
    accept: tuple[str, ...] = (),
    analysis: Analysis | None = None,
) -> dict:
    """The registry's content with every id and paragraph the record publishes now added."""
    current = current_ids(timeline, sources, analysis)
    data: dict = {}
    for kind in KINDS:
        known = list(registry.ids[kind])
        data[kind] = known + sorted(current[kind] - set(known))
    data["paragraphs"] = {}
    for source_id in sorted(set(registry.paragraphs) | set(sources)):
        anchors = dict(registry.paragraphs.get(source_id) or {})
        source = sources.get(source_id)
        if source is not None:
            for block in source.paragraphs:
                if block.anchor not in anchors or source_id in accept:
                    anchors[block.anchor] = fingerprint(block.text)
        data["paragraphs"][source_id] = dict(sorted(anchors.items(), key=lambda kv: int(kv[0][1:])))
    data["comments"] = {}
    for source_id in sorted(set(registry.comments) | set(sources)):
        known = list(registry.comments.get(source_id) or [])
        source = sources.get(source_id)
        new = [c.id for c in source.comments if c.id not in known] if source else []
        if known or new:
            data["comments"][source_id] = known + new
    data["retired"] = registry.retired
    return data


class _NoAliases(yaml.SafeDumper):
    """Writes a value out in full wherever it repeats: the reader refuses aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_registry(path: Path, data: dict) -> None:
    text = HEADER + yaml.dump(
        data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def redirects(registry: Registry) -> list[tuple[str, str, str]]:
    """Every retired event, source or person id with its new id: (kind, old, new)."""
    return [
        (kind, old, registry.redirect(kind, old))
        for kind in PAGE_KINDS
        for old in (registry.retired.get(kind) or {})
        if registry.redirect(kind, old)
    ]


def anchor_aliases(registry: Registry) -> dict[tuple[str, str], list[str]]:
    """Old ids that must still work as anchors: (page kind or source id, new id) -> old ids.

    ("events", new) covers /timeline/#old; (source id, pN) covers /sources/<id>/#pOld.
    """
    aliases: dict[tuple[str, str], list[str]] = {}
    for kind in ("events", *ANALYSIS_FILES):  # an analysis entry is an anchor of its page
        for old in registry.retired.get(kind) or {}:
            target = registry.redirect(kind, old)
            if target:
                aliases.setdefault((kind, target), []).append(old)
    for source_id, moves in (registry.retired.get("paragraphs") or {}).items():
        for old, mark in (moves or {}).items():
            if isinstance(mark, dict) and mark.get("moved_to"):
                aliases.setdefault((source_id, mark["moved_to"]), []).append(old)
    return aliases
