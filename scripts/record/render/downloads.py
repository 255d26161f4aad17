"""The data files published under ``data/``: ``DOWNLOADS`` lists them all, with what the Data page
says of each; it is the one place to add a download (a function that writes it, plus an entry).

Everything is derived from the record and the ``Site`` (address, name, build date) only, so the
files are reproducible: the same record and site give byte-identical files. The annotations'
TextPositionSelector offsets count in each source's plain text (``Source.plain_text()``), which
is published beside them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..link import Record
from ..load.analysis import KINDS_OF_DISCREPANCY, SIDES
from ..load.sources import KINDS
from ..site import Site, event_url, organization_url, person_url, source_url
from ..summary import summary_text
from . import cite

QUALIFIERS = (
    "on-or-before",
    "on-or-after",
    "between",
    "interval",
    "likely",
    "about",
    "likely-about",
)
EVIDENCE = ("statement", "report")

LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
EDITORS = "The VMware/Linux record editors"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # length of TextQuoteSelector prefix/suffix, as annotation clients commonly use

TIMELINE_JSON = "data/timeline.json"
SCHEMA_JSON = "data/timeline.schema.json"
TIMELINE_CSV = "data/timeline.csv"
TIMELINE_ICS = "data/timeline.ics"
ANNOTATIONS = "data/annotations.jsonld"
ANALYSIS_JSON = "data/analysis.json"
ANALYSIS_SCHEMA = "data/analysis.schema.json"
DISCREPANCIES_JSON = "data/discrepancies.json"
DISCREPANCIES_SCHEMA = "data/discrepancies.schema.json"

CSV_COLUMNS = (
    "event_id",
    "date",
    "precision",
    "date_qualifier",
    "date_note",
    "date_edtf",
    "title",
    "summary",
    "people",
    "organizations",
    "thread",
    "event_url",
    "claim",
    "evidence",
    "source_id",
    "source_title",
    "quote",
    "passage_by",
    "passage_date",
    "passage_comment",
    "reposted_from",
    "passage_url",
    "original_url",
)


def source_text_path(source_id: str) -> str:
    return f"data/sources/{source_id}.txt"


# --- timeline.json -------------------------------------------------------------------------------


def passage_by(claim) -> dict:
    """Who wrote the quoted passage, and when: a reader comment's own commenter and date, else the
    source's writers and publication date; each inferred part with its basis."""
    source, block = claim.source, claim.block
    comment = source.comment_of(block)
    if comment is not None:
        names = (
            [{"name": comment.writer, "basis": None if comment.name else comment.author_basis}]
            if comment.writer
            else []
        )
        date, basis = comment.date, (None if comment.date_text else comment.date_basis)
    else:
        reposter = source.by_reposter(block)
        names = [
            {"name": a.name, "basis": a.basis}
            for a in source.prov.authors
            if (a.role == "reposter") == reposter
        ]
        date, basis = source.prov.published, source.prov.published_note
        basis = None if date.stated else basis
    repost = source.prov.reposted_from
    return {
        "comment": comment.id if comment is not None else None,
        "authors": names,
        "date": date.edtf if date is not None else None,
        "date_basis": basis,
        "reposted_from": repost.outlet
        if repost and comment is None and not source.by_reposter(block)
        else None,
    }


def _by_text(by: dict) -> str:
    """passage_by in one CSV cell: 'Gordon Haff [inferred: ...]; ...'."""
    return "; ".join(
        a["name"] + (f" [inferred: {a['basis'].removeprefix('inferred: ')}]" if a["basis"] else "")
        for a in by["authors"]
    )


def timeline_data(record: Record, site: Site) -> dict:
    """The content of ``data/timeline.json``: the whole record, as the schema describes it."""
    events = []
    for event in record.events:
        events.append(
            {
                "id": event.id,
                "date": event.date.iso,
                "precision": event.date.precision,
                "date_qualifier": event.date.data_qualifier,
                "date_edtf": event.date.edtf,
                "date_inferred": event.date_inferred,
                "date_source": event.date_source,
                "date_note": event.date_note,
                "date_display": event.date.display(),
                "evidence": event.evidence,
                "title": event.title,
                "summary": event.summary,
                "summary_text": summary_text(event.summary, site.url),
                "people": list(event.people),
                "organizations": list(event.organizations),
                "thread": event.thread,
                "url": event_url(event.id),
                "permanent_url": site.absolute(event_url(event.id)),
                "references": [
                    {
                        "publisher": r.publisher,
                        "title": r.title,
                        "author": r.author,
                        "date": r.date.edtf,
                        "url": r.url,
                        "language": r.language,
                    }
                    for r in event.references
                ],
                "analysis": {
                    kind: [e.id for e in record.analysis_of("events", event.id).get(kind, [])]
                    for kind in ("discrepancy", "argument", "quotation", "term")
                },
                "claims": [
                    {
                        "source": c.source.id,
                        "quote": c.claim.quote,
                        "url": c.url,
                        "anchor": c.block.anchor,
                        "permanent_url": site.absolute(c.url),
                        "evidence": c.claim.evidence,
                        "passage_by": passage_by(c),
                    }
                    for c in record.claims_of(event)
                ],
            }
        )
    sources = []
    for source in record.sources.values():
        prov = source.prov
        sources.append(
            {
                "id": source.id,
                "title": prov.title,
                "title_note": prov.title_note,
                "standfirst": prov.standfirst,
                "authors": [
                    f"[{a.name}]" if a.basis else a.name
                    for a in prov.authors
                    if a.role != "reposter"
                ],
                "attributions": [
                    {"name": a.name, "role": a.role, "basis": a.basis} for a in prov.authors
                ],
                "authors_note": prov.authors_note,
                "outlet": prov.outlet,
                "kind": prov.kind,
                "published": prov.published.edtf,
                "published_note": prov.published_note,
                "reposted_from": {
                    "outlet": prov.reposted_from.outlet,
                    "date": prov.reposted_from.date.edtf if prov.reposted_from.date else None,
                    "date_note": prov.reposted_from.date_note,
                }
                if prov.reposted_from
                else None,
                "url": prov.original_url,
                "archive_url": prov.archive_url,
                "sha256": prov.captured_sha256,
                "capture_note": prov.capture_note,
                "page": source_url(source.id),
                "permanent_url": site.absolute(source_url(source.id)),
                "text_url": site.absolute(source_text_path(source.id)),
            }
        )
    people = [
        {
            "id": p.id,
            "name": p.name,
            "role": p.role,
            "spellings": list(p.spellings),
            "url": person_url(p.id),
            "permanent_url": site.absolute(person_url(p.id)),
        }
        for p in record.timeline.people
    ]
    organizations = [
        {
            "id": o.id,
            "name": o.name,
            "role": o.role,
            "spellings": list(o.spellings),
            "url": organization_url(o.id),
            "permanent_url": site.absolute(organization_url(o.id)),
        }
        for o in record.timeline.organizations
    ]
    threads = [
        {"id": t.id, "title": t.title, "description": t.description}
        for t in record.timeline.threads
    ]
    return {
        "$schema": site.absolute(SCHEMA_JSON),
        "site": {"name": site.name, "url": site.url, "build_date": site.build_date.isoformat()},
        "license": {
            "id": LICENSE_ID,
            "url": LICENSE_URL,
            "note": "CC BY 4.0 covers our timeline data, titles, summaries, notes and roles. "
            "Quotations "
            "and source texts remain the copyright of their authors and publishers, reproduced "
            "to document the dispute.",
        },
        "events": events,
        "sources": sources,
        "people": people,
        "organizations": organizations,
        "threads": threads,
        "analysis": analysis_data(record, site)["analysis"],
    }


