"""MkDocs glue: check the record before MkDocs touches site/, then add the generated pages.

Kept thin on purpose: the engine (``record``) knows nothing of MkDocs. The data
is checked in ``on_pre_build`` because MkDocs empties site/ after that event:
bad data stops the build while the last good site is still in place.
"""
from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

# MkDocs puts this folder on sys.path only while it loads the hook: import the engine now.
import record.build  # noqa: E402,F401
import record.metadata  # noqa: E402,F401
import record.render  # noqa: E402,F401

log = logging.getLogger("mkdocs.plugins.record")
# In dependency order, so `mkdocs serve` picks up edits to the engine too.
ENGINE = ("record.text", "record.errors", "record.site", "record.sources", "record.timeline",
          "record.check", "record.link", "record.registry", "record.build", "record.fragments",
          "record.passages", "record.summary", "record.metadata", "record.data", "record.cite",
          "record.render")
_pages: dict[str, str] = {}
_site = {}


def _engine():
    for name in ENGINE:
        importlib.reload(sys.modules[name])
    return (sys.modules["record.build"], sys.modules["record.errors"], sys.modules["record.render"],
            sys.modules["record.site"])


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url:
        raise PluginError("mkdocs.yml: set site_url to the address the site is published at; citations "
                          "and permanent links are built from it.")
    if not config.use_directory_urls:
        raise PluginError("mkdocs.yml: the record's pages link to each other as folders "
                          "(timeline/<id>/); keep use_directory_urls: true.")
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    build, errors, render, site = _engine()
    root = Path(config.config_file_path).resolve().parent
    url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
    try:
        record = build.load_record(root)
        _site["site"] = site.Site(url, config.site_name, site.Site.today())
        pages = render.render_site(record, _site["site"])
    except errors.RecordError as exc:
        raise PluginError(exc.report()) from None
    _pages.clear()
    _pages.update(pages)
    log.info("record: %d events, %d claims, %d people, %d sources", len(record.events), len(record.claims),
             len(record.timeline.people), len(record.sources))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _pages.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated page: generated pages are not kept in "
                              "docs/. Delete the file.")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages get their JSON-LD here; generated ones carry it in front matter."""
    if "jsonld" not in page.meta:
        metadata = sys.modules["record.metadata"]
        description = page.meta.get("description") or config.site_description or ""
        page.meta.update(metadata.webpage_meta(_site["site"], page.url, page.title or "", description))
        page.meta.setdefault("og_title", page.title or config.site_name)
    return markdown
