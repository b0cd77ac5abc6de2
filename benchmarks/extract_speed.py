"""Extraction throughput against a bare ``spacy.blank("en")`` tokenizer pass.

Run by hand (not a test):  python benchmarks/extract_speed.py [--n 10000] [--runs 5]

Reads the first N abstracts of ../shared/bench/acl_abstracts.jsonl.gz and the
seed pages, and prints the median of RUNS timings for the tokenizer alone and
for extraction as the product runs it (``extract_papers`` on a pipeline built as
the CLI builds it, one process), in abstracts per second, with their ratios.
Every run is a first pass over the text with a fresh model, as in a build.
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
from spacy.language import Language

from paperkg.extract.parallel import tune_collector_for_long_run
from paperkg.extract.pipeline import TOKENIZER_CACHE, build_pipeline, extract_papers, paper_text
from paperkg.model import Origin, Paper, SourcePage
from paperkg.read.corpus import read_corpus

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


def timed(run, *args) -> float:
    start = time.perf_counter()
    run(*args)
    return time.perf_counter() - start


def tokenize(blank: Language, texts: list[str]) -> None:
    for _ in blank.pipe(texts, batch_size=64):
        pass


def extract(nlp: Language, papers: list[Paper]) -> None:
    for _ in extract_papers(papers, nlp):
        pass


def measure(name: str, papers: list[Paper], runs: int) -> None:
    """Alternate tokenizer and pipeline runs, so all see the same machine load.

    Each run is a fresh pipeline or blank model, so every run is a first pass
    over the text, as in a build. The ratios are medians of per-run ratios; on
    a shared VM the rates alone drift by +-20 % between minutes, the paired
    ratios much less. "bare" is ``spacy.blank("en")`` as it comes (a tokenizer
    cache of 10,000 chunks); "same cache" is a blank tokenizer with the
    pipeline's cache size, so its ratio is what the components cost.
    """
    texts = [paper_text(p) for p in papers]
    bare, cached, pipeline = [], [], []
    for _ in range(runs):
        bare.append(timed(tokenize, spacy.blank("en"), texts))
        blank = spacy.blank("en")
        blank.tokenizer.max_cache_size = TOKENIZER_CACHE
        cached.append(timed(tokenize, blank, texts))
        nlp = build_pipeline()
        tune_collector_for_long_run()  # as the CLI prepares a run (pipeline_for_run)
        pipeline.append(timed(extract, nlp, papers))
    ratio = statistics.median(t / p for t, p in zip(bare, pipeline, strict=True))
    same = statistics.median(t / p for t, p in zip(cached, pipeline, strict=True))
    print(
        f"{name:<10} {len(texts):>7} {len(texts) / statistics.median(bare):>12,.0f} "
        f"{len(texts) / statistics.median(cached):>12,.0f} "
        f"{len(texts) / statistics.median(pipeline):>12,.0f} {ratio:>7.2f} {same:>7.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seeds = read_corpus(sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))).merge.papers
    print(
        f"{'corpus':<10} {'papers':>7} {'bare tok/s':>12} {'same cache':>12} {'pipeline/s':>12} "
        f"{'ratio':>7} {'vs same':>7}"
    )
    measure("seeds", seeds, args.runs)
    measure("acl", bench_papers(args.n), args.runs)


if __name__ == "__main__":
    main()
