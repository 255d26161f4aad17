"""Check step: the inputs against each other, before linking.

Each check is a plain function from the inputs to the problems it finds; ``CHECKS`` lists them
all, and is the one place to add a check. Every problem is collected (not just the first), so
one run tells the maintainer everything to fix. Whether each quote is in its source is the link
step's job: it finds each quote once, and reports the ones it cannot place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .errors import Problem
from .load import Inputs
from .load.registry import check_registry
from .normalize import normalize_body
from .summary import link_target, summary_links

ANALYSIS = "analysis"
TIMELINE = "timeline.yaml"


def _duplicates(kind: str, items: list) -> list[Problem]:
    counts = Counter(i.id for i in items if i.id)
    return [
        Problem(
            TIMELINE,
            f"duplicate {kind} id '{item.id}'",
            "Ids are permanent URLs: give each entry its own, and never reuse one.",
            item.line,
            f"{kind} '{item.id}'",
        )
        for item in items
        if counts.get(item.id, 0) > 1
    ]


def unique_ids(inputs: Inputs) -> list[Problem]:
    """No two threads, people or events share an id."""
    timeline = inputs.timeline
    return (
        _duplicates("thread", timeline.threads)
        + _duplicates("person", timeline.people)
        + _duplicates("organization", timeline.organizations)
        + _duplicates("event", timeline.events)
    )


def known_threads(inputs: Inputs) -> list[Problem]:
    """Every event names a thread listed under ``threads:``."""
    threads = {t.id for t in inputs.timeline.threads}
    return [
        Problem(
            TIMELINE,
            f"unknown thread '{event.thread}'",
            f"Use one of: {', '.join(sorted(threads))}, or add it under 'threads:'.",
            event.line_of("thread"),
            f"event '{event.id}'",
        )
        for event in inputs.timeline.events
        if event.thread and event.thread not in threads
    ]


def known_people(inputs: Inputs) -> list[Problem]:
    """Every person an event names is listed under ``people:``."""
    people = {p.id for p in inputs.timeline.people}
    return [
        Problem(
            TIMELINE,
            f"unknown person '{pid}'",
            "Add the person under 'people:' or fix the id.",
            event.line_of("people"),
            f"event '{event.id}'",
        )
        for event in inputs.timeline.events
        for pid in event.people
        if pid not in people
    ]


def known_organizations(inputs: Inputs) -> list[Problem]:
    """Every organization an event names is listed under ``organizations:``."""
    organizations = {o.id for o in inputs.timeline.organizations}
    return [
        Problem(
            TIMELINE,
            f"unknown organization '{oid}'",
            "Add the organization under 'organizations:' or fix the id.",
            event.line_of("organizations"),
            f"event '{event.id}'",
        )
        for event in inputs.timeline.events
        for oid in event.organizations
        if oid not in organizations
    ]


def known_sources(inputs: Inputs) -> list[Problem]:
    """Every claim quotes a source that is in ``sources/``."""
    problems = []
    for event in inputs.timeline.events:
        for number, claim in enumerate(event.claims, start=1):
            if claim.source and claim.source not in inputs.sources:
                problems.append(
                    Problem(
                        TIMELINE,
                        f"unknown source '{claim.source}'",
                        f"Use one of: {', '.join(sorted(inputs.sources))}.",
                        claim.line_of("source"),
                        f"event '{event.id}', claim #{number}",
                    )
                )
    return problems


def analysis_references(inputs: Inputs) -> list[Problem]:
    """Every entry of ``analysis/`` has a unique id, quotes sources that exist, and names
    events, people, terms, topics, architectures and arguments that exist."""
    analysis, timeline = inputs.analysis, inputs.timeline
    known = {
        "events": {e.id for e in timeline.events},
        "people": {p.id for p in timeline.people} | {o.id for o in timeline.organizations},
        "terms": {t.id for t in analysis.terms},
        "related": {t.id for t in analysis.terms},
        "topic": {t.id for t in analysis.topics},
        "architectures": {a.id for a in analysis.architectures},
        "answers": {a.id for a in analysis.arguments},
        "by": {p.id for p in timeline.people} | {o.id for o in timeline.organizations},
    }
    where = {  # what to do about an unknown id, by field
        "events": "an event id of timeline.yaml",
        "people": "a person's or an organization's id of timeline.yaml",
        "by": "a person's or an organization's id of timeline.yaml",
        "terms": "a term id of analysis/glossary.yaml",
        "related": "a term id of analysis/glossary.yaml",
        "topic": "a topic id under topics: in analysis/arguments.yaml",
        "architectures": "an architecture id under architectures: in analysis/arguments.yaml",
        "answers": "an argument id under arguments: in analysis/arguments.yaml",
    }
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for rel, kind, entry in inputs.analysis.entries() + [
        (f"{ANALYSIS}/arguments.yaml", "topic", t) for t in analysis.topics
    ]:
        label = f"{kind} '{entry.id}'"
        if (kind, entry.id) in seen:
            problems.append(
                Problem(
                    rel,
                    f"the {kind} id '{entry.id}' is used twice "
                    f"(also at line {seen[kind, entry.id]})",
                    "Give each entry its own id.",
                    entry.line,
                    label,
                )
            )
        seen.setdefault((kind, entry.id), entry.line)
        for key in ("events", "people", "terms", "related", "architectures", "answers", "by"):
            for ref in getattr(entry, key, None) or []:
                if ref not in known[key]:
                    problems.append(
                        Problem(
                            rel,
                            f"unknown {key.removesuffix('s')} '{ref}' under {key}:",
                            f"Use {where[key]}, or add it there.",
                            entry.lines.get(key, entry.line)
                            if hasattr(entry, "lines")
                            else entry.line,
                            label,
                        )
                    )
        topic = getattr(entry, "topic", None)
        if topic and topic not in known["topic"]:
            problems.append(
                Problem(
                    rel,
                    f"unknown topic '{topic}'",
                    f"Use {where['topic']}.",
                    entry.lines.get("topic", entry.line),
                    label,
                )
            )
        for passage in getattr(entry, "passages", []):
            if passage.source and passage.source not in inputs.sources:
                problems.append(
                    Problem(
                        rel,
                        f"unknown source '{passage.source}'",
                        f"Use one of: {', '.join(sorted(inputs.sources))}.",
                        passage.line_of("source"),
                        label,
                    )
                )
    return problems


def bodies_are_the_normalizers(inputs: Inputs) -> list[Problem]:
    """Every source's body is what the normalizer makes of its captured text and hints: a body is
    never edited by hand, so that the site's copy is always the capture, as normalized."""
    problems = []
    for source in inputs.sources.values():
        if not source.raw_text:
            continue  # a missing capture is reported when loading
        prov = source.prov
        hints = {
            "structure": prov.structure,
            "furniture": list(prov.furniture),
            "metadata_lines": list(prov.metadata_lines),
        }
        expected = normalize_body(source.raw_text, hints)
        if expected == source.body:
            continue
        got, want = source.body.split("\n"), expected.split("\n")
        at = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        problems.append(
            Problem(
                f"sources/{source.id}.md",
                f"the body differs from what the normalizer makes of sources/raw/{source.id}.txt "
                f"and the hints in its front matter: the file has {_line_or_end(got, at)} where "
                f"the normalizer writes {_line_or_end(want, at)}",
                "Bodies are never edited by hand: change the hints in the front matter if needed, "
                f"then rerun 'make source ID={source.id}'.",
                source.body_line + at,
                f"source '{source.id}'",
            )
        )
    return problems


