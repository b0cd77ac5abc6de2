"""End-to-end build time and memory at 1k / 10k / 25k / 100k abstracts, and the seeds.

Run by hand (not a test):  python benchmarks/build_scale.py [--sizes 1000,10000,25000,100000]
[--runs 3] [--jobs 2]

Each run is ``paperkg build`` in a fresh interpreter, as a user runs it:

* the seeds with the default engine to Turtle + HTML (the "seeds in 3 s" bar);
* N ACL abstracts with ``--engine stream`` to N-Triples shards + ``concepts.csv``.
  Above the 29,905 real records the corpus is cycled with " (copy k)" appended
  to the title, so copies are distinct papers with the same text.

Timed runs measure wall time and, from ``wait4``'s rusage, the largest single
process's peak RSS (the build or one of its workers). One more run per size
samples memory every 50 ms from /proc over the whole process tree: the sum of
PSS at the worst moment (shared pages counted once). That sampling costs CPU the
build would otherwise use (about 10 % of the wall time on two cores), so its
wall time is not reported. The tokenizer column is one
``spacy.blank("en")`` pass over the same texts in one process, for the ratio
the issue asks for (the build uses --jobs processes: two cores against one).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
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


def write_corpus(size: int, path: Path) -> list[str]:
    """The first ``size`` ACL records (cycled past the end) as JSON Lines; their texts."""
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
            texts.append(f"{record['title']}\n\n{record['abstract']}")
    return texts


def _tree_memory(root: int) -> tuple[int, int]:
    """(sum of PSS, largest RSS) in bytes over ``root`` and its descendants, from /proc.

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
    total, largest, pending = 0, 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = dict(re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.MULTILINE))
        total += int(fields.get("Pss", 0)) * 1024
        largest = max(largest, int(fields.get("Rss", 0)) * 1024)
    return total, largest


def run_build(args: list[str], *, sample_memory: bool = False) -> dict:
    """One ``paperkg build``: wall time, and the largest process's peak RSS (getrusage).

    With ``sample_memory`` a thread also samples the process tree's PSS every 50 ms.
    Sampling costs a few ms of CPU per sample, which on two cores slowed the build it
    measured by about 10 %, so timed runs do not sample.
    """
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
                total, largest = _tree_memory(process.pid)
                peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
                done.wait(0.05)

        sampler = threading.Thread(target=sample)
        if sample_memory:
            sampler.start()
        # the rusage of the build and the workers it waited for: ru_maxrss is the
        # largest single process's peak, in KiB
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if sample_memory:
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
        "largest": peak[1],
        "triples": found and int(found[1]),
    }


def tokenizer_rate(texts: list[str]) -> float:
    blank = spacy.blank("en")
    start = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,25000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="paperkg-bench-"))
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))
    walls = [run_build([*seeds, "--out", str(work / "seeds"), "--format", "ttl,html"])["wall"]]
    walls += [
        run_build([*seeds, "--out", str(work / "seeds"), "--format", "ttl,html"])["wall"]
        for _ in range(args.runs - 1)
    ]
    print(f"seeds -> ttl + html (memory engine): median {statistics.median(walls):.2f} s {walls}")
    print(
        "| abstracts | wall s (median) | runs | abstracts/s | triples | triples/s "
        "| largest RSS MB (timed runs) | peak PSS tree MB (sampled run) "
        "| tokenizer/s (1 proc) | ratio |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = work / f"acl-{size}.jsonl"
        texts = write_corpus(size, corpus)
        rate = tokenizer_rate(texts)
        build = ["--engine", "stream", "--jobs", str(args.jobs), str(corpus)]
        runs = [run_build([*build, "--out", str(work / f"out-{size}")]) for _ in range(args.runs)]
        sampled = run_build([*build, "--out", str(work / f"out-{size}")], sample_memory=True)
        wall = statistics.median(r["wall"] for r in runs)
        maxrss = max(r["maxrss"] for r in runs) / 2**20
        triples = runs[0]["triples"]
        each = ", ".join(f"{r['wall']:.1f}" for r in runs)
        print(
            f"| {size:,} | {wall:.1f} | {each} "
            f"| {size / wall:,.0f} | {triples or 0:,} | {(triples or 0) / wall:,.0f} "
            f"| {maxrss:,.0f} | {sampled['tree'] / 2**20:,.0f} "
            f"| {rate:,.0f} | {size / wall / rate:.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
