"""SPARQL query speed at millions of triples: the example queries in memory, on disk, by CLI.

Run by hand (not a test):  python benchmarks/query_scale.py [--size 100000] [--runs 3]
[--rdflib-size 10000] [--cache DIR]

The ACL abstracts cycled to SIZE records (" (copy k)" appended to the titles past the
29,905 real ones, as ``build_scale.py`` does) are built with ``paperkg build --engine
stream --jobs 2`` (~5.2M triples at 100k) and loaded with ``paperkg load``; both are
cached in DIR/paperkg-query-scale-SIZE (DIR: the temporary folder) and skipped when done.

For every ``ontology/queries/*.rq`` and a two-concept join it reports the median of RUNS
of ``run_query`` (rows fully read) in an in-memory Oxigraph store (bulk-loaded shards and
ontology; its load time is printed) and in the loaded on-disk store, and the wall time of
``paperkg query BUILD --file Q.rq --format csv --timeout 60`` (Python start-up included;
``--timeout 60`` lifts the CLI's own 10 s budget to the benchmark's). Each store lives in
a child process, killed when a query outlasts 60 s (pyoxigraph cannot cancel one): the
query is recorded as ">60 s" and its further runs skipped. Targets: top concepts and the
join <= 50 ms, every example query <= 1 s, ``paperkg query`` on the loaded store <= 1 s.

rdflib cannot hold 5M triples in reasonable time and memory, so it is compared at
RDFLIB_SIZE records only (built the same way): load, top concepts and the join, in an
rdflib Graph and in an in-memory Oxigraph store.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox
import rdflib
from build_scale import write_corpus

from paperkg.store.query import (
    DEFAULT_MAX_ROWS,
    graph_files,
    loaded_store,
    ontology_file,
    run_query,
    with_prefixes,
)

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "ontology" / "queries"
PAPERKG = Path(sys.executable).with_name("paperkg")
LIMIT = 60.0  # seconds one run may take before the query is given up
TOP_TARGET, JOIN_TARGET, EXAMPLE_TARGET, CLI_TARGET = 0.05, 0.05, 1.0, 1.0
LINKS = "pkg:uses|pkg:proposes|pkg:evaluatedOn|pkg:addresses"
#: Both are tasks in the ACL data (papers address them), so every link relation counts;
#: the relations as VALUES rather than a path (``pkg:uses|...``): Oxigraph answers the
#: same rows 3x faster
RELATIONS = LINKS.replace("|", " ")
JOIN = f"""PREFIX pkg: <https://w3id.org/paperkg/ontology#>
PREFIX concept: <https://w3id.org/paperkg/concept/>
SELECT DISTINCT ?paper WHERE {{
  VALUES ?first {{ {RELATIONS} }}
  VALUES ?second {{ {RELATIONS} }}
  ?paper ?first concept:machine-translation .
  ?paper ?second concept:neural-machine-translation .
}}
"""
JOIN_NAME = "join: machine-translation & neural-machine-translation"
#: Two rows when papers name both concepts of the join
CONCEPTS_NAMED = f"""PREFIX pkg: <https://w3id.org/paperkg/ontology#>
PREFIX concept: <https://w3id.org/paperkg/concept/>
SELECT ?concept WHERE {{
  VALUES ?concept {{ concept:machine-translation concept:neural-machine-translation }}
  FILTER EXISTS {{ ?paper a pkg:Paper ; {LINKS} ?concept }}
}}
"""
COUNT = "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"

Timing = float | None  # seconds, or None when a run outlasted LIMIT
Measured = tuple[Timing, int | None]  # median seconds and rows


def prepare(size: int, cache: Path) -> tuple[Path, float | None]:
    """The build folder of ``size`` cycled ACL records, and the build's seconds when it was
    built now (None when the cache had it)."""
    out = cache / f"paperkg-query-scale-{size}" / "kg"
    if (out / "nt").is_dir():
        return out, None
    corpus = out.parent / f"acl-{size}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_corpus(size, corpus)
    build = [str(corpus), "--engine", "stream", "--jobs", "2", "--out", str(out), "-q"]
    return out, cli("build", *build, timeout=None)


def cli(*args: str, timeout: float | None = LIMIT) -> Timing:
    """Wall seconds of one ``paperkg`` command, its output discarded; None past ``timeout``."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [str(PAPERKG), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"paperkg {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def serve(kind: str, out: Path, conn: Connection) -> None:
    """In a child process: open the store of ``kind`` (memory, loaded or rdflib), send back
    (load seconds, triples), then for each query text received send (seconds, rows)."""
    start = time.perf_counter()
    if kind == "rdflib":
        graph = rdflib.Graph()
        for source in [*graph_files(out), ontology_file()]:
            graph.parse(str(source), format="nt" if source.suffix == ".nt" else "turtle")
        conn.send((time.perf_counter() - start, len(graph)))
        while (text := conn.recv()) is not None:
            start = time.perf_counter()
            rows = len(list(graph.query(with_prefixes(text))))
            conn.send((time.perf_counter() - start, rows))
        return
    if kind == "loaded":
        found = loaded_store(out)
        if found is None:
            raise SystemExit(f"{out} has no up-to-date loaded store")
        store = found
    else:
        store = ox.Store()
        for source in [*graph_files(out), ontology_file()]:
            store.bulk_load(path=str(source), format=ox.RdfFormat.from_extension(source.suffix[1:]))
    seconds = time.perf_counter() - start
    conn.send((seconds, int(run_query(store, COUNT).rows[0][0].value)))
    while (text := conn.recv()) is not None:
        start = time.perf_counter()
        rows = len(run_query(store, text).rows)
        conn.send((time.perf_counter() - start, rows))


class Worker:
    """A child process holding one store and timing the queries sent to it; killed, and
    started again for the next query, when a query outlasts LIMIT."""

    def __init__(self, kind: str, out: Path) -> None:
        self.kind, self.out = kind, out
        self.load_seconds, self.triples = self._start()

    def _start(self) -> tuple[float, int]:
        self.conn, child = multiprocessing.get_context("fork").Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=serve, args=(self.kind, self.out, child), daemon=True
        )
        self.process.start()
        child.close()
        return self.conn.recv()

    def run(self, text: str) -> Measured:
        """(seconds, rows) of one run; (None, None) when it outlasted LIMIT."""
        if not self.process.is_alive():
            self._start()
        self.conn.send(text)
        if self.conn.poll(LIMIT):
            return self.conn.recv()
        self.process.kill()
        self.process.join()
        return None, None

    def close(self) -> None:
        if self.process.is_alive():
            self.conn.send(None)
            self.process.join()


