"""MkDocs glue: check the record before MkDocs touches site/, then add the generated pages.

Kept thin on purpose: the engine (``record``) knows nothing of MkDocs. The data is checked and
rendered in ``on_pre_build`` because MkDocs empties site/ after that event: bad data stops
`mkdocs build` while the last good site is still in place. Under `mkdocs serve`, bad data does not
stop the build (a failed build would leave every request hanging until the data is fixed): the
last good pages are served, or placeholders when there were none, each page showing the problems
in a box at its top, until an edit fixes the data.
"""

from __future__ import annotations

import gc
import html
import importlib
import logging
import sys
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

SCRIPTS = str(Path(__file__).resolve().parent)
log = logging.getLogger("mkdocs.plugins.record")
_state: dict = {"command": "build", "pages": {}, "last_good": {}, "problems": "", "site": None}


def _engine():
    """The engine, imported afresh, so that `mkdocs serve` picks up edits to its code too."""
    for name in [name for name in sys.modules if name == "record" or name.startswith("record.")]:
        del sys.modules[name]
    sys.path.insert(0, SCRIPTS)
    try:
        return importlib.import_module("record.publish")
    finally:
        sys.path.remove(SCRIPTS)


def on_startup(*, command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: set site_url to the address the site is published at; citations "
            "and permanent links are built from it."
        )
    if not config.use_directory_urls:
        raise PluginError(
            "mkdocs.yml: the record's pages link to each other as folders "
            "(timeline/<id>/); keep use_directory_urls: true."
        )
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    start = time.perf_counter()
    # The engine makes many objects and frees few until it is done: the garbage collector would
    # only walk them. It runs again once they are frozen (below); a rebuild under `mkdocs serve`
    # unfreezes the last build's, so that they can be collected.
    gc.unfreeze()
    gc.disable()
    try:
        summary = _generate(config)
    except Exception as exc:  # noqa: BLE001 - under `mkdocs serve`, any failure is shown, not fatal
        if _state["command"] != "serve":
            raise
        _serve_despite(exc, config)
        return
    finally:
        gc.freeze()
        gc.enable()
    _state["problems"] = ""
    log.info("record: %s in %.2f s", summary, time.perf_counter() - start)


def _generate(config: MkDocsConfig) -> str:
    publish = _engine()
    root = Path(config.config_file_path).resolve().parent
    site = publish.Site.from_config(config.site_url, config.site_name, config.site_description)
    _state["site"] = site
    try:
        record, pages = publish.generate(root, site)
    except publish.RecordError as exc:
        raise PluginError(exc.report()) from None
    _state["pages"] = pages
    _state["last_good"] = pages
    return (
        f"{len(record.events)} events, {len(record.claims)} claims, "
        f"{len(record.timeline.people)} people, {len(record.sources)} sources, "
        f"{len(pages)} generated files"
    )


def _serve_despite(exc: Exception, config: MkDocsConfig) -> None:
    """Keep `mkdocs serve` answering while the data is bad: the last good pages, or placeholders
    for the pages the navigation lists; the problems are printed and shown on every page."""
    report = str(exc) if isinstance(exc, PluginError) else f"{type(exc).__name__}: {exc}"
    _state["problems"] = report
    if _state["last_good"]:
        _state["pages"] = _state["last_good"]
        shown = "the last good pages are served until it is fixed"
    else:
        docs = Path(config.docs_dir)
        _state["pages"] = {
            path: f"# {path}\n\nThis page is built once the record's problems are fixed.\n"
            for path in _nav_paths(config.nav or [])
            if not (docs / path).exists()
        }
        # The hand-written pages link to pages that do not exist now: in strict mode those
        # warnings would fail this build, and a failed build leaves `mkdocs serve` hanging.
        strict = logging.getLogger("mkdocs")
        for handler in [h for h in strict.handlers if isinstance(h, CountHandler)]:
            strict.removeHandler(handler)
        shown = "placeholder pages are served until it is fixed"
    log.info("record: the data has problems; %s (each page shows them):\n%s", shown, report)


def _nav_paths(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, list):
        return [path for item in nav for path in _nav_paths(item)]
    return []


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _state["pages"].items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(
                f"docs/{path} would hide a generated page: generated pages are not kept in "
                "docs/. Delete the file."
            )
        # An event, source or person page is reached by links, not from the navigation.
        detail = path.endswith(".md") and "/" in path and not path.endswith("/index.md")
        files.append(
            File.generated(
                config,
                path,
                content=content,
                inclusion=InclusionLevel.NOT_IN_NAV if detail else InclusionLevel.UNDEFINED,
            )
        )
    _state["pages"] = {}  # MkDocs holds them now
    return files


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages get their JSON-LD here (generated ones carry it in front matter); under
    `mkdocs serve` with bad data, every page starts with the problems."""
    if "jsonld" not in page.meta and _state["site"] is not None and "record.render" in sys.modules:
        metadata = sys.modules["record.render.metadata"]
        description = page.meta.get("description") or config.site_description or ""
        page.meta.update(
            metadata.webpage_meta(_state["site"], page.url, page.title or "", description)
        )
        page.meta.setdefault("og_title", page.title or config.site_name)
    if _state["problems"]:
        # A raw HTML block, the report escaped and without blank lines: it is text, never markup.
        lines = [html.escape(line) for line in _state["problems"].splitlines() if line.strip()]
        box = (
            '<div class="admonition failure record-problems"><p class="admonition-title">'
            "The record has problems: this preview shows the last good pages</p><pre>"
            + "\n".join(lines)
            + "</pre></div>"
        )
        markdown = box + "\n\n" + markdown
    return markdown