# --- timeline.schema.json ------------------------------------------------------------------------

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_BODY = r"[a-z0-9]+(-[a-z0-9]+)*"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_EDTF_SIMPLE = r"^\d{4}(-\d{2}(-\d{2})?)?[?~%]?$"  # a date as known, possibly uncertain
DAY = r"^\d{4}-\d{2}-\d{2}$"
HTTP_URL = r"^https?://[^\s]+$"


def _regex_escape(text: str) -> str:
    """Escape for an ECMA-262 regular expression (JSON Schema patterns); '-' and '/' stay as they
    are."""
    return "".join("\\" + ch if ch in r"\^$.|?*+()[]{}" else ch for ch in text)


def _string(description: str, pattern: str | None = None, nullable: bool = False, **extra) -> dict:
    schema: dict = {
        "description": description,
        "type": ["string", "null"] if nullable else "string",
    }
    if pattern:
        schema["pattern"] = pattern
    schema.update(extra)
    return schema


def _object(description: str, properties: dict, **extra) -> dict:
    return {
        "description": description,
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def site_schema(site: Site) -> dict:
    """The schema of the ``site`` object every data file starts with."""
    base = _regex_escape(site.url)
    return _object(
        "The site the data was published with.",
        {
            "name": _string("Name of the site.", minLength=1),
            "url": _string(
                "Absolute address of the site root, ending in '/'; every site-relative `url` "
                "and "
                "`page` is relative to it.",
                rf"^{base}$",
                format="uri",
            ),
            "build_date": _string(
                "Date (UTC) the site and this file were built, YYYY-MM-DD.", DAY, format="date"
            ),
        },
    )


def passage_by_schema() -> dict:
    """The schema of a passage's attribution (``passage_by``)."""
    return _object(
        "Who wrote the quoted passage and when: a reader comment under its own commenter "
        "and date, otherwise the source's writers and publication date.",
        {
            "comment": _string(
                "The reader comment the passage belongs to ('c2', 'c2-1' on the "
                "source's page), or null when it is the text's own.",
                r"^c[0-9]+(-[0-9]+)*$",
                nullable=True,
            ),
            "authors": {
                "description": "The writers; empty when the name is not captured.",
                "type": "array",
                "items": _object(
                    "One writer.",
                    {
                        "name": _string("The name.", minLength=1),
                        "basis": _string(
                            "null when the capture gives the name; otherwise the name "
                            "is inferred, and this says on what it rests.",
                            nullable=True,
                        ),
                    },
                ),
            },
            "date": _string(
                "The passage's date in EDTF ('2007-08-18', '[2013-08..]' for on or "
                "after, '2015-03-05?' for likely), or null when unknown.",
                nullable=True,
            ),
            "date_basis": _string(
                "null when a text states the date; otherwise how the texts bound it or "
                "make it likely.",
                nullable=True,
            ),
            "reposted_from": _string(
                "For a passage of a reposted text: where the text first appeared (the "
                "source's `url` is that first publication's address); otherwise null.",
                nullable=True,
            ),
        },
    )


def timeline_schema(site: Site) -> dict:
    """A JSON Schema (draft 2020-12) for ``timeline.json``; every property is described."""
    base = _regex_escape(site.url)
    slug_ref = {"$ref": "#/$defs/slug"}
    claim = _object(
        "One claim: a verbatim quote from one source that the event rests on.",
        {
            "source": {**slug_ref, "description": "Id of the quoted source (a `sources[].id`)."},
            "quote": _string(
                "The quote, exactly as written in timeline.yaml: copied verbatim from one "
                "paragraph "
                "of the source; it may differ from the source only in whitespace and typographic "
                "quotes or dashes. Never corrected.",
                minLength=1,
            ),
            "url": _string(
                "Site-relative address of the quoted paragraph on the source's page, "
                "'sources/<source-id>/#p<number>'.",
                rf"^sources/{SLUG_BODY}/#p[1-9][0-9]*$",
            ),
            "anchor": _string(
                "The quoted paragraph's anchor on the source page ('p12' is the 12th "
                "paragraph-like "
                "block, headings not counted).",
                r"^p[1-9][0-9]*$",
            ),
            "permanent_url": _string(
                "Absolute address of the quoted paragraph (the site address plus `url`).",
                rf"^{base}sources/{SLUG_BODY}/#p[1-9][0-9]*$",
                format="uri",
            ),
            "evidence": {
                "description": "'statement': the passage is the statement the event is about, in "
                "its author's words; 'report': the text reports a statement or fact whose own "
                "text is not in the corpus.",
                "type": "string",
                "enum": list(EVIDENCE),
            },
            "passage_by": passage_by_schema(),
        },
    )
    event = _object(
        "One event of the timeline.",
        {
            "id": {
                **slug_ref,
                "description": "Permanent id of the event; never renamed or reused.",
            },
            "date": _string(
                "ISO 8601 date at the precision the texts support: 'YYYY', 'YYYY-MM' or "
                "'YYYY-MM-DD'. "
                "Never padded to a more precise date than known.",
                DATE,
            ),
            "precision": {
                "description": "How precise `date` is: 'year', 'month' or 'day'.",
                "type": "string",
                "enum": ["year", "month", "day"],
            },
            "date_qualifier": {
                "description": "null when a text states the date; otherwise what qualifies "
                "`date`: 'on-or-before' or 'on-or-after' (`date` is the bound), 'between' (one "
                "day of the range in `date_edtf`; `date` is its start), 'interval', 'likely', "
                "'about'. `date_note` says how the texts give it.",
                "type": ["string", "null"],
                "enum": [*QUALIFIERS, None],
            },
            "date_edtf": _string(
                "The date in EDTF (Library of Congress Extended Date/Time Format) exactly as "
                "the record holds it: '2007-08-13', '[..2007-08-13]', '[2007-08-18..2007-08-22]', "
                "'2015-03-05?'.",
                minLength=4,
            ),
            "date_inferred": {
                "description": "true when no text states the date: the texts bound it or make "
                "it likely.",
                "type": "boolean",
            },
            "date_source": {
                "description": "'text' when a text gives the date in its words; 'address' when "
                "the day comes only from a web address (a text's own, or one it quotes).",
                "type": "string",
                "enum": ["text", "address"],
            },
            "evidence": {
                "description": "'statement' when a claim quotes the statement the event is "
                "about; 'report' when every claim reports it; 'external' for an event from "
                "outside the corpus, which rests on `references`.",
                "type": "string",
                "enum": [*EVIDENCE, "external"],
            },
            "organizations": {
                "description": "Ids of the organizations that act in the event "
                "(`organizations[].id`).",
                "type": "array",
                "items": {**slug_ref, "description": "An organization's id."},
                "uniqueItems": True,
            },
            "date_note": _string(
                "How the date is known, when it is bounded, relative, inferred or disputed; "
                "plain text, our words. null when there is nothing to say.",
                nullable=True,
            ),
            "date_display": _string(
                "The date as the site shows it, in English: '13 August 2007', 'August 2006', "
                "'on or before 13 August 2007'.",
                minLength=4,
            ),
            "title": _string("Title of the event: plain text, our words.", minLength=1),
            "summary": _string(
                "Summary of the event in our words: Markdown restricted to emphasis and links "
                "(http(s) or site-relative).",
                minLength=1,
            ),
            "summary_text": _string(
                "The summary as plain text: emphasis removed, each link written as "
                "'text (absolute URL)'.",
                minLength=1,
            ),
            "people": {
                "description": "Ids of the people the event involves (`people[].id`), in the "
                "timeline's order.",
                "type": "array",
                "items": {**slug_ref, "description": "A person's id."},
                "uniqueItems": True,
            },
            "thread": {
                **slug_ref,
                "description": "Id of the thread (storyline) the event belongs to "
                "(`threads[].id`).",
            },
            "url": _string(
                "Site-relative address of the event's page, 'timeline/<id>/'.",
                rf"^timeline/{SLUG_BODY}/$",
            ),
            "permanent_url": _string(
                "Absolute address of the event's page (the site address plus `url`).",
                rf"^{base}timeline/{SLUG_BODY}/$",
                format="uri",
            ),
            "claims": {
                "description": "The claims the event rests on, in the timeline's order; empty "
                "only for an event from outside the corpus, which rests on `references`.",
                "type": "array",
                "items": {"$ref": "#/$defs/claim"},
            },
            "references": {
                "description": "For an event from outside the corpus: the publications it rests "
                "on (never quoted beyond their titles); empty for an event of the corpus.",
                "type": "array",
                "items": _object(
                    "One publication outside the corpus.",
                    {
                        "publisher": _string("Who published it.", minLength=1),
                        "title": _string("Its title, as published.", minLength=1),
                        "author": _string("Its author, when it names one.", nullable=True),
                        "date": _string("Its date, in EDTF.", minLength=4),
                        "url": _string("Its address.", r"^https?://", format="uri"),
                        "language": _string("Its language (BCP 47).", minLength=2),
                    },
                ),
            },
            "analysis": _object(
                "Ids of the analysis entries (`analysis`) that name the event, by kind.",
                {
                    kind: {
                        "description": f"Ids of the {kind} entries about the event.",
                        "type": "array",
                        "items": {**slug_ref, "description": "An entry's id."},
                    }
                    for kind in ("discrepancy", "argument", "quotation", "term")
                },
            ),
        },
    )
    source = _object(
        "One source text of the corpus, with its provenance.",
        {
            "id": {
                **slug_ref,
                "description": "Permanent id of the source (also its file name, sources/<id>.md).",
            },
            "title": _string("Title of the text as published.", minLength=1),
            "title_note": _string(
                "Where the title comes from, when not from the capture; otherwise null.",
                nullable=True,
            ),
            "standfirst": _string(
                "The standfirst (subheading) as captured, or null when there is none.",
                nullable=True,
            ),
            "authors": {
                "description": "The writers' names as the byline gives them; a name the capture "
                "does not give, inferred, in brackets (see `attributions` for its basis); a "
                "reposter only in `attributions`; empty when the author is unknown "
                "(never guessed; see `authors_note`).",
                "type": "array",
                "items": {"description": "An author's name.", "type": "string", "minLength": 1},
            },
            "attributions": {
                "description": "Each name of `authors` with its role and, when the capture does "
                "not name them, the basis of the attribution.",
                "type": "array",
                "items": _object(
                    "One name of the byline.",
                    {
                        "name": _string("The name.", minLength=1),
                        "role": _string(
                            "'reposter' for who only reposted the text; otherwise null.",
                            nullable=True,
                        ),
                        "basis": _string(
                            "null when the capture names them; otherwise the attribution is "
                            "inferred, and this says on what it rests.",
                            nullable=True,
                        ),
                    },
                ),
            },
            "authors_note": _string(
                "Why the author is unknown or uncertain, when it is; otherwise null.", nullable=True
            ),
            "reposted_from": {
                "description": "For a repost: where the text first appeared (its address is "
                "`url`); otherwise null.",
                "type": ["object", "null"],
                "properties": {
                    "outlet": _string("Where the text first appeared.", minLength=1),
                    "date": _string("Its date in EDTF, or null.", nullable=True),
                    "date_note": _string("How the texts date it, or null.", nullable=True),
                },
                "required": ["outlet", "date", "date_note"],
                "additionalProperties": False,
            },
            "outlet": _string(
                "Where the text was published (site, publication or firm).", minLength=1
            ),
            "kind": {
                "description": "What kind of text it is.",
                "type": "string",
                "enum": list(KINDS),
            },
            "published": _string(
                "Publication date in EDTF, at the precision known: 'YYYY', 'YYYY-MM', "
                "'YYYY-MM-DD', with '?' when only likely (see published_note).",
                DATE_EDTF_SIMPLE,
            ),
            "published_note": _string(
                "How the publication date is known, or what is uncertain about it; "
                "null when the capture states it plainly.",
                nullable=True,
            ),
            "url": _string(
                "The original address of the text (it may be gone; see `archive_url`).",
                HTTP_URL,
                format="uri",
            ),
            "archive_url": _string(
                "A Wayback Machine address for the text.", HTTP_URL, format="uri"
            ),
            "sha256": _string(
                "SHA-256 (hex) of the captured text as kept in the repository "
                "(sources/raw/<id>.txt), "
                "byte for byte; not of the normalized text at `text_url`.",
                r"^[0-9a-f]{64}$",
            ),
            "capture_note": _string(
                "What is uncertain or missing in the capture; null when nothing is.", nullable=True
            ),
            "page": _string(
                "Site-relative address of the source's page, 'sources/<id>/'.",
                rf"^sources/{SLUG_BODY}/$",
            ),
            "permanent_url": _string(
                "Absolute address of the source's page.",
                rf"^{base}sources/{SLUG_BODY}/$",
                format="uri",
            ),
            "text_url": _string(
                "Absolute address of the source's normalized plain text (UTF-8), the text the "
                "TextPositionSelector offsets in annotations.jsonld count in.",
                rf"^{base}data/sources/{SLUG_BODY}\.txt$",
                format="uri",
            ),
        },
    )
    person = _object(
        "One person the events involve.",
        {
            "id": {**slug_ref, "description": "Permanent id of the person."},
            "name": _string("The person's name in our usual spelling.", minLength=1),
            "role": _string("The person's role as the texts describe it; our words.", minLength=1),
            "spellings": {
                "description": "Every form of the name the texts use (quotes keep the texts' "
                "spellings).",
                "type": "array",
                "items": {
                    "description": "One spelling, as written in a text.",
                    "type": "string",
                    "minLength": 1,
                },
            },
            "url": _string(
                "Site-relative address of the person's page, 'people/<id>/'.",
                rf"^people/{SLUG_BODY}/$",
            ),
            "permanent_url": _string(
                "Absolute address of the person's page.",
                rf"^{base}people/{SLUG_BODY}/$",
                format="uri",
            ),
        },
    )
    organization = _object(
        "One organization that acts in the events.",
        {
            "id": {**slug_ref, "description": "Permanent id of the organization."},
            "name": _string("The organization's name in our usual spelling.", minLength=1),
            "role": _string("Its role as the texts describe it; our words.", minLength=1),
            "spellings": {
                "description": "Every form of the name the texts use.",
                "type": "array",
                "items": {
                    "description": "One spelling, as written in a text.",
                    "type": "string",
                    "minLength": 1,
                },
            },
            "url": _string(
                "Site-relative address of the organization's page, 'organizations/<id>/'.",
                rf"^organizations/{SLUG_BODY}/$",
            ),
            "permanent_url": _string(
                "Absolute address of the organization's page.",
                rf"^{base}organizations/{SLUG_BODY}/$",
                format="uri",
            ),
        },
    )
    thread = _object(
        "One thread: a storyline the events are grouped in.",
        {
            "id": {**slug_ref, "description": "Permanent id of the thread."},
            "title": _string("Title of the thread.", minLength=1),
            "description": _string("What the thread covers; our words (may be empty)."),
        },
    )
    top = {
        "$schema": {
            "description": "Address of this schema, so that editors and validators can find it.",
            "type": "string",
            "const": site.absolute(SCHEMA_JSON),
        },
        "site": site_schema(site),
        "license": _object(
            "Licence of the data.",
            {
                "id": {
                    "description": "SPDX identifier of the licence of our data and prose.",
                    "type": "string",
                    "const": LICENSE_ID,
                },
                "url": {
                    "description": "Address of the licence.",
                    "type": "string",
                    "const": LICENSE_URL,
                },
                "note": _string(
                    "What the licence covers and what it does not (quotations).", minLength=1
                ),
            },
        ),
        "events": {
            "description": "Every event, in chronological order: each date is placed within "
            "the span it can mean (a bound at its known side), so that no event comes after one "
            "the texts place entirely later.",
            "type": "array",
            "items": {"$ref": "#/$defs/event"},
        },
        "sources": {
            "description": "Every source text of the corpus.",
            "type": "array",
            "items": {"$ref": "#/$defs/source"},
        },
        "people": {
            "description": "Everyone the events involve.",
            "type": "array",
            "items": {"$ref": "#/$defs/person"},
        },
        "analysis": analysis_schema(site)["properties"]["analysis"],
        "organizations": {
            "description": "Every organization that acts in the events.",
            "type": "array",
            "items": {"$ref": "#/$defs/organization"},
        },
        "threads": {
            "description": "The threads (storylines) events belong to.",
            "type": "array",
            "items": {"$ref": "#/$defs/thread"},
        },
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": site.absolute(SCHEMA_JSON),
        "title": f"{site.name}: timeline data",
        "description": "The documentary record as data: events with the verbatim claims they rest "
        "on, the "
        "sources quoted, the people involved and the threads. Dates are ISO 8601 strings at "
        "the precision the texts support, never more precise.",
        "type": "object",
        "properties": top,
        "required": [k for k in top if k != "$schema"],
        "additionalProperties": False,
        "$defs": {
            "slug": {
                "description": "A permanent id: lowercase letters and digits in words joined by "
                "single "
                "hyphens.",
                "type": "string",
                "pattern": SLUG,
            },
            "event": event,
            "claim": claim,
            "source": source,
            "person": person,
            "organization": organization,
            "thread": thread,
            **analysis_schema(site)["$defs"],
        },
    }


# --- analysis.json and discrepancies.json ---------------------------------------------------------


def _passage_data(linked, site: Site) -> dict:
    return {
        "source": linked.source.id,
        "quote": linked.passage.quote,
        "url": linked.url,
        "anchor": linked.block.anchor,
        "permanent_url": site.absolute(linked.url),
        "passage_by": passage_by(linked),
    }


def analysis_data(record: Record, site: Site) -> dict:
    """The analysis layer as data: every entry with its passages placed (as in the pages)."""
    from .analysis import entry_url

    def placed(kind: str, entry_id: str) -> list[dict]:
        return [_passage_data(p, site) for p in record.passages_of(kind, entry_id)]

    analysis = record.analysis
    discrepancies = []
    for d in analysis.discrepancies:
        passages = iter(placed("discrepancy", d.id))
        discrepancies.append(
            {
                "id": d.id,
                "title": d.title,
                "kind": d.kind,
                "sides": [
                    {"label": side.label, "passages": [next(passages) for _ in side.passages]}
                    for side in d.sides
                ],
                "note": d.note,
                "events": d.events,
                "people": d.people,
                "terms": d.terms,
                "url": entry_url("discrepancy", d.id),
            }
        )
    return {
        "$schema": site.absolute(ANALYSIS_SCHEMA),
        "site": {"name": site.name, "url": site.url, "build_date": site.build_date.isoformat()},
        "analysis": {
            "discrepancies": discrepancies,
            "topics": [
                {"id": t.id, "title": t.title, "description": t.description}
                for t in analysis.topics
            ],
            "architectures": [
                {
                    "id": a.id,
                    "title": a.title,
                    "description": a.description,
                    "passages": placed("architecture", a.id),
                    "url": entry_url("architecture", a.id),
                }
                for a in analysis.architectures
            ],
            "arguments": [
                {
                    "id": a.id,
                    "topic": a.topic,
                    "title": a.title,
                    "side": a.side,
                    "summary": a.summary,
                    "by": a.by,
                    "date": a.date.edtf if a.date else None,
                    "date_note": a.date_note,
                    "architectures": a.architectures,
                    "passages": placed("argument", a.id),
                    "answers": a.answers,
                    "events": a.events,
                    "url": entry_url("argument", a.id),
                }
                for a in analysis.arguments
            ],
            "quotations": [
                {
                    "id": q.id,
                    "title": q.title,
                    "note": q.note,
                    "versions": placed("quotation", q.id),
                    "people": q.people,
                    "events": q.events,
                    "url": entry_url("quotation", q.id),
                }
                for q in analysis.quotations
            ],
            "terms": [
                {
                    "id": t.id,
                    "term": t.term,
                    "forms": t.forms,
                    "definition": t.definition,
                    "passages": placed("term", t.id),
                    "related": t.related,
                    "url": entry_url("term", t.id),
                }
                for t in analysis.terms
            ],
        },
    }


def analysis_schema(site: Site) -> dict:
    """A JSON Schema (draft 2020-12) for ``analysis.json``; every property is described."""

    def slug(description: str) -> dict:
        return {"description": description, "type": "string", "pattern": SLUG}

    def ids(description: str) -> dict:
        return {"description": description, "type": "array", "items": slug("An id.")}

    def passages(description: str, least: int = 1) -> dict:
        return {
            "description": description,
            "type": "array",
            "minItems": least,
            "items": {"$ref": "#/$defs/passage"},
        }

    passage = _object(
        "A passage of the corpus, quoted verbatim and placed in its paragraph (as a claim).",
        {
            "source": slug("The source's id."),
            "quote": _string("The quote, verbatim.", minLength=1),
            "url": _string("Site-relative address of the paragraph.", r"^sources/"),
            "anchor": _string("The paragraph's anchor.", r"^p[1-9][0-9]*$"),
            "permanent_url": _string("Absolute address of the paragraph.", format="uri"),
            "passage_by": passage_by_schema(),
        },
    )
    url = _string("Site-relative address of the entry: its page and anchor.", minLength=3)
    events = ids("Ids of the timeline events it concerns.")
    people = ids("Ids of the people or organizations it concerns.")
    entries = {
        "discrepancies": _object(
            "Where the texts disagree.",
            {
                "id": slug("Permanent id (the page's anchor)."),
                "title": _string("A neutral title, our words.", minLength=1),
                "kind": {
                    "description": "What kind of disagreement: "
                    + "; ".join(f"{k}: {v}" for k, v in KINDS_OF_DISCREPANCY.items())
                    + ".",
                    "type": "string",
                    "enum": list(KINDS_OF_DISCREPANCY),
                },
                "sides": {
                    "description": "The accounts that disagree (two or more).",
                    "type": "array",
                    "minItems": 2,
                    "items": _object(
                        "One side: whose account, and its passages.",
                        {
                            "label": _string("Whose account, our words.", minLength=1),
                            "passages": passages("The side's passages."),
                        },
                    ),
                },
                "note": _string(
                    "What differs, in our words (never which side is right).", minLength=1
                ),
                "events": events,
                "people": people,
                "terms": ids("Ids of the glossary terms it concerns."),
                "url": url,
            },
        ),
        "topics": _object(
            "What the arguments turn on.",
            {
                "id": slug("Permanent id (the page's anchor)."),
                "title": _string("Title, our words.", minLength=1),
                "description": _string("What the topic covers, our words."),
            },
        ),
        "architectures": _object(
            "An ESX/ESXi architecture the arguments are about.",
            {
                "id": slug("Permanent id (the page's anchor)."),
                "title": _string("Title, our words.", minLength=1),
                "description": _string("The architecture as the texts describe it, our words."),
                "passages": passages("Passages that describe it."),
                "url": url,
            },
        ),
        "arguments": _object(
            "An argument a text makes on the question.",
            {
                "id": slug("Permanent id (the page's anchor)."),
                "topic": slug("The topic's id."),
                "title": _string("The argument, in our words.", minLength=1),
                "side": {
                    "description": "Which way it points (a description, never a verdict): "
                    + "; ".join(f"{k}: {v}" for k, v in SIDES.items())
                    + ".",
                    "type": "string",
                    "enum": list(SIDES),
                },
                "summary": _string("What the text argues, our words.", minLength=1),
                "by": people,
                "date": _string("When it was made, in EDTF, or null.", nullable=True),
                "date_note": _string("How the texts give or bound the date.", nullable=True),
                "architectures": ids("Ids of the architectures it is about."),
                "passages": passages("The passages it rests on."),
                "answers": ids("Ids of the arguments it answers."),
                "events": events,
                "url": url,
            },
        ),
        "quotations": _object(
            "A statement the corpus quotes more than once.",
            {
                "id": slug("Permanent id (the page's anchor)."),
                "title": _string("Title, our words.", minLength=1),
                "note": _string("Where the statement comes from, our words."),
                "versions": passages("Every version, as its text prints it.", least=2),
                "people": people,
                "events": events,
                "url": url,
            },
        ),
        "terms": _object(
            "A glossary term.",
            {
                "id": slug("Permanent id (the page's anchor)."),
                "term": _string("The headword.", minLength=1),
                "forms": {
                    "description": "The forms that link to the entry on first use.",
                    "type": "array",
                    "items": {"description": "A form.", "type": "string", "minLength": 1},
                },
                "definition": _string("Our words.", minLength=1),
                "passages": passages("Passages that use or explain it."),
                "related": ids("Ids of related terms."),
                "url": url,
            },
        ),
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": site.absolute(ANALYSIS_SCHEMA),
        "title": f"{site.name}: the analysis layer",
        "description": "Where the texts disagree, the arguments on the question side by side, "
        "the statements quoted more than once, and the glossary; every passage verbatim.",
        "type": "object",
        "properties": {
            "$schema": {
                "description": "Address of this schema.",
                "type": "string",
                "const": site.absolute(ANALYSIS_SCHEMA),
            },
            "site": site_schema(site),
            "analysis": _object(
                "The analysis entries, by kind.",
                {
                    kind: {
                        "description": entry["description"],
                        "type": "array",
                        "items": {"$ref": f"#/$defs/{kind}"},
                    }
                    for kind, entry in entries.items()
                },
            ),
        },
        "required": ["$schema", "site", "analysis"],
        "additionalProperties": False,
        "$defs": {"passage": passage, **entries},
    }


def discrepancies_data(record: Record, site: Site) -> dict:
    data = analysis_data(record, site)
    return {
        "$schema": site.absolute(DISCREPANCIES_SCHEMA),
        "site": data["site"],
        "discrepancies": data["analysis"]["discrepancies"],
    }


def discrepancies_schema(site: Site) -> dict:
    """A JSON Schema for ``discrepancies.json``: the discrepancies of ``analysis.json`` alone."""
    full = analysis_schema(site)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": site.absolute(DISCREPANCIES_SCHEMA),
        "title": f"{site.name}: where the texts disagree",
        "description": "Every place where the texts disagree, each side quoted verbatim.",
        "type": "object",
        "properties": {
            "$schema": {
                "description": "Address of this schema.",
                "type": "string",
                "const": site.absolute(DISCREPANCIES_SCHEMA),
            },
            "site": site_schema(site),
            "discrepancies": full["properties"]["analysis"]["properties"]["discrepancies"],
        },
        "required": ["$schema", "site", "discrepancies"],
        "additionalProperties": False,
        "$defs": {
            "passage": full["$defs"]["passage"],
            "discrepancies": full["$defs"]["discrepancies"],
        },
    }


