"""``DIR/skipped.jsonl``: every input record or file that did not become a paper, and why.

One JSON object per line with ``file``, ``line`` (the record's line or number;
null for a file that could not be read at all) and ``reason``, so that
``read == papers + merged + skipped`` can be checked by anyone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from paperkg.errors import InputError
from paperkg.export.atomic import write_atomic
from paperkg.model import Skipped

__all__ = ["write_skipped"]


def write_skipped(skipped: Iterable[Skipped], failures: Iterable[InputError], path: Path) -> Path:
    """Write the skipped records (in input order) and the unreadable files."""
    rows = [{"file": s.origin.page.path, "line": s.origin.line, "reason": s.reason}
            for s in skipped]
    rows += [{"file": f.location.split(":", 1)[0], "line": None, "reason": f.reason}
             for f in failures]
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    return write_atomic(path, text)
