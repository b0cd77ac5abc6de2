"""The corpus as RDF: papers, concepts, links and their provenance (Turtle).

IRIs are deterministic functions of canonical keys (see ``README.md``,
"Identifiers"): papers ``paper/arxiv/<id>`` or ``paper/<title slug>``, concepts
``concept/<key>``, pages ``page/<file name slug>``, links ``link/<hash of
paper, relation, target>``; repositories are their own normalised URL.

Every extracted link is stated twice: as a direct triple for simple queries
(``?paper pkg:uses ?concept``) and as a reified :class:`pkg:ExtractedLink`
carrying its evidence sentence, rule, confidence and source pages.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from paperkg.export.atomic import write_atomic
from paperkg.identifiers import short_hash, slugify
from paperkg.model import Corpus, Link, Paper, PartialDate, SourcePage
from paperkg.namespaces import CONCEPT, FABIO, LINK, PAGE, PAPER, PKG, RULE, SCHEMA

__all__ = ["corpus_to_rdf", "write_turtle", "paper_iri", "concept_iri", "page_iri", "link_iri"]

_CLASS_OF_TYPE = {"method": PKG.Method, "architecture": PKG.Architecture,
                  "dataset": PKG.Dataset, "task": PKG.Task}
_CLASS_OF_LINK = {"repository": PKG.Repository, "project-page": PKG.ProjectPage}


def paper_iri(paper: Paper) -> URIRef:
    """``paper/arxiv/<id>`` when the arXiv id is known, else ``paper/<title slug>``."""
    if paper.arxiv_id:
        return PAPER[f"arxiv/{paper.arxiv_id}"]
    return PAPER[slugify(paper.title)]


def concept_iri(key: str) -> URIRef:
    return CONCEPT[key]


def page_iri(page: SourcePage) -> URIRef:
    return PAGE[slugify(page.name)]


def link_iri(link: Link) -> URIRef:
    return LINK[short_hash(f"{link.paper_key}\n{link.relation}\n{link.target_key}", 16)]


def _date_literal(date: PartialDate) -> Literal:
    text = date.isoformat()
    if date.year is None:
        return Literal(text, datatype=XSD.gMonthDay)
    if date.month is None:
        return Literal(text, datatype=XSD.gYear)
    if date.day is None:
        return Literal(text, datatype=XSD.gYearMonth)
    return Literal(text, datatype=XSD.date)


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


def corpus_to_rdf(corpus: Corpus) -> Graph:
    """An rdflib graph of the corpus, with the project's prefixes bound."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in (("pkg", PKG._NS), ("concept", CONCEPT), ("paper", PAPER),
                              ("page", PAGE), ("link", LINK), ("rule", RULE),
                              ("skos", SKOS), ("dcterms", DCTERMS), ("prov", PROV),
                              ("schema", SCHEMA), ("fabio", FABIO), ("xsd", XSD),
                              ("rdf", RDF)):
        graph.bind(prefix, namespace)
    add = graph.add
    pages = {o.page for p in corpus.papers.values() for o in p.origins}
    for page in sorted(pages, key=lambda p: p.path):
        node = page_iri(page)
        add((node, RDF.type, PKG.SourcePage))
        add((node, PKG.fileName, Literal(page.name)))
        if page.listing_date:
            add((node, PKG.listingDate, _date_literal(page.listing_date)))
    paper_nodes = {}
    for key, paper in sorted(corpus.papers.items()):
        node = paper_nodes[key] = paper_iri(paper)
        add((node, RDF.type, PKG.Paper))
        add((node, DCTERMS.title, Literal(paper.title)))
        add((node, DCTERMS.abstract, Literal(paper.abstract)))
        if paper.date:
            add((node, DCTERMS.issued, _date_literal(paper.date)))
        if paper.arxiv_id:
            add((node, PKG.arxivId, Literal(paper.arxiv_id)))
        if paper.author_count is not None:
            add((node, PKG.authorCount, _count(paper.author_count)))
        for name in paper.authors:
            add((node, PKG.authorName, Literal(name)))
        if paper.upvotes is not None:
            add((node, PKG.upvotes, _count(paper.upvotes)))
        if paper.organization:
            add((node, PKG.submittedBy, Literal(paper.organization)))
        if paper.url:
            add((node, SCHEMA.url, Literal(paper.url, datatype=XSD.anyURI)))
        for origin in paper.origins:
            add((node, PKG.listedOn, page_iri(origin.page)))
    for key, concept in sorted(corpus.concepts.items()):
        node = concept_iri(key)
        add((node, RDF.type, _CLASS_OF_TYPE[concept.type]))
        add((node, RDF.type, SKOS.Concept))
        add((node, SKOS.prefLabel, Literal(concept.label, lang="en")))
        for alias in concept.aliases:
            add((node, SKOS.altLabel, Literal(alias, lang="en")))
        for broader in concept.broader:
            if broader in corpus.concepts:
                add((node, SKOS.broader, concept_iri(broader)))
    for url, repository in sorted(corpus.repositories.items()):
        node = URIRef(url)
        add((node, RDF.type, _CLASS_OF_LINK[repository.kind]))
        add((node, SCHEMA.url, Literal(url, datatype=XSD.anyURI)))
        add((node, PKG.host, Literal(repository.host)))
    rules = set()
    for link in corpus.links:
        subject = paper_nodes[link.paper_key]
        target = concept_iri(link.target_key) if link.target_key in corpus.concepts else URIRef(
            link.target_key
        )
        predicate = PKG[link.relation]
        add((subject, predicate, target))
        statement = link_iri(link)
        add((statement, RDF.type, PKG.ExtractedLink))
        add((statement, RDF.subject, subject))
        add((statement, RDF.predicate, predicate))
        add((statement, RDF.object, target))
        add((statement, PKG.confidence, Literal(Decimal(f"{link.confidence:.3f}"))))
        add((statement, PKG.evidence, Literal(link.evidence)))
        add((statement, PKG.sentenceIndex, _count(link.sentence_index)))
        add((statement, PKG.surfaceForm, Literal(link.surface)))
        add((statement, PKG.extractedBy, RULE[link.rule]))
        for page in link.pages:
            add((statement, PKG.fromPage, page_iri(page)))
        rules.add(link.rule)
    for rule in sorted(rules):
        add((RULE[rule], RDF.type, PKG.ExtractionRule))
    return graph


def write_turtle(corpus: Corpus, path: Path) -> Path:
    """Serialise the corpus as Turtle to ``path`` atomically."""
    return write_atomic(path, corpus_to_rdf(corpus).serialize(format="turtle"))
