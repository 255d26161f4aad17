"""Text helpers shared by the steps: Markdown escaping and quote folding."""

from __future__ import annotations

import re
import unicodedata

# Characters that would change meaning in our Markdown body or in HTML.
# "{" and "}" too: a captured heading ending in "{#p1}" would otherwise be read as its anchor.
_ESCAPE_ANYWHERE = re.compile(r"([\\`*_\[\]<>&{}])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape captured text so Markdown shows it exactly as captured."""
    out = _ESCAPE_ANYWHERE.sub(r"\\\1", text)
    match = _LINE_START.match(out)
    if match:  # a leading "#", "-", "1." would become a heading or list
        lead, mark = match.group(1), match.group(2)
        out = lead + mark[:-1] + "\\" + mark[-1] + out[match.end() :]
    return out


_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def md_unescape(text: str) -> str:
    """Undo CommonMark backslash escapes (a backslash before ASCII punctuation)."""
    return _UNESCAPE.sub(r"\1", text)


# Typographic variants that quoting may legitimately differ in.
_FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
}
_SPACE = re.compile(r"\s+")


def _straighten(text: str) -> str:
    """Typographic quotes and dashes made plain, one character for one (str.replace is some forty
    times faster here than str.translate, which looks up every character)."""
    for variant, plain in _FOLD.items():
        if variant in text:
            text = text.replace(variant, plain)
    return text


def fold(text: str) -> str:
    """Fold whitespace and typographic quotes/dashes; nothing else differs."""
    text = _straighten(unicodedata.normalize("NFC", text))
    return _SPACE.sub(" ", text).strip()


def locate(text: str, quote: str, folded_text: str | None = None) -> tuple[int, int] | None:
    """Where ``quote`` lies in ``text`` as the checks match it (folded), in ``text``'s own
    characters; None when it is not there. ``text`` must be NFC (the normalized sources are);
    ``folded_text`` is ``fold(text)``, when the caller has it already."""
    wanted = fold(quote)
    translated = _straighten(text)  # one character for one: positions are kept
    at = (
        (folded_text if folded_text is not None else fold(translated)).find(wanted)
        if wanted
        else -1
    )
    if at < 0:
        return None
    # Folding strips the ends and turns each run of whitespace into one space: walk the runs to
    # turn positions in the folded text back into positions in ``text``.
    first, last = at, at + len(wanted) - 1  # both fall on non-space characters
    removed, spans = 0, []
    for run in _SPACE.finditer(translated):
        while len(spans) < 2 and (first, last)[len(spans)] + removed < run.start():
            spans.append((first, last)[len(spans)] + removed)
        if len(spans) == 2:
            break
        removed += run.end() - run.start() - (0 if run.start() == 0 else 1)
    while len(spans) < 2:
        spans.append((first, last)[len(spans)] + removed)
    return spans[0], spans[1] + 1


# Ids that name a page of their own folder already (timeline/index.md is the timeline).
RESERVED_IDS = frozenset({"index"})


def slug_ok(value: object) -> bool:
    """A permanent id: lowercase letters and digits in words joined by single hyphens, and not
    one of the RESERVED_IDS."""
    return (
        isinstance(value, str)
        and value not in RESERVED_IDS
        and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) is not None
    )
