"""In a real browser: open the timeline, follow a claim, find the quoted passage on screen."""
from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ROOT

from record.build import load_record

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _browser_or_skip():
    missing = None
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed (run 'make test', which installs it)"
    if not missing and not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing = f"no chromium at {CHROMIUM}: install it with 'sudo apt-get install chromium'"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser_page():
    _browser_or_skip()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.requests = requests
        yield page
        browser.close()


def test_following_a_claim_shows_the_quoted_passage(server, browser_page):
    record = load_record(ROOT)
    event = next(e for e in record.events if e.id == "hellwig-replies-to-amsden-on-lkml")
    claim = record.claims_of(event)[0]
    page = browser_page
    page.goto(server + "timeline/")
    article = page.locator(f"article#{event.id}")
    assert "August 2006" in article.locator("time").inner_text()
    link = article.locator("p.claim-source a").first
    link.click()
    page.wait_for_url(f"**/sources/{claim.source.id}/#{claim.block.anchor}")
    paragraph = page.locator(f"#{claim.block.anchor}")
    assert paragraph.is_visible()
    assert " ".join(claim.claim.quote.split())[:40] in " ".join(paragraph.inner_text().split())
    box = paragraph.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, "the quoted paragraph is scrolled into view"
    # The paragraph the link points at is highlighted (CSS :target).
    background = paragraph.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # ... and it links back to the event that cites it.
    back = paragraph.locator(".cited-by a", has_text=event.title)
    back.click()
    page.wait_for_url(f"**/timeline/{event.id}/")
    assert event.title in page.locator("h1").inner_text()


def test_pages_request_nothing_from_other_hosts(server, browser_page):
    page = browser_page
    page.requests.clear()
    for url in ("", "timeline/", "sources/venturecake-2007/", "people/christoph-hellwig/"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    foreign = [u for u in page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert foreign == []


def test_markup_in_a_comment_reads_as_text(server, browser_page):
    page = browser_page
    page.goto(server + "sources/register-2007/")
    assert page.get_by_text("<quote>Linux runs the World Wide Web</quote>").count() == 1
