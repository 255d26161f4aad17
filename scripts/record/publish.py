"""Publish step without MkDocs: write the generated pages and data to a folder.

For a successor generator that reads pages from disk (e.g. Zensical), or to
inspect what the build generates:

    python scripts/publish.py OUT_DIR        # check the record and write its pages
    python scripts/publish.py --check        # check all a build checks; exit 1 with the problems
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from .build import build_record
from .errors import Problem, RecordError
from .link import Record
from .render import render_site
from .site import Site

__all__ = ["RecordError", "Site", "generate", "publish", "site_from_config"]


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may tag values for MkDocs (!ENV, !!python/name:...): read them as nothing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_from_config(root: Path) -> Site:
    """The site's address, name and description, read from mkdocs.yml (the one place they are
    set)."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
        url, name = config["site_url"], config["site_name"]
    except (OSError, ValueError, yaml.YAMLError, TypeError, KeyError, RecursionError) as exc:
        raise RecordError(
            [
                Problem(
                    "mkdocs.yml",
                    f"cannot read site_url and site_name: {exc}",
                    "Set both in mkdocs.yml: they name the site in every citation.",
                )
            ]
        ) from None
    return Site.from_config(str(url), str(name), config.get("site_description"))


def generate(root: Path, site: Site) -> tuple[Record, dict[str, str]]:
    """Load, check, link and render the record under ``root``: the record, and every generated
    file."""
    record, registry = build_record(root)
    return record, render_site(record, registry, site)


def publish(root: Path, out: Path) -> int:
    """Write every generated file under ``out``, replacing it only once all are written."""
    _record, pages = generate(root, site_from_config(root))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes the folder private; the output is for everyone
    for path, content in pages.items():
        target = staging / path
        if not target.resolve().is_relative_to(staging.resolve()):
            raise RecordError([Problem("(build)", f"{path!r} is outside {out}", "Report this.")])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="")
    if out.exists():
        shutil.rmtree(out)
    os.replace(staging, out)
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[2]
    try:
        if args == [
            "--check"
        ]:  # everything a build checks, rendering included, but nothing written
            record, pages = generate(root, site_from_config(root))
            print(
                f"ok: {len(record.events)} events, {len(record.claims)} claims, "
                f"{len(record.timeline.people)} people, {len(record.sources)} sources, "
                f"{len(pages)} generated files"
            )
            return 0
        if len(args) != 1:
            print(__doc__, file=sys.stderr)
            return 2
        count = publish(root, Path(args[0]))
    except RecordError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    print(f"wrote {count} files to {args[0]}")
    return 0
