"""Cite step: ready-to-paste citations of the original sources, their passages and our events.

Eight formats, each following its published rules (see ``FORMATS``). Sources are cited as
their ORIGINAL publication (author, title, outlet, date at its true precision, original
URL); this site's copy is given as the archived copy wherever the format has a place for
one. Events are cited as our own pages.

The access date a citation needs is never written in: it is left as a token
(``access_token(style)``) that the reader's browser replaces by today's date
(docs/javascripts/cite.js), or ``fill_access`` by a given date. Formats and styles that do
not call for an access date get no token.

Every string is complete and escaped for its format; captured text is data, never markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..dates import MONTHS, RecordDate
from ..link import Record
from ..load.sources import Block, Source
from ..load.timeline import Event
from ..site import Site, event_url, paragraph_url, source_url

# --- access dates ---------------------------------------------------------------------------

TOKEN_START, TOKEN_END = "\ue000", "\ue001"  # Unicode private-use characters: never in real text
TOKEN = re.compile("\ue000([a-z]+)\ue001")
MLA_MONTHS = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
ACCESS_STYLES = ("chicago", "apa", "mla", "iso", "ris", "csl")


def access_token(style: str) -> str:
    """The placeholder for an access date in ``style`` (one of ``ACCESS_STYLES``)."""
    if style not in ACCESS_STYLES:
        raise ValueError(f"unknown access-date style {style!r}")
    return TOKEN_START + style + TOKEN_END


def format_access(style: str, date) -> str:
    """An access date as each format writes it: November 21, 2026 / 21 Nov. 2026 / 2026-11-21 ..."""
    y, m, d = date.year, date.month, date.day
    if style in ("chicago", "apa"):
        return f"{MONTHS[m - 1]} {d}, {y}"
    if style == "mla":
        return f"{d} {MLA_MONTHS[m - 1]} {y}"
    if style == "iso":
        return f"{y:04d}-{m:02d}-{d:02d}"
    if style == "ris":
        return f"{y:04d}/{m:02d}/{d:02d}"
    if style == "csl":
        return f"{y}, {m}, {d}"  # inside "date-parts": [[...]]
    raise ValueError(f"unknown access-date style {style!r}")


def fill_access(text: str, date) -> str:
    """Replace every access-date token in ``text`` by ``date`` in the token's style."""
    return TOKEN.sub(lambda match: format_access(match.group(1), date), text)


# --- the facts a citation is made of ----------------------------------------------------------


def _date_chicago(parts: tuple[int, ...]) -> str:  # August 13, 2007 / August 2013 / 2007
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    return f"{MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) == 2 else str(parts[0])


def _date_apa(parts: tuple[int, ...]) -> str:  # 2007, August 13 / 2013, August / 2007
    if len(parts) == 3:
        return f"{parts[0]}, {MONTHS[parts[1] - 1]} {parts[2]}"
    return f"{parts[0]}, {MONTHS[parts[1] - 1]}" if len(parts) == 2 else str(parts[0])


def _date_mla(parts: tuple[int, ...]) -> str:  # 13 Aug. 2007 / Aug. 2013 / 2007
    if len(parts) == 3:
        return f"{parts[2]} {MLA_MONTHS[parts[1] - 1]} {parts[0]}"
    return f"{MLA_MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) == 2 else str(parts[0])


def _date_wiki(parts: tuple[int, ...]) -> str:
    """CS1 accepts 2007-08-13 (shown in the article's date style) but not 2013-08: write 'August
    2013'."""
    if len(parts) == 3:
        return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    return f"{MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) == 2 else str(parts[0])


def _date_ris(parts: tuple[int, ...]) -> str:  # 2007/08/13 / 2013/08 / 2007
    return "/".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])


def _iso(parts: tuple[int, ...]) -> str:  # 2007-08-13 / 2013-08 / 2007
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])


def _words(date: RecordDate, write: Callable[[tuple[int, ...]], str], likely: str) -> str:
    """A date in a prose style's words, never more certain than the data: 'likely March 5,
    2015', 'undated, on or after August 18, 2007', 'between August 18, 2007, and August 22,
    2007'. ``likely`` is the style's word for an uncertain date."""
    if date.kind == "date":
        text = write(date.start.parts)
        return f"{likely} {text}" if date.start.qualifier else text
    start = write(date.start.parts) if date.start else ""
    end = write(date.end.parts) if date.end else ""
    if date.kind == "interval":
        return f"{start or '…'} to {end or '…'}"
    if not date.start:
        return f"undated, on or before {end}"
    if not date.end:
        return f"undated, on or after {start}"
    return f"undated, between {start} and {end}"


def _date_note(date: RecordDate, basis: str | None) -> str:
    """The words a data format's note gives for a date no text states."""
    return f"Date {date.display()}" + (f" ({basis})" if basis else "") + "."


# Our private-use characters (access-date tokens, the stand-ins of passage_citations), should
# captured text or the data ever hold them.
_OURS = re.compile("[\ue000-\ue002\ue010\ue011]")


def _clean(text) -> str:
    """Data as one line of text: whitespace folded, our private-use token characters dropped."""
    return " ".join(_OURS.sub("", str(text)).split())


class _Name:
    """A personal name as the byline gives it, split into given and family names. An inferred
    name (``basis``: why we give it) is written in brackets, as supplied information is."""

    def __init__(self, full: str, basis: str | None = None):
        self.full = _clean(full)
        self.basis = _clean(basis) if basis else None
        given, _, family = self.full.rpartition(" ")
        if "," in self.full or re.search(r"\band\b", self.full, re.IGNORECASE):
            # Not a given and a family name ("Research and Development Team"): one literal name,
            # which BibTeX must not split at "and" and the styles must not invert.
            given, family = "", self.full
        self.given, self.family = given, family  # "Mike MacCana" -> ("Mike", "MacCana")

    @property
    def inferred(self) -> bool:
        return self.basis is not None

    def _mark(self, text: str) -> str:
        return f"[{text}]" if self.inferred else text

    @property
    def shown(self) -> str:  # Mike MacCana / [Gordon Haff]
        return self._mark(self.full)

    @property
    def inverted(self) -> str:  # MacCana, Mike
        return self._mark(f"{self.family}, {self.given}" if self.given else self.family)

    @property
    def initials(self) -> str:  # MacCana, M.  (APA; Jean-Paul -> J.-P.)
        if not self.given:
            return self._mark(self.family)
        parts = []
        for word in self.given.split():
            parts.append("-".join(f"{piece[0]}." for piece in word.split("-") if piece))
        return self._mark(f"{self.family}, {' '.join(parts)}")


