"""RDF namespaces: the project's ontology terms, the IRI bases of its data and the
prefixes every writer and the query engine share.

Ontology terms come from :class:`PKG`, a ``DefinedNamespace`` with ``_fail``
set, so a misspelt term raises instead of minting a new IRI. The term list here
is checked against ``ontology/paperkg.ttl`` by the tests.
"""

from __future__ import annotations

import re

from rdflib import RDF, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, DefinedNamespace

__all__ = [
    "PKG",
    "CONCEPT",
    "PAPER",
    "PAGE",
    "LINK",
    "EVIDENCE",
    "RULE",
    "SCHEME",
    "VENUE",
    "VOID",
    "DCAT",
    "SCHEMA",
    "FABIO",
    "PREFIXES",
    "Compactor",
]


class PKG(DefinedNamespace):
    """The paperkg ontology, ``https://w3id.org/paperkg/ontology#``."""

    _fail = True
    _NS = Namespace("https://w3id.org/paperkg/ontology#")

    # Classes
    Paper: URIRef
    Concept: URIRef
    Method: URIRef
    Architecture: URIRef
    Dataset: URIRef
    Task: URIRef
    Repository: URIRef
    ProjectPage: URIRef
    SourcePage: URIRef
    ExtractedLink: URIRef
    LinkEvidence: URIRef
    ExtractionRule: URIRef
    Metric: URIRef
    Direction: URIRef
    HigherIsBetter: URIRef
    LowerIsBetter: URIRef
    Result: URIRef
    # Object properties
    proposes: URIRef
    proposedBy: URIRef
    uses: URIRef
    evaluatedOn: URIRef
    addresses: URIRef
    mentions: URIRef
    mentionedIn: URIRef
    hasCode: URIRef
    hasProjectPage: URIRef
    listedOn: URIRef
    extractedBy: URIRef
    fromPage: URIRef
    evidenceOf: URIRef
    statesProposes: URIRef
    statesUses: URIRef
    statesEvaluatedOn: URIRef
    statesAddresses: URIRef
    statesHasCode: URIRef
    statesHasProjectPage: URIRef
    reportsResult: URIRef
    resultOf: URIRef
    metric: URIRef
    onDataset: URIRef
    forTask: URIRef
    ofMethod: URIRef
    direction: URIRef
    # Datatype properties
    confidence: URIRef
    evidence: URIRef
    sentenceIndex: URIRef
    surfaceForm: URIRef
    authorCount: URIRef
    authorName: URIRef
    upvotes: URIRef
    submittedBy: URIRef
    arxivId: URIRef
    fileName: URIRef
    listingDate: URIRef
    generic: URIRef
    host: URIRef
    paperCount: URIRef
    value: URIRef
    valueAsWritten: URIRef
    unit: URIRef
    resultKind: URIRef
    change: URIRef
    provenanceMode: URIRef


BASE = "https://w3id.org/paperkg/"
CONCEPT = Namespace(BASE + "concept/")
PAPER = Namespace(BASE + "paper/")
PAGE = Namespace(BASE + "page/")
LINK = Namespace(BASE + "link/")
EVIDENCE = Namespace(BASE + "evidence/")
RESULT = Namespace(BASE + "result/")
RULE = Namespace(BASE + "rule/")
SCHEME = Namespace(BASE + "scheme/")
VENUE = Namespace(BASE + "venue/")
SCHEMA = Namespace("https://schema.org/")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FABIO = Namespace("http://purl.org/spar/fabio/")

#: Prefixes written into Turtle output (and predeclared for ``paperkg query``).
PREFIXES = {
    "pkg": str(PKG._NS),
    "concept": str(CONCEPT),
    "paper": str(PAPER),
    "page": str(PAGE),
    "link": str(LINK),
    "rule": str(RULE),
    "venue": str(VENUE),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "fabio": str(FABIO),
    "void": str(VOID),
    "dcat": str(DCAT),
    "xsd": str(XSD),
    "rdf": str(RDF),
}


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
