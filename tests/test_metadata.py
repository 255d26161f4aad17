"""Every page describes itself to machines: one JSON-LD block, a description, Open Graph and,
for a source, citation tags.

The engine writes them as each generated page's front matter (checked here in process, for the test
site); the theme (overrides/main.html) writes them into the <head> of every built page (checked on
the site MkDocs builds).
"""

from __future__ import annotations

import html as htmllib
import json
import re

import yaml

from conftest import ROOT, mkdocs
from record.publish import generate, site_from_config

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def meta(html: str, key: str) -> list[str]:
    pattern = rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"'
    return [htmllib.unescape(v) for v in re.findall(pattern, html)]


def pages(site):
    return [
        p for p in site.rglob("index.html") if 'http-equiv="refresh"' not in p.read_text()[:2000]
    ]


def front_matter(page: str) -> dict:
    """A generated page's front matter: what the theme writes into the page's <head>."""
    assert page.startswith("---\n")
    return yaml.safe_load(page[4 : page.index("\n---\n")])


def jsonld(files: dict[str, str], path: str) -> dict:
    return json.loads(front_matter(files[path])["jsonld"])


# --- on the built site ------------------------------------------------------------------------


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


def test_the_built_pages_carry_the_metadata_the_engine_generates(site):
    """What the in-process tests below check is what a built page holds: the same JSON-LD and
    the same citation tags, on every generated page."""
    _record, generated = generate(ROOT, site_from_config(ROOT))
    generated_pages = {path: text for path, text in generated.items() if path.endswith(".md")}
    assert len(generated_pages) > 50  # events, sources, people and the lists
    for path, text in generated_pages.items():
        fields = front_matter(text)
        url = path.removesuffix(".md").removesuffix("index")
        built = (site / url / "index.html").read_text()
        blocks = [json.loads(block) for block in JSONLD.findall(built)]
        assert blocks == [json.loads(fields["jsonld"])], path
        for name, content in fields.get("citation_tags", []):
            assert content in meta(built, name), (path, name)


def test_jsonld_cannot_be_broken_out_of(project):
    """A title that closes the <script> element stays data in the JSON-LD and text on the page."""
    path = project / "timeline.yaml"
    path.write_text(
        path.read_text().replace("title: VMware's IPO", "title: VMware's IPO </script><b>x", 1)
    )
    assert mkdocs(project, "build", "--strict").returncode == 0
    html = (project / "site" / "timeline" / "vmware-ipo" / "index.html").read_text()
    block = JSONLD.search(html).group(1)
    assert json.loads(block)["name"] == "VMware's IPO </script><b>x"
    assert "<b>x" not in html.replace("&lt;b&gt;x", "")


# --- what the engine generates (in process) -----------------------------------------------------


def test_an_event_is_a_schema_org_event_at_its_precision(files):
    data = jsonld(files, "timeline/hellwig-replies-to-amsden-on-lkml.md")
    assert data["@type"] == "Event" and data["startDate"] == "2006-08"
    assert data["about"]["name"]
    quotations = data["subjectOf"]
    assert all(q["@type"] == "Quotation" for q in quotations)
    assert {q["isPartOf"]["@id"] for q in quotations} >= {
        "http://www.venturecake.com/the-vmware-house-of-cards/",
        "http://www.theregister.co.uk/2007/08/16/vmware_derived_from_linux/",
    }
    assert any("Until you stop violating our copyrights" in q["text"] for q in quotations)


def test_a_date_the_texts_only_bound_is_not_given_as_a_start_date(files):
    data = jsonld(files, "timeline/hellwig-post-to-iscsi-list.md")
    assert "startDate" not in data
    assert data["disambiguatingDescription"].startswith("Date: on or before 13 August 2007.")


def test_a_source_describes_the_original_article_and_its_comments(files):
    venturecake = jsonld(files, "sources/venturecake-2007.md")
    assert venturecake["@type"] == "BlogPosting" and venturecake["datePublished"] == "2007-08-13"
    assert venturecake["author"] == [{"@type": "Person", "name": "Mike MacCana"}]
    assert [c["@type"] for c in venturecake["comment"]] == ["Comment"] * 3
    cox, amsden, reply = venturecake["comment"]
    assert cox["author"]["name"] == "Alan Cox"  # the capture's lost-link marker is not his name
    assert cox["dateCreated"] == "2007-08-15" and amsden["dateCreated"] == "2007-08-18"
    assert amsden["sameAs"].endswith("#comment-1385")
    assert (
        reply["author"]["name"] == "Mike MacCana" and "inferred" in reply["author"]["description"]
    )
    assert (
        "dateCreated" not in reply
        and "on or after 18 August 2007" in reply["disambiguatingDescription"]
    )
    register = jsonld(files, "sources/register-2007.md")
    assert register["@type"] == "NewsArticle" and "author" not in register  # unknown, not invented
    vfront = jsonld(files, "sources/vfront-2013.md")
    assert vfront["datePublished"] == "2013-08"


def test_source_pages_carry_citation_tags_for_reference_managers(files):
    def tags(source_id: str, name: str) -> list[str]:
        fields = front_matter(files[f"sources/{source_id}.md"])
        return [content for key, content in fields["citation_tags"] if key == name]

    assert tags("vfront-2013", "citation_title") == [
        "A myth busted and an FAQ: ESXi is *not* based on Linux! But what is it?"
    ]
    assert tags("vfront-2013", "citation_author") == ["Andreas Peetz"]
    assert tags("vfront-2013", "citation_publication_date") == ["2013/08"]
    assert tags("vfront-2013", "citation_public_url") == [
        "https://www.v-front.de/2013/08/a-myth-busted-and-faq-esxi-is-not-based.html"
    ]
    assert tags("register-2007", "citation_author") == []


def test_a_person_page_is_a_person(files):
    data = jsonld(files, "people/christoph-hellwig.md")
    assert data["@type"] == "Person" and "Christopher Helwig" in data["alternateName"]