def _line_or_end(lines: list[str], at: int) -> str:
    if at >= len(lines):
        return "the end of the body"
    text = lines[at] if len(lines[at]) <= 80 else lines[at][:77] + "..."
    return f'"{text}"' if text else "an empty line"


def _site_pages(inputs: Inputs) -> dict[str, set[str] | None]:
    """The site's pages (site-relative URLs) and, where it matters, the anchors each has (None:
    any anchor). What a summary may link to."""
    pages: dict[str, set[str] | None] = {
        "timeline/": {e.id for e in inputs.timeline.events},
        "sources/": None,
        "people/": None,
        "organizations/": None,
        "data/": None,
    }
    docs = inputs.root / "docs"
    for page in docs.rglob("*.md") if docs.is_dir() else []:
        url = page.relative_to(docs).with_suffix("").as_posix() + "/"
        pages[url.removesuffix("index/")] = None
    pages.update({f"timeline/{e.id}/": None for e in inputs.timeline.events})
    pages.update({f"people/{p.id}/": None for p in inputs.timeline.people})
    pages.update({f"organizations/{o.id}/": None for o in inputs.timeline.organizations})
    for source in inputs.sources.values():
        anchors = {b.anchor for b in source.paragraphs} | {c.id for c in source.comments}
        pages[f"sources/{source.id}/"] = anchors | {"cite-this", "text", "comments"}
    return pages


