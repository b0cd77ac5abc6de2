"""Read paper listings into :class:`~paperkg.model.Paper` records.

Every reader is a generator of ``Paper | Skipped``: a bad record becomes a
:class:`~paperkg.model.Skipped` with its file, line and reason while the good
records beside it flow on. The format is picked from the content (the file name
is only a tie-breaker), gzip is opened transparently and ``-`` is standard input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from paperkg.errors import InputError
from paperkg.model import Paper, Skipped
from paperkg.read import arxiv_atom, daily_papers, hf_api, records
from paperkg.read.merge import MergeResult, merge_papers
from paperkg.read.sources import TextSource, detect_format, open_text

__all__ = ["FORMATS", "MergeResult", "merge_papers", "read_inputs", "read_path"]

Reader = Callable[[TextSource], Iterator[Paper | Skipped]]

#: Input readers by format name (``--input-format``).
FORMATS: dict[str, Reader] = {
    "daily-papers": daily_papers.read_daily_papers,
    "jsonl": records.read_jsonl,
    "csv": records.read_csv,
    "hf-api": hf_api.read_hf_api,
    "arxiv-atom": arxiv_atom.read_arxiv_atom,
}


def read_path(path: str, *, format: str | None = None) -> Iterator[Paper | Skipped]:
    """Yield the papers (and skipped records) of one file; ``-`` is standard input.

    Raises :class:`~paperkg.errors.InputError` when the file as a whole cannot be
    read (missing, binary, not text, empty); single bad records are yielded as skips.
    """
    source = open_text(path)
    if not source.head.strip():
        raise InputError(source.path, "empty file: no papers to read")
    name = format or detect_format(source)
    if name not in FORMATS:
        known = ", ".join(FORMATS)
        raise InputError(source.path, f"unknown input format {name!r}; known formats: {known}")
    yield from FORMATS[name](source)


def read_inputs(paths: Iterable[str], *, format: str | None = None) -> Iterator[Paper | Skipped]:
    """Chain :func:`read_path` over several inputs, in the order given."""
    for path in paths:
        yield from read_path(path, format=format)
