"""The ``paperkg`` command line: parse, validate, call the library, report.

Exit codes:

* 0 - done (records that were skipped are listed in the summary); the graph conforms;
* 1 - done, but at least one input file could not be read (its papers are missing);
  ``fetch``: a day or page could not be fetched, or the source cannot be reached;
  ``validate``: the graph does not conform to the shapes;
* 2 - usage error, found before any input is read (bad option, format name or query,
  options that do not go together, an output folder holding files paperkg did not write);
* 3 - nothing to do: no papers in any input, or no graph file;
* 4 - the ontology data is broken or an output cannot be written.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from paperkg import __version__
from paperkg.engines import ENGINES, BuildJob, Engine, Feedback, engine_named
from paperkg.engines.base import corpus_summary
from paperkg.errors import ExportError, InputError, OntologyError, PaperkgError, UsageError
from paperkg.export import DEFAULT_FORMATS, WRITERS, parse_formats, write_outputs
from paperkg.export.describe import license_iri
from paperkg.export.folder import OutputFolder
from paperkg.fetch import FetchError
from paperkg.knowledge import vocabulary_at
from paperkg.knowledge.resources import ONTOLOGY_VARIABLE, ontology_dir, sample_input
from paperkg.model import PROVENANCE_MODES, VOCABULARY_TYPES
from paperkg.processes import default_jobs
from paperkg.progress import Progress
from paperkg.read import FORMATS
from paperkg.read.corpus import ReadReport, read_corpus
from paperkg.store.query import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT,
    QUERY_PREFIXES,
    RESULT_FORMATS,
    QueryError,
    build_folder,
    check_limits,
    graph_files,
    load_store,
    parse_binding,
    read_query_file,
    stream_query,
    write_result,
)
from paperkg.store.reload import corpus_from_graph
from paperkg.store.serve import (
    DEFAULT_ENDPOINT_ROWS,
    ServeError,
    Service,
    check_port,
    load_into_store,
    stop_on_signals,
)

__all__ = ["main"]

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_NO_PAPERS, EXIT_BROKEN = 0, 1, 2, 3, 4


#: Examples at the end of each command's --help (how the README uses them).
_EXAMPLES = {
    "build": [
        "paperkg build                                   # the built-in sample page, to output/",
        "paperkg build pages/*.txt --out kg/             # Turtle and HTML views in kg/",
        "paperkg build papers.jsonl.gz --format ttl,graphml,csv --jobs 2",
        "paperkg build new-page.txt --update kg/         # merge a new listing into kg/",
        "paperkg build big.jsonl.gz --engine stream --out kg/   # N-Triples in bounded memory",
    ],
    "extract": [
        "paperkg extract pages/*.txt > pred.jsonl",
        "paperkg extract papers.jsonl --out pred.jsonl --jobs 2",
    ],
    "query": [
        "paperkg query kg/ 'SELECT ?t WHERE { ?p pkg:uses concept:mamba ; dcterms:title ?t }'",
        "paperkg query kg/ --file ontology/queries/top-concepts.rq --format csv",
        "paperkg query kg/ --file ontology/queries/papers-using-a-concept.rq "
        "--bind concept=concept:mamba",
    ],
    "validate": ["paperkg validate kg/"],
    "export": [
        "paperkg export kg/graph.ttl --format graphml,gexf",
        "paperkg export kg/ --format csv --out neo4j/",
    ],
    "load": ["paperkg load kg/                                # into kg/oxigraph/"],
    "serve": [
        "paperkg serve kg/                               # SPARQL on :7878, views on :7879",
        "paperkg serve kg/ --port 8000 --timeout 30",
    ],
    "fetch": [
        "paperkg fetch hf --since yesterday             # into cache/hf/, a file per day",
        "paperkg fetch hf --date 2026-12-01 --cache listings/",
        "paperkg fetch arxiv --query 'cat:cs.LG' --since 2026-12-01 --until 2026-12-02",
        "paperkg fetch hf --since yesterday && paperkg build cache/hf/*.json --update kg/",
    ],
    "vocab": [
        "paperkg vocab                                   # the folder in use, concepts per type",
        'cp -r "$(paperkg vocab path)" my-ontology     # a copy to edit',
        "paperkg vocab search diffusion --ontology my-ontology",
        "paperkg vocab resolve 'ViT' --context 'We fine-tune a ViT on CIFAR-10.'",
        "paperkg vocab check --ontology my-ontology      # before building with it",
        "paperkg vocab list --type dataset",
    ],
}

#: Every command reads the ontology folder this option (or PAPERKG_ONTOLOGY) names.
_ONTOLOGY = argparse.ArgumentParser(add_help=False)
_ONTOLOGY.add_argument(
    "--ontology",
    metavar="DIR",
    help=f"an edited copy of the ontology folder to read instead of the installed one "
    f"(also ${ONTOLOGY_VARIABLE}); 'paperkg vocab path' prints the installed one",
)


#: -q and -v, for the commands that run long or write files.
_TALK = argparse.ArgumentParser(add_help=False)
_TALK_LEVEL = _TALK.add_mutually_exclusive_group()
_TALK_LEVEL.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
_TALK_LEVEL.add_argument(
    "-v",
    "--verbose",
    action="store_true",
    help="print each phase as it starts, with the seconds since the start (on stderr)",
)
_TALKERS = frozenset({"build", "extract", "export", "load", "fetch"})


def _command(
    commands: argparse._SubParsersAction, name: str, about: str
) -> argparse.ArgumentParser:
    """A subcommand whose --help says what it does and ends with examples."""
    return commands.add_parser(
        name,
        help=about,
        description=about[0].upper() + about[1:] + ".",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in _EXAMPLES[name]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_ONTOLOGY, *([_TALK] if name in _TALKERS else [])],
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperkg",
        description="Build a knowledge graph of ML papers and the concepts they use.",
        epilog=f"input formats: {', '.join(FORMATS)} (detected; gzip and '-' work)\n"
        f"output formats: {', '.join(WRITERS)} (paperkg build --help says what each is)\n"
        "'paperkg COMMAND --help' shows a command's options and examples.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperkg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    input_help = (
        f"input files (Daily Papers text, JSON Lines, CSV, HF API JSON, arXiv Atom; "
        f"gzip ok; '-' = stdin). Formats: {', '.join(FORMATS)}"
    )

    build = _command(commands, "build", "read listings, build the graph, write outputs")
    build.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help=input_help + ". Default: the built-in sample page.",
    )
    build.add_argument("--out", default="output", metavar="DIR", help="output folder (output/)")
    build.add_argument(
        "--format",
        metavar="LIST",
        help=f"comma-separated outputs (default: {','.join(DEFAULT_FORMATS)}; the stream and "
        "dask engines write nt only): "
        + "; ".join(f"{k} = {w.description}" for k, w in WRITERS.items()),
    )
    build.add_argument("--input-format", choices=list(FORMATS), help="skip format detection")
    build.add_argument(
        "--license",
        metavar="ID",
        help="the licence of the data, stated in the graph's VoID/DCAT description: an SPDX "
        "id (CC-BY-4.0) or the licence's IRI; an update keeps the graph's",
    )
    build.add_argument(
        "--provenance",
        choices=PROVENANCE_MODES,
        help="how much of each link's provenance the RDF states: full (the default) a "
        "reified pkg:ExtractedLink per link with its evidence sentence, surface form, rule, "
        "confidence and pages; compact one pkg:LinkEvidence node per sentence, rule and "
        "confidence, shared by its links (no surface forms; pages are the paper's), under "
        "three-quarters of full's triples; none the direct links only. Results keep their "
        "own evidence in every mode; an update keeps the graph's mode",
    )
    build.add_argument(
        "--update",
        metavar="DIR",
        help="merge the inputs into the graph already built in DIR (written there)",
    )
    _add_jobs(build)
    build.add_argument(
        "--engine",
        choices=list(ENGINES),
        default="memory",
        help="; ".join(f"{name}: {does}" for name, does in ENGINES.items()),
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler to use (tcp://host:8786); default: a "
        "local cluster of --jobs workers. DIR must be on storage all workers see",
    )

    extract = _command(
        commands, "extract", "print each paper's entities as JSON Lines (the scorer's input)"
    )
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help=input_help)
    extract.add_argument("--input-format", choices=list(FORMATS), help="skip format detection")
    extract.add_argument("--out", default="-", metavar="FILE", help="output file ('-' = stdout)")
    _add_jobs(extract)

    query = _command(
        commands,
        "query",
        "run SPARQL over a built graph (Oxigraph); predeclared prefixes: "
        + ", ".join(QUERY_PREFIXES),
    )
    query.add_argument(
        "graph", metavar="GRAPH", help="graph.ttl / .nt, or a build folder (stream builds too)"
    )
    query.add_argument("query", nargs="?", metavar="QUERY", help="the SPARQL query text")
    query.add_argument("--file", metavar="Q.rq", help="read the query from a file")
    query.add_argument(
        "--format",
        choices=RESULT_FORMATS,
        default="table",
        help="table (widths from the first 1,000 rows), csv or json; rows stream out",
    )
    query.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up when the engine has taken this long (default {DEFAULT_TIMEOUT:g})",
    )
    query.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"stop after N rows, with a warning (default {DEFAULT_MAX_ROWS:,})",
    )
    query.add_argument(
        "--bind",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="give the query's variable ?NAME this value before it runs (repeatable): an IRI "
        "<...>, a prefixed name (concept=concept:mamba) or text; the example queries take "
        "their concept or paper so",
    )
    query.add_argument(
        "--allow-service",
        action="store_true",
        help="run SERVICE clauses (federated queries call the servers they name); off by default",
    )

    validate = _command(commands, "validate", "check a built graph against the SHACL shapes")
    validate.add_argument("graph", metavar="GRAPH", help="graph.ttl / .nt, or a build folder")

    export = _command(commands, "export", "convert a built graph to other formats")
    export.add_argument("graph", metavar="GRAPH", help="graph.ttl / .nt, or a build folder")
    export.add_argument(
        "--format", required=True, metavar="LIST", help="comma-separated: " + ", ".join(WRITERS)
    )
    export.add_argument(
        "--out", default=None, metavar="DIR", help="output folder (default: the graph's folder)"
    )

    load = _command(commands, "load", "bulk-load a graph into an on-disk Oxigraph store")
    load.add_argument(
        "graph", metavar="GRAPH", help="graph.ttl / .nt, or a build folder (stream builds too)"
    )
    load.add_argument(
        "--store",
        default=None,
        metavar="DIR",
        help="store folder: new, empty or one paperkg made (default: GRAPH's folder/oxigraph)",
    )

    serve = _command(
        commands, "serve", "SPARQL 1.1 endpoint (Oxigraph server) with the HTML views beside it"
    )
    serve.add_argument("graph", metavar="GRAPH", help="graph.ttl / .nt, or a build folder")
    serve.add_argument(
        "--port", type=int, default=7878, help="SPARQL port, 1-65534 (views: port + 1)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument(
        "--store",
        default=None,
        metavar="DIR",
        help="store folder: new, empty or one paperkg made (default: GRAPH's folder/oxigraph)",
    )
    serve.add_argument("--writable", action="store_true", help="allow SPARQL updates")
    serve.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"answer 503 to a query that takes longer (default {DEFAULT_TIMEOUT:g})",
    )
    serve.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_ENDPOINT_ROWS,
        metavar="N",
        help=f"cut answers after N rows, said in X-SPARQL-MaxRows "
        f"(default {DEFAULT_ENDPOINT_ROWS:,})",
    )
    serve.add_argument(
        "--allow-service",
        action="store_true",
        help="run SERVICE clauses (the server then calls any address a query names); "
        "refused with 400 by default",
    )
    serve.add_argument(
        "--cors",
        nargs="?",
        const="*",
        metavar="ORIGIN",
        help="let browser pages of ORIGIN (default: any, *) query the endpoint: CORS headers "
        "and preflight answers; off by default",
    )
    fetch = _command(
        commands, "fetch", "download listings (Hugging Face daily papers, arXiv) into a cache"
    )
    fetch.add_argument("source", choices=("hf", "arxiv"), help="hf: daily papers; arxiv: a query")
    fetch.add_argument("--date", metavar="DAY", help="one day: YYYY-MM-DD, today or yesterday")
    fetch.add_argument("--since", metavar="DAY", help="from this day (default: today)")
    fetch.add_argument("--until", metavar="DAY", help="to this day, included (default: today)")
    fetch.add_argument("--query", metavar="Q", help="arxiv: the search query, e.g. 'cat:cs.LG'")
    fetch.add_argument(
        "--max-results", type=int, default=10_000, metavar="N", help="arxiv: at most N results"
    )
    fetch.add_argument("--cache", default="cache", metavar="DIR", help="cache folder (cache/)")
    fetch.add_argument(
        "--wait",
        type=float,
        metavar="SECONDS",
        help="seconds between requests (default: hf 1, arxiv 3, as arXiv asks)",
    )
    fetch.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS")
    fetch.add_argument(
        "--base-url", metavar="URL", help="the API's address (a mirror, or a test server)"
    )
    vocab = _command(
        commands, "vocab", "list, search and check the vocabulary; show where a name resolves"
    )
    vocab.add_argument(
        "action",
        nargs="?",
        choices=("summary", "path", "list", "search", "resolve", "check"),
        default="summary",
        help="summary (default): the folder and its concepts per type; path: the folder; "
        "list: every concept (key, type, label, aliases; tab-separated); search TEXT: "
        "concepts whose label or alias holds TEXT; resolve NAME: the concept a paper's NAME "
        "becomes; check: load and check the folder as a build would",
    )
    vocab.add_argument("text", nargs="?", metavar="TEXT", help="for search and resolve")
    vocab.add_argument("--type", choices=VOCABULARY_TYPES, help="list or search one type only")
    vocab.add_argument(
        "--context",
        metavar="SENTENCE",
        help="resolve: the sentence NAME is written in (default: 'We use NAME.')",
    )
    return parser


def _add_jobs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        metavar="N",
        help="extraction processes (default: all cores)",
    )


def _check_jobs(args: argparse.Namespace) -> None:
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")


def _check_build_options(args: argparse.Namespace, engine: Engine) -> tuple[str, ...]:
    """The formats to write; options that cannot go together are a usage error before
    anything is read."""
    _check_jobs(args)
    if args.update and not engine.updates:
        raise UsageError(f"--update works with the memory engine, not --engine {args.engine}")
    if engine.formats is not None:
        if args.format and not set(parse_formats(args.format)) <= engine.formats:
            raise UsageError(
                f"--engine {args.engine} writes {engine.writes} only "
                f"(--format {','.join(sorted(engine.formats))}); build other formats with the "
                "memory engine or convert with 'paperkg export'"
            )
        return tuple(sorted(engine.formats))
    formats = parse_formats(args.format or ",".join(DEFAULT_FORMATS))
    if args.update:
        if not (Path(args.update) / "graph.ttl").is_file():
            raise UsageError(
                f"--update {args.update}: no graph.ttl there to update; build it first "
                f"with 'paperkg build INPUT... --out {args.update}'"
            )
        # the next update reads graph.ttl: it is rewritten whatever --format says
        formats = tuple(dict.fromkeys(("ttl", *formats)))
    return formats


def _report_reading(report: ReadReport, out: TextIO) -> None:
    merge = report.merge
    earlier = f" and {report.previous} papers of the existing graph" if report.previous else ""
    print(
        f"read {merge.read - report.previous} records from {len(report.papers_per_file)} "
        f"file(s){earlier}: {merge.unique} papers, {merge.merged} merged duplicates, "
        f"{len(merge.skipped)} skipped",
        file=out,
    )
    if merge.skipped:
        reasons = Counter(s.reason.split(":")[0] for s in merge.skipped)
        print("  skipped: " + "; ".join(f"{r} ({n})" for r, n in reasons.most_common()), file=out)
        for skip in merge.skipped[:20]:
            print(f"    {skip.origin}: {skip.reason}", file=out)
        if len(merge.skipped) > 20:
            print(f"    ... and {len(merge.skipped) - 20} more", file=out)


def _report_written(written: list[Path], out: TextIO) -> None:
    """A line per file written, or per folder where more than three went."""
    folders = Counter(path.parent for path in written)
    for path in written:
        if folders[path.parent] <= 3:
            print(f"wrote {path} ({_size(path):,} bytes)", file=out)
    for folder, count in sorted(folders.items()):
        if count > 3:
            size = sum(_size(p) for p in written if p.parent == folder)
            print(f"wrote {count} files in {folder}/ ({size:,} bytes)", file=out)


def _size(path: Path) -> int:
    """A file's size, or a folder's (the stream engine's shards) over its files."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


class _Discard(io.StringIO):
    """Output that goes nowhere (what --quiet prints to)."""

    def write(self, text: str) -> int:
        return len(text)


def _unless_quiet(args: argparse.Namespace, stream: TextIO | None = None) -> TextIO:
    """``stream`` (standard output by default), or nowhere with --quiet."""
    return _Discard() if args.quiet else stream or sys.stdout


def _progress(args: argparse.Namespace) -> Progress:
    return Progress(sys.stderr, quiet=args.quiet, verbose=args.verbose)


def _report_failures(report: ReadReport) -> None:
    for failure in report.failures:
        print(f"paperkg: error: {failure}", file=sys.stderr)


def _distinct(inputs: list[str]) -> list[str]:
    """The inputs, each file once: the same file named twice is read once (its records
    would only merge with themselves, and its skipped records count twice)."""
    seen: set[str] = set()
    distinct = []
    for path in inputs:
        key = path if path == "-" else os.path.realpath(path)
        if key in seen:
            print(f"paperkg: note: {path} is named twice; it is read once", file=sys.stderr)
            continue
        seen.add(key)
        distinct.append(path)
    return distinct


def _build(args: argparse.Namespace) -> int:
    engine = engine_named(args.engine, jobs=args.jobs, scheduler=args.scheduler)
    formats = _check_build_options(args, engine)
    if args.update:
        args.out = args.update
    elif not args.inputs:
        args.inputs = [str(sample_input())]
        print(
            "paperkg: note: no INPUT given: building the built-in sample page (five invented "
            "papers, to show what a build writes); give your listings as INPUT",
            file=sys.stderr,
        )
    out = _unless_quiet(args)

    def read(report: ReadReport) -> None:
        _report_failures(report)
        _report_reading(report, out)

    # held from before an update reads the graph until the last file is written
    with (
        _progress(args) as progress,
        OutputFolder(Path(args.out), on_wait=lambda m: print(m, file=sys.stderr)) as folder,
    ):
        feedback = Feedback(say=progress.phase, read=read, bar=progress.bar, count=progress.count)
        existing = corpus_from_graph(args.update) if args.update else None
        job = BuildJob(
            _distinct(args.inputs),
            formats,
            args.input_format,
            bool(args.update),
            tuple(existing.papers.values()) if existing else (),
            license=license_iri(args.license)
            if args.license
            else (existing.license if existing else None),
            provenance=args.provenance or (existing.provenance if existing else "full"),
        )
        result = engine.build(job, folder, feedback)
    if not result.papers:
        print("paperkg: error: no papers to build a graph from", file=sys.stderr)
        return EXIT_NO_PAPERS
    if args.update:
        skipped = result.written[0].read_text(encoding="utf-8").splitlines()
        total = sum(1 for line in skipped if line)
        print(f"skipped.jsonl lists {total} records and files of every run", file=out)
    for line in result.summary:
        print(line, file=out)
    _report_written(result.written, out)
    return EXIT_INPUT_FAILED if result.read.failures else EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from paperkg.engines.memory import extract_and_link, workers_for  # spaCy: only when asked

    _check_jobs(args)
    if args.out != "-" and Path(args.out).is_dir():
        raise UsageError(f"--out {args.out}: is a folder; give a file name, or '-' for stdout")
    report = read_corpus(_distinct(args.inputs), format=args.input_format)
    _report_failures(report)
    if not report.merge.papers:
        print("paperkg: error: no papers to extract from", file=sys.stderr)
        return EXIT_NO_PAPERS
    if not args.quiet:
        _report_reading(report, sys.stderr)
    with _progress(args) as progress:
        progress.phase(f"extracting and linking {len(report.merge.papers):,} papers")
        corpus = extract_and_link(
            report.merge.papers,
            progress=progress.bar(len(report.merge.papers)),
            skipped=report.merge.skipped,
            jobs=workers_for(args.jobs, len(report.merge.papers)),
        )
    results_of: dict[str, list[dict[str, object]]] = {}
    for reported in corpus.results:
        results_of.setdefault(reported.paper_key, []).append(reported.as_record())
    lines = []
    for key, paper in sorted(corpus.papers.items()):
        entities = [
            {
                "type": "repository" if e.type == "project-page" else e.type,
                "kind": e.type,
                "name": e.name,
                "key": e.key,
                "surface": list(e.surfaces),
                "proposed": e.proposed,
                "confidence": round(e.confidence, 3),
                "rule": e.rule,
                "mentions": e.mentions,
                "evidence": e.evidence,
            }
            for e in corpus.entities[key]
        ]
        lines.append(
            json.dumps(
                {
                    "id": key,
                    "title": paper.title,
                    "entities": entities,
                    "results": results_of.get(key, []),
                },
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    text = "\n".join(lines) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        from paperkg.atomic import write_atomic

        write_atomic(Path(args.out), text)
    return EXIT_INPUT_FAILED if report.failures else EXIT_OK


def _query(args: argparse.Namespace) -> int:
    if (args.query is None) == (args.file is None):
        raise UsageError("give a QUERY or --file Q.rq (one of them)")
    check_limits(timeout=args.timeout, max_rows=args.max_rows)
    text = read_query_file(Path(args.file)) if args.file else args.query
    bindings = dict(parse_binding(given) for given in args.bind)
    store = load_store(args.graph)
    rows = stream_query(
        store,
        text,
        source=args.file or "query",
        timeout=args.timeout,
        allow_service=args.allow_service,
        bindings=bindings,
    )
    written = write_result(rows, args.format, sys.stdout, max_rows=args.max_rows)
    sys.stdout.flush()
    if written.truncated:
        print(
            f"paperkg: warning: stopped after {written.rows:,} rows (--max-rows); "
            "add LIMIT to the query or raise --max-rows",
            file=sys.stderr,
        )
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from paperkg.store.validate import validate_graph  # pySHACL: imported only when asked

    report = validate_graph(args.graph)
    for violation in report.violations:
        print(violation)
    errors = sum(v.severity == "Violation" for v in report.violations)
    print(
        f"{'conforms' if report.conforms else 'does not conform'}: {errors} violations, "
        f"{len(report.violations) - errors} warnings"
    )
    return EXIT_OK if report.conforms else EXIT_INPUT_FAILED


def _export(args: argparse.Namespace) -> int:
    formats = parse_formats(args.format)
    with _progress(args) as progress:
        progress.phase(f"reading {args.graph}")
        corpus = corpus_from_graph(args.graph)
        out = Path(args.out) if args.out else build_folder(args.graph)
        progress.phase(f"writing {', '.join(formats)}")
        written = write_outputs(corpus, out, formats)
    report = _unless_quiet(args)
    for line in corpus_summary(corpus):
        print(line, file=report)
    _report_written(written, report)
    return EXIT_OK


def _store_folder(args: argparse.Namespace) -> Path:
    return Path(args.store) if args.store else build_folder(args.graph) / "oxigraph"


def _load(args: argparse.Namespace) -> int:
    store = _store_folder(args)
    try:
        with stop_on_signals():
            loaded = load_into_store(args.graph, store)
    except KeyboardInterrupt:
        print(
            f"paperkg: error: interrupted: {store} is incomplete and will be loaded again",
            file=sys.stderr,
        )
        return EXIT_BROKEN
    print(f"{'loaded' if loaded else 'already loaded'}: {store}", file=_unless_quiet(args))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    check_port(args.port)
    check_limits(timeout=args.timeout, max_rows=args.max_rows)
    graph_files(args.graph)  # an InputError (exit 3) before a port is bound
    folder = build_folder(args.graph)
    store = _store_folder(args)
    with stop_on_signals():
        service = None
        try:
            service = Service(
                folder,
                store,
                host=args.host,
                port=args.port,
                timeout=args.timeout,
                max_rows=args.max_rows,
                allow_service=args.allow_service,
                writable=args.writable,
                cors=args.cors,
            )
            load_into_store(args.graph, store)
            service.start()
            print(
                f"SPARQL endpoint: http://{args.host}:{args.port}/query "
                f"({'read-write' if args.writable else 'read-only'}); "
                f"views: http://{args.host}:{args.port + 1}/index.html; Ctrl-C stops",
                flush=True,
            )
            code = service.wait()
            print(
                f"paperkg: error: the oxigraph server stopped ({code}): {service.last_words()}",
                file=sys.stderr,
            )
            return EXIT_BROKEN
        except KeyboardInterrupt:
            return EXIT_OK
        finally:
            if service is not None:
                service.close()


def _fetch(args: argparse.Namespace) -> int:
    from paperkg import fetch

    if args.date and (args.since or args.until):
        raise UsageError("give --date, or --since and --until, not both")
    if args.source == "arxiv" and not args.query:
        raise UsageError("fetch arxiv needs --query, e.g. --query 'cat:cs.LG'")
    since = fetch.parse_day(args.date or args.since or "today")
    until = fetch.parse_day(args.date or args.until or "today")
    days = list(fetch.days(since, until))
    default_wait = fetch.HF_WAIT if args.source == "hf" else fetch.ARXIV_WAIT
    wait = default_wait if args.wait is None else args.wait
    if wait < 0 or args.timeout <= 0:
        raise UsageError("--wait must be 0 or more seconds, --timeout more than 0")
    notes = _unless_quiet(args, sys.stderr)
    fetcher = fetch.Fetcher(wait, timeout=args.timeout, say=lambda text: print(text, file=notes))
    cache = Path(args.cache)
    if args.source == "hf":
        found = fetch.fetch_hf(days, cache, fetcher, base_url=args.base_url or fetch.HF_URL)
    else:
        found = fetch.fetch_arxiv(
            args.query,
            since,
            until,
            cache,
            fetcher,
            base_url=args.base_url or fetch.ARXIV_URL,
            max_results=args.max_results,
        )
    report = _unless_quiet(args)
    for path, count in found.written:
        print(f"fetched {path} ({count} entries)", file=report)
    for path in found.kept:
        print(f"kept {path} (fetched before)", file=report)
    for what in found.empty:
        print(f"nothing listed: {what}", file=report)
    for failure in found.failed:
        print(f"paperkg: error: {failure}", file=sys.stderr)
    return EXIT_INPUT_FAILED if found.failed else EXIT_OK


def _vocab(args: argparse.Namespace) -> int:
    from paperkg import vocab  # the pipeline (spaCy) only for resolve and check

    if args.action in ("search", "resolve") and not args.text:
        raise UsageError(f"vocab {args.action} needs a TEXT")
    folder = ontology_dir()
    if args.action == "path":
        print(folder)
        return EXIT_OK
    if args.action == "check":
        problems = vocab.ontology_problems(folder)
        for problem in problems:
            print(problem)
        if problems:
            print(f"{folder}: {len(problems)} problem(s)")
            return EXIT_INPUT_FAILED
        print(f"{folder}: fit to build with ({vocab.type_counts(vocabulary_at(''))})")
        return EXIT_OK
    vocabulary = vocabulary_at("")
    if args.action == "summary":
        total = len(vocabulary.every_entry())
        print(f"{folder}: {total:,} concepts ({vocab.type_counts(vocabulary)})")
        return EXIT_OK
    if args.action == "resolve":
        context = args.context or f"We use {args.text}."
        found = vocab.resolve_name(args.text, context)
        if found.entity is None:
            print(f"{args.text!r} is not extracted as a concept from: {context}")
            return EXIT_OK
        entity = found.entity
        where = f"the vocabulary's {found.known.iri}" if found.known else "a new concept"
        print(
            f"{args.text!r} -> concept:{entity.key} ({entity.type}, {entity.name!r}): {where}; "
            f"rule {entity.rule}, confidence {entity.confidence:.2f}"
        )
        return EXIT_OK
    entries = vocabulary.every_entry()
    if args.action == "search":
        entries = vocab.search(vocabulary, args.text)
    entries = [e for e in entries if args.type in (None, e.type)]
    for line in vocab.concept_rows(entries):
        print(line)
    if not entries:
        print(f"paperkg: note: no concept matches {args.text or args.type!r}", file=sys.stderr)
    return EXIT_OK


_COMMANDS = {
    "build": _build,
    "extract": _extract,
    "query": _query,
    "validate": _validate,
    "export": _export,
    "load": _load,
    "serve": _serve,
    "vocab": _vocab,
    "fetch": _fetch,
}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, with options anywhere among a command's arguments (``query
    GRAPH --format csv QUERY``): argparse's intermixed parsing, which does not take
    subcommands itself, runs on the command's own parser when plain parsing leaves
    arguments over."""
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if not extra:
        return args
    words = list(sys.argv[1:] if argv is None else argv)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command = commands.choices[args.command]
    intermixed = command.parse_intermixed_args(words[words.index(args.command) + 1 :])
    intermixed.command = args.command
    return intermixed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (see the module docstring)."""
    args = _parse(argv)
    stdout = sys.stdout
    # a command whose product is files goes on when its report's reader leaves; one
    # whose product is its output (query, extract to '-') ends quietly
    output = _ClosableOutput(stdout) if args.command in _WRITES_FILES else None
    sys.stdout = output or stdout
    try:
        _choose_ontology(args.ontology)
        return _COMMANDS[args.command](args)
    except PaperkgError as err:
        print(f"paperkg: error: {err}", file=sys.stderr)
        return _exit_code(err)
    except BrokenPipeError:
        _discard_output(stdout)
        return EXIT_OK
    finally:
        if output is not None:
            output.flush()  # here, where a closed pipe is caught, not at interpreter exit
        sys.stdout = stdout


def _choose_ontology(folder: str | None) -> None:
    """Make every stage of this run, and the processes it starts, read ``folder``."""
    if folder is None:
        return
    if not (Path(folder) / "paperkg.ttl").is_file():
        raise UsageError(
            f"--ontology {folder}: no paperkg.ttl there; give a copy of the ontology folder "
            "('paperkg vocab path' prints the installed one)"
        )
    os.environ[ONTOLOGY_VARIABLE] = str(Path(folder).resolve())


#: Commands whose product is files in a folder, not what they print.
_WRITES_FILES = frozenset({"build", "export", "load"})


def _discard_output(stream: TextIO) -> None:
    """Send what is left to print nowhere: the reader closed the pipe, and Python's final
    flush would otherwise fail (exit 120)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)


#: Exit codes by the type of error (see the module docstring); the most specific type
#: listed decides (a QueryError is an InputError, and a usage error).
_EXIT_BY_ERROR: dict[type[PaperkgError], int] = {
    FetchError: EXIT_INPUT_FAILED,
    QueryError: EXIT_USAGE,
    ServeError: EXIT_USAGE,
    UsageError: EXIT_USAGE,
    InputError: EXIT_NO_PAPERS,
    ExportError: EXIT_BROKEN,
    OntologyError: EXIT_BROKEN,
}


def _exit_code(error: PaperkgError) -> int:
    """The exit code of the error's most specific listed type (4 for any other)."""
    for kind in type(error).__mro__:
        if kind in _EXIT_BY_ERROR:
            return _EXIT_BY_ERROR[kind]
    return EXIT_BROKEN


class _ClosableOutput:
    """Standard output that a reader may close (``paperkg build ... | head -1``): the
    run goes on and writes its files, what it prints is dropped, and it exits as it
    would have; no traceback, and no error when Python flushes at exit."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed_by_reader = False

    def write(self, text: str) -> int:
        if not self.closed_by_reader:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self.closed_by_reader:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        self.closed_by_reader = True
        _discard_output(self.stream)

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)
