"""What a reader finds on the pages: the generated pages in process, the built site where the
final HTML matters (what is loaded, whether links resolve, what MkDocs makes of a title)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from conftest import RECORD, Page, mkdocs, page
from record.render.downloads import DOWNLOADS
from record.summary import summary_html as render_summary


def body(files, path: str) -> str:
    """A generated page without its front matter: the Markdown and HTML MkDocs renders."""
    front_matter, separator, rest = files[path].partition("\n---\n")
    assert front_matter.startswith("---\n") and separator, path
    return rest


def text(files, path: str) -> str:
    """The words of a generated page's body, whitespace collapsed."""
    return " ".join("".join(Page(body(files, path)).text_parts).split())


def test_the_timeline_lists_every_event_in_date_order(files):
    markdown = body(files, "timeline/index.md")
    positions = [markdown.index(f'id="{e.id}"') for e in RECORD.events]
    assert positions == sorted(positions)
    keys = [e.date.sort_key() for e in RECORD.events]
    assert keys == sorted(keys)


def test_dates_are_shown_at_their_precision(files):
    times = dict(Page(body(files, "timeline/index.md")).times)
    assert times["2006-08"] == "August 2006"
    assert times["1991"] == "1991"
    assert times["1998-09"] == "September 1998"
    assert times["2007-08-15"] == "15 August 2007"
    assert not any(re.match(r"^1 August 2006", text) for text in times.values())


def test_bounded_dates_say_so(files):
    event = Page(body(files, "timeline/hellwig-post-to-iscsi-list.md"))
    words = "".join(event.text_parts)
    assert "on or before 13 August 2007" in words and "date inferred" in words
    assert event.times == []  # no machine-readable date: the texts give none
    assert "About the date:" in words


def test_an_event_page_has_people_claims_and_links(files):
    path = "timeline/hellwig-replies-to-amsden-on-lkml.md"
    words = text(files, path)
    assert "Christoph Hellwig" in words and "Zachary Amsden" in words
    assert "Until you stop violating our copyrights" in words
    hrefs = [h for h, _ in Page(body(files, path)).links]
    assert "../../people/christoph-hellwig/" in hrefs
    assert any(h.startswith("../../sources/venturecake-2007/#p") for h in hrefs)
    assert any(h.startswith("../../sources/register-2007/#p") for h in hrefs)


def test_the_timeline_needs_no_javascript(site):
    """The content is in the built HTML itself; scripts only add search and navigation."""
    html = (site / "timeline" / "index.html").read_text()
    assert len(re.findall(r'<article class="event[ "]', html)) == len(RECORD.events)
    timeline = page(site, "timeline")
    for event in RECORD.events:
        assert event.id in timeline.ids


def test_a_source_page_starts_with_its_provenance(files):
    source = RECORD.sources["register-2007"]
    markdown = body(files, "sources/register-2007.md")
    assert markdown.startswith(f'\n# {source.title}\n\n<aside class="provenance"')
    provenance = " ".join("".join(Page(markdown[: markdown.index("</aside>")]).text_parts).split())
    assert "No byline in the capture" in provenance
    assert "http://www.theregister.co.uk/2007/08/16/vmware_derived_from_linux/" in provenance
    assert source.prov.captured_sha256 in provenance
    assert "SaaS data loss" in provenance  # listed as removed furniture, so the removal is visible


def test_a_person_page_lists_spellings_and_events(files):
    words = text(files, "people/christoph-hellwig.md")
    assert "Christopher Helwig" in words
    events = RECORD.events_of("christoph-hellwig")
    assert events
    for event in events:
        assert event.title in words


