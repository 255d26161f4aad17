"""Render step: the linked record as the site's generated pages and data files.

``render_site`` returns every generated file (site path -> text). Pages come from ``PAGE_KINDS``
(``pages.py``, Jinja2 templates under ``templates/``), data files from ``DOWNLOADS``
(``downloads.py``), citation formats from ``FORMATS`` (``cite.py``): each list is the one place
to add to. Everything taken from the data is escaped by the templates (autoescape), captured
text by the ``captured`` filter; only summaries get a restricted Markdown (``summary.py``).
"""

from __future__ import annotations

import posixpath

from ..errors import Problem, RecordError
from ..link import Record
from ..load.registry import Registry
from ..site import Site
from .downloads import DOWNLOADS
from .pages import PAGE_KINDS, Build, SourcePage, environment
from .passages import Passages


def render_site(record: Record, registry: Registry, site: Site) -> dict[str, str]:
    """Every generated file: path under the site (``docs/`` for MkDocs) -> content."""
    build = Build(record, registry, site, environment())
    # Source pages are laid out first: their visible text decides the text fragments of every
    # passage link, and every page links to passages.
    build.source_pages = [SourcePage(build, source) for source in record.sources.values()]
    build.passages = Passages(
        record, {page.source.id: page.visible_text() for page in build.source_pages}
    )
    if build.passages.problems:
        raise RecordError(build.passages.problems)
    files: dict[str, str] = {}
    for page_kind in PAGE_KINDS:
        files.update(page_kind(build))
    for download in DOWNLOADS:
        files.update(download.files(record, site))
    outside = [path for path in files if not _inside(path)]
    if outside:  # ids are checked as slugs when loaded: this is the last line of defence
        raise RecordError(
            [
                Problem(
                    "(build)",
                    f"a generated file would be written outside the site: {path!r}",
                    "Report this: an id that is not a slug got through.",
                )
                for path in outside
            ]
        )
    return files


def _inside(path: str) -> bool:
    """A relative path that stays inside the site folder."""
    parts = path.split("/")
    return (
        bool(path)
        and not path.startswith("/")
        and "\\" not in path
        and ".." not in parts
        and "" not in parts
        and posixpath.normpath(path) == path
    )
