"""The record as open data: each file read back with an independent, standard client.

JSON Schema with ``jsonschema``, CSV with the ``csv`` module, iCalendar with ``icalendar``,
the Web Annotations as plain JSON checked against the source texts they point into, and
``CITATION.cff`` as YAML. The files are the ones the engine generates in process (``files``).
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json

import icalendar
import jsonschema
import pytest
import yaml

from conftest import RECORD, ROOT, SITE, generate
from record.render.downloads import (
    DOWNLOADS,
    annotations,
    pretty_json,
    timeline_data,
    timeline_schema,
)


def timeline(files) -> dict:
    return json.loads(files["data/timeline.json"])


def schema(files) -> dict:
    return json.loads(files["data/timeline.schema.json"])


def day_precise_unqualified() -> list[str]:
    """The events a text dates to the day: not bounded, not a range, not merely likely."""
    return [
        e.id
        for e in RECORD.events
        if e.date.precision == "day" and e.date.stated and e.date_source == "text"
    ]


# --- the set of files --------------------------------------------------------------------------


def test_the_data_folder_holds_exactly_the_documented_files(files):
    """Eleven files for the whole record, and a plain text and a passage file per source."""
    expected = {
        "data/timeline.json",
        "data/timeline.schema.json",
        "data/analysis.json",
        "data/analysis.schema.json",
        "data/discrepancies.json",
        "data/discrepancies.schema.json",
        "data/timeline.csv",
        "data/timeline.ics",
        "data/sources.bib",
        "data/sources.csl.json",
        "data/annotations.jsonld",
    }
    expected |= {f"data/sources/{sid}.txt" for sid in RECORD.sources}
    expected |= {f"data/passages/{sid}.json" for sid in RECORD.sources}
    assert {path for path in files if path.startswith("data/")} == expected
    listed = {d.path.replace("<source-id>", sid) for d in DOWNLOADS for sid in RECORD.sources}
    assert listed == expected


def test_the_same_record_and_site_give_the_same_bytes(files):
    """Generating again, from a fresh load of the repository, gives every file byte for byte."""
    assert generate(ROOT, SITE)[1] == files


def test_every_data_file_is_listed_on_the_data_page(files):
    page = files["data.md"]
    assert "\n# Data\n" in page
    for name in (
        "timeline.json",
        "timeline.schema.json",
        "timeline.csv",
        "timeline.ics",
        "sources.bib",
        "sources.csl.json",
        "annotations.jsonld",
        "data/sources/<source-id>.txt",
        "data/passages/<source-id>.json",
        "CITATION.cff",
        "CC BY 4.0",
    ):
        assert name in page, name


# --- timeline.json and its schema --------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema_under_the_site(files):
    doc = schema(files)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"] == "https://example.org/record/data/timeline.schema.json"
    jsonschema.Draft202012Validator.check_schema(doc)


def test_timeline_json_validates_against_its_schema_and_points_to_it(files):
    data = timeline(files)
    assert data["$schema"] == schema(files)["$id"]
    jsonschema.Draft202012Validator(schema(files)).validate(data)


def test_timeline_json_is_what_timeline_data_returns(files):
    assert timeline(files) == json.loads(json.dumps(timeline_data(RECORD, SITE)))


def _walk_properties(node, path="#"):
    """Yield (path, property schema) for every property declared anywhere in the schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}/properties/{name}", sub
        for key, sub in node.items():
            yield from _walk_properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _walk_properties(sub, f"{path}/{index}")


def test_every_property_in_the_schema_has_a_description(files):
    properties = list(_walk_properties(schema(files)))
    assert len(properties) > 50
    missing = [
        path for path, sub in properties if not (isinstance(sub, dict) and sub.get("description"))
    ]
    assert missing == []
    assert all(d.get("description") for d in schema(files)["$defs"].values())


def test_objects_in_the_schema_allow_no_unknown_fields_and_require_theirs(files):
    for path, node in _walk_nodes(schema(files)):
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, path
            assert set(node["required"]) >= set(node["properties"]) - {"$schema"}, path


def _walk_nodes(node, path="#"):
    if isinstance(node, dict):
        yield path, node
        for key, sub in node.items():
            yield from _walk_nodes(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _walk_nodes(sub, f"{path}/{index}")


def _errors(files, data: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema(files)).iter_errors(data)]


def test_a_date_more_precise_in_form_than_iso_fails_validation(files):
    data = timeline(files)
    data["events"][0]["date"] = "13 August 2007"
    assert _errors(files, data)


def test_an_unknown_field_fails_validation(files):
    data = timeline(files)
    data["events"][0]["claims"][0]["page_number"] = 3
    assert any("page_number" in message for message in _errors(files, data))


