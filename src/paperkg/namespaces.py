"""RDF namespaces: the project's ontology terms and the IRI bases of its data.

Ontology terms come from :class:`PKG`, a ``DefinedNamespace`` with ``_fail``
set, so a misspelt term raises instead of minting a new IRI. The term list here
is checked against ``ontology/paperkg.ttl`` by the tests.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["PKG", "CONCEPT", "PAPER", "PAGE", "LINK", "RULE", "SCHEME", "SCHEMA", "FABIO"]


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
    ExtractionRule: URIRef
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


BASE = "https://w3id.org/paperkg/"
CONCEPT = Namespace(BASE + "concept/")
PAPER = Namespace(BASE + "paper/")
PAGE = Namespace(BASE + "page/")
LINK = Namespace(BASE + "link/")
RULE = Namespace(BASE + "rule/")
SCHEME = Namespace(BASE + "scheme/")
SCHEMA = Namespace("https://schema.org/")
FABIO = Namespace("http://purl.org/spar/fabio/")
