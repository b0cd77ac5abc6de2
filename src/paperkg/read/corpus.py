"""Every input of a run read into one de-duplicated set of papers.

A file that cannot be read is reported with its papers missing, never fatal to
the files beside it; records that cannot be used are skipped one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from paperkg.errors import InputError
from paperkg.model import Paper, Skipped
from paperkg.read import merge_papers, read_path
from paperkg.read.merge import MergeResult

__all__ = ["ReadReport", "read_corpus"]


@dataclass
class ReadReport:
    """Papers read from all inputs, with per-file failures and per-record skips.

    ``previous`` counts the papers that came from an existing graph (``--update``);
    they are part of ``merge.read``.
    """

    merge: MergeResult
    failures: list[InputError] = field(default_factory=list)
    papers_per_file: dict[str, int] = field(default_factory=dict)
    previous: int = 0


def read_corpus(
    paths: Sequence[str],
    *,
    format: str | None = None,
    previous: Sequence[Paper] = (),
    records: Iterable[Paper | Skipped] = (),
    merge: Callable[[Iterable[Paper | Skipped]], MergeResult] = merge_papers,
) -> ReadReport:
    """Read and de-duplicate all inputs; a file that cannot be read is reported, not fatal.

    ``previous`` papers (an existing graph's, for an incremental update) are merged
    with the new records exactly as records of their pages would be; ``records``
    (given as Python objects, by the library) come before the files. ``merge`` folds
    the records (the streaming build passes one that keeps them on disk).
    """
    failures: list[InputError] = []
    per_file: dict[str, int] = {}

    def items() -> Iterable:
        yield from previous
        yield from records
        for path in paths:
            count = 0
            try:
                for item in read_path(path, format=format):
                    count += isinstance(item, Paper)
                    yield item
            except InputError as err:
                failures.append(err)
            else:
                if count == 0:
                    failures.append(InputError(path, "no papers found in this file"))
            per_file[path] = count

    return ReadReport(merge(items()), failures, per_file, len(previous))