@dataclass
class _Comment:
    """What a citation of a reader comment adds: the comment's opening words and the work it is
    a comment on (the article, with its own author and date)."""

    opening: str  # its first words (APA cites a comment by up to its first 20 words)
    on: _Work
    number: str  # "2.1"


@dataclass
class _Repost:
    outlet: str
    date: RecordDate | None
    date_note: str | None


class _Work:
    """What a citation says about one item, whatever the format."""

    def __init__(
        self,
        *,
        key: str,
        kind: str,
        title: str,
        container: str,
        authors: list[_Name],
        date: RecordDate | None,
        url: str,
        archive_url: str | None = None,
        archive_date: tuple[int, ...] | None = None,
        archive_name: str = "",
        dead: bool | None = None,
        quote: str | None = None,
        site_as_author: bool = False,
        date_basis: str | None = None,
        comment: _Comment | None = None,
        repost: _Repost | None = None,
    ):
        self.key, self.kind, self.title, self.container = key, kind, title, container
        self.authors, self.date, self.url = authors, date, url
        self.archive_url, self.archive_date, self.archive_name = (
            archive_url,
            archive_date,
            archive_name,
        )
        self.dead, self.quote, self.site_as_author = dead, quote, site_as_author
        self.date_basis, self.comment, self.repost = date_basis, comment, repost
        self.title_sentence = title  # APA's sentence case (set from the source's own text)
        self.page_date: str | None = None  # our pages: the build's date, where a format needs one

    @property
    def is_news(self) -> bool:
        return self.kind == "news article"

    @property
    def is_blog(self) -> bool:
        return self.kind != "news article" and self.kind != "web page"

    @property
    def stated_date(self) -> bool:
        return self.date is not None and self.date.stated

    def notes(self) -> list[str]:
        """What a data format's note must say so that nothing inferred passes for captured."""
        out = []
        for name in self.authors:
            if name.inferred:
                out.append(f"Author {name.full} inferred: {name.basis.removeprefix('inferred: ')}.")
        if self.date is not None and not self.date.stated:
            out.append(_date_note(self.date, self.date_basis))
        if self.comment is not None and not self.authors:
            out.append("The commenter's name is not captured.")
        if self.repost is not None:
            first = f", {self.repost.date.display()}" if self.repost.date else ""
            out.append(f"Repost; first published in {self.repost.outlet}{first}: {self.url}.")
        return out

    @property
    def data_url(self) -> str:
        """The URL a data format files the item under: a repost's own address may be unknown, and
        the original's address belongs to the original, so a repost is filed under our copy of
        it (the original's address is in the note)."""
        return self.archive_url if self.repost and self.archive_url else self.url


_OPENING_WORDS = 20  # APA 7 (10.1): a comment is cited by up to its first 20 words


def _opening(text: str) -> str:
    words = _clean(text).split(" ")
    return " ".join(words[:_OPENING_WORDS]) + ("…" if len(words) > _OPENING_WORDS else "")


def _article_work(source: Source, site: Site) -> _Work:
    """The source as published: its writers, outlet, date, original address."""
    prov = source.prov
    authors = [_Name(a.name, a.basis) for a in prov.authors if a.role != "reposter"]
    repost = prov.reposted_from
    work = _Work(
        key=source.id,
        kind=prov.kind,
        title=_clean(prov.title),
        container=_clean(prov.outlet),
        authors=authors,
        date=prov.published,
        url=_clean(prov.original_url),
        archive_url=site.absolute(source_url(source.id)),
        archive_date=prov.added.parts,
        archive_name=_clean(site.name),
        dead={"gone": True, "live": False}.get(prov.original_status),
        date_basis=prov.published_note,
        repost=_Repost(_clean(repost.outlet), repost.date, repost.date_note) if repost else None,
    )
    work.title_sentence = _sentence_title(source)
    return work


@lru_cache(maxsize=256)
def _sentence_title_of(title: str, text: str) -> str:
    return sentence_case(title, text)


def _sentence_title(source: Source) -> str:
    return _sentence_title_of(_clean(source.prov.title), source.raw_text)


def _source_work(source: Source, site: Site, passage: Block | None, quote: str | None) -> _Work:
    """The source, or one passage of it: a passage of a reader comment is cited as the comment,
    under its commenter and its own date, as a comment on the article."""
    work = _article_work(source, site)
    if passage is None:
        return work
    work.key = f"{source.id}-{passage.anchor}"
    work.archive_url = site.absolute(paragraph_url(source.id, passage.anchor))
    work.quote = _clean(quote) if quote else None
    if source.by_reposter(passage):  # the reposter's own line: theirs, not the note's
        work.authors = [_Name(a.name) for a in source.prov.authors if a.role == "reposter"]
        work.url, work.repost, work.date_basis = work.archive_url, None, None
        return work
    comment = source.comment_of(passage)
    if comment is None:
        return work
    first = next(b for b in source.paragraphs if b.comment == comment.id)
    writer = (
        [_Name(comment.writer, None if comment.author else comment.author_basis)]
        if comment.writer
        else []
    )
    url = work.url
    if comment.original_anchor and url and not work.repost:
        url = f"{url}#{comment.original_anchor}"
    article = work
    return _Work(
        key=work.key,
        kind=work.kind,
        title=article.title,
        container=article.container,
        authors=writer,
        date=comment.date,
        url=url,
        archive_url=work.archive_url,
        archive_date=work.archive_date,
        archive_name=work.archive_name,
        dead=work.dead,
        quote=work.quote,
        date_basis=comment.date_basis,
        comment=_Comment(_opening(first.text), article, comment.number),
    )


