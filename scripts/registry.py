"""Command line for registry.yaml, the ids the site has published (see record.registry).

    python scripts/registry.py --update             # add the ids this record publishes (make build runs it)
    python scripts/registry.py --accept SOURCE_ID   # record the new text of that source's paragraphs
    python scripts/registry.py --check              # exit 1 if the committed file lacks a published id
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record.build import load_record_unregistered  # noqa: E402
from record.errors import RecordError  # noqa: E402
from record.registry import KINDS, load_registry, updated, write_registry  # noqa: E402


def main(args: list[str], root: Path) -> int:
    command, accept = args[:1], tuple(args[1:])
    if command not in (["--update"], ["--accept"], ["--check"]) or (command == ["--accept"]) != bool(accept):
        print(__doc__, file=sys.stderr)
        return 2
    path = root / "registry.yaml"
    try:
        # Without the registry's own check: it would refuse the very changes --accept records.
        record = load_record_unregistered(root)
    except RecordError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    registry, problems = load_registry(path)
    if problems:
        print("\n".join(map(str, problems)), file=sys.stderr)
        return 1
    unknown = [sid for sid in accept if sid not in record.sources]
    if unknown:
        print(f"unknown source id: {', '.join(unknown)}", file=sys.stderr)
        return 2
    data = updated(registry, record, accept)
    if command == ["--check"]:
        stale = any(data[k] != registry.ids[k] for k in KINDS) or data["paragraphs"] != registry.paragraphs \
            or data["comments"] != registry.comments
        print(f"{path.name} does not list every published id: run 'make build' and commit it." if stale
              else f"{path.name} is up to date", file=sys.stderr if stale else sys.stdout)
        return 1 if stale else 0
    write_registry(path, data)
    print(f"{path.name} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], Path(__file__).resolve().parent.parent))
