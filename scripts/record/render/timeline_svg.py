"""The timeline page's figure: every event as a mark on one time axis, a lane per thread.

This module computes the figure as plain data (coordinates, classes, texts); the template
``parts/timeline_svg.html`` draws it, so that every text from the data is escaped by Jinja.

The axis is piecewise linear and never runs backwards: each year with an event is shown month by
month, a month wider the more events it places (so that the busy weeks of August 2007 stay
readable); a stretch of years without events shrinks to a short labelled break. A mark is placed
at the day ``RecordDate.sort_key`` places its date at, so the marks keep the page's order: an
event the texts place entirely earlier is never to the right.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..dates import MONTHS, RecordDate

# Sizes, in SVG user units (pixels at 100 %).
MONTH = 6.0  # a month without events
ACTIVE = 24.0  # a month with an event placed in it, at the least
PER_EVENT = 7.0  # a month per event it places to the day or within a fortnight
BUSY_CAP = 14  # ...counting at most this many
BREAK = 50.0  # a stretch of years without events
MARGIN = 10.0
AXIS = 34.0  # the height of the year and month labels
LABEL = 15.0  # a lane's label, above its marks
ROW = 9.0  # one row of marks
LANE_GAP = 5.0
FADE = 26.0  # the line of a one-sided bound, toward its open side
DOT = 3.5  # the radius of a one-day mark
BAR = 6.0  # the height of a bar
PAD = 3.0  # the least room between two marks on one row
CHAR = 6.2  # about the width of a character of the labels (11 px)


@dataclass(frozen=True)
class _Segment:
    start: int  # first day (ordinal)
    end: int  # the day after the last (ordinal)
    x0: float
    x1: float


class Scale:
    """Days to x: active years month by month, empty stretches as breaks."""

    def __init__(self, years: set[int], placed: Counter, busy: Counter):
        self.segments: list[_Segment] = []
        self.years: list[dict] = []
        self.months: list[dict] = []
        self.breaks: list[dict] = []
        x = MARGIN
        ordered = sorted(years)
        for index, year in enumerate(ordered):
            if index and year > ordered[index - 1] + 1:
                first_empty, last_empty = ordered[index - 1] + 1, year - 1
                start, end = dt.date(first_empty, 1, 1), dt.date(year, 1, 1)
                self.segments.append(_Segment(start.toordinal(), end.toordinal(), x, x + BREAK))
                label = str(first_empty)
                if last_empty > first_empty:  # "1992–97", "1999–2000"
                    same_century = first_empty // 100 == last_empty // 100
                    label += f"–{str(last_empty)[2:] if same_century else last_empty}"
                words = (
                    f"no events in {first_empty}"
                    if first_empty == last_empty
                    else f"no events from {first_empty} to {last_empty}"
                )
                self.breaks.append(
                    {
                        "x": round(x, 1),
                        "width": BREAK,
                        "middle": round(x + BREAK / 2, 1),
                        "label": label,
                        "words": words,
                    }
                )
                x += BREAK
            year_x = x
            for month in range(1, 13):
                start = dt.date(year, month, 1)
                # the month's end as the next month's first day (an ordinal past 31 Dec 9999)
                end_ordinal = start.toordinal() + calendar.monthrange(year, month)[1]
                width = MONTH
                if placed[(year, month)]:
                    width = max(ACTIVE, MONTH + PER_EVENT * min(busy[(year, month)], BUSY_CAP))
                self.segments.append(_Segment(start.toordinal(), end_ordinal, x, x + width))
                if width >= 24:
                    self.months.append(
                        {"x": round(x + width / 2, 1), "label": MONTHS[month - 1][:3]}
                    )
                x += width
            self.years.append(
                {"year": year, "x": round(year_x, 1), "middle": round((year_x + x) / 2, 1)}
            )
        self.width = x + MARGIN

    def x(self, ordinal: float) -> float:
        """The x of a moment: ``ordinal`` is a day's ordinal, its fraction the time of day."""
        segments = self.segments
        if ordinal <= segments[0].start:
            return segments[0].x0
        for seg in segments:
            if ordinal < seg.end:
                return seg.x0 + (ordinal - seg.start) / (seg.end - seg.start) * (seg.x1 - seg.x0)
        return segments[-1].x1


def _closed_years(date: RecordDate) -> set[int]:
    """The years a date's known days touch: a closed span all of its years, a bound its own."""
    first, last = date.first_day, date.last_day
    if first and last:
        return set(range(first.year, last.year + 1))
    return {day.year for day in (first, last) if day}


def _known(date: RecordDate) -> tuple[dt.date, dt.date]:
    """The first and last day of what the texts give: a bound's own day, month or year."""
    first, last = date.first_day, date.last_day
    return first or date.end.first, last or date.start.last


