"""Fixtures: the record built once in process, the real site built once with MkDocs, and
disposable copies of the project to break.

Most tests call the engine in process (``generate``, ``problems_of``): it is what MkDocs runs in
its hook, without MkDocs' own time. A few end-to-end tests build with MkDocs or `make`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
SEEDS = ROOT.parent / "shared" / "seeds"

from record.build import build_record  # noqa: E402
from record.errors import RecordError  # noqa: E402
from record.publish import generate  # noqa: E402
from record.site import Site  # noqa: E402

# The site the in-process tests render for: a base path, and a build date that is not today.
SITE = Site(
    "https://example.org/record/", "Test site", dt.date(2026, 11, 21), "A test description."
)
RECORD, REGISTRY = build_record(ROOT)


@pytest.fixture(scope="session")
def files() -> dict[str, str]:
    """Every file the engine generates for the repository's record (site path -> text), for SITE."""
    return generate(ROOT, SITE)[1]


def problems_of(project: Path) -> str:
    """The report of a build of ``project`` that must fail (in process), as the maintainer reads
    it."""
    try:
        generate(project, SITE)
    except RecordError as exc:
        return exc.report()
    raise AssertionError("the build should have failed")


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run MkDocs on ``project`` as a maintainer would (strict, from the project folder)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(project / "mkdocs.yml")],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The repository's site, built with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (data, docs, engine, config) that a test may break."""
    return copy_project(tmp_path / "project")


def copy_project(dest: Path) -> Path:
    """Copy the project's data, docs, engine and config to ``dest`` (a new folder)."""
    dest.mkdir()
    for name in ("sources", "docs", "scripts", "overrides", "analysis"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("timeline.yaml", "mkdocs.yml", "registry.yaml"):
        shutil.copy2(ROOT / name, dest / name)
    return dest


# What a reader of a biblatex field sees: the escapes undone, the grouping braces dropped.
_TEX_BACK = [
    (r"\textbackslash{}", "\\"),
    (r"\textasciitilde{}", "~"),
    (r"\textasciicircum{}", "^"),
    (r"\textbraceleft{}", "\ue010"),
    (r"\textbraceright{}", "\ue011"),
    (r"\%", "%"),
    (r"\&", "&"),
    (r"\#", "#"),
    (r"\_", "_"),
    (r"\$", "$"),
]


def untex(value: str) -> str:
    for escaped, plain in _TEX_BACK:
        value = value.replace(escaped, plain)
    return value.replace("{", "").replace("}", "").replace("\ue010", "{").replace("\ue011", "}")


class Page(HTMLParser):
    """A built page: ids -> (tag, attrs, text), links, and the visible text."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, dict] = {}
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.times: list[tuple[str, str]] = []  # (datetime, text)
        self._open: list[dict] = []
        self.text_parts: list[str] = []
        self.scripts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        node = {"tag": tag, "attrs": attrs, "text": []}
        if tag in self.VOID:
            return
        self._open.append(node)
        if "id" in attrs:
            self.ids[attrs["id"]] = node

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                node = self._open.pop(index)
                del self._open[index:]
                text = "".join(node["text"])
                node["text"] = text
                if tag == "a":
                    self.links.append((node["attrs"].get("href", ""), text))
                if tag == "time":
                    self.times.append((node["attrs"].get("datetime", ""), text))
                if tag == "script" and node["attrs"].get("src"):
                    self.scripts.append(node["attrs"]["src"])
                if self._open:
                    self._open[-1]["text"].append(text)
                return

    def handle_data(self, data):
        if self._open:
            self._open[-1]["text"].append(data)
        self.text_parts.append(data)

    def text_of(self, element_id: str) -> str:
        return " ".join(self.ids[element_id]["text"].split())


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright: fails in CI when missing, skips (saying how to get
    it) elsewhere."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "the playwright package is not installed (run 'make test', which installs it)"
    if not missing and not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing = f"no chromium at {CHROMIUM}: install it with 'sudo apt-get install chromium'"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def server(site):
    """The built site over HTTP on a free loopback port."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # every request would be logged into failure reports
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def page(site: Path, url: str) -> Page:
    return Page((site / url / "index.html").read_text(encoding="utf-8"))
