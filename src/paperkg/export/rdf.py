"""The corpus as RDF: papers, concepts, links and their provenance.

IRIs are deterministic functions of canonical keys (see ``README.md``,
"Identifiers"): papers ``paper/arxiv/<id>`` or ``paper/<title slug>``, concepts
``concept/<key>``, pages ``page/<file name slug>``, links ``link/<hash of
paper, relation, target>``; repositories are their own normalised URL.

Every extracted link is stated twice: as a direct triple for simple queries
(``?paper pkg:uses ?concept``) and as a reified ``pkg:ExtractedLink`` carrying
its evidence sentence, rule, confidence and source pages.

Triples are built as pyoxigraph terms and serialised by Oxigraph (Turtle at
about a million triples a second, where rdflib's serialiser manages ~15k); they
are sorted first, so the same corpus always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, XSD, Graph
from rdflib.namespace import DCTERMS, PROV, SKOS

from paperkg.export.atomic import atomic_writer
from paperkg.identifiers import short_hash, slugify
from paperkg.model import Corpus, Link, Paper, PartialDate, SourcePage
from paperkg.namespaces import CONCEPT, FABIO, LINK, PAGE, PAPER, PKG, RULE, SCHEMA

__all__ = [
    "PREFIXES",
    "corpus_triples",
    "corpus_to_rdflib",
    "write_rdf",
    "paper_iri",
    "concept_iri",
    "page_iri",
    "link_iri",
]

#: Prefixes written into Turtle output (and used by the example queries).
PREFIXES = {
    "pkg": str(PKG._NS),
    "concept": str(CONCEPT),
    "paper": str(PAPER),
    "page": str(PAGE),
    "link": str(LINK),
    "rule": str(RULE),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "fabio": str(FABIO),
    "xsd": str(XSD),
    "rdf": str(RDF),
}
_CLASS_OF_TYPE = {"method": PKG.Method, "architecture": PKG.Architecture,
                  "dataset": PKG.Dataset, "task": PKG.Task}
_CLASS_OF_LINK = {"repository": PKG.Repository, "project-page": PKG.ProjectPage}
_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


@lru_cache(maxsize=256)
def _term(iri: str) -> ox.NamedNode:
    """A pyoxigraph node for a vocabulary term (cached: there are few of them)."""
    return ox.NamedNode(iri)


def paper_iri(paper: Paper) -> str:
    """``paper/arxiv/<id>`` when the arXiv id is known, else ``paper/<title slug>``."""
    if paper.arxiv_id:
        return f"{PAPER}arxiv/{paper.arxiv_id}"
    return f"{PAPER}{slugify(paper.title)}"


def concept_iri(key: str) -> str:
    return f"{CONCEPT}{key}"


def page_iri(page: SourcePage) -> str:
    return f"{PAGE}{slugify(page.name)}"


def link_iri(link: Link) -> str:
    identity = "\n".join((link.paper_key, link.relation, link.target_key))
    return f"{LINK}{short_hash(identity, 16)}"


def _date(date: PartialDate) -> ox.Literal:
    if date.year is None:
        datatype = XSD.gMonthDay
    elif date.month is None:
        datatype = XSD.gYear
    elif date.day is None:
        datatype = XSD.gYearMonth
    else:
        datatype = XSD.date
    return ox.Literal(date.isoformat(), datatype=_term(str(datatype)))


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_term(str(XSD.nonNegativeInteger)))


def _url(value: str) -> ox.NamedNode | ox.Literal:
    """A link as an IRI (schema:url's range), or as an xsd:anyURI literal if it is no IRI."""
    try:
        return ox.NamedNode(value)
    except ValueError:
        return ox.Literal(value, datatype=_term(str(XSD.anyURI)))


def _text(value: str, *, lang: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def corpus_triples(corpus: Corpus) -> Iterator[ox.Triple]:
    """Every triple of the corpus, in no particular order (see :func:`write_rdf`)."""
    a = _term(str(RDF.type))

    def triple(subject: str, predicate, obj) -> ox.Triple:
        target = obj if isinstance(obj, ox.Literal | ox.NamedNode) else _term(str(obj))
        return ox.Triple(ox.NamedNode(subject), _term(str(predicate)), target)

    pages = {o.page for p in corpus.papers.values() for o in p.origins}
    for page in pages:
        node = page_iri(page)
        yield triple(node, RDF.type, PKG.SourcePage)
        yield triple(node, RDF.type, PROV.Entity)
        yield triple(node, PKG.fileName, _text(page.name))
        if page.listing_date:
            yield triple(node, PKG.listingDate, _date(page.listing_date))
    paper_nodes = {}
    for key, paper in corpus.papers.items():
        node = paper_nodes[key] = paper_iri(paper)
        yield ox.Triple(ox.NamedNode(node), a, _term(str(PKG.Paper)))
        yield triple(node, DCTERMS.title, _text(paper.title))
        yield triple(node, DCTERMS.abstract, _text(paper.abstract))
        if paper.date:
            yield triple(node, DCTERMS.issued, _date(paper.date))
        if paper.arxiv_id:
            yield triple(node, PKG.arxivId, _text(paper.arxiv_id))
        if paper.author_count is not None:
            yield triple(node, PKG.authorCount, _count(paper.author_count))
        for name in paper.authors:
            yield triple(node, PKG.authorName, _text(name))
        if paper.upvotes is not None:
            yield triple(node, PKG.upvotes, _count(paper.upvotes))
        if paper.organization:
            yield triple(node, PKG.submittedBy, _text(paper.organization))
        if paper.url:
            yield triple(node, SCHEMA.url, _url(paper.url))
        for origin in paper.origins:
            yield triple(node, PKG.listedOn, page_iri(origin.page))
    for key, concept in corpus.concepts.items():
        node = concept_iri(key)
        yield triple(node, RDF.type, _CLASS_OF_TYPE[concept.type])
        yield triple(node, RDF.type, SKOS.Concept)
        yield triple(node, SKOS.prefLabel, _text(concept.label, lang="en"))
        for alias in concept.aliases:
            yield triple(node, SKOS.altLabel, _text(alias, lang="en"))
        for broader in concept.broader:
            if broader in corpus.concepts:
                yield triple(node, SKOS.broader, concept_iri(broader))
    for url, repository in corpus.repositories.items():
        yield triple(url, RDF.type, _CLASS_OF_LINK[repository.kind])
        yield triple(url, SCHEMA.url, _url(url))
        yield triple(url, PKG.host, _text(repository.host))
    rules = set()
    for link in corpus.links:
        subject = paper_nodes[link.paper_key]
        target = (concept_iri(link.target_key) if link.target_key in corpus.concepts
                  else link.target_key)
        predicate = PKG[link.relation]
        yield triple(subject, predicate, target)
        statement = link_iri(link)
        yield triple(statement, RDF.type, PKG.ExtractedLink)
        yield triple(statement, RDF.subject, subject)
        yield triple(statement, RDF.predicate, predicate)
        yield triple(statement, RDF.object, target)
        yield triple(statement, PKG.confidence,
                     ox.Literal(f"{link.confidence:.3f}", datatype=_term(str(XSD.decimal))))
        yield triple(statement, PKG.evidence, _text(link.evidence))
        yield triple(statement, PKG.sentenceIndex, _count(link.sentence_index))
        yield triple(statement, PKG.surfaceForm, _text(link.surface))
        yield triple(statement, PKG.extractedBy, RULE[link.rule])
        for page in link.pages:
            yield triple(statement, PKG.fromPage, page_iri(page))
        rules.add(link.rule)
    for rule in rules:
        yield triple(str(RULE[rule]), RDF.type, PKG.ExtractionRule)


def _sorted_unique(corpus: Corpus) -> list[ox.Triple]:
    unique = {(str(t.subject), str(t.predicate), str(t.object)): t for t in corpus_triples(corpus)}
    return [unique[key] for key in sorted(unique)]


def write_rdf(corpus: Corpus, path: Path, *, format: str = "ttl") -> Path:
    """Serialise the corpus as Turtle (``ttl``) or N-Triples (``nt``), atomically."""
    triples = _sorted_unique(corpus)
    with atomic_writer(path) as stream:
        ox.serialize(triples, stream, _FORMATS[format],
                     prefixes=PREFIXES if format == "ttl" else None)
    return path


def corpus_to_rdflib(corpus: Corpus) -> Graph:
    """The corpus as an rdflib graph (for the ontology API and tests)."""
    data = ox.serialize(_sorted_unique(corpus), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph.parse(data=data.decode("utf-8"), format="nt")