def _event_work(event: Event, site: Site) -> _Work:
    work = _Work(
        key=event.id,
        kind="web page",
        title=_clean(event.title),
        container=_clean(site.name),
        authors=[],
        date=None,
        url=site.absolute(event_url(event.id)),
        site_as_author=True,
    )
    work.page_date = site.build_date.isoformat()  # biblatex needs a date: this version's
    return work


# --- titles in headline style (Chicago 8.159, MLA 9 2.90) ------------------------------------

_PREPOSITIONS = set(
    """about above across after against along amid among around at before behind below beneath
    beside besides between beyond by concerning despite down during except for from in inside into
    like near of off on onto out outside over past per regarding since than through throughout till
    to toward towards under underneath unlike until up upon via with within without""".split()
)
_MINOR = {
    "chicago": _PREPOSITIONS | {"a", "an", "the", "and", "but", "for", "or", "nor", "as"},
    "mla": _PREPOSITIONS | {"a", "an", "the", "and", "but", "for", "or", "nor", "so", "yet", "as"},
}
_BREAK_AFTER = (":", "?", "!", ".", "—", "–")
_EDGE = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.UNICODE)


def _headline_word(core: str, minor: set[str], force: bool) -> str:
    if not core or not any(c.isalpha() for c in core):
        return core
    if (
        any(c.isupper() for c in core[1:])
        or any(c.isdigit() for c in core)
        or "." in core.strip(".")
    ):
        return core  # VMware, ESXi, GPL, 5.1, v-front.de: written as their owners write them
    if "-" in core:
        first, *rest = core.split("-")
        return "-".join(
            [_headline_word(first, minor, force)] + [_headline_word(p, minor, False) for p in rest]
        )
    if core.lower() in minor and not force:
        return core.lower()
    return core[0].upper() + core[1:]


@lru_cache(maxsize=4096)
def headline(title: str, style: str = "chicago") -> str:
    """'Is VMware too close to Linux?' -> 'Is VMware Too Close to Linux?' (words with capitals
    kept)."""
    minor = _MINOR[style]
    words = title.split(" ")
    out = []
    for index, word in enumerate(words):
        lead, core, trail = _EDGE.match(word).groups()
        previous = words[index - 1] if index else ""
        force = (
            index == 0
            or index == len(words) - 1
            or previous.endswith(_BREAK_AFTER)
            or lead.endswith(
                ("—", "–", "‘", "“", "'", '"')
            )  # a quoted title inside: its first word
            or previous in ("—", "–", "-")
        )
        out.append(lead + _headline_word(core, minor, force) + trail)
    return " ".join(out)


@lru_cache(maxsize=1024)
def _nested_quotes(text: str) -> str:
    """Quotation marks inside a title that is itself in double quotes become single, curly ones."""
    out = []
    for i, ch in enumerate(text):
        if ch in "\"'“”‘’":
            opening = (
                i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–/"
            ) and ch not in "”’"
            if ch in "'’" and i and text[i - 1].isalnum():
                opening = False  # an apostrophe: Hellwig's -> Hellwig’s
            out.append("‘" if opening else "’")
        else:
            out.append(ch)
    return "".join(out)


_CLOSING_THEN_STOP = re.compile(r"([’”'\"]+)([,.])")


def american_punctuation(text: str) -> str:
    """Periods and commas inside closing quotation marks (CMOS 6.9, MLA 6.?, APA 6.10):
    'the note "VMware and the GPL", presumably' -> 'the note "VMware and the GPL," presumably'.
    An apostrophe closing a word (Torvalds') is not a quotation mark: left alone."""

    def inside(match: re.Match) -> str:
        quotes, stop = match.group(1), match.group(2)
        before = match.string[: match.start()]
        if quotes[0] in "’'" and before[-1:].isalpha() and not _opens_single(before):
            return match.group(0)  # an apostrophe (Torvalds', Hellwig’s): not a closing quote
        return stop + quotes

    return _CLOSING_THEN_STOP.sub(inside, text)


def _opens_single(before: str) -> bool:
    """Whether a single quotation mark is open at the end of ``before``."""
    return len(re.findall(r"(?:^|(?<=[\s(“\"]))[‘']", before)) > len(
        re.findall(r"[’'](?=[\s,.;:!?)”\"]|$)", before)
    )


def _quoted(title: str, style: str, then: str) -> str:
    """“Title,” / “Title.” with the punctuation inside (inside a nested quotation too: “… ‘The
    VMware House of Cards,’”); a final ? or ! takes no period (both styles) and keeps a
    following comma (CMOS 17 6.119)."""
    text = american_punctuation(_nested_quotes(headline(title, style)))
    if then == "." and text.endswith(("?", "!", ".", "?’", "!’", ".’")):
        return f"“{text}”"
    if text.endswith("’") and not text.endswith(("?’", "!’")):
        return f"“{text[:-1]}{then}’”"  # the stop goes inside the inner quotation as well
    return f"“{text}{then}”"


def _end(text: str) -> str:
    """Close a sentence-like element with a period unless it already ends in . ? or ! (inside a
    closing quotation mark too, where an added period also goes: ‘… of Cards.’)."""
    bare = text.rstrip("’”\"'")
    if bare.endswith((".", "?", "!")):
        return text
    if bare != text and not (text.endswith(("’", "'")) and bare[-1:].isalpha() and "‘" not in text):
        return bare + "." + text[len(bare) :]
    return text + "."


def _no_protocol(url: str) -> str:
    return re.sub(r"^https?://", "", url)


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _chicago_container(work: _Work) -> str:
    """Chicago drops an initial 'The' from newspaper titles (CMOS 14.172) and adds '(blog)' after a
    blog's name when the name does not say so (CMOS 14.208)."""
    name = work.container
    if work.is_news:
        name = re.sub(r"^The\s+", "", name)
    elif work.is_blog and "blog" not in name.lower() and "(" not in name:
        name += " (blog)"
    return name


