"""End-to-end build time and memory from 1k to 1M abstracts, and the seeds.

Run by hand (not a test):  python benchmarks/build_scale.py [--sizes 100000,300000,1000000]
[--runs 1] [--jobs 2] [--dask 1000000]

Each run is ``paperkg build`` in a fresh interpreter, as a user runs it:

* the seeds with the default engine to Turtle + HTML (the "seeds in 3 s" bar);
* N ACL abstracts with ``--engine stream`` to N-Triples shards + ``concepts.csv``.
  Above the 29,905 real records the corpus is cycled with " (copy k)" appended
  to the title, so copies are distinct papers with the same text.

Every run samples the whole process tree from /proc every ``--interval``
seconds (0.5 s costs well under 1 % of two cores): the sum of PSS at the worst
moment (shared pages counted once), the driver's own peak RSS (what the build
process holds for the whole corpus: the merge index, acronym meanings, the
concept table) and, from ``wait4``, the largest single process's peak RSS.
``--dask N`` builds the N-abstract corpus again with ``--engine dask`` on a
local cluster and compares the two engines' triples (an order-free digest of
every shard line). The tokenizer column is one ``spacy.blank("en")`` pass over
(at most 100k of) the same texts in one process, for the extraction-speed ratio.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


#: texts kept for the tokenizer's rate (more would only cost the benchmark memory)
_TOKENIZER_TEXTS = 100_000


def write_corpus(size: int, path: Path) -> list[str]:
    """The first ``size`` ACL records (cycled past the end) as JSON Lines; the texts of
    the first 100k, for the tokenizer's rate."""
    with gzip.open(SHARED / "bench" / "acl_abstracts.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [r for r in map(json.loads, lines) if r.get("title") and r.get("abstract")]
    texts = []
    with path.open("w", encoding="utf-8") as out:
        for number in range(size):
            record = dict(records[number % len(records)])
            copy = number // len(records)
            if copy:
                record["title"] = f"{record['title']} (copy {copy})"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            if number < _TOKENIZER_TEXTS:
                texts.append(f"{record['title']}\n\n{record['abstract']}")
    return texts


def _tree_memory(root: int) -> tuple[int, int]:
    """(sum of PSS over ``root`` and its descendants, ``root``'s own RSS) in bytes, from /proc.

    PSS divides pages shared between processes (forked workers share the
    pipeline copy-on-write) among them, so the sum counts each page once.
    """
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(parent, []).append(int(entry))
    total, driver, pending = 0, 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.MULTILINE))
        total += int(fields.get("Pss", 0)) * 1024
        if pid == root:
            driver = int(fields.get("Rss", 0)) * 1024
    return total, driver


def run_build(args: list[str], *, interval: float = 0.5) -> dict:
    """One ``paperkg build``: wall time, the largest process's peak RSS (``wait4``), and
    the process tree's peak PSS and the driver's peak RSS sampled every ``interval`` s."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "paperkg", "build", *args],
            stdout=stdout,
            stderr=stderr,
            cwd=ROOT,
        )
        peak, done = [0, 0], threading.Event()

        def sample() -> None:
            while not done.is_set():
                total, driver = _tree_memory(process.pid)
                peak[0], peak[1] = max(peak[0], total), max(peak[1], driver)
                done.wait(interval)

        sampler = threading.Thread(target=sample)
        sampler.start()
        # the rusage of the build and the workers it waited for: ru_maxrss is the
        # largest single process's peak, in KiB
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        stdout.seek(0)
        stderr.seek(0)
        output = stderr.read().decode() + stdout.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"build failed: {output[-2000:]}")
    found = re.search(r"(\d+) triples", output)
    return {
        "wall": wall,
        "maxrss": usage.ru_maxrss * 1024,
        "tree": peak[0],
        "driver": peak[1],
        "triples": found and int(found[1]),
    }


def triples_digest(out: Path) -> tuple[int, int]:
    """(lines, order-free digest) of every shard in ``out/nt``: two builds with the same
    triples in any partitioning give the same pair."""
    lines = digest = 0
    for shard in sorted((out / "nt").glob("*.nt")):
        with shard.open("rb") as stream:
            for line in stream:
                lines += 1
                digest += int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "big")
    return lines, digest % 2**64


def tokenizer_rate(texts: list[str]) -> float:
    blank = spacy.blank("en")
    start = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,300000,1000000")
    parser.add_argument("--runs", type=int, default=1, help="runs per size (the median is shown)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.5, help="memory sampling, seconds")
    parser.add_argument("--dask", type=int, default=0, metavar="N", help="also N with Dask")
    parser.add_argument("--no-seeds", action="store_true", help="skip the seeds run")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="paperkg-bench-"))
    if not args.no_seeds:
        seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
        build = [*seeds, "--out", str(work / "seeds"), "--format", "ttl,html"]
        walls = [run_build(build, interval=args.interval)["wall"] for _ in range(args.runs)]
        median = statistics.median(walls)
        print(f"seeds -> ttl + html (memory engine): median {median:.2f} s {walls}")
    print(
        "| abstracts | wall s (median) | runs | abstracts/s | ms per 1k abstracts | triples "
        "| peak PSS tree MB | driver peak RSS MB | largest RSS MB "
        "| tokenizer/s (1 proc) | ratio |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = work / f"acl-{size}.jsonl"
        texts = write_corpus(size, corpus)
        rate = tokenizer_rate(texts)
        del texts
        out = work / f"out-{size}"
        build = ["--engine", "stream", "--jobs", str(args.jobs), str(corpus), "--out", str(out)]
        runs = [run_build(build, interval=args.interval) for _ in range(args.runs)]
        wall = statistics.median(r["wall"] for r in runs)
        triples = runs[0]["triples"] or 0
        each = ", ".join(f"{r['wall']:.1f}" for r in runs)
        print(
            f"| {size:,} | {wall:.1f} | {each} | {size / wall:,.0f} | {wall / size * 1e6:,.0f} "
            f"| {triples:,} | {max(r['tree'] for r in runs) / 2**20:,.0f} "
            f"| {max(r['driver'] for r in runs) / 2**20:,.0f} "
            f"| {max(r['maxrss'] for r in runs) / 2**20:,.0f} "
            f"| {rate:,.0f} | {size / wall / rate:.2f} |",
            flush=True,
        )
        if size == args.dask:
            stream_digest = triples_digest(out)
            shutil.rmtree(out)
            dask_out = work / f"dask-{size}"
            dask = ["--engine", "dask", "--jobs", str(args.jobs), str(corpus), "--out"]
            found = run_build([*dask, str(dask_out)], interval=args.interval)
            same = triples_digest(dask_out) == stream_digest
            print(
                f"dask, local cluster of {args.jobs} workers, {size:,} abstracts: "
                f"{found['wall']:.1f} s, peak PSS tree {found['tree'] / 2**20:,.0f} MB, "
                f"{stream_digest[0]:,} shard lines, "
                f"{'the same triples as the stream engine' if same else 'DIFFERENT triples'}",
                flush=True,
            )
            shutil.rmtree(dask_out)
        shutil.rmtree(out, ignore_errors=True)
        corpus.unlink()


if __name__ == "__main__":
    main()
