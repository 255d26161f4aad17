"""Text helpers shared by the steps: Markdown escaping and quote folding."""
from __future__ import annotations

import re
import unicodedata

# Characters that would change meaning in our Markdown body or in HTML.
_ESCAPE_ANYWHERE = set("\\`*_[]<>&")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape captured text so Markdown shows it exactly as captured."""
    out = "".join("\\" + ch if ch in _ESCAPE_ANYWHERE else ch for ch in text)
    match = _LINE_START.match(out)
    if match:  # a leading "#", "-", "1." would become a heading or list
        lead, mark = match.group(1), match.group(2)
        out = lead + mark[:-1] + "\\" + mark[-1] + out[match.end():]
    return out


_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def md_unescape(text: str) -> str:
    """Undo CommonMark backslash escapes (a backslash before ASCII punctuation)."""
    return _UNESCAPE.sub(r"\1", text)


# Typographic variants that quoting may legitimately differ in.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold whitespace and typographic quotes/dashes; nothing else differs."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return _SPACE.sub(" ", text).strip()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Like ``fold`` but also return, for each folded char, its index in ``text``."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        ch = ch.translate(_FOLD)
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i - 1)
            pending_space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` lies in ``text``, as the checks match it (folded), in ``text``'s own characters.

    None when it is not there, or when ``text`` is not NFC-normalized (folding would shift the
    positions; the captured texts are NFC).
    """
    if not unicodedata.is_normalized("NFC", text):
        return None
    folded, index = fold_with_map(text)
    wanted = fold(quote)
    at = folded.find(wanted)
    if at < 0 or not wanted:
        return None
    return index[at], index[at + len(wanted) - 1] + 1


def slug_ok(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) is not None
