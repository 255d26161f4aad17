"""Load step for the corpus: ``sources/<id>.md`` (front matter + body) and its raw text.

The body is a small, strict subset of Markdown written by ``normalize``:
one paragraph per line, ``> `` block quotes, ``- `` and ``1.`` list items,
``##`` headings, and reader comments as ``###``/``####`` headings with an
``{#c1}`` / ``{#c1-2}`` id. Every paragraph, quoted paragraph and list item
becomes a numbered block (``p1``, ``p2``, ...), the unit claims link to.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateError, RecordDate, parse_written_date
from ..errors import Problem
from ..text import RESERVED_IDS, md_unescape, slug_ok
from .yamlfile import YamlMap, kind_of, read_text_file, read_yaml

UNFILLED = "TODO"  # prefix ``make source`` puts in fields the maintainer must fill
KINDS = ("blog post", "news article", "repost of an analyst's note", "law-firm blog post")
REQUIRED = (
    "id",
    "title",
    "authors",
    "outlet",
    "kind",
    "published",
    "original_url",
    "archive_url",
    "added",
    "captured_sha256",
    "furniture",
)
COMMENT_ID = re.compile(r"^c\d+(?:-\d+)*$")


@dataclass
class Block:
    """A unit of the body: a heading, or a paragraph-like block with an anchor."""

    kind: str  # "heading" | "paragraph" | "quote" | "item"
    text: str  # plain text, as captured (escapes removed)
    line: int  # line in the .md file, for error messages
    anchor: str = ""  # "p12" for paragraph-like blocks, heading id otherwise
    level: int = 0  # heading level
    ordered: bool = False
    number: int | None = None  # ordered list item's own number
    marker: str = ""  # "." or ")" for ordered items
    comment: str = ""  # id of the reader comment this block belongs to


@dataclass
class Comment:
    """A reader comment or reply: a citable unit of its own, under its own author and date."""

    id: str  # "c2", "c2-1" (reply 1 to comment 2)
    label: str  # "Comment 2" / "Reply 2.1"
    author: str | None  # as captured, None when the capture has none
    date_text: str | None  # as captured ("August 15, 2007"), None when the capture has none
    level: int  # 3 = top level, 4 = reply
    parent: str | None
    date: RecordDate | None = None  # the captured date, or the bound the front matter gives
    signed: str | None = None  # the signature the comment ends or starts with ("Andreas")
    # From the front matter's ``comments:`` (what is known beyond the capture):
    inferred_author: str | None = None  # who wrote it, when the capture does not name them
    author_basis: str | None = None  # why we say so, in the reader's words
    date_basis: str | None = None  # how the texts bound an uncaptured date
    original_anchor: str | None = None  # its anchor on the original page ("comment-1385")

    @property
    def name(self) -> str | None:
        """The commenter's name as captured, without the capture's lost-link marker ("Alan Cox
        [ ]" links to a page the capture lost: the marker is not part of the name)."""
        return self.author.replace("[ ]", "").strip() or None if self.author else None

    @property
    def writer(self) -> str | None:
        """The name a citation gives: as captured, else inferred (see ``author_basis``)."""
        return self.name or self.inferred_author

    @property
    def number(self) -> str:  # "2", "2.1"
        return self.id[1:].replace("-", ".")

    def attribution(self) -> str:
        """Who wrote it, in words, with the basis of anything not captured."""
        if self.author:
            return self.name or self.author
        if self.inferred_author:
            return f"{self.inferred_author} ({self.author_basis})"
        if self.signed:
            return f"signed “{self.signed}”"
        return "a reader, name not captured"


@dataclass(frozen=True)
class Author:
    name: str
    note: str | None = None
    role: str | None = None  # "reposter": posted the text, did not write it
    basis: str | None = None  # set when the capture does not name this author: why we do


@dataclass(frozen=True)
class Repost:
    """Where a reposted text first appeared (its address is the source's ``original_url``)."""

    outlet: str
    date: RecordDate | None = None
    date_note: str | None = None


@dataclass(frozen=True)
class Provenance:
    """Where a source text comes from: its front matter, checked and typed once, at load."""

    id: str
    title: str
    authors: tuple[Author, ...]
    outlet: str
    kind: str
    published: RecordDate
    original_url: str
    archive_url: str
    added: RecordDate  # the day our copy joined the corpus: its archive date in citations
    captured_sha256: str
    furniture: tuple[str, ...]
    title_note: str | None = None
    standfirst: str | None = None
    authors_note: str | None = None
    published_note: str | None = None
    original_status: str | None = None  # "gone" or "live" when known
    capture_note: str | None = None
    metadata_lines: tuple[str, ...] = ()
    structure: dict = field(default_factory=dict)  # the normalizer's hints
    reposted_from: Repost | None = None  # a repost: the text's first publication
    reposter_lines: tuple[
        str, ...
    ] = ()  # a repost's own lines ("Published ... by ..."), not the text's

    @property
    def writers(self) -> list[str]:
        """Who wrote the text, as the byline gives them; a reposter (``role: reposter``) is not
        an author. Empty when the author is unknown: never invented."""
        return [a.name for a in self.authors if a.role != "reposter"]


@dataclass
class Source:
    id: str
    path: Path
    prov: Provenance
    blocks: list[Block] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    raw_text: str = ""
    body: str = ""  # the normalized body as the file has it
    body_line: int = 0  # the file's line the body starts on

    def __post_init__(self) -> None:
        self.paragraphs = [b for b in self.blocks if b.kind not in ("heading", "figure")]
        self._comments = {c.id: c for c in self.comments}
        self._by_anchor = {b.anchor: b for b in self.blocks if b.anchor}
        self._plain: tuple[str, dict[str, int]] | None = None

    def block(self, anchor: str) -> Block:
        return self._by_anchor[anchor]

    def by_reposter(self, block: Block) -> bool:
        """A line the reposter wrote ("Quoting ...", "Published ... by ..."), not the reposted
        text: it is the reposter's, and the first publication does not hold it."""
        return bool(self.prov.reposter_lines) and block.text.strip() in self.prov.reposter_lines

    def comment_of(self, block: Block) -> Comment | None:
        """The reader comment ``block`` belongs to, or None when it is the text's own."""
        return self._comments.get(block.comment) if block.comment else None

    @property
    def title(self) -> str:
        return self.prov.title

    @property
    def writers(self) -> list[str]:
        return self.prov.writers

    def plain_text(self) -> tuple[str, dict[str, int]]:
        """The normalized text as plain text, and where each block starts in it.

        Blocks (headings included) are joined by a blank line; this is the text that
        character positions (e.g. a W3C TextPositionSelector) count in.
        """
        if self._plain is None:
            parts, starts, offset = [], {}, 0
            for block in self.blocks:
                starts[block.anchor or f"line{block.line}"] = offset
                parts.append(block.text)
                offset += len(block.text) + 2
            self._plain = ("\n\n".join(parts), starts)
        return self._plain


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (yaml text, body text, line number where the body starts)."""
    if not text.startswith("---\n"):
        raise ValueError("does not start with a '---' front matter block")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("front matter has no closing '---' line")
    head = text[4:end]
    body_start = head.count("\n") + 4  # "---", the head's lines, "---", then the body
    return head, text[end + 5 :], body_start


_HEADING = re.compile(r"^(#{2,4}) (.*?)(?: \{#([A-Za-z0-9-]+)\})?$")
FIGURE = "%% figure not captured"  # a body line marking where the capture lost a figure
_ITEM_UL = re.compile(r"^- (.*)$")
_ITEM_OL = re.compile(r"^([0-9]{1,9})([.)]) (.*)$")  # as normalize.py writes them
NOT_CAPTURED = ("name not captured", "date not captured")
SIGNED = re.compile(r"^signed “(.+)”$")


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
            level, text, hid = (
                len(heading.group(1)),
                md_unescape(heading.group(2)),
                heading.group(3) or "",
            )
            if hid and COMMENT_ID.match(hid):
                parts = text.split(" · ")
                label = parts[0]
                author = parts[1] if len(parts) > 1 and parts[1] not in NOT_CAPTURED else None
                signed = SIGNED.match(author) if author else None
                if signed:
                    author = None
                date = parts[2] if len(parts) > 2 and parts[2] not in NOT_CAPTURED else None
                parents[level] = hid
                comments.append(
                    Comment(
                        hid,
                        label,
                        author,
                        date,
                        level,
                        parents.get(level - 1),
                        parse_written_date(date) if date else None,
                        signed=signed.group(1) if signed else None,
                    )
                )
                current_comment = hid
            elif level == 2:
                current_comment = ""
            blocks.append(
                Block("heading", text, lineno, anchor=hid, level=level, comment=current_comment)
            )
            continue
        if line.startswith("> "):
            blocks.append(Block("quote", md_unescape(line[2:]), lineno, comment=current_comment))
            continue
        if line.startswith(
            FIGURE
        ):  # not a paragraph: it holds no text of the capture but a caption
            caption = md_unescape(line[len(FIGURE) :].removeprefix(":").strip())
            blocks.append(Block("figure", caption, lineno, comment=current_comment))
            continue
        item = _ITEM_UL.match(line)
        if item:
            blocks.append(
                Block("item", md_unescape(item.group(1)), lineno, comment=current_comment)
            )
            continue
        item = _ITEM_OL.match(line)
        if item:
            blocks.append(
                Block(
                    "item",
                    md_unescape(item.group(3)),
                    lineno,
                    ordered=True,
                    number=int(item.group(1)),
                    marker=item.group(2),
                    comment=current_comment,
                )
            )
            continue
        blocks.append(Block("paragraph", md_unescape(line), lineno, comment=current_comment))
    number = 0
    for block in blocks:
        if block.kind not in ("heading", "figure"):
            number += 1
            block.anchor = f"p{number}"
    return blocks, comments


_HTTP = re.compile(r"^https?://[^\s/]+\S*$", re.IGNORECASE)
OPTIONAL_TEXT = ("title_note", "standfirst", "authors_note", "published_note", "capture_note")
KNOWN_FIELDS = (
    *REQUIRED,
    *OPTIONAL_TEXT,
    "original_status",
    "metadata_lines",
    "structure",
    "comments",
    "reposted_from",
    "reposter_lines",
)
COMMENT_FIELDS = ("author", "author_basis", "date", "date_basis", "original_anchor")
REPOST_FIELDS = ("outlet", "date", "date_note")
_ANCHOR = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,80}$")
STATUSES = ("gone", "live")


class _Fields:
    """Reads front matter fields into types, collecting a problem for each field that is wrong."""

    def __init__(self, rel: str, meta: dict, entry: str):
        self.rel, self.meta, self.entry = rel, meta, entry
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, hint: str = "") -> None:
        line = meta_line(self.meta, key)
        self.problems.append(Problem(self.rel, message, hint, line, self.entry))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.meta.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.problem(
                key,
                f"'{key}' must be text, not {kind_of(value)}",
                f"Write {key}: as quoted text.",
            )
            return None
        return value

    def lines(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in value
        ):
            self.problem(
                key,
                f"'{key}' must be a list of captured lines",
                f"Write each line as a list item under {key}:, quoted.",
            )
            return ()
        return tuple(str(v) for v in value)

    def url(self, key: str) -> str:
        value = self.text(key)
        if value and not value.startswith(UNFILLED) and not _HTTP.match(value):
            self.problem(
                key,
                f"{key} '{value}' is not an http(s) address",
                "Give the full address, starting with https:// or http://.",
            )
            return ""
        return value or ""

    def date(self, key: str, day_only: bool = False) -> RecordDate | None:
        value = self.meta.get(key)
        if value is None or (isinstance(value, str) and value.startswith(UNFILLED)):
            return None
        try:
            date = RecordDate.parse(value)
        except DateError as exc:
            self.problem(
                key,
                f"{key} {exc}",
                "Write the date in EDTF at the precision known, e.g. "
                "'2013-08' when the day is unknown, '2015-03-05?' when it is likely.",
            )
            return None
        if day_only and not date.is_exact_day:
            self.problem(
                key,
                f"{key} '{value}' is not a YYYY-MM-DD date",
                "Write the day this copy joined the corpus, e.g. '2026-11-21'.",
            )
            return None
        return date

    def authors(self) -> tuple[Author, ...]:
        value = self.meta.get("authors")
        ok = isinstance(value, list) and all(
            isinstance(a, dict)
            and isinstance(a.get("name"), str)
            and a.get("name")
            and all(isinstance(a.get(k), (str, type(None))) for k in ("note", "role", "basis"))
            and set(a) <= {"name", "note", "role", "basis"}
            for a in value
        )
        if value is not None and not ok:
            self.problem(
                "authors",
                "authors must be a list of {name, note} entries (role: reposter "
                "for who only reposted the text; basis: why, when the capture does not name them)",
                "Write authors: [] when the author is unknown, and explain in authors_note.",
            )
            return ()
        return tuple(
            Author(a["name"], a.get("note"), a.get("role"), a.get("basis")) for a in value or []
        )

    def reposted_from(self) -> Repost | None:
        value = self.meta.get("reposted_from")
        if value is None:
            return None
        if not (
            isinstance(value, dict)
            and set(value) <= set(REPOST_FIELDS)
            and isinstance(value.get("outlet"), str)
            and all(isinstance(value.get(k), (str, type(None))) for k in ("date", "date_note"))
        ):
            self.problem(
                "reposted_from",
                "reposted_from must be {outlet: <where the text first appeared>, "
                "date: <EDTF>, "
                "date_note: <how the texts date it>}",
                "original_url holds the first publication's address "
                "(see README, 'Adding a source').",
            )
            return None
        date = None
        if value.get("date"):
            try:
                date = RecordDate.parse(value["date"])
            except DateError as exc:
                self.problem("reposted_from", f"reposted_from date {exc}", "Write it in EDTF.")
        if date is not None and not date.stated and not value.get("date_note"):
            self.problem(
                "reposted_from",
                "reposted_from: a bounded or uncertain date needs a date_note",
                "Add date_note: saying how the texts date the first publication.",
            )
        return Repost(value["outlet"], date, value.get("date_note"))

    def comment_notes(self) -> dict[str, dict]:
        """``comments:`` {comment id: what is known of it beyond the capture}, checked."""
        value = self.meta.get("comments")
        if value is None:
            return {}
        hint = (
            "Write comments: {c2-1: {author: <name>, author_basis: <why>, date: <EDTF>, "
            "date_basis: <how the texts bound it>, original_anchor: <comment-123>}}."
        )
        if not isinstance(value, dict):
            self.problem("comments", "comments must be a mapping of comment ids", hint)
            return {}
        notes = {}
        for cid, note in value.items():
            if not (isinstance(cid, str) and COMMENT_ID.match(cid)):
                self.problem("comments", f"comments: '{cid}' is not a comment id", hint)
                continue
            if not (
                isinstance(note, dict)
                and set(note) <= set(COMMENT_FIELDS)
                and all(isinstance(v, str) for v in note.values())
            ):
                self.problem(
                    "comments",
                    f"comments: {cid} must map {', '.join(COMMENT_FIELDS)} to text",
                    hint,
                )
                continue
            if "author" in note and not note.get("author_basis"):
                self.problem(
                    "comments",
                    f"comments: {cid} names an author without author_basis",
                    "An author the capture does not give is inferred: say on what it rests.",
                )
                continue
            if "date" in note:
                try:
                    note = {**note, "date": RecordDate.parse(note["date"])}
                except DateError as exc:
                    self.problem("comments", f"comments: {cid} date {exc}", hint)
                    continue
                if not note.get("date_basis"):
                    self.problem(
                        "comments",
                        f"comments: {cid} gives a date without date_basis",
                        "A date the capture does not give is inferred: say how the texts bound it.",
                    )
                    continue
            anchor = note.get("original_anchor")
            if anchor is not None and not _ANCHOR.match(anchor):
                self.problem(
                    "comments",
                    f"comments: {cid} original_anchor '{anchor}' is not an anchor",
                    "Write the anchor without '#', e.g. comment-1385.",
                )
                continue
            notes[cid] = note
        return notes


def structure_problems(structure: object) -> str:
    """What is wrong with the normalizer's hints (``structure`` in the front matter), or ""."""
    if not isinstance(structure, dict):
        return "must be a mapping of hints (headings, quotes, comments)"
    known = (
        "headings",
        "subheadings",
        "quotes",
        "signatures",
        "figures",
        "comments",
        "comments_heading",
        "blogger_comments_from",
    )
    for key, value in structure.items():
        if key not in known:
            return f"unknown hint '{key}' (hints: {', '.join(known)})"
        if key in ("headings", "subheadings", "quotes", "signatures") and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return f"{key} must be a list of captured lines (text)"
        if key in ("comments_heading", "blogger_comments_from") and not isinstance(value, str):
            return f"{key} must be one captured line (text)"
        if key == "figures" and not (
            isinstance(value, list)
            and all(
                isinstance(f, dict)
                and len(f) == 1
                and set(f) <= {"caption", "before", "after"}
                and all(isinstance(v, str) for v in f.values())
                for f in value
            )
        ):
            return (
                "figures must be a list of {caption: <the captured caption line>}, "
                "{before: <line>} or {after: <line>} entries"
            )
        if key == "comments":
            if not isinstance(value, list):
                return "comments must be a list of {start: <first line>} entries"
            for comment in value:
                if not (
                    isinstance(comment, dict)
                    and isinstance(comment.get("start"), str)
                    and set(comment) <= {"start", "header_lines", "reply", "signed"}
                    and isinstance(comment.get("header_lines", 0), int)
                    and not isinstance(comment.get("header_lines", 0), bool)
                    and 0 <= comment.get("header_lines", 0) <= 5
                    and isinstance(comment.get("reply", False), bool)
                    and isinstance(comment.get("signed", ""), str)
                ):
                    return (
                        "each comment must be {start: <its first line>}, with header_lines: "
                        "0 to 5, reply: true or false and signed: <signature> when needed"
                    )
    return ""


def meta_line(meta: dict, key: str) -> int | None:
    """The line of ``key`` in the front matter (when it was read with ``read_yaml``)."""
    return meta.line_of(key) if isinstance(meta, YamlMap) else None


def load_source(path: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    text, problems = read_text_file(path, rel, f"Regenerate it with 'make source ID={path.stem}'.")
    if text is None:
        return None, problems
    if "\r\n" in text:
        return None, [
            Problem(
                rel,
                "the file has Windows line endings (CRLF)",
                "Save it with LF line endings (with git: 'git config core.autocrlf "
                "input', then check the file out again).",
                1,
            )
        ]
    try:
        head, body, body_line = split_front_matter(text, path)
    except ValueError as exc:
        return None, [
            Problem(
                rel,
                f"cannot read the front matter: {exc}",
                "Start the file with '---', YAML fields, '---' (see README, 'Adding a source').",
            )
        ]
    meta, problems = read_yaml(head, rel, first_line=2)
    if problems:
        return None, problems
    if not isinstance(meta, dict):
        return None, [
            Problem(
                rel,
                "the front matter is not a mapping of fields",
                "Write one 'field: value' per line between the '---' lines.",
            )
        ]
    entry = f"source '{path.stem}'"
    fields = _Fields(rel, meta, entry)
    problems = fields.problems

    missing = [f for f in REQUIRED if meta.get(f) is None or meta.get(f) == ""]
    if missing:
        problems.append(
            Problem(
                rel,
                f"required fields missing: {', '.join(missing)}",
                entry=entry,
                hint="Add them to the front matter (see README, 'Adding a source').",
            )
        )
    unfilled = unfilled_fields(meta)
    if unfilled:
        problems.append(
            Problem(
                rel,
                f"fields still unfilled: {', '.join(unfilled)}",
                line=meta_line(meta, re.split(r"[.\[]", unfilled[0])[0]),
                entry=entry,
                hint=f"Replace each '{UNFILLED}...' value with what is known; "
                "for an unknown author write authors: [] and say so in authors_note.",
            )
        )
    for key in meta:
        if key not in KNOWN_FIELDS:
            fields.problem(
                key,
                f"unknown field '{key}'",
                f"Fields allowed here: {', '.join(KNOWN_FIELDS)}. Check the spelling.",
            )
    source_id = fields.text("id") or ""
    if source_id and source_id != path.stem:
        fields.problem(
            "id",
            f"id '{source_id}' does not match the file name",
            f"Name the file sources/{source_id}.md or change the id.",
        )
    if source_id in RESERVED_IDS:
        fields.problem(
            "id",
            f"id '{source_id}' is reserved: it names the list of sources",
            "Choose another id (and file name).",
        )
    elif source_id and not slug_ok(source_id):
        fields.problem(
            "id",
            f"id '{source_id}' is not a lowercase slug",
            "Use lowercase letters, digits and single hyphens, e.g. 'register-2007'.",
        )
    kind = fields.text("kind")
    if kind and not kind.startswith(UNFILLED) and kind not in KINDS:
        fields.problem(
            "kind",
            f"kind '{kind}' is not one of: {', '.join(KINDS)}",
            "Use one of these, or add the new kind to KINDS in scripts/record/load/"
            "sources.py (citations write each kind in its own form).",
        )
    status = meta.get("original_status")
    if status is not None and status not in STATUSES:
        fields.problem(
            "original_status",
            f"original_status '{status}' is not one of: {', '.join(STATUSES)}",
            "Write 'gone' when the original site no longer exists; leave it out when unknown.",
        )
    authors = fields.authors()
    if meta.get("authors") == [] and not meta.get("authors_note"):
        fields.problem(
            "authors",
            "no author and no authors_note saying why",
            "Add authors_note: e.g. 'No byline in the capture; unknown.'",
        )
    structure = meta.get("structure") or {}
    wrong = structure_problems(structure)
    if wrong:
        fields.problem(
            "structure",
            f"structure: {wrong}",
            "See README, 'Adding a source', for the hints and their form.",
        )
        structure = {}
    text_fields = {key: fields.text(key) for key in OPTIONAL_TEXT}
    prov = Provenance(
        id=source_id,
        title=fields.text("title") or "",
        authors=authors,
        outlet=fields.text("outlet") or "",
        kind=kind or "",
        published=fields.date("published"),
        original_url=fields.url("original_url"),
        archive_url=fields.url("archive_url"),
        added=fields.date("added", day_only=True),
        captured_sha256=fields.text("captured_sha256") or "",
        furniture=fields.lines("furniture"),
        original_status=status if status in STATUSES else None,
        metadata_lines=fields.lines("metadata_lines"),
        structure=structure,
        reposted_from=fields.reposted_from(),
        reposter_lines=fields.lines("reposter_lines"),
        **text_fields,
    )
    if prov.published is not None and not prov.published.stated and not prov.published_note:
        fields.problem(
            "published",
            f"published '{prov.published}' is inferred, and there is no published_note saying how",
            "Add published_note: on what the date rests (readers see it beside the date).",
        )
    comment_notes = fields.comment_notes()

    raw_path = root / "sources" / "raw" / f"{path.stem}.txt"
    raw_text = ""
    if not raw_path.exists():
        problems.append(
            Problem(
                rel,
                f"the captured text sources/raw/{path.stem}.txt is missing",
                entry=entry,
                hint="Add the source with 'make source FILE=<captured text> ID=<id>'.",
            )
        )
    else:
        text, raw_problems = read_text_file(
            raw_path,
            f"sources/raw/{path.stem}.txt",
            "A capture is kept byte for byte as UTF-8: restore it from version control.",
        )
        problems += raw_problems
        raw_text = text or ""
        digest = hashlib.sha256(raw_text.encode("utf-8")).hexdigest()  # UTF-8 round-trips exactly
        if text is not None and prov.captured_sha256 and prov.captured_sha256 != digest:
            fields.problem(
                "captured_sha256",
                f"captured_sha256 does not match sources/raw/{path.stem}.txt (file is {digest})",
                "The captured text must never change; if it was replaced on purpose, "
                "rerun 'make source' for it.",
            )
    if not unicodedata.is_normalized("NFC", body):
        problems.append(
            Problem(
                rel,
                "the body is not in Unicode NFC form",
                entry=entry,
                hint=f"Regenerate it with 'make source ID={path.stem}' (never edit the body by "
                f"hand).",
            )
        )
    blocks, comments = parse_body(body, body_line)
    paragraph_texts = {b.text.strip() for b in blocks if b.kind not in ("heading", "figure")}
    for line in prov.reposter_lines:
        if line.strip() not in paragraph_texts:
            fields.problem(
                "reposter_lines",
                f"reposter_lines: '{line}' is not a paragraph of the body",
                "List whole paragraphs, as the source's page shows them.",
            )
    if prov.reposter_lines and not any(a.role == "reposter" for a in prov.authors):
        fields.problem(
            "reposter_lines",
            "reposter_lines are given but no author has role: reposter",
            "Name the reposter under authors: with role: reposter.",
        )
    by_id = {c.id: c for c in comments}
    for cid, note in comment_notes.items():
        comment = by_id.get(cid)
        if comment is None:
            fields.problem(
                "comments",
                f"comments: there is no comment {cid} in the body",
                "Use the ids the source's page shows (c2, c2-1).",
            )
            continue
        if note.get("author") and comment.author:
            fields.problem(
                "comments",
                f"comments: {cid} is by {comment.author} as captured; it needs no author",
                "Remove author and author_basis from this comment.",
            )
        if note.get("date") and comment.date:
            fields.problem(
                "comments",
                f"comments: {cid} is dated {comment.date_text} as captured; it needs no date",
                "Remove date and date_basis from this comment.",
            )
        comment.inferred_author = note.get("author") or None
        comment.author_basis = note.get("author_basis")
        comment.date = comment.date or note.get("date")
        comment.date_basis = note.get("date_basis")
        comment.original_anchor = note.get("original_anchor")
    return Source(path.stem, path, prov, blocks, comments, raw_text, body, body_line), problems


def unfilled_fields(meta: dict) -> list[str]:
    """The front matter fields still holding a ``TODO`` placeholder, e.g. ['authors[0].name',
    'title']."""
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
        problems.append(
            Problem(
                "sources/",
                "no sources found",
                hint="Add one with 'make source FILE=<captured text> ID=<id>'.",
            )
        )
    return sources, problems
