"""Machine-readable metadata for each page: JSON-LD (schema.org), description, Open Graph, Highwire.

Returned as page front matter; ``overrides/main.html`` writes it into <head>.
One JSON-LD block per page.
"""

from __future__ import annotations

import json

from ..link import Record
from ..load.sources import Source
from ..load.timeline import Event
from ..site import Site, event_url, paragraph_url, person_url, source_url
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


def article(source: Source, site: Site, with_body: bool = False) -> dict:
    prov = source.prov
    data = {
        "@type": _article_type(source),
        "@id": prov.original_url,
        "headline": prov.title,
        "url": prov.original_url,
        "datePublished": prov.published.edtf,
        "publisher": {"@type": "Organization", "name": prov.outlet},
        "archivedAt": [site.absolute(source_url(source.id)), prov.archive_url],
        "inLanguage": "en",
    }
    names = source.writers
    if names:
        data["author"] = [_person(n) for n in names]
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
            if comment.author:
                item["author"] = _person(comment.author)
            if comment.date_text:
                item["temporalCoverage"] = (
                    comment.date_text
                )  # as captured; not always a parseable date
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
    return {
        "@type": "Quotation",
        "text": claim.claim.quote,
        "url": site.absolute(paragraph_url(claim.source.id, claim.block.anchor)),
        "isPartOf": {
            "@type": _article_type(claim.source),
            "@id": claim.source.prov.original_url,
            "headline": claim.source.title,
        },
    }


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
    if event.date.qualifier:
        # The texts only bound the date: a startDate would claim a day (or month) they do not give.
        data["disambiguatingDescription"] = (
            f"Date: {event.date.display()}. {event.date_note or ''}".strip()
        )
    else:
        data["startDate"] = event.date.iso
    if event.people:
        data["actor"] = [
            _person(record.people[p].name, site.absolute(person_url(p))) for p in event.people
        ]
    return {
        "description": summary_text(event.summary, limit=200),
        "jsonld": jsonld_text(data),
        "og_type": "article",
        "canonical_url": url,
    }


def source_meta(record: Record, source: Source, site: Site) -> dict:
    prov = source.prov
    data = {"@context": "https://schema.org", **article(source, site, with_body=True)}
    cited = record.claims_citing(source)
    if cited:
        data["hasPart"] = [_quotation(record, c, site) for c in cited]
    date = prov.published.iso.replace("-", "/")
    # Highwire Press tags: reference managers (Zotero) save the page as the original article.
    tags = [("citation_title", prov.title)]
    tags += [("citation_author", name) for name in source.writers]
    tags += [
        ("citation_publication_date", date),
        ("citation_date", date),
        ("citation_publisher", prov.outlet),
        ("citation_public_url", prov.original_url),
        ("citation_language", "en"),
        ("DC.title", prov.title),
        ("DC.date", prov.published.iso),
        ("DC.publisher", prov.outlet),
        ("DC.identifier", prov.original_url),
        ("DC.type", "Text"),
    ]
    tags += [("DC.creator", name) for name in source.writers]
    by = ", ".join(source.writers) or "author unknown"
    description = (
        f"A faithful copy of “{prov.title}” ({by}; {prov.outlet}, {prov.published.edtf}), "
        "with numbered paragraphs, provenance and the timeline events that cite it."
    )
    return {
        "description": description,
        "jsonld": jsonld_text(data),
        "og_type": "article",
        "citation_tags": tags,
        "canonical_url": site.absolute(source_url(source.id)),
    }


def person_meta(record: Record, person_id: str, site: Site) -> dict:
    person = record.people[person_id]
    url = site.absolute(person_url(person_id))
    data = {
        "@context": "https://schema.org",
        **_person(person.name, url),
        "@id": url,
        "description": person.role,
        "alternateName": [s for s in person.spellings if s != person.name],
        "subjectOf": [
            {
                "@type": "Event",
                "@id": site.absolute(event_url(e.id)),
                "name": e.title,
                **({} if e.date.qualifier else {"startDate": e.date.iso}),
            }
            for e in record.events_of(person_id)
        ],
    }
    return {
        "description": shorten(f"{person.name}: {person.role}", 200),
        "jsonld": jsonld_text(data),
        "og_type": "profile",
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
