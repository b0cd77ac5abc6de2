"""paperkg as a library: a knowledge graph from files or records, one paper's entities,
and the graph handed to NetworkX, rdflib or SPARQL.

The command line is a layer over the same engines; these functions are what a
notebook needs without reading the source (``docs/api.md`` walks through them).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib

from paperkg.engines.memory import extract_and_link, workers_for
from paperkg.errors import InputError, UsageError
from paperkg.export import DEFAULT_FORMATS, parse_formats, write_outputs
from paperkg.export.folder import OutputFolder
from paperkg.export.rdf import corpus_ntriples, corpus_to_rdflib
from paperkg.graph import build_graph
from paperkg.model import (
    PROVENANCE_MODES,
    Concept,
    Corpus,
    Entity,
    Link,
    Origin,
    Paper,
    ReportedResult,
    Skipped,
    SourcePage,
)
from paperkg.read.corpus import read_corpus
from paperkg.read.fields import paper_from_record
from paperkg.store.query import parse_binding, run_query

__all__ = ["KnowledgeGraph", "build", "extract"]

#: The page that records given as Python objects are listed on.
RECORDS = SourcePage("records")

#: What :func:`build` reads: a file path, a :class:`~paperkg.model.Paper`, or a dict with
#: the JSON Lines fields (``title``, ``abstract``, ``authors``, ``date``, ``url``, ``id``).
Input = str | os.PathLike[str] | Paper | Mapping[str, Any]


@dataclass
class KnowledgeGraph:
    """Papers, the concepts they propose and use, and the links between them.

    ``len(kg)`` is the number of papers. ``failures`` are the input files that could
    not be read (their papers are missing); ``skipped`` the records that were not
    papers, each with its reason.
    """

    corpus: Corpus
    failures: list[InputError] = field(default_factory=list)

    @property
    def papers(self) -> dict[str, Paper]:
        """Papers by key (``title:...`` or ``arxiv:...``)."""
        return self.corpus.papers

    @property
    def concepts(self) -> dict[str, Concept]:
        """Concepts by key (the slug at the end of their IRI)."""
        return self.corpus.concepts

    @property
    def links(self) -> list[Link]:
        """Paper -> concept or code links, each with its rule, evidence and confidence."""
        return self.corpus.links

    @property
    def results(self) -> list[ReportedResult]:
        """The results papers report (a number, its metric, dataset, task and method),
        in the order each paper states them."""
        return self.corpus.results

    @property
    def skipped(self) -> list[Skipped]:
        return self.corpus.skipped

    def entities(self, paper_key: str) -> tuple[Entity, ...]:
        """One paper's entities, as ``paperkg extract`` prints them."""
        return self.corpus.entities.get(paper_key, ())

    def __len__(self) -> int:
        return len(self.corpus.papers)

    def __repr__(self) -> str:
        return (
            f"<KnowledgeGraph: {len(self.papers)} papers, {len(self.concepts)} concepts, "
            f"{len(self.links)} links>"
        )

    def to_networkx(self) -> nx.MultiDiGraph[str]:
        """A new NetworkX graph; every node has ``kind``, ``label`` and ``iri`` (see
        :mod:`paperkg.graph` for the attributes)."""
        return build_graph(self.corpus)

    def to_rdflib(self) -> rdflib.Graph:
        """A new rdflib graph with the project's prefixes bound."""
        return corpus_to_rdflib(self.corpus)

    @cached_property
    def _store(self) -> ox.Store:
        store = ox.Store()
        lines = "".join(corpus_ntriples(self.corpus))  # with its description, as built
        store.bulk_load(lines.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store

    def query(self, sparql: str, **bindings: str) -> list[dict[str, str]]:
        """The rows of a SELECT (or ``[{"ask": "true"}]`` for an ASK) as dicts of
        variable -> value: an IRI as its text, a literal as its lexical form; unbound
        variables are left out. The project's prefixes are predeclared. ``bindings``
        give variables a value first, written as ``--bind`` takes it
        (``concept="concept:mamba"``, ``acronym="GNN"``).
        """
        given = dict(parse_binding(f"{name}={value}") for name, value in bindings.items())
        result = run_query(self._store, sparql, bindings=given)
        return [
            {name: term.value for name, term in zip(result.variables, row, strict=True) if term}
            for row in result.rows
        ]

    def write(
        self, out_dir: str | os.PathLike[str], formats: Sequence[str] = DEFAULT_FORMATS
    ) -> list[Path]:
        """Write ``formats`` (names as ``paperkg build --format``) into ``out_dir`` with the
        command line's guarantees: a lock, and no file replaced that paperkg did not write."""
        names = parse_formats(",".join(formats))
        with OutputFolder(Path(out_dir)) as folder:
            return write_outputs(self.corpus, folder.path, names, folder=folder)


def build(
    inputs: Input | Iterable[Input],
    *,
    input_format: str | None = None,
    jobs: int = 1,
    ontology: str = "",
    provenance: str = "full",
) -> KnowledgeGraph:
    """Read, extract and link ``inputs`` (paths, :class:`~paperkg.model.Paper` records or
    dicts with the JSON Lines fields) into a knowledge graph, in memory.

    Duplicates merge as in ``paperkg build``; a file that cannot be read is a warning
    and listed in :attr:`KnowledgeGraph.failures`; ``jobs`` extraction processes;
    ``ontology`` an edited copy of the ontology folder ("" = the installed one);
    ``provenance`` how much of each link's provenance its RDF states (full, compact or
    none, as ``paperkg build --provenance``).
    """
    if jobs < 1:
        raise UsageError(f"jobs must be at least 1, not {jobs}")
    if provenance not in PROVENANCE_MODES:
        raise UsageError(
            f"provenance must be one of {', '.join(PROVENANCE_MODES)}, not {provenance!r}"
        )
    if isinstance(inputs, str | os.PathLike | Paper | Mapping):
        inputs = [inputs]
    paths: list[str] = []
    records: list[Paper | Skipped] = []
    for item in inputs:
        if isinstance(item, str | os.PathLike):
            paths.append(os.fspath(item))
        elif isinstance(item, Paper):
            records.append(item)
        else:
            records.append(paper_from_record(item, Origin(RECORDS, len(records) + 1)))
    read = read_corpus(paths, format=input_format, records=records)
    for failure in read.failures:
        warnings.warn(f"paperkg: {failure}", stacklevel=2)
    papers = read.merge.papers
    corpus = extract_and_link(
        papers, ontology=ontology, skipped=read.merge.skipped, jobs=workers_for(jobs, len(papers))
    )
    corpus.provenance = provenance
    return KnowledgeGraph(corpus, read.failures)


def extract(title: str, abstract: str = "", *, ontology: str = "") -> list[Entity]:
    """One paper's entities (concepts and code links), as ``paperkg extract`` gives them.

    Raises :class:`~paperkg.errors.InputError` for a record that is not a paper (no
    title, or text that is not text).
    """
    found = paper_from_record({"title": title, "abstract": abstract or title}, Origin(RECORDS, 1))
    if isinstance(found, Skipped):
        raise InputError(str(found.origin), found.reason)
    corpus = extract_and_link([found], ontology=ontology)
    return [entity for entities in corpus.entities.values() for entity in entities]
