"""The benchmark's larger corpus is a record that builds: the same sources and events under new
ids, with quotes that stay verbatim and unique to their copy."""

from __future__ import annotations

import subprocess
import sys

from conftest import RECORD, ROOT, SITE, generate


def test_the_scaled_corpus_builds_with_every_copy_linked(tmp_path):
    out = tmp_path / "x2"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "scale_corpus.py"), str(out), "2"], check=True
    )
    record, files = generate(out, SITE)
    assert len(record.sources) == 2 * len(RECORD.sources)
    assert len(record.events) == 2 * len(RECORD.events)
    assert len(record.claims) == 2 * len(RECORD.claims)
    copies = [claim for claim in record.claims if claim.event.id.endswith("-x2")]
    assert copies and all(claim.source.id.endswith("-x2") for claim in copies)
    assert all("k2" in claim.claim.quote for claim in copies)  # its own words, not the original's
