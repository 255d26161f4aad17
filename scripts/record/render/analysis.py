"""Render step for the analysis layer: where the texts disagree, the question side by side, how
words travelled, the glossary, and the timeline's views by facet (which need no JavaScript).

Plain data for the templates under ``templates/``; the page kinds are listed in
``pages.PAGE_KINDS`` with the others. Every quote shown is a passage the link step placed
verbatim; everything else is our prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

from markupsafe import Markup

from ..link import LinkedPassage, Record
from ..load.analysis import KINDS_OF_DISCREPANCY, SIDES, Argument
from ..load.timeline import Event
from ..site import event_url, organization_url, person_url
from ..summary import summary_html
from ..text import fold
from . import metadata

DISCREPANCIES, QUESTION, QUOTATIONS, GLOSSARY, FACETS = (
    "discrepancies/",
    "question/",
    "quotations/",
    "glossary/",
    "timeline-by/",
)
KIND_TITLES = {
    "spelling": "Spellings of names",
    "date": "Dates and years",
    "technical": "Technical facts",
    "wording": "Wordings of the same statement",
    "misquotation": "A text quoting another",
    "overtaken": "Statements later texts overtake",
    "claim": "Opposite assertions",
}
SIDE_LABELS = {  # a description of which way the argument points: never our verdict
    "derived": "argues derived work",
    "not-derived": "argues not a derived work",
    "context": "context",
}
ENTRY_URLS = {
    "discrepancy": DISCREPANCIES,
    "argument": QUESTION,
    "architecture": QUESTION,
    "quotation": QUOTATIONS,
    "term": GLOSSARY,
}
ENTRY_LABELS = {
    "discrepancy": "Where the texts disagree",
    "argument": "Argument",
    "architecture": "Architecture",
    "quotation": "How words travelled",
    "term": "Glossary",
}


def entry_url(kind: str, entry_id: str) -> str:
    """Site-relative address of an analysis entry: its page and its anchor."""
    return f"{ENTRY_URLS[kind]}#{entry_id}"


def entry_title(kind: str, entry) -> str:
    return entry.term if kind == "term" else entry.title


# --- glossary links: the first use of a term on a page -------------------------------------------


class Glosser:
    """Links the first use of each glossary term on one page to its entry, in our prose only
    (never inside a quote, a link or a heading: quotes are verbatim and text fragments find them
    by their visible text, which a link does not change)."""

    def __init__(self, terms: tuple[dict[str, str], re.Pattern | None], page_url: str, rel):
        self.page_url, self.rel = page_url, rel
        self.done: set[str] = set()
        self.by_form, self.pattern = terms

    def __call__(self, html: str) -> Markup:
        if self.pattern is None:
            return Markup(html)
        out, depth = [], 0
        for piece in re.split(r"(<[^>]*>)", str(html)):
            if piece.startswith("<"):
                if re.match(r"<a[\s>]", piece):
                    depth += 1
                elif piece.startswith("</a"):
                    depth -= 1
                out.append(piece)
            elif depth or not piece:
                out.append(piece)
            else:
                out.append(self.pattern.sub(self._link, piece))
        return Markup("".join(out))

    def _link(self, match: re.Match) -> str:
        term = self.by_form[match.group(1)]
        if term in self.done or self.page_url == GLOSSARY:
            return match.group(0)
        self.done.add(term)
        href = self.rel(self.page_url, entry_url("term", term))
        return f'<a class="glossary-term" href="{escape(href)}">{match.group(0)}</a>'


def term_pattern(record: Record) -> tuple[dict[str, str], re.Pattern | None]:
    """Every glossary form (the longest first: "console OS" before "OS") as one pattern, and
    the term of each form. Made once per build: a page's linker only keeps what it linked."""
    forms = [(form, term.id) for term in record.analysis.terms for form in term.forms if form]
    forms.sort(key=lambda pair: -len(pair[0]))
    by_form: dict[str, str] = {}
    for form, term in forms:
        by_form.setdefault(form, term)  # a form two terms share links to the first
    pattern = (
        re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in by_form) + r")(?![\w-])")
        if by_form
        else None
    )
    return by_form, pattern


