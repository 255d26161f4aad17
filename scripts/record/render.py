"""Render step: the linked record as page text (Markdown with HTML blocks) and data files.

Everything taken from the data is escaped here; only summaries get a
restricted Markdown (emphasis and http(s) or site-relative links).
Pages address each other with site-relative URLs ("sources/x/#p3"),
turned into page-relative links with ``rel`` so the site works under any
base path and from a folder.
"""
from __future__ import annotations

import html
import json
import re
from itertools import groupby
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor

from .link import LinkedClaim, Record
from .site import Site, event_url, person_url, source_url
from .sources import Block, Source
from .text import md_escape
from .timeline import Event

esc = html.escape
LOST_LINK = '<span class="lost-link" title="A link the capture lost">[ ]</span>'


def rel(from_url: str, to_url: str) -> str:
    """Link from page ``from_url`` to site-relative ``to_url`` (both like 'timeline/x/')."""
    return "../" * from_url.count("/") + to_url if to_url or from_url else "./"


def heading(level: int, text: str, anchor: str = "") -> str:
    """A Markdown heading that shows ``text`` literally (escaped for Markdown and HTML)."""
    attr = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {md_escape(text).replace(chr(92) + '[ ' + chr(92) + ']', LOST_LINK)}{attr}"


def page_head(title: str) -> list[str]:
    """Front matter and H1 for a generated page.

    MkDocs would take the page title from the raw Markdown heading, and themes print
    it unescaped into <title> and the navigation: give it already escaped.
    """
    return ["---", f"title: {json.dumps(esc(title))}", "---", "", heading(1, title), ""]


# --- summaries: our prose, restricted Markdown --------------------------------------------------

_SAFE_URL = re.compile(r"^(https?://|/|[a-z0-9#][^:]*$)", re.IGNORECASE)


