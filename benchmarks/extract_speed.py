"""Extraction throughput against a bare ``spacy.blank("en")`` tokenizer pass.

Run by hand (not a test):  python benchmarks/extract_speed.py [--n 10000] [--runs 5]

Reads the first N abstracts of ../shared/bench/acl_abstracts.jsonl.gz and the
seed pages, and prints the median of RUNS timings for the tokenizer alone and
for extraction as the product runs it (``extract_papers`` on a pipeline built by
``pipeline_for_run``, one process), in abstracts per second, with their ratio.
"""

from __future__ import annotations

import argparse
import glob
import gzip
import json
import statistics
import time
from pathlib import Path

import spacy

from paperkg.build import read_corpus
from paperkg.extract.parallel import pipeline_for_run
from paperkg.extract.pipeline import extract_papers, paper_text
from paperkg.model import Origin, Paper, SourcePage

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def bench_papers(n: int) -> list[Paper]:
    origin = Origin(SourcePage("acl_abstracts.jsonl.gz"), 0)
    papers = []
    with gzip.open(SHARED / "bench" / "acl_abstracts.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("title") and record.get("abstract"):
                papers.append(Paper(record["title"], record["abstract"], (origin,)))
            if len(papers) == n:
                break
    return papers


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(name: str, papers: list[Paper], runs: int) -> None:
    """Alternate tokenizer and pipeline runs, so both see the same machine load.

    The ratio is the median of the per-pair ratios; on a shared VM the rates
    alone drift by +-20 % between minutes, the paired ratio much less.
    """
    texts = [paper_text(p) for p in papers]
    blank = spacy.blank("en")
    nlp = pipeline_for_run()  # as the CLI and its workers build it
    tokenizer, pipeline = [], []
    for _ in range(runs):
        tokenizer.append(timed(lambda: list(blank.pipe(texts, batch_size=64))))
        pipeline.append(timed(lambda: list(extract_papers(papers, nlp))))
    ratio = statistics.median(t / p for t, p in zip(tokenizer, pipeline, strict=True))
    print(
        f"{name:<10} {len(texts):>7} {len(texts) / statistics.median(tokenizer):>12,.0f} "
        f"{len(texts) / statistics.median(pipeline):>12,.0f} {ratio:>7.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seeds = read_corpus(sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))).merge.papers
    print(f"{'corpus':<10} {'papers':>7} {'tokenizer/s':>12} {'pipeline/s':>12} {'ratio':>7}")
    measure("seeds", seeds, args.runs)
    measure("acl", bench_papers(args.n), args.runs)


if __name__ == "__main__":
    main()