# --- timeline.csv ---------------------------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet cannot read as a formula: text that starts with = + - @, a tab or a
    carriage return gets a leading apostrophe (OWASP, CSV injection). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def timeline_csv(record: Record, site: Site) -> str:
    """One row per claim, the event's fields repeated (RFC 4180: CRLF, quotes doubled)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for event in record.events:
        for number, claim in enumerate(record.claims_of(event), start=1):
            writer.writerow(
                map(
                    csv_cell,
                    [
                        event.id,
                        event.date.iso,
                        event.date.precision,
                        event.date.data_qualifier or "",
                        event.date_note or "",
                        event.date.edtf,
                        event.title,
                        event.summary,
                        ";".join(event.people),
                        ";".join(event.organizations),
                        event.thread,
                        site.absolute(event_url(event.id)),
                        number,
                        claim.claim.evidence,
                        claim.source.id,
                        claim.source.title,
                        claim.claim.quote,
                        _by_text(by := passage_by(claim)),
                        by["date"] or "",
                        by["comment"] or "",
                        by["reposted_from"] or "",
                        site.absolute(claim.url),
                        claim.source.prov.original_url,
                    ],
                )
            )
    return out.getvalue()


# --- timeline.ics ---------------------------------------------------------------------------------
# Written by hand (RFC 5545): the format is small, and this keeps the output byte-stable.
# The tests parse it with the `icalendar` package, independently.


def ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545, 3.1), never inside a UTF-8 character."""
    if len(line) <= 18 or len(line.encode("utf-8")) <= 75:  # 18 characters are at most 72 octets
        return line
    out, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append("".join(current))
            current, size = [" "], 1  # a continuation line starts with one space, counted in its 75
        current.append(ch)
        size += width
    out.append("".join(current))
    return "\r\n".join(out)


