"""Benchmark: what the engine costs beside MkDocs, at the record's size and at ten times it.
Prints figures; asserts nothing.

    python scripts/bench.py [RUNS]        (make bench: 5 runs)

Four builds, each a fresh `mkdocs build` process, run in turn RUNS times (interleaved, so that a
busy moment of the machine weighs on all four alike); medians of CPU and wall time are printed:

- the project: `mkdocs build` with the record's hook, which loads, checks, links and renders the
  record, then MkDocs builds the pages;
- plain MkDocs: exactly the same pages written to disk first (`scripts/publish.py`), built by
  the same MkDocs and theme with no hook;
- the same two at ten times the corpus (`scripts/scale_corpus.py`: 50 sources, 320 events).

The engine's share is the time the hook reports for its own work (it logs it) over the
project's build time.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENGINE_LOG = re.compile(r"record: .* in ([0-9.]+) s")


def plain_project(project: Path, dest: Path) -> Path:
    """``project``'s generated pages written to disk beside its docs/, with a config without the
    hook."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(project / "docs", dest / "docs")
    shutil.copytree(project / "overrides", dest / "overrides")
    subprocess.run(
        [sys.executable, str(project / "scripts" / "publish.py"), str(dest / "generated")],
        check=True,
        capture_output=True,
    )
    shutil.copytree(dest / "generated", dest / "docs", dirs_exist_ok=True)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["not_in_nav"] = "/*/*.md\n"  # the generated pages of each kind, as the hook marks them
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return dest


def build(project: Path, out: Path) -> tuple[float, float, float | None]:
    """One `mkdocs build` of ``project``: (CPU seconds, wall seconds, engine seconds or None)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project}:\n{result.stderr}")
    engine = ENGINE_LOG.search(result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, float(engine.group(1)) if engine else None


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        scaled = tmp_path / "x10"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "scale_corpus.py"), str(scaled), "10"],
            check=True,
        )
        builds = {
            "project": ROOT,
            "plain MkDocs": plain_project(ROOT, tmp_path / "plain"),
            "project x10": scaled,
            "plain MkDocs x10": plain_project(scaled, tmp_path / "plain-x10"),
        }
        times: dict[str, list[tuple[float, float, float | None]]] = {name: [] for name in builds}
        for _ in range(runs):
            for name, project in builds.items():
                times[name].append(build(project, tmp_path / "site"))

    def median(name: str, index: int) -> float:
        return statistics.median(t[index] for t in times[name])

    print(f"Medians of {runs} interleaved runs (CPU seconds; wall seconds in brackets):")
    for name in builds:
        engine = f", engine {median(name, 2):.2f} s" if times[name][0][2] is not None else ""
        print(f"  {name:>18}: {median(name, 0):.2f} s ({median(name, 1):.2f} s){engine}")
    for suffix in ("", " x10"):
        project, plain = median("project" + suffix, 0), median("plain MkDocs" + suffix, 0)
        share = median("project" + suffix, 2) / median("project" + suffix, 1)
        print(
            f"  corpus{suffix or ' x1'}: project / plain MkDocs = {project / plain:.2f}"
            f" (target <= 1.25); engine's share of the build {share:.0%}"
        )
    growth = median("project x10", 0) / median("project", 0)
    print(f"  ten times the corpus: build time x{growth:.1f} (target <= 10.5)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
