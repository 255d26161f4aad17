"""Make a larger corpus for benchmarks: the record N times over, under new ids, with unique quotes.

    python scripts/scale_corpus.py OUT_DIR [TIMES]      # default 10: 50 sources, 320 events

Copy k (k = 2..TIMES) of every source and event gets the id '<id>-x<k>'. Its captured text has
every word of four letters or more marked with the copy's number ('VMware' -> 'VMwarek2'), and
the same is done to its normalizer hints and to the quotes that cite it: every quote stays
verbatim, and no quote of one copy is found in another. The result is a full project (data,
docs, engine, config) that `mkdocs build` and `scripts/publish.py` build like the real one.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from copy import deepcopy as copy_of
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record.load.sources import split_front_matter  # noqa: E402
from record.normalize import dump_front_matter, normalize_body  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"[A-Za-z]{4,}")


def marked(text: str, copy: int) -> str:
    """``text`` with every word of four letters or more marked as belonging to copy ``copy``."""
    return _WORD.sub(lambda match: f"{match.group(0)}k{copy}", text)


def _mark_all(value, copy: int):
    if isinstance(value, str):
        return marked(value, copy)
    if isinstance(value, list):
        return [_mark_all(v, copy) for v in value]
    if isinstance(value, dict):
        return {k: _mark_all(v, copy) for k, v in value.items()}
    return value


def scale(out: Path, times: int) -> None:
    if out.exists():
        shutil.rmtree(out)
    for name in ("docs", "overrides", "scripts", "sources", "analysis"):
        shutil.copytree(ROOT / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "registry.yaml"):
        shutil.copy2(ROOT / name, out / name)
    timeline = yaml.safe_load((ROOT / "timeline.yaml").read_text(encoding="utf-8"))
    originals = sorted((ROOT / "sources").glob("*.md"))
    events = list(timeline["events"])
    for copy in range(2, times + 1):
        for path in originals:
            head, _body, _line = split_front_matter(path.read_text(encoding="utf-8"), path)
            meta = yaml.safe_load(head)
            raw = (ROOT / "sources" / "raw" / f"{path.stem}.txt").read_text(encoding="utf-8")
            new_id = f"{path.stem}-x{copy}"
            raw_copy = marked(raw, copy)
            meta["id"] = new_id
            for key in ("metadata_lines", "furniture", "structure", "reposter_lines"):
                if meta.get(key):
                    meta[key] = _mark_all(meta[key], copy)
            meta["captured_sha256"] = hashlib.sha256(raw_copy.encode("utf-8")).hexdigest()
            (out / "sources" / "raw" / f"{new_id}.txt").write_text(raw_copy, encoding="utf-8")
            text = "---\n" + dump_front_matter(meta) + "---\n" + normalize_body(raw_copy, meta)
            (out / "sources" / f"{new_id}.md").write_text(text, encoding="utf-8")
        for event in events:
            twin = dict(copy_of(event), id=f"{event['id']}-x{copy}")  # no shared lists: no aliases
            if "claims" in event:  # (an event from outside the corpus has references instead)
                twin["claims"] = [
                    {**c, "source": f"{c['source']}-x{copy}", "quote": marked(c["quote"], copy)}
                    for c in event["claims"]
                ]
            timeline["events"].append(twin)
    (out / "timeline.yaml").write_text(
        yaml.safe_dump(timeline, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    for path in sorted((ROOT / "analysis").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for copy in range(2, times + 1):
            for key, entries in list(data.items()):
                data[key] = entries + [
                    _analysis_twin(e, copy) for e in entries if not re.search(r"-x\d+$", e["id"])
                ]
        (out / "analysis" / path.name).write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
        )


# Fields of an analysis entry that name other entries of the record, which have twins too.
_TWINNED = ("events", "terms", "related", "answers", "architectures")


def _analysis_twin(entry: dict, copy: int) -> dict:
    """Copy ``copy`` of an analysis entry: its id, the ids it names and its quotes marked as the
    copy's (people and organizations are not copied: they are named as they are)."""

    def passage(p: dict) -> dict:
        return {**p, "source": f"{p['source']}-x{copy}", "quote": marked(p["quote"], copy)}

    twin = copy_of(entry)
    twin["id"] = f"{entry['id']}-x{copy}"
    for key in _TWINNED:
        if twin.get(key):
            twin[key] = [f"{i}-x{copy}" for i in twin[key]]
    if twin.get("topic"):
        twin["topic"] = f"{twin['topic']}-x{copy}"
    for key in ("passages", "versions"):
        if twin.get(key):
            twin[key] = [passage(p) for p in twin[key]]
    for side in twin.get("sides") or []:
        side["passages"] = [passage(p) for p in side["passages"]]
    return twin


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    scale(Path(argv[0]), int(argv[1]) if len(argv) > 1 else 10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
