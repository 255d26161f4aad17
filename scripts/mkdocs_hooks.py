"""MkDocs glue: check the record before MkDocs touches site/, then add the generated pages.

Kept thin on purpose: the engine (``record``) knows nothing of MkDocs. The data is checked and
rendered in ``on_pre_build`` because MkDocs empties site/ after that event: bad data stops the
build while the last good site is still in place.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

SCRIPTS = str(Path(__file__).resolve().parent)
log = logging.getLogger("mkdocs.plugins.record")
_pages: dict[str, str] = {}
_site = {}


def _engine():
    """The engine, imported afresh, so that `mkdocs serve` picks up edits to its code too."""
    for name in [name for name in sys.modules if name == "record" or name.startswith("record.")]:
        del sys.modules[name]
    sys.path.insert(0, SCRIPTS)
    try:
        return importlib.import_module("record.publish")
    finally:
        sys.path.remove(SCRIPTS)


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
        _generate(config)
    finally:
        gc.freeze()
        gc.enable()
    log.info("record: %s in %.2f s", _site["summary"], time.perf_counter() - start)


def _generate(config: MkDocsConfig) -> None:
    publish = _engine()
    root = Path(config.config_file_path).resolve().parent
    site = publish.Site.from_config(config.site_url, config.site_name, config.site_description)
    try:
        record, pages = publish.generate(root, site)
    except publish.RecordError as exc:
        raise PluginError(exc.report()) from None
    _site["site"] = site
    _site["summary"] = (
        f"{len(record.events)} events, {len(record.claims)} claims, "
        f"{len(record.timeline.people)} people, {len(record.sources)} sources, "
        f"{len(pages)} generated files"
    )
    _pages.clear()
    _pages.update(pages)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _pages.items():
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
    _pages.clear()  # MkDocs holds them now
    return files


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages get their JSON-LD here; generated ones carry it in front matter."""
    if "jsonld" not in page.meta:
        metadata = sys.modules["record.render.metadata"]
        description = page.meta.get("description") or config.site_description or ""
        page.meta.update(
            metadata.webpage_meta(_site["site"], page.url, page.title or "", description)
        )
        page.meta.setdefault("og_title", page.title or config.site_name)
    return markdown
