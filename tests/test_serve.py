"""`mkdocs serve` shows an edit to timeline.yaml or sources/ without a restart."""

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


@pytest.fixture
def served(project):
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
    base = f"http://127.0.0.1:{port}/"
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
