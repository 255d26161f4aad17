"""A maintainer adds a source and an event by the README's steps, on any day, and the suite stays
green."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT
from record.load.sources import split_front_matter

CAPTURE = """\
Hypervisors and the kernel, once more
A look back at an old argument
Share this article
By Jane Example
May 4, 2031
The throwaway article says that the argument over the VMkernel was never settled in the open.
Its second paragraph exists so that the body has more than one block.
Copyright 2031
"""
DATA_TESTS = [
    f"tests/test_{name}.py"
    for name in (
        "corpus",
        "registry",
        "checks",
        "linking",
        "pages",
        "fragments",
        "cite",
        "metadata",
        "data",
        "dates",
        "setup",
    )
]
DAY = dt.date(2031, 5, 4)  # not the day any source was added: nothing may depend on the day


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(
            int(dt.datetime(DAY.year, DAY.month, DAY.day, tzinfo=dt.UTC).timestamp())
        ),
    }
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def copy_of_the_repository(dest: Path) -> Path:
    """The repository as a fresh clone has it, with this interpreter's packages as its .venv."""

    def ignore(folder, names):  # what a clone does not have: built output, caches, the environment
        top = Path(folder) == ROOT
        return [
            n
            for n in names
            if n == "__pycache__" or top and (n.startswith(("site", ".")) and n != ".ci")
        ]

    shutil.copytree(ROOT, dest, ignore=ignore)
    assert sys.prefix != sys.base_prefix, "run the tests with 'make test' (they expect its .venv)"
    (dest / ".venv").symlink_to(sys.prefix)
    # The Makefile's install stamp, so that make uses these packages, not a new install
    # (it is there already when this environment is the .venv that 'make test' made).
    stamp = subprocess.run(
        "cat requirements.txt requirements.lock | cksum | cut -d' ' -f1",
        shell=True,
        cwd=dest,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(sys.prefix) / f".installed-{stamp}").touch()
    return dest


def fill_in(path: Path) -> None:
    """What the maintainer writes into the new front matter (README, 'Adding a source', step 2 and
    3)."""
    head, _body, _line = split_front_matter(path.read_text(encoding="utf-8"), path)
    meta = yaml.safe_load(head)
    meta.update(
        {
            "title": "Hypervisors and the kernel, once more",
            "standfirst": "A look back at an old argument",
            "authors": [{"name": "Jane Example", "note": None}],
            "outlet": "Example Weekly",
            "kind": "news article",
            "published": "2031-05-04",
            "original_url": "https://example.org/2031/05/04/hypervisors/",
            "archive_url": "https://web.archive.org/web/2031/https://example.org/2031/05/04/hypervisors/",
            "metadata_lines": [
                "Hypervisors and the kernel, once more",
                "A look back at an old argument",
                "By Jane Example",
                "May 4, 2031",
            ],
            "furniture": ["Share this article", "Copyright 2031"],
        }
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(head, yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)),
        encoding="utf-8",
    )


EVENT = """\
  - id: throwaway-article-looks-back
    date: "2031-05-04"
    title: A throwaway article looks back at the argument
    summary: >-
      An article written for a test says the argument was never settled in the open.
    people: [christoph-hellwig]
    thread: press
    claims:
      - source: throwaway-2031
        quote: "the argument over the VMkernel was never settled in the open"
        evidence: statement
"""


def test_a_source_and_an_event_added_on_another_day_keep_the_suite_green(tmp_path):
    project = copy_of_the_repository(tmp_path / "clone")
    capture = tmp_path / "capture.txt"
    capture.write_text(CAPTURE, encoding="utf-8")

    first = make(project, "source", f"FILE={capture}", "ID=throwaway-2031")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "still to fill in:" in first.stdout and "title" in first.stdout
    md = project / "sources" / "throwaway-2031.md"
    for path in (md, project / "sources" / "raw" / "throwaway-2031.txt"):
        assert path.stat().st_mode & stat.S_IROTH, f"{path.name} is not readable by others"
    head, _body, _line = split_front_matter(md.read_text(encoding="utf-8"), md)
    assert yaml.safe_load(head)["added"] == DAY.isoformat()

    fill_in(md)
    again = make(project, "source", "ID=throwaway-2031")
    assert again.returncode == 0 and "still to fill in" not in again.stdout, (
        again.stdout + again.stderr
    )
    body = md.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert (
        "Jane Example" not in body and "May 4, 2031" not in body
    )  # byline and dateline are metadata
    assert "Share this article" not in body and "never settled in the open" in body

    timeline = project / "timeline.yaml"
    timeline.write_text(
        timeline.read_text(encoding="utf-8").rstrip("\n") + "\n" + EVENT, encoding="utf-8"
    )
    build = make(project, "build")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "registry.yaml: recorded" in build.stdout
    assert (project / "site" / "sources" / "throwaway-2031" / "index.html").exists()
    assert "already lists every published id" in make(project, "build").stdout

    # The tests that read the record's data, run in the clone: the corpus, the checks, the links,
    # the pages, the citations and the data files. (The browser, serve, fuzzing and injection
    # tests build their own projects; they do not depend on which sources the record holds.)
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *DATA_TESTS],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
    )
    assert suite.returncode == 0, suite.stdout[-4000:]
