"""Summaries: our prose, in a restricted Markdown (emphasis and links), rendered for every use.

One link policy for all renderings: http(s) links are kept as external, site-relative ones
("sources/x/#p3", "/timeline/y/") are kept and resolved. Any other link (javascript:, mailto:,
data:, "//host") and any image is refused by the check step (``summary_links``); should one
get through, it is unwrapped to its text. Raw HTML in a summary is data: it is escaped before
Markdown sees it, so it shows as text.
"""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor

_SITE_RELATIVE = re.compile(r"^(/|[a-z0-9#][^:]*$)", re.IGNORECASE)


def link_target(href: str) -> tuple[str, str] | None:
    """('external', url) or ('site', site-relative path), or None for a link that is dropped."""
    href = href.strip()
    if href.lower().startswith(("http://", "https://")):
        return "external", href
    if href and _SITE_RELATIVE.match(href) and not href.startswith("//"):
        return "site", href.lstrip("/")
    return None


class _LinkFilter(Treeprocessor):
    """Apply the link policy; site-relative links become relative to the page (via ``resolve``)."""

    def __init__(self, md, resolve):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":  # summaries carry no images: show the alt text
                element.tag, element.text = "span", element.get("alt", "")
                element.attrib.clear()
            if element.tag != "a":
                continue
            target = link_target(element.get("href", ""))
            if target is None:
                element.tag = "span"
                element.attrib.clear()
            elif target[0] == "external":
                element.set("class", "external")
                element.set("rel", "external noopener")
            else:
                element.set("href", self.resolve(target[1]))


class _Collector(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        self.found = [
            (element.tag, element.get("href" if element.tag == "a" else "src", ""))
            for element in root.iter()
            if element.tag in ("a", "img")
        ]


def summary_links(text: str) -> list[tuple[str, str]]:
    """Every link and image in a summary, as Markdown reads them: [("a", href) or ("img", src)]."""
    if "](" not in text and "]:" not in text:
        return []  # Markdown has no inline link, image or reference definition without these
    if not _collector:
        md = markdown.Markdown(extensions=[])
        md.treeprocessors.register(_Collector(md), "collect", 0)
        _collector.append(md)
    md = _collector[0]
    md.reset().convert(html.escape(text, quote=False))
    return md.treeprocessors["collect"].found


_collector: list = []


# One Markdown converter, made on first use: making one costs more than converting a summary.
_converter: list = []


@cache
def _html(text: str, base: str) -> str:
    """The summary as HTML, site-relative links prefixed with ``base`` ('../../', or an absolute
    URL). Cached: a summary is shown on the timeline, its event page, people's pages, data files."""
    if not _converter:
        md = markdown.Markdown(extensions=[])
        md.treeprocessors.register(_LinkFilter(md, None), "link_filter", 0)
        _converter.append(md)
    md = _converter[0]
    md.treeprocessors["link_filter"].resolve = lambda path: base + path
    return md.reset().convert(html.escape(text, quote=False))


def summary_html(text: str, page_url: str) -> str:
    """The summary as HTML for the page at ``page_url`` (site-relative, e.g. 'timeline/x/')."""
    return _html(text, "../" * page_url.count("/"))


class _PlainText(HTMLParser):
    """Text of a rendered summary; with ``site_url``, a link is written 'text (absolute URL)'."""

    BLOCKS = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre"}

    def __init__(self, site_url: str | None):
        super().__init__(convert_charrefs=True)
        self.site_url = site_url
        self.out: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href") if self.site_url else None)
        elif tag == "br":
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.out.append(f" ({href})")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")

    def handle_data(self, data):
        self.out.append(data)


def summary_text(text: str, site_url: str | None = None, limit: int = 0) -> str:
    """The summary as plain text: links keep their words (and, given ``site_url``, their
    address)."""
    parser = _PlainText(site_url)
    parser.feed(_html(text, site_url or ""))
    parser.close()
    paragraphs = [" ".join(p.split()) for p in "".join(parser.out).split("\n\n")]
    return shorten("\n\n".join(p for p in paragraphs if p), limit)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word before ``limit`` characters (0: no limit), marking the cut with
    '…'."""
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text
