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
from itertools import groupby


from .link import LinkedClaim, Record
from . import cite, metadata
from .data import data_files
from .passages import Passages, page_text
from .registry import anchor_aliases, redirect_files
from .site import Site, event_url, person_url, source_url
from .summary import summary_html
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


def page_head(title: str, meta: dict | None = None) -> list[str]:
    """Front matter and H1 for a generated page.

    MkDocs would take the page title from the raw Markdown heading, and themes print
    it unescaped into <title> and the navigation: give it already escaped. The other
    fields (description, JSON-LD, Open Graph, citation tags) go to <head> through
    overrides/main.html; JSON is valid YAML, so each value is written as JSON.
    """
    meta = dict(meta or {})
    fields = {"title": esc(title), "og_title": title, **meta}
    if "description" in meta:  # Material prints the description unescaped, too
        fields["description"], fields["og_description"] = esc(meta["description"]), meta["description"]
    return ["---", *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()),
            "---", "", heading(1, title), ""]


# --- summaries: our prose, restricted Markdown --------------------------------------------------

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
    names = source.writers
    return ", ".join(names) if names else "author unknown"


def _provenance(source: Source) -> str:
    meta = source.meta
    rows = [("Title", esc(meta["title"]) + (f' <em>({esc(meta["title_note"])})</em>' if meta.get("title_note") else ""))]
    if meta.get("standfirst"):
        rows.append(("Standfirst", esc(meta["standfirst"])))
    authors = meta.get("authors") or []
    if authors:
        rows.append(("Author" + ("s" if len(authors) > 1 else "") + " and reposter" * any(
            a.get("role") == "reposter" for a in authors), "<br>".join(
            esc(a["name"]) + (" (reposted the text)" if a.get("role") == "reposter" else "")
            + (f' <em>({esc(a["note"])})</em>' if a.get("note") else "") for a in authors)))
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