def test_a_claim_without_its_url_fails_validation(files):
    data = timeline(files)
    del data["events"][0]["claims"][0]["url"]
    assert any("'url' is a required property" in message for message in _errors(files, data))


@pytest.mark.parametrize(
    "path, value",
    [
        (("events", 0, "id"), "Not_A_Slug"),
        (("events", 0, "precision"), "week"),
        (("events", 0, "date_qualifier"), "circa"),
        (("events", 0, "url"), "https://elsewhere.example/timeline/x/"),
        (("events", 0, "permanent_url"), "https://elsewhere.example/timeline/x/"),
        (("sources", 0, "sha256"), "not-a-digest"),
    ],
)
def test_other_broken_values_fail_validation(path, value, files):
    data = copy.deepcopy(timeline(files))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert _errors(files, data)


def test_timeline_json_keeps_the_existing_fields_and_adds_permanent_addresses(files):
    data = timeline(files)
    assert data["site"] == {
        "name": "Test site",
        "url": "https://example.org/record/",
        "build_date": "2026-11-21",
    }
    hellwig = next(e for e in data["events"] if e["id"] == "hellwig-replies-to-amsden-on-lkml")
    assert hellwig["date"] == "2006-08" and hellwig["precision"] == "month"
    assert hellwig["date_qualifier"] is None
    assert hellwig["url"] == "timeline/hellwig-replies-to-amsden-on-lkml/"
    assert hellwig["permanent_url"] == (
        "https://example.org/record/timeline/hellwig-replies-to-amsden-on-lkml/"
    )
    assert "*project*" in hellwig["summary"] and "*" not in hellwig["summary_text"]
    claim = hellwig["claims"][0]
    assert {"source", "quote", "url"} <= set(claim)
    assert claim["url"] == f"sources/{claim['source']}/#{claim['anchor']}"
    assert claim["permanent_url"] == "https://example.org/record/" + claim["url"]
    register = next(s for s in data["sources"] if s["id"] == "register-2007")
    assert register["authors"] == [] and register["authors_note"]
    assert register["published"] == "2007-08-16" and register["published_note"]
    assert register["page"] == "sources/register-2007/"
    assert register["permanent_url"] == "https://example.org/record/sources/register-2007/"
    assert register["text_url"] == "https://example.org/record/data/sources/register-2007.txt"
    assert sum(len(e["claims"]) for e in data["events"]) == len(RECORD.claims)


# --- timeline.csv ------------------------------------------------------------------------------


def csv_rows(files) -> list[dict]:
    text = files["data/timeline.csv"]
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_csv_has_crlf_line_ends_and_a_header_row(files):
    text = files["data/timeline.csv"]
    header, rest = text.split("\r\n", 1)
    assert header == (
        "event_id,date,precision,date_qualifier,date_note,date_edtf,title,summary,people,"
        "organizations,thread,event_url,claim,evidence,source_id,source_title,quote,passage_by,"
        "passage_date,passage_comment,reposted_from,passage_url,original_url"
    )
    # no field holds a line break here
    assert rest.endswith("\r\n") and rest.count("\r\n") == len(RECORD.claims)


def test_the_csv_has_one_row_per_claim_with_its_event_repeated(files):
    rows = csv_rows(files)
    assert len(rows) == len(RECORD.claims)
    for row, claim in zip(rows, RECORD.claims, strict=True):
        event = claim.event
        assert row["event_id"] == event.id and row["date"] == event.date.iso
        assert row["precision"] == event.date.precision
        assert row["date_qualifier"] == (event.date.data_qualifier or "")
        assert row["date_edtf"] == event.date.edtf and row["evidence"] == claim.claim.evidence
        assert row["date_note"] == (event.date_note or "")
        assert row["title"] == event.title and row["summary"] == event.summary
        assert [p for p in row["people"].split(";") if p] == event.people
        assert row["thread"] == event.thread
        assert row["event_url"] == f"https://example.org/record/timeline/{event.id}/"
        assert row["source_id"] == claim.source.id and row["source_title"] == claim.source.title
        assert row["passage_url"] == "https://example.org/record/" + claim.url
        assert row["original_url"] == claim.source.prov.original_url
    event = RECORD.events[1]
    first = [r for r in rows if r["event_id"] == event.id]
    assert [r["claim"] for r in first] == [str(n) for n in range(1, len(first) + 1)]
    assert len(first) == len(RECORD.claims_of(event))


