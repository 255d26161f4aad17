"""The site's generated pages: one function per page kind, each turning the record into plain data
for its Jinja2 template (``templates/``). ``PAGE_KINDS`` lists them all: the one place to add one.

Pages address each other with site-relative URLs ("sources/x/#p3"), turned into page-relative
links with ``rel`` so that the site works under any base path and from a folder.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

import jinja2
import jinja2.ext
from markupsafe import Markup

from ..link import LinkedClaim, Record
from ..load.registry import Registry, anchor_aliases, redirects
from ..load.sources import Block, Source
from ..load.timeline import Event
from ..site import Site, event_url, organization_url, person_url, source_url
from ..summary import summary_html
from . import cite, metadata
from .analysis import (
    AnalysisData,
    discrepancies_page,
    facet_pages,
    glossary_page,
    question_page,
    quotations_page,
)
from .passages import Passages

TEMPLATES = Path(__file__).parent / "templates"
# The evidence labels a reader sees on claims and events (load.timeline.EVIDENCE says what each
# means for the maintainer).
EVIDENCE_LABELS = {
    "statement": "the statement itself",
    "report": "reported",
    "external": "from outside the corpus",
}
LOST_LINK = '<span class="lost-link" title="A link the capture lost">[ ]</span>'
ONE_LINE = "{# one line #}\n"


def rel(from_url: str, to_url: str) -> str:
    """Link from page ``from_url`` to site-relative ``to_url`` (both like 'timeline/x/')."""
    return "../" * from_url.count("/") + to_url if to_url or from_url else "./"


# --- the template environment ---------------------------------------------------------------


class OneLine(jinja2.ext.Extension):
    """Templates that start with ``{# one line #}`` are written over several lines for reading but
    render as one: a newline and the indentation after it are dropped from the template text.
    (Markdown ends a raw HTML block at a blank line, and some parts sit inside a line of text.)"""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if not source.startswith(ONE_LINE):
            return source
        return "".join(line.lstrip(" ") for line in source[len(ONE_LINE) :].split("\n"))


def captured(text: str) -> Markup:
    """Captured text as HTML: escaped, with each lost link '[ ]' made visible as such."""
    return Markup(html.escape(text, quote=False).replace("[ ]", LOST_LINK))


# What Python-Markdown reads as syntax in a heading and undoes with a backslash. "{" matters most:
# with attr_list on, a heading ending in "{: onfocus=... }" would give the element attributes.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def heading(text: str, anchor: str = "") -> Markup:
    """A Markdown heading's text that shows ``text`` literally, on one line, with an optional
    ``{#anchor}``: HTML characters as entities, Markdown syntax backslash-escaped."""
    literal = _MARKDOWN_SYNTAX.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
    attr = f" {{#{anchor}}}" if anchor else ""
    return Markup(literal.replace("\\[ \\]", LOST_LINK) + attr)


_BLANK_LINES = re.compile(r"\n\s*\n")


def no_blank_lines(value: object) -> object:
    """Every value a template prints, before escaping: a blank line would end the raw HTML block
    it sits in, and Markdown would read what follows as Markdown (links and attributes included)."""
    if isinstance(value, str) and "\n" in value:
        collapsed = _BLANK_LINES.sub("\n", value)
        return Markup(collapsed) if isinstance(value, Markup) else collapsed
    return value


def json_value(value: object) -> Markup:
    """A front matter value: JSON is YAML, and keeps every value exactly as given."""
    # ASCII only: YAML refuses some characters JSON allows raw (DEL, C1 controls, U+FFFE), and
    # MkDocs then reads the whole front matter as Markdown. \uXXXX escapes read back the same.
    if isinstance(value, str):
        return Markup(json.encoder.encode_basestring_ascii(value))
    return Markup(json.dumps(value))


def environment() -> jinja2.Environment:
    # Compiled templates are cached in the system's temporary folder (keyed by each template's
    # checksum, so an edited template is compiled afresh): compiling them all costs about a
    # sixth of the engine's time, on every build.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=[OneLine],
        finalize=no_blank_lines,
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters.update(captured=captured, heading=heading, json=json_value)
    return env


# --- what every page kind is given -------------------------------------------------------------


@dataclass
class Build:
    """One rendering of the record for one site: the record, the ids published before, the site,
    the templates, and the passage links (computed from the source pages' visible text)."""

    record: Record
    registry: Registry
    site: Site
    env: jinja2.Environment
    passages: Passages | None = None
    source_pages: list[SourcePage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.aliases = anchor_aliases(self.registry)
        self._glossers: dict[str, object] = {}
        self._terms = None  # the glossary's pattern, made on first use

    rel = staticmethod(rel)

    def glosser(self, page_url: str):
        """The page's glossary linker: it links each term's first use on that page only."""
        from .analysis import Glosser, term_pattern

        if self._terms is None:
            self._terms = term_pattern(self.record)
        if page_url not in self._glossers:
            self._glossers[page_url] = Glosser(self._terms, page_url, rel)
        return self._glossers[page_url]

    @staticmethod
    def passage_date(linked):
        """The date of a passage: its reader comment's own, else its source's publication date
        (dates no text gives sort last)."""
        comment = linked.source.comment_of(linked.block)
        date = comment.date if comment is not None else linked.source.prov.published
        return date if date is not None else linked.source.prov.published

    def page(self, template: str, title: str, meta: dict, **context) -> str:
        """A page: front matter, title and body, from ``template`` and plain data."""
        fields = {"title": html.escape(title), "og_title": title, **meta}
        if "description" in meta:  # MkDocs and Material print title and description unescaped
            fields["description"] = html.escape(meta["description"])
            fields["og_description"] = meta["description"]
        text = self.env.get_template(template).render(front_matter=fields, title=title, **context)
        return text.rstrip("\n") + "\n"

    # --- plain data for the parts ---

    def claim(self, claim: LinkedClaim, page_url: str) -> dict:
        source = claim.source
        links = self.passages.of_claim(claim)
        return {
            "quote": claim.claim.quote,
            "href": rel(page_url, links.ours),
            "source_title": source.title,
            "where": f"comment {claim.block.comment[1:].replace('-', '.')}, "
            if claim.block.comment
            else "",
            "paragraph": claim.block.anchor[1:],
            "by": self.passage_by(source, claim.block, page_url),
            "evidence": claim.claim.evidence,
            "evidence_label": EVIDENCE_LABELS.get(claim.claim.evidence, ""),
            "original": links.original,
            "original_label": source.prov.reposted_from.outlet if source.prov.reposted_from else "",
            "archive": links.archive,
            "gone": source.prov.original_status == "gone",
        }

    def passage_by(self, source: Source, block: Block, page_url: str) -> dict:
        """Who wrote a passage and when, as the page says it: a reader comment under its
        commenter and its own date, the text under its writers and publication date. Whatever is
        inferred says so, and links to where the source's page says on what it rests."""
        prov = source.prov
        comment = source.comment_of(block)
        if comment is not None:
            where = rel(page_url, f"{source_url(source.id)}#{comment.id}")
            return {
                "comment": True,
                "names": [
                    {
                        "name": comment.writer or "name not captured",
                        "inferred": bool(comment.writer and not comment.name),
                        "basis": where,
                    }
                ],
                "date": comment.date.display() if comment.date else "date not captured",
                "date_inferred": comment.date is not None and not comment.date_text,
                "date_basis": where,
                "outlet": prov.outlet,
            }
        where = rel(page_url, f"{source_url(source.id)}#provenance")
        reposter = source.by_reposter(block)
        repost = prov.reposted_from
        return {
            "comment": False,
            "names": [
                {"name": a.name, "inferred": bool(a.basis), "basis": where}
                for a in prov.authors
                if (a.role == "reposter") == reposter
            ],
            "date": prov.published.display(),
            "date_inferred": not prov.published.stated,
            "date_basis": where,
            "outlet": prov.outlet
            + (f" (repost of {repost.outlet})" if repost and not reposter else "")
            + (" (the reposter's own line)" if reposter else ""),
        }

    def event(self, event: Event, page_url: str, headline: bool = True) -> dict:
        record = self.record
        thread = record.threads.get(event.thread)
        return {
            "id": event.id,
            "thread": event.thread,
            "aliases": self.aliases.get(("events", event.id), []),
            "iso": event.date.iso if event.date.stated else "",
            "date": event.date.display(),
            "date_inferred": event.date_inferred,
            "date_from_address": event.date_source == "address",
            "evidence": event.evidence,
            "evidence_label": EVIDENCE_LABELS[event.evidence],
            "href": rel(page_url, event_url(event.id)) if headline else "",
            "title": event.title,
            "summary": self.glosser(page_url)(summary_html(event.summary, page_url)),
            "date_note": event.date_note,
            "people": [
                {"href": rel(page_url, person_url(pid)), "name": record.people[pid].name}
                for pid in event.people
            ],
            "organizations": [
                {
                    "href": rel(page_url, organization_url(oid)),
                    "name": record.organizations[oid].name,
                }
                for oid in event.organizations
            ],
            "thread_title": thread.title if thread else "",
            "claims": [self.claim(c, page_url) for c in record.claims_of(event)],
            "references": [
                {
                    "publisher": r.publisher,
                    "title": r.title,
                    "author": r.author,
                    "date": r.date.display(),
                    "iso": r.date.iso if r.date.stated else "",
                    "url": r.url,
                    "language": r.language,
                }
                for r in event.references
            ],
            "analysis": self.analysis_links(page_url, "events", event.id),
            "has_discrepancy": bool(record.analysis_of("events", event.id).get("discrepancy")),
        }

    def analysis_links(self, page_url: str, field_name: str, value: str) -> list[dict]:
        from .analysis import AnalysisData

        return AnalysisData(self).backlinks(page_url, field_name, value)


# --- the timeline and the event pages ----------------------------------------------------------


def timeline_page(build: Build) -> dict[str, str]:
    from .timeline_svg import timeline_figure  # the figure at the top of the page

    record, url = build.record, "timeline/"
    meta = metadata.list_meta(
        build.site,
        url,
        "Timeline",
        f"The {len(record.events)} events of the VMware ESX/ESXi and Linux kernel "
        "licensing dispute, each with verbatim quotes linked to their sources.",
        [(event_url(e.id), e.title) for e in record.events],
    )
    years = [
        {"year": year, "events": [build.event(e, url) for e in events]}
        for year, events in groupby(record.events, key=lambda e: e.date.place_year)
    ]
    return {
        "timeline/index.md": build.page(
            "timeline.md",
            "Timeline",
            meta,
            events_count=len(record.events),
            external_count=sum(1 for e in record.events if e.external),
            years=years,
            facets_href=rel(url, "timeline-by/"),
            timeline_figure=timeline_figure(record),
        )
    }


def event_pages(build: Build) -> dict[str, str]:
    record, pages = build.record, {}
    events = record.events
    for index, event in enumerate(events):
        url = event_url(event.id)
        nav = []
        if index > 0:
            nav.append(
                {
                    "rel": "prev",
                    "href": rel(url, event_url(events[index - 1].id)),
                    "text": f"Earlier: {events[index - 1].title}",
                }
            )
        nav.append(
            {
                "rel": "",
                "href": f"{rel(url, 'timeline/')}#{event.id}",
                "text": "This event on the timeline",
            }
        )
        if index + 1 < len(events):
            nav.append(
                {
                    "rel": "next",
                    "href": rel(url, event_url(events[index + 1].id)),
                    "text": f"Later: {events[index + 1].title}",
                }
            )
        box = cite.cite_box(cite.event_citations(event, record, build.site), build.site)
        pages[f"timeline/{event.id}.md"] = build.page(
            "event.md",
            event.title,
            metadata.event_meta(record, event, build.site),
            event=build.event(event, url, headline=False),
            chains=AnalysisData(build).quotations(url, event.id),
            permanent_url=build.site.absolute(url),
            box=box,
            nav=nav,
        )
    return pages


# --- the sources ------------------------------------------------------------------------------


def _provenance(source: Source) -> dict:
    prov = source.prov
    return {
        **{
            key: getattr(prov, key)
            for key in (
                "title",
                "title_note",
                "standfirst",
                "authors",
                "authors_note",
                "outlet",
                "kind",
                "published_note",
                "original_url",
                "archive_url",
                "captured_sha256",
                "capture_note",
                "metadata_lines",
                "furniture",
                "reposted_from",
            )
        },
        "published_stated": prov.published.stated,
        "has_reposter": any(a.role == "reposter" for a in prov.authors),
        "published_iso": prov.published.edtf,
        "published": prov.published.display(),
    }


class SourcePage:
    """One source's page as plain data: built once, then read for its visible text (which the text
    fragments need) and rendered once."""

    def __init__(self, build: Build, source: Source):
        self.build, self.source = build, source
        self.url = source_url(source.id)
        self.citations = cite.source_citations(source, build.site)
        self.box = cite.cite_box(
            self.citations, build.site, passages=rel(self.url, f"data/passages/{source.id}.json")
        )
        self.parts = self._parts()

    def _cited_by(self, block: Block) -> list[dict]:
        from .analysis import ENTRY_LABELS, entry_title, entry_url

        seen: list[Event] = []
        for claim in self.build.record.citations.get((self.source.id, block.anchor), []):
            if claim.event not in seen:
                seen.append(claim.event)
        cited = [
            {"href": rel(self.url, event_url(e.id)), "title": e.title, "date": e.date.display()}
            for e in seen
        ]
        entries: list[tuple[str, object]] = []
        for linked in self.build.record.analysis_citations.get((self.source.id, block.anchor), []):
            if (linked.kind, linked.entry) not in entries:
                entries.append((linked.kind, linked.entry))
        cited += [
            {
                "href": rel(self.url, entry_url(kind, entry.id)),
                "title": entry_title(kind, entry),
                "date": ENTRY_LABELS[kind],
            }
            for kind, entry in entries
        ]
        return cited

    def _paragraph(self, block: Block, tag: str = "div") -> dict:
        cited = self.build.record.citations.get((self.source.id, block.anchor))
        return {
            "block": block,
            "tag": tag,
            "anchor": block.anchor,
            "number": block.anchor[1:],
            "text": block.text,
            "classes": "para"
            + (" cited" if cited else "")
            + (" in-comment" if block.comment else ""),
            "value": block.number if tag == "li" and block.ordered else None,
            "aliases": self.build.aliases.get((self.source.id, block.anchor), []),
            "cited_by": self._cited_by(block),
            "archive": self.source.prov.archive_url,
        }

    def _comment_note(self, heading: Block) -> dict | None:
        """What is known of a comment beyond its captured heading: the author and date inferred,
        and why; its address on the original page."""
        comment = next((c for c in self.source.comments if c.id == heading.anchor), None)
        if comment is None:
            return None
        original = self.source.prov.original_url
        note = {
            "author": comment.inferred_author if not comment.author else None,
            "author_basis": comment.author_basis if not comment.author else None,
            "date": comment.date.display() if comment.date and not comment.date_text else None,
            "date_basis": comment.date_basis if not comment.date_text else None,
            "original": f"{original}#{comment.original_anchor}"
            if comment.original_anchor and original
            else None,
        }
        return note if any(note.values()) else None

    def _parts(self) -> list[dict]:
        """The body: headings, and groups of paragraphs (a paragraph, a block quote or a list)."""
        source, blocks, parts = self.source, self.source.blocks, []
        depth = {c.id: c.level - 3 for c in source.comments}
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block.kind == "heading":
                first_comment = source.comments and block.anchor == source.comments[0].id
                previous = blocks[i - 1] if i else None
                if first_comment and not (
                    previous and previous.kind == "heading" and previous.level == 2
                ):
                    # The capture has no heading here: a section label of ours, not source text.
                    parts.append(
                        {
                            "heading": "Reader comments (as captured)",
                            "level": 2,
                            "anchor": "comments",
                        }
                    )
                parts.append(
                    {
                        "heading": block.text,
                        "level": block.level,
                        "anchor": block.anchor,
                        "comment": self._comment_note(block),
                    }
                )
                i += 1
                continue
            if block.kind == "figure":
                parts.append({"heading": "", "figure": True, "caption": block.text})
                i += 1
                continue
            group = [block]
            if block.kind != "paragraph":
                while (
                    i + len(group) < len(blocks)
                    and blocks[i + len(group)].kind == block.kind
                    and blocks[i + len(group)].ordered == block.ordered
                ):
                    group.append(blocks[i + len(group)])
            container = {"paragraph": "", "quote": "blockquote"}.get(
                block.kind, "ol" if block.ordered else "ul"
            )
            tag = "li" if container in ("ol", "ul") else "div"
            parts.append(
                {
                    "heading": "",
                    "reply": bool(depth.get(block.comment, 0)),
                    "list": container,
                    "start": block.number if block.ordered and block.number != 1 else None,
                    "paren": container in ("ol", "ul") and block.marker == ")",
                    "paragraphs": [self._paragraph(b, tag) for b in group],
                }
            )
            i += len(group)
        return parts

    def visible_text(self) -> str:
        """The page's text as a reader sees it (headings twice: the table of contents repeats them),
        in page order. Text fragments must match once in it."""
        prov, out = self.source.prov, []
        out += [
            prov.title,
            prov.title,
            "Title",
            prov.title,
            prov.title_note or "",
            prov.standfirst or "",
        ]
        out += [f"{a.name} {a.basis or ''} {a.note or ''}" for a in prov.authors]
        out.append(prov.authors_note or "")
        if prov.reposted_from:
            repost = prov.reposted_from
            out += [
                repost.outlet,
                repost.date.display() if repost.date else "",
                repost.date_note or "",
            ]
        out += [
            prov.outlet,
            prov.kind,
            prov.published.display(),
            prov.published_note or "",
            prov.original_url,
            prov.archive_url,
            prov.captured_sha256,
            prov.capture_note or "",
            *prov.metadata_lines,
            *prov.furniture,
            "Cite this source",
            "Cite this source",
            "Permanent URL of this copy:",
            self.build.site.absolute(self.url),
            "To cite one passage, use the cite link that appears beside a paragraph on hover or "
            "keyboard focus.",
        ]
        out += [
            fmt["label"] + " " + "".join(text for text, _ in fmt["parts"])
            for fmt in self.box.formats
        ]
        out += ["Text", "Text"]
        for part in self.parts:
            if part["heading"]:
                out += [part["heading"], part["heading"]]
                note = part.get("comment")
                if note:
                    if note["author"]:
                        out.append(f"Attributed to {note['author']} ({note['author_basis']}).")
                    if note["date"]:
                        out.append(f"Date: {note['date']} ({note['date_basis']}).")
                    if note["original"]:
                        out.append(
                            "On the original page (an address known from outside the five "
                            "texts: see “About the capture”)"
                        )
                continue
            if part.get("figure"):
                out.append("A figure stood here; the capture lost it.")
                if part["caption"]:
                    out.append(f"Its caption: {part['caption']}")
                continue
            for para in part["paragraphs"]:
                out += [para["number"], para["text"]]
                out += [f"{e['title']} ({e['date']})" for e in para["cited_by"]]
                out.append("link original archived cite")
        return " ".join(out)

    def render(self) -> str:
        passages = self.build.passages
        for part in self.parts:
            for para in part.get("paragraphs", []):
                links = passages.of_paragraph(self.source, para["block"])
                para["link"], para["original"] = rel(self.url, links.ours), links.original
        return self.build.page(
            "source.md",
            self.source.title,
            metadata.source_meta(self.build.record, self.source, self.build.site),
            prov=_provenance(self.source),
            permanent_url=self.build.site.absolute(self.url),
            box=self.box,
            passage_box=cite.passage_box(self.build.site),
            body=self.parts,
        )


def source_pages(build: Build) -> dict[str, str]:
    return {f"sources/{page.source.id}.md": page.render() for page in build.source_pages}


def sources_index(build: Build) -> dict[str, str]:
    record, url = build.record, "sources/"
    meta = metadata.list_meta(
        build.site,
        url,
        "Sources",
        "The source texts of the record, each a faithful "
        "normalized copy with numbered paragraphs and provenance.",
        [(source_url(s.id), s.title) for s in record.sources.values()],
    )
    rows = [
        {
            "published_iso": s.prov.published.edtf,
            "published": s.prov.published.display(),
            "href": rel(url, source_url(s.id)),
            "title": s.title,
            "authors": ", ".join(
                f"[{a.name}] (inferred)" if a.basis else a.name
                for a in s.prov.authors
                if a.role != "reposter"
            )
            or "author unknown",
            "outlet": s.prov.outlet,
            "kind": s.prov.kind,
            "cited": len(record.claims_citing(s)),
        }
        for s in sorted(record.sources.values(), key=lambda s: s.prov.published.edtf)
    ]
    return {"sources/index.md": build.page("sources.md", "Sources", meta, sources=rows)}


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorKind:
    """People and organizations: the same pages, each under its own folder and words."""

    folder: str  # "people"
    title: str  # "People"
    one: str  # "person"
    url: Callable[[str], str]
    actors: Callable[[Record], list]
    events: Callable[[Record, str], list[Event]]
    schema_type: str  # schema.org type
    intro: str


ACTOR_KINDS = [
    ActorKind(
        "people",
        "People",
        "person",
        person_url,
        lambda record: record.timeline.people,
        lambda record, pid: record.events_of(pid),
        "Person",
        "Everyone the timeline's events involve, with their role as the texts describe it. "
        "Quotes keep the texts' own spellings of names; each person's page lists them.",
    ),
    ActorKind(
        "organizations",
        "Organizations",
        "organization",
        organization_url,
        lambda record: record.timeline.organizations,
        lambda record, oid: record.events_of_organization(oid),
        "Organization",
        "Every company, firm, publication and other organization that acts in the timeline's "
        "events, "
        "with its role as the texts describe it, and the spellings the texts use.",
    ),
]


def _actor_pages(build: Build, kind: ActorKind) -> dict[str, str]:
    record, pages = build.record, {}
    for actor in kind.actors(record):
        url = kind.url(actor.id)
        events = [
            {
                "href": rel(url, event_url(e.id)),
                "title": e.title,
                "iso": e.date.iso if e.date.stated else "",
                "date": e.date.display(),
                "claims": [build.claim(c, url) for c in record.claims_of(e)],
            }
            for e in kind.events(record, actor.id)
        ]
        analysis = build.analysis_links(url, "people", actor.id)
        pages[f"{kind.folder}/{actor.id}.md"] = build.page(
            "person.md",
            actor.name,
            metadata.actor_meta(record, actor, kind, build.site),
            person=actor,
            role=build.glosser(url)(html.escape(actor.role, quote=False)),
            one=kind.one,
            events=events,
            analysis=analysis,
        )
    return pages


def _actor_index(build: Build, kind: ActorKind) -> dict[str, str]:
    record, url = build.record, f"{kind.folder}/"
    actors = kind.actors(record)
    meta = metadata.list_meta(
        build.site, url, kind.title, kind.intro, [(kind.url(a.id), a.name) for a in actors]
    )
    order = (lambda a: a.name.split()[-1]) if kind.one == "person" else (lambda a: a.name)
    rows = [
        {
            "href": rel(url, kind.url(a.id)),
            "name": a.name,
            "role": a.role,
            "events": len(kind.events(record, a.id)),
        }
        for a in sorted(actors, key=order)
    ]
    return {
        f"{kind.folder}/index.md": build.page(
            "people.md", kind.title, meta, people=rows, intro=kind.intro
        )
    }


def person_pages(build: Build) -> dict[str, str]:
    return _actor_pages(build, ACTOR_KINDS[0])


def people_index(build: Build) -> dict[str, str]:
    return _actor_index(build, ACTOR_KINDS[0])


def organization_pages(build: Build) -> dict[str, str]:
    return _actor_pages(build, ACTOR_KINDS[1])


def organizations_index(build: Build) -> dict[str, str]:
    return _actor_index(build, ACTOR_KINDS[1])


# --- the Data page ------------------------------------------------------------------------------


def data_page(build: Build) -> dict[str, str]:
    """The Data page: what each download holds, from the list of downloads itself."""
    from .downloads import DOWNLOADS

    sources = sorted(build.record.sources.values(), key=lambda s: (s.prov.published.edtf, s.id))
    example_id = sources[0].id if sources else "source-id"
    rows = [
        {
            "path": d.path,
            "format": d.format,
            "item": d.item,
            "leaves_out": d.leaves_out,
            "example": d.path.replace("<source-id>", example_id) if "<source-id>" in d.path else "",
        }
        for d in DOWNLOADS
    ]
    meta = metadata.webpage_meta(build.site, "data/", "Data", build.site.description)
    return {"data.md": build.page("data.md", "Data", meta, downloads=rows)}


# --- redirects for retired ids ------------------------------------------------------------------


def redirect_pages(build: Build) -> dict[str, str]:
    urls = {
        "events": event_url,
        "sources": source_url,
        "people": person_url,
        "organizations": organization_url,
    }
    template = build.env.get_template("redirect.html")
    pages = {}
    for kind, old, new in redirects(build.registry):
        target = build.site.url + urls[kind](new)
        pages[urls[kind](old) + "index.html"] = template.render(
            title=new, target=target, target_json=Markup(json.dumps(target))
        )
    return pages


# Every kind of generated page, in the order they are made: the one place to add a page kind.
PAGE_KINDS: list[Callable[[Build], dict[str, str]]] = [
    timeline_page,
    event_pages,
    source_pages,
    sources_index,
    person_pages,
    people_index,
    organization_pages,
    organizations_index,
    discrepancies_page,
    question_page,
    quotations_page,
    glossary_page,
    facet_pages,
    data_page,
    redirect_pages,
]
