"""Load step for the corpus: ``sources/<id>.md`` (front matter + body) and its raw text.

The body is a small, strict subset of Markdown written by ``normalize``:
one paragraph per line, ``> `` block quotes, ``- `` and ``1.`` list items,
``##`` headings, and reader comments as ``###``/``####`` headings with an
``{#c1}`` / ``{#c1-2}`` id. Every paragraph, quoted paragraph and list item
becomes a numbered block (``p1``, ``p2``, ...), the unit claims link to.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem
from .text import md_unescape, slug_ok

UNFILLED = "TODO"  # prefix ``make source`` puts in fields the maintainer must fill
KINDS = ("blog post", "news article", "repost of an analyst's note", "law-firm blog post")
REQUIRED = ("id", "title", "authors", "outlet", "kind", "published", "original_url",
            "archive_url", "added", "captured_sha256", "furniture")
COMMENT_ID = re.compile(r"^c\d+(?:-\d+)*$")


@dataclass
class Block:
    """A unit of the body: a heading, or a paragraph-like block with an anchor."""

    kind: str            # "heading" | "paragraph" | "quote" | "item"
    text: str            # plain text, as captured (escapes removed)
    line: int            # line in the .md file, for error messages
    anchor: str = ""     # "p12" for paragraph-like blocks, heading id otherwise
    level: int = 0       # heading level
    ordered: bool = False
    number: int | None = None  # ordered list item's own number
    marker: str = ""     # "." or ")" for ordered items
    comment: str = ""    # id of the reader comment this block belongs to


@dataclass
class Comment:
    id: str              # "c2", "c2-1" (reply 1 to comment 2)
    label: str           # "Comment 2" / "Reply 2.1"
    author: str | None   # as captured, None when the capture has none
    date: str | None     # as captured
    level: int           # 3 = top level, 4 = reply
    parent: str | None


@dataclass
class Source:
    id: str
    path: Path
    meta: dict
    blocks: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    raw_text: str = ""

    @property
    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "heading"]

    def block(self, anchor: str) -> Block:
        return next(b for b in self.blocks if b.anchor == anchor)

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def writers(self) -> list[str]:
        """Who wrote the text, as the byline gives them; a reposter (``role: reposter``) is not
        an author. Empty when the author is unknown: never invented."""
        return [a["name"] for a in self.meta.get("authors") or [] if a.get("role") != "reposter"]

    def plain_text(self) -> tuple[str, dict[str, int]]:
        """The normalized text as plain text, and where each block starts in it.

        Blocks (headings included) are joined by a blank line; this is the text that
        character positions (e.g. a W3C TextPositionSelector) count in.
        """
        parts, starts, offset = [], {}, 0
        for block in self.blocks:
            starts[block.anchor or f"line{block.line}"] = offset
            parts.append(block.text)
            offset += len(block.text) + 2
        return "\n\n".join(parts), starts


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (yaml text, body text, line number where the body starts)."""
    if not text.startswith("---\n"):
        raise ValueError("does not start with a '---' front matter block")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter has no closing '---' line")
    head = text[4:end]
    body_start = head.count("\n") + 3
    return head, text[end + 5:], body_start


_HEADING = re.compile(r"^(#{2,4}) (.*?)(?: \{#([A-Za-z0-9-]+)\})?$")
_ITEM_UL = re.compile(r"^- (.*)$")
_ITEM_OL = re.compile(r"^(\d+)([.)]) (.*)$")
NOT_CAPTURED = ("author not captured", "date not captured")


def parse_body(body: str, first_line: int) -> tuple[list[Block], list[Comment]]:
    blocks: list[Block] = []
    comments: list[Comment] = []
    current_comment = ""
    parents: dict[int, str] = {}
    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        if not line.strip() or line.strip() == ">":
            continue
        heading = _HEADING.match(line)
        if heading:
            level, text, hid = len(heading.group(1)), md_unescape(heading.group(2)), heading.group(3) or ""
            if hid and COMMENT_ID.match(hid):
                parts = text.split(" · ")
                label = parts[0]
                author = parts[1] if len(parts) > 1 and parts[1] not in NOT_CAPTURED else None
                date = parts[2] if len(parts) > 2 and parts[2] not in NOT_CAPTURED else None
                parents[level] = hid
                comments.append(Comment(hid, label, author, date, level, parents.get(level - 1)))
                current_comment = hid
            elif level == 2:
                current_comment = ""
            blocks.append(Block("heading", text, lineno, anchor=hid, level=level, comment=current_comment))
            continue
        if line.startswith("> "):
            blocks.append(Block("quote", md_unescape(line[2:]), lineno, comment=current_comment))
            continue
        item = _ITEM_UL.match(line)
        if item:
            blocks.append(Block("item", md_unescape(item.group(1)), lineno, comment=current_comment))
            continue
        item = _ITEM_OL.match(line)
        if item:
            blocks.append(Block("item", md_unescape(item.group(3)), lineno, ordered=True,
                                number=int(item.group(1)), marker=item.group(2), comment=current_comment))
            continue
        blocks.append(Block("paragraph", md_unescape(line), lineno, comment=current_comment))
    number = 0
    for block in blocks:
        if block.kind != "heading":
            number += 1
            block.anchor = f"p{number}"
    return blocks, comments