# --- word-level alignment of the versions of a statement ------------------------------------------


def aligned(first: str, other: str) -> Markup:
    """``other`` as HTML, its words compared with ``first``'s: words it adds or changes in
    <ins>, words of ``first`` it lacks in <del>. Words are compared folded (typographic quotes and
    dashes, case kept), so only real differences are marked."""
    a, b = first.split(), other.split()
    matcher = SequenceMatcher(None, [fold(w) for w in a], [fold(w) for w in b], autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(b[b1:b2])))
            continue
        if a2 > a1:
            out.append(f'<del title="not in this version">{escape(" ".join(a[a1:a2]))}</del>')
        if b2 > b1:
            out.append(f'<ins title="only in this version">{escape(" ".join(b[b1:b2]))}</ins>')
    return Markup(" ".join(out))


# --- plain data for the templates ----------------------------------------------------------------


@dataclass
class AnalysisData:
    """What the analysis pages and the backlinks on other pages are made from."""

    build: object  # pages.Build

    @property
    def record(self) -> Record:
        return self.build.record

    def passage(self, linked: LinkedPassage, page_url: str) -> dict:
        data = self.build.claim(linked, page_url)
        data["evidence"] = None  # an analysis passage carries no evidence label of its own
        return data

    def passages(self, kind: str, entry_id: str, page_url: str) -> list[dict]:
        return [self.passage(p, page_url) for p in self.record.passages_of(kind, entry_id)]

    def links(self, page_url: str, kind: str, ids: list[str]) -> list[dict]:
        record, rel = self.record, self.build.rel
        if kind == "events":
            events = {e.id: e for e in record.events}
            return [{"href": rel(page_url, event_url(i)), "text": events[i].title} for i in ids]
        if kind == "people":
            out = []
            for i in ids:
                if i in record.people:
                    out.append(
                        {"href": rel(page_url, person_url(i)), "text": record.people[i].name}
                    )
                else:
                    org = record.organizations[i]
                    out.append({"href": rel(page_url, organization_url(i)), "text": org.name})
            return out
        terms = {t.id: t for t in record.analysis.terms}
        return [{"href": rel(page_url, entry_url("term", i)), "text": terms[i].term} for i in ids]

    def backlinks(self, page_url: str, field_name: str, value: str) -> list[dict]:
        """The analysis entries that name ``value`` under ``field_name`` (events, people, terms),
        as links grouped by kind."""
        groups = self.record.analysis_of(field_name, value)
        return [
            {
                "label": ENTRY_LABELS[kind],
                "links": [
                    {
                        "href": self.build.rel(page_url, entry_url(kind, e.id)),
                        "text": entry_title(kind, e),
                    }
                    for e in entries
                ],
            }
            for kind, entries in groups.items()
        ]

    # --- the pages ---

    def discrepancies(self) -> list[dict]:
        url, gloss = DISCREPANCIES, self.build.glosser(DISCREPANCIES)
        out = []
        for kind, title in KIND_TITLES.items():
            entries = [d for d in self.record.analysis.discrepancies if d.kind == kind]
            if not entries:
                continue
            rows = []
            for d in entries:
                passages = iter(self.passages("discrepancy", d.id, url))
                sides = [
                    {"label": side.label, "passages": [next(passages) for _ in side.passages]}
                    for side in d.sides
                ]
                rows.append(
                    {
                        "id": d.id,
                        "aliases": self.build.aliases.get(("discrepancies", d.id), []),
                        "title": d.title,
                        "kind": KINDS_OF_DISCREPANCY[d.kind],
                        "sides": sides,
                        "note": gloss(escape(d.note)),
                        "events": self.links(url, "events", d.events),
                        "people": self.links(url, "people", d.people),
                        "terms": self.links(url, "terms", d.terms),
                    }
                )
            out.append({"kind": kind, "title": title, "entries": rows})
        return out

    def question(self) -> dict:
        url, analysis = QUESTION, self.record.analysis
        gloss = self.build.glosser(QUESTION)
        by_id = {a.id: a for a in analysis.arguments}
        answered_by: dict[str, list[Argument]] = {}
        for argument in analysis.arguments:
            for target in argument.answers:
                answered_by.setdefault(target, []).append(argument)
        arch_titles = {a.id: a.title for a in analysis.architectures}

        def when(argument: Argument) -> tuple:
            return argument.date.sort_key() if argument.date else (float("inf"), 0, 0)

        def one(argument: Argument) -> dict:
            people = self.links(url, "people", argument.by)
            return {
                "id": argument.id,
                "aliases": self.build.aliases.get(("arguments", argument.id), []),
                "title": argument.title,
                "side": argument.side,
                "side_label": SIDE_LABELS[argument.side],
                "side_meaning": SIDES[argument.side],
                "summary": gloss(escape(argument.summary)),
                "by": people,
                "date": argument.date.display() if argument.date else "",
                "date_inferred": bool(argument.date and not argument.date.stated),
                "date_note": argument.date_note,
                "architectures": [
                    {
                        "href": f"#{a}",
                        "text": arch_titles[a],
                    }
                    for a in argument.architectures
                ],
                "passages": self.passages("argument", argument.id, url),
                "answers": [{"href": f"#{t}", "text": by_id[t].title} for t in argument.answers],
                "answered_by": [
                    {"href": f"#{r.id}", "text": r.title}
                    for r in sorted(answered_by.get(argument.id, []), key=when)
                ],
                "events": self.links(url, "events", argument.events),
                "replies": [],
            }

        def thread(argument: Argument, depth: int, topic_id: str, placed: set[str]) -> dict:
            """The argument, and under it the arguments of its topic that answer it."""
            placed.add(argument.id)
            item = one(argument)
            item["depth"] = depth
            item["replies"] = [
                thread(reply, depth + 1, topic_id, placed)
                for reply in sorted(answered_by.get(argument.id, []), key=when)
                if reply.topic == topic_id and reply.id not in placed and depth < 4
            ]
            return item

        topics = []
        for topic in analysis.topics:
            members = [a for a in analysis.arguments if a.topic == topic.id]
            placed: set[str] = set()
            ids = {m.id for m in members}
            roots = [a for a in sorted(members, key=when) if not any(t in ids for t in a.answers)]
            items = [thread(a, 0, topic.id, placed) for a in roots if a.id not in placed]
            items += [
                thread(a, 0, topic.id, placed)
                for a in sorted(members, key=when)
                if a.id not in placed
            ]
            counts = {side: sum(1 for a in members if a.side == side) for side in SIDES}
            topics.append(
                {
                    "id": topic.id,
                    "title": topic.title,
                    "description": gloss(escape(topic.description)),
                    "arguments": items,
                    "counts": [
                        {"label": SIDE_LABELS[s], "count": n} for s, n in counts.items() if n
                    ],
                }
            )
        architectures = [
            {
                "id": a.id,
                "title": a.title,
                "description": gloss(escape(a.description)),
                "passages": self.passages("architecture", a.id, url),
                "arguments": [
                    {"href": f"#{arg.id}", "text": arg.title}
                    for arg in analysis.arguments
                    if a.id in arg.architectures
                ],
            }
            for a in analysis.architectures
        ]
        return {"topics": topics, "architectures": architectures}

    def quotations(self, url: str = QUOTATIONS, event_id: str | None = None) -> list[dict]:
        """The quotation chains (those naming ``event_id``, when given), for the page at
        ``url``: each version aligned word by word with the earliest."""
        gloss = self.build.glosser(url)
        out = []
        quotations = (
            self.record.analysis.quotations
            if event_id is None
            else self.record.analysis_of("events", event_id).get("quotation", [])
        )
        for quotation in quotations:
            placed = self.record.passages_of("quotation", quotation.id)
            ordered = sorted(placed, key=lambda p: self.build.passage_date(p).sort_key())
            first = ordered[0].exact if ordered else ""
            versions = []
            for number, linked in enumerate(ordered):
                data = self.passage(linked, url)
                data["aligned"] = (
                    Markup(escape(linked.exact)) if number == 0 else aligned(first, linked.exact)
                )
                data["same"] = number > 0 and fold(linked.exact) == fold(first)
                versions.append(data)
            out.append(
                {
                    "id": quotation.id,
                    "href": self.build.rel(url, entry_url("quotation", quotation.id)),
                    "aliases": self.build.aliases.get(("quotations", quotation.id), []),
                    "title": quotation.title,
                    "note": gloss(escape(quotation.note)) if quotation.note else "",
                    "versions": versions,
                    "people": self.links(url, "people", quotation.people),
                    "events": self.links(url, "events", quotation.events),
                }
            )
        return out

    def glossary(self) -> list[dict]:
        url = GLOSSARY
        terms = sorted(self.record.analysis.terms, key=lambda t: t.term.casefold())
        return [
            {
                "id": t.id,
                "aliases": self.build.aliases.get(("terms", t.id), []),
                "term": t.term,
                "forms": [f for f in t.forms if f != t.term],
                "definition": t.definition,
                "passages": self.passages("term", t.id, url),
                "related": self.links(url, "terms", t.related),
                "backlinks": [
                    group
                    for group in self.backlinks(url, "terms", t.id)
                    if group["label"] != ENTRY_LABELS["term"]
                ],
            }
            for t in terms
        ]


