"""RDF write and SPARQL speed at 0.3M and 3M triples (run by hand, not a test).

    python benchmarks/rdf_speed.py [--sizes 300000,3000000] [--runs 5]

The seeds corpus is extracted once and replicated (each copy's papers get new
keys, concepts are shared) until it holds about the requested number of triples.
For each size it reports: Turtle written by paperkg (Oxigraph) in triples/s,
rdflib's Turtle serialiser for comparison (0.3M only; it is too slow beyond),
bulk load into an Oxigraph store, and the median of RUNS in Oxigraph for the
top-20 concepts (by the materialised pkg:paperCount, and as an aggregate over the
links) and a two-concept join (the aggregate and the join once in rdflib at 0.3M).
"""

from __future__ import annotations

import argparse
import glob
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from paperkg.engines.memory import extract_and_link
from paperkg.export.rdf import corpus_to_rdflib, write_rdf
from paperkg.model import Corpus
from paperkg.read.corpus import read_corpus
from paperkg.store.query import load_store, run_query, with_prefixes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
QUERIES = Path(__file__).resolve().parents[1] / "ontology" / "queries"
JOIN = """
SELECT ?paper WHERE {
  ?paper pkg:uses|pkg:proposes concept:transformer .
  ?paper pkg:uses|pkg:proposes concept:graph-neural-network .
}"""


def replicate(corpus: Corpus, copies: int) -> Corpus:
    """``copies`` copies of the corpus's papers and links; concepts are shared."""
    bigger = Corpus(concepts=corpus.concepts, repositories=corpus.repositories)
    for copy in range(copies):
        for key, paper in corpus.papers.items():
            new = replace(paper, title=f"{paper.title} [{copy}]") if copy else paper
            bigger.papers[f"{key}#{copy}"] = new
        bigger.links.extend(
            replace(link, paper_key=f"{link.paper_key}#{copy}") for link in corpus.links
        )
    return bigger


def count_lines(path: Path) -> int:
    """Triples in an N-Triples file (one a line)."""
    with path.open("rb") as stream:
        return sum(1 for _ in stream)


def timed(run, runs: int = 1) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="300000,3000000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seeds = read_corpus(sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))).merge
    base = extract_and_link(seeds.papers)
    with tempfile.TemporaryDirectory() as folder:
        per_copy = count_lines(write_rdf(base, Path(folder) / "one.nt", format="nt"))
        top20 = (QUERIES / "top-concepts.rq").read_text(encoding="utf-8")
        aggregate = (QUERIES / "top-concepts-aggregate.rq").read_text(encoding="utf-8")
        print(
            f"{'triples':>10} {'ttl write/s':>12} {'rdflib ttl/s':>13} {'load s':>7} "
            f"{'top20 ms':>9} {'aggr ms':>8} {'join ms':>8} {'rdflib aggr ms':>15} "
            f"{'rdflib join ms':>15}"
        )
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = replicate(base, max(1, round(size / per_copy)))
            path = Path(folder) / "graph.ttl"
            write_time = timed(lambda corpus=corpus, path=path: write_rdf(corpus, path))
            triples = count_lines(write_rdf(corpus, Path(folder) / "g.nt", format="nt"))
            load_time = timed(lambda path=path: load_store(path))
            store = load_store(path)
            top_ms = 1000 * timed(lambda store=store: run_query(store, top20), args.runs)
            join_ms = 1000 * timed(lambda store=store: run_query(store, JOIN), args.runs)
            aggr_ms = 1000 * timed(lambda store=store: run_query(store, aggregate), args.runs)
            rdflib_ttl = rdflib_top = rdflib_join = "-"
            if triples <= 400_000:
                graph = corpus_to_rdflib(corpus)
                rdflib_ttl = f"{triples / timed(lambda g=graph: g.serialize(format='turtle')):,.0f}"
                rdflib_top = f"{1000 * timed(lambda g=graph: list(g.query(aggregate))):,.0f}"
                rdflib_join = (
                    f"{1000 * timed(lambda g=graph: list(g.query(with_prefixes(JOIN)))):,.1f}"
                )
                del graph
            print(
                f"{triples:>10,} {triples / write_time:>12,.0f} {rdflib_ttl:>13} "
                f"{load_time:>7.2f} {top_ms:>9.1f} {aggr_ms:>8.1f} {join_ms:>8.1f} "
                f"{rdflib_top:>15} {rdflib_join:>15}",
                flush=True,
            )
            del store, corpus


if __name__ == "__main__":
    main()