def test_the_csv_says_who_wrote_each_passage_and_when(files):
    """A reader comment's row names the commenter and the comment's date, not the article's;
    an inferred name says so, with its basis."""
    rows = csv_rows(files)
    amsden = next(r for r in rows if "most definitely NOT a derived work" in r["quote"])
    assert amsden["passage_by"] == "Zachary Amsden" and amsden["passage_date"] == "2007-08-18"
    assert amsden["passage_comment"] == "c2"
    ed = next(r for r in rows if r["quote"].startswith("VMkernel is started by the vmkmod hook"))
    assert ed["passage_by"].startswith("Mike MacCana [inferred: the reply is signed “Ed:”")
    assert ed["passage_date"] == "[2007-08-18..]"
    haff = next(r for r in rows if r["quote"].startswith("After looking into this"))
    assert haff["passage_by"].startswith("Gordon Haff [inferred:")


def test_quotes_with_commas_and_double_quotes_survive_the_csv_round_trip(files):
    rows = csv_rows(files)
    assert [r["quote"] for r in rows] == [c.claim.quote for c in RECORD.claims]
    assert any('"' in r["quote"] and "," in r["quote"] for r in rows)
    assert any('"' in r["date_note"] for r in rows)


# --- timeline.ics ------------------------------------------------------------------------------


def calendar(files) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(files["data/timeline.ics"])


def test_the_calendar_has_its_required_properties(files):
    cal = calendar(files)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    assert str(cal["CALSCALE"]) == "GREGORIAN" and str(cal["X-WR-CALNAME"]) == "Test site"


def test_the_calendar_holds_exactly_the_events_known_to_the_day(files):
    uids = [str(ev["UID"]) for ev in calendar(files).walk("VEVENT")]
    assert uids == day_precise_unqualified()
    assert "hellwig-replies-to-amsden-on-lkml" not in uids  # August 2006: month only
    assert "torvalds-authors-first-linux-kernel" not in uids  # 1991: year only
    assert "hellwig-post-to-iscsi-list" not in uids  # on or before 13 August 2007


def test_calendar_events_are_all_day_and_link_to_their_pages(files):
    events = {e.id: e for e in RECORD.events}
    for vevent in calendar(files).walk("VEVENT"):
        event = events[str(vevent["UID"])]
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is datetime.date and start.isoformat() == event.date.iso
        assert end == start + datetime.timedelta(days=1)
        stamp = datetime.datetime(2026, 11, 21, tzinfo=datetime.UTC)
        assert vevent.decoded("DTSTAMP") == stamp
        url = f"https://example.org/record/timeline/{event.id}/"
        assert str(vevent["URL"]) == url
        assert str(vevent["SUMMARY"]) == event.title
        description = str(vevent["DESCRIPTION"])
        assert description.endswith(url)
        if event.date_note:
            assert event.date_note in description


def test_calendar_text_is_escaped_and_folded(files):
    text = files["data/timeline.ics"]
    lines = text.split("\r\n")
    assert lines[-1] == "" and all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\\," in text and "\\;" in text  # commas and semicolons in summaries and notes
    # A summary with a comma, read back whole: the parser unfolds and unescapes it.
    events = {e.id: e for e in RECORD.events}
    vevent = next(v for v in calendar(files).walk("VEVENT") if "," in events[str(v["UID"])].summary)
    event = events[str(vevent["UID"])]
    assert str(vevent["DESCRIPTION"]).startswith(" ".join(event.summary.split())[:60])


# --- annotations.jsonld and the plain texts ----------------------------------------------------


def annotation_collection(files) -> dict:
    return json.loads(files["data/annotations.jsonld"])


def test_the_source_texts_are_the_normalized_plain_texts(files):
    for source in RECORD.sources.values():
        assert files[f"data/sources/{source.id}.txt"] == source.plain_text()[0]


