"""The whole job as importable functions: read -> extract -> link -> graph -> export.

:func:`read_corpus` reads every input, keeping the papers of good files when
another file fails; :func:`extract_and_link` runs the spaCy pipeline and the
linker; the CLI only parses arguments and prints what these return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from paperkg.errors import InputError
from paperkg.extract.components import lexicon_at, vocabulary_at
from paperkg.extract.parallel import extract_parallel
from paperkg.link import link_corpus
from paperkg.model import Corpus, ExtractedPaper, Paper, Skipped
from paperkg.read import merge_papers, read_path
from paperkg.read.merge import MergeResult

__all__ = ["ReadReport", "read_corpus", "extract_and_link"]


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
    merge: Callable[[Iterable[Paper | Skipped]], MergeResult] = merge_papers,
) -> ReadReport:
    """Read and de-duplicate all inputs; a file that cannot be read is reported, not fatal.

    ``previous`` papers (an existing graph's, for an incremental update) are merged
    with the new records exactly as records of their pages would be. ``merge``
    folds the records (the streaming build passes one that keeps them on disk).
    """
    failures: list[InputError] = []
    per_file: dict[str, int] = {}

    def items() -> Iterable:
        yield from previous
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


def extract_and_link(
    papers: Sequence[Paper],
    *,
    ontology: str = "",
    progress: Callable[[Iterable[ExtractedPaper]], Iterable[ExtractedPaper]] = lambda it: it,
    skipped: Iterable = (),
    jobs: int = 1,
) -> Corpus:
    """Extract mentions from every paper (in ``jobs`` processes) and link them into a corpus."""
    extracted = list(progress(extract_parallel(papers, jobs=jobs, ontology=ontology)))
    return link_corpus(
        extracted, vocabulary_at(ontology), lexicon=lexicon_at(ontology), skipped=skipped
    )
