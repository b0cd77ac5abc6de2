"""SPARQL over an exported graph, through an Oxigraph store.

The graph (Turtle, N-Triples or a build folder holding ``graph.ttl``) is bulk
loaded into an in-memory Oxigraph store, which answers aggregate and join
queries in milliseconds where rdflib takes seconds on large graphs. The
project's prefixes (``pkg:``, ``concept:``, ``skos:`` ...) are declared for the
query when it does not declare them itself.

A query is guarded before it runs: a ``SERVICE`` clause (a federated query, which
makes this machine send a request to any address the query names) is refused
unless allowed, evaluation has a time budget, and the rows stream out as the
engine produces them, so a result of millions of rows is never held in memory.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import math
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TextIO, cast

import pyoxigraph as ox
from rdflib.namespace import OWL, RDFS

from paperkg.errors import InputError, UsageError
from paperkg.export.rdf import GLOBAL_SHARD, SHARD_FOLDER
from paperkg.knowledge.resources import ontology_dir
from paperkg.namespaces import PREFIXES, Compactor

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "QUERY_PREFIXES",
    "STORE_MARKER",
    "QueryError",
    "QueryResult",
    "RowStream",
    "Written",
    "check_limits",
    "build_folder",
    "graph_file",
    "graph_files",
    "load_store",
    "loaded_store",
    "ontology_file",
    "source_digest",
    "source_signature",
    "store_marker",
    "parse_binding",
    "names_service",
    "read_query_file",
    "run_query",
    "sparql_error",
    "stream_query",
    "format_result",
    "write_result",
    "RESULT_FORMATS",
]

RESULT_FORMATS = ("table", "csv", "json", "turtle", "ntriples")
#: the formats of a CONSTRUCT's or DESCRIBE's triples only
GRAPH_FORMATS = ("turtle", "ntriples")
DEFAULT_TIMEOUT = 10.0  # seconds the engine may take, not counting time spent writing rows
DEFAULT_MAX_ROWS = 100_000
TABLE_BLOCK = 1_000  # rows read before the table's column widths are fixed
_BATCH = 256  # rows handed from the engine's thread at a time
_BATCHES_AHEAD = 16  # batches the engine may run ahead of the writer
_RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}

Term = ox.NamedNode | ox.Literal | ox.BlankNode | None


class QueryError(InputError):
    """The query cannot be run as asked: it is not SPARQL, it calls another server
    without permission, or it took longer than its time budget (the CLI exits 2)."""


@dataclass(frozen=True)
class QueryResult:
    """Variables and rows of a SELECT (an ASK gives one ``ask`` column)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term, ...], ...]


@dataclass(frozen=True)
class RowStream:
    """Variables of a SELECT (or ``ask``) and its rows, computed while they are read."""

    variables: tuple[str, ...]
    rows: Iterator[tuple[Term, ...]]
    #: the rows are the triples of a CONSTRUCT or DESCRIBE (subject, predicate, object)
    graph: bool = False


class Written(NamedTuple):
    """What :func:`write_result` wrote: the rows, and whether more were left out."""

    rows: int
    truncated: bool


