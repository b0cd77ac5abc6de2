"""HTML generation time and size for about 300, 3k and 30k nodes (run by hand).

    python benchmarks/html_speed.py [--sizes 300,3000,30000]

The seeds corpus is extracted once, then cut down or replicated (new paper
keys, shared concepts) to about the requested number of graph nodes; for each
size it reports nodes, edges, overview nodes, pages written, seconds and bytes.
"""

from __future__ import annotations

import argparse
import glob
import tempfile
import time
from pathlib import Path

from paperkg.engines.memory import extract_and_link
from paperkg.export.html import overview_nodes, write_graph_views
from paperkg.export.report import write_report
from paperkg.graph import build_graph
from paperkg.model import Corpus
from paperkg.read.corpus import read_corpus

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="300,3000,30000")
    args = parser.parse_args()
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from rdf_speed import replicate

    papers = read_corpus(sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))).merge.papers
    base = extract_and_link(papers)
    print(f"{'nodes':>7} {'edges':>7} {'overview':>8} {'pages':>6} {'seconds':>8} {'MB':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        if size < 1000:
            keep = set(sorted(base.papers)[: size // 6])
            corpus = Corpus(
                papers={k: base.papers[k] for k in keep},
                concepts=base.concepts,
                repositories=base.repositories,
                links=[link for link in base.links if link.paper_key in keep],
            )
            used = {link.target_key for link in corpus.links}
            corpus.concepts = {k: c for k, c in base.concepts.items() if k in used}
        else:
            corpus = replicate(base, max(1, round((size - len(base.concepts)) / len(base.papers))))
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            start = time.perf_counter()
            graph = build_graph(corpus)
            views = write_graph_views(graph, out)
            write_report(corpus, graph, out, ["graph.ttl"])
            seconds = time.perf_counter() - start
            size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
            print(
                f"{graph.number_of_nodes():>7,} {graph.number_of_edges():>7,} "
                f"{len(overview_nodes(graph)[0]):>8,} {len(views) + 1:>6,} {seconds:>8.1f} "
                f"{size_mb:>7.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