def test_the_data_page_lists_every_download_with_a_working_link(files):
    """One row per entry of DOWNLOADS, in order, each linking to a file the build generates; a
    file per source is shown by its pattern and linked by one source's file as an example."""
    rows = [
        line
        for line in body(files, "data.md").splitlines()
        if line.startswith("| ") and not line.startswith("| File |")
    ]
    assert len(rows) == len(DOWNLOADS)
    for row, download in zip(rows, DOWNLOADS, strict=True):
        cell = row.split(" | ")[0]
        links = re.findall(r"\[([^\]]+)\]\(([^)]+)\)", cell)
        assert len(links) == 1, cell
        target = links[0][1]
        assert target in files, cell
        if "<source-id>" in download.path:
            assert f"`{download.path}`" in cell
            assert target in {download.path.replace("<source-id>", sid) for sid in RECORD.sources}
        else:
            assert target == download.path
        assert download.format in row and download.item in row and download.leaves_out in row


def test_no_page_loads_anything_from_another_host(site):
    """Links a reader may follow can go anywhere; nothing may be *loaded* from elsewhere."""
    loads = re.compile(
        r"<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc=\"(https?:)?//|"
        r"<link\b"
        r"(?=[^>]*\brel=\"(?:stylesheet|icon|preload|modulepreload|manifest)\")"
        r"[^>]*\bhref=\"(https?:)?//"
    )
    for html_file in site.rglob("*.html"):
        html = html_file.read_text()
        assert not loads.search(html), (html_file, loads.search(html).group(0))
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html


def test_every_internal_link_resolves(site):
    cache: dict = {}
    for html_file in site.rglob("*.html"):
        url = "http://x/" + str(html_file.relative_to(site).parent).replace(".", "") + "/"
        url = url.replace("//", "/").replace("http:/", "http://")
        for href, _ in Page(html_file.read_text()).links:
            if not href or href.startswith(("http:", "https:", "mailto:", "javascript:")):
                continue
            target = urljoin(url, href.split(":~:")[0])  # the text directive is not part of the id
            path, _, anchor = target[len("http://x/") :].partition("#")
            file = site / path
            if file.is_dir() or path == "" or path.endswith("/"):
                file = file / "index.html"
            assert file.exists(), f"{html_file.relative_to(site)}: broken link {href}"
            if anchor and file.suffix == ".html":
                if file not in cache:
                    cache[file] = Page(file.read_text()).ids
                where = html_file.relative_to(site)
                assert anchor in cache[file], f"{where}: no #{anchor} in {path}"


# --- summaries and names are data: escaped, with only safe links ---------------------------


def test_summary_markdown_emphasis_and_links():
    out = render_summary(
        "VMware *disputes* it; see [the FAQ](https://example.org/faq).", "timeline/x/"
    )
    assert "<em>disputes</em>" in out
    assert 'href="https://example.org/faq"' in out and 'rel="external noopener"' in out


def test_summary_site_relative_links_are_made_relative_to_the_page():
    out = render_summary("See [the post](sources/venturecake-2007/#p3).", "timeline/x/")
    assert 'href="../../sources/venturecake-2007/#p3"' in out


def test_summary_raw_html_shows_as_text():
    out = render_summary("<script>alert(1)</script> and <b>bold</b> & more", "timeline/x/")
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&amp; more" in out


def test_summary_unsafe_links_are_dropped_but_their_text_kept():
    out = render_summary(
        "[click](javascript:alert(1)) [mail](mailto:a@b.c) [data](data:text/html,x)", "timeline/x/"
    )
    assert "javascript:" not in out and "mailto:" not in out and "data:" not in out
    assert "click" in out and "mail" in out