def _missing_page(target: str, pages: dict[str, set[str] | None]) -> str:
    """Why a site-relative link leads nowhere, or ""."""
    path, _, anchor = target.partition("#")
    path = path.lstrip("/")
    if path.startswith("data/") and "." in path.rsplit("/", 1)[-1]:
        return ""  # a data file
    if path and not path.endswith("/"):
        path += "/"
    if path not in pages:
        return f"there is no page '{path}'"
    anchors = pages[path]
    if anchor and anchors is not None and anchor not in anchors:
        return f"the page '{path}' has no '#{anchor}'"
    return ""


def summary_links_allowed(inputs: Inputs) -> list[Problem]:
    """A summary links only to http(s) addresses and to pages of the site that exist, and has no
    image."""
    problems: list[Problem] = []
    pages: dict[str, set[str] | None] | None = None
    for event in inputs.timeline.events:
        for kind, target in summary_links(event.summary):
            allowed = link_target(target)
            if kind == "img":
                wrong, hint = (
                    f"the summary has an image ({target})",
                    "Summaries are text: remove it.",
                )
            elif allowed is None:
                wrong = (
                    f"the summary links to '{target}', neither an http(s) address nor a page here"
                )
                hint = (
                    "Link to an http(s) address or to a page of this site (timeline/<id>/, "
                    "sources/<id>/#p3); javascript:, mailto:, data: and //host links are refused."
                )
            elif allowed[0] == "site":
                pages = pages or _site_pages(inputs)
                missing = _missing_page(target, pages)
                if not missing:
                    continue
                wrong = f"the summary links to '{target}', but {missing}"
                hint = (
                    "Link to an event (timeline/<id>/), a source or its paragraph "
                    "(sources/<id>/#p3), a person (people/<id>/) or another page of the site."
                )
            else:
                continue
            problems.append(
                Problem(TIMELINE, wrong, hint, event.line_of("summary"), f"event '{event.id}'")
            )
    return problems


def published_ids_kept(inputs: Inputs) -> list[Problem]:
    """Every id and paragraph anchor published before still exists, or redirects (registry.yaml)."""
    return check_registry(inputs.registry, inputs.timeline, inputs.sources, inputs.analysis)


CHECKS: list[Callable[[Inputs], list[Problem]]] = [
    bodies_are_the_normalizers,
    unique_ids,
    known_threads,
    known_people,
    known_organizations,
    known_sources,
    analysis_references,
    summary_links_allowed,
    published_ids_kept,
]


def check_inputs(inputs: Inputs, skip: tuple[Callable, ...] = ()) -> list[Problem]:
    """Run every check in ``CHECKS`` but those in ``skip``; return all the problems found."""
    return [problem for check in CHECKS if check not in skip for problem in check(inputs)]
