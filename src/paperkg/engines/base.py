"""What every engine offers the command line and the library: one build, one result.

An engine decides where the papers are held (memory, partition files) and which
processes do the work (this one, forked workers, a Dask cluster). It reads the
inputs of a :class:`BuildJob` into an :class:`~paperkg.export.folder.OutputFolder`
the caller holds, and returns a :class:`BuildResult`; it prints nothing itself,
it tells :class:`Feedback`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from paperkg.export.folder import OutputFolder
from paperkg.model import CONCEPT_TYPES, RELATIONS, RESULT_KINDS, Corpus, Paper
from paperkg.read.corpus import ReadReport

__all__ = ["BuildJob", "BuildResult", "Engine", "Feedback", "corpus_summary"]


def _quiet(message: str) -> None:
    """Say nothing (the library's default)."""


def _unread(report: ReadReport) -> None:
    """Report nothing of the reading (the library's default)."""


def _no_bar(total: int) -> Callable[[Iterable[Any]], Iterable[Any]]:
    """Extraction without a progress bar (the library's default)."""
    return lambda items: items


@dataclass(frozen=True)
class Feedback:
    """How an engine tells its caller how the build goes."""

    #: a phase starts ("linking")
    say: Callable[[str], None] = _quiet
    #: the inputs are read: what was read, merged and skipped
    read: Callable[[ReadReport], None] = _unread
    #: wraps the extraction of ``total`` papers (a progress bar)
    bar: Callable[[int], Callable[[Iterable[Any]], Iterable[Any]]] = _no_bar
    #: how far the current phase is: ``done`` of ``total`` (partitions, papers)
    count: Callable[[int, int], None] = lambda done, total: None


@dataclass(frozen=True)
class BuildJob:
    """What to build: the inputs, how to read them and the output formats.

    With ``update`` the folder holds a graph being updated (``--update``):
    ``previous`` are its papers, merged with the new records as records of their
    pages would be, and its list of skipped records is kept.
    """

    inputs: Sequence[str]
    formats: tuple[str, ...]
    input_format: str | None = None
    update: bool = False
    previous: Sequence[Paper] = ()
    ontology: str = ""
    #: the data's licence (an IRI) for the graph's description; None: not stated
    license: str | None = None
    #: how much of the links' provenance the RDF states (one of PROVENANCE_MODES)
    provenance: str = "full"


@dataclass
class BuildResult:
    """What a build read and wrote (``skipped.jsonl`` first); ``summary`` is its
    account in a few lines."""

    read: ReadReport
    papers: int = 0
    written: list[Path] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


class Engine(Protocol):
    """One way to run the build: ``paperkg build --engine NAME``."""

    #: the output formats it writes (None: every writer)
    formats: frozenset[str] | None
    #: what it writes, in words (for the error that names a format it does not)
    writes: str
    #: whether it merges inputs into an existing graph (``--update``)
    updates: bool

    def build(self, job: BuildJob, folder: OutputFolder, feedback: Feedback) -> BuildResult:
        """Read ``job``'s inputs and write its formats into ``folder``."""
        ...


def corpus_summary(corpus: Corpus) -> list[str]:
    """Concepts per type, repositories and links per relation, a line each."""
    named = {link.target_key for link in corpus.links} & corpus.concepts.keys()
    types = Counter(corpus.concepts[key].type for key in named)
    relations = Counter(link.relation for link in corpus.links)
    kinds = Counter(r.kind for r in corpus.repositories.values())
    metrics = {r.metric_key for r in corpus.results if r.metric_key}
    results = Counter(r.result.kind for r in corpus.results)
    broader = len(corpus.concepts.keys() - named - metrics)
    return [
        f"concepts: {len(named)} named by papers ("
        + ", ".join(f"{t} {types[t]}" for t in CONCEPT_TYPES)
        + f") and {broader} broader ones from the vocabulary; "
        f"code repositories {kinds['repository']}, project pages {kinds['project-page']}",
        f"links: {len(corpus.links)} (" + ", ".join(f"{r} {relations[r]}" for r in RELATIONS) + ")",
        f"results: {len(corpus.results)} from "
        f"{len({r.paper_key for r in corpus.results})} papers on {len(metrics)} metrics ("
        + ", ".join(f"{kind} {results[kind]}" for kind in RESULT_KINDS)
        + ")",
    ]
