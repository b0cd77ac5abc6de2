"""The graph describes itself: a VoID and DCAT description of the dataset a build writes.

Written into the RDF with the data (the last triples of ``graph.ttl``, or of a stream
build's global shard), so a store or endpoint that holds the graph answers
``?d a void:Dataset``. It states what the data is, where it was read from (the listing
pages), its licence as the user gives it (``build --license``; the inputs state none, so
without it the description says so instead of guessing), its size (triples, papers and
concepts per type), the vocabularies it uses and example resources. Nothing in it
depends on the time of the build: the same input gives the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from paperkg.errors import UsageError
from paperkg.identifiers import concept_iri, short_hash
from paperkg.model import Concept
from paperkg.namespaces import BASE, DCAT, PKG, PROV, SCHEMA, VOID

__all__ = ["dataset_triples", "license_iri"]

_SPDX = "https://spdx.org/licenses/"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DCTERMS = "http://purl.org/dc/terms/"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_VOCABULARIES = (
    str(PKG._NS),
    "http://www.w3.org/2004/02/skos/core#",
    _DCTERMS,
    str(PROV),
    str(SCHEMA),
)

#: How the description ends the sentence saying what each link carries, per mode.
_PROVENANCE_SAYS = {
    "full": "each link with its evidence sentence, rule and confidence.",
    "compact": "each link with its evidence sentence, rule and confidence, shared by the "
    "links of a sentence.",
    "none": "the links without their evidence (paperkg build --provenance none).",
}


def license_iri(given: str) -> str:
    """``--license``: an http(s) IRI as it is, or an SPDX licence id (``CC-BY-4.0``)
    as its SPDX page; a usage error otherwise."""
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", given):
        return given
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+-]*", given):
        return _SPDX + given
    raise UsageError(
        f"--license {given!r}: give an SPDX licence id (CC-BY-4.0) or the licence's IRI"
    )


def _iri(text: str) -> str:
    return f"<{text}>"


def _text(value: str, lang: str | None = "en") -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _count(value: int) -> str:
    return f'"{value}"^^<{_XSD_INTEGER}>'


def dataset_triples(
    *,
    triples: int,
    pages: Iterable[str],
    papers: int,
    concepts: Mapping[str, Concept],
    paper_counts: Mapping[str, int],
    license: str | None,
    provenance: str = "full",
    first_paper: str | None = None,
) -> Iterator[tuple[str, str, str]]:
    """The description, as N-Triples terms. ``triples`` counts the data's triples
    (the description's own not included), ``pages`` are the IRIs of the listing pages
    read, ``paper_counts`` the papers naming each concept: the one most papers name is
    an example resource, and so is ``first_paper``, the first paper's IRI in IRI order
    (which the example queries about a paper start from without sorting every paper).
    A ``provenance`` mode other than ``full`` is stated (``pkg:provenanceMode``), so
    that an update writes the graph as it was."""
    sources = sorted(pages)
    dataset = f"{BASE}dataset/{short_hash(' '.join(sources), 16)}"
    node = _iri(dataset)
    concept_types = Counter(concept.type for concept in concepts.values())
    named = [key for key in paper_counts if key in concepts]
    top = min(named, key=lambda key: (-paper_counts[key], key), default=None)
    examples = [concept_iri(top)] if top else []
    examples += [first_paper] if first_paper else []
    concepts_count = len(concepts)
    yield node, _RDF_TYPE, _iri(f"{VOID}Dataset")
    yield node, _RDF_TYPE, _iri(f"{DCAT}Dataset")
    yield (
        node,
        _iri(_DCTERMS + "title"),
        _text(f"paperkg knowledge graph of {papers} papers and {concepts_count:,} concepts"),
    )
    yield (
        node,
        _iri(_DCTERMS + "description"),
        _text(
            f"Machine-learning papers read from {len(sources)} listing page(s), and the "
            "methods, architectures, datasets and tasks they propose, use, are evaluated on "
            "and address, extracted from their titles and abstracts by paperkg, "
            + _PROVENANCE_SAYS[provenance]
        ),
    )
    if provenance != "full":  # a full graph is as it was before the modes
        yield node, _iri(str(PKG.provenanceMode)), _text(provenance, None)
    if license:
        yield node, _iri(_DCTERMS + "license"), _iri(license)
    else:
        yield (
            node,
            _iri(_DCTERMS + "rights"),
            _text(
                "No licence was given for this graph (paperkg build --license) and the inputs "
                "state none; the titles and abstracts remain their authors'."
            ),
        )
    for source in sources:
        yield node, _iri(_DCTERMS + "source"), _iri(source)
    yield node, _iri(f"{VOID}triples"), _count(triples)
    yield node, _iri(f"{VOID}entities"), _count(papers + concepts_count)
    yield node, _iri(f"{VOID}uriSpace"), _text(BASE, None)
    for vocabulary in _VOCABULARIES:
        yield node, _iri(f"{VOID}vocabulary"), _iri(vocabulary)
    for example in examples:
        yield node, _iri(f"{VOID}exampleResource"), _iri(example)
    for name, count in [
        ("Paper", papers),
        *((t.capitalize(), n) for t, n in sorted(concept_types.items())),
    ]:
        part = _iri(f"{dataset}/{name.lower()}")
        yield node, _iri(f"{VOID}classPartition"), part
        yield part, _iri(f"{VOID}class"), _iri(str(PKG[name]))
        yield part, _iri(f"{VOID}entities"), _count(count)
    distribution = _iri(f"{dataset}/turtle")
    yield node, _iri(f"{DCAT}distribution"), distribution
    yield distribution, _RDF_TYPE, _iri(f"{DCAT}Distribution")
    yield (
        distribution,
        _iri(f"{DCAT}mediaType"),
        _iri("https://www.iana.org/assignments/media-types/text/turtle"),
    )
    yield distribution, _iri(_DCTERMS + "title"), _text("the graph as Turtle (graph.ttl)")
