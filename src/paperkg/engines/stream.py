"""The stream engine: N-Triples and a concept table in bounded memory.

The in-memory engine (:mod:`paperkg.engines.memory`) holds the corpus; this one holds
only what the output needs globally (the merge index, acronym meanings, the
concept table) and keeps papers, mentions and links on disk, one partition at a
time. The steps, each a function of file paths and small values so that a
process pool or a Dask worker (:mod:`paperkg.engines.dask`) can run it:

1. **index** (driver): read every input once into a spill file, holding only
   hashes of the identity keys; duplicates are merged as the in-memory build
   merges them, and the merged papers are cut into partitions as they are read.
2. **extract** (per partition, while the driver reads on): each paper's
   entities, only the keys of bare acronyms left open, with the partition's
   acronym meanings. A paper that a later duplicate changes is dropped from its
   partition and extracted again, merged, in a last one.
3. **link** (per partition): the entities keyed with the corpus-wide acronym
   map; the partition's :class:`~paperkg.link.ConceptTable` goes back to the
   driver.
4. **write** (per partition): the same keys again, and the paper and link
   triples to the partition's N-Triples shard, each relation following its
   concept's corpus-wide type.
5. **finish** (driver): pages, concepts, repositories and rules to a last
   shard, and ``concepts.csv`` (:mod:`paperkg.export.table`).

The union of the shards is the in-memory build's ``graph.nt`` (a test checks
it, for both engines). Partitions live in a work folder inside the output
folder, so on a cluster the output folder must be on storage every worker sees.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from paperkg.atomic import remove_stale
from paperkg.engines.base import BuildJob, BuildResult, Feedback
from paperkg.engines.pools import LocalPool, Pool, TaskResult
from paperkg.export.accounting import write_skipped_into
from paperkg.export.describe import dataset_triples
from paperkg.export.folder import OutputFolder
from paperkg.export.rdf import (
    GLOBAL_SHARD,
    SHARD_FOLDER,
    concept_triples,
    distinct_pages,
    links_triples,
    ntriples_lines,
    page_iri,
    page_triples,
    paper_triples,
    papers_results,
    repository_triples,
    rule_triples,
    scheme_triples,
    stated_links,
    venue_triples,
)
from paperkg.export.table import write_concept_table
from paperkg.extract.parallel import pipeline_for_run
from paperkg.extract.pipeline import extract_papers
from paperkg.knowledge import lexicon_at, vocabulary_at
from paperkg.link import (
    ConceptTable,
    acronym_meanings,
    metric_concepts,
    paper_links,
    paper_results,
    pending_entities,
    rekeyed,
    resolve_entities,
    unambiguous_acronyms,
    without_label_clashes,
)
from paperkg.model import Concept, Entity, Paper, Result, Skipped, SourcePage
from paperkg.read.corpus import ReadReport, read_corpus
from paperkg.read.merge import Filed, MergeResult, RecordGroups, combine_records

__all__ = ["StreamEngine", "StreamReport", "stream_build"]

#: Papers per partition: large enough to amortise a task, small enough to hold.
PARTITION_SIZE = 500


@dataclass
class StreamReport:
    """What a streaming build read and wrote."""

    read: ReadReport
    papers: int = 0
    partitions: int = 0
    triples: int = 0
    concepts: int = 0
    links: int = 0
    written: list[Path] = field(default_factory=list)


# --------------------------------------------------------------------------- files


def _dump(path: Path, value: object) -> None:
    with path.open("wb") as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: Path) -> Any:
    with path.open("rb") as stream:
        return pickle.load(stream)


@lru_cache(maxsize=4)
def _shared(path: str) -> Any:
    """A value the driver wrote once for every task (loaded once per worker)."""
    return _load(Path(path))


# --------------------------------------------------------------------------- 1. index


class _Partitioner:
    """:func:`~paperkg.read.merge.merge_papers` for a stream, cut into partitions
    while the input is still being read.

    Groups form by the same :class:`~paperkg.read.merge.RecordGroups` and combine
    by the same function. Every ``size`` new papers make a partition: their
    records leave memory for the partition's file and it goes to ``dispatch`` at
    once, so extraction runs while the rest is read. Memory holds 8-byte hashes
    of the identity keys and the records of at most ``size`` papers.

    A record that reaches a paper whose partition has already gone out (a
    duplicate on a later page) makes that copy stale: it is dropped from its
    partition (:attr:`stale`) and the paper, its records read back from that
    partition, goes into one of the last partitions. What is left at the end is
    spread over at least ``jobs`` partitions.
    """

    def __init__(
        self, work: Path, size: int, jobs: int, dispatch: Callable[[int, Path], None]
    ) -> None:
        self.work, self.size, self.jobs, self.dispatch = work, size, jobs, dispatch
        # a placed group's records leave memory: they are in its partition's file
        self.groups: RecordGroups[Paper] = RecordGroups(key=_hash)
        self.pending: dict[int, None] = {}  # groups not yet in a partition, in order
        # group number -> its partition and position there (-1: none), compact for 1M+
        self.placed_in, self.placed_at = array("i"), array("i")
        self.stale: dict[int, set[int]] = defaultdict(set)  # partition -> positions
        self.late: set[int] = set()  # placed groups that gained a record since
        self.copies: dict[int, tuple[int, int]] = {}  # late group -> its copy out there
        self.bridged: set[int] = set()  # late groups that joined another placed group
        # partition -> position -> the merged paper, where its text is the copy's own
        self.patches: dict[int, dict[int, Paper]] = defaultdict(dict)
        self.parts: list[Path] = []
        self.pages: set[SourcePage] = set()
        self.venues: set[str] = set()
        # duplicates come in runs (a file read twice, a listing re-posted): a few
        # partitions' records at hand spare reloading one per duplicate
        self._records_in = lru_cache(maxsize=4)(self._load_records)

    def __call__(self, items: Iterable[Paper | Skipped]) -> MergeResult:
        for item in items:
            self.placed_in.append(-1)  # group numbers count records from 1
            self.placed_at.append(-1)
            filed = self.groups.add(item)
            if filed is not None:
                self._file(filed)
            if len(self.pending) >= self.size:
                self._cut(list(islice(self.pending, self.size)))
        rest = [*self.pending, *(g for g in sorted(self.late) if not self._patched(g))]
        size = max(1, min(self.size, -(-len(rest) // self.jobs)))
        for start in range(0, len(rest), size):
            self._cut(rest[start : start + size])
        return self.groups.finish()

    def _file(self, filed: Filed) -> None:
        if filed.new:
            self.pending[filed.group] = None
            return
        records = self.groups.groups[filed.group]
        changed = False  # a copy of this paper already out in a partition is out of date
        for group in (filed.group, *filed.absorbed):
            part, position = self.placed_in[group - 1], self.placed_at[group - 1]
            if part >= 0:
                self.placed_in[group - 1] = -1
                self.stale[part].add(position)
                records.extend(self._records_in(part)[1][position])
                self.copies[group] = (part, position)
                changed = True
            if group in self.late:
                self.late.discard(group)
                changed = True
            if group != filed.group:
                self.pending.pop(group, None)
                if group in self.copies or group in self.bridged:
                    self.bridged.add(filed.group)
        if changed and filed.group not in self.pending:
            self.late.add(filed.group)

    def _load_records(self, part: int) -> tuple[list[Paper], list[list[Paper]]]:
        return _load(self.parts[part] / "papers.pkl")

    def _patched(self, group: int) -> bool:
        """Whether a late paper only gained metadata (a page, authors): its copy out
        there has its text, so the copy's mentions stand and the merged paper
        replaces it there; no second extraction."""
        if group not in self.copies or group in self.bridged:
            return False
        part, position = self.copies[group]
        copy = self._records_in(part)[0][position]
        merged = combine_records(self.groups.groups[group])
        if (merged.title, merged.abstract) != (copy.title, copy.abstract):
            return False
        self.stale[part].discard(position)
        self.patches[part][position] = merged
        self.pages.update(o.page for o in merged.origins)
        self.venues.update([merged.venue] if merged.venue else [])
        return True

    def _cut(self, groups: list[int]) -> None:
        number = len(self.parts)
        records = [self.groups.groups[group] for group in groups]
        batch = [combine_records(held) for held in records]
        self.pages.update(o.page for p in batch for o in p.origins)
        self.venues.update(p.venue for p in batch if p.venue)
        part = self.work / f"part-{number:05d}"
        part.mkdir()
        # the records too, for a later duplicate (a lone record is the paper itself:
        # pickled once)
        _dump(part / "papers.pkl", (batch, records))
        for position, group in enumerate(groups):
            del self.groups.groups[group]
            self.pending.pop(group, None)
            self.placed_in[group - 1], self.placed_at[group - 1] = number, position
        self.parts.append(part)
        self.dispatch(number, part)


class _Meanings:
    """The corpus' acronym meanings, merged partition by partition as each is extracted,
    so the driver holds one map, not one per partition (~200 bytes a paper).

    Each (acronym, meaning) counts the partitions that define it: a revised
    partition's earlier meanings are taken back, its new ones added.
    """

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, meanings: dict[str, set[str]], sign: int = 1) -> None:
        """Count one partition's meanings in (``sign`` -1: take them back)."""
        for short, keys in meanings.items():
            held = self.counts.setdefault(short, {})
            for key in keys:
                count = held.get(key, 0) + sign
                if count:
                    held[key] = count
                else:
                    del held[key]
            if not held:
                del self.counts[short]

    def unambiguous(self) -> dict[str, str]:
        """:func:`~paperkg.link.unambiguous_acronyms` of the union of the partitions."""
        return unambiguous_acronyms({short: set(keys) for short, keys in self.counts.items()})


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


