"""In a real browser: follow a claim to its passage, copy a citation with today's date, cite a
paragraph."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import RECORD
from record.render.cite import FORMATS, format_access

# A reader's "today" that is not the build date: the access date must come from the reader.
READER_DAY = dt.datetime(2031, 5, 4, 12, 0, 0)


def _wait_for_text(locator, text: str) -> None:
    # Imported here: without Playwright the browser fixture skips (or fails in CI) with a message.
    from playwright.sync_api import expect

    expect(locator).to_have_text(text)


def _reader_access(style: str) -> str:
    """The reader's day as an access date in ``style``, as the engine writes it."""
    return format_access(style, READER_DAY.date())


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def test_following_a_claim_shows_the_quoted_passage(server, tab):
    event = next(e for e in RECORD.events if e.id == "hellwig-replies-to-amsden-on-lkml")
    claim = RECORD.claims_of(event)[0]
    page = tab
    page.goto(server + "timeline/")
    article = page.locator(f"article#{event.id}")
    assert "August 2006" in article.locator("time").inner_text()
    article.locator("a.claim-link").first.click()
    # The link carries a text fragment after the paragraph's id: #p53:~:text=...
    page.wait_for_url(lambda url: f"/sources/{claim.source.id}/#{claim.block.anchor}" in url)
    paragraph = page.locator(f"#{claim.block.anchor}")
    assert paragraph.is_visible()
    assert " ".join(claim.claim.quote.split())[:40] in " ".join(paragraph.inner_text().split())
    box = paragraph.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the quoted paragraph is scrolled into view"
    background = paragraph.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the paragraph is highlighted"
    # The text fragment matched: the browser then highlights the quote, and the paragraph is not
    # the page's :target (which is what it falls back to when the text is not found).
    assert not paragraph.evaluate("el => el.matches(':target')")
    paragraph.locator(".cited-by a", has_text=event.title).click()
    page.wait_for_url(f"**/timeline/{event.id}/")
    assert event.title in page.locator("h1").inner_text()
    assert page.errors == []


def test_copying_a_citation_gives_the_readers_access_date(server, tab):
    """An event's citations carry the reader's today, not the build date, and copy as shown."""
    page = tab
    page.clock.set_fixed_time(READER_DAY)
    page.goto(server + "timeline/hellwig-replies-to-amsden-on-lkml/")
    for span in page.query_selector_all(".access-date[data-style]"):
        assert span.text_content() == _reader_access(span.get_attribute("data-style"))
    assert "2031-05-04" in page.text_content(".access-note")
    copy = page.locator('button.cite-copy[data-target="cite-chicago-note"]')
    copy.click()
    _wait_for_text(copy, "Copied")
    # and a screen reader hears which citation was copied (a polite live region)
    _wait_for_text(page.locator("#cite .cite-status"), "Copied the Chicago (note) citation")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("“Hellwig Answers Amsden on the Linux Kernel Mailing List,”")
    assert "accessed May 4, 2031" in copied
    assert "timeline/hellwig-replies-to-amsden-on-lkml/" in copied
    permanent = page.locator(".permalink a").get_attribute("href")
    assert permanent.startswith("https://")
    assert permanent.endswith("/timeline/hellwig-replies-to-amsden-on-lkml/")
    assert page.errors == []