class Renderer:
    """Renders the pages of one record for one site; ``passages`` adds the text-fragment links."""

    def __init__(self, record: Record, site: Site, passages: Passages | None = None):
        self.record, self.site, self.passages = record, site, passages
        self.aliases = anchor_aliases(record.registry) if record.registry else {}

    # --- fragments shared by pages ---

    def claim_html(self, claim: LinkedClaim, page_url: str) -> str:
        src = claim.source
        number = claim.block.anchor[1:]
        where = f"comment {claim.block.comment[1:].replace('-', '.')}, " if claim.block.comment else ""
        links = self.passages.of_claim(claim) if self.passages else None
        ours = links.ours if links else claim.url
        extra = ""
        if links:
            gone = " (site gone)" if src.meta.get("original_status") == "gone" else ""
            extra = (f' <span class="claim-links">· <a class="external" rel="external noopener" '
                     f'href="{esc(links.original)}" title="The original page, with the quote highlighted where '
                     f'the browser supports it">original{gone}</a> · <a class="external" rel="external noopener" '
                     f'href="{esc(links.archive)}" title="The Wayback Machine\'s copy of the original">archived</a></span>')
        return (
            '<li class="claim">'
            f'<blockquote class="claim-quote"><p>{source_text(claim.claim.quote)}</p></blockquote>'
            f'<p class="claim-source">Source: <a class="claim-link" href="{esc(rel(page_url, ours))}">'
            f'{esc(src.title)}, {where}paragraph {number}</a>'
            f' <span class="claim-meta">({esc(src.meta["outlet"])}, {esc(published_display(src))})</span>'
            f'{extra}</p></li>')

    def event_html(self, event: Event, page_url: str, headline: bool = True) -> str:
        record = self.record
        people = record.people
        thread = record.threads.get(event.thread)
        parts = [f'<article class="event" id="{esc(event.id)}" data-thread="{esc(event.thread)}">'
                 + self._aliases("events", event.id)]
        parts.append(f'<p class="event-date">{time_tag(event)}</p>')
        if headline:
            parts.append(f'<h3 class="event-title"><a href="{rel(page_url, event_url(event.id))}">'
                         f'{esc(event.title)}</a></h3>')
        parts.append(f'<div class="event-summary">{summary_html(event.summary, page_url)}</div>')
        if event.date_note:
            parts.append(f'<p class="event-date-note"><strong>About the date:</strong> {esc(event.date_note)}</p>')
        if event.people:
            links = ", ".join(f'<a href="{rel(page_url, person_url(pid))}">{esc(people[pid].name)}</a>'
                              for pid in event.people)
            parts.append(f'<p class="event-people"><strong>People:</strong> {links}</p>')
        if thread:
            parts.append(f'<p class="event-thread"><strong>Thread:</strong> {esc(thread.title)}</p>')
        claims = "".join(self.claim_html(c, page_url) for c in record.claims_of(event))
        parts.append(f'<ol class="claims">{claims}</ol>')
        parts.append("</article>")
        return "\n".join(parts)

    # --- pages ---

    def timeline_page(self) -> str:
        record = self.record
        url = "timeline/"
        lines = [
            *page_head("Timeline", metadata.list_meta(
                self.site, url, "Timeline", f"The {len(record.events)} events of the VMware ESX/ESXi and Linux "
                "kernel licensing dispute, each with verbatim quotes linked to their sources.",
                [(event_url(e.id), e.title) for e in record.events])),
            f"Every event the corpus describes, {len(record.events)} in all, in date order. Each claim quotes "
            "its source verbatim and links to the paragraph it comes from. A date is shown only as precisely "
            "as the texts give it (a month-precise date is shown as the month alone), and where the texts "
            "only bound a date or disagree about it, a note says so.", ""]
        for year, events in groupby(record.events, key=lambda e: e.date.parts[0]):
            lines += [heading(2, str(year), f"year-{year}"), ""]
            for event in events:
                lines += [self.event_html(event, url), ""]
        return "\n".join(lines)

    def event_page(self, index: int) -> str:
        record = self.record
        event = record.events[index]
        url = event_url(event.id)
        permanent = self.site.absolute(url)
        lines = [*page_head(event.title, metadata.event_meta(record, event, self.site)),
                 self.event_html(event, url, headline=False), "",
                 heading(2, "Cite this", "cite-this"), "",
                 f'<p class="permalink"><strong>Permanent URL:</strong> <a href="{esc(permanent)}">'
                 f'<code>{esc(permanent)}</code></a></p>', "",
                 cite.cite_box_html(cite.event_citations(event, record, self.site), self.site), ""]
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

    def _aliases(self, scope: str, new_id: str) -> str:
        """Empty anchors for retired ids, so old #fragments still land here."""
        old_ids = self.aliases.get((scope, new_id), [])
        return "".join(f'<span class="anchor-alias" id="{esc(old)}"></span>' for old in old_ids)

    def _cited_by(self, source: Source, block: Block, url: str) -> str:
        claims = self.record.citations.get((source.id, block.anchor), [])
        if not claims:
            return ""
        seen: list[Event] = []
        for claim in claims:
            if claim.event not in seen:
                seen.append(claim.event)
        links = "; ".join(f'<a href="{rel(url, event_url(e.id))}">{esc(e.title)}</a> ({esc(e.date.display())})'
                          for e in seen)
        return f'<span class="cited-by"><strong>Cited by:</strong> {links}</span>'

    def _para_links(self, source: Source, block: Block, url: str) -> str:
        links = self.passages.of_paragraph(source, block) if self.passages else None
        ours = rel(url, links.ours) if links else f"#{block.anchor}"
        original = links.original if links else source.meta["original_url"]
        return (f'<span class="para-links"><a href="{esc(ours)}" title="Link to this paragraph">link</a> '
                f'<a class="external" rel="external noopener" href="{esc(original)}" '
                f'title="This passage on the original page">original</a> '
                f'<a class="external" rel="external noopener" href="{esc(source.meta["archive_url"])}" '
                f'title="The Wayback Machine\'s copy of the original">archived</a> '
                f'<a class="para-cite" href="#cite" data-passage="{block.anchor}" '
                f'title="Cite this passage">cite</a></span>')

    def _para(self, source: Source, block: Block, url: str, tag: str = "p", extra: str = "") -> str:
        number = block.anchor[1:]
        cited = self.record.citations.get((source.id, block.anchor))
        classes = "para" + (" cited" if cited else "") + (" in-comment" if block.comment else "")
        return (f'<{tag} id="{block.anchor}" class="{classes}"{extra}>'
                f'{self._aliases(source.id, block.anchor)}'
                f'<a class="para-num" href="#{block.anchor}" title="Paragraph {number}">{number}</a> '
                f'{source_text(block.text)}{self._cited_by(source, block, url)}'
                f'{self._para_links(source, block, url)}</{tag}>')

    def source_page(self, source: Source) -> str:
        url = source_url(source.id)
        permanent = self.site.absolute(url)
        box = cite.cite_box_html(cite.source_citations(source, self.site), self.site,
                                 passages=rel(url, f"data/passages/{source.id}.json"))
        lines = [*page_head(source.title, metadata.source_meta(self.record, source, self.site)),
                 _provenance(source), "",
                 heading(2, "Cite this source", "cite-this"), "",
                 f'<p class="permalink"><strong>Permanent URL of this copy:</strong> <a href="{esc(permanent)}">'
                 f'<code>{esc(permanent)}</code></a>. To cite one passage, use the <em>cite</em> link that '
                 'appears beside a paragraph on hover or keyboard focus.</p>', "",
                 '<details class="cite-details"><summary>Citation formats: Chicago, APA, MLA, Wikipedia, '
                 f'BibTeX, RIS, CSL-JSON</summary>{box}</details>', "",
                 heading(2, "Text", "text"), ""]
        blocks = source.blocks
        i = 0
        reply_depth = {c.id: c.level - 3 for c in source.comments}
        while i < len(blocks):
            block = blocks[i]
            depth = reply_depth.get(block.comment, 0)
            wrap_class = ' class="reply"' if depth else ""
            if block.kind == "heading":
                first_comment = source.comments and block.anchor == source.comments[0].id
                previous = blocks[i - 1] if i else None
                if first_comment and not (previous and previous.kind == "heading" and previous.level == 2):
                    # The capture has no heading of its own here: a section label of ours, not source text.
                    lines += [heading(2, "Reader comments (as captured)", "comments"), ""]
                lines += [heading(block.level, block.text, block.anchor), ""]
                i += 1
                continue
            if block.kind == "paragraph":
                lines += [f"<div{wrap_class}>" + self._para(source, block, url) + "</div>", ""]
                i += 1
                continue
            group = [block]
            while (i + len(group) < len(blocks) and blocks[i + len(group)].kind == block.kind
                   and blocks[i + len(group)].ordered == block.ordered):
                group.append(blocks[i + len(group)])
            if block.kind == "quote":
                inner = "".join(self._para(source, b, url) for b in group)
                lines += [f"<div{wrap_class}><blockquote>{inner}</blockquote></div>", ""]
            else:
                tag = "ol" if block.ordered else "ul"
                start = f' start="{block.number}"' if block.ordered and block.number != 1 else ""
                style = ' class="paren"' if block.marker == ")" else ""
                items = "".join(self._para(source, b, url, tag="li",
                                           extra=f' value="{b.number}"' if b.ordered else "") for b in group)
                lines += [f"<div{wrap_class}><{tag}{start}{style}>{items}</{tag}></div>", ""]
            i += len(group)
        return "\n".join(lines)

    def sources_index(self) -> str:
        record = self.record
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
            *page_head("Sources", metadata.list_meta(
                self.site, url, "Sources", "The source texts of the record, each a faithful normalized copy with "
                "numbered paragraphs and provenance.",
                [(source_url(s.id), s.title) for s in record.sources.values()])),
            f"The {len(record.sources)} texts the record rests on, each a faithful normalized copy of a captured "
            "page. Every paragraph is numbered and can be linked; a provenance box on each page says where the "
            "text comes from, what is uncertain about it, and which lines of page furniture were removed.", "",
            '<table class="sources-table"><thead><tr><th>Published</th><th>Title</th><th>Author</th><th>Outlet</th>'
            '<th>Kind</th><th>Claims citing it</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>", ""])

    def person_page(self, person_id: str) -> str:
        record = self.record
        person = record.people[person_id]
        url = person_url(person_id)
        spellings = ", ".join(f"<q>{esc(s)}</q>" for s in person.spellings) or "none recorded"
        lines = [*page_head(person.name, metadata.person_meta(record, person_id, self.site)),
                 f'<dl class="person"><dt>Role, as the texts describe it</dt><dd>{esc(person.role)}</dd>'
                 f'<dt>Spellings in the texts</dt><dd>{spellings}</dd></dl>', ""]
        events = record.events_of(person_id)
        lines += ["## Events", ""]
        if not events:
            lines += ["No event of the timeline involves this person.", ""]
        for event in events:
            claims = "".join(self.claim_html(c, url) for c in record.claims_of(event))
            lines += [f'<section class="person-event"><h3><a href="{rel(url, event_url(event.id))}">'
                      f'{esc(event.title)}</a></h3><p class="event-date">{time_tag(event)}</p>'
                      f'<ol class="claims">{claims}</ol></section>', ""]
        return "\n".join(lines)

    def people_index(self) -> str:
        record = self.record
        url = "people/"
        rows = []
        for person in sorted(record.timeline.people, key=lambda p: p.name.split()[-1]):
            count = len(record.events_of(person.id))
            rows.append(f'<tr><td><a href="{rel(url, person_url(person.id))}">{esc(person.name)}</a></td>'
                        f'<td>{esc(person.role)}</td><td>{count}</td></tr>')
        return "\n".join([
            *page_head("People", metadata.list_meta(
                self.site, url, "People", "Everyone involved in the events of the record, with their role as the "
                "texts describe it.", [(person_url(p.id), p.name) for p in record.timeline.people])),
            "Everyone the timeline's events involve, with their role as the texts describe it. Quotes keep the "
            "texts' own spellings of names; each person's page lists them.", "",
            '<table class="people-table"><thead><tr><th>Name</th><th>Role</th><th>Events</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>", ""])


def render_site(record: Record, site: Site) -> dict[str, str]:
    """Every generated file: path under docs/ -> content.

    Source pages are rendered twice: the first pass gives their visible text, from
    which the text fragments are made unique; the second pass carries them.
    """
    draft = Renderer(record, site)
    passages = Passages(record, {s.id: page_text(draft.source_page(s)) for s in record.sources.values()})
    renderer = Renderer(record, site, passages)
    pages = {"timeline/index.md": renderer.timeline_page(), "sources/index.md": renderer.sources_index(),
             "people/index.md": renderer.people_index()}
    for index, event in enumerate(record.events):
        pages[f"timeline/{event.id}.md"] = renderer.event_page(index)
    for source in record.sources.values():
        pages[f"sources/{source.id}.md"] = renderer.source_page(source)
    for person in record.timeline.people:
        pages[f"people/{person.id}.md"] = renderer.person_page(person.id)
    if record.registry:
        pages.update(redirect_files(record.registry, record, site.url))
    pages.update(data_files(record, site))
    pages.update(cite.bibliography_files(record, site))
    pages.update(cite.passage_citation_files(record, site))
    return pages
