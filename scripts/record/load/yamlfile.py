"""Reading the YAML the maintainers write (timeline.yaml, front matter, registry.yaml).

Mappings come back as ``YamlMap``: a dict that also knows the line it starts on and the line of
each key, so that a problem can point at the offending line. libyaml's C parser is used where
PyYAML has it (ten times faster than the pure-Python one); the result is the same.
"""

from __future__ import annotations

import yaml

from ..errors import Problem

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_object(self, node, deep=False):
        # A node asked for a second time is an alias of an anchored one. The record's files have
        # no use for them, and nested aliases can make a short file expand without bound.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Alias()
        return super().construct_object(node, deep)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if isinstance(key, (list, dict)):
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


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(item, deep=True) for item in node.value)
    result.lines = [item.start_mark.line + 1 for item in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


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
        return None, [
            Problem(
                rel,
                "the file starts with a byte-order mark (BOM)",
                "Save it as UTF-8 without a byte-order mark.",
                1,
            )
        ]
    return text, []


def _first_alias_line(text: str) -> int | None:
    """The line of the first alias in ``text`` (the loader only knows the anchored value's)."""
    for token in yaml.scan(text, Loader=_Base):
        if isinstance(token, yaml.AliasToken):
            return token.start_mark.line + 1
    return None


def read_yaml(text: str, rel: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse ``text`` (from file ``rel``, starting at ``first_line`` of it); return (data,
    problems)."""
    if text.startswith("\ufeff"):
        return None, [
            Problem(
                rel,
                "the file starts with a byte-order mark (BOM)",
                "Save it as UTF-8 without a byte-order mark.",
                first_line,
            )
        ]
    try:
        # Blank lines in front, so that every line number counts in the file itself.
        data = yaml.load("\n" * (first_line - 1) + text, Loader=_Loader)  # noqa: S506 - a safe loader
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
                "YAML: values are nested too deep to read",
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
        line = mark.line + 1 if mark else None
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