def in_calendar(event) -> bool:
    """Only days the texts state: not month- or year-precise, not bounded or likely, and not a
    day that comes only from a web address."""
    return event.date.is_exact_day and event.date_source == "text"


def timeline_ics(record: Record, site: Site) -> str:
    stamp = site.build_date.strftime("%Y%m%dT000000Z")
    threads = record.threads
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{ics_text(EDITORS)}//{ics_text(site.name)}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(site.name)}",
        "X-WR-CALDESC:"
        + ics_text(
            "Events of the record whose day a text states. Events known only to the month "
            "or year, only bounded (on or before/after a date) or likely, or dated by a web "
            "address alone, are left out: "
            "see " + site.absolute(TIMELINE_JSON)
        ),
    ]
    for event in record.events:
        if not in_calendar(event):
            continue
        day = dt.date.fromisoformat(event.date.iso)
        url = site.absolute(event_url(event.id))
        description = summary_text(event.summary, site.url)
        if event.date_note:
            description += "\n\nAbout the date: " + event.date_note
        description += "\n\n" + url
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            # DTEND is the day after (exclusive); 31 December 9999 has none: a day-long event
            # is what a DTSTART alone means (RFC 5545, 3.6.1).
            *(
                [f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}"]
                if day < dt.date.max
                else []
            ),
            f"SUMMARY:{ics_text(event.title)}",
            f"DESCRIPTION:{ics_text(description)}",
            f"URL:{url}",
        ]
        if event.thread in threads:
            lines.append(f"CATEGORIES:{ics_text(threads[event.thread].title)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


# --- annotations.jsonld ---------------------------------------------------------------------------


def annotations(record: Record, site: Site) -> dict:
    """A W3C Web Annotation collection (one embedded page) with one 'linking' annotation per
    claim."""
    collection_id = site.absolute(ANNOTATIONS)
    texts = {sid: s.plain_text() for sid, s in record.sources.items()}
    editors = {"type": "Organization", "name": EDITORS}
    items = []
    for event in record.events:
        page = site.absolute(event_url(event.id))
        for number, claim in enumerate(record.claims_of(event), start=1):
            plain, starts = texts[claim.source.id]
            offset = starts[claim.block.anchor]  # the block's place in the plain text
            start, end = offset + claim.start, offset + claim.end
            quote = {
                "type": "TextQuoteSelector",
                "exact": plain[start:end],
                "prefix": plain[max(0, start - CONTEXT_CHARS) : start],
                "suffix": plain[end : end + CONTEXT_CHARS],
            }
            items.append(
                {
                    "id": f"{collection_id}#{event.id}-{number}",
                    "type": "Annotation",
                    "motivation": "linking",
                    "creator": editors,
                    "body": [
                        {
                            "type": "TextualBody",
                            "purpose": "describing",
                            "value": event.summary,
                            "format": "text/markdown",
                            "language": "en",
                            "rights": LICENSE_URL,
                        },
                        {"id": page, "type": "Text", "format": "text/html", "language": "en"},
                    ],
                    "target": [
                        {  # the plain text the positions count in
                            "type": "SpecificResource",
                            "source": site.absolute(source_text_path(claim.source.id)),
                            "selector": [
                                quote,
                                {"type": "TextPositionSelector", "start": start, "end": end},
                            ],
                        },
                        {  # our page of the source: the quote finds the span there
                            "type": "SpecificResource",
                            "source": site.absolute(source_url(claim.source.id)),
                            "selector": dict(quote),
                        },
                        *(
                            []
                            if claim.source.by_reposter(claim.block)  # not in the first publication
                            else [
                                {
                                    "type": "SpecificResource",
                                    "source": claim.source.prov.original_url,
                                    "selector": dict(quote),
                                }
                            ]
                        ),
                    ],
                }
            )
    page_id = collection_id + "#page1"
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"{site.name}: each claim of the timeline and the passage it quotes",
        "rdfs:comment": (
            "One annotation per claim. Its body is the event's summary and the event's page; its "
            "targets are the quoted span in our plain text of the source (with a "
            "TextPositionSelector), on our page of the source and on the original (by a "
            "TextQuoteSelector). Both selectors work on the source's normalized plain text: "
            "blocks (headings, "
            "paragraphs, "
            "quotations, list items) joined by a blank line, published as UTF-8 at "
            f"{site.absolute('data/sources/')}<source-id>.txt. Offsets count Unicode code points "
            f"from 0, "
            "end excluded. The quoted text remains the copyright of its authors and publishers."
        ),
        "total": len(items),
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
        "last": page_id,
    }


