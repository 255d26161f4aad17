"""The timeline page's figure (one inline SVG, a mark per event) and its list equivalent."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml

from conftest import RECORD, SITE, Page
from record.publish import generate


def body(files, path: str = "timeline/index.md") -> str:
    return files[path].partition("\n---\n")[2]


class Figure(HTMLParser):
    """The SVG's marks (class, href, translate x, title) and the chronology's items (href, text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.svgs = 0
        self.marks: list[dict] = []
        self.items: list[dict] = []
        self._in_svg = self._in_chronology = False
        self._mark: dict | None = None
        self._item: dict | None = None
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self.svgs += 1
            self._in_svg = True
        elif self._in_svg and tag == "a":
            match = re.fullmatch(r"translate\(([-0-9.]+) ([-0-9.]+)\)", attrs["transform"])
            self._mark = {
                "href": attrs["href"],
                "class": attrs["class"].split(),
                "x": float(match.group(1)),
                "title": "",
                "shapes": [],
            }
            self.marks.append(self._mark)
        elif self._mark is not None and tag == "title":
            self._in_title = True
        elif self._mark is not None:
            self._mark["shapes"].append(tag)
        elif tag == "ol" and "timeline-chronology" in attrs.get("class", ""):
            self._in_chronology = True
        elif self._in_chronology and tag == "li":
            self._item = {"hrefs": [], "text": ""}
            self.items.append(self._item)
        elif self._item is not None and tag == "a":
            self._item["hrefs"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        elif tag == "title":
            self._in_title = False
        elif tag == "a" and self._in_svg:
            self._mark = None
        elif tag == "ol":
            self._in_chronology = False
        elif tag == "li":
            self._item = None

    def handle_data(self, data):
        if self._in_title and self._mark is not None:
            self._mark["title"] += data
        if self._item is not None:
            self._item["text"] += data


def test_one_svg_with_one_linked_titled_mark_per_event(files):
    html = body(files)
    figure = Figure(html)
    assert figure.svgs == 1 and html.count("<svg") == 1
    ids = Page(html).ids
    assert [m["href"] for m in figure.marks] == [f"#{e.id}" for e in RECORD.events]
    for mark, event in zip(figure.marks, RECORD.events, strict=True):
        assert ids[event.id]["tag"] == "article"  # the entry the mark links to
        assert event.title in mark["title"] and event.date.display() in mark["title"]
        assert "tl-mark" in mark["class"] and mark["shapes"]
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert len(svg.encode()) < 40_000
    assert "overflow-x:auto" in html[html.index("<figure") : html.index("<svg")]
    assert "<figcaption" in html and "<desc" in svg and "<style>" in svg


def test_marks_never_stand_left_of_an_event_placed_entirely_earlier(files):
    marks = {m["href"][1:]: m["x"] for m in Figure(body(files)).marks}
    events = RECORD.events
    pairs = 0
    for a in events:
        for b in events:
            if a.date.last_day and b.date.first_day and a.date.last_day < b.date.first_day:
                assert marks[a.id] <= marks[b.id], (a.id, b.id)
                pairs += 1
    assert pairs > 100
    # and the marks run left to right in the page's order
    xs = [marks[e.id] for e in events]
    assert xs == sorted(xs)


def test_how_each_date_is_drawn_shows_in_its_classes(files):
    marks = {m["href"][1:]: m for m in Figure(body(files)).marks}
    kinds = {"date": 0, "bound": 0, "likely": 0, "range": 0, "external": 0}
    for event in RECORD.events:
        date, mark = event.date, marks[event.id]
        classes = set(mark["class"])
        if date.is_bound:
            kinds["bound"] += 1
            side = "left" if date.first_day is None else "right"
            assert {"tl-bound", f"tl-open-{side}"} <= classes, event.id
            assert mark["shapes"].count("rect") >= 1 and "path" in mark["shapes"]  # fade, arrow
        elif date.kind == "date":
            assert "tl-bound" not in classes and not any(c.startswith("tl-open") for c in classes)
        if date.kind == "set" and date.first_day and date.last_day:
            kinds["range"] += 1
            assert "tl-range" in classes, event.id
        if date.kind == "date":
            kinds["date"] += 1
            assert f"tl-{date.precision}" in classes, event.id
        assert ("tl-likely" in classes) == date.uncertain, event.id
        kinds["likely"] += date.uncertain
        assert ("tl-external" in classes) == event.external, event.id
        kinds["external"] += event.external
    assert all(kinds.values()), kinds  # the record has every kind
    assert "tl-year" in marks["torvalds-authors-first-linux-kernel"]["class"]
    assert "tl-month" in marks["hellwig-replies-to-amsden-on-lkml"]["class"]


def test_the_chronology_lists_every_event_once_in_timeline_order(files):
    html = body(files)
    items = Figure(html).items
    assert [i["hrefs"] for i in items] == [[f"#{e.id}"] for e in RECORD.events]
    for item, event in zip(items, RECORD.events, strict=True):
        text = " ".join(item["text"].split())
        assert text.startswith(event.date.display()) and event.title in text
        assert RECORD.threads[event.thread].title in text
    # right after the figure, before the first year
    assert (
        html.index("</figure>")
        < html.index('<ol class="timeline-chronology"')
        < html.index("## 1991")
    )


def test_titles_from_the_data_are_escaped(project):
    path = project / "timeline.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hostile = 'Say "hi" & <script>alert(1)</script> it\'s <b>'
    data["events"][0]["title"] = hostile
    data["threads"][0]["title"] = 'Back"ground <script>x</script>'
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    html = body(generate(project, SITE)[1])
    figure_html = html[html.index("<figure") : html.index("</ol>")]
    assert "<script" not in figure_html and "<b>" not in figure_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in figure_html
    assert "&lt;script&gt;x&lt;/script&gt;" in figure_html
    figure = Figure(html)
    assert hostile in figure.marks[0]["title"]
    assert hostile in figure.items[0]["text"]
    assert figure.svgs == 1


def test_the_figure_is_one_tab_stop_and_the_chronology_is_the_keyboard_path(files):
    """The marks are for the mouse; a keyboard reaches the figure as one stop (to scroll it)
    and every event through the chronology's links."""
    text = files["timeline/index.md"]
    figure = text[text.index('<figure class="timeline-figure"') : text.index("</figure>")]
    assert figure.count('tabindex="0"') == 1
    assert figure.count("<a ") == figure.count('tabindex="-1"') > 0
