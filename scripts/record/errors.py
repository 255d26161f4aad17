"""Errors about the data, written for the maintainer who has to fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """One thing wrong with the data: where it is, what it is, what to do."""

    file: str
    message: str
    hint: str = ""
    line: int | None = None
    entry: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.entry:
            where += f" ({self.entry})"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    -> {self.hint}"
        return text


class RecordError(Exception):
    """Raised when the data cannot be built; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"The record has {count} problem{'s' if count != 1 else ''}; nothing was built:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
