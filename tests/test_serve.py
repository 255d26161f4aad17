"""`mkdocs serve` shows an edit to timeline.yaml or sources/ without a restart, and keeps
answering while the data is bad."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.3)
    return False


def _serve(project):
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(project / "serve.log", "w")  # a file, not a pipe: a full pipe would stall the server
    # Not --no-livereload: in MkDocs 1.6 that also stops the file watcher.
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        env=env,
        stdout=log,
        stderr=log,
    )
    return proc, log, f"http://127.0.0.1:{port}/"


@pytest.fixture
def served(project):
    proc, log, base = _serve(project)
    try:
        assert _wait_for(base + "timeline/", "vmware-ipo"), (project / "serve.log").read_text()
        yield project, base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_an_edit_to_the_timeline_shows_without_restart(served):
    project, base = served
    _edit(project / "timeline.yaml", "title: VMware's IPO", "title: VMware's IPO (edited)")
    assert _wait_for(base + "timeline/vmware-ipo/", "IPO (edited)")


def test_an_edit_to_a_source_shows_without_restart(served):
    project, base = served
    _edit(
        project / "sources" / "register-2007.md",
        "outlet: The Register",
        "outlet: The Register (edited)",
    )
    assert _wait_for(base + "sources/register-2007/", "The Register (edited)")


BAD_THREAD = ("thread: press", "thread: no-such-thread")
PROBLEM_BOX = "The record has problems"


def test_bad_data_keeps_the_last_good_pages_answering_until_it_is_fixed(served):
    """A broken edit does not leave the preview hanging: the last good pages are served, each
    with the problem in a box at its top, and the fix shows without a restart."""
    project, base = served
    timeline = project / "timeline.yaml"
    good = timeline.read_text()
    _edit(timeline, *BAD_THREAD)
    assert _wait_for(base + "timeline/", PROBLEM_BOX)
    page = _fetch(base + "timeline/vmware-ipo/")
    assert "unknown thread &#x27;no-such-thread&#x27;" in page and "VMware" in page
    assert "timeline.yaml:" in page  # the box says where
    timeline.write_text(good)
    deadline = time.monotonic() + 60
    while PROBLEM_BOX in _fetch(base + "timeline/") and time.monotonic() < deadline:
        time.sleep(0.3)
    assert PROBLEM_BOX not in _fetch(base + "timeline/")


def test_bad_data_from_the_start_serves_placeholders_that_say_why(project):
    _edit(project / "timeline.yaml", *BAD_THREAD)
    proc, log, base = _serve(project)
    try:
        assert _wait_for(base + "timeline/", PROBLEM_BOX), (project / "serve.log").read_text()
        assert _wait_for(base, PROBLEM_BOX)  # the hand-written home page too
        _edit(project / "timeline.yaml", BAD_THREAD[1], BAD_THREAD[0])
        assert _wait_for(base + "timeline/vmware-ipo/", "VMware&#x27;s IPO")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
