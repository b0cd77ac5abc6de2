"""Extraction over several processes: the pipeline is built once per worker.

``nlp.pipe(n_process=...)`` pickles whole Docs between processes and was
several times slower than one process; here each worker receives a chunk of
papers and returns the small :class:`~paperkg.model.ExtractedPaper` records.
Results come back in input order, so the output does not depend on scheduling.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from spacy.language import Language

from paperkg.extract.pipeline import build_pipeline, extract_papers
from paperkg.model import ExtractedPaper, Paper

__all__ = ["default_jobs", "extract_parallel", "pipeline_for_run"]

_CHUNK = 256
_worker_nlp = None


def default_jobs() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def pipeline_for_run(ontology: str = "") -> Language:
    """Build the pipeline for a long run and move it out of the garbage collector's way.

    The vocabularies and matchers are long-lived objects that every full
    collection would otherwise walk again; frozen, extraction ran ~10 % faster.
    """
    nlp = build_pipeline(ontology=ontology)
    gc.collect()
    gc.freeze()
    return nlp


def _start_worker(ontology: str) -> None:
    global _worker_nlp
    _worker_nlp = pipeline_for_run(ontology)


def _extract_chunk(papers: list[Paper]) -> list[ExtractedPaper]:
    return list(extract_papers(papers, _worker_nlp))


def _chunks(papers: Iterable[Paper]) -> Iterator[list[Paper]]:
    iterator = iter(papers)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def extract_parallel(
    papers: Iterable[Paper], *, jobs: int, ontology: str = ""
) -> Iterator[ExtractedPaper]:
    """Extract with ``jobs`` worker processes (one means this process), in input order."""
    if jobs <= 1:
        yield from extract_papers(papers, pipeline_for_run(ontology))
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(ontology,)) as pool:
        for chunk in pool.map(_extract_chunk, _chunks(papers)):
            yield from chunk
