"""Command line for registry.yaml, the ids the site has published (see record.registry).

    python scripts/registry.py --update             # add the ids this record publishes (make build runs it)
    python scripts/registry.py --accept SOURCE_ID   # record the new text of that source's paragraphs
    python scripts/registry.py --check              # exit 1 if the committed file lacks a published id
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record.build import load_record  # noqa: E402
from record.errors import RecordError  # noqa: E402
from record.registry import KINDS, load_registry, updated, write_registry  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(args: list[str]) -> int:
    path = ROOT / "registry.yaml"
    accept = tuple(args[1:]) if args[:1] == ["--accept"] else ()
    if args[:1] not in (["--update"], ["--accept"], ["--check"]) or (args[:1] == ["--accept"] and not accept):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        record = load_record(ROOT) if not accept else None
    except RecordError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if accept:  # the check would refuse the changed paragraphs: load without it
        from record.build import load_record_unregistered
        record = load_record_unregistered(ROOT)
    registry, _ = load_registry(path)
    data = updated(registry, record, accept)
    if args[0] == "--check":
        if any(data[k] != registry.ids[k] for k in KINDS) or data["paragraphs"] != registry.paragraphs \
                or data["comments"] != registry.comments:
            print(f"{path.name} does not list every published id: run 'make build' and commit it.",
                  file=sys.stderr)
            return 1
        print(f"{path.name} is up to date")
        return 0
    write_registry(path, data)
    print(f"{path.name} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
