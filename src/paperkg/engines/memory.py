"""The in-memory engine: the whole corpus held at once, every output format.

Extraction runs in forked workers (:mod:`paperkg.extract.parallel`); linking,
the graph and the writers run here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from paperkg.engines.base import BuildJob, BuildResult, Feedback, corpus_summary
from paperkg.export import WRITERS, write_outputs
from paperkg.export.accounting import write_skipped_into
from paperkg.export.folder import OutputFolder
from paperkg.extract.parallel import extract_parallel
from paperkg.knowledge import lexicon_at, vocabulary_at
from paperkg.link import link_corpus
from paperkg.model import Corpus, ExtractedPaper, Paper
from paperkg.read.corpus import read_corpus

__all__ = ["MemoryEngine", "extract_and_link", "workers_for"]

#: Papers per forked worker below which another worker is not worth starting.
_PAPERS_PER_WORKER = 100


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


def workers_for(jobs: int, papers: int) -> int:
    """Worker processes worth starting for ``papers`` (forked workers share the
    pipeline, so a hundred papers each is enough), never more than ``jobs``."""
    return max(1, min(jobs, papers // _PAPERS_PER_WORKER))


@dataclass
class MemoryEngine:
    """Every format, the corpus in memory; extraction over ``jobs`` processes."""

    jobs: int = 1
    formats: frozenset[str] | None = None
    writes: str = "every format"
    updates: bool = True

    def build(self, job: BuildJob, folder: OutputFolder, feedback: Feedback) -> BuildResult:
        folder.claim(folder.path / name for f in job.formats for name in WRITERS[f].names)
        feedback.say(f"reading {len(job.inputs)} input(s)")
        read = read_corpus(job.inputs, format=job.input_format, previous=job.previous)
        feedback.read(read)
        papers = read.merge.papers
        if not papers:
            return BuildResult(read)
        feedback.say(f"extracting and linking {len(papers):,} papers")
        corpus = extract_and_link(
            papers,
            ontology=job.ontology,
            progress=feedback.bar(len(papers)),
            skipped=read.merge.skipped,
            jobs=workers_for(self.jobs, len(papers)),
        )
        corpus.license, corpus.provenance = job.license, job.provenance
        skipped = write_skipped_into(folder, read.merge.skipped, read.failures, update=job.update)
        feedback.say(f"writing {', '.join(job.formats)}")
        written = write_outputs(corpus, folder.path, job.formats, folder=folder)
        return BuildResult(read, len(corpus.papers), [skipped, *written], corpus_summary(corpus))
