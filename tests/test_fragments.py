"""Links that highlight the quote: URL text fragments built by the spec, unique on our page."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote, urljoin

from conftest import RECORD, Page, problems_of
from record.render.fragments import (
    PageText,
    TextFragment,
    encode_term,
    fragment_for,
    unique_fragment,
)


def parse_directive(fragment: str) -> dict:
    """Read '#id:~:text=[prefix-,]start[,end][,-suffix]' the way the spec describes it."""
    element, _, directive = fragment.partition(":~:")
    assert directive.startswith("text="), fragment
    terms = directive[len("text=") :].split(",")
    parsed = {"id": element, "prefix": "", "suffix": "", "end": ""}
    if terms[0].endswith("-"):
        parsed["prefix"] = unquote(terms.pop(0)[:-1])
    if terms[-1].startswith("-"):
        parsed["suffix"] = unquote(terms.pop()[1:])
    parsed["start"] = unquote(terms[0])
    if len(terms) == 2:
        parsed["end"] = unquote(terms[1])
    assert len(terms) <= 2, fragment
    return parsed


def visible_text(html: str) -> str:
    # Only what is rendered as text: no scripts, styles or attributes.
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(" ".join(Page(html).text_parts).split()).casefold()


def matches(page: str, d: dict) -> int:
    start, end, prefix = d["start"].casefold(), d["end"].casefold(), d["prefix"].casefold()
    count, at = 0, page.find(start)
    while at >= 0:
        prefix_ok = not prefix or page[:at].rstrip().endswith(prefix)
        if prefix_ok and (not end or page.find(end, at) >= 0):
            count += 1
        at = page.find(start, at + 1)
    return count


def test_terms_are_percent_encoded_so_syntax_characters_stay_text():
    assert encode_term("a-b, c&d") == "a%2Db%2C%20c%26d"
    assert TextFragment("it’s", prefix="said").directive() == ":~:text=said-,it%E2%80%99s"


def test_every_claim_link_highlights_text_found_exactly_once_on_our_page(site):
    cache: dict[str, str] = {}
    checked = 0
    for event in RECORD.events:
        html = (site / "timeline" / event.id / "index.html").read_text()
        for href in re.findall(r'class="claim-link" href="([^"]+)"', html):
            href = href.replace("&amp;", "&")
            target = urljoin(f"http://x/timeline/{event.id}/", href.split("#")[0])
            target = target[len("http://x/") :]
            if target not in cache:
                cache[target] = visible_text((site / target / "index.html").read_text())
            directive = parse_directive(href.split("#", 1)[1])
            assert matches(cache[target], directive) == 1, (event.id, directive)
            checked += 1
    assert checked == len(RECORD.claims)


def test_the_original_and_the_archive_get_a_link_too(files):
    page = files["timeline/amsden-answers-venturecake.md"]
    assert 'href="http://www.venturecake.com/the-vmware-house-of-cards/#:~:text=' in page
    assert "original (site gone)" in page
    archive = (
        "https://web.archive.org/web/2007/http://www.venturecake.com/the-vmware-house-of-cards/"
    )
    assert f'href="{archive}"' in page


def test_every_paragraph_offers_its_three_links(files):
    page = files["sources/register-2007.md"]
    paragraphs = RECORD.sources["register-2007"].paragraphs
    for block in paragraphs:
        assert f'data-passage="{block.anchor}"' in page
    assert page.count('class="para-links"') == len(paragraphs)
    for block in paragraphs:  # each link named by its paragraph, for screen readers
        number = block.anchor[1:]
        assert f'aria-label="Paragraph {number} on the original page"' in page
        assert f'aria-label="Link to paragraph {number}"' in page
        assert f'aria-label="Cite paragraph {number}"' in page


def test_a_fragment_matches_only_at_word_boundaries_as_browsers_do():
    """A browser does not find "VMware" inside "VMwareCited": the build counts as it does."""
    page = PageText("It is VMwareCited by: an event. VMware is a company.")
    assert fragment_for("VMware").count_in(page) == 1
    assert fragment_for("VMware is").count_in(page) == 1
    assert TextFragment("It is", "company").count_in(page) == 1


def test_a_short_quote_gets_a_prefix_from_the_words_before_it():
    page = PageText("Intro. 12 He said no. 13 She said no.")
    fragment = unique_fragment("no.", "She said", page)
    assert fragment.prefix == "said" or fragment.prefix == "She said"
    assert fragment.count_in(page) == 1


def test_a_quote_that_cannot_be_made_unique_stops_the_build(project):
    """An event title that repeats a quote with the eight words before it: the title is shown
    under the paragraph ("Cited by"), so no prefix the link may carry makes the quote unique."""
    claim = next(c for c in RECORD.claims if len(c.before.split()) >= 8)
    title = " ".join(claim.before.split()[-8:] + [claim.exact])
    path = project / "timeline.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = claim.event.line_of("title") - 1
    indent, key, _old_title = lines[at].partition("title:")
    assert key and not indent.strip(), lines[at]
    lines[at] = f"{indent}title: {json.dumps(title)}"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = problems_of(project)
    assert f"timeline.yaml:{claim.claim.line_of('quote')}" in report
    assert f"event '{claim.event.id}', claim #{claim.number}" in report
    assert "so a link cannot highlight it" in report and "Quote a longer passage" in report