def graph_file(path: str | Path) -> Path:
    """The RDF file for ``path``: the file itself, or ``graph.ttl`` in a build folder."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        raise InputError(str(path), "no such graph file (build one with 'paperkg build')")
    if path.suffix not in _RDF_FORMATS:
        known = ", ".join(_RDF_FORMATS)
        raise InputError(str(path), f"unknown RDF file type {path.suffix!r}; known: {known}")
    return path


def graph_files(path: str | Path) -> list[Path]:
    """The RDF files at ``path``: the file itself, a build folder's ``graph.ttl``, or
    the N-Triples shards of a stream build (``DIR/nt/*.nt``, or that folder). One
    shard comes with the build's global shard (pages, concepts, rules), without which
    its links point at concepts it does not describe."""
    path = Path(path)
    if path.is_dir() and not (path / "graph.ttl").is_file():
        shards = sorted((path / SHARD_FOLDER).glob("*.nt")) or sorted(path.glob("*.nt"))
        if shards:
            return shards
    found = graph_file(path)
    shared = found.parent / GLOBAL_SHARD
    if found.parent.name == SHARD_FOLDER and found.name != GLOBAL_SHARD and shared.is_file():
        return [found, shared]
    return [found]


def build_folder(path: str | Path) -> Path:
    """The build folder of a graph: the folder given, the graph file's folder, or the
    folder above a stream build's shards (where the build wrote its other files)."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    return folder.parent if folder.name == SHARD_FOLDER else folder


#: The file in a store folder paperkg loaded that names what it holds: the sources'
#: digest, then their signature (names, sizes, modification times), or "loading"
STORE_MARKER = "paperkg-source.sha256"


def ontology_file() -> Path:
    """The ontology in use, loaded into every store beside the graph (its classes and
    properties can be queried: ``?class rdfs:subClassOf pkg:Concept``)."""
    return ontology_dir() / "paperkg.ttl"


def source_digest(paths: list[Path]) -> str:
    """SHA-256 over the files' names and bytes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}\n".encode())
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def source_signature(paths: list[Path]) -> str:
    """The files' names, sizes and modification times, on one line: what a loaded store
    is checked against before a query reuses it (hashing a 4.6M-triple graph takes
    longer than the query)."""
    return json.dumps([[str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in paths])


def store_marker(store: Path) -> str | None:
    """The marker's text when ``store`` is a store paperkg made, else None."""
    try:
        return (store / STORE_MARKER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def loaded_store(path: str | Path) -> ox.Store | None:
    """The build's own loaded store (``paperkg load``: BUILD/oxigraph), opened read-only,
    when it holds the graph at ``path`` as it is now; else None."""
    store = build_folder(path) / "oxigraph"
    marker = store_marker(store)
    lines = marker.split("\n") if marker else []
    if len(lines) != 2 or lines[1] != source_signature([*graph_files(path), ontology_file()]):
        return None
    try:
        return ox.Store.read_only(str(store))
    except OSError:
        return None  # locked or damaged: the graph is parsed instead


def load_store(path: str | Path) -> ox.Store:
    """A store holding the graph at ``path`` (all its shards) and the ontology: the
    build's loaded store when it is up to date, else an in-memory one."""
    loaded = loaded_store(path)
    if loaded is not None:
        return loaded
    store = ox.Store()
    for source in [*graph_files(path), ontology_file()]:
        try:
            store.bulk_load(path=str(source), format=_RDF_FORMATS[source.suffix])
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(str(source), f"cannot load the graph: {err}") from err
    return store


def check_limits(*, timeout: float, max_rows: int) -> None:
    """Refuse a time budget or row limit that is not a positive number."""
    if not (math.isfinite(timeout) and timeout > 0):
        raise QueryError("--timeout", f"{timeout} is not a positive number of seconds (e.g. 30)")
    if max_rows < 1:
        raise QueryError("--max-rows", f"{max_rows} is not a positive number of rows (e.g. 1000)")


def read_query_file(path: Path) -> str:
    """The text of a query file; QueryError when it cannot be read or is not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        byte = err.object[err.start]
        raise QueryError(
            str(path),
            f"not UTF-8 text (byte 0x{byte:02x} at offset {err.start}); "
            "give a text file holding a SPARQL query",
        ) from err
    except OSError as err:
        raise QueryError(str(path), f"cannot read the query: {err.strerror}") from err


#: Prefixes a query may use without declaring them: the graph's, and RDFS and OWL.
QUERY_PREFIXES = {**PREFIXES, "rdfs": str(RDFS), "owl": str(OWL)}


def parse_binding(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``NAME=VALUE`` as given to ``--bind``: an IRI in angle brackets, a prefixed name
    with a predeclared prefix (``concept:mamba``), else the text as a literal."""
    name, equals, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not equals or not re.fullmatch(r"[A-Za-z_][\w]*", name):
        raise UsageError(f"--bind {text!r}: give NAME=VALUE, as in concept=concept:mamba")
    if value.startswith("<") and value.endswith(">"):
        try:
            return name, ox.NamedNode(value[1:-1])
        except ValueError as err:
            raise UsageError(f"--bind {text!r}: not an IRI ({err})") from err
    prefix, colon, local = value.partition(":")
    if colon and prefix in QUERY_PREFIXES and re.fullmatch(r"[\w.\-]*", local):
        return name, ox.NamedNode(QUERY_PREFIXES[prefix] + local)
    return name, ox.Literal(value)


def with_prefixes(query: str) -> str:
    """Declare the predeclared prefixes (:data:`QUERY_PREFIXES`) the query uses but does
    not declare."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", query, re.IGNORECASE)}
    missing = [
        f"PREFIX {p}: <{iri}>"
        for p, iri in QUERY_PREFIXES.items()
        if p not in declared and re.search(rf"(?<![\w<]){p}:", query)
    ]
    return "\n".join([*missing, query])


def names_service(query: str, *, update: bool = False) -> bool:
    """Whether a query (or an update) holds a SERVICE clause, which makes the engine send
    a request to the address it names.

    Only a text holding the word is parsed (rdflib's SPARQL grammar); a text that does
    not parse there counts as federated, so that where the two parsers disagree a query
    can only be refused, never let through.

    >>> names_service("SELECT ?t WHERE { ?p <urn:title> ?t FILTER(CONTAINS(?t, 'service')) }")
    False
    >>> names_service("SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    True
    """
    if "service" not in _unescape_codepoints(query).lower():
        return False
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate  # only when needed

    try:
        parsed = parseUpdate(query) if update else parseQuery(query)
    except Exception:  # pyparsing's errors vary; what does not parse counts as federated
        return True
    return "ServiceGraphPattern" in _node_names(parsed)


def _unescape_codepoints(text: str) -> str:
    """SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, which may appear anywhere."""
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(min(int(m.group(1) or m.group(2), 16), 0x10FFFF)),
        text,
    )


def _node_names(node: object) -> set[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    names: set[str] = set()
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, CompValue):
            names.add(item.name)
            pending.extend(item.values())
        elif isinstance(item, list | tuple) or hasattr(item, "as_list"):
            pending.extend(cast(Iterable[object], item))  # a list, tuple or ParseResults
    return names


_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_EXPECTED_ITEM = re.compile(r'"(?:\\.|[^"\\])*"|\[(?:\'(?:\\.|[^\'\\])*\'|[^\]\'])*\]|[^,\["]+')


def sparql_error(message: str, *, skipped_lines: int = 0) -> tuple[int | None, int | None, str]:
    """Line, column and a one-line reason from Oxigraph's SPARQL parse error, without the
    Unicode ranges of name characters; ``skipped_lines`` were prepended to the query.

    >>> sparql_error("error at 2:15: expected one of REDUCED, [_]", skipped_lines=1)
    (1, 15, 'expected REDUCED')
    >>> sparql_error("error at 1:26: expected one of OPTIONAL, Prefix not found, ['.'], ['_']")
    (1, 26, 'expected one of OPTIONAL, an undeclared prefix (add PREFIX), ".", "_"')
    """
    match = _ERROR_AT.match(message.strip())
    if not match:
        first = message.strip().splitlines()[0] if message.strip() else "no reason given"
        return None, None, first[:200]
    line, column, rest = int(match[1]) - skipped_lines, int(match[2]), match[3]
    if not rest.startswith("expected"):
        return line, column, " ".join(rest.split())[:200]
    items = []
    for item in (i.strip() for i in _EXPECTED_ITEM.findall(rest.split(" ", 3)[-1])):
        single = re.fullmatch(r"\['(.)'\]", item)
        if single:
            items.append(f'"{single[1]}"')
        elif item == "Prefix not found":
            items.append("an undeclared prefix (add PREFIX)")
        elif item and not item.startswith("["):
            items.append(item)
    if not items:
        return line, column, "unexpected character"
    if len(items) == 1:
        return line, column, f"expected {items[0]}"
    more = f" (and {len(items) - 12} more)" if len(items) > 12 else ""
    return line, column, f"expected one of {', '.join(items[:12])}{more}"


#: Values given to a query's variables before it runs (SEP-0007, as Oxigraph takes them)
_Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]


def run_query(
    store: ox.Store, query: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> QueryResult:
    """Evaluate a query (SELECT, ASK, or CONSTRUCT/DESCRIBE as subject, predicate, object
    rows), its variables in ``bindings`` given those values; raise QueryError with the
    parser's message."""
    stream = stream_query(store, query, timeout=None, bindings=bindings)
    return QueryResult(stream.variables, tuple(stream.rows))


def stream_query(
    store: ox.Store,
    query: str,
    *,
    source: str = "query",
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
) -> RowStream:
    """Evaluate a query (as :func:`run_query`); its rows are computed while they are read.

    ``timeout`` bounds the seconds spent waiting for the engine (not for whoever reads
    the rows); past it, reading raises QueryError. pyoxigraph cannot stop a running
    query, so the evaluation goes on in a daemon thread until the process exits (the
    command line exits at once). ``source`` names the query in messages. ``bindings``
    give variables their values before evaluation (SPARQL-dev SEP-0007, as Oxigraph
    implements it): the example queries take their concept so.
    """
    text = with_prefixes(query)
    if not allow_service and names_service(text):
        raise QueryError(
            source,
            "the query calls another server (SERVICE) and federation is off; "
            "pass --allow-service to allow it",
        )
    skipped = text.count("\n") - query.count("\n")
    substitutions: _Substitutions = {
        ox.Variable(name): value for name, value in (bindings or {}).items()
    }
    if timeout is None:
        return _evaluate(store, text, source, skipped, substitutions)
    return _evaluate_in_thread(store, text, source, skipped, timeout, substitutions)


def _evaluate(
    store: ox.Store,
    text: str,
    source: str,
    skipped: int,
    substitutions: _Substitutions,
) -> RowStream:
    try:
        answer = store.query(text, substitutions=substitutions)
    except SyntaxError as err:
        line, column, reason = sparql_error(str(err), skipped_lines=skipped)
        where = f"{source}:{line}:{column}" if line is not None else source
        raise QueryError(where, f"not valid SPARQL: {reason}") from err
    except RuntimeError as err:  # a --bind the query cannot take
        raise QueryError(source, f"cannot bind: {_first_line(err)} (--bind)") from err
    except OSError as err:
        raise QueryError(source, f"the query failed: {_first_line(err)}") from err
    if isinstance(answer, ox.QueryBoolean):
        return RowStream(("ask",), iter([(ox.Literal(str(bool(answer)).lower()),)]))
    if isinstance(answer, ox.QueryTriples):  # CONSTRUCT, DESCRIBE: a row per triple
        return RowStream(("subject", "predicate", "object"), _triples(answer, source), graph=True)
    variables = tuple(v.value for v in answer.variables)
    return RowStream(variables, _solutions(answer, variables, source))


def _solutions(
    answer: ox.QuerySolutions, variables: tuple[str, ...], source: str
) -> Iterator[tuple[Term, ...]]:
    try:
        for solution in answer:
            yield tuple(solution[name] for name in variables)
    except (OSError, RuntimeError) as err:  # a SERVICE call failed, the store went away
        raise QueryError(source, f"the query failed: {_first_line(err)}") from err


def _triples(answer: ox.QueryTriples, source: str) -> Iterator[tuple[Term, ...]]:
    try:
        for triple in answer:
            yield triple.subject, triple.predicate, cast(Term, triple.object)
    except (OSError, RuntimeError) as err:
        raise QueryError(source, f"the query failed: {_first_line(err)}") from err


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else type(err).__name__


_END = object()


def _evaluate_in_thread(
    store: ox.Store,
    text: str,
    source: str,
    skipped: int,
    timeout: float,
    substitutions: _Substitutions,
) -> RowStream:
    """Evaluate in a daemon thread that hands rows over in batches through a bounded
    queue; the reader gives up when it has waited ``timeout`` seconds in all."""
    handed: queue.Queue = queue.Queue(maxsize=_BATCHES_AHEAD)
    stop = threading.Event()

    def hand(item: object) -> bool:
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            stream = _evaluate(store, text, source, skipped, substitutions)
            if not hand((stream.variables, stream.graph)):
                return
            for batch in iter(lambda: list(itertools.islice(stream.rows, _BATCH)), []):
                if not hand(batch):
                    return
            hand(_END)
        # The reader gets a fresh error: one carrying this frame would drop pyoxigraph's
        # results in the reader's thread, which pyoxigraph does not allow.
        except QueryError as err:
            hand(QueryError(err.location, err.reason))
        except BaseException as err:
            hand(QueryError(source, f"the query failed: {_first_line(err)}"))

    threading.Thread(target=produce, name="paperkg-query", daemon=True).start()
    waited = 0.0

    def take() -> object:
        nonlocal waited
        started = time.monotonic()
        try:
            item = handed.get(timeout=max(0.0, timeout - waited))
        except queue.Empty:
            stop.set()
            raise QueryError(
                source,
                f"timed out after {timeout:g} s (--timeout); "
                "narrow the query, add LIMIT or raise --timeout",
            ) from None
        finally:
            waited += time.monotonic() - started
        if isinstance(item, BaseException):
            stop.set()
            raise item
        return item

    head = cast(tuple[tuple[str, ...], bool], take())

    def rows() -> Iterator[tuple[Term, ...]]:
        try:
            while (batch := take()) is not _END:
                yield from batch  # type: ignore[misc]
        finally:
            stop.set()

    return RowStream(head[0], rows(), head[1])


_COMPACT = Compactor(QUERY_PREFIXES)


def _compact(term: Term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _COMPACT(f"<{term.value}>").strip("<>")
    return term.value


def _binding(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        value["datatype"] = term.datatype.value
    return value


def write_result(
    result: RowStream, style: str, out: TextIO, *, max_rows: int | None = None
) -> Written:
    """Write the rows as an aligned text table, CSV or SPARQL 1.1 JSON results (or a
    CONSTRUCT's triples as Turtle or N-Triples), each row as soon as the engine gives
    it; stop after ``max_rows`` rows.

    CSV and JSON hold no row in memory. The table reads its first ``TABLE_BLOCK`` rows
    to size the columns (cells are clipped to 80 characters), then streams the rest in
    those widths: a longer cell further down shifts its own row instead of the whole
    table being held back.
    """
    if style in GRAPH_FORMATS and not result.graph:
        raise QueryError(
            f"--format {style}",
            "is for the triples of a CONSTRUCT or DESCRIBE; give table, csv or json",
        )
    rows = _Limited(result.rows, max_rows)
    writers = {"json": _write_json, "csv": _write_csv, "turtle": _write_turtle}
    writers["ntriples"] = _write_ntriples
    writers.get(style, _write_table)(result.variables, iter(rows), out)
    return Written(rows.count, rows.truncated)


def _write_ntriples(variables: tuple[str, ...], rows: Iterator, out: TextIO) -> None:
    for subject, predicate, obj in rows:
        out.write(f"{subject} {predicate} {obj} .\n")


def _write_turtle(variables: tuple[str, ...], rows: Iterator, out: TextIO) -> None:
    """Turtle, a triple a line after the predeclared prefixes (rows stream out)."""
    for prefix, namespace in QUERY_PREFIXES.items():
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    for subject, predicate, obj in rows:
        terms = [
            _COMPACT(str(term)) if isinstance(term, ox.NamedNode) else str(term)
            for term in (subject, predicate, obj)
        ]
        terms = [t if t != "a" or i == 1 else "rdf:type" for i, t in enumerate(terms)]
        out.write(" ".join(terms) + " .\n")


class _Limited:
    """Rows up to a limit, counted; ``truncated`` once a row past the limit was seen."""

    def __init__(self, rows: Iterator[tuple[Term, ...]], limit: int | None) -> None:
        self._rows, self._limit = rows, limit
        self.count, self.truncated = 0, False

    def __iter__(self) -> Iterator[tuple[Term, ...]]:
        for row in self._rows:
            if self._limit is not None and self.count == self._limit:
                self.truncated = True
                return
            self.count += 1
            yield row


def _write_json(variables: tuple[str, ...], rows: Iterator, out: TextIO) -> None:
    out.write('{"head": {"vars": ' + json.dumps(list(variables)) + '}, "results": {"bindings": [')
    separator = "\n "
    for row in rows:
        binding = {v: _binding(t) for v, t in zip(variables, row, strict=True) if t is not None}
        out.write(separator + json.dumps(binding, ensure_ascii=False))
        separator = ",\n "
    out.write("\n]}}\n")


def _write_csv(variables: tuple[str, ...], rows: Iterator, out: TextIO) -> None:
    """SPARQL 1.1 CSV results: every IRI in full (as JSON gives them), so a column joins
    the IRIs of the other formats; only the table, for people, is compacted."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_cell(t) for t in row])


def _csv_cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A term as SPARQL CSV results write it: a blank node keeps its ``_:``."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _clip(cell: str) -> str:
    return cell if len(cell) <= 80 else cell[:77] + "..."


def _write_table(variables: tuple[str, ...], rows: Iterator, out: TextIO) -> None:
    block = [[_clip(_compact(t)) for t in row] for row in itertools.islice(rows, TABLE_BLOCK)]
    widths = [max([len(v)] + [len(r[i]) for r in block]) for i, v in enumerate(variables)]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip() + "\n"

    out.write(line(variables))
    out.write("  ".join("-" * w for w in widths) + "\n")
    count = 0
    for cells in itertools.chain(block, ([_clip(_compact(t)) for t in row] for row in rows)):
        out.write(line(cells))
        count += 1
    out.write(f"({count} row{'s' if count != 1 else ''})\n")


def format_result(result: QueryResult, style: str) -> str:
    """The result as an aligned text table, CSV or SPARQL 1.1 JSON results."""
    out = io.StringIO()
    write_result(RowStream(result.variables, iter(result.rows)), style, out)
    return out.getvalue().rstrip("\n")