def _shape(date: RecordDate, scale: Scale, anchor: float) -> dict:
    """How a date is drawn, relative to its anchor: a dot for a day, a bar for a month, a year, a
    range or a span, and for a one-sided bound a line fading toward its open side."""
    first, last = date.first_day, date.last_day
    known_first, known_last = _known(date)
    x0 = scale.x(known_first.toordinal())
    x1 = scale.x(known_last.toordinal() + 1)
    if date.kind == "interval":
        kind = "interval"
    elif date.kind == "set" and first and last:
        kind = "range"
    else:
        kind = date.bound.precision  # "day", "month" or "year"
    shape = {"kind": kind, "dot": kind == "day" or x1 - x0 < 2 * DOT}
    shape["x_bar"] = round(x0 - anchor, 1)
    shape["width"] = round(max(x1 - x0, 1.0), 1)
    fade = None
    if date.kind != "date" and (first is None or last is None):
        if first is None:  # on or before, or until: open to the left
            edge = x0 - anchor - (DOT if shape["dot"] else 0)
            fade = {"side": "left", "x": round(edge - FADE, 1), "tip": round(edge - FADE, 1)}
        else:  # on or after, or from: open to the right
            edge = x1 - anchor + (DOT if shape["dot"] else 0)
            fade = {"side": "right", "x": round(edge, 1), "tip": round(edge + FADE, 1)}
    shape["fade"] = fade
    left = min(x0 - anchor, -DOT, fade["x"] if fade else 0)
    right = max(x1 - anchor, DOT, (fade["x"] + FADE) if fade else 0)
    shape["extent"] = (anchor + left, anchor + right)
    return shape


def _label(event, date: RecordDate) -> str:
    words = f"{event.title} ({date.display()}"
    if event.external:
        words += ", from outside the corpus"
    return words + ")"


def timeline_figure(record) -> dict:
    """The figure and its list equivalent, as plain data for ``parts/timeline_svg.html`` and
    ``parts/chronology.html``."""
    events = list(record.events)
    threads = list(record.threads.values())
    lane_ids = [t.id for t in threads] + sorted({e.thread for e in events} - set(record.threads))
    titles = {t.id: t.title for t in threads}
    places = {e.id: e.date.sort_key()[0] for e in events}
    placed, busy = Counter(), Counter()
    years: set[int] = set()
    for event in events:
        day = dt.date.fromordinal(int(places[event.id]))
        first, last = _known(event.date)
        if last - first <= dt.timedelta(days=31):  # a year-wide date widens no month
            placed[(day.year, day.month)] += 1
        if last - first <= dt.timedelta(days=15):
            busy[(day.year, day.month)] += 1
        years |= _closed_years(event.date)
    if not events:
        return {"events": [], "chronology": []}
    scale = Scale(years, placed, busy)

    marks_by_lane: dict[str, list[dict]] = {lane: [] for lane in lane_ids}
    for event in events:
        anchor = scale.x(places[event.id] + 0.5)
        shape = _shape(event.date, scale, anchor)
        classes = ["tl-mark", f"tl-{shape['kind']}"]
        if shape["dot"] and shape["kind"] != "day":
            classes.append("tl-narrow")
        if event.date.kind == "set" and event.date.is_bound:
            classes.append("tl-bound")
        if shape["fade"]:
            classes.append(f"tl-open-{shape['fade']['side']}")
        if event.date.uncertain:
            classes.append("tl-likely")
        if event.external:
            classes.append("tl-external")
        marks_by_lane[event.thread].append(
            {
                "id": event.id,
                "x": round(anchor, 1),
                "class": " ".join(classes),
                "label": _label(event, event.date),
                **shape,
            }
        )

    # Each lane: marks on rows, a mark on the first row where it overlaps none.
    lanes, y = [], AXIS
    for lane in lane_ids:
        marks = marks_by_lane[lane]
        if not marks:
            continue
        rows: list[float] = []
        for mark in sorted(marks, key=lambda m: m["extent"][0]):
            left, right = mark["extent"]
            for index, row_right in enumerate(rows):
                if left >= row_right + PAD:
                    rows[index] = right
                    break
            else:
                index = len(rows)
                rows.append(right)
            mark["y"] = round(y + LABEL + ROW * index + ROW / 2, 1)
        title = titles.get(lane, lane)
        # The label at the left edge, and again by the lane's first mark when that is far off.
        first_x = min(m["extent"][0] for m in marks)
        label_xs = [MARGIN]
        if first_x - MARGIN > 300:
            label_xs.append(round(min(first_x, scale.width - MARGIN - CHAR * len(title)), 1))
        height = LABEL + ROW * len(rows) + LANE_GAP
        lanes.append(
            {
                "id": lane,
                "title": title,
                "y": y,
                "label_xs": label_xs,
                "label_y": y + LABEL - 4,
                "height": height,
            }
        )
        y += height
    height = y + 4
    order = {e.id: i for i, e in enumerate(events)}
    marks = sorted((m for ms in marks_by_lane.values() for m in ms), key=lambda m: order[m["id"]])
    for mark in marks:
        del mark["extent"]
    external = [e for e in events if e.external]
    return {
        "width": round(scale.width),
        "height": round(height),
        "lanes": lanes,
        "marks": marks,
        "years": scale.years,
        "months": scale.months,
        "breaks": scale.breaks,
        "first_year": min(years),
        "last_year": max(years),
        "external_count": len(external),
        "events": [
            {
                "id": e.id,
                "title": e.title,
                "date": e.date.display(),
                "thread": titles.get(e.thread, e.thread),
                "external": e.external,
            }
            for e in events
        ],
    }