class _LinkFilter(Treeprocessor):
    """Keep http(s) and site-relative links; unwrap every other link to plain text."""

    def __init__(self, md, page_url: str):
        super().__init__(md)
        self.page_url = page_url

    def run(self, root: ElementTree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":  # summaries carry no images: show the alt text
                    child.tag, child.text = "span", child.get("alt", "")
                    child.attrib.clear()
                if child.tag != "a":
                    continue
                href = child.get("href", "").strip()
                if href.lower().startswith(("http://", "https://")):
                    child.set("class", "external")
                    child.set("rel", "external noopener")
                elif href and _SAFE_URL.match(href) and not href.startswith("//"):
                    child.set("href", rel(self.page_url, href.lstrip("/")))
                else:
                    child.tag = "span"
                    child.attrib.clear()


def render_summary(text: str, page_url: str) -> str:
    md = markdown.Markdown(extensions=[])
    md.treeprocessors.register(_LinkFilter(md, page_url), "link_filter", 0)
    # Raw HTML in a summary is data: escape it before Markdown sees it.
    return md.convert(html.escape(text, quote=False))


# --- shared fragments ------------------------------------------------------------------------

def source_text(text: str) -> str:
    """Captured text as HTML: escaped, with each lost link '[ ]' made visible as such."""
    return esc(text, quote=False).replace("[ ]", LOST_LINK)


def time_tag(event: Event) -> str:
    return f'<time datetime="{event.date.iso}">{esc(event.date.display())}</time>'


def published_display(source: Source) -> str:
    from .timeline import EventDate
    return EventDate(str(source.meta["published"])).display()


def authors_display(source: Source) -> str:
    names = [a["name"] for a in source.meta.get("authors") or []]
    return ", ".join(names) if names else "author unknown"


def claim_html(claim: LinkedClaim, page_url: str, show_event: bool = False) -> str:
    src = claim.source
    number = claim.block.anchor[1:]
    where = f"comment {claim.block.comment[1:].replace('-', '.')}, " if claim.block.comment else ""
    event_part = ""
    if show_event:
        event_part = (f'<p class="claim-event">{time_tag(claim.event)}: '
                      f'<a href="{rel(page_url, event_url(claim.event.id))}">{esc(claim.event.title)}</a></p>')
    return (
        '<li class="claim">' + event_part +
        f'<blockquote class="claim-quote"><p>{source_text(claim.claim.quote)}</p></blockquote>'
        f'<p class="claim-source">Source: <a href="{rel(page_url, claim.url)}">'
        f'{esc(src.title)}, {where}paragraph {number}</a>'
        f' <span class="claim-meta">({esc(src.meta["outlet"])}, {esc(published_display(src))})</span></p>'
        '</li>')


def event_html(record: Record, event: Event, page_url: str, headline: bool = True) -> str:
    people = record.people
    thread = record.threads.get(event.thread)
    parts = [f'<article class="event" id="{esc(event.id)}" data-thread="{esc(event.thread)}">']
    parts.append(f'<p class="event-date">{time_tag(event)}</p>')
    if headline:
        parts.append(f'<h3 class="event-title"><a href="{rel(page_url, event_url(event.id))}">'
                     f'{esc(event.title)}</a></h3>')
    parts.append(f'<div class="event-summary">{render_summary(event.summary, page_url)}</div>')
    if event.date_note:
        parts.append(f'<p class="event-date-note"><strong>About the date:</strong> {esc(event.date_note)}</p>')
    if event.people:
        links = ", ".join(f'<a href="{rel(page_url, person_url(pid))}">{esc(people[pid].name)}</a>'
                          for pid in event.people)
        parts.append(f'<p class="event-people"><strong>People:</strong> {links}</p>')
    if thread:
        parts.append(f'<p class="event-thread"><strong>Thread:</strong> {esc(thread.title)}</p>')
    claims = "".join(claim_html(c, page_url) for c in record.claims_of(event))
    parts.append(f'<ol class="claims">{claims}</ol>')
    parts.append("</article>")
    return "\n".join(parts)


# --- pages -------------------------------------------------------------------------------------

def timeline_page(record: Record) -> str:
    url = "timeline/"
    lines = [
        *page_head("Timeline"),
        f"Every event the corpus describes, {len(record.events)} in all, in date order. Each claim quotes "
        "its source verbatim and links to the paragraph it comes from. A date is shown only as precisely "
        "as the texts give it (a month-precise date is shown as the month alone), and where the texts "
        "only bound a date or disagree about it, a note says so.", ""]
    for year, events in groupby(record.events, key=lambda e: e.date.parts[0]):
        lines += [heading(2, str(year), f"year-{year}"), ""]
        for event in events:
            lines += [event_html(record, event, url), ""]
    return "\n".join(lines)


def event_page(record: Record, index: int) -> str:
    event = record.events[index]
    url = event_url(event.id)
    lines = [*page_head(event.title), event_html(record, event, url, headline=False), ""]
    nav = []
    if index > 0:
        prev = record.events[index - 1]
        nav.append(f'<a rel="prev" href="{rel(url, event_url(prev.id))}">Earlier: {esc(prev.title)}</a>')
    nav.append(f'<a href="{rel(url, "timeline/")}#{esc(event.id)}">This event on the timeline</a>')
    if index + 1 < len(record.events):
        nxt = record.events[index + 1]
        nav.append(f'<a rel="next" href="{rel(url, event_url(nxt.id))}">Later: {esc(nxt.title)}</a>')
    lines += ['<nav class="event-nav">' + " · ".join(nav) + "</nav>", ""]
    return "\n".join(lines)


def _provenance(source: Source) -> str:
    meta = source.meta
    rows = [("Title", esc(meta["title"]) + (f' <em>({esc(meta["title_note"])})</em>' if meta.get("title_note") else ""))]
    if meta.get("standfirst"):
        rows.append(("Standfirst", esc(meta["standfirst"])))
    authors = meta.get("authors") or []
    if authors:
        rows.append(("Author" + ("s" if len(authors) > 1 else ""), "<br>".join(
            esc(a["name"]) + (f' <em>({esc(a["note"])})</em>' if a.get("note") else "") for a in authors)))
    else:
        rows.append(("Author", f'<em>{esc(meta.get("authors_note") or "unknown")}</em>'))
    rows.append(("Outlet", esc(meta["outlet"])))
    rows.append(("Kind", esc(meta["kind"])))
    published = f'<time datetime="{esc(str(meta["published"]))}">{esc(published_display(source))}</time>'
    if meta.get("published_note"):
        published += f' <em>({esc(meta["published_note"])})</em>'
    rows.append(("Published", published))
    rows.append(("Original address", f'<a class="external" rel="external noopener" href="{esc(meta["original_url"])}">'
                                     f'{esc(meta["original_url"])}</a>'))
    rows.append(("Archived copy", f'<a class="external" rel="external noopener" href="{esc(meta["archive_url"])}">'
                                  f'{esc(meta["archive_url"])}</a>'))
    rows.append(("Captured text", f'SHA-256 <code>{esc(meta["captured_sha256"])}</code>'))
    if meta.get("capture_note"):
        rows.append(("About the capture", esc(meta["capture_note"])))
    if meta.get("metadata_lines"):
        rows.append(("Header lines as captured", "<br>".join(f"<q>{esc(m)}</q>" for m in meta["metadata_lines"])))
    furniture = meta.get("furniture") or []
    rows.append(("Removed as page furniture", (f"{len(furniture)} line(s): " + "; ".join(
        f"<q>{esc(str(f))}</q>" for f in furniture)) if furniture else "nothing"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<aside class="provenance" aria-label="Provenance"><dl>{body}</dl></aside>'


def _cited_by(record: Record, source: Source, block: Block, url: str) -> str:
    claims = record.citations.get((source.id, block.anchor), [])
    if not claims:
        return ""
    seen: list[Event] = []
    for claim in claims:
        if claim.event not in seen:
            seen.append(claim.event)
    links = "; ".join(f'<a href="{rel(url, event_url(e.id))}">{esc(e.title)}</a> ({esc(e.date.display())})'
                      for e in seen)
    return f'<span class="cited-by"><strong>Cited by:</strong> {links}</span>'


def _para(record: Record, source: Source, block: Block, url: str, tag: str = "p", extra: str = "") -> str:
    number = block.anchor[1:]
    cited = record.citations.get((source.id, block.anchor))
    classes = "para" + (" cited" if cited else "") + (" in-comment" if block.comment else "")
    return (f'<{tag} id="{block.anchor}" class="{classes}"{extra}>'
            f'<a class="para-num" href="#{block.anchor}" title="Link to paragraph {number}">{number}</a> '
            f'{source_text(block.text)}{_cited_by(record, source, block, url)}</{tag}>')


def source_page(record: Record, source: Source) -> str:
    url = source_url(source.id)
    lines = [*page_head(source.title), _provenance(source), ""]
    blocks = source.blocks
    i = 0
    reply_depth = {c.id: c.level - 3 for c in source.comments}
    while i < len(blocks):
        block = blocks[i]
        depth = reply_depth.get(block.comment, 0)
        wrap_class = f' class="reply"' if depth else ""
        if block.kind == "heading":
            lines += [heading(block.level, block.text, block.anchor), ""]
            i += 1
            continue
        if block.kind == "paragraph":
            lines += [f"<div{wrap_class}>" + _para(record, source, block, url) + "</div>", ""]
            i += 1
            continue
        group = [block]
        while (i + len(group) < len(blocks) and blocks[i + len(group)].kind == block.kind
               and blocks[i + len(group)].ordered == block.ordered):
            group.append(blocks[i + len(group)])
        if block.kind == "quote":
            inner = "".join(_para(record, source, b, url) for b in group)
            lines += [f"<div{wrap_class}><blockquote>{inner}</blockquote></div>", ""]
        else:
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.number}"' if block.ordered and block.number != 1 else ""
            style = ' class="paren"' if block.marker == ")" else ""
            items = "".join(_para(record, source, b, url, tag="li", extra=f' value="{b.number}"' if b.ordered else "")
                            for b in group)
            lines += [f"<div{wrap_class}><{tag}{start}{style}>{items}</{tag}></div>", ""]
        i += len(group)
    return "\n".join(lines)


def sources_index(record: Record) -> str:
    url = "sources/"
    rows = []
    for source in sorted(record.sources.values(), key=lambda s: str(s.meta["published"])):
        cited = sum(1 for c in record.claims if c.source is source)
        rows.append(f'<tr><td><time datetime="{esc(str(source.meta["published"]))}">'
                    f'{esc(published_display(source))}</time></td>'
                    f'<td><a href="{rel(url, source_url(source.id))}">{esc(source.title)}</a></td>'
                    f'<td>{esc(authors_display(source))}</td><td>{esc(source.meta["outlet"])}</td>'
                    f'<td>{esc(source.meta["kind"])}</td><td>{cited}</td></tr>')
    return "\n".join([
        *page_head("Sources"),
        f"The {len(record.sources)} texts the record rests on, each a faithful normalized copy of a captured "
        "page. Every paragraph is numbered and can be linked; a provenance box on each page says where the "
        "text comes from, what is uncertain about it, and which lines of page furniture were removed.", "",
        '<table class="sources-table"><thead><tr><th>Published</th><th>Title</th><th>Author</th><th>Outlet</th>'
        '<th>Kind</th><th>Claims citing it</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>", ""])


def person_page(record: Record, person_id: str) -> str:
    person = record.people[person_id]
    url = person_url(person_id)
    spellings = ", ".join(f"<q>{esc(s)}</q>" for s in person.spellings) or "none recorded"
    lines = [*page_head(person.name),
             f'<dl class="person"><dt>Role, as the texts describe it</dt><dd>{esc(person.role)}</dd>'
             f'<dt>Spellings in the texts</dt><dd>{spellings}</dd></dl>', ""]
    events = record.events_of(person_id)
    lines += ["## Events", ""]
    if not events:
        lines += ["No event of the timeline involves this person.", ""]
    for event in events:
        claims = "".join(claim_html(c, url) for c in record.claims_of(event))
        lines += [f'<section class="person-event"><h3><a href="{rel(url, event_url(event.id))}">'
                  f'{esc(event.title)}</a></h3><p class="event-date">{time_tag(event)}</p>'
                  f'<ol class="claims">{claims}</ol></section>', ""]
    return "\n".join(lines)


def people_index(record: Record) -> str:
    url = "people/"
    rows = []
    for person in sorted(record.timeline.people, key=lambda p: p.name.split()[-1]):
        count = len(record.events_of(person.id))
        rows.append(f'<tr><td><a href="{rel(url, person_url(person.id))}">{esc(person.name)}</a></td>'
                    f'<td>{esc(person.role)}</td><td>{count}</td></tr>')
    return "\n".join([
        *page_head("People"),
        "Everyone the timeline's events involve, with their role as the texts describe it. Quotes keep the "
        "texts' own spellings of names; each person's page lists them.", "",
        '<table class="people-table"><thead><tr><th>Name</th><th>Role</th><th>Events</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table>", ""])


# --- data ----------------------------------------------------------------------------------------

def timeline_data(record: Record) -> dict:
    events = []
    for event in record.events:
        events.append({
            "id": event.id, "date": event.date.iso, "precision": event.date.precision,
            "date_qualifier": event.date.qualifier, "date_note": event.date_note,
            "title": event.title, "summary": event.summary, "people": event.people,
            "thread": event.thread, "url": event_url(event.id),
            "claims": [{"source": c.source.id, "quote": c.claim.quote, "url": c.url}
                       for c in record.claims_of(event)],
        })
    sources = []
    for source in record.sources.values():
        meta = source.meta
        sources.append({
            "id": source.id, "title": meta["title"], "standfirst": meta.get("standfirst"),
            "authors": [a["name"] for a in meta.get("authors") or []], "outlet": meta["outlet"],
            "kind": meta["kind"], "published": str(meta["published"]), "url": meta["original_url"],
            "archive_url": meta["archive_url"], "sha256": meta["captured_sha256"],
            "page": source_url(source.id)})
    people = [{"id": p.id, "name": p.name, "role": p.role, "spellings": p.spellings, "url": person_url(p.id)}
              for p in record.timeline.people]
    threads = [{"id": t.id, "title": t.title, "description": t.description} for t in record.timeline.threads]
    return {"events": events, "sources": sources, "people": people, "threads": threads}


def render_site(record: Record, site: Site) -> dict[str, str]:
    """Every generated file: path under docs/ -> content."""
    pages = {"timeline/index.md": timeline_page(record), "sources/index.md": sources_index(record),
             "people/index.md": people_index(record)}
    for index, event in enumerate(record.events):
        pages[f"timeline/{event.id}.md"] = event_page(record, index)
    for source in record.sources.values():
        pages[f"sources/{source.id}.md"] = source_page(record, source)
    for person in record.timeline.people:
        pages[f"people/{person.id}.md"] = person_page(record, person.id)
    pages["data/timeline.json"] = json.dumps(timeline_data(record), ensure_ascii=False, indent=2) + "\n"
    return pages
