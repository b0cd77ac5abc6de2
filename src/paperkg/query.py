"""SPARQL over an exported graph, through an Oxigraph store.

The graph (Turtle, N-Triples or a build folder holding ``graph.ttl``) is bulk
loaded into an in-memory Oxigraph store, which answers aggregate and join
queries in milliseconds where rdflib takes seconds on large graphs. The
project's prefixes (``pkg:``, ``concept:``, ``skos:`` ...) are declared for the
query when it does not declare them itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from paperkg.errors import InputError
from paperkg.export.rdf import PREFIXES, SHARD_FOLDER, Compactor

__all__ = [
    "QueryResult",
    "graph_file",
    "graph_files",
    "load_store",
    "run_query",
    "format_result",
    "RESULT_FORMATS",
]

RESULT_FORMATS = ("table", "csv", "json")
_RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class QueryResult:
    """Variables and rows of a SELECT (an ASK gives one ``ask`` column)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.Literal | ox.BlankNode | None, ...], ...]


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
    the N-Triples shards of a stream build (``DIR/nt/*.nt``, or that folder)."""
    path = Path(path)
    if path.is_dir() and not (path / "graph.ttl").is_file():
        shards = sorted((path / SHARD_FOLDER).glob("*.nt")) or sorted(path.glob("*.nt"))
        if shards:
            return shards
    return [graph_file(path)]


def load_store(path: str | Path) -> ox.Store:
    """An in-memory store holding the graph at ``path`` (all its shards)."""
    store = ox.Store()
    for source in graph_files(path):
        try:
            store.bulk_load(path=str(source), format=_RDF_FORMATS[source.suffix])
        except (SyntaxError, ValueError, OSError) as err:
            raise InputError(str(source), f"cannot load the graph: {err}") from err
    return store


def with_prefixes(query: str) -> str:
    """Declare the project's prefixes the query uses but does not declare."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", query, re.IGNORECASE)}
    missing = [
        f"PREFIX {p}: <{iri}>"
        for p, iri in PREFIXES.items()
        if p not in declared and re.search(rf"(?<![\w<]){p}:", query)
    ]
    return "\n".join([*missing, query])


def run_query(store: ox.Store, query: str) -> QueryResult:
    """Evaluate a SELECT or ASK query; raise InputError with the parser's message."""
    try:
        answer = store.query(with_prefixes(query))
    except SyntaxError as err:
        raise InputError("query", f"not valid SPARQL: {err}") from err
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(("ask",), ((ox.Literal(str(bool(answer)).lower()),),))
    if isinstance(answer, ox.QueryTriples):
        raise InputError("query", "CONSTRUCT/DESCRIBE queries are not supported; use SELECT")
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(solution[name] for name in variables) for solution in answer)
    return QueryResult(variables, rows)


_COMPACT = Compactor(PREFIXES)


def _compact(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _COMPACT(f"<{term.value}>").strip("<>")
    return term.value


def format_result(result: QueryResult, style: str) -> str:
    """The result as an aligned text table, CSV or SPARQL 1.1 JSON results."""
    if style == "json":

        def binding(term):
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

        bindings = [
            {v: binding(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        return json.dumps(
            {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
            ensure_ascii=False,
            indent=1,
        )
    cells = [[_compact(t) for t in row] for row in result.rows]
    if style == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows(cells)
        return out.getvalue().rstrip("\n")
    clipped = [[c if len(c) <= 80 else c[:77] + "..." for c in row] for row in cells]
    widths = [max([len(v)] + [len(r[i]) for r in clipped]) for i, v in enumerate(result.variables)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in clipped
    ]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)