def measure(run: Callable[[], tuple[Timing, int | None]], runs: int) -> Measured:
    """Median seconds of ``runs`` runs of ``run`` (returning seconds, rows) and the rows;
    (None, None) as soon as one outlasts LIMIT."""
    seconds: list[float] = []
    rows = None
    for _ in range(runs):
        took, rows = run()
        if took is None:
            return None, None
        seconds.append(took)
    return statistics.median(seconds), rows


def shown(seconds: Timing, unit: str) -> str:
    if seconds is None:
        return f">{LIMIT:g} s"
    return f"{seconds * 1000:,.1f}" if unit == "ms" else f"{seconds:.2f}"


def verdict(name: str, seconds: Timing, target: float) -> str:
    """``name``'s time against ``target``: met, or missed and by how much."""
    if seconds is None:
        return f"{name} >{LIMIT:g} s (missed, over {LIMIT / target:,.0f}x the target)"
    if seconds <= target:
        return f"{name} {seconds * 1000:,.1f} ms (met)"
    return (
        f"{name} {seconds * 1000:,.1f} ms (missed by {(seconds - target) * 1000:,.1f} ms, "
        f"{seconds / target:.1f}x)"
    )


def tally(timings: dict[str, Timing], target: float) -> str:
    """How many of ``timings`` meet ``target``, and the ones that miss it by how much."""
    missed = [verdict(n, s, target) for n, s in timings.items() if s is None or s > target]
    met = f"{len(timings) - len(missed)} of {len(timings)} met"
    return met + (f"; missed: {', '.join(missed)}" if missed else "")


