"""Every page describes itself to machines: one JSON-LD block, a description, Open Graph, citation tags."""
from __future__ import annotations

import json
import re

from conftest import ROOT

from record.build import load_record

RECORD = load_record(ROOT)
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def meta(html: str, key: str) -> list[str]:
    import html as htmllib
    pattern = rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"'
    return [htmllib.unescape(v) for v in re.findall(pattern, html)]


def pages(site):
    return [p for p in site.rglob("index.html") if "http-equiv=\"refresh\"" not in p.read_text()[:2000]]


def test_every_page_has_exactly_one_valid_jsonld_block(site):
    for path in pages(site):
        blocks = JSONLD.findall(path.read_text())
        assert len(blocks) == 1, path
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org"


def test_every_page_has_a_description_and_open_graph_tags(site):
    for path in pages(site):
        html = path.read_text()
        assert meta(html, "description") and meta(html, "description")[0].strip(), path
        assert meta(html, "og:title") and meta(html, "og:description"), path


def test_an_event_is_a_schema_org_event_at_its_precision(site):
    html = (site / "timeline" / "hellwig-replies-to-amsden-on-lkml" / "index.html").read_text()
    data = json.loads(JSONLD.search(html).group(1))
    assert data["@type"] == "Event" and data["startDate"] == "2006-08"
    assert data["about"]["name"]
    quotations = data["subjectOf"]
    assert all(q["@type"] == "Quotation" for q in quotations)
    assert {q["isPartOf"]["@id"] for q in quotations} >= {
        "http://www.venturecake.com/the-vmware-house-of-cards/",
        "http://www.theregister.co.uk/2007/08/16/vmware_derived_from_linux/"}
    assert any("Until you stop violating our copyrights" in q["text"] for q in quotations)


def test_a_date_the_texts_only_bound_is_not_given_as_a_start_date(site):
    html = (site / "timeline" / "hellwig-post-to-iscsi-list" / "index.html").read_text()
    data = json.loads(JSONLD.search(html).group(1))
    assert "startDate" not in data
    assert data["disambiguatingDescription"].startswith("Date: on or before 13 August 2007.")


def test_a_source_describes_the_original_article_and_its_comments(site):
    venturecake = json.loads(JSONLD.search((site / "sources" / "venturecake-2007" / "index.html").read_text()).group(1))
    assert venturecake["@type"] == "BlogPosting" and venturecake["datePublished"] == "2007-08-13"
    assert venturecake["author"] == [{"@type": "Person", "name": "Mike MacCana"}]
    assert [c["@type"] for c in venturecake["comment"]] == ["Comment"] * 3
    assert venturecake["comment"][0]["author"]["name"] == "Alan Cox [ ]"
    register = json.loads(JSONLD.search((site / "sources" / "register-2007" / "index.html").read_text()).group(1))
    assert register["@type"] == "NewsArticle" and "author" not in register  # unknown, not invented
    vfront = json.loads(JSONLD.search((site / "sources" / "vfront-2013" / "index.html").read_text()).group(1))
    assert vfront["datePublished"] == "2013-08"


def test_source_pages_carry_citation_tags_for_reference_managers(site):
    html = (site / "sources" / "vfront-2013" / "index.html").read_text()
    assert meta(html, "citation_title") == ["A myth busted and an FAQ: ESXi is *not* based on Linux! But what is it?"]
    assert meta(html, "citation_author") == ["Andreas Peetz"]
    assert meta(html, "citation_publication_date") == ["2013/08"]
    assert meta(html, "citation_public_url") == ["https://www.v-front.de/2013/08/a-myth-busted-and-faq-esxi-is-not-based.html"]
    register = (site / "sources" / "register-2007" / "index.html").read_text()
    assert meta(register, "citation_author") == []


def test_a_person_page_is_a_person(site):
    data = json.loads(JSONLD.search((site / "people" / "christoph-hellwig" / "index.html").read_text()).group(1))
    assert data["@type"] == "Person" and "Christopher Helwig" in data["alternateName"]


def test_jsonld_cannot_be_broken_out_of(project):
    from conftest import mkdocs
    path = project / "timeline.yaml"
    path.write_text(path.read_text().replace("title: VMware's IPO", "title: VMware's IPO </script><b>x", 1))
    assert mkdocs(project, "build", "--strict").returncode == 0
    html = (project / "site" / "timeline" / "vmware-ipo" / "index.html").read_text()
    block = JSONLD.search(html).group(1)
    assert json.loads(block)["name"] == "VMware's IPO </script><b>x"
    assert "<b>x" not in html.replace("&lt;b&gt;x", "")
