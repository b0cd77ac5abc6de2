"""``DIR/skipped.jsonl``: every input record or file that did not become a paper, and why.

One JSON object per line with ``file``, ``line`` (the record's line or number, or
the line at which a whole file could not be read; null where no line is known) and
``reason``, so that
``read == papers + merged + skipped`` can be checked by anyone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from paperkg.atomic import write_atomic
from paperkg.errors import ExportError, InputError
from paperkg.export.folder import OutputFolder
from paperkg.model import Skipped

__all__ = ["write_skipped", "write_skipped_into"]


def _file_and_line(location: str) -> tuple[str, int | None]:
    """``path:12`` or ``path#12`` -> (path, 12); a bare path -> (path, None).

    >>> _file_and_line("a.jsonl:12"), _file_and_line("b.csv")
    (('a.jsonl', 12), ('b.csv', None))
    """
    match = re.fullmatch(r"(.+?)[:#](\d+)", location)
    return (match.group(1), int(match.group(2))) if match else (location, None)


def write_skipped(
    skipped: Iterable[Skipped],
    failures: Iterable[InputError],
    path: Path,
    *,
    keep_existing: bool = False,
) -> Path:
    """Write the skipped records and the unreadable files, sorted by file and line.

    With ``keep_existing`` (an incremental update) the rows already in ``path``
    are kept too, so the file accounts for every run that built the graph.
    """
    rows = {
        json.dumps(
            {"file": s.origin.page.path, "line": s.origin.line, "reason": s.reason},
            ensure_ascii=False,
            sort_keys=True,
        )
        for s in skipped
    }
    rows |= {
        json.dumps(
            {"file": file, "line": line, "reason": f.reason},
            ensure_ascii=False,
            sort_keys=True,
        )
        for f in failures
        for file, line in [_file_and_line(f.location)]
    }

    def order(row: str) -> tuple:
        data = json.loads(row)
        return data["file"], data["line"] is None, data["line"] or 0, data["reason"]

    try:
        if keep_existing and path.exists():
            rows |= {line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        return write_atomic(path, "".join(row + "\n" for row in sorted(rows, key=order)))
    except OSError as err:
        raise ExportError(f"{path.parent}: cannot write {path.name}: {err}") from err


def write_skipped_into(
    folder: OutputFolder,
    skipped: Iterable[Skipped],
    failures: Iterable[InputError],
    *,
    update: bool,
) -> Path:
    """``skipped.jsonl`` in a build's output folder, written as one of its files (an
    update adds to the list of earlier runs)."""
    path = folder.path / "skipped.jsonl"
    folder.claim([path])
    written = write_skipped(skipped, failures, path, keep_existing=update)
    folder.record([written])
    return written