def _date_ok(value: object) -> bool:
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def load_source(path: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    problems: list[Problem] = []
    try:
        head, body, body_line = split_front_matter(path.read_text(encoding="utf-8"), path)
        meta = yaml.safe_load(head) or {}
    except (ValueError, yaml.YAMLError) as exc:
        return None, [Problem(rel, f"cannot read the front matter: {exc}",
                              "Start the file with '---', YAML fields, '---' (see README, 'Adding a source').")]
    if not isinstance(meta, dict):
        return None, [Problem(rel, "the front matter is not a mapping of fields")]
    entry = str(meta.get("id", path.stem))
    for key in ("published", "added"):
        if isinstance(meta.get(key), dt.date):  # YAML reads an unquoted date as a date
            meta[key] = meta[key].isoformat()

    missing = [f for f in REQUIRED if meta.get(f) is None or meta.get(f) == ""]
    if missing:
        problems.append(Problem(rel, f"required fields missing: {', '.join(missing)}", entry=entry,
                                hint="Add them to the front matter (see README, 'Adding a source')."))
    unfilled = unfilled_fields(meta)
    if unfilled:
        problems.append(Problem(rel, f"fields still unfilled: {', '.join(unfilled)}", entry=entry,
                                hint=f"Replace each '{UNFILLED}...' value with what is known; "
                                     "for an unknown author write authors: [] and say so in authors_note."))
    if meta.get("id") is not None and meta.get("id") != path.stem:
        problems.append(Problem(rel, f"id '{meta.get('id')}' does not match the file name", entry=entry,
                                hint=f"Name the file sources/{meta.get('id')}.md or change the id."))
    if meta.get("id") is not None and not slug_ok(meta.get("id")):
        problems.append(Problem(rel, f"id '{meta.get('id')}' is not a lowercase slug", entry=entry,
                                hint="Use lowercase letters, digits and single hyphens, e.g. 'register-2007'."))
    kind = meta.get("kind")
    if kind and not str(kind).startswith(UNFILLED) and kind not in KINDS:
        problems.append(Problem(rel, f"kind '{kind}' is not one of: {', '.join(KINDS)}", entry=entry))
    published = meta.get("published")
    if published and not str(published).startswith(UNFILLED) and not _date_ok(published):
        problems.append(Problem(rel, f"published date '{published}' is not a real YYYY, YYYY-MM or YYYY-MM-DD date",
                                entry=entry, hint="Write the date at the precision known, e.g. '2013-08'."))
    added = meta.get("added")
    if added and not (_date_ok(added) and len(str(added)) == 10):
        problems.append(Problem(rel, f"added '{added}' is not a YYYY-MM-DD date", entry=entry,
                                hint="Write the day this copy joined the corpus, e.g. '2026-11-21'."))
    authors = meta.get("authors")
    if authors is not None and (not isinstance(authors, list)
                                or not all(isinstance(a, dict) and a.get("name") for a in authors)):
        problems.append(Problem(rel, "authors must be a list of {name, note} entries", entry=entry,
                                hint="Write authors: [] when the author is unknown, and explain in authors_note."))
    elif authors == [] and not meta.get("authors_note"):
        problems.append(Problem(rel, "no author and no authors_note saying why", entry=entry,
                                hint="Add authors_note: e.g. 'No byline in the capture; unknown.'"))

    raw_path = root / "sources" / "raw" / f"{path.stem}.txt"
    raw_text = ""
    if not raw_path.exists():
        problems.append(Problem(rel, f"the captured text sources/raw/{path.stem}.txt is missing", entry=entry,
                                hint="Add the source with 'make source FILE=<captured text> ID=<id>'."))
    else:
        raw_bytes = raw_path.read_bytes()
        raw_text = raw_bytes.decode("utf-8")
        digest = hashlib.sha256(raw_bytes).hexdigest()
        if meta.get("captured_sha256") and meta.get("captured_sha256") != digest:
            problems.append(Problem(rel, f"captured_sha256 does not match sources/raw/{path.stem}.txt "
                                         f"(file is {digest})", entry=entry,
                                    hint="The captured text must never change; if it was replaced on purpose, "
                                         "rerun 'make source' for it."))
    if not unicodedata.is_normalized("NFC", body):
        problems.append(Problem(rel, "the body is not in Unicode NFC form", entry=entry,
                                hint=f"Regenerate it with 'make source ID={path.stem}' (never edit the body by hand)."))
    blocks, comments = parse_body(body, body_line)
    return Source(path.stem, path, meta, blocks, comments, raw_text), problems


def unfilled_fields(meta: dict) -> list[str]:
    """The front matter fields still holding a ``TODO`` placeholder, e.g. ['authors[0].name', 'title']."""
    return sorted(k for k, v in _walk(meta) if isinstance(v, str) and v.startswith(UNFILLED))


def _walk(value, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _walk(inner, f"{prefix}[{i}]")
    else:
        yield prefix, value


def load_sources(root: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Load every ``sources/*.md`` under ``root``; return sources and problems."""
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    folder = root / "sources"
    for path in sorted(folder.glob("*.md")):
        source, found = load_source(path, root)
        problems.extend(found)
        if source is not None:
            sources[source.id] = source
    if not sources and not problems:
        problems.append(Problem("sources/", "no sources found",
                                hint="Add one with 'make source FILE=<captured text> ID=<id>'."))
    return sources, problems
