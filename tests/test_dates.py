"""Dates: EDTF as the Library of Congress defines it, read the way the `edtf` package reads it.

record/dates.py parses the forms the record uses by itself (the `edtf` package takes 3 to 4 ms a
date); these tests hold it to that package, the maintained reference parser, on every date in
the data and on each supported form, and check what the site says of each.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from edtf import EDTFParseException, parse_edtf
from hypothesis import given
from hypothesis import strategies as st

from conftest import RECORD
from record.dates import DateError, RecordDate, parse_written_date

FORMS = [
    "1991",
    "2006-08",
    "2007-08-13",
    "2015-03-05?",
    "2013-08~",
    "2015-03-05%",
    "[..2006-08]",
    "[2007-08-16..]",
    "[2007-08-18..2007-08-22]",
    "[..2013]",
    "2007-08-18/2007-08-22",
    "../2006-08",
    "2006-08/..",
    "2004-02-29",
    "[2007-08..2007-09]",
]
NOT_DATES = [
    "2007-02-30",
    "2007-13",
    "2006-02-29",
    "Aug 2007",
    "2007/08/13",
    "07-08-13",
    "",
    "[..]",
    "../..",
    "[2007-08-22..2007-08-18]",
    "2007-08-22/2007-08-18",
    "2007-08-13??",
    "20070813",
]


def reference_bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the `edtf` package gives for ``text`` (None for an open end)."""
    parsed = parse_edtf(text)
    low, high = parsed.lower_strict(), parsed.upper_strict()

    def as_date(bound) -> dt.date | None:  # an open end is a float: minus or plus infinity
        return (
            None
            if isinstance(bound, float)
            else dt.date(bound.tm_year, bound.tm_mon, bound.tm_mday)
        )

    return as_date(low), as_date(high)


def our_bounds(date: RecordDate) -> tuple[dt.date | None, dt.date | None]:
    return (
        date.start.first if date.start else None,
        date.end.last if date.end else date.start.last if date.kind == "date" else None,
    )


@pytest.mark.parametrize(
    "text",
    FORMS
    + sorted(
        {e.date.edtf for e in RECORD.events}
        | {s.prov.published.edtf for s in RECORD.sources.values()}
    ),
)
def test_every_supported_form_means_what_the_reference_parser_says(text):
    date = RecordDate.parse(text)
    assert date.edtf == text
    assert our_bounds(date) == reference_bounds(text)


@pytest.mark.parametrize("text", NOT_DATES)
def test_what_is_not_a_supported_date_is_refused_with_a_reason(text):
    with pytest.raises(
        DateError, match="not a real date|not an EDTF date|runs backwards|not a date"
    ):
        RecordDate.parse(text)


def test_the_reference_parser_refuses_them_too_or_is_laxer():
    """The `edtf` package refuses the malformed dates; it accepts 29 February of a common year
    and ranges that run backwards, which this record refuses (neither is a date a text can mean)."""
    for text in ("2007-02-30", "2007-13", "Aug 2007", "2007/08/13", "2007-08-13??", "20070813"):
        with pytest.raises(EDTFParseException):
            parse_edtf(text)
    for text in ("2006-02-29", "[2007-08-22..2007-08-18]", "2007-08-22/2007-08-18"):
        parse_edtf(text)
        with pytest.raises(DateError):
            RecordDate.parse(text)


@pytest.mark.parametrize(
    "text, words",
    [
        ("1991", "1991"),
        ("2006-08", "August 2006"),
        ("2007-08-13", "13 August 2007"),
        ("[..2007-08-13]", "on or before 13 August 2007"),
        ("[2007-08-16..]", "on or after 16 August 2007"),
        ("[2007-08-18..2007-08-22]", "between 18 August 2007 and 22 August 2007"),
        ("2015-03-05?", "likely 5 March 2015"),
        ("2013-08~", "about August 2013"),
        ("2007-08-18/2007-08-22", "from 18 August 2007 to 22 August 2007"),
    ],
)
def test_a_date_is_said_in_words_never_more_precisely_than_known(text, words):
    assert RecordDate.parse(text).display() == words


def test_only_a_plain_day_can_go_in_a_calendar():
    assert RecordDate.parse("2007-08-13").is_exact_day
    for text in ("2007-08", "[..2007-08-13]", "2015-03-05?", "2007-08-18/2007-08-22"):
        assert not RecordDate.parse(text).is_exact_day, text


def test_yaml_unquoted_dates_are_read_as_written():
    assert RecordDate.parse(dt.date(2007, 8, 20)).edtf == "2007-08-20"
    assert RecordDate.parse(1991).edtf == "1991"


def test_a_comment_date_as_a_page_writes_it():
    assert parse_written_date("August 15, 2007").edtf == "2007-08-15"
    assert parse_written_date("August 15th, 2007").edtf == "2007-08-15"
    assert parse_written_date("11:44 pm") is None
    assert parse_written_date("February 30, 2007") is None


# --- chronological order -------------------------------------------------------------------------

_days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2020, 12, 31))


@st.composite
def _edtf_dates(draw) -> str:
    """Any form of date the record holds: a day, month or year (maybe likely), a bound, a range
    of days, an interval."""

    def one(day: dt.date, qualified: bool = True) -> str:
        precision = draw(st.sampled_from([1, 2, 3]))
        text = day.isoformat()[: {1: 4, 2: 7, 3: 10}[precision]]
        # EDTF allows no qualifier on a date inside a set ([..2015-03-05?] is refused)
        return text + (draw(st.sampled_from(["", "", "?", "~"])) if qualified else "")

    first, second = sorted([draw(_days), draw(_days)])
    form = draw(st.sampled_from(["date", "before", "after", "between", "interval"]))
    if form == "date":
        return one(first)
    if form == "before":
        return f"[..{one(first, False)}]"
    if form == "after":
        return f"[{one(first, False)}..]"
    low, high = one(first, form == "interval"), one(second, form == "interval")
    try:
        RecordDate.parse(f"[{low}..{high}]")
    except DateError:  # the same month at two precisions can run backwards: one side then
        return f"[{low.rstrip('?~%')}..]"
    return f"[{low}..{high}]" if form == "between" else f"{low}/{high}"


@given(_edtf_dates(), _edtf_dates())
def test_no_date_sorts_after_one_that_lies_entirely_later(a, b):
    """If every day ``a`` can mean is before every day ``b`` can mean, ``a`` is listed first:
    the timeline never shows an event before one the texts place entirely earlier."""
    first, second = RecordDate.parse(a), RecordDate.parse(b)
    if first.last_day is not None and second.first_day is not None:
        if first.last_day < second.first_day:
            assert first.sort_key() < second.sort_key(), (a, b)


def test_month_only_events_follow_the_days_that_open_the_month():
    """Haff's note (between 18 and 22 August 2007) and the month-only 'accusation spreads' come
    after the VentureCake post of 13 August that they answer, as the texts place them."""
    order = [e.id for e in RECORD.events]
    post = order.index("venturecake-house-of-cards-published")
    assert order.index("haff-illuminata-vmware-and-the-gpl") > post
    assert order.index("venturecake-accusation-spreads") > post
    for earlier, later in itertools.pairwise(RECORD.events):
        if later.date.last_day and earlier.date.first_day:
            assert not later.date.last_day < earlier.date.first_day, (earlier.id, later.id)