# --- the timeline by facet: one page per value, no JavaScript needed ------------------------------


@dataclass(frozen=True)
class Facet:
    key: str
    title: str
    values: list[tuple[str, str]]  # (value, label)
    test: object  # (record, event, value) -> bool


def _facets(record: Record) -> list[Facet]:
    with_discrepancy = {e for d in record.analysis.discrepancies for e in d.events}
    return [
        Facet(
            "thread",
            "Thread",
            [(t.id, t.title) for t in record.timeline.threads],
            lambda r, e, v: e.thread == v,
        ),
        Facet(
            "evidence",
            "Evidence",
            [
                ("statement", "with the statement itself"),
                ("report", "reported only"),
                ("external", "from outside the corpus"),
            ],
            lambda r, e, v: e.evidence == v,
        ),
        Facet(
            "corpus",
            "Corpus",
            [("inside", "inside the corpus"), ("after", "after the corpus")],
            lambda r, e, v: (v == "after") == e.external,
        ),
        Facet(
            "date",
            "Date",
            [("stated", "dated by the texts"), ("inferred", "date inferred")],
            lambda r, e, v: (v == "inferred") == e.date_inferred,
        ),
        Facet(
            "discrepancy",
            "Disagreement",
            [("yes", "with a disagreement between the texts")],
            lambda r, e, v: e.id in with_discrepancy,
        ),
    ]