# --- the eight formats ----------------------------------------------------------------------


def _names_note(work: _Work) -> str:  # Mike MacCana / Gordon Haff and David Marshall
    names = [a.shown for a in work.authors]
    return f"{names[0]} et al." if len(names) > 3 else _join_names(names)


def _article_by(work: _Work) -> str:
    """'Mike MacCana, ' before the article a comment is on (Chicago 14.209), or ''."""
    return f"{_names_note(work)}, " if work.authors else ""


def _repost_tail(work: _Work, write: Callable[[tuple[int, ...]], str], style: str) -> str:
    """'reposted from Illuminata Perspectives, undated, between ..., http://...': the original
    named as such, with its own address (a repost's own address may be unknown)."""
    repost = work.repost
    when = f", {_words(repost.date, write, 'likely')}" if repost.date else ""
    url = _no_protocol(work.url) if style == "mla" else work.url
    lead = "Originally published in" if style == "mla" else "reposted from"
    return f"{lead} {repost.outlet}{when}, {url}"


def chicago_note(work: _Work) -> str:
    if work.site_as_author:  # a page with no date: CMOS 14.206 "accessed" date
        return (
            f"{_quoted(work.title, 'chicago', ',')} {headline(work.container)}, "
            f"accessed {access_token('chicago')}, {work.url}."
        )
    if work.comment:  # CMOS 14.209: commenter, date, "comment on" the post, its details
        on = work.comment.on
        who = f"{_names_note(work)}, " if work.authors else "Comment (name not captured), "
        text = (
            f"{who}{_words(work.date, _date_chicago, 'likely') if work.date else 'undated'}, "
            f"comment on {_article_by(on)}{_quoted(on.title, 'chicago', ',')} "
            f"{_chicago_container(on)}, {_words(on.date, _date_chicago, 'likely')}, {work.url}"
        )
    else:
        parts = []
        if work.authors:
            parts.append(_names_note(work) + ",")
        parts.append(_quoted(work.title, "chicago", ","))
        when = _words(work.date, _date_chicago, "likely")
        if work.repost:  # the repost's outlet and date, then the original named as such
            tail = _repost_tail(work, _date_chicago, "chicago")
            parts.append(f"{_chicago_container(work)}, {when}, {tail}")
        else:
            parts.append(f"{_chicago_container(work)}, {when}, {work.url}")
        text = " ".join(parts)
    if work.archive_url:  # CMOS FAQ: "..., URL, archived <date>, at <archive>, URL."
        text += (
            f", archived {_date_chicago(work.archive_date)}, at {headline(work.archive_name)}, "
            f"{work.archive_url}"
        )
    return text + "."


def _chicago_author(work: _Work) -> str:
    """CMOS 14.76: first name inverted; 'Haff, Gordon, and David Marshall.'"""
    names = [work.authors[0].inverted] + [a.shown for a in work.authors[1:]]
    if len(names) > 10:
        return ", ".join(names[:7]) + ", et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + ", and " + names[-1]
    return names[0]


def chicago_bib(work: _Work) -> str:
    if work.site_as_author:  # CMOS 14.206: the site's owner stands as author in the bibliography
        return (
            f"{_end(headline(work.container))} {_quoted(work.title, 'chicago', '.')} "
            f"Accessed {access_token('chicago')}. {work.url}."
        )
    parts = []
    when = _words(work.date, _date_chicago, "likely") if work.date else "Undated"
    if work.comment:  # CMOS 14.209: a comment under its commenter, "Comment on" the post
        on = work.comment.on
        if work.authors:
            parts.append(_end(_chicago_author(work)))
        lead = "Comment on" if work.authors else "Comment (name not captured) on"
        parts.append(f"{lead} {_article_by(on)}{_quoted(on.title, 'chicago', '.')}")
        parts.append(f"{_chicago_container(on)}, {when}.")
        parts.append(f"{work.url}.")
    else:
        if work.authors:
            parts.append(_end(_chicago_author(work)))
            parts.append(_quoted(work.title, "chicago", "."))
            parts.append(f"{_chicago_container(work)}, {when}.")
        elif work.is_news:  # CMOS 14.207: the newspaper stands in place of the unknown author
            parts.append(_end(_chicago_container(work)))
            parts.append(_quoted(work.title, "chicago", "."))
            parts.append(f"{when}.")
        else:
            parts.append(_quoted(work.title, "chicago", "."))
            parts.append(f"{_chicago_container(work)}, {when}.")
        if work.repost:
            tail = _repost_tail(work, _date_chicago, "chicago")
            parts.append(_end(tail[0].upper() + tail[1:]))
        else:
            parts.append(f"{work.url}.")
    if work.archive_url:
        parts.append(
            f"Archived {_date_chicago(work.archive_date)}, at {headline(work.archive_name)}, "
            f"{work.archive_url}."
        )
    return " ".join(parts)


def sentence_case(title: str, text: str) -> str:
    """APA 7 (6.17): a title in sentence case. The first word and the first after a colon, ?
    or ! are capitalized; words with a capital after their first letter (VMware, ESXi) and
    all-capital words (GPL, FAQ) are kept; a capitalized word is lowered unless the source's own
    ``text`` writes it capitalized inside sentences more often than in lower case: proper nouns
    (Linux, Hamburg) are told apart by how the text itself writes them."""
    out, capital_next = [], True
    for word in title.split(" "):
        lead, core, trail = _EDGE.match(word).groups()
        if core:
            if capital_next:
                core = core[0].upper() + core[1:]
            elif core[0].isupper() and core[1:] == core[1:].lower():
                if not _proper(core, text):
                    core = core.lower()
            capital_next = trail.endswith((":", "?", "!"))
        out.append(lead + core + trail)
    return " ".join(out)


def _proper(word: str, text: str) -> bool:
    inside = len(re.findall(rf"(?<=[a-z,;] ){re.escape(word)}\b", text))
    lower = len(re.findall(rf"\b{re.escape(word.lower())}\b", text))
    return inside > lower