def test_annotations_form_a_web_annotation_collection_with_one_embedded_page(files):
    doc = annotation_collection(files)
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    assert doc["id"] == "https://example.org/record/data/annotations.jsonld"
    page = doc["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0 and "@context" not in page
    assert doc["total"] == len(page["items"]) == len(RECORD.claims)


def test_each_claim_is_one_linking_annotation_with_the_event_as_body(files):
    items = annotation_collection(files)["first"]["items"]
    assert len({a["id"] for a in items}) == len(items)
    for annotation, claim in zip(items, RECORD.claims, strict=True):
        number = [c for c in RECORD.claims if c.event is claim.event].index(claim) + 1
        assert claim.number == number
        assert annotation["id"] == (
            f"https://example.org/record/data/annotations.jsonld#{claim.event.id}-{number}"
        )
        assert annotation["type"] == "Annotation" and annotation["motivation"] == "linking"
        text_body = annotation["body"][0]
        assert text_body == {
            **text_body,
            "type": "TextualBody",
            "value": claim.event.summary,
            "format": "text/markdown",
            "language": "en",
        }
        event_page = f"https://example.org/record/timeline/{claim.event.id}/"
        assert annotation["body"][1]["id"] == event_page
        text, page, *original = annotation["target"]
        # a repost's own line is not in the first publication: no target there
        assert len(original) == (0 if claim.source.by_reposter(claim.block) else 1)
        # The positions count in the plain text, so that is the target they are given on.
        assert text["source"] == f"https://example.org/record/data/sources/{claim.source.id}.txt"
        assert [s["type"] for s in text["selector"]] == [
            "TextQuoteSelector",
            "TextPositionSelector",
        ]
        assert page["source"] == f"https://example.org/record/sources/{claim.source.id}/"
        assert page["selector"]["type"] == "TextQuoteSelector"
        for target in original:
            assert target["source"] == claim.source.prov.original_url
            assert target["selector"]["type"] == "TextQuoteSelector"


def test_every_text_position_selector_points_at_its_quote_in_the_plain_text(files):
    from record.text import fold

    items = annotation_collection(files)["first"]["items"]
    for annotation, claim in zip(items, RECORD.claims, strict=True):
        plain = files[f"data/sources/{claim.source.id}.txt"]
        selectors = {s["type"]: s for s in annotation["target"][0]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        start, end = position["start"], position["end"]
        assert plain[start:end] == quote["exact"]
        assert fold(quote["exact"]) == fold(claim.claim.quote)
        assert 0 < len(quote["prefix"]) <= 32 or start == 0
        assert plain[start - len(quote["prefix"]) : start] == quote["prefix"]
        assert plain[end : end + len(quote["suffix"])] == quote["suffix"]
        assert len(quote["suffix"]) == min(32, len(plain) - end)
        assert annotation["target"][1]["selector"] == quote
        # the quoted span lies inside the paragraph the claim links to
        block_start = claim.source.plain_text()[1][claim.block.anchor]
        assert block_start <= start and end <= block_start + len(claim.block.text)


def test_a_quote_typed_with_straight_quotes_selects_the_typographic_original(files):
    items = annotation_collection(files)["first"]["items"]
    for annotation, claim in zip(items, RECORD.claims, strict=True):
        if "“" in claim.claim.quote or "’" in claim.claim.quote:
            exact = annotation["target"][0]["selector"][0]["exact"]
            assert exact in claim.source.plain_text()[0]
            return
    pytest.fail("no quote with typographic quotes in the record")


# --- CITATION.cff ------------------------------------------------------------------------------


def test_citation_cff_cites_the_corpus_as_a_dataset_at_the_site_address():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["title"] == config["site_name"]
    assert cff["url"] == config["site_url"]
    assert cff["authors"] == [{"name": "The VMware/Linux record editors"}]
    assert cff["license"] == "CC-BY-4.0" and cff["abstract"] and cff["keywords"]
    assert cff["date-released"] == datetime.date(2026, 11, 21) and cff["version"] == "2026.11.21"


# --- the helpers the formats rely on -----------------------------------------------------------


def test_summaries_become_plain_text_with_absolute_links():
    from record.summary import summary_text

    text = summary_text(
        "Hellwig *sues* [VMware](timeline/hellwig-sues-vmware/) (see "
        "[the announcement](https://sfconservancy.org/news/)) "
        "<b>not HTML</b> & more",
        SITE.url,
    )
    assert text == (
        "Hellwig sues VMware "
        "(https://example.org/record/timeline/hellwig-sues-vmware/) (see "
        "the announcement (https://sfconservancy.org/news/)) <b>not HTML</b> & more"
    )
    bad_link = summary_text("A [bad link](javascript:alert(1)) stays text.", SITE.url)
    assert bad_link == "A bad link stays text."


def test_ics_lines_fold_at_75_octets_and_unfold_to_the_escaped_line():
    from record.render.downloads import ics_fold, ics_text

    text = "Amsden’s reply, dated “18 August”; a\\b\nnext line — " * 6
    line = "DESCRIPTION:" + ics_text(text)
    folded = ics_fold(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert folded.replace("\r\n ", "") == line
    assert "\\, dated" in line and "\\; a\\\\b\\nnext" in line


def test_the_json_files_are_what_json_dumps_would_write():
    """The data files are indented by our own writer (json.dumps is slow with an indent): it
    must write the same bytes, on the real data and on awkward values."""
    awkward = {
        "": [],
        "e": {},
        "n": [None, True, False, 0, -1, 2.5, 1e100],
        "s": 'q"\\\n\t\u2028é\ue000',
        "nested": [{"a": [[]]}, [{}], "x"],
        3: "int key",
    }
    for value in (
        timeline_data(RECORD, SITE),
        annotations(RECORD, SITE),
        timeline_schema(SITE),
        awkward,
    ):
        assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