def facet_pages(build) -> dict[str, str]:
    """``timeline-by/<facet>-<value>/``: the events of one value of one facet, as a list, and
    ``timeline-by/``: every facet with its counts. Filters that need no script."""
    record, pages, index = build.record, {}, []
    for facet in _facets(record):
        values = []
        for value, label in facet.values:
            events = [e for e in record.events if facet.test(record, e, value)]
            url = f"{FACETS}{facet.key}-{value}/"
            rows = [_row(build, e, url) for e in events]
            title = f"Timeline: {label}"
            meta = metadata.list_meta(
                build.site,
                url,
                title,
                f"The {len(events)} events of the timeline {label}.",
                [(event_url(e.id), e.title) for e in events],
            )
            pages[f"{FACETS}{facet.key}-{value}.md"] = build.page(
                "facet.md",
                title,
                meta,
                events=rows,
                facet=facet.title,
                label=label,
                timeline_href=build.rel(url, "timeline/"),
                facets_href=build.rel(url, FACETS),
            )
            values.append({"href": f"{facet.key}-{value}/", "label": label, "count": len(events)})
        index.append({"title": facet.title, "options": values})
    meta = metadata.list_meta(
        build.site,
        FACETS,
        "Timeline by facet",
        "The timeline's events by thread, evidence, corpus, date and disagreement: one page each.",
        [],
    )
    pages[f"{FACETS}index.md"] = build.page(
        "facets.md",
        "Timeline by facet",
        meta,
        facets=index,
        people=_people_rows(build),
        timeline_href=build.rel(FACETS, "timeline/"),
    )
    return pages