def apa(work: _Work) -> str:
    """APA 7: blog posts and online news articles are periodical articles (10.1): no retrieval
    date, since they are not designed to change; an undated page of ours gets n.d. and one
    (9.16). A comment (10.1, ex. 21) is cited by its first words, with a bracketed description."""
    stated = work.date is not None and (work.date.stated or work.date.kind == "date")
    if stated:
        parts = work.date.start.parts
        date = f"({'ca. ' if work.date.start.qualifier else ''}{_date_apa(parts)})."
    else:
        date = "(n.d.)."
    undated = (
        f"; {_words(work.date, _date_apa, 'ca.')}" if work.date is not None and not stated else ""
    )
    if work.site_as_author:  # group author = site name, so the site name is not repeated (10.16)
        retrieved = f"Retrieved {access_token('apa')}, from {work.url}"
        title = _end(american_punctuation(work.title_sentence))
        return f"{_end(work.container)} {date} {title} {retrieved}"
    names = [a.initials for a in work.authors]
    if len(names) == 1:
        author = names[0]
    elif len(names) <= 20:
        author = ", ".join(names[:-1]) + ", & " + names[-1] if names else ""
    else:
        author = ", ".join(names[:19]) + ", . . . " + names[-1]
    if work.comment:
        on = work.comment.on
        kind = "article" if on.is_news else "blog post"
        opening = work.comment.opening.removesuffix(".")  # the bracket comes before the period
        title = f"{opening} [Comment on the {kind} “{on.title_sentence}”{undated}]."
        container, url = _end(on.container), work.url
    else:
        title = _end(work.title_sentence)
        if undated:
            title = f"{title[:-1]} [{undated[2:]}]." if title.endswith(".") else title
        container, url = _end(work.container), work.url
        if work.repost:  # APA 9.41 (republished work): the original named at the end
            url = f"(Reposted from {work.repost.outlet}, {work.url})"
    if author:
        return f"{_end(author)} {date} {title} {container} {url}"
    return f"{title} {date} {container} {url}"  # no author: the title moves up (9.12)


def mla(work: _Work) -> str:
    """MLA 9: Author. “Title.” Container, date, location. Container 2, date, location. (URL
    without http(s)://, access date only for an undated page.) A comment: Commenter. Comment on
    “Title,” by Author. Container, date, location."""
    if work.site_as_author:  # an organization that publishes its own page is not named as author
        return (
            f"{_quoted(work.title, 'mla', '.')} {headline(work.container, 'mla')}, "
            f"{_no_protocol(work.url)}. Accessed {access_token('mla')}."
        )
    parts = []
    if work.authors:
        if len(work.authors) == 1:
            author = work.authors[0].inverted
        elif len(work.authors) == 2:
            author = f"{work.authors[0].inverted}, and {work.authors[1].shown}"
        else:
            author = f"{work.authors[0].inverted}, et al"
        parts.append(_end(author))
    when = _words(work.date, _date_mla, "likely") if work.date else "n.d."
    if work.comment:
        on = work.comment.on
        by = f" by {_names_note(on)}" if on.authors else ""
        lead = "Comment on" if work.authors else "Comment (name not captured) on"
        if by:
            parts.append(f"{lead} {_quoted(on.title, 'mla', ',')}{by}.")
        else:
            parts.append(f"{lead} {_quoted(on.title, 'mla', '.')}")
        parts.append(f"{on.container}, {when}, {_no_protocol(work.url)}.")
    elif work.repost:
        parts.append(_quoted(work.title, "mla", "."))
        parts.append(f"{work.container}, {when}. {_repost_tail(work, _date_mla, 'mla')}.")
    else:
        parts.append(_quoted(work.title, "mla", "."))
        parts.append(f"{work.container}, {when}, {_no_protocol(work.url)}.")
    if work.archive_url:  # the copy consulted, as a second container (MLA 9 2.116)
        parts.append(
            f"{headline(work.archive_name, 'mla')}, {_date_mla(work.archive_date)}, "
            f"{_no_protocol(work.archive_url)}."
        )
    return " ".join(parts)


_WIKI = {
    "|": "&#124;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "<": "&lt;",
    ">": "&gt;",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}
_WIKI_SPECIAL = re.compile("|".join(map(re.escape, _WIKI)))


def wiki_value(text: str) -> str:
    """A template parameter value that shows ``text`` literally: no parameter break (|), link
    ([ ]), template ({{ }}), tag (< >), italics (''), signature (~~~) or entity (&amp;) can form.
    An '=' needs no escape: only the first one after a named parameter's name separates it."""
    text = _WIKI_SPECIAL.sub(
        lambda match: _WIKI[match.group(0)], re.sub(r"&(?=#?\w+;)", "&amp;", text)
    )
    return (
        text.replace("''", "&#39;&#39;")
        .replace("~~~", "&#126;&#126;&#126;")
        .replace("__", "&#95;&#95;")
    )


def wiki_url(url: str) -> str:
    return re.sub(r"[ |\[\]{}<>\"]", lambda m: f"%{ord(m.group(0)):02X}", url)


def _wiki_date(date: RecordDate) -> str | None:
    """CS1's date: as given; 'c. 2015' for an uncertain one (CS1 takes circa with a year only);
    None for a bound or range, which goes into |type= in words."""
    if date.kind != "date":
        return None
    if date.start.qualifier:
        return f"c. {date.start.parts[0]}"
    return _date_wiki(date.start.parts)


