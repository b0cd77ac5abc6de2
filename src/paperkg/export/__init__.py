"""Writers of the graph, in one registry keyed by format name.

Each writer takes the linked corpus, its NetworkX graph and an output folder,
writes its files atomically and returns their paths; it declares the names it
writes, so a run stops before it would replace a file paperkg did not write
(:mod:`paperkg.export.folder`). ``paperkg build --format`` and ``--help`` list the
names from :data:`WRITERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperkg.errors import ExportError, UsageError
from paperkg.export.folder import OutputFolder

if TYPE_CHECKING:
    import networkx as nx

    from paperkg.model import Corpus

__all__ = ["Writer", "WRITERS", "write_outputs", "parse_formats"]

# The writers import their libraries (rdflib, NetworkX, Jinja) when they run: the
# commands that only name the formats (query, serve, --help) start without them.


@dataclass(frozen=True)
class Writer:
    """One output format: what it is for and how to write it."""

    description: str
    write: Callable[[Corpus, nx.MultiDiGraph | None, Path], list[Path]]
    #: the files (and folders of files) it writes, relative to the output folder
    names: tuple[str, ...]
    needs_graph: bool = True


def _rdf(format: str, description: str) -> Writer:
    """A writer of ``graph.<format>`` straight from the corpus (no NetworkX graph)."""

    def write(corpus: Corpus, graph: nx.MultiDiGraph | None, out: Path) -> list[Path]:
        from paperkg.export.rdf import write_rdf

        return [write_rdf(corpus, out / f"graph.{format}", format=format)]

    return Writer(f"graph.{format}: {description}", write, (f"graph.{format}",), needs_graph=False)


def _network(name: str, description: str) -> Writer:
    """A writer of ``graph.<name>`` (GraphML, GEXF, node-link JSON) from the graph."""

    def write(corpus: Corpus, graph: nx.MultiDiGraph | None, out: Path) -> list[Path]:
        from paperkg.export import networks

        assert graph is not None, "write_outputs builds the graph for a writer that needs it"
        writer = {"graphml": networks.write_graphml, "gexf": networks.write_gexf}
        return [writer.get(name, networks.write_node_link)(graph, out / f"graph.{name}")]

    return Writer(f"graph.{name}: {description}", write, (f"graph.{name}",))


def _neo4j(corpus: Corpus, graph: nx.MultiDiGraph | None, out: Path) -> list[Path]:
    from paperkg.export.networks import write_neo4j_csv

    assert graph is not None, "write_outputs builds the graph for a writer that needs it"
    return write_neo4j_csv(graph, out)


def _html(corpus: Corpus, graph: nx.MultiDiGraph | None, out: Path) -> list[Path]:
    from paperkg.export.html import write_views

    assert graph is not None, "write_outputs builds the graph for a writer that needs it"
    files = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
    return write_views(corpus, graph, out, files)


WRITERS: dict[str, Writer] = {
    "ttl": _rdf("ttl", "RDF Turtle against ontology/paperkg.ttl (SPARQL, triple stores)"),
    "nt": _rdf("nt", "N-Triples, streamed (bulk loading into triple stores)"),
    "jsonld": _rdf("jsonld", "JSON-LD with the project's prefixes as @context (web, JSON tools)"),
    "graphml": _network("graphml", "GraphML with typed attributes (Cytoscape, yEd)"),
    "gexf": _network("gexf", "GEXF with typed attributes (Gephi)"),
    "json": _network("json", "NetworkX node-link JSON (notebooks, D3)"),
    "csv": Writer(
        "nodes.csv + relationships.csv: Neo4j 'neo4j-admin database import' layout",
        _neo4j,
        ("nodes.csv", "relationships.csv"),
    ),
    "html": Writer(
        "index.html report, graph.html overview, paper.html and concept.html views over "
        "data shards in data/; offline",
        _html,
        ("index.html", "graph.html", "paper.html", "concept.html", "assets", "data"),
    ),
}
DEFAULT_FORMATS = ("ttl", "html")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"ttl,html"`` -> ``("ttl", "html")``; unknown names are an error listing the known."""
    names = tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in WRITERS]
    if unknown or not names:
        raise UsageError(
            f"unknown output format {', '.join(unknown) or repr(text)}; "
            f"known formats: {', '.join(WRITERS)}"
        )
    return names


def write_outputs(
    corpus: Corpus,
    out_dir: Path,
    formats: tuple[str, ...],
    *,
    folder: OutputFolder | None = None,
) -> list[Path]:
    """Write every requested format into ``out_dir``; return the files written.

    ``folder`` is the output folder when the caller holds it already (an update
    reads the graph there first); otherwise it is held for the writing. Nothing is
    written when a file the formats write exists and paperkg did not write it. The
    NetworkX graph is built only when a requested format needs it: RDF alone is
    written straight from the corpus.
    """
    from paperkg.graph import build_graph

    if folder is None:
        with OutputFolder(out_dir) as held:
            return write_outputs(corpus, out_dir, formats, folder=held)
    folder.claim(out_dir / name for format in formats for name in WRITERS[format].names)
    graph = None
    written: list[Path] = []
    # the report links every exported file, so the views are written last
    for name in sorted(formats, key=lambda n: n == "html"):
        if WRITERS[name].needs_graph and graph is None:
            graph = build_graph(corpus)
        try:
            files = WRITERS[name].write(corpus, graph, out_dir)
        except OSError as err:
            raise ExportError(f"{out_dir}: cannot write {name}: {err}") from err
        folder.record(files)
        written.extend(files)
    if "html" in formats:  # views of papers and concepts an update no longer has
        for views in ("data", "concepts", "papers"):  # the last two: views before data shards
            folder.remove_unwritten(views)
    return written
