"""Benchmark: how long each build step takes on this record. Prints figures; asserts nothing.

    python scripts/bench.py [RUNS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record.build import load_record  # noqa: E402
from record.publish import site_from_config  # noqa: E402
from record.render import render_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main(runs: int) -> None:
    site = site_from_config(ROOT)
    record = load_record(ROOT)
    load = [timed(lambda: load_record(ROOT)) for _ in range(runs)]
    render = [timed(lambda: render_site(record, site)) for _ in range(runs)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as out:
        full = [timed(lambda: subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", out],
            cwd=ROOT, env=env, check=True)) for _ in range(runs)]
    pages = render_site(record, site)
    print(f"record: {len(record.events)} events, {len(record.claims)} claims, {len(record.timeline.people)} people, "
          f"{len(record.sources)} sources; {len(pages)} generated files "
          f"({sum(len(v) for v in pages.values()) / 1e6:.1f} MB)")
    for name, times in (("load+check+link", load), ("render", render), ("mkdocs build --strict", full)):
        print(f"{name:>22}: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
              f"max {max(times):.2f} s over {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
