"""Command line for registry.yaml, the ids the site has published (see record.registry).

python scripts/registry.py --update            # add the ids the record publishes (make build)
python scripts/registry.py --accept SOURCE_ID  # record the new text of a source's paragraphs
python scripts/registry.py --check             # exit 1 if the file lacks a published id
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record.build import checked_inputs  # noqa: E402
from record.errors import RecordError  # noqa: E402
from record.load.registry import KINDS, updated, write_registry  # noqa: E402


def main(args: list[str], root: Path) -> int:
    command, accept = args[:1], tuple(args[1:])
    if command not in (["--update"], ["--accept"], ["--check"]) or (
        command == ["--accept"]
    ) != bool(accept):
        print(__doc__, file=sys.stderr)
        return 2
    path = root / "registry.yaml"
    try:
        # Without the registry's own check: it would refuse the very changes --accept records.
        inputs = checked_inputs(root, hold_to_registry=False)
    except RecordError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    registry = inputs.registry
    unknown = [sid for sid in accept if sid not in inputs.sources]
    if unknown:
        print(f"unknown source id: {', '.join(unknown)}", file=sys.stderr)
        return 2
    data = updated(registry, inputs.timeline, inputs.sources, accept, inputs.analysis)
    new = (
        sum(len(data[k]) - len(registry.ids[k]) for k in KINDS)
        + sum(len(v) - len(registry.paragraphs.get(k, {})) for k, v in data["paragraphs"].items())
        + sum(len(v) - len(registry.comments.get(k, [])) for k, v in data["comments"].items())
    )
    changed = sum(
        1
        for k, anchors in data["paragraphs"].items()
        for a, fp in anchors.items()
        if a in registry.paragraphs.get(k, {}) and registry.paragraphs[k][a] != fp
    )
    if command == ["--check"]:
        if new or changed:
            print(
                f"{path.name} does not list every published id: run 'make build' and commit it.",
                file=sys.stderr,
            )
            return 1
        print(f"{path.name} is up to date")
        return 0
    if not new and not changed:
        print(f"{path.name} already lists every published id; unchanged.")
        return 0
    write_registry(path, data)
    said = (
        [f"{new} new id{'s' if new != 1 else ''} or anchor{'s' if new != 1 else ''}"] if new else []
    )
    said += (
        [f"{changed} corrected paragraph fingerprint{'s' if changed != 1 else ''}"]
        if changed
        else []
    )
    print(f"{path.name}: recorded {' and '.join(said)}; commit it with your change.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], Path(__file__).resolve().parent.parent))
