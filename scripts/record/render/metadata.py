"""Machine-readable metadata for each page: JSON-LD (schema.org), description, Open Graph, Highwire.

Returned as page front matter; ``overrides/main.html`` writes it into <head>.
One JSON-LD block per page.
"""

from __future__ import annotations

import json

from ..link import Record
from ..load.sources import Source
from ..load.timeline import Event
from ..site import Site, event_url, organization_url, paragraph_url, person_url, source_url
from ..summary import shorten, summary_text

TOPIC = {
    "@type": "Thing",
    "name": "Whether VMware's ESX/ESXi VMkernel is a derived work of the Linux kernel",
}


def jsonld_text(data: dict) -> str:
    """JSON for a <script> element: '<', '>' and '&' escaped so the text can never close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _person(name: str, url: str | None = None, **extra) -> dict:
    data = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    data.update(extra)
    return data


def _article_type(source: Source) -> str:
    return "NewsArticle" if source.prov.kind == "news article" else "BlogPosting"


def _inferred(what: str, basis: str | None) -> str:
    return f"{what} inferred, not captured" + (f" ({basis})" if basis else "") + "."


def article(source: Source, site: Site, with_body: bool = False) -> dict:
    prov = source.prov
    data = {
        "@type": _article_type(source),
        "@id": prov.original_url,
        "headline": prov.title,
        "url": prov.original_url,
        "publisher": {"@type": "Organization", "name": prov.outlet},
        "archivedAt": [site.absolute(source_url(source.id)), prov.archive_url],
        "inLanguage": "en",
    }
    if prov.published.stated:
        data["datePublished"] = prov.published.iso
    else:  # schema.org dates are ISO 8601, which has no "likely": the date is said in words
        data["disambiguatingDescription"] = (
            f"Date of publication: {prov.published.display()}. {prov.published_note or ''}".strip()
        )
    if prov.reposted_from:  # the repost, whose own address is unknown, based on the original
        data["isBasedOn"] = {
            "@type": "CreativeWork",
            "url": prov.original_url,
            "publisher": {"@type": "Organization", "name": prov.reposted_from.outlet},
            "archivedAt": prov.archive_url,
        }
        data["@id"] = data["url"] = site.absolute(source_url(source.id))
        data["archivedAt"] = [site.absolute(source_url(source.id))]
    authors = [a for a in prov.authors if a.role != "reposter"]
    if authors:
        data["author"] = [
            _person(
                a.name, **({"description": _inferred("Attribution", a.basis)} if a.basis else {})
            )
            for a in authors
        ]
    if prov.standfirst:
        data["alternativeHeadline"] = prov.standfirst
    if with_body:
        comments = []
        for comment in source.comments:
            text = " ".join(b.text for b in source.paragraphs if b.comment == comment.id)
            item = {
                "@type": "Comment",
                "@id": site.absolute(source_url(source.id)) + "#" + comment.id,
                "name": comment.label,
                "text": text,
            }
            if comment.name:
                item["author"] = _person(comment.name)
            elif comment.inferred_author:
                item["author"] = _person(
                    comment.inferred_author,
                    description=_inferred("Attribution", comment.author_basis),
                )
            if comment.date is not None and comment.date.stated:
                item["dateCreated"] = comment.date.iso
            elif comment.date is not None:
                item["disambiguatingDescription"] = (
                    f"Date: {comment.date.display()} ({comment.date_basis})."
                )
            if comment.original_anchor:
                item["sameAs"] = f"{prov.original_url}#{comment.original_anchor}"
            if comment.parent:
                item["parentItem"] = {
                    "@id": site.absolute(source_url(source.id)) + "#" + comment.parent
                }
            comments.append(item)
        if comments:
            data["comment"] = comments
            data["commentCount"] = len(comments)
    return data


def _quotation(record: Record, claim, site: Site) -> dict:
    prov = claim.source.prov
    data = {
        "@type": "Quotation",
        "text": claim.claim.quote,
        "url": site.absolute(paragraph_url(claim.source.id, claim.block.anchor)),
        "isPartOf": {
            "@type": _article_type(claim.source),
            # a repost is not its original: it is known by our copy's address
            "@id": site.absolute(source_url(claim.source.id))
            if prov.reposted_from
            else prov.original_url,
            "headline": claim.source.title,
        },
    }
    comment = claim.source.comment_of(claim.block)
    if comment is not None:  # a reader's words: the comment is the work quoted, not the article
        part = {
            "@type": "Comment",
            "@id": site.absolute(source_url(claim.source.id)) + "#" + comment.id,
            "name": comment.label,
        }
        if comment.writer:
            part["author"] = _person(comment.writer)
            if not comment.name:
                part["author"]["description"] = _inferred("Attribution", comment.author_basis)
        if comment.date is not None and comment.date.stated:
            part["dateCreated"] = comment.date.iso
        part["isPartOf"] = data["isPartOf"]
        data["isPartOf"] = part
    return data


def event_meta(record: Record, event: Event, site: Site) -> dict:
    url = site.absolute(event_url(event.id))
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": event.title,
        "description": summary_text(event.summary),
        "about": TOPIC,
        "subjectOf": [_quotation(record, c, site) for c in record.claims_of(event)],
    }
    if not event.date.stated:
        # The texts only bound the date, or make it likely: a startDate would claim a day (or
        # month) they do not give.
        data["disambiguatingDescription"] = (
            f"Date: {event.date.display()}. {event.date_note or ''}".strip()
        )
    else:
        data["startDate"] = event.date.iso
    if event.people:
        data["actor"] = [
            _person(record.people[p].name, site.absolute(person_url(p))) for p in event.people
        ]
    if event.organizations:
        data["organizer"] = [
            {
                "@type": "Organization",
                "name": record.organizations[o].name,
                "url": site.absolute(organization_url(o)),
            }
            for o in event.organizations
        ]
    return {
        "description": summary_text(event.summary, limit=200),
        "jsonld": jsonld_text(data),
        "og_type": "article",
        "canonical_url": url,
        # Our page about the event, not of it: without a page date Zotero would take the event's
        # date (the page's first <time>) as the page's. The page is dated by the record's build.
        "citation_tags": [
            ("DC.title", event.title),
            ("DC.type", "webpage"),
            ("DC.publisher", site.name),
            ("DC.date", site.build_date.isoformat()),
        ],
    }


def source_meta(record: Record, source: Source, site: Site) -> dict:
    prov = source.prov
    data = {"@context": "https://schema.org", **article(source, site, with_body=True)}
    cited = record.claims_citing(source)
    if cited:
        data["hasPart"] = [_quotation(record, c, site) for c in cited]
    # Highwire Press and Dublin Core tags: reference managers (Zotero) save the page as the
    # original article, typed by DC.type (else Zotero assumes a journal article) with its outlet
    # in prism.publicationName. An inferred author is bracketed; a date no text states is left
    # out (Zotero has no way to say "likely"), and so is any <time datetime> on the page for it.
    authors = [a for a in prov.authors if a.role != "reposter"]
    names = [f"[{a.name}]" if a.basis else a.name for a in authors]
    tags = [("citation_title", prov.title)]
    tags += [("citation_author", name) for name in names]
    if prov.published.stated:
        date = prov.published.iso.replace("-", "/")
        tags += [("citation_publication_date", date), ("citation_date", date)]
    # A repost's own address is unknown: the first publication's address is given as its
    # source (DC.source), never as the repost's own.
    own_url = site.absolute(source_url(source.id)) if prov.reposted_from else prov.original_url
    tags += [
        ("citation_publisher", prov.outlet),
        ("citation_public_url", own_url),
        ("citation_language", "en"),
        ("DC.title", prov.title),
    ]
    if prov.published.stated:
        tags.append(("DC.date", prov.published.iso))
    if prov.reposted_from:
        tags.append(("DC.source", prov.original_url))
    tags += [
        ("DC.publisher", prov.outlet),
        ("DC.identifier", own_url),
        ("DC.type", "newsitem" if prov.kind == "news article" else "blogPost"),
        ("prism.publicationName", prov.outlet),
    ]
    tags += [("DC.creator", name) for name in names]
    by = ", ".join(names) or "author unknown"
    description = (
        f"A faithful copy of “{prov.title}” ({by}; {prov.outlet}, {prov.published.display()}), "
        "with numbered paragraphs, provenance and the timeline events that cite it."
    )
    return {
        "description": description,
        "jsonld": jsonld_text(data),
        "og_type": "article",
        "citation_tags": tags,
        "canonical_url": site.absolute(source_url(source.id)),
    }


def actor_meta(record: Record, actor, kind, site: Site) -> dict:
    """A person's or an organization's page: who, as the texts describe them, and their events."""
    url = site.absolute(kind.url(actor.id))
    data = {
        "@context": "https://schema.org",
        "@type": kind.schema_type,
        "name": actor.name,
        "url": url,
        "@id": url,
        "description": actor.role,
        "alternateName": [s for s in actor.spellings if s != actor.name],
        "subjectOf": [
            {
                "@type": "Event",
                "@id": site.absolute(event_url(e.id)),
                "name": e.title,
                **({"startDate": e.date.iso} if e.date.stated else {}),
            }
            for e in kind.events(record, actor.id)
        ],
    }
    return {
        "description": shorten(f"{actor.name}: {actor.role}", 200),
        "jsonld": jsonld_text(data),
        "og_type": "profile" if kind.schema_type == "Person" else "website",
        "canonical_url": url,
    }


def list_meta(
    site: Site, url: str, name: str, description: str, items: list[tuple[str, str]]
) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "@id": site.absolute(url),
        "name": name,
        "description": description,
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": i, "url": site.absolute(u), "name": n}
            for i, (u, n) in enumerate(items, start=1)
        ],
    }
    return {
        "description": description,
        "jsonld": jsonld_text(data),
        "canonical_url": site.absolute(url),
    }


def webpage_meta(site: Site, url: str, title: str, description: str) -> dict:
    """For hand-written pages: a WebPage that is part of the site (the home page: the WebSite)."""
    if url == "":
        data = {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "@id": site.url,
            "url": site.url,
            "name": site.name,
            "description": description,
            "about": TOPIC,
            "inLanguage": "en",
        }
    else:
        data = {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": site.absolute(url),
            "url": site.absolute(url),
            "name": title,
            "description": description,
            "isPartOf": {"@type": "WebSite", "@id": site.url, "name": site.name},
        }
    return {"jsonld": jsonld_text(data)}
