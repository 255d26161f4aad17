"""The analysis layer: where the texts disagree, the question side by side, how words travelled,
the glossary, the timeline by facet, and the events after the corpus. Every quote verbatim, every
entry linked both ways, no verdict, external events on references of their publishers."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import jsonschema
import pytest

from conftest import RECORD, Page, page, problems_of
from record.render.analysis import aligned
from record.text import fold

ANALYSIS = RECORD.analysis


def body(files, path: str) -> str:
    text = files[path]
    return text[text.index("\n---\n", 4) + 5 :]


def entries():
    return [(kind, entry) for _, kind, entry in ANALYSIS.entries()]


# --- the pages and their entries -------------------------------------------------------------


def test_the_four_analysis_pages_hold_every_entry_under_its_own_anchor(site):
    pages = {
        "discrepancy": page(site, "discrepancies"),
        "argument": page(site, "question"),
        "architecture": page(site, "question"),
        "quotation": page(site, "quotations"),
        "term": page(site, "glossary"),
    }
    for kind, entry in entries():
        assert entry.id in pages[kind].ids, (kind, entry.id)
    assert len(ANALYSIS.discrepancies) > 20
    assert {d.kind for d in ANALYSIS.discrepancies} >= {"spelling", "technical", "misquotation"}
    assert len(ANALYSIS.arguments) > 10 and len(ANALYSIS.terms) > 15
    assert len(ANALYSIS.quotations) >= 3


def test_every_passage_of_the_analysis_is_verbatim_in_its_captured_text():
    placed = [p for group in RECORD.passages.values() for p in group]
    assert len(placed) == sum(len(e.passages) for _, e in entries())
    for linked in placed:
        assert fold(linked.passage.quote) in fold(linked.source.raw_text)
        assert fold(linked.exact) == fold(linked.passage.quote)


def test_a_broken_quote_in_the_analysis_stops_the_build_naming_file_entry_and_what_to_do(project):
    path = project / "analysis" / "discrepancies.yaml"
    text = path.read_text(encoding="utf-8")
    first = ANALYSIS.discrepancies[0].passages[0].quote
    assert first in text
    path.write_text(text.replace(first, first.replace("the", "a", 1), 1), encoding="utf-8")
    report = problems_of(project)
    entry = f"discrepancy '{ANALYSIS.discrepancies[0].id}', passage #1"
    assert "analysis/discrepancies.yaml:" in report and entry in report
    assert "quote not found in source" in report and "Copy the quote verbatim" in report


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        (
            "arguments.yaml",
            "    answers: []\n",
            "    answers: [no-such-argument]\n",
            "unknown answer 'no-such-argument' under answers:",
        ),
        (
            "discrepancies.yaml",
            "    events: [venturecake-house-of-cards-published",
            "    events: [no-such-event, venturecake-house-of-cards-published",
            "unknown event 'no-such-event' under events:",
        ),
        (
            "discrepancies.yaml",
            "    kind: misquotation\n",
            "    kind: opinion\n",
            "kind 'opinion' is not one of: spelling, date",
        ),
        ("glossary.yaml", "  - id: vmkernel\n", "  - id: VMkernel\n", "is not a lowercase slug"),
    ],
)
def test_a_wrong_reference_in_the_analysis_is_reported_where_it_is(project, file, old, new, says):
    path = project / "analysis" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = problems_of(project)
    assert f"analysis/{file}:" in report and says in report, report


# --- linked both ways ------------------------------------------------------------------------


def test_every_entry_links_to_what_it_names_and_is_linked_back(files):
    """An event, person or term an entry names shows a link to the entry; each quoted paragraph
    shows the entry among what cites it."""
    urls = {
        "discrepancy": "discrepancies/",
        "argument": "question/",
        "quotation": "quotations/",
        "term": "glossary/",
    }
    for kind, entry in entries():
        if kind not in urls:
            continue
        target = f"{urls[kind]}#{entry.id}"
        for event_id in getattr(entry, "events", []):
            assert f'href="../../{target}"' in files[f"timeline/{event_id}.md"], (
                entry.id,
                event_id,
            )
        for person in getattr(entry, "people", []) or []:
            folder = "people" if person in RECORD.people else "organizations"
            assert f'href="../../{target}"' in files[f"{folder}/{person}.md"], (entry.id, person)
        for linked in RECORD.passages_of(kind, entry.id):
            source_page = Page(body(files, f"sources/{linked.source.id}.md"))
            hrefs = [href for href, _ in source_page.links]
            assert f"../../{target}" in hrefs, (entry.id, linked.block.anchor)
    glossary = body(files, "glossary/index.md")
    for discrepancy in ANALYSIS.discrepancies:
        for term in discrepancy.terms:
            section = glossary[glossary.index(f"{{#{term}}}") :]
            section = section[: section.find("\n## ") if "\n## " in section else None]
            assert f'href="../discrepancies/#{discrepancy.id}"' in section, (term, discrepancy.id)


def test_each_argument_sits_beside_the_answers_it_drew(site):
    """Each argument lists the arguments that answer it ("Answered by"), and each answer says
    what it answers; an answer in the same topic is set under the first argument it answers."""
    question = page(site, "question")
    answered = [(a, b) for b in ANALYSIS.arguments for a in b.answers]
    assert len(answered) > 5
    for target, reply in answered:
        target_links = [h for h, _ in Page(_element_html(site, target)).links]
        reply_links = [h for h, _ in Page(_element_html(site, reply.id)).links]
        assert f"#{reply.id}" in target_links, (target, reply.id)
        assert f"#{target}" in reply_links, (target, reply.id)
    assert all(a.id in question.ids for a in ANALYSIS.arguments)


def _element_html(site, element_id: str) -> str:
    """The HTML of the <li> with ``element_id`` on the question page, its answers included."""
    html = (site / "question" / "index.html").read_text(encoding="utf-8")
    start = html.rfind("<li", 0, html.index(f'id="{element_id}"') + 1)
    depth = 0
    for match in re.finditer(r"<(/?)li\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html[start : start + match.end()]
    return html[start:]


def test_the_version_map_says_which_arguments_are_about_which_esx(site):
    question = page(site, "question")
    for architecture in ANALYSIS.architectures:
        assert architecture.id in question.ids
    about = {a for argument in ANALYSIS.arguments for a in argument.architectures}
    assert about == {a.id for a in ANALYSIS.architectures}


# --- how words travelled -------------------------------------------------------------------------


def test_versions_are_aligned_word_by_word_and_typography_is_not_a_difference():
    marked = aligned(
        "stop abusing the Linux code in your project so I don’t",
        "stop abusing the Linux code in your projects so I don't",
    )
    assert "<del" in marked and ">project</del>" in marked and ">projects</ins>" in marked
    assert "don&#x27;t" in marked and "<ins" not in marked.split("projects")[1]


def test_each_quotation_lists_its_versions_earliest_first(files):
    text = body(files, "quotations/index.md")
    for quotation in ANALYSIS.quotations:
        section = text[text.index(f"{{#{quotation.id}}}") :]
        versions = RECORD.passages_of("quotation", quotation.id)
        dates = []
        for linked in versions:
            comment = linked.source.comment_of(linked.block)
            date = comment.date if comment and comment.date else linked.source.prov.published
            dates.append((date.sort_key(), section.index(linked.url.split("#")[1] + ":~:")))
        ordered = [place for _, place in sorted(dates)]
        assert ordered == sorted(ordered), quotation.id


# --- the glossary in our prose --------------------------------------------------------------------


def test_a_terms_first_use_in_our_prose_links_to_the_glossary_and_quotes_are_untouched(files):
    timeline = body(files, "timeline/index.md")
    linked_terms = re.findall(r'class="glossary-term" href="\.\./glossary/#([a-z0-9-]+)"', timeline)
    assert linked_terms and len(linked_terms) == len(set(linked_terms))  # first use only
    for quote in re.findall(r'<blockquote class="claim-quote">(.*?)</blockquote>', timeline):
        assert "glossary-term" not in quote
    for heading in re.findall(r"^#+ .*$", timeline, re.M):
        assert "glossary-term" not in heading


# --- the timeline by facet ------------------------------------------------------------------------


def test_facet_pages_list_exactly_their_events_without_script(files):
    for thread in RECORD.timeline.threads:
        text = body(files, f"timeline-by/thread-{thread.id}.md")
        shown = re.findall(r'href="\.\./\.\./timeline/([a-z0-9-]+)/"', text)
        assert shown == [e.id for e in RECORD.events if e.thread == thread.id], thread.id
    after = body(files, "timeline-by/corpus-after.md")
    shown = re.findall(r'href="\.\./\.\./timeline/([a-z0-9-]+)/"', after)
    assert shown == [e.id for e in RECORD.events if e.external] and shown
    assert "<script" not in after


# --- after the corpus -------------------------------------------------------------------------


# Who publishes at which address: a reference must point at its publisher's own pages.
PUBLISHER_HOSTS = {
    "Software Freedom Conservancy": ("sfconservancy.org",),
    "Golem.de": ("golem.de",),
    "heise online": ("heise.de",),
    "ifrOSS": ("ifross.org",),
    "VMware": ("broadcom.com", "vmware.com"),
    "The IPKat": ("ipkitten.blogspot.com",),
    "LWN.net": ("lwn.net",),
    "Linux Magazine": ("linux-magazine.com",),
    "damm-it-recht.de": ("damm-it-recht.de",),
}


def test_events_after_the_corpus_rest_on_references_of_their_publishers(files):
    external = [e for e in RECORD.events if e.external]
    assert len(external) >= 4
    for event in external:
        assert not event.claims  # never mixed with claims of the corpus
        assert event.thread == "after-the-corpus"
        for ref in event.references:
            host = urlparse(ref.url).hostname or ""
            assert ref.publisher in PUBLISHER_HOSTS, f"add {ref.publisher!r} to PUBLISHER_HOSTS"
            assert any(
                host == h or host.endswith("." + h) for h in PUBLISHER_HOSTS[ref.publisher]
            ), (event.id, ref.publisher, ref.url)
            assert ref.title and ref.language
        text = body(files, f"timeline/{event.id}.md")
        assert "From outside the corpus." in text and "from outside the corpus" in text
    last_inside = max(i for i, e in enumerate(RECORD.events) if not e.external)
    first_after = min(i for i, e in enumerate(RECORD.events) if e.external)
    assert first_after > last_inside  # after the corpus, in time as on the page


# --- no verdict ---------------------------------------------------------------------------------

# Words that would give the record's own verdict, or judge a side, in our prose.
VERDICT = re.compile(
    r"\b(?:is (?:not )?a derived work|proves?|disproves?|debunk\w*|refut\w*|correctly|wrongly|"
    r"rightly|mistaken(?:ly)?|in fact|clearly (?:is|was)|settles? the question)\b",
    re.I,
)


# Our prose may say what a text argues ("Amsden argues that the vmkernel is not a derived work"):
# a sentence with verdict words must say whose view it is.
ATTRIBUTED = re.compile(
    r"\b(?:argu\w*|says?|said|writes?|wrote|claims?|holds?|asks?|alleg\w*|contends?|calls?|"
    r"consider\w*|repl\w*|answer\w*|suggests?|accord\w*|whether|view|reads?|sees?|denies|"
    r"insists?|maintains?|concludes?|reason\w*|believes?|doubts?|suspects?|disput\w*|"
    r"question)\b",
    re.I,
)


def _our_prose(markdown: str) -> str:
    """A page's text without what it quotes (claims, versions, quoted passages, titles)."""
    text = re.sub(r"<blockquote.*?</blockquote>", " ", markdown, flags=re.S)
    text = re.sub(r"<q>.*?</q>|“[^”]*”|\"[^\"]*\"", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_our_prose_on_the_analysis_pages_gives_no_verdict(files):
    for path in (
        "discrepancies/index.md",
        "question/index.md",
        "quotations/index.md",
        "glossary/index.md",
    ):
        prose = " ".join(_our_prose(body(files, path)).split())
        unattributed = [
            sentence
            for sentence in re.split(r"(?<=[.!?])\s+", prose)
            if VERDICT.search(sentence) and not ATTRIBUTED.search(sentence)
        ]
        assert not unattributed, (path, unattributed[:5])


# --- data ---------------------------------------------------------------------------------------


def test_the_analysis_is_in_the_data_files_and_validates(files):
    analysis = json.loads(files["data/analysis.json"])
    schema = json.loads(files["data/analysis.schema.json"])
    jsonschema.Draft202012Validator(schema).validate(analysis)
    assert len(analysis["analysis"]["discrepancies"]) == len(ANALYSIS.discrepancies)
    discrepancies = json.loads(files["data/discrepancies.json"])
    jsonschema.Draft202012Validator(json.loads(files["data/discrepancies.schema.json"])).validate(
        discrepancies
    )
    timeline = json.loads(files["data/timeline.json"])
    assert timeline["analysis"] == analysis["analysis"]
    external = [e for e in timeline["events"] if e["references"]]
    assert external and all(e["claims"] == [] for e in external)


def test_the_analysis_pages_are_in_the_search_index(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"discrepancies/", "question/", "quotations/", "glossary/"} <= locations
