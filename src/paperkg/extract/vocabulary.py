"""The SKOS vocabularies of known concepts (``ontology/vocabulary/*.ttl``).

Each concept has one type (its scheme), a preferred label, alternative labels
and broader concepts. :func:`surface_forms` expands the labels into the forms
the phrase matcher looks for: plurals, singulars and hyphen/space variants.
Short acronyms are matched case-sensitively ("CLIP" is not "clip").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Literal
from rdflib.namespace import SKOS

from paperkg.errors import OntologyError
from paperkg.namespaces import PKG

__all__ = ["VocabularyEntry", "Vocabulary", "load_vocabulary", "surface_forms", "is_case_sensitive"]

_CLASS_TYPES = {
    PKG.Method: "method",
    PKG.Architecture: "architecture",
    PKG.Dataset: "dataset",
    PKG.Task: "task",
}


@dataclass(frozen=True)
class VocabularyEntry:
    """One known concept."""

    iri: str
    label: str
    type: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]
    generic: bool


@dataclass(frozen=True)
class Vocabulary:
    """All known concepts by IRI."""

    entries: dict[str, VocabularyEntry]

    def __len__(self) -> int:
        return len(self.entries)


def load_vocabulary(directory: Path) -> Vocabulary:
    """Parse every ``*.ttl`` file in ``directory`` into a :class:`Vocabulary`."""
    graph = Graph()
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise OntologyError(f"{directory}: no vocabulary files (*.ttl)")
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as err:  # rdflib raises several unrelated types on bad Turtle
            raise OntologyError(f"{path}: not valid Turtle: {err}") from err
    entries = {}
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        types = [_CLASS_TYPES[c] for c in graph.objects(concept, RDF.type) if c in _CLASS_TYPES]
        label = graph.value(concept, SKOS.prefLabel)
        if len(types) != 1 or label is None:
            raise OntologyError(f"{concept}: needs one prefLabel and one of {list(_CLASS_TYPES)}")
        entries[str(concept)] = VocabularyEntry(
            iri=str(concept),
            label=str(label),
            type=types[0],
            alt_labels=tuple(sorted(str(alt) for alt in graph.objects(concept, SKOS.altLabel))),
            broader=tuple(sorted(str(b) for b in graph.objects(concept, SKOS.broader))),
            generic=graph.value(concept, PKG.generic) == Literal(True),
        )
    return Vocabulary(entries)


def is_case_sensitive(label: str) -> bool:
    """Acronyms and short mixed-case names must match their case exactly.

    >>> is_case_sensitive("CLIP"), is_case_sensitive("MMLU"), is_case_sensitive("Mamba")
    (True, True, False)
    >>> is_case_sensitive("graph neural network"), is_case_sensitive("S4")
    (False, True)
    """
    letters = [c for c in label if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return (len(label) <= 5 and upper >= 1 and not (label.istitle() and label.isalpha())) or (
        len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters) and " " not in label
    )


def _plural(word: str) -> str:
    if word.isupper():
        return word + "s"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def surface_forms(label: str) -> Iterator[str]:
    """The label with its plural/singular and hyphen/space variants.

    >>> sorted(surface_forms("message passing"))
    ['message passing', 'message passings', 'message-passing', 'message-passings']
    >>> sorted(surface_forms("Gaussian process"))
    ['Gaussian process', 'Gaussian processes']
    >>> sorted(surface_forms("GNN"))
    ['GNN', 'GNNs']
    >>> sorted(surface_forms("message-passing"))
    ['message passing', 'message-passing']
    """
    forms = {label}
    last = label.rsplit(" ", 1)[-1]
    singular_noun = not last.endswith("s") or last.endswith(("ss", "us", "is"))
    if re.fullmatch(r"[A-Za-z][a-z]+|[A-Z]{2,}", last) and singular_noun:
        forms.add(label + _plural(last)[len(last) :])
    elif re.fullmatch(r"[a-z]{4,}s", last):
        forms.add(label[: -len(last)] + (last[:-3] + "y" if last.endswith("ies") else last[:-1]))
    for form in list(forms):
        if re.search(r"[a-z]-[a-z]", form):
            forms.add(re.sub(r"(?<=[a-z])-(?=[a-z])", " ", form))
        elif form.islower() and 1 <= form.count(" ") <= 2:
            forms.add(form.replace(" ", "-"))
    return iter(forms)