def wikipedia(work: _Work) -> str:
    """{{cite news}} (work=) for news articles, {{cite web}} (website=) for the rest (Help:CS1).
    A comment: its commenter and date, |title=Comment on '<article>', |type=Comment. An inferred
    author is given in brackets in |author=. A dead original is marked dead and has no
    |access-date= (nobody can check it today); a live one is marked live; when its state is
    unknown CS1's default holds (our copy linked first)."""
    params: list[tuple[str, str]] = []
    if len(work.authors) == 1 and not work.authors[0].inferred:
        params += [("last", work.authors[0].family), ("first", work.authors[0].given)]
    elif len(work.authors) == 1:
        params.append(("author", work.authors[0].shown))
    for number, name in enumerate(work.authors if len(work.authors) > 1 else [], start=1):
        if name.inferred:
            params.append((f"author{number}", name.shown))
        else:
            params += [(f"last{number}", name.family), (f"first{number}", name.given)]
    params = [(k, v) for k, v in params if v]
    kinds = []
    if work.comment:
        kinds.append("Comment" + ("" if work.authors else ", name not captured"))
    if work.date is not None:
        date = _wiki_date(work.date)
        if date:
            params.append(("date", date))
        if not work.date.stated:
            kinds.append(f"date {work.date.display()}")
    title = f"Comment on '{work.comment.on.title}'" if work.comment else work.title
    params.append(("title", title))
    if kinds:
        params.append(("type", "; ".join(kinds)))
    if work.repost:
        first = f" {work.repost.date.display()}" if work.repost.date else ""
        params.append(("orig-date", f"first published in {work.repost.outlet}{first}"))
    params += [("url", work.data_url), ("work" if work.is_news else "website", work.container)]
    if not work.dead:  # a dead original cannot have been checked today
        params.append(("access-date", access_token("iso")))
    if work.archive_url and not work.repost:  # a repost's url is already our copy
        params += [("archive-url", work.archive_url), ("archive-date", _iso(work.archive_date))]
        if work.dead is not None:
            params.append(("url-status", "dead" if work.dead else "live"))
    if work.quote:
        params.append(("quote", work.quote))
    body = " ".join(
        f"|{name}={wiki_url(value) if name.endswith('url') else wiki_value(value)}"
        for name, value in params
    )
    return "{{" + ("cite news" if work.is_news else "cite web") + " " + body + "}}"


