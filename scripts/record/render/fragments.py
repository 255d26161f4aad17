"""URL text fragments (``#:~:text=``) that make a browser highlight a quote.

Built by the WICG "URL Fragment Text Directives" syntax,
``#:~:text=[prefix-,]textStart[,textEnd][,-suffix]``, each term percent-encoded
(every character but ASCII letters and digits, as Firefox does, so ``-``, ``,``
and ``&`` can never be read as syntax). A fragment is only useful if its text
occurs once on the page: ``unique_fragment`` adds a prefix (the words before
the quote) until it does, and reports failure otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

LONG = 120  # quotes longer than this are given as textStart,textEnd
EDGE_WORDS = 6  # words kept at each end of a long quote


# Every ASCII character but letters and digits, percent-encoded ("-", "&" and "," are syntax here).
_ASCII = str.maketrans({chr(c): f"%{c:02X}" for c in range(128) if not chr(c).isalnum()})


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def encode_term(term: str) -> str:
    # ASCII by table (translate leaves other characters as they are), the rest as UTF-8 bytes.
    return _NON_ASCII.sub(lambda match: quote(match.group(0), safe=""), term.translate(_ASCII))


def _norm(text: str) -> str:
    # What a browser compares: collapsed whitespace, case-insensitive.
    return " ".join(text.split()).casefold()


class PageText:
    """A page's visible text as a browser's find-in-page compares it: normalized once, searched
    often."""

    def __init__(self, text: str):
        self.text = _norm(text)


@dataclass(frozen=True)
class TextFragment:
    start: str
    end: str = ""
    prefix: str = ""

    def directive(self) -> str:
        parts = []
        if self.prefix:
            parts.append(encode_term(self.prefix) + "-")
        parts.append(encode_term(self.start))
        if self.end:
            parts.append(encode_term(self.end))
        return ":~:text=" + ",".join(parts)

    def count_in(self, page: PageText) -> int:
        """How many places of the page this fragment matches (what the build requires be 1).

        As browsers match: a term starts and ends at word boundaries (a match inside a longer
        word does not count), and the page's blocks are separate runs of text (``visible_text``
        gives them with a space between, as a block boundary is to a browser)."""
        text = page.text
        start, end, prefix = _norm(self.start), _norm(self.end), _norm(self.prefix)
        count, index = 0, text.find(start)
        while index >= 0:
            bounded = _word_edge(text, index) and _word_edge(text, index + len(start), after=True)
            before_ok = not prefix or text[
                max(0, index - len(prefix) - 1) : index
            ].rstrip().endswith(prefix)
            after_ok = not end or _find_bounded(text, end, index + len(start)) >= 0
            if bounded and before_ok and after_ok:
                count += 1
            index = text.find(start, index + 1)
        return count


def _word_edge(text: str, at: int, after: bool = False) -> bool:
    """Whether ``at`` is a word boundary: the character on the far side is not a letter or
    digit (or there is none). A term's own edge may be punctuation, which is a boundary too."""
    if after:
        inner, outer = text[at - 1 : at], text[at : at + 1]
    else:
        inner, outer = text[at : at + 1], text[at - 1 : at] if at else ""
    return not (outer.isalnum() and inner.isalnum())


def _find_bounded(text: str, term: str, start: int) -> int:
    """The first place of ``term`` at or after ``start`` that ends at a word boundary."""
    index = text.find(term, start)
    while index >= 0 and not (
        _word_edge(text, index) and _word_edge(text, index + len(term), after=True)
    ):
        index = text.find(term, index + 1)
    return index


def fragment_for(exact: str, before: str = "") -> TextFragment:
    """A fragment for ``exact`` (the page's own characters), with ``before`` as a possible
    prefix."""
    words = exact.split()
    if len(exact) > LONG and len(words) > 2 * EDGE_WORDS:
        return TextFragment(" ".join(words[:EDGE_WORDS]), " ".join(words[-EDGE_WORDS:]))
    return TextFragment(" ".join(words))


def unique_fragment(exact: str, before: str, page: PageText) -> TextFragment | None:
    """The shortest fragment for ``exact`` that matches the page exactly once, or None."""
    fragment = fragment_for(exact)
    if fragment.count_in(page) == 1:
        return fragment
    words_before = before.split()
    for n in range(1, min(len(words_before), 8) + 1):
        with_prefix = TextFragment(fragment.start, fragment.end, " ".join(words_before[-n:]))
        if with_prefix.count_in(page) == 1:
            return with_prefix
    return None
