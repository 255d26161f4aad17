"""Each claim lands on the paragraph holding its quote, and that paragraph links back."""

from __future__ import annotations

import json
from urllib.parse import urljoin

import pytest

from conftest import RECORD, Page, page
from record.text import fold


def claim_id(claim) -> str:
    return f"{claim.event.id}:{claim.block.anchor}"


def test_the_record_covers_the_three_episodes_of_the_dispute():
    """The 2006 kernel-list exchange, the 2007 press and the 2015 lawsuit (later sources may add
    more)."""
    assert len(RECORD.events) > 15
    years = {e.date.parts[0] for e in RECORD.events}
    assert {2006, 2007, 2015} <= years
    # every event rests on quotes, except those from outside the corpus, on references alone
    assert all(bool(e.claims) != e.external for e in RECORD.events)


@pytest.mark.parametrize("claim", RECORD.claims, ids=claim_id)
def test_every_quote_is_verbatim_in_its_captured_text(claim):
    assert fold(claim.claim.quote) in fold(claim.source.raw_text)


@pytest.mark.parametrize("claim", RECORD.claims, ids=claim_id)
def test_each_claim_knows_where_its_quote_lies_in_the_paragraph_and_the_plain_text(claim):
    """The span found once at linking is the quote (up to whitespace and typography), with no
    space at its ends, and points at the same characters of the published plain text."""
    exact = claim.block.text[claim.start : claim.end]
    assert fold(exact) == fold(claim.claim.quote)
    assert exact == exact.strip() and exact == claim.exact
    start, end = claim.plain_span
    assert claim.source.plain_text()[0][start:end] == exact


def test_each_claim_link_lands_on_the_paragraph_holding_its_quote(site):
    pages: dict[str, Page] = {}
    for event in RECORD.events:
        event_page = page(site, f"timeline/{event.id}")
        for claim in RECORD.claims_of(event):
            href = next(
                h
                for h, text in event_page.links
                if h.split(":~:")[0].endswith(f"/{claim.source.id}/#{claim.block.anchor}")
            )
            target_url = urljoin(f"http://x/timeline/{event.id}/", href.split(":~:")[0])
            path, anchor = target_url[len("http://x/") :].split("#")
            target = pages.get(path) or pages.setdefault(path, page(site, path.rstrip("/")))
            assert anchor in target.ids, f"{event.id}: {href} has no #{anchor}"
            assert fold(claim.claim.quote) in fold(target.text_of(anchor))


def test_each_cited_paragraph_links_back_to_the_events_citing_it(files):
    pages = {sid: Page(files[f"sources/{sid}.md"]) for sid in RECORD.sources}
    for (source_id, anchor), claims in RECORD.citations.items():
        source_page = pages[source_id]
        assert anchor in source_page.ids
        text = source_page.text_of(anchor)
        assert "Cited by:" in text
        for claim in claims:
            assert claim.event.title in text
    markdown = files["sources/register-2007.md"]
    for claim in [c for c in RECORD.claims if c.source.id == "register-2007"]:
        assert f'href="../../timeline/{claim.event.id}/"' in markdown


def test_uncited_paragraphs_carry_no_back_links(files):
    cited = {anchor for (sid, anchor) in RECORD.citations if sid == "vfront-2013"}
    cited |= {anchor for (sid, anchor) in RECORD.analysis_citations if sid == "vfront-2013"}
    source_page = Page(files["sources/vfront-2013.md"])
    uncited = [b.anchor for b in RECORD.sources["vfront-2013"].paragraphs if b.anchor not in cited]
    assert uncited
    for anchor in uncited:
        assert "Cited by:" not in source_page.text_of(anchor)


def test_paragraphs_are_numbered_and_anchored_in_order(site):
    for source in RECORD.sources.values():
        source_page = page(site, f"sources/{source.id}")
        for number in range(1, len(source.paragraphs) + 1):
            assert f"p{number}" in source_page.ids
        assert f"p{len(source.paragraphs) + 1}" not in source_page.ids


def test_comments_are_anchored(site):
    source_page = page(site, "sources/vfront-2013")
    for comment in RECORD.sources["vfront-2013"].comments:
        assert comment.id in source_page.ids
    assert "Reply 4.1" in source_page.text_of("c4-1")


def test_the_json_download_holds_the_whole_record(files):
    data = json.loads(files["data/timeline.json"])
    assert [e["id"] for e in data["events"]] == [e.id for e in RECORD.events]
    hellwig = next(e for e in data["events"] if e["id"] == "hellwig-replies-to-amsden-on-lkml")
    assert hellwig["date"] == "2006-08" and hellwig["precision"] == "month"
    assert hellwig["url"] == "timeline/hellwig-replies-to-amsden-on-lkml/"
    claim = hellwig["claims"][0]
    assert {"source", "quote", "url"} <= set(claim)
    source_id, anchor = claim["url"].removeprefix("sources/").split("/#")
    assert fold(claim["quote"]) in fold(RECORD.sources[source_id].block(anchor).text)
    register = next(s for s in data["sources"] if s["id"] == "register-2007")
    assert register["authors"] == [] and register["published"] == "2007-08-16"
    assert {
        "id",
        "title",
        "authors",
        "outlet",
        "kind",
        "published",
        "url",
        "archive_url",
        "sha256",
    } <= set(register)
    assert {"id", "name", "spellings"} <= set(data["people"][0])
    assert sum(len(e["claims"]) for e in data["events"]) == len(RECORD.claims)