def time_queries(
    kind: str, out: Path, queries: dict[str, str], runs: int
) -> tuple[Worker, dict[str, Measured]]:
    """The worker of ``kind`` (closed) and each query's (median seconds, rows) in it."""
    worker = Worker(kind, out)
    found = {}
    for name, text in queries.items():
        print(f"{kind}: {name}", file=sys.stderr, flush=True)
        found[name] = measure(lambda text=text: worker.run(text), runs)
    worker.close()
    return worker, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="ACL records, cycled")
    parser.add_argument("--runs", type=int, default=3, help="runs per query (the median)")
    parser.add_argument("--rdflib-size", type=int, default=10_000, help="records for rdflib")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()),
        help="folder of the paperkg-query-scale-SIZE caches (default: the temporary folder)",
    )
    args = parser.parse_args()

    out, build_seconds = prepare(args.size, args.cache)
    load_seconds = cli("load", str(out), timeout=None)
    queries = {q.stem: q.read_text(encoding="utf-8") for q in sorted(QUERIES.glob("*.rq"))}
    queries[JOIN_NAME] = JOIN
    join_file = out.parent / "join.rq"
    join_file.write_text(JOIN, encoding="utf-8")
    files = {name: QUERIES / f"{name}.rq" for name in queries} | {JOIN_NAME: join_file}

    memory, in_memory = time_queries("memory", out, {"check": CONCEPTS_NAMED, **queries}, args.runs)
    if in_memory.pop("check")[1] != 2:
        raise SystemExit("no paper names machine-translation or neural-machine-translation")
    loaded, on_disk = time_queries("loaded", out, queries, args.runs)
    command = ["query", str(out), "--format", "csv", "--timeout", f"{LIMIT:g}", "--file"]
    by_cli = {}
    for name, path in files.items():
        print(f"paperkg query: {name}", file=sys.stderr, flush=True)
        by_cli[name] = measure(lambda path=path: (cli(*command, str(path)), None), args.runs)[0]

    print(f"{args.size:,} ACL records (cycled) in {out}")
    print(f"triples: {loaded.triples:,} (COUNT(*) in the loaded store, ontology included)")
    built = f"{build_seconds:.1f} s" if build_seconds is not None else "cached, not timed"
    print(f"build (stream engine, 2 processes): {built}")
    print(f"paperkg load: {load_seconds:.1f} s (wall; 'already loaded' when cached)")
    print(f"in-memory store, bulk_load of the shards and the ontology: {memory.load_seconds:.1f} s")
    print(f"\nmedian of {args.runs} runs; a run over {LIMIT:g} s stops the query's runs")
    print("| query | memory ms | loaded-store ms | CLI wall s | rows |")
    print("|---|---:|---:|---:|---:|")
    for name in queries:
        rows = in_memory[name][1] if in_memory[name][1] is not None else on_disk[name][1]
        cut = "*" if rows is not None and rows > DEFAULT_MAX_ROWS else ""
        print(
            f"| {name} | {shown(in_memory[name][0], 'ms')} | {shown(on_disk[name][0], 'ms')} "
            f"| {shown(by_cli[name], 's')}{cut} | {'?' if rows is None else f'{rows:,}'} |"
        )
    print(f"* the CLI stops after its default --max-rows {DEFAULT_MAX_ROWS:,} rows, with a warning")

    print("\ntargets:")
    for name, target in (("top-concepts", TOP_TARGET), (JOIN_NAME, JOIN_TARGET)):
        print(
            f"  {name} <= {target * 1000:g} ms: "
            f"{verdict('memory', in_memory[name][0], target)}; "
            f"{verdict('loaded', on_disk[name][0], target)}"
        )
    for label, timings in (("memory", in_memory), ("loaded store", on_disk)):
        examples = {name: timings[name][0] for name in queries if name != JOIN_NAME}
        print(f"  every example query <= 1 s ({label}): {tally(examples, EXAMPLE_TARGET)}")
    print(f"  paperkg query on the loaded store <= 1 s wall: {tally(by_cli, CLI_TARGET)}")

    small, _ = prepare(args.rdflib_size, args.cache)
    pair = {"top-concepts": queries["top-concepts"], JOIN_NAME: JOIN}
    print(f"\n{args.rdflib_size:,} ACL records, the same two queries, median of {args.runs} runs")
    print("| store | load s | triples | top-concepts ms | join ms | join rows |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, kind in (("rdflib Graph", "rdflib"), ("pyoxigraph in memory", "memory")):
        worker, found = time_queries(kind, small, pair, args.runs)
        join_rows = found[JOIN_NAME][1]
        print(
            f"| {label} | {worker.load_seconds:.1f} | {worker.triples:,} "
            f"| {shown(found['top-concepts'][0], 'ms')} | {shown(found[JOIN_NAME][0], 'ms')} "
            f"| {'?' if join_rows is None else f'{join_rows:,}'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
