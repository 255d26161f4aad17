"""Turn a captured text into ``sources/<id>.md``: front matter + normalized body.

Rerunnable: the body is regenerated from ``sources/raw/<id>.txt`` and the
hints kept in the front matter (``metadata_lines``, ``furniture`` and
``structure``), so the committed file is always what this script makes.
A new source gets every field, the unknown ones marked ``TODO`` for the
maintainer; the build refuses the source until they are filled in.

    python scripts/normalize.py ID [CAPTURED_TEXT]
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

import yaml

from .load.sources import (
    FIGURE,
    NOT_CAPTURED,
    UNFILLED,
    split_front_matter,
    structure_problems,
    unfilled_fields,
)
from .load.yamlfile import read_text_file, read_yaml
from .site import Site
from .text import md_escape, slug_ok

# A list's number has at most 9 digits (int() refuses more than 4,300; no list is that long).
_OL = re.compile(r"^([0-9]{1,9})([.)]) (.*)$")
_BLOGGER_TOP = re.compile(r"^  ([0-9]{1,9})\. (.*)$")
_BLOGGER_REPLY = re.compile(r"^    ([0-9]{1,9})\. (.*)$")


def _heading(level: int, label: str, author: str | None, date: str | None, anchor: str) -> str:
    parts = [label, author or NOT_CAPTURED[0], date or NOT_CAPTURED[1]]
    return f"{'#' * level} {md_escape(' · '.join(parts))} {{#{anchor}}}"


class _Writer:
    """Accumulates body lines, keeping exactly one blank line between blocks."""

    def __init__(self, structure: dict):
        self.lines: list[str] = []
        self.headings = set(structure.get("headings") or [])
        self.subheadings = set(structure.get("subheadings") or [])
        self.quotes = tuple(structure.get("quotes") or [])
        self.signatures = set(structure.get("signatures") or [])
        self._last = ""
        self._comment: tuple[int, list] | None = None  # the current comment heading: line, args

    def comment(self, level: int, label: str, author, date, anchor: str) -> None:
        args = [level, label, author, date, anchor]
        self.heading(_heading(*args))
        self._comment = (len(self.lines) - 1, args)

    def end_comments(self) -> None:
        self._comment = None

    def sign(self, signature: str) -> None:
        """The current comment is signed ``signature``: say so in its heading, unless the capture
        names its author."""
        if self._comment and not self._comment[1][2]:
            index, args = self._comment
            args[2] = f"signed “{signature}”"
            self.lines[index] = _heading(*args)

    def figure(self, caption: str = "") -> None:
        """Where the capture lost a figure: a marker, with the caption the capture kept."""
        self._emit(FIGURE + (": " + md_escape(caption) if caption else ""), "figure")

    def _emit(self, line: str, kind: str) -> None:
        if self.lines:
            if kind == self._last and kind in ("item", "quote"):
                self.lines.append(">" if kind == "quote" else "")
                if kind == "item":
                    self.lines.pop()  # list items stay together
            else:
                self.lines.append("")
        self.lines.append(line)
        self._last = kind

    def heading(self, line: str) -> None:
        self._emit(line, "heading")

    def text(self, stripped: str) -> None:
        """One captured line: a heading, list item, quoted paragraph or paragraph."""
        if stripped in self.signatures:
            self.sign(stripped.lstrip("- ").strip())
        if stripped in self.headings:
            self._emit("## " + md_escape(stripped), "heading")
        elif stripped in self.subheadings:
            self._emit("### " + md_escape(stripped), "heading")
        elif stripped.startswith("• "):
            self._emit("- " + md_escape(stripped[2:]), "item")
        elif _OL.match(stripped):
            number, mark, rest = _OL.match(stripped).groups()
            self._emit(f"{number}{mark} " + md_escape(rest), "item")
        elif stripped.startswith(self.quotes) if self.quotes else False:
            self._emit("> " + md_escape(stripped), "quote")
        else:
            self._emit(md_escape(stripped), "paragraph")


def normalize_body(raw: str, meta: dict) -> str:
    """The Markdown body for captured text ``raw`` under the hints in ``meta``."""
    structure = meta.get("structure") or {}
    furniture = {str(f).strip() for f in meta.get("furniture") or []}
    pending_meta = [str(m).strip() for m in meta.get("metadata_lines") or []]
    explicit = {str(c["start"]).strip(): c for c in structure.get("comments") or []}
    comments_heading = structure.get("comments_heading")
    blogger_from = structure.get("blogger_comments_from")
    figures = [f for f in structure.get("figures") or [] if isinstance(f, dict)]
    captions = {str(f["caption"]).strip() for f in figures if "caption" in f}
    before = {str(f["before"]).strip() for f in figures if "before" in f}
    after = {str(f["after"]).strip() for f in figures if "after" in f}

    out = _Writer(structure)
    lines = raw.split("\n")
    top = reply = 0
    in_blogger = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        i += 1
        if not stripped or stripped in furniture:
            continue
        if stripped in captions:
            out.figure(stripped)
            continue
        if stripped in before:
            out.figure()
        if stripped in pending_meta:
            pending_meta.remove(stripped)
            continue
        if comments_heading and stripped == comments_heading:
            out.heading("## " + md_escape(stripped))
            continue
        if blogger_from and stripped == blogger_from:
            out.heading("## " + md_escape(stripped))
            in_blogger = True
            continue
        if in_blogger:
            top_match, reply_match = _BLOGGER_TOP.match(line), _BLOGGER_REPLY.match(line)
            if top_match:
                top, reply = int(top_match.group(1)), 0
                out.comment(3, f"Comment {top}", None, None, f"c{top}")
                out.text(top_match.group(2).strip())
                continue
            if reply_match:
                reply = int(reply_match.group(1))
                out.comment(4, f"Reply {top}.{reply}", None, None, f"c{top}-{reply}")
                out.text(reply_match.group(2).strip())
                continue
            out.text(stripped)
            continue
        if stripped in explicit:
            hint = explicit[stripped]
            header: list[str] = []
            first_text = None if hint.get("header_lines") else stripped
            if hint.get("header_lines"):
                header.append(stripped)
                while len(header) < int(hint["header_lines"]) and i < len(lines):
                    nxt = lines[i].strip()
                    i += 1
                    if nxt:
                        header.append(nxt)
            author = header[0] if header else None
            if not author and hint.get("signed"):
                author = f"signed “{hint['signed']}”"
            date = header[1] if len(header) > 1 else None
            if hint.get("reply"):
                reply += 1
                out.comment(4, f"Reply {top}.{reply}", author, date, f"c{top}-{reply}")
            else:
                top, reply = top + 1, 0
                out.comment(3, f"Comment {top}", author, date, f"c{top}")
            if first_text:
                out.text(first_text)
            continue
        out.text(stripped)
        if stripped in after:
            out.figure()
    # NFC, so quote positions count the same characters everywhere (the raw text stays as captured).
    return unicodedata.normalize("NFC", "\n".join(out.lines) + "\n")


def new_front_matter(source_id: str, raw: str) -> dict:
    first = next((ln.strip() for ln in raw.split("\n") if ln.strip()), "")
    todo = UNFILLED + ": "
    return {
        "id": source_id,
        "title": todo + f"the title (the capture's first line reads {first!r})",
        "standfirst": None,
        "authors": [{"name": todo + "author as the byline gives it", "note": None}],
        "authors_note": None,
        "outlet": todo + "publication or blog name",
        "kind": todo
        + "one of: blog post, news article, repost of an analyst's note, law-firm blog post",
        "published": todo + "YYYY, YYYY-MM or YYYY-MM-DD, at the precision known",
        "published_note": None,
        "original_url": todo + "the original address",
        "archive_url": todo + "a Wayback Machine address",
        "added": Site.today().isoformat(),  # SOURCE_DATE_EPOCH, when set, gives the day
        "captured_sha256": "",
        "metadata_lines": [],
        "furniture": [],
        "structure": {"headings": [], "quotes": [], "comments": []},
    }


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    # mkstemp makes the file private (0600); a source file is as readable as any other file here.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def dump_front_matter(meta: dict) -> str:
    return yaml.safe_dump(
        meta, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def normalize_source(root: Path, source_id: str, captured: Path | None = None) -> Path:
    """Write ``sources/raw/<id>.txt`` (from ``captured``) and ``sources/<id>.md``."""
    if not slug_ok(source_id):
        raise SystemExit(
            f"ID '{source_id}' is not a lowercase slug: use letters, digits and hyphens, "
            "e.g. ID=register-2007."
        )
    raw_path = root / "sources" / "raw" / f"{source_id}.txt"
    md_path = root / "sources" / f"{source_id}.md"
    if captured is not None:
        if not captured.is_file():
            raise SystemExit(f"FILE={captured}: no such file.")
        data = captured.read_bytes()
        if raw_path.exists() and raw_path.read_bytes() != data:
            raise SystemExit(
                f"sources/raw/{source_id}.txt already holds a different captured text; captured "
                "texts never change. Choose another ID for the new capture."
            )
    elif raw_path.exists():
        data = raw_path.read_bytes()
    else:
        raise SystemExit(
            f"sources/raw/{source_id}.txt does not exist: give the captured text with FILE=<path>."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise SystemExit(
            f"FILE={captured}: the capture starts with a byte-order mark; save it as "
            "UTF-8 without one, then add it again."
        )
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SystemExit(
            f"FILE={captured}: not UTF-8 text ({exc}); convert it to UTF-8 first."
        ) from None
    if md_path.exists():
        meta = _front_matter(md_path, f"sources/{source_id}.md")
    else:
        meta = new_front_matter(source_id, raw)
    meta["captured_sha256"] = hashlib.sha256(data).hexdigest()
    text = "---\n" + dump_front_matter(meta) + "---\n" + normalize_body(raw, meta)
    if not raw_path.exists():
        _write_atomic(raw_path, data)
    _write_atomic(md_path, text.encode("utf-8"))
    return md_path


def _front_matter(path: Path, rel: str) -> dict:
    """The front matter of an existing source file, or SystemExit saying what is wrong with it."""
    text, problems = read_text_file(path, rel, "Restore it from version control.")
    if text is None:
        raise SystemExit("\n".join(map(str, problems)))
    try:
        head, _body, _line = split_front_matter(text, path)
    except ValueError as exc:
        raise SystemExit(f"{rel}: cannot read the front matter: {exc}") from None
    meta, problems = read_yaml(head, rel, first_line=2)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    if not isinstance(meta, dict):
        raise SystemExit(f"{rel}: the front matter is not a mapping of fields.")
    wrong = structure_problems(meta.get("structure") or {})
    for key in ("metadata_lines", "furniture"):
        value = meta.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            wrong = wrong or f"{key} must be a list of captured lines"
    if wrong:
        raise SystemExit(f"{rel}: {wrong}. Fix the front matter, then rerun 'make source'.")
    return _plain(meta)


def _plain(value):
    """Plain dicts and lists (the reader's mappings remember lines), for writing them back."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or len(args) > 2:
        print("usage: python scripts/normalize.py ID [CAPTURED_TEXT]", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parents[2]
    path = normalize_source(root, args[0], Path(args[1]) if len(args) > 1 else None)
    head, _body, _line = split_front_matter(path.read_text(encoding="utf-8"), path)
    todo = unfilled_fields(yaml.safe_load(head))
    if todo:
        print(
            f"wrote {path.relative_to(root)}; still to fill in: {', '.join(todo)}. Then describe "
            f"the page "
            f"(metadata_lines, furniture, structure: see README, 'Adding a source'), rerun "
            f"'make source ID={args[0]}' and 'make build'."
        )
    else:
        print(
            f"wrote {path.relative_to(root)}: body regenerated from sources/raw/{args[0]}.txt and "
            f"the "
            f"hints in its front matter. Check it with 'make build'."
        )
    return 0
