"""The one date type of the record: a date as precisely as the texts give it, in EDTF notation.

Every date in the data (events, publication dates, comment dates) is written in the Library of
Congress Extended Date/Time Format (ISO 8601-2), the subset a documentary record needs:

    2007            a year                  2006-08          a month
    2007-08-13      a day                   2015-03-05?      uncertain ("likely")
    2013-08~        approximate ("about")   2015-03-05%      uncertain and approximate
    [..2006-08]     on or before            [2007-08-16..]   on or after
    [2007-08-18..2007-08-22]                one day between the two ("between 18 and 22 August")
    2007-08-18/2007-08-22                   a span of time (an interval)

The brackets are EDTF's "one of a set" (level 2): the event happened on one day of the set, which
the texts bound but do not pin down. The ``edtf`` package on PyPI parses all of EDTF; the tests
hold this parser to it on every form above. It is not used at build time because it takes 3 to
4 ms per date (and 80 ms to import), more than the rest of the load step at ten times the corpus.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PRECISIONS = {1: "year", 2: "month", 3: "day"}
QUALIFIER_WORDS = {"?": "likely", "~": "about", "%": "likely about"}

_DAY = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[?~%]?"  # [0-9], not \d: no other script's digits
_SIMPLE = re.compile(rf"^({_DAY})$")
_SET = re.compile(rf"^\[(?:\.\.({_DAY})|({_DAY})\.\.|({_DAY})\.\.({_DAY}))\]$")
_INTERVAL = re.compile(rf"^(\.\.|{_DAY})/(\.\.|{_DAY})$")
EXAMPLES = (
    "2007-08-13",
    "2006-08",
    "2007",
    "[..2006-08] (on or before)",
    "[2007-08-16..] (on or after)",
    "[2007-08-18..2007-08-22] (between)",
    "2015-03-05? (likely)",
)


class DateError(ValueError):
    """A value that is not a date of the supported EDTF forms; the message says why."""


@dataclass(frozen=True)
class Day:
    """One calendar date at year, month or day precision, possibly uncertain or approximate."""

    parts: tuple[int, ...]  # (2007,), (2006, 8) or (2007, 8, 13)
    qualifier: str = ""  # "", "?", "~" or "%"

    @property
    def iso(self) -> str:
        return "-".join([f"{self.parts[0]:04d}"] + [f"{p:02d}" for p in self.parts[1:]])

    @property
    def edtf(self) -> str:
        return self.iso + self.qualifier

    @property
    def precision(self) -> str:
        return PRECISIONS[len(self.parts)]

    @property
    def first(self) -> dt.date:
        """The earliest calendar day this date can mean."""
        year, month, day = (*self.parts, 1, 1)[:3]
        return dt.date(year, month, day)

    @property
    def last(self) -> dt.date:
        """The latest calendar day this date can mean."""
        if len(self.parts) == 3:
            return dt.date(*self.parts)
        year, month = self.parts[0], self.parts[1] if len(self.parts) == 2 else 12
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def words(self) -> str:
        """'13 August 2007', 'August 2006', '2007': never more precise than known."""
        text = str(self.parts[0])
        if len(self.parts) >= 2:
            text = f"{MONTHS[self.parts[1] - 1]} {text}"
        if len(self.parts) == 3:
            text = f"{self.parts[2]} {text}"
        return text


def _day(text: str) -> Day:
    qualifier = text[-1] if text[-1] in "?~%" else ""
    parts = tuple(int(p) for p in text.rstrip("?~%").split("-"))
    year, month, day = (*parts, 1, 1)[:3]
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError(f"'{text}' is not a real date")
    return Day(parts, qualifier)


@dataclass(frozen=True)
class RecordDate:
    """A date of the record: a day, month or year; one day of a bounded range; or a span.

    ``kind`` is "date" (``start`` only), "set" (one unknown day of [start..end]; either bound may
    be open, None) or "interval" (the whole span from start to end; either end may be open).
    """

    edtf: str
    kind: str
    start: Day | None
    end: Day | None = None

    # --- reading ---------------------------------------------------------------------------

    @staticmethod
    def parse(value: object) -> RecordDate:
        """Read an EDTF string (or what YAML makes of an unquoted date: a date or an int)."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise DateError(f"{value!r} is not a date written as text")
        text = value.strip()
        if _SIMPLE.match(text):
            return RecordDate(text, "date", _day(text))
        match = _SET.match(text)
        if match:
            before, after, low, high = match.groups()
            start = _day(after or low) if after or low else None
            end = _day(before or high) if before or high else None
            if any(day is not None and day.qualifier for day in (start, end)):
                raise DateError(
                    f"'{text}' qualifies a date inside a set, which EDTF does not allow: write the "
                    "bound plain, and say in the note that it is itself likely"
                )
            if start and end and start.last > end.first:
                raise DateError(f"'{text}' runs backwards: its first date is after its last")
            return RecordDate(text, "set", start, end)
        match = _INTERVAL.match(text)
        if match and match.groups() != ("..", ".."):
            start = None if match.group(1) == ".." else _day(match.group(1))
            end = None if match.group(2) == ".." else _day(match.group(2))
            if start and end and start.first > end.last:
                raise DateError(f"'{text}' runs backwards: it starts after it ends")
            return RecordDate(text, "interval", start, end)
        raise DateError(f"'{text}' is not an EDTF date of a supported form")

    # --- what it says ------------------------------------------------------------------------

    @property
    def is_bound(self) -> bool:
        """Only one side is known: 'on or before' or 'on or after' a date."""
        return self.kind == "set" and (self.start is None) != (self.end is None)

    @property
    def bound(self) -> Day:
        """The one known date of a simple date or a one-sided bound."""
        return self.start or self.end  # type: ignore[return-value]

    @property
    def qualifier(self) -> str | None:
        """'on-or-before' / 'on-or-after' for a one-sided bound, else None."""
        if not self.is_bound:
            return None
        return "on-or-before" if self.start is None else "on-or-after"

    @property
    def iso(self) -> str:
        """The ISO 8601 form of a simple date or of a bound (without EDTF qualifiers)."""
        return self.bound.iso

    @property
    def precision(self) -> str:
        return self.bound.precision

    @property
    def parts(self) -> tuple[int, ...]:
        return self.bound.parts

    @property
    def is_exact_day(self) -> bool:
        """A plain day the texts state, neither bounded nor uncertain: what a calendar can hold."""
        return self.kind == "date" and self.start.precision == "day" and not self.start.qualifier

    def display(self) -> str:
        """In words, never more precise than the data: 'on or before August 2006', 'likely 5 March
        2015'."""

        def words(day: Day) -> str:
            prefix = QUALIFIER_WORDS.get(day.qualifier, "")
            return f"{prefix} {day.words()}" if prefix else day.words()

        if self.kind == "date":
            return words(self.start)
        if self.kind == "set":
            if (
                self.is_bound and self.bound.qualifier
            ):  # "on or before 5 March 2015 (a likely date)"
                side = "on or before" if self.start is None else "on or after"
                note = {"?": "a likely date", "~": "an approximate date"}.get(
                    self.bound.qualifier, "a likely, approximate date"
                )
                return f"{side} {self.bound.words()} ({note})"
            if self.start is None:
                return f"on or before {words(self.end)}"
            if self.end is None:
                return f"on or after {words(self.start)}"
            return f"between {words(self.start)} and {words(self.end)}"
        if self.start is None:
            return f"until {words(self.end)}"
        if self.end is None:
            return f"from {words(self.start)}"
        return f"from {words(self.start)} to {words(self.end)}"

    @property
    def uncertain(self) -> bool:
        """Some part is uncertain or approximate (EDTF ? ~ %): 'likely', 'about'."""
        return any(day.qualifier for day in (self.start, self.end) if day is not None)

    @property
    def stated(self) -> bool:
        """A plain date, day, month or year, with no bound, range or qualifier: as a text gives
        it. Anything else is the corpus's inference and is shown as such."""
        return self.kind == "date" and not self.start.qualifier

    @property
    def first_day(self) -> dt.date | None:
        """The earliest day the date can mean (None: open)."""
        return self.start.first if self.start else None

    @property
    def last_day(self) -> dt.date | None:
        """The latest day the date can mean (None: open)."""
        if self.kind == "date":
            return self.start.last
        return self.end.last if self.end else None

    def sort_key(self) -> tuple[float, int, int]:
        """A chronological order that never lists a date after one that lies entirely later.

        Each date covers the days from ``first_day`` to ``last_day``. It is placed at a day of its
        own span: the middle of a closed span ("August 2007" at the 16th, "between 18 and 22
        August" at the 20th), the known side of a one-sided bound ("on or before" at the first
        day the bound can mean, "on or after" at the last), the start of an interval. If A ends
        before B begins, A's place is at most A's last day, which is before B's first day, which
        is at most B's place: A sorts first. Ties: the narrower span first, a bound before/after
        a plain date as it says.
        """
        first, last = self.first_day, self.last_day
        if self.kind == "interval":
            place = float((first or last).toordinal())
        elif first is not None and last is not None:
            place = (first.toordinal() + last.toordinal()) / 2
        elif first is None:
            place = float(self.end.first.toordinal())
        else:
            place = float(self.start.last.toordinal())
        width = (last.toordinal() - first.toordinal()) if first and last else 1_000_000
        order = {"on-or-before": -1, None: 0, "on-or-after": 1}[self.qualifier]
        return (place, order, width)

    @property
    def data_qualifier(self) -> str | None:
        """What qualifies the date in the data files, beside its ISO form (None: as stated):
        'on-or-before', 'on-or-after', 'between' (one day of a range), 'interval' (a span),
        'likely', 'about' or 'likely-about'."""
        if self.kind == "date":
            return {"": None, "?": "likely", "~": "about", "%": "likely-about"}[
                self.start.qualifier
            ]
        if self.kind == "interval":
            return "interval"
        return self.qualifier or "between"

    @property
    def place_year(self) -> int:
        """The year of the day ``sort_key`` places the date at: the year a timeline lists it
        under, so that each year's events stay together."""
        return dt.date.fromordinal(int(self.sort_key()[0])).year

    def __str__(self) -> str:
        return self.edtf


_WRITTEN = re.compile(rf"^({'|'.join(MONTHS)}) ([0-9]{{1,2}})(?:st|nd|rd|th)?, ([0-9]{{4}})$")


def parse_written_date(text: str) -> RecordDate | None:
    """A date as a page writes it ('August 15, 2007'), or None when it is not one."""
    match = _WRITTEN.match(text.strip())
    if not match:
        return None
    month, day, year = MONTHS.index(match.group(1)) + 1, int(match.group(2)), int(match.group(3))
    try:
        return RecordDate.parse(f"{year:04d}-{month:02d}-{day:02d}")
    except DateError:
        return None
