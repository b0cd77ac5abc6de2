"""What paperkg knows before it reads a paper: the ontology folder, the lexicon and
the SKOS vocabulary, loaded once per folder.

This layer imports no spaCy, so the commands that only read a built graph
(``export``, ``--update``, the store) start fast. ``""`` names the installed
ontology folder (:func:`~paperkg.knowledge.resources.ontology_dir`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph
from rdflib import RDF

from paperkg.errors import OntologyError
from paperkg.knowledge.lexicon import Lexicon, load_lexicon
from paperkg.knowledge.resources import ontology_dir
from paperkg.knowledge.vocabulary import Vocabulary, load_vocabulary
from paperkg.namespaces import PKG, RULE

__all__ = ["lexicon_at", "ontology_rules", "vocabulary_at"]

_RDF_TYPE = str(RDF.type)


@lru_cache(maxsize=4)
def lexicon_at(path: str) -> Lexicon:
    """The lexicon of the ontology folder ``path`` ("" = the installed one), loaded once."""
    return load_lexicon(Path(path) if path else ontology_dir())


@lru_cache(maxsize=4)
def vocabulary_at(path: str) -> Vocabulary:
    """The vocabulary of the ontology folder ``path`` ("" = the installed one), loaded once."""
    return load_vocabulary((Path(path) if path else ontology_dir()) / "vocabulary")


def ontology_rules(path: str) -> set[str]:
    """The names of the ``pkg:ExtractionRule`` individuals in the ontology folder's
    ``paperkg.ttl``."""
    file = (Path(path) if path else ontology_dir()) / "paperkg.ttl"
    try:
        triples = list(pyoxigraph.parse(path=str(file), format=pyoxigraph.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as err:
        raise OntologyError(f"{file}: not valid Turtle: {err}") from err
    prefix, rule_class = str(RULE), str(PKG.ExtractionRule)
    return {
        t.subject.value[len(prefix) :]
        for t in triples
        if t.predicate.value == _RDF_TYPE
        and t.object.value == rule_class
        and t.subject.value.startswith(prefix)
    }