_TEX = {  # every value is balanced in braces: BibTeX ends a field at a lone "}", backslash or not
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


_TEX_SPECIAL = re.compile("|".join(map(re.escape, _TEX)))


def tex(text: str) -> str:
    """Text for a biblatex field: every special character escaped, whitespace folded."""
    return _TEX_SPECIAL.sub(lambda match: _TEX[match.group(0)], " ".join(text.split()))


@lru_cache(maxsize=1024)
def tex_title(text: str) -> str:
    """A title whose capitals survive a style's sentence casing (biblatex-apa): every word with a
    capital, after the first word, is braced ({VMware}, {Linux}); proper nouns cannot be told
    apart."""
    out = []
    for index, word in enumerate(" ".join(text.split()).split(" ")):
        lead, core, trail = _EDGE.match(word).groups()
        has_capital = any(c.isupper() for c in (core if index else core[1:]))
        out.append(tex(lead) + ("{" + tex(core) + "}" if has_capital else tex(core)) + tex(trail))
    return " ".join(out)


def tex_url(url: str) -> str:
    """A biblatex url field is read verbatim; only braces and backslashes could break the entry."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group(0)):02X}", url)


def _tex_name(name: _Name) -> str:
    if name.inferred or not name.given:  # one literal name; an inferred one in brackets
        return "{" + tex(name.shown) + "}"
    return f"{tex(name.family)}, {tex(name.given)}"


def bibtex(work: _Work, access: bool = True) -> str:
    """biblatex @online (biblatex manual 2.1.1): the outlet in 'organization' (biblatex has no field
    for a website's title, plk/biblatex#1150), the original in url, our copy in addendum. Dates
    in biblatex's EDTF: '2015-03-05?' for an uncertain one; a bound has no biblatex form and is
    given in words in 'note', with whatever else is inferred."""
    fields: list[tuple[str, str]] = []
    if work.authors:
        fields.append(("author", " and ".join(_tex_name(a) for a in work.authors)))
    if work.comment:
        fields.append(("title", "Comment on " + "“" + tex_title(work.comment.on.title) + "”"))
        fields.append(("titleaddon", tex("Comment " + work.comment.number)))
    else:
        fields.append(("title", tex_title(work.title)))
    fields.append(
        ("organization", "{" + tex(work.container) + "}")
    )  # a list field: brace the one name
    if work.date is not None and work.date.kind == "date":
        fields.append(("date", work.date.start.edtf))
    elif work.date is not None:  # biblatex has no "one day of"; its EDTF range, and the note
        start, end = work.date.start, work.date.end
        fields.append(("date", f"{start.edtf if start else '..'}/{end.edtf if end else '..'}"))
    elif work.page_date is not None:  # our page: dated by the build that made this version
        fields.append(("date", work.page_date))
    if work.repost:
        fields.append(("origpublisher", "{" + tex(work.repost.outlet) + "}"))
    fields.append(("url", tex_url(work.data_url)))
    if access:
        fields.append(("urldate", access_token("iso")))
    notes = work.notes()
    if notes:
        fields.append(("note", tex(" ".join(notes))))
    if work.archive_url:
        fields.append(
            (
                "addendum",
                f"Archived copy: {tex(work.archive_name)}, {_iso(work.archive_date)}, "
                f"\\url{{{tex_url(work.archive_url).replace('#', chr(92) + '#')}}}",
            )
        )
    if work.quote:  # the reader's note on the item; not printed by bibliography styles
        fields.append(("annotation", f"Quoted passage: “{tex(work.quote)}”"))
    lines = (
        [f"@online{{{work.key},"] + [f"  {name} = {{{value}}}," for name, value in fields] + ["}"]
    )
    return "\n".join(lines)


def _ris_value(text: str) -> str:
    return " ".join(str(text).split())


def ris(work: _Work) -> str:
    """RIS: one 'XX  - value' line per tag, ending 'ER  - '. Tags as Zotero reads them: T2 the blog,
    site or newspaper, DA/PY the date, Y2 the access date, DB/AN the archive and the copy in it,
    N1 what is inferred."""
    kind = "NEWS" if work.is_news else "ELEC" if work.site_as_author else "BLOG"
    title = f"Comment on “{work.comment.on.title}”" if work.comment else work.title
    lines = [("TY", kind), ("TI", title)]
    lines += [("AU", a.inverted) for a in work.authors]
    lines.append(("T2", work.container))
    if work.date is not None and work.date.kind == "date":
        lines += [
            ("DA", _date_ris(work.date.start.parts)),
            ("PY", f"{work.date.start.parts[0]:04d}"),
        ]
    lines += [("UR", work.data_url), ("Y2", access_token("ris"))]
    if work.archive_url:
        lines += [("DB", work.archive_name), ("AN", work.archive_url)]
    lines += [("N1", note) for note in work.notes()]
    if work.quote:
        lines.append(("N1", f"Quoted passage: “{work.quote}”"))
    return "\n".join(f"{tag}  - {_ris_value(value)}" for tag, value in lines) + "\nER  - "


_json_string = (
    json.encoder.encode_basestring
)  # json.dumps(text, ensure_ascii=False), without its overhead


def _csl_nocase(text: str) -> str:
    """A name that CSL's title case must leave alone when a word of it has a dot inside
    (VMblog.com would become VMblog.Com): citeproc-js and Zotero read <span class="nocase">."""
    if not re.search(r"\w\.\w", text) or re.search("[<>&]", text):
        return text  # (text that could read as markup is never wrapped in any)
    return f'<span class="nocase">{text}</span>'


def _csl_date(date: RecordDate) -> dict:
    """CSL-JSON's date: date-parts, with circa for an uncertain one (CSL 1.0.2); a bound or range
    as a literal in words, which processors print as given."""
    if date.kind == "date":
        value: dict = {"date-parts": [list(date.start.parts)]}
        if date.start.qualifier:
            value["circa"] = True
        return value
    return {"literal": date.display()}


def csl_item(work: _Work, access: bool = True) -> str:
    """One CSL-JSON item (CSL 1.0.2 variables), as a one-item array: what Zotero, citeproc-js and
    pandoc import. The access date is the only raw token, inside "accessed". Our copy's address
    goes in "note" with the rest the item needs to say: CSL has no variable for an archived copy's
    URL ("archive_location" is a place inside an archive, printed as text)."""
    item: dict = {
        "id": work.key,
        "type": "article-newspaper"
        if work.is_news and not work.comment
        else "webpage"
        if work.site_as_author
        else "post"
        if work.comment
        else "post-weblog",
        "title": work.comment.opening if work.comment else work.title,
    }
    if work.comment:
        kind = "article" if work.comment.on.is_news else "blog post"
        item["genre"] = f"Comment on the {kind} “{work.comment.on.title}”"
    if work.authors:
        item["author"] = [
            {"family": a.family, "given": a.given}
            if a.given and not a.inferred
            else {"literal": a.shown}
            for a in work.authors
        ]
    item["container-title"] = _csl_nocase(work.container)
    if work.date is not None:
        item["issued"] = _csl_date(work.date)
    if work.repost:
        item["original-publisher"] = work.repost.outlet
        if work.repost.date is not None:
            item["original-date"] = _csl_date(work.repost.date)
    item["URL"] = work.data_url
    if access:
        item["accessed"] = "\ue002"
    if work.archive_url:
        item["archive"] = work.archive_name
    notes = work.notes()
    if work.archive_url:
        notes.append(f"Archived copy: {work.archive_url}")
    if work.quote:
        notes.append(f"Quoted passage: “{work.quote}”")
    if notes:
        item["note"] = "\n".join(notes)

    def encoded(value) -> str:
        return (
            _json_string(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        )

    lines = [f'    "{key}": {encoded(value)}' for key, value in item.items()]
    text = "[\n  {\n" + ",\n".join(lines) + "\n  }\n]"
    return text.replace('"\ue002"', '{"date-parts": [[' + access_token("csl") + "]]}")


@dataclass(frozen=True)
class Format:
    """A citation format: its key (used in ids and data files), its label, what writes it, and how
    it writes a quoted passage into a citation (None: it has no place for one)."""

    key: str
    label: str
    write: Callable[[_Work], str]
    quote: Callable[[str], str] | None = None


# Every citation format, in the order the cite boxes show them: the one place to add a format.
FORMATS: list[Format] = [
    Format("chicago-note", "Chicago (note)", chicago_note),
    Format("chicago-bib", "Chicago (bibliography)", chicago_bib),
    Format("apa", "APA 7", apa),
    Format("mla", "MLA 9", mla),
    Format("wikipedia", "Wikipedia", wikipedia, quote=wiki_value),
    Format("bibtex", "BibTeX (biblatex)", bibtex, quote=tex),
    Format("ris", "RIS", ris, quote=_ris_value),
    Format("csl-json", "CSL-JSON", csl_item, quote=lambda text: _json_string(text)[1:-1]),
]


def _all(work: _Work) -> dict[str, str]:
    return {fmt.key: fmt.write(work) for fmt in FORMATS}


# --- public API ------------------------------------------------------------------------------


def source_citations(
    source: Source, site: Site, passage: Block | None = None, quote: str | None = None
) -> dict[str, str]:
    """The original publication of ``source`` in every format; with ``passage``, our copy of that
    paragraph is the archived copy, and ``quote`` goes where a format has room for it."""
    return _all(_source_work(source, site, passage, quote))


def event_citations(event: Event, record: Record, site: Site) -> dict[str, str]:
    """Our page for ``event``: no author (the site as organizational author in Chicago's
    bibliography and APA), no date (APA 'n.d.'), an access date."""
    return _all(_event_work(event, site))


_ANCHOR, _QUOTE = "\ue010", "\ue011"  # stand-ins: private-use characters no format escapes or drops


_REPOSTER = "@reposter"  # the key of the passage model of a repost's own lines


def _passage_models(source: Source, site: Site, comment: str = "") -> dict[Format, str]:
    """Each format's citation of a paragraph of ``source`` (of its reader comment ``comment``, if
    given; of the reposter's own lines for ``_REPOSTER``), with stand-ins for anchor and quote."""
    if comment == _REPOSTER:  # any of the lines: the model only needs to know whose they are
        stand_in = Block("paragraph", source.prov.reposter_lines[0], 0, anchor=_ANCHOR)
    else:
        stand_in = Block("paragraph", "", 0, anchor=_ANCHOR, comment=comment)
    model = _source_work(source, site, stand_in, None)
    model.quote = _QUOTE  # set after _source_work, which would clean the stand-in away
    return {fmt: fmt.write(model) for fmt in FORMATS}


def _models_by_comment(source: Source, site: Site) -> dict[str, dict[Format, str]]:
    """The passage models of the text ("") and of each reader comment: each cites its own
    author and date."""
    keys = ["", *(c.id for c in source.comments)]
    if source.prov.reposter_lines:
        keys.append(_REPOSTER)
    return {key: _passage_models(source, site, key) for key in keys}


def _model_key(source: Source, block: Block) -> str:
    return _REPOSTER if source.by_reposter(block) else block.comment


def passage_citations(source: Source, site: Site) -> dict[str, dict[str, str]]:
    """The citations of every paragraph of ``source`` ({anchor: {format: citation}}), the same as
    ``source_citations(source, site, block, quote=block.text)`` gives for each (a test holds them
    equal). Each format is written once per source, with stand-ins for the paragraph's anchor and
    quote, which are then put in for each paragraph: a source has hundreds of paragraphs."""
    by_comment = _models_by_comment(source, site)
    result = {}
    for block in source.paragraphs:
        quote = _clean(block.text)
        if not quote:  # no quote: the formats leave their quote field out; write them in full
            result[block.anchor] = source_citations(source, site, block, quote=block.text)
            continue
        result[block.anchor] = {
            fmt.key: text.replace(_ANCHOR, block.anchor).replace(
                _QUOTE, fmt.quote(quote) if fmt.quote else quote
            )
            for fmt, text in by_comment[_model_key(source, block)].items()
        }
    return result


def passage_citations_json(source: Source, site: Site) -> str:
    """``passage_citations`` as compact JSON, byte for byte what json.dumps writes (a test holds
    them equal), written without building it: the stand-ins are put into each format's citation
    already JSON-escaped (escaping is character by character, so the pieces escape alone)."""

    def escaped(text: str) -> str:
        return _json_string(text)[1:-1]

    # (format, its JSON-escaped model, split at the quote's stand-in when it has one)
    by_comment = {
        cid: [(fmt, escaped(text).split(_QUOTE)) for fmt, text in models.items()]
        for cid, models in _models_by_comment(source, site).items()
    }
    entries = []
    for block in source.paragraphs:
        models = by_comment[_model_key(source, block)]
        quote = _clean(block.text)
        if not quote:
            citations = json.dumps(
                source_citations(source, site, block, quote=block.text),
                ensure_ascii=False,
                separators=(",", ":"),
            )
        else:
            parts = []
            for fmt, pieces in models:
                text = (
                    pieces[0]
                    if len(pieces) == 1
                    else escaped(fmt.quote(quote) if fmt.quote else quote).join(pieces)
                )
                parts.append(f'"{fmt.key}":"{text.replace(_ANCHOR, block.anchor)}"')
            citations = "{" + ",".join(parts) + "}"
        entries.append(f'"{block.anchor}":{citations}')
    return "{" + ",".join(entries) + "}"


def passage_citation_files(record: Record, site: Site) -> dict[str, str]:
    """{"data/passages/<source-id>.json": {"p1": {format: citation}, ...}} as compact JSON."""
    return {
        f"data/passages/{source.id}.json": passage_citations_json(source, site)
        for source in record.sources.values()
    }


def _bibliography_works(record: Record, site: Site) -> list[_Work]:
    return [_source_work(source, site, None, None) for source in record.sources.values()]


def bibliography_bibtex(record: Record, site: Site) -> str:
    """Every source as biblatex, keyed by source id, with no access date."""
    head = (
        f"% The sources of {site.name} ({site.url}), as their original publications.\n"
        "% No urldate: add the day you consulted each source (urldate = {YYYY-MM-DD}).\n\n"
    )
    return (
        head
        + "\n\n".join(bibtex(work, access=False) for work in _bibliography_works(record, site))
        + "\n"
    )


def bibliography_csl(record: Record, site: Site) -> str:
    """Every source as CSL-JSON, keyed by source id, with no access date."""
    items = [
        json.loads(csl_item(work, access=False))[0] for work in _bibliography_works(record, site)
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class CiteBox:
    """What the cite box template needs: plain data."""

    id: str
    build_date: str
    formats: list[dict]  # {"key", "label", "target", "parts": [(text, access style or "")]}
    passages: str | None = None  # page-relative URL of the source's passage citations
    passage: bool = False  # the model of a one-paragraph box, filled in by cite.js
    format_level: int = 3  # heading level of each format's label


def split_access(text: str, date) -> list[tuple[str, str]]:
    """``text`` as (text, "") pieces and (access date in ``date``, style) pieces, in order."""
    parts, last = [], 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], ""))
        parts.append((format_access(match.group(1), date), match.group(1)))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], ""))
    return parts


def cite_box(
    citations: dict[str, str], site: Site, box_id: str = "cite", *, passages: str | None = None
) -> CiteBox:
    """The cite box for ``citations``: access dates shown as the build date until cite.js puts in
    the reader's date. ``passages``: the page-relative URL of the source's passage citations
    (data/passages/<id>.json), for the per-paragraph boxes."""
    formats = [
        {
            "key": fmt.key,
            "label": fmt.label,
            "target": f"{box_id}-{fmt.key}",
            "parts": split_access(citations[fmt.key], site.build_date),
        }
        for fmt in FORMATS
        if fmt.key in citations
    ]
    return CiteBox(box_id, site.build_date.isoformat(), formats, passages)


def passage_box(site: Site) -> CiteBox:
    """The empty model of a one-paragraph cite box, which cite.js copies and fills in."""
    formats = [{"key": fmt.key, "label": fmt.label, "target": "", "parts": []} for fmt in FORMATS]
    return CiteBox("", site.build_date.isoformat(), formats, passage=True, format_level=4)