def test_a_paragraphs_cite_link_opens_a_citation_of_that_passage(server, tab):
    """A paragraph's "cite" opens, below it, its citations in every format, with the reader's
    access date; a copy button copies one; a second click closes the box."""
    page = tab
    page.clock.set_fixed_time(READER_DAY)
    source = RECORD.sources["register-2007"]
    block = next(b for b in source.paragraphs if b.text.startswith("<quote>Linux runs"))
    page.goto(server + "sources/register-2007/")
    page.locator(f"#{block.anchor}").hover()
    link = page.locator(f'a.para-cite[data-passage="{block.anchor}"]')
    assert link.is_visible()
    link.click()
    box = page.locator(f"#cite-{block.anchor}")
    box.wait_for()
    assert box.is_visible()
    below = "(box, id) => box.previousElementSibling.id === id || box.parentElement.id === id"
    assert box.evaluate(below, block.anchor), "the box opens right below its paragraph"
    number = block.anchor[1:]
    assert f"Cite this passage (paragraph {number})" in box.locator("h3").inner_text()
    assert box.locator("h4").all_inner_texts() == [fmt.label for fmt in FORMATS]
    # One format at a time, chosen from all of them; the choice is remembered.
    assert box.locator("button.cite-copy:visible").count() == 1
    assert box.locator("select.cite-choose option").count() == len(FORMATS)
    assert "2031-05-04" in box.locator(".access-note").inner_text()
    for fmt in FORMATS:
        assert box.locator(f"pre#cite-{block.anchor}-{fmt.key}").count() == 1, fmt.key
    for span in box.locator(".access-date[data-style]").all():
        assert span.text_content() == _reader_access(span.get_attribute("data-style"))
    wiki = page.text_content(f"#cite-{block.anchor}-wikipedia")
    assert wiki.startswith("{{cite news ") and "|access-date=2031-05-04" in wiki
    assert "|quote=&lt;quote&gt;Linux runs the World Wide Web&lt;/quote&gt;" in wiki
    assert f"sources/register-2007/#{block.anchor}" in wiki
    assert "Y2  - 2031/05/04" in page.text_content(f"#cite-{block.anchor}-ris")
    csl = page.text_content(f"#cite-{block.anchor}-csl-json")
    assert '"accessed": {"date-parts": [[2031, 5, 4]]}' in csl
    assert page.query_selector("quote") is None  # the captured markup stays text
    box.locator("select.cite-choose").select_option("wikipedia")
    copy = box.locator(f'button.cite-copy[data-target="cite-{block.anchor}-wikipedia"]')
    copy.click()
    _wait_for_text(copy, "Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == wiki
    page.locator(f"#{block.anchor}").hover()  # its links show again on hover
    link.click()  # a second click closes it
    page.wait_for_function(f"() => !document.getElementById('cite-{block.anchor}')")
    assert all(url.startswith(server) for url in page.requests)
    assert page.errors == []


def test_pages_request_nothing_from_other_hosts(server, tab):
    """No font, script or image is fetched from another site."""
    page = tab
    for url in ("", "timeline/", "sources/venturecake-2007/", "people/christoph-hellwig/", "data/"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    foreign = [u for u in page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert foreign == []


def test_markup_in_a_comment_reads_as_text(server, tab):
    tab.goto(server + "sources/register-2007/")
    assert tab.get_by_text("<quote>Linux runs the World Wide Web</quote>").count() == 1


def test_the_timeline_filter_shows_events_by_label(server, tab):
    """With JavaScript the filter appears; unticking 'reported only' hides exactly the events
    whose every claim is a report, and says how many are shown."""
    page = tab
    page.goto(server + "timeline/")
    form = page.locator("form.timeline-filter")
    assert form.is_visible()
    total = len(RECORD.events)
    reported = sum(1 for e in RECORD.events if e.evidence == "report")
    assert 0 < reported < total
    _wait_for_text(form.locator("output"), f"{total} of {total} events shown")
    form.locator('input[value="report"]').uncheck()
    _wait_for_text(form.locator("output"), f"{total - reported} of {total} events shown")
    for event in RECORD.events:
        visible = page.locator(f"article#{event.id}").is_visible()
        assert visible == (event.evidence != "report"), event.id
    form.locator('input[value="inferred"]').uncheck()
    shown = sum(1 for e in RECORD.events if e.evidence != "report" and e.date.stated)
    _wait_for_text(form.locator("output"), f"{shown} of {total} events shown")
    assert page.errors == []


def _fragment_links(site) -> list[str]:
    """Every claim link (on the timeline) and every paragraph's own link (on the source pages)
    that carries a text fragment, as site-relative URLs."""
    import re
    from urllib.parse import urljoin

    links = []
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'class="claim-link" href="([^"]+)"', timeline):
        links.append(urljoin("timeline/", href.replace("&amp;", "&")))
    for source in RECORD.sources:
        page_html = (site / "sources" / source / "index.html").read_text(encoding="utf-8")
        for href in re.findall(r'<p class="para-links"><a href="([^"]+)"', page_html):
            links.append(urljoin(f"sources/{source}/", href.replace("&amp;", "&")))
    return [link for link in links if ":~:text=" in link]


def test_every_text_fragment_lands_with_the_stylesheet_off(browser, server, site):
    """Each claim's and each paragraph's link highlights its quote by the page's structure
    alone. Opened with no stylesheet and no script, and without the paragraph's id (so that
    only the text can move the page), the browser scrolls to the quote: to the paragraph the
    link names. A text it does not find leaves the page at its top."""
    links = _fragment_links(site)
    assert len(links) > 400
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 300}
    )
    context.route("**/*.css", lambda route: route.abort())
    page = context.new_page()
    missed = []
    try:
        # the check itself: a text no page holds leaves the page at its top
        page.goto(f"{server}sources/vfront-2013/#:~:text=zzzq%20never%20written", wait_until="load")
        assert page.evaluate("() => window.scrollY") == 0
        for link in links:
            address, fragment = link.split("#", 1)
            anchor, directive = fragment.split(":~:", 1)
            page.goto(f"{server}{address}#:~:{directive}", wait_until="load")
            landed = page.evaluate(
                """id => {
                    const box = document.getElementById(id).getBoundingClientRect();
                    return window.scrollY > 0 && box.bottom > 0 && box.top < window.innerHeight;
                }""",
                anchor,
            )
            if not landed:
                missed.append(link)
    finally:
        context.close()
    assert missed == [], f"{len(missed)} of {len(links)} links do not land: {missed[:5]}"