def test_titles_and_names_are_escaped_on_the_built_site(project):
    """Built with MkDocs: the theme prints titles in places of its own (<title>, navigation), so
    only the final HTML shows whether markup in a title or a name stays text."""
    path = project / "timeline.yaml"
    yaml_text = path.read_text()
    assert "title: VMware's IPO" in yaml_text and "name: Roger Kay" in yaml_text
    yaml_text = yaml_text.replace(
        "title: VMware's IPO", "title: VMware's IPO <img src=x onerror=alert(1)> & *stars*", 1
    )
    yaml_text = yaml_text.replace("name: Roger Kay", "name: Roger <b>Kay</b>", 1)
    path.write_text(yaml_text)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for url in ("timeline/vmware-ipo", "timeline", "people/roger-kay", "people"):
        html = (project / "site" / url / "index.html").read_text()
        assert "<img src=x" not in html and "<b>Kay</b>" not in html
    event_html = (project / "site" / "timeline" / "vmware-ipo" / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; *stars*" in event_html


# --- how the texts know it: labels, attribution, what the capture lost ----------------------------


def test_every_event_and_claim_says_how_the_texts_know_it(files):
    """Each event carries its evidence label (and 'date inferred' when no text states the
    date); each claim its own label; the timeline explains them and offers a filter that stays
    hidden without JavaScript."""
    timeline = body(files, "timeline/index.md")
    assert "*The statement itself*" in timeline and "*Reported*" in timeline
    assert '<form class="timeline-filter" hidden' in timeline
    for event in RECORD.events:
        start = timeline.index(f'id="{event.id}" data-thread=')
        article = timeline[start : timeline.index("</article>", start)]
        assert f'data-evidence="{event.evidence}"' in article
        assert ('<span class="label date-inferred">date inferred</span>' in article) == (
            not event.date.stated
        ), event.id
        assert article.count('<li class="claim" data-evidence=') == len(RECORD.claims_of(event))
        assert ('<div class="references">' in article) == event.external


def test_a_comment_claim_names_the_commenter_and_the_comments_date(files):
    """Amsden's words are his, of 18 August 2007; the 'Ed:' reply is attributed to MacCana only
    as an inference, which links to where the source's page gives its basis."""
    words = text(files, "timeline/amsden-answers-venturecake.md")
    assert "comment by Zachary Amsden, on VentureCake, 18 August 2007" in words
    assert "VentureCake, 13 August 2007" not in words.split("Cite this")[0]
    ed = body(files, "timeline/maccana-ed-reply-to-amsden.md")
    assert (
        'comment by Mike MacCana <a class="inferred" '
        'href="../../sources/venturecake-2007/#c2-1">(attribution inferred)</a>'
    ) in ed
    assert "on or after 18 August 2007" in ed


def test_a_source_page_shows_what_is_known_of_each_comment_and_where_figures_were(files):
    venturecake = body(files, "sources/venturecake-2007.md")
    assert "#### Reply 2\\.1 · signed “Ed:” · date not captured" in venturecake
    assert "Attributed to Mike MacCana (inferred: the reply is signed “Ed:”" in venturecake
    assert (
        'href="http://www.venturecake.com/the-vmware-house-of-cards/#comment-1385"' in venturecake
    )
    assert venturecake.count('<figure class="lost-figure">') == 2
    vfront = body(files, "sources/vfront-2013.md")
    assert "#### Reply 7\\.1 · signed “Andreas” · date not captured" in vfront
    assert "### Comment 1 · name not captured · date not captured" in vfront
    assert "Attributed to Tony (inferred: the reply to it begins “Hi Tony”)" in vfront
    assert '<blockquote><p class="para' not in vfront.split("What is Linux")[1][:2000]
    ekeland = body(files, "sources/torekeland-2015.md")
    assert (
        "<figcaption>Its caption: Conservancy Diagram: VMkernel versus typical Linux system"
        in ekeland
    )
    assert "likely 5 March 2015" in ekeland and 'datetime="2015-03-05' not in ekeland


def test_organizations_have_pages_like_people(files):
    index = text(files, "organizations/index.md")
    for organization in RECORD.timeline.organizations:
        assert organization.name in index
        words = text(files, f"organizations/{organization.id}.md")
        for event in RECORD.events_of_organization(organization.id):
            assert event.title in words
    assert "Software Freedom Conservacy" in text(
        files, "organizations/software-freedom-conservancy.md"
    )