# --- all files ------------------------------------------------------------------------------------


_JSON_SCALARS = {True: "true", False: "false", None: "null"}


def pretty_json(value, level: int = 0) -> str:
    """What ``json.dumps(value, ensure_ascii=False, indent=2)`` writes, three times as fast: with
    an indent, json.dumps leaves its C encoder for a Python one that yields every token."""
    if isinstance(value, str):
        return json.encoder.encode_basestring(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = [
            f"{json.encoder.encode_basestring(str(key))}: {pretty_json(item, level + 1)}"
            for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        items = [pretty_json(item, level + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + "  " * level + "]"
    if isinstance(value, bool) or value is None:
        return _JSON_SCALARS[value]
    return json.dumps(value)


def _json(value: dict) -> str:
    return pretty_json(value) + "\n"


@dataclass(frozen=True)
class Download:
    """A data file (or one per source), and how the Data page describes it."""

    path: str  # the site path; for one file per source, with <source-id> in it
    files: Callable[
        [Record, Site], dict[str, str]
    ]  # site path -> content (UTF-8, no newline translation)
    format: str  # format and media type
    item: str  # what one row or item is
    leaves_out: str  # what it does not hold, and where to find it


def _one(
    path: str, write: Callable[[Record, Site], str]
) -> Callable[[Record, Site], dict[str, str]]:
    return lambda record, site: {path: write(record, site)}


def _source_texts(record: Record, site: Site) -> dict[str, str]:
    return {source_text_path(s.id): s.plain_text()[0] for s in record.sources.values()}


# Every data file under data/, in the order the Data page lists them: the one place to add one.
DOWNLOADS: list[Download] = [
    Download(
        TIMELINE_JSON,
        _one(TIMELINE_JSON, lambda r, s: _json(timeline_data(r, s))),
        "JSON, `application/json`",
        "The whole record in one document: `events` (each with its `claims`), `sources` with their "
        "provenance, `people` and `threads`, plus the site and the licence",
        "The source texts themselves (see the plain texts below) and the lists of removed page "
        "furniture",
    ),
    Download(
        SCHEMA_JSON,
        _one(SCHEMA_JSON, lambda r, s: _json(timeline_schema(s))),
        "JSON Schema (draft 2020-12), `application/schema+json`",
        "The description of every field of `timeline.json`, with the patterns ids, dates and "
        "addresses follow",
        "Nothing: `timeline.json` is checked against it",
    ),
    Download(
        ANALYSIS_JSON,
        _one(ANALYSIS_JSON, lambda r, s: _json(analysis_data(r, s))),
        "JSON, `application/json`",
        "The analysis layer: `discrepancies` (each side's passages), `topics`, `architectures` and "
        "`arguments` (with the ids of those they answer), `quotations` (every version) and "
        "`terms`; each passage placed in its paragraph",
        "The pages' word-by-word alignment of quotations (compute it from the versions)",
    ),
    Download(
        ANALYSIS_SCHEMA,
        _one(ANALYSIS_SCHEMA, lambda r, s: _json(analysis_schema(s))),
        "JSON Schema (draft 2020-12), `application/schema+json`",
        "The description of every field of `analysis.json`",
        "Nothing: `analysis.json` is checked against it",
    ),
    Download(
        DISCREPANCIES_JSON,
        _one(DISCREPANCIES_JSON, lambda r, s: _json(discrepancies_data(r, s))),
        "JSON, `application/json`",
        "One place where the texts disagree: its kind, each side's label and verbatim passages, "
        "our note, and the events, people and terms involved",
        "The other parts of the analysis (see `analysis.json`)",
    ),
    Download(
        DISCREPANCIES_SCHEMA,
        _one(DISCREPANCIES_SCHEMA, lambda r, s: _json(discrepancies_schema(s))),
        "JSON Schema (draft 2020-12), `application/schema+json`",
        "The description of every field of `discrepancies.json`",
        "Nothing: `discrepancies.json` is checked against it",
    ),
    Download(
        TIMELINE_CSV,
        _one(TIMELINE_CSV, timeline_csv),
        "CSV (RFC 4180: comma-separated, header row, CRLF line ends, UTF-8 without byte-order "
        "mark), `text/csv`",
        "One claim, with its event's fields repeated on each of the event's rows; `claim` numbers "
        "the claims "
        "of an event from 1",
        "Provenance of the sources beyond their title and original address, people's names and "
        "roles (ids "
        "only, joined by `;`) and thread titles (ids only)",
    ),
    Download(
        TIMELINE_ICS,
        _one(TIMELINE_ICS, timeline_ics),
        "iCalendar (RFC 5545), `text/calendar`",
        "One all-day event per timeline event whose date the texts give to the day; its `UID` is "
        "the "
        "event's id and its `URL` the event's page",
        "Events known only to the month or the year, and events whose date the texts only bound "
        '("on or '
        'before", "on or after" a day): a calendar cannot show them without claiming a precision '
        "the "
        "texts do not have",
    ),
    Download(
        "data/sources.bib",
        _one("data/sources.bib", cite.bibliography_bibtex),
        "BibTeX, `application/x-bibtex`",
        "One source text",
        "The date you accessed it (add your own)",
    ),
    Download(
        "data/sources.csl.json",
        _one("data/sources.csl.json", cite.bibliography_csl),
        "CSL JSON, `application/vnd.citationstyles.csl+json`",
        "One source text, for citation managers and CSL processors",
        "The date you accessed it (add your own)",
    ),
    Download(
        ANNOTATIONS,
        _one(ANNOTATIONS, lambda r, s: _json(annotations(r, s))),
        "W3C Web Annotation collection, JSON-LD, `application/ld+json; "
        'profile="http://www.w3.org/ns/anno.jsonld"`',
        "One annotation per claim, linking the event (its summary and its page) to the quoted "
        "span of the "
        "source, both on our copy and on the original",
        "The people and threads of events (see `timeline.json`)",
    ),
    Download(
        "data/sources/<source-id>.txt",
        _source_texts,
        "Plain text, UTF-8, `text/plain`",
        "The normalized text of one source: its headings, paragraphs, quotations and list items "
        "in order, "
        "separated by a blank line",
        "Provenance, paragraph numbers and page furniture; the capture as made is kept byte for "
        "byte in the "
        "repository (`sources/raw/`)",
    ),
    Download(
        "data/passages/<source-id>.json",
        cite.passage_citation_files,
        "JSON, `application/json`",
        "The citation of one paragraph of a source: its addresses on this site, on the original "
        "and in the "
        "Wayback Machine",
        "Paragraphs' text (see the plain texts)",
    ),
]
