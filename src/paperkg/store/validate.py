"""Check an exported graph against the project's SHACL shapes (pySHACL).

The ontology is passed to pySHACL as the ontology graph, so class constraints
see subclasses (a pkg:Dataset is a pkg:Concept) without RDFS inference on the
data, which would make every range check pass trivially.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from paperkg.errors import InputError
from paperkg.export.rdf import GLOBAL_SHARD
from paperkg.knowledge.resources import ontology_dir
from paperkg.store.query import graph_files

__all__ = ["Violation", "ValidationReport", "validate_graph"]


@dataclass(frozen=True)
class Violation:
    """One failed constraint, in words a person can act on."""

    severity: str
    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: {self.focus}{where}{value}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


def _short(graph: rdflib.Graph, node) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return graph.namespace_manager.normalizeUri(node)
    return str(node)[:80]


def _unreadable(source: Path, err: Exception) -> InputError:
    """One line for a graph file rdflib cannot parse: the line when the parser knows it,
    the reason without the raw bytes rdflib quotes, and what to do."""
    fix = "rebuild it with 'paperkg build' or give the graph.ttl / graph.nt paperkg wrote"
    if isinstance(err, UnicodeDecodeError):
        byte = err.object[err.start]
        reason = f"not UTF-8 text (byte 0x{byte:02x} at offset {err.start})"
        return InputError(str(source), f"{reason}; {fix}")
    line = getattr(err, "lines", None)  # rdflib's Turtle parser: 0-based line, reason
    why = getattr(err, "_why", None)
    if isinstance(line, int) and why:
        return InputError(f"{source}:{line + 1}", f"not valid RDF: {why}; {fix}")
    text = str(err).strip()
    first = text.splitlines()[0][:120] if text else type(err).__name__
    first = "".join(c if c.isprintable() else "?" for c in first)  # rdflib quotes the input
    return InputError(str(source), f"not valid RDF: {first}; {fix}")


def validate_graph(
    path: str | Path, *, shapes: Path | None = None, batch_bytes: int = 32 * 2**20
) -> ValidationReport:
    """Validate the graph file, build folder or stream build at ``path``.

    A stream build is validated a batch of shards at a time (about ``batch_bytes`` of
    N-Triples), each with the global shard its links point into, so memory holds one
    batch, never the whole graph; a violation found in several batches counts once.
    """
    files = graph_files(path)
    folder = ontology_dir()
    shapes_graph = rdflib.Graph().parse(shapes or folder / "shapes.ttl")
    ontology = rdflib.Graph().parse(folder / "paperkg.ttl")
    shared = _parsed([f for f in files if f.name == GLOBAL_SHARD])  # read once, not per batch
    parts = [f for f in files if f.name != GLOBAL_SHARD]
    conforms, violations = True, set()
    for batch in _batches(parts, batch_bytes) if parts else [[]]:
        data = _parsed(batch)
        data += shared
        passed, found = _validate(data, shapes_graph, ontology)
        conforms &= passed
        violations.update(found)
    ordered = sorted(
        violations, key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message)
    )
    return ValidationReport(conforms, tuple(ordered))


def _parsed(files: list[Path]) -> rdflib.Graph:
    """One graph of ``files``; an InputError naming the file rdflib cannot read."""
    data = rdflib.Graph()
    for source in files:
        try:
            data.parse(source, format="nt" if source.suffix == ".nt" else None)
        except Exception as err:  # rdflib raises parser-specific types
            raise _unreadable(source, err) from err
    return data


def _batches(files: list[Path], budget: int) -> Iterator[list[Path]]:
    """The files in runs of about ``budget`` bytes (at least one file each)."""
    batch: list[Path] = []
    size = 0
    for file in files:
        if batch and size + file.stat().st_size > budget:
            yield batch
            batch, size = [], 0
        batch.append(file)
        size += file.stat().st_size
    if batch:
        yield batch


def _validate(
    data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph
) -> tuple[bool, list[Violation]]:
    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        inplace=True,  # each batch's graph is thrown away: no copy of it to mix the ontology into
    )
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        violations.append(
            Violation(
                severity=severity,
                focus=_short(data, report.value(result, SH.focusNode)),
                path=_short(data, report.value(result, SH.resultPath)),
                value=_short(data, report.value(result, SH.value)),
                message=str(report.value(result, SH.resultMessage) or ""),
            )
        )
    return bool(conforms), violations
