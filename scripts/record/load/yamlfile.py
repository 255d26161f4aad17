"""Reading the YAML the maintainers write (timeline.yaml, front matter, registry.yaml).

Mappings come back as ``YamlMap``: a dict that also knows the line it starts on and the line of
each key, so that a problem can point at the offending line. libyaml's C parser is used where
PyYAML has it (ten times faster than the pure-Python one); the result is the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right

import yaml

from ..errors import Problem

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Deeper than _DEEP, a file is read by the pure-Python loader (libyaml's C parser would run out of
# stack, killing the process, at some 50,000 levels); deeper than _TOO_DEEP it is refused unread.
_DEEP, _TOO_DEEP = 100, 1000


class YamlList(list):
    """A YAML sequence with the line of each of its items (``lines``)."""

    lines: list

    def line_of(self, index: int) -> int:
        return self.lines[index]


class YamlMap(dict):
    """A YAML mapping with its line (``line``) and the line of each of its keys (``lines``)."""

    line: int = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int, first: int):
        super().__init__(f"the key '{key}' appears twice in one entry (first on line {first})")
        self.problem_line = line


class _Alias(yaml.YAMLError):
    pass


class _Lines:
    """The loaders' common part: aliases refused, and lines counted as the file counts them."""

    newlines: list[int] | None = None  # where each "\n" is, when YAML would count lines otherwise

    def construct_object(self, node, deep=False):
        # A node asked for a second time is an alias of an anchored one. The record's files have
        # no use for them, and nested aliases can make a short file expand without bound.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Alias()
        return super().construct_object(node, deep)

    def line_number(self, mark) -> int:
        """The line (from 1) of ``mark`` as an editor counts it. YAML 1.1 also breaks lines at
        NEL, LS, PS and a lone CR, which would push every later line number down."""
        if self.newlines is None:
            return mark.line + 1
        return bisect_right(self.newlines, mark.index - 1) + 1


class _FastLoader(_Lines, _FAST):  # type: ignore[misc, valid-type]
    pass


class _DeepLoader(_Lines, yaml.SafeLoader):
    """Pure Python: too deep a nesting is a RecursionError here, where libyaml's C parser runs
    out of stack and takes the whole process down."""


def _mapping(loader: _Lines, node: yaml.MappingNode) -> YamlMap:
    result = YamlMap()
    result.line = loader.line_number(node.start_mark)
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = loader.line_number(key_node.start_mark)
        try:
            hash(key)
        except TypeError:
            key = None
        if key is None or isinstance(key, (list, dict, tuple)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in result:
            # PyYAML keeps the last of two equal keys without a word: a second 'claims:' would
            # silently replace the first.
            raise _DuplicateKey(str(key), line, result.lines.get(str(key), result.line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[str(key)] = line
    return result


def _sequence(loader: _Lines, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(item, deep=True) for item in node.value)
    result.lines = [loader.line_number(item.start_mark) for item in node.value]
    return result


for _loader in (_FastLoader, _DeepLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _nesting(text: str) -> int:
    """An upper bound of how deep ``text`` nests (flow brackets, or indentation), cheaply: most
    files have few brackets and shallow indents. Brackets in text count too: a file with
    hundreds of unclosed '[' is read by the slow loader, or refused."""
    deepest = 0
    if text.count("[") + text.count("{") > _DEEP:
        depth = 0
        for bracket in _BRACKETS.findall(text):
            depth += 1 if bracket in "[{" else -1
            deepest = max(deepest, depth)
    if _DEEP_INDENT.search(text):
        deepest = max(deepest, max(map(len, _INDENTS.findall(text))) // 2)
    return deepest


_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(rf"^[ \t-]{{{2 * _DEEP}}}", re.MULTILINE)
_INDENTS = re.compile(r"^[ \t-]+", re.MULTILINE)
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


def kind_of(value: object) -> str:
    """What a YAML value is, in a maintainer's words: 'a list', 'a number', 'true or false'."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    if value is None:
        return "empty"
    return "a date" if hasattr(value, "isoformat") else type(value).__name__


def _bom(rel: str, line: int) -> Problem:
    return Problem(
        rel,
        "the file starts with a byte-order mark (BOM)",
        "Save it as UTF-8 without a byte-order mark.",
        line,
    )


def read_text_file(path, rel: str, hint: str) -> tuple[str | None, list[Problem]]:
    """A file's text, or a problem saying where it is not UTF-8 (line and byte) or that it starts
    with a byte-order mark. ``hint`` says how to mend it."""
    try:
        data = path.read_bytes()
    except OSError as exc:  # a folder, a broken link, no permission
        return None, [
            Problem(
                rel,
                f"cannot be read: {exc.strerror or exc}",
                "Make it a readable file, or remove it.",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                rel,
                f"not UTF-8 text: byte {exc.start} ({data[exc.start]:#04x}) {exc.reason}",
                hint,
                line,
            )
        ]
    if text.startswith("\ufeff"):
        return None, [_bom(rel, 1)]
    return text, []


def _first_alias_line(text: str) -> int | None:
    """The line of the first alias in ``text`` (the loader only knows the anchored value's)."""
    for token in yaml.scan(text, Loader=_DeepLoader if _nesting(text) > _DEEP else _FAST):
        if isinstance(token, yaml.AliasToken):
            return token.start_mark.line + 1
    return None


def _load(text: str) -> object:
    nesting = _nesting(text)
    if nesting > _TOO_DEEP:
        raise RecursionError(f"nested some {nesting} levels deep")  # reported as too deep
    loader = (_DeepLoader if nesting > _DEEP else _FastLoader)(text)
    if (
        "\x85" in text or "\u2028" in text or "\u2029" in text or "\r" in text
    ) and _OTHER_BREAKS.search(text):
        loader.newlines = [match.start() for match in re.finditer("\n", text)]
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def read_yaml(text: str, rel: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse ``text`` (from file ``rel``, starting at ``first_line`` of it); return (data,
    problems)."""
    if text.startswith("\ufeff"):
        return None, [_bom(rel, first_line)]
    try:
        data = _load("\n" * (first_line - 1) + text)  # blank lines: lines count in the file
    except _Alias:
        return None, [
            Problem(
                rel,
                "YAML: an alias (*name) repeats an anchored value (&name)",
                "Write the value out in full where it is used: "
                "these files do not use anchors (&) and aliases (*).",
                _first_alias_line(text) + first_line - 1,
            )
        ]
    except RecursionError:
        return None, [
            Problem(
                rel,
                "YAML: values are nested too deep to read (or the text holds hundreds of "
                "unclosed '[' or '{')",
                "Write the value as plain text or a short list.",
                None,
            )
        ]
    except _DuplicateKey as exc:
        return None, [
            Problem(
                rel,
                f"YAML: {exc}",
                "Keep one of the two (each key once per entry).",
                exc.problem_line,
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = _line_at(text, mark.index) + first_line - 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        return None, [
            Problem(
                rel,
                f"YAML syntax error: {what}",
                "Fix the syntax at this line (check indentation, and quote text "
                "containing ':' or '#').",
                line,
            )
        ]
    return data, []
