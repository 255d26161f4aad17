"""Command line: check the record, or write its generated pages to a folder (see record.publish)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record.publish import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
