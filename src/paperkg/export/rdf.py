"""The corpus as RDF: papers, concepts, links and their provenance.

IRIs are deterministic functions of canonical keys (see ``README.md``,
"Identifiers"): papers ``paper/arxiv/<id>`` or ``paper/<title slug>``, concepts
``concept/<key>``, pages ``page/<file name slug>``, links ``link/<hash of
paper, relation, target>``; repositories are their own normalised URL.

Every extracted link is a direct triple for simple queries (``?paper pkg:uses
?concept``); its provenance depends on the mode (``build --provenance``): ``full``
adds a reified ``pkg:ExtractedLink`` carrying its evidence sentence, surface form,
rule, confidence and source pages; ``compact`` one ``pkg:LinkEvidence`` node per
paper, sentence, rule and confidence that every link it gives repeats its relation
and target on (``pkg:statesUses``), its pages being its paper's; ``none`` nothing.

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
from collections import Counter
from collections.abc import Container, Iterable, Iterator
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from rdflib import RDF, XSD, Graph
from rdflib.namespace import DCTERMS, PROV, SKOS

from paperkg.atomic import atomic_writer
from paperkg.export.describe import dataset_triples
from paperkg.identifiers import (
    concept_iri,
    evidence_iri,
    http_iri,
    link_iri,
    paper_iri,
    result_iri,
    slugify,
    venue_iri,
)
from paperkg.model import (
    RELATIONS,
    VOCABULARY_TYPES,
    Concept,
    Corpus,
    Link,
    Paper,
    PartialDate,
    ReportedResult,
    Repository,
    SourcePage,
    numbered_results,
)
from paperkg.namespaces import (
    PAGE,
    PKG,
    PREFIXES,
    RULE,
    SCHEMA,
    SCHEME,
    Compactor,
)

__all__ = [
    "SHARD_FOLDER",
    "STATES",
    "GLOBAL_SHARD",
    "Compactor",
    "Triple",
    "concept_triples",
    "corpus_ntriples",
    "corpus_triples",
    "distinct_pages",
    "links_triples",
    "stated_links",
    "ntriples_lines",
    "page_triples",
    "paper_triples",
    "scheme_triples",
    "venue_triples",
    "repository_triples",
    "rule_triples",
    "corpus_to_rdflib",
    "write_rdf",
    "page_iri",
]

#: Folder of a stream build's N-Triples shards, inside the output folder.
SHARD_FOLDER = "nt"
#: The shard of what every partition shares: pages, concepts, repositories, rules.
GLOBAL_SHARD = "concepts.nt"

_CLASS_OF_TYPE = {
    "method": PKG.Method,
    "architecture": PKG.Architecture,
    "dataset": PKG.Dataset,
    "task": PKG.Task,
    "metric": PKG.Metric,
}
_DIRECTION = {"higher": PKG.HigherIsBetter, "lower": PKG.LowerIsBetter}
_CLASS_OF_LINK = {"repository": PKG.Repository, "project-page": PKG.ProjectPage}
_LITERAL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_LITERAL_UNSAFE = re.compile(r'[\\"\x00-\x1f\x7f]')


@lru_cache(maxsize=4096)
def page_iri(page: SourcePage) -> str:
    """``page/<file name slug>``; cached, as every link names its pages."""
    return f"{PAGE}{slugify(page.name)}"


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
    """A link as an IRI (schema:url's range), or an xsd:anyURI literal if it cannot be one.

    :func:`~paperkg.identifiers.http_iri` percent-encodes what an IRI may not hold
    (a stray ``%``, spaces, brackets) so that every RDF parser reads the graph.
    """
    iri = http_iri(value)
    return _iri(iri) if iri else _literal(value, datatype=str(XSD.anyURI))


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


def canonical_decimal(number: str) -> str:
    """A plain decimal in xsd:decimal's canonical form ("3" -> "3.0"), which every
    RDF library writes back unchanged; ``plain_decimal`` undoes it."""
    return number if "." in number else f"{number}.0"


def plain_decimal(canonical: str) -> str:
    """The plain decimal a result carries ("3.0" -> "3", "88.2" stays)."""
    return canonical.removesuffix(".0")


Triple = tuple[str, str, str]

_A = _iri(str(RDF.type))
_TERM = {name: _iri(str(PKG[name])) for name in PKG.__annotations__}
_TITLE, _ABSTRACT = _iri(str(DCTERMS.title)), _iri(str(DCTERMS.abstract))
_URL, _ISSUED = _iri(str(SCHEMA.url)), _iri(str(DCTERMS.issued))
_IDENTIFIER, _PART_OF = _iri(str(DCTERMS.identifier)), _iri(str(SCHEMA.isPartOf))
_WORK, _NAME = _iri(str(SCHEMA.CreativeWork)), _iri(str(SCHEMA.name))
_SKOS_CONCEPT, _PREF, _ALT, _BROADER = (
    _iri(str(SKOS.Concept)),
    _iri(str(SKOS.prefLabel)),
    _iri(str(SKOS.altLabel)),
    _iri(str(SKOS.broader)),
)
_IN_SCHEME = _iri(str(SKOS.inScheme))
_SCHEME_OF_TYPE = {t: _iri(f"{SCHEME}{t}s") for t in VOCABULARY_TYPES}
_SUBJECT, _PREDICATE, _OBJECT = (
    _iri(str(RDF.subject)),
    _iri(str(RDF.predicate)),
    _iri(str(RDF.object)),
)


def distinct_pages(pages: Iterable[SourcePage]) -> list[SourcePage]:
    """One page per file name (a page reloaded from a graph knows no folder), sorted."""
    by_name: dict[str, SourcePage] = {}
    for page in sorted(
        set(pages), key=lambda page: (page.name, page.listing_date is None, page.path)
    ):
        by_name.setdefault(page.name, page)
    return [by_name[name] for name in sorted(by_name)]


def page_triples(page: SourcePage) -> Iterator[Triple]:
    node = _iri(page_iri(page))
    yield node, _A, _TERM["SourcePage"]
    yield node, _A, _iri(str(PROV.Entity))
    yield node, _TERM["fileName"], _literal(page.name)
    if page.listing_date:
        yield node, _TERM["listingDate"], _date(page.listing_date)


def paper_triples(paper: Paper) -> Iterator[Triple]:
    """A paper's triples, its ``rdf:type`` first (callers read the node from it)."""
    node, term = _iri(paper_iri(paper)), _TERM
    yield node, _A, term["Paper"]
    yield node, _TITLE, _literal(paper.title)
    yield node, _ABSTRACT, _literal(paper.abstract)
    if paper.date:
        yield node, _ISSUED, _date(paper.date)
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
        yield node, _URL, _url(paper.url)
    if paper.record_id:
        yield node, _IDENTIFIER, _literal(paper.record_id)
    if paper.venue:
        yield node, _PART_OF, _iri(venue_iri(paper.venue))
    for listed in sorted({_iri(page_iri(origin.page)) for origin in paper.origins}):
        yield node, term["listedOn"], listed


def scheme_triples() -> Iterator[Triple]:
    """The concept scheme of each type (``scheme/methods`` ...), as the vocabulary
    files declare them: every concept of a build is in the one of its type."""
    for concept_type, scheme in _SCHEME_OF_TYPE.items():
        yield scheme, _A, _iri(str(SKOS.ConceptScheme))
        yield scheme, _PREF, _literal(f"{concept_type.capitalize()}s", lang="en")


def venue_triples(name: str) -> Iterator[Triple]:
    """Where papers were published: a work with the name the source gives it."""
    node = _iri(venue_iri(name))
    yield node, _A, _WORK
    yield node, _NAME, _literal(name)


def concept_triples(concept: Concept, paper_count: int, known: Container[str]) -> Iterator[Triple]:
    """A concept's triples; a broader concept is linked only when ``known`` has it."""
    node = _iri(concept_iri(concept.key))
    yield node, _TERM["paperCount"], _literal(str(paper_count), datatype=_COUNT)
    yield node, _A, _iri(str(_CLASS_OF_TYPE[concept.type]))
    yield node, _IN_SCHEME, _SCHEME_OF_TYPE[concept.type]
    yield node, _A, _SKOS_CONCEPT
    yield node, _PREF, _literal(concept.label, lang="en")
    for alias in concept.aliases:
        yield node, _ALT, _literal(alias, lang="en")
    for broader in concept.broader:
        if broader in known:
            yield node, _BROADER, _iri(concept_iri(broader))
    if concept.direction:
        yield node, _TERM["direction"], _iri(str(_DIRECTION[concept.direction]))


def repository_triples(repository: Repository) -> Iterator[Triple]:
    node = _url(repository.url)
    if node.startswith("<"):  # a link that is no IRI gets no node (nor links)
        yield node, _A, _iri(str(_CLASS_OF_LINK[repository.kind]))
        yield node, _URL, node
        yield node, _TERM["host"], _literal(repository.host)


def _reified(link: Link, paper_node: str, target: str) -> Iterator[Triple]:
    """The direct triple and its reified provenance (``full``)."""
    predicate, term = _TERM[link.relation], _TERM
    statement = _iri(link_iri(link))
    yield paper_node, predicate, target
    yield statement, _A, term["ExtractedLink"]
    yield statement, _SUBJECT, paper_node
    yield statement, _PREDICATE, predicate
    yield statement, _OBJECT, target
    yield statement, term["confidence"], _literal(f"{link.confidence:.3f}", datatype=_DECIMAL)
    yield statement, term["evidence"], _literal(link.evidence)
    yield statement, term["sentenceIndex"], _literal(str(link.sentence_index), datatype=_COUNT)
    yield statement, term["surfaceForm"], _literal(link.surface)
    yield statement, term["extractedBy"], _iri(str(RULE[link.rule]))
    for page in sorted({_iri(page_iri(page)) for page in link.pages}):
        yield statement, term["fromPage"], page


#: The property a compact graph's evidence node states each relation of its links with.
STATES = {
    relation: str(PKG[f"states{relation[:1].upper()}{relation[1:]}"]) for relation in RELATIONS
}
_STATES = {relation: _iri(iri) for relation, iri in STATES.items()}


def stated_links(links: Iterable[Link], concepts: Container[str]) -> list[tuple[Link, str]]:
    """The links the RDF states, each with its target's term: those whose target is an IRI."""
    stated = []
    for link in links:
        key = link.target_key
        target = _iri(concept_iri(key)) if key in concepts else _url(key)
        if target.startswith("<"):
            stated.append((link, target))
    return stated


def links_triples(
    stated: Iterable[tuple[Link, str]], paper_node: str, provenance: str
) -> Iterator[Triple]:
    """One paper's :func:`stated_links` and their provenance as ``provenance`` (one of
    :data:`~paperkg.model.PROVENANCE_MODES`) says: in ``full``, each link's direct
    triple and reification in turn; otherwise the direct triples, then in ``compact``
    one evidence node per sentence, rule and confidence, its links' relations and
    targets repeated on it (a link costs two triples, not eleven)."""
    if provenance == "full":
        for link, target in stated:
            yield from _reified(link, paper_node, target)
        return
    stated = list(stated)
    for link, target in stated:
        yield paper_node, _TERM[link.relation], target
    if provenance == "none":
        return
    groups: dict[str, list[tuple[Link, str]]] = {}
    for link, target in stated:
        confidence = f"{link.confidence:.3f}"
        groups.setdefault(_iri(evidence_iri(link, confidence)), []).append((link, target))
    term = _TERM
    for node, members in sorted(groups.items()):
        first = members[0][0]
        yield node, term["evidenceOf"], paper_node
        yield node, term["evidence"], _literal(first.evidence)
        yield node, term["sentenceIndex"], _literal(str(first.sentence_index), datatype=_COUNT)
        yield node, term["extractedBy"], _iri(str(RULE[first.rule]))
        yield node, term["confidence"], _literal(f"{first.confidence:.3f}", datatype=_DECIMAL)
        for link, target in members:
            yield node, _STATES[link.relation], target


def result_triples(reported: ReportedResult, position: int, paper_node: str) -> Iterator[Triple]:
    """A result as a node of its own: value, kind, what it is measured in and on, and
    the provenance of an extracted link (``position``: its place among its paper's)."""
    result, term = reported.result, _TERM
    node = _iri(result_iri(reported.paper_key, position))
    yield paper_node, term["reportsResult"], node
    yield node, _A, term["Result"]
    yield node, term["value"], _literal(canonical_decimal(result.number), datatype=_DECIMAL)
    yield node, term["valueAsWritten"], _literal(result.value)
    if result.unit:
        yield node, term["unit"], _literal(result.unit)
    yield node, term["resultKind"], _literal(result.kind)
    if result.change:
        yield node, term["change"], _literal(result.change)
    for predicate, key in reported.named().items():
        yield node, term[predicate], _iri(concept_iri(key))
    yield node, term["confidence"], _literal(f"{result.confidence:.3f}", datatype=_DECIMAL)
    yield node, term["evidence"], _literal(result.evidence)
    yield node, term["sentenceIndex"], _literal(str(result.sentence_index), datatype=_COUNT)
    yield node, term["extractedBy"], _iri(str(RULE[result.rule]))
    for page in sorted({_iri(page_iri(page)) for page in reported.pages}):
        yield node, term["fromPage"], page


def papers_results(
    results: Iterable[ReportedResult], paper_nodes: dict[str, str]
) -> Iterator[Triple]:
    """Every result's triples, numbered within its paper in the order it states them."""
    for position, reported in numbered_results(results):
        yield from result_triples(reported, position, paper_nodes[reported.paper_key])


def rule_triples(rules: Iterable[str]) -> Iterator[Triple]:
    for rule in sorted(rules):
        yield _iri(str(RULE[rule])), _A, _TERM["ExtractionRule"]


def corpus_triples(corpus: Corpus) -> Iterator[Triple]:
    """Every triple as N-Triples terms, in an order fixed by the corpus's sorted keys,
    then the dataset's VoID and DCAT description counting them."""
    papers_naming = corpus.papers_naming()
    paper_nodes: dict[str, str] = {}
    count = 0
    for triple in _data_triples(corpus, papers_naming, paper_nodes):
        count += 1
        yield triple
    yield from dataset_triples(
        triples=count,
        pages=[
            page_iri(p)
            for p in distinct_pages(o.page for p in corpus.papers.values() for o in p.origins)
        ],
        papers=len(corpus.papers),
        concepts=corpus.concepts,
        paper_counts=papers_naming,
        license=corpus.license,
        provenance=corpus.provenance,
        first_paper=min(paper_nodes.values(), default="<>")[1:-1] or None,
    )


def _data_triples(
    corpus: Corpus, papers_naming: Counter[str], paper_nodes: dict[str, str]
) -> Iterator[Triple]:
    """The graph's triples but its description; fills ``paper_nodes`` (paper key -> its
    node) as the papers are written."""
    for page in distinct_pages(o.page for p in corpus.papers.values() for o in p.origins):
        yield from page_triples(page)
    for venue in sorted({p.venue for p in corpus.papers.values() if p.venue}):
        yield from venue_triples(venue)
    yield from scheme_triples()
    for key in sorted(corpus.papers):
        triples = list(paper_triples(corpus.papers[key]))
        paper_nodes[key] = triples[0][0]  # the paper's node: its rdf:type triple comes first
        yield from triples
    for key in sorted(corpus.concepts):
        yield from concept_triples(corpus.concepts[key], papers_naming[key], corpus.concepts)
    for url in sorted(corpus.repositories):
        yield from repository_triples(corpus.repositories[url])
    rules: set[str] = set()
    by_triple = lambda link: (link.paper_key, link.relation, link.target_key)  # noqa: E731
    by_paper = groupby(sorted(corpus.links, key=by_triple), lambda link: link.paper_key)
    for paper_key, links in by_paper:
        stated = stated_links(links, corpus.concepts)
        if corpus.provenance != "none":
            rules.update(link.rule for link, _ in stated)
        yield from links_triples(stated, paper_nodes[paper_key], corpus.provenance)
    yield from papers_results(corpus.results, paper_nodes)
    rules.update(reported.result.rule for reported in corpus.results)
    yield from rule_triples(rules)


def ntriples_lines(triples: Iterable[Triple]) -> Iterator[str]:
    """Triples as N-Triples lines."""
    for subject, predicate, obj in triples:
        yield f"{subject} {predicate} {obj} .\n"


def corpus_ntriples(corpus: Corpus) -> Iterator[str]:
    """The whole graph as N-Triples lines, its description last (what a build writes)."""
    return ntriples_lines(corpus_triples(corpus))


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
    writers = {"ttl": _turtle, "nt": corpus_ntriples, "jsonld": _jsonld}
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
    return graph.parse(data="".join(corpus_ntriples(corpus)), format="nt")