def _row(build, event: Event, url: str) -> dict:
    return {
        "href": build.rel(url, event_url(event.id)),
        "title": event.title,
        "date": event.date.display(),
        "iso": event.date.iso if event.date.stated else "",
        "evidence": event.evidence,
    }


def _people_rows(build) -> list[dict]:
    record = build.record
    return [
        {
            "href": build.rel(FACETS, person_url(p.id)),
            "label": p.name,
            "count": len(record.events_of(p.id)),
        }
        for p in sorted(record.timeline.people, key=lambda p: p.name.split()[-1])
    ]


# --- page kinds -----------------------------------------------------------------------------------


def _page(build, url: str, template: str, title: str, description: str, items, **context):
    meta = metadata.list_meta(build.site, url, title, description, items)
    return {f"{url}index.md": build.page(template, title, meta, **context)}


def discrepancies_page(build) -> dict[str, str]:
    data = AnalysisData(build)
    groups = data.discrepancies()
    entries = [e for g in groups for e in g["entries"]]
    return _page(
        build,
        DISCREPANCIES,
        "discrepancies.md",
        "Where the texts disagree",
        f"The {len(entries)} places where the five texts disagree with each other or with "
        "themselves, each side quoted and linked to its paragraph.",
        [(entry_url("discrepancy", e["id"]), e["title"]) for e in entries],
        groups=groups,
        count=len(entries),
    )


def question_page(build) -> dict[str, str]:
    data = AnalysisData(build).question()
    arguments = build.record.analysis.arguments
    return _page(
        build,
        QUESTION,
        "question.md",
        "The question, side by side",
        f"The {len(arguments)} arguments the texts make on whether the VMkernel is a derived work "
        "of Linux, each beside the answers it drew, with the ESX/ESXi versions each is about.",
        [(entry_url("argument", a.id), a.title) for a in arguments],
        count=len(arguments),
        **data,
    )


def quotations_page(build) -> dict[str, str]:
    chains = AnalysisData(build).quotations()
    return _page(
        build,
        QUOTATIONS,
        "quotations.md",
        "How words travelled",
        f"The {len(chains)} statements the corpus quotes more than once, every version side by "
        "side with its differences marked word by word.",
        [(entry_url("quotation", c["id"]), c["title"]) for c in chains],
        chains=chains,
    )


def glossary_page(build) -> dict[str, str]:
    terms = AnalysisData(build).glossary()
    return _page(
        build,
        GLOSSARY,
        "glossary.md",
        "Glossary",
        f"The {len(terms)} terms a reader of the record meets, in our words, with the passages "
        "of the texts that use them.",
        [(entry_url("term", t["id"]), t["term"]) for t in terms],
        terms=terms,
    )


def summary_glossed(build, summary: str, page_url: str) -> Markup:
    """An event's summary as HTML, its first uses of glossary terms on the page linked."""
    return build.glosser(page_url)(summary_html(summary, page_url))