# --------------------------------------------------------------------------- 2-4. per partition


def extract_partition(part: str, ontology: str) -> dict[str, set[str]]:
    """Extract one partition's entities, their bare acronyms' keys still open (to
    ``entities.pkl``); return the partition's acronym meanings (kept beside them, for
    a revision to take back)."""
    nlp = pipeline_for_run(ontology)
    vocabulary, lexicon = vocabulary_at(ontology), lexicon_at(ontology)
    papers, _ = _load(Path(part) / "papers.pkl")
    pending = [pending_entities(item, vocabulary, lexicon) for item in extract_papers(papers, nlp)]
    _dump(Path(part) / "entities.pkl", pending)
    meanings = acronym_meanings(item.definitions for item in pending)
    _dump(Path(part) / "meanings.pkl", meanings)
    return meanings


def revise_partition(
    part: str, drop: list[int], patches: dict[int, Paper]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Drop the papers a later record changed the text of (extracted again in a later
    partition) and put merged papers in place of copies whose text stands; return
    the partition's acronym meanings before and after."""
    path = Path(part) / "entities.pkl"
    dropped = set(drop)
    pending = [
        replace(item, paper=patches[n]) if n in patches else item
        for n, item in enumerate(_load(path))
        if n not in dropped
    ]
    _dump(path, pending)
    return _load(Path(part) / "meanings.pkl"), acronym_meanings(i.definitions for i in pending)


def _resolved(
    part: str, acronyms_path: str
) -> Iterator[tuple[Paper, tuple[Entity, ...], tuple[Result, ...]]]:
    """A partition's papers with their entities keyed corpus-wide, and their results."""
    acronyms = _shared(acronyms_path)
    for item in _load(Path(part) / "entities.pkl"):
        yield item.paper, resolve_entities(item, acronyms), item.results


def link_partition(part: str, acronyms_path: str) -> ConceptTable:
    """One partition's concept counts, its entities keyed corpus-wide."""
    table = ConceptTable()
    for _, entities, _ in _resolved(part, acronyms_path):
        table.add(entities)
    return table


@dataclass
class WrittenPartition:
    """What writing one partition's triples found: the rules of the links and results
    written, the triple and link counts, the papers per metric (by the metric's
    vocabulary IRI) its results are stated in, and its first paper's IRI in IRI order."""

    rules: set[str] = field(default_factory=set)
    triples: int = 0
    links: int = 0
    metrics: Counter[str] = field(default_factory=Counter)
    first_paper: str | None = None


def write_partition(
    part: str, acronyms_path: str, concepts_path: str, provenance: str
) -> WrittenPartition:
    """Write one partition's paper, link and result triples to ``part.nt``, the links'
    provenance as ``provenance`` says (``concepts_path`` holds the concepts and the
    folded keys' new keys)."""
    concepts: dict[str, Concept]
    redirects: dict[str, str]
    concepts, redirects = _shared(concepts_path)
    written = WrittenPartition()
    with (Path(part) / "part.nt").open("w", encoding="utf-8") as stream:
        for paper, entities, results in _resolved(part, acronyms_path):
            batch = list(paper_triples(paper))
            node = batch[0][0]  # the paper's node: its rdf:type triple comes first
            iri = node[1:-1]
            if written.first_paper is None or iri < written.first_paper:
                written.first_paper = iri
            entities = rekeyed(entities, redirects)
            stated = stated_links(paper_links(paper, entities, concepts), concepts)
            if provenance != "none":
                written.rules.update(link.rule for link, _ in stated)
            written.links += len(stated)
            batch.extend(links_triples(stated, node, provenance))
            reported = list(paper_results(paper, results, entities, concepts))
            batch.extend(papers_results(reported, {paper.key: node}))
            written.rules.update(r.result.rule for r in reported)
            written.metrics.update({r.result.metric_id for r in reported if r.result.metric_id})
            stream.writelines(ntriples_lines(batch))
            written.triples += len(batch)
    return written


# --------------------------------------------------------------------------- 5. finish


def _global_triples(
    pages: Iterable[SourcePage],
    venues: Iterable[str],
    concepts: dict[str, Concept],
    table: ConceptTable,
    paper_counts: dict[str, int],
    rules: set[str],
) -> Iterator[tuple[str, str, str]]:
    for page in pages:
        yield from page_triples(page)
    for venue in venues:
        yield from venue_triples(venue)
    yield from scheme_triples()
    for key in sorted(concepts):
        yield from concept_triples(concepts[key], paper_counts.get(key, 0), concepts)
    for url in sorted(table.repositories):
        yield from repository_triples(table.repositories[url])
    yield from rule_triples(rules)


def _publish(shards: Path, target: Path) -> None:
    """Replace the shard folder as a whole, so no stale shard of an earlier run remains."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(shards, target)
    if old.exists():
        shutil.rmtree(old)


def stream_build(
    paths: Sequence[str],
    out: Path,
    *,
    format: str | None = None,
    jobs: int = 1,
    pool: Pool | None = None,
    ontology: str = "",
    partition_size: int = PARTITION_SIZE,
    progress: Callable[[str], None] = lambda message: None,
    count: Callable[[int, int], None] = lambda done, total: None,
    license: str | None = None,
    provenance: str = "full",
) -> StreamReport:
    """Build ``out/nt/*.nt`` and ``out/concepts.csv`` from ``paths`` in bounded memory,
    the links' provenance as ``provenance`` says.

    The partitions run on ``pool`` (default: ``jobs`` local processes); ``jobs``
    is also the least number of partitions the last papers are spread over.
    """
    out.mkdir(parents=True, exist_ok=True)
    remove_stale(out)  # a killed run's work folder can hold gigabytes
    # the full path: workers of a Dask cluster do not share our working folder
    work = Path(tempfile.mkdtemp(prefix=f".paperkg-work-{os.getpid()}-", dir=out)).resolve()
    try:
        with pool or LocalPool(jobs, ontology) as tasks:
            progress("reading; each partition is extracted as soon as it is cut")
            extracting: dict[str, TaskResult] = {}  # partition -> future of its acronym meanings
            meanings = _Meanings()

            def collect(*, wait: bool) -> None:
                """Merge the meanings of the partitions extracted so far (all: ``wait``)."""
                for part in [p for p, task in extracting.items() if wait or task.done()]:
                    meanings.add(extracting.pop(part).result())
                    count(len(index.parts) - len(extracting), len(index.parts))

            def dispatch(number: int, part: Path) -> None:
                extracting[str(part)] = tasks.submit(extract_partition, str(part), ontology)
                collect(wait=False)

            index = _Partitioner(work, partition_size, max(1, jobs), dispatch)
            read = read_corpus(paths, format=format, merge=index)
            parts, pages, venues = index.parts, distinct_pages(index.pages), sorted(index.venues)
            report = StreamReport(read, papers=read.merge.unique, partitions=len(parts))
            if not parts:
                return report
            progress(f"extracting {report.papers} papers in {len(parts)} partitions")
            collect(wait=True)
            revised = sorted({n for n, p in index.stale.items() if p} | set(index.patches))
            revisions = [
                (str(parts[n]), sorted(index.stale.get(n, ())), index.patches.get(n, {}))
                for n in revised
            ]
            for before, after in tasks(revise_partition, revisions):
                meanings.add(before, -1)
                meanings.add(after)
            _dump(work / "acronyms.pkl", meanings.unambiguous())
            progress("linking")
            table = ConceptTable()
            acronyms = str(work / "acronyms.pkl")
            for found in tasks(link_partition, [(str(p), acronyms) for p in parts]):
                table.merge(found)
            redirects = table.fold_variants(vocabulary_at(ontology))
            concepts = table.concepts(vocabulary_at(ontology), lexicon_at(ontology).name_heads)
            _dump(work / "concepts.pkl", (concepts, redirects))
            progress(f"writing {len(concepts)} concepts and the partitions' triples")
            rules: set[str] = set()
            stated_in: Counter[str] = Counter()
            writes = [(str(p), acronyms, str(work / "concepts.pkl"), provenance) for p in parts]
            first_papers = []
            for written in tasks(write_partition, writes):
                rules |= written.rules
                report.triples += written.triples
                report.links += written.links
                stated_in.update(written.metrics)
                first_papers += [written.first_paper] if written.first_paper else []
            metric_table = metric_concepts(stated_in, vocabulary_at(ontology))
            concepts = without_label_clashes({**concepts, **metric_table})
            paper_counts = {
                **table.paper_counts,
                **{key: stated_in[c.vocabulary_id or ""] for key, c in metric_table.items()},
            }
        shards = work / SHARD_FOLDER
        shards.mkdir()
        for number, part in enumerate(parts):
            os.replace(part / "part.nt", shards / f"part-{number:05d}.nt")
        lines = list(
            ntriples_lines(_global_triples(pages, venues, concepts, table, paper_counts, rules))
        )
        report.triples += len(lines)
        description = dataset_triples(
            triples=report.triples,
            pages=[page_iri(page) for page in pages],
            papers=report.papers,
            concepts=concepts,
            paper_counts=paper_counts,
            license=license,
            provenance=provenance,
            first_paper=min(first_papers, default=None),
        )
        described = list(ntriples_lines(description))
        report.triples += len(described)
        (shards / GLOBAL_SHARD).write_text("".join(lines + described), encoding="utf-8")
        report.concepts = len(concepts)
        _publish(shards, out / SHARD_FOLDER)
        report.written = [
            out / SHARD_FOLDER,
            write_concept_table(concepts, paper_counts, out / "concepts.csv"),
        ]
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


class StreamEngine:
    """N-Triples shards and ``concepts.csv`` in bounded memory, partitions over ``jobs``
    local processes."""

    formats: frozenset[str] | None = frozenset({"nt"})
    writes = "N-Triples shards and concepts.csv"
    updates = False

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs

    def pool(self, ontology: str, say: Callable[[str], None]) -> Pool:
        """Where the partitions run (``say`` tells where to watch them, if anywhere)."""
        return LocalPool(self.jobs, ontology)

    def build(self, job: BuildJob, folder: OutputFolder, feedback: Feedback) -> BuildResult:
        folder.claim([folder.path / SHARD_FOLDER, folder.path / "concepts.csv"])
        report = stream_build(
            job.inputs,
            folder.path,
            format=job.input_format,
            jobs=self.jobs,
            pool=self.pool(job.ontology, feedback.say),
            ontology=job.ontology,
            progress=feedback.say,
            count=feedback.count,
            license=job.license,
            provenance=job.provenance,
        )
        folder.record(report.written)
        feedback.read(report.read)
        if not report.papers:
            return BuildResult(report.read)
        skipped = write_skipped_into(
            folder, report.read.merge.skipped, report.read.failures, update=False
        )
        summary = [
            f"{report.papers} papers in {report.partitions} partitions: {report.concepts} "
            f"concepts, {report.links} links, {report.triples} triples"
        ]
        return BuildResult(report.read, report.papers, [skipped, *report.written], summary)
