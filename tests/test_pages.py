"""What a reader finds on the built pages."""
from __future__ import annotations

import re

from conftest import ROOT, page

from record.build import load_record
from record.summary import summary_html as render_summary

RECORD = load_record(ROOT)


def test_the_timeline_lists_every_event_in_date_order(site):
    timeline = page(site, "timeline")
    html = (site / "timeline" / "index.html").read_text()
    positions = [html.index(f'id="{e.id}"') for e in RECORD.events]
    assert positions == sorted(positions)
    for event in RECORD.events:
        assert event.id in timeline.ids


def test_dates_are_shown_at_their_precision(site):
    timeline = page(site, "timeline")
    times = dict(timeline.times)
    assert times["2006-08"] == "August 2006"
    assert times["1991"] == "1991"
    assert times["1998-09"] == "September 1998"
    assert times["2007-08-15"] == "15 August 2007"
    assert not any(re.match(r"^1 August 2006", text) for text in times.values())


def test_bounded_dates_say_so(site):
    event = page(site, "timeline/hellwig-post-to-iscsi-list")
    assert ("2007-08-13", "on or before 13 August 2007") in event.times
    assert "About the date:" in "".join(event.text_parts)


def test_an_event_page_has_people_claims_and_links(site):
    event = page(site, "timeline/hellwig-replies-to-amsden-on-lkml")
    text = " ".join("".join(event.text_parts).split())
    assert "Christoph Hellwig" in text and "Zachary Amsden" in text
    assert "Until you stop violating our copyrights" in text
    hrefs = [h for h, _ in event.links]
    assert "../../people/christoph-hellwig/" in hrefs
    assert any(h.startswith("../../sources/venturecake-2007/#p") for h in hrefs)
    assert any(h.startswith("../../sources/register-2007/#p") for h in hrefs)


def test_the_timeline_needs_no_javascript(site):
    """The content is in the HTML itself; scripts only add search and navigation."""
    html = (site / "timeline" / "index.html").read_text()
    assert html.count('<article class="event"') == len(RECORD.events)


def test_a_source_page_starts_with_its_provenance(site):
    register = page(site, "sources/register-2007")
    text = " ".join("".join(register.text_parts).split())
    assert "No byline in the capture" in text
    assert "http://www.theregister.co.uk/2007/08/16/vmware_derived_from_linux/" in text
    assert RECORD.sources["register-2007"].meta["captured_sha256"] in text
    assert "SaaS data loss" in text  # listed as removed furniture, so the removal is visible


def test_a_person_page_lists_spellings_and_events(site):
    person = page(site, "people/christoph-hellwig")
    text = " ".join("".join(person.text_parts).split())
    assert "Christopher Helwig" in text
    for event in RECORD.events_of("christoph-hellwig"):
        assert event.title in text


def test_no_page_loads_anything_from_another_host(site):
    """Links a reader may follow can go anywhere; nothing may be *loaded* from elsewhere."""
    loads = re.compile(r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=\"(https?:)?//|"
                       r"<link\b(?=[^>]*\brel=\"(?:stylesheet|icon|preload|modulepreload|manifest)\")"
                       r"[^>]*\bhref=\"(https?:)?//")
    for html_file in site.rglob("*.html"):
        html = html_file.read_text()
        assert not loads.search(html), (html_file, loads.search(html).group(0))
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_every_internal_link_resolves(site):
    from urllib.parse import urljoin
    from conftest import Page
    cache: dict = {}
    for html_file in site.rglob("*.html"):
        url = "http://x/" + str(html_file.relative_to(site).parent).replace(".", "") + "/"
        url = url.replace("//", "/").replace("http:/", "http://")
        for href, _ in Page(html_file.read_text()).links:
            if not href or href.startswith(("http:", "https:", "mailto:", "javascript:")):
                continue
            target = urljoin(url, href.split(":~:")[0])  # the text directive is not part of the id
            path, _, anchor = target[len("http://x/"):].partition("#")
            file = site / path
            if file.is_dir() or path == "" or path.endswith("/"):
                file = file / "index.html"
            assert file.exists(), f"{html_file.relative_to(site)}: broken link {href}"
            if anchor and file.suffix == ".html":
                if file not in cache:
                    cache[file] = Page(file.read_text()).ids
                assert anchor in cache[file], f"{html_file.relative_to(site)}: no #{anchor} in {path}"


# --- summaries and names are data: escaped, with only safe links ---------------------------

def test_summary_markdown_emphasis_and_links():
    out = render_summary("VMware *disputes* it; see [the FAQ](https://example.org/faq).", "timeline/x/")
    assert "<em>disputes</em>" in out
    assert 'href="https://example.org/faq"' in out and 'rel="external noopener"' in out


def test_summary_site_relative_links_are_made_relative_to_the_page():
    out = render_summary("See [the post](sources/venturecake-2007/#p3).", "timeline/x/")
    assert 'href="../../sources/venturecake-2007/#p3"' in out


def test_summary_raw_html_shows_as_text():
    out = render_summary('<script>alert(1)</script> and <b>bold</b> & more', "timeline/x/")
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&amp; more" in out


def test_summary_unsafe_links_are_dropped_but_their_text_kept():
    out = render_summary("[click](javascript:alert(1)) [mail](mailto:a@b.c) [data](data:text/html,x)",
                         "timeline/x/")
    assert "javascript:" not in out and "mailto:" not in out and "data:" not in out
    assert "click" in out and "mail" in out


def test_titles_and_names_are_escaped_on_the_built_site(project):
    from conftest import mkdocs
    path = project / "timeline.yaml"
    text = path.read_text()
    text = text.replace("title: VMware's IPO", "title: VMware's IPO <img src=x onerror=alert(1)> & *stars*", 1)
    text = text.replace("name: Roger Kay", "name: Roger <b>Kay</b>", 1)
    path.write_text(text)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for url in ("timeline/vmware-ipo", "timeline", "people/roger-kay", "people"):
        html = (project / "site" / url / "index.html").read_text()
        assert "<img src=x" not in html and "<b>Kay</b>" not in html
    event_html = (project / "site" / "timeline" / "vmware-ipo" / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; *stars*" in event_html
