"""The corpus as RDF: papers, concepts, links and their provenance.

IRIs are deterministic functions of canonical keys (see ``README.md``,
"Identifiers"): papers ``paper/arxiv/<id>`` or ``paper/<title slug>``, concepts
``concept/<key>``, pages ``page/<file name slug>``, links ``link/<hash of
paper, relation, target>``; repositories are their own normalised URL.

Every extracted link is stated twice: as a direct triple for simple queries
(``?paper pkg:uses ?concept``) and as a reified ``pkg:ExtractedLink`` carrying
its evidence sentence, rule, confidence and source pages.

The triples are produced as N-Triples terms by plain string formatting, in an
order fixed by the corpus's sorted keys (so the same inputs give the same
bytes), and streamed to the file as N-Triples or as Turtle with the project's
prefixes. Per-triple Python cost is what matters at millions of triples: this
path writes several hundred thousand triples a second, where rdflib's Turtle
serialiser manages ~30k. rdflib is kept for the ontology API and tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from rdflib import RDF, XSD, Graph
from rdflib.namespace import DCTERMS, PROV, SKOS

from paperkg.export.atomic import atomic_writer
from paperkg.identifiers import short_hash, slugify
from paperkg.model import Corpus, Link, Paper, PartialDate, SourcePage
from paperkg.namespaces import CONCEPT, FABIO, LINK, PAGE, PAPER, PKG, RULE, SCHEMA

__all__ = [
    "PREFIXES",
    "Compactor",
    "corpus_triples",
    "corpus_to_rdflib",
    "write_rdf",
    "paper_iri",
    "concept_iri",
    "page_iri",
    "link_iri",
]

#: Prefixes written into Turtle output (and predeclared for ``paperkg query``).
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
_CLASS_OF_TYPE = {
    "method": PKG.Method,
    "architecture": PKG.Architecture,
    "dataset": PKG.Dataset,
    "task": PKG.Task,
}
_CLASS_OF_LINK = {"repository": PKG.Repository, "project-page": PKG.ProjectPage}
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_LITERAL_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f]')


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


def _iri(value: str) -> str:
    return f"<{value}>"


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _LITERAL_ESCAPES.get(char) or f"\\u{ord(char):04X}"


def _literal(value: str, *, datatype: str | None = None, lang: str | None = None) -> str:
    """An N-Triples literal; quotes, backslashes and control characters escaped."""
    text = _LITERAL_UNSAFE.sub(_escape, value) if _LITERAL_UNSAFE.search(value) else value
    if lang:
        return f'"{text}"@{lang}'
    return f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


def _url(value: str) -> str:
    """A link as an IRI (schema:url's range), or an xsd:anyURI literal if it is no IRI."""
    if re.match(r"https?://[^/]", value) and not _IRI_UNSAFE.search(value):
        return _iri(value)
    return _literal(value, datatype=str(XSD.anyURI))


def _date(date: PartialDate) -> str:
    if date.year is None:
        datatype = XSD.gMonthDay
    elif date.month is None:
        datatype = XSD.gYear
    elif date.day is None:
        datatype = XSD.gYearMonth
    else:
        datatype = XSD.date
    return _literal(date.isoformat(), datatype=str(datatype))


_COUNT = str(XSD.nonNegativeInteger)
_DECIMAL = str(XSD.decimal)


def corpus_triples(corpus: Corpus) -> Iterator[tuple[str, str, str]]:
    """Every triple as N-Triples terms, in an order fixed by the corpus's sorted keys."""
    a, title, abstract = _iri(str(RDF.type)), _iri(str(DCTERMS.title)), _iri(str(DCTERMS.abstract))
    term = {name: _iri(str(PKG[name])) for name in PKG.__annotations__}
    url_p, issued = _iri(str(SCHEMA.url)), _iri(str(DCTERMS.issued))
    by_name: dict[str, SourcePage] = {}
    for page in sorted(
        {o.page for p in corpus.papers.values() for o in p.origins},
        key=lambda page: (page.name, page.listing_date is None, page.path),
    ):
        by_name.setdefault(page.name, page)  # a page is its file name, whatever folder
    pages = [by_name[name] for name in sorted(by_name)]
    page_node = {
        page: _iri(page_iri(page))
        for page in {o.page for p in corpus.papers.values() for o in p.origins}
    }
    for page in pages:
        node = page_node[page]
        yield node, a, term["SourcePage"]
        yield node, a, _iri(str(PROV.Entity))
        yield node, term["fileName"], _literal(page.name)
        if page.listing_date:
            yield node, term["listingDate"], _date(page.listing_date)
    paper_nodes = {}
    for key in sorted(corpus.papers):
        paper = corpus.papers[key]
        node = paper_nodes[key] = _iri(paper_iri(paper))
        yield node, a, term["Paper"]
        yield node, title, _literal(paper.title)
        yield node, abstract, _literal(paper.abstract)
        if paper.date:
            yield node, issued, _date(paper.date)
        if paper.arxiv_id:
            yield node, term["arxivId"], _literal(paper.arxiv_id)
        if paper.author_count is not None:
            yield node, term["authorCount"], _literal(str(paper.author_count), datatype=_COUNT)
        for name in paper.authors:
            yield node, term["authorName"], _literal(name)
        if paper.upvotes is not None:
            yield node, term["upvotes"], _literal(str(paper.upvotes), datatype=_COUNT)
        if paper.organization:
            yield node, term["submittedBy"], _literal(paper.organization)
        if paper.url:
            yield node, url_p, _url(paper.url)
        for listed in sorted({page_node[origin.page] for origin in paper.origins}):
            yield node, term["listedOn"], listed
    skos_concept, pref, alt, broader_p = (
        _iri(str(SKOS.Concept)),
        _iri(str(SKOS.prefLabel)),
        _iri(str(SKOS.altLabel)),
        _iri(str(SKOS.broader)),
    )
    papers_of: dict[str, set[str]] = {}
    for link in corpus.links:
        papers_of.setdefault(link.target_key, set()).add(link.paper_key)
    for key in sorted(corpus.concepts):
        concept = corpus.concepts[key]
        node = _iri(concept_iri(key))
        yield node, term["paperCount"], _literal(str(len(papers_of.get(key, ()))), datatype=_COUNT)
        yield node, a, _iri(str(_CLASS_OF_TYPE[concept.type]))
        yield node, a, skos_concept
        yield node, pref, _literal(concept.label, lang="en")
        for alias in concept.aliases:
            yield node, alt, _literal(alias, lang="en")
        for broader in concept.broader:
            if broader in corpus.concepts:
                yield node, broader_p, _iri(concept_iri(broader))
    for url in sorted(corpus.repositories):
        node = _url(url)
        if node.startswith("<"):  # a link that is no IRI gets no node (nor links, below)
            yield node, a, _iri(str(_CLASS_OF_LINK[corpus.repositories[url].kind]))
            yield node, url_p, node
            yield node, term["host"], _literal(corpus.repositories[url].host)
    rdf_s, rdf_p, rdf_o = (_iri(str(RDF.subject)), _iri(str(RDF.predicate)), _iri(str(RDF.object)))
    rules = set()
    by_triple = lambda link: (link.paper_key, link.relation, link.target_key)  # noqa: E731
    for link in sorted(corpus.links, key=by_triple):
        subject = paper_nodes[link.paper_key]
        target = (
            _iri(concept_iri(link.target_key))
            if link.target_key in corpus.concepts
            else _url(link.target_key)
        )
        if not target.startswith("<"):
            continue
        predicate = term[link.relation]
        statement = _iri(link_iri(link))
        yield subject, predicate, target
        yield statement, a, term["ExtractedLink"]
        yield statement, rdf_s, subject
        yield statement, rdf_p, predicate
        yield statement, rdf_o, target
        yield statement, term["confidence"], _literal(f"{link.confidence:.3f}", datatype=_DECIMAL)
        yield statement, term["evidence"], _literal(link.evidence)
        yield statement, term["sentenceIndex"], _literal(str(link.sentence_index), datatype=_COUNT)
        yield statement, term["surfaceForm"], _literal(link.surface)
        yield statement, term["extractedBy"], _iri(str(RULE[link.rule]))
        for page in sorted({_iri(page_iri(page)) for page in link.pages}):
            yield statement, term["fromPage"], page
        rules.add(link.rule)
    for rule in sorted(rules):
        yield _iri(str(RULE[rule])), a, term["ExtractionRule"]


def _ntriples(corpus: Corpus) -> Iterator[str]:
    for subject, predicate, obj in corpus_triples(corpus):
        yield f"{subject} {predicate} {obj} .\n"


_PN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


class Compactor:
    """IRIs (N-Triples ``<...>`` terms) as prefixed names where the local part is safe
    Turtle; cached. Also used to show query results compactly."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {f"<{RDF.type}>": "a"}

    def __call__(self, term: str) -> str:
        found = self.cache.get(term)
        if found is None:
            found = term
            if term.startswith("<"):
                iri = term[1:-1]
                for prefix, namespace in self.prefixes:
                    local = iri[len(namespace) :]
                    if iri.startswith(namespace) and _PN_LOCAL.fullmatch(local):
                        found = f"{prefix}:{local}"
                        break
            if len(self.cache) < 200_000:
                self.cache[term] = found
        return found


def _turtle(corpus: Corpus) -> Iterator[str]:
    """Turtle: the prefixes, then one block per run of triples with the same subject."""
    for prefix, namespace in PREFIXES.items():
        yield f"@prefix {prefix}: <{namespace}> .\n"
    compact = Compactor(PREFIXES)
    previous = None
    for subject, predicate, obj in corpus_triples(corpus):
        if obj.startswith("<"):
            obj = compact(obj)
        elif obj.endswith(">"):  # a typed literal: "--07-29"^^xsd:gMonthDay
            text, _, datatype = obj.rpartition("^^")
            obj = f"{text}^^{compact(datatype)}"
        if subject == previous:
            yield f" ;\n\t{compact(predicate)} {obj}"
        else:
            yield f"{' .' if previous else ''}\n{compact(subject)} {compact(predicate)} {obj}"
            previous = subject
    if previous:
        yield " .\n"


def _jsonld(corpus: Corpus) -> Iterator[str]:
    """Compact JSON-LD: the prefixes as ``@context``, one ``@graph`` node per subject."""
    compact = Compactor(PREFIXES)
    nodes: dict[str, dict] = {}
    for subject, predicate, obj in corpus_triples(corpus):
        node = nodes.setdefault(subject, {"@id": compact(subject).strip("<>")})
        if predicate == f"<{RDF.type}>":
            node.setdefault("@type", []).append(compact(obj).strip("<>"))
            continue
        key = compact(predicate).strip("<>")
        if obj.startswith("<"):
            value: dict = {"@id": compact(obj).strip("<>")}
        else:
            text, _, tail = obj.rpartition('"')
            value = {"@value": json.loads(text + '"')}
            if tail.startswith("@"):
                value["@language"] = tail[1:]
            elif tail.startswith("^^"):
                value["@type"] = compact(tail[2:]).strip("<>")
        node.setdefault(key, []).append(value)
    document = {"@context": dict(PREFIXES), "@graph": list(nodes.values())}
    yield json.dumps(document, ensure_ascii=False, indent=1)
    yield "\n"


def write_rdf(corpus: Corpus, path: Path, *, format: str = "ttl") -> Path:
    """Serialise the corpus as Turtle (``ttl``), N-Triples (``nt``) or JSON-LD
    (``jsonld``), atomically. The same inputs give the same bytes: Turtle and
    N-Triples are streamed in an order that depends only on the corpus.
    """
    writers = {"ttl": _turtle, "nt": _ntriples, "jsonld": _jsonld}
    chunks = writers[format](corpus)
    with atomic_writer(path) as stream:
        buffer: list[str] = []
        for chunk in chunks:
            buffer.append(chunk)
            if len(buffer) >= 8192:
                stream.write("".join(buffer).encode("utf-8"))
                buffer.clear()
        stream.write("".join(buffer).encode("utf-8"))
    return path


def corpus_to_rdflib(corpus: Corpus) -> Graph:
    """The corpus as an rdflib graph (for the ontology API and tests)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph.parse(data="".join(_ntriples(corpus)), format="nt")
