"""``paperkg vocab``: list, search and check the vocabulary, and show where a name resolves.

It reads the ontology folder every other command reads (``--ontology DIR`` or
``PAPERKG_ONTOLOGY``), so an edit can be checked before a build uses it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib

from paperkg.api import build
from paperkg.errors import OntologyError
from paperkg.extract.pipeline import build_pipeline
from paperkg.knowledge import lexicon_at, vocabulary_at
from paperkg.knowledge.vocabulary import Vocabulary, VocabularyEntry
from paperkg.model import VOCABULARY_TYPES, Entity

__all__ = [
    "Resolution",
    "concept_key",
    "concept_rows",
    "ontology_problems",
    "resolve_name",
    "search",
    "type_counts",
]


def concept_key(entry: VocabularyEntry) -> str:
    """The key a known concept has in the graph: the last segment of its IRI."""
    return entry.iri.rstrip("/").rsplit("/", 1)[-1]


def concept_rows(entries: list[VocabularyEntry]) -> Iterator[str]:
    """One tab-separated line per concept: key, type, label, aliases (``|``-joined)."""
    for entry in sorted(entries, key=lambda e: (e.type, e.label.casefold(), e.iri)):
        yield "\t".join((concept_key(entry), entry.type, entry.label, "|".join(entry.alt_labels)))


def search(vocabulary: Vocabulary, text: str) -> list[VocabularyEntry]:
    """Concepts whose label or an alias contains ``text``, ignoring case."""
    needle = text.casefold()
    return [
        entry
        for entry in vocabulary.every_entry()
        if any(needle in label.casefold() for label in (entry.label, *entry.alt_labels))
    ]


def ontology_problems(folder: Path) -> list[str]:
    """What is wrong with the ontology folder, a line each (none: it is fit to build with).

    Loads the lexicon, the vocabulary and the rules as a build does (the pipeline
    checks its rules against the ontology's rule individuals), parses the ontology
    and the shapes, and checks the vocabulary's own structure: a broader concept it
    does not define, two concepts with one preferred label, an alias that is another
    concept's preferred label.
    """
    problems: list[str] = []
    for name in ("paperkg.ttl", "shapes.ttl"):
        try:
            rdflib.Graph().parse(folder / name, format="turtle")
        except Exception as err:  # noqa: BLE001 - rdflib raises parser-specific types
            problems.append(f"{folder / name}: {err}")
    try:
        lexicon_at(str(folder))
        vocabulary = vocabulary_at(str(folder))
        build_pipeline(ontology=str(folder))
    except OntologyError as err:
        return [*problems, str(err)]
    everything = sorted(vocabulary.every_entry(), key=lambda e: e.iri)
    owners: dict[str, list[str]] = defaultdict(list)
    for entry in everything:
        owners[entry.label.casefold()].append(entry.iri)
    for label, iris in sorted(owners.items()):
        if len(iris) > 1:
            problems.append(f"one preferred label {label!r} for {len(iris)} concepts: {iris}")
    for entry in everything:
        for broader in entry.broader:
            if broader not in vocabulary.entries and broader not in vocabulary.metrics:
                problems.append(f"{entry.iri}: broader {broader} is no concept of the vocabulary")
        for alias in entry.alt_labels:
            others = [iri for iri in owners.get(alias.casefold(), []) if iri != entry.iri]
            if others:
                problems.append(f"{entry.iri}: alias {alias!r} is the preferred label of {others}")
    return problems


def type_counts(vocabulary: Vocabulary) -> str:
    """``method 1,234, architecture ...``: the vocabulary's concepts per type."""
    counts = Counter(entry.type for entry in vocabulary.every_entry())
    return ", ".join(f"{kind} {counts[kind]:,}" for kind in VOCABULARY_TYPES)


@dataclass(frozen=True)
class Resolution:
    """Where a name goes when a paper writes it: the entity extracted for it, if any,
    and the vocabulary entry that entity is (None: a new concept)."""

    entity: Entity | None
    known: VocabularyEntry | None


def resolve_name(name: str, context: str) -> Resolution:
    """Extract ``context`` (a sentence that writes ``name``) as an abstract and find the
    entity written as ``name``, as a build would link it."""
    kg = build([{"title": "Notes", "abstract": context}])
    written = name.casefold()
    found = [
        entity
        for key in kg.papers
        for entity in kg.entities(key)
        if any(surface.casefold() == written for surface in entity.surfaces)
        or entity.name.casefold() == written
    ]
    if not found:
        return Resolution(None, None)
    entity = found[0]
    concept = kg.concepts.get(entity.key)
    entries = vocabulary_at("").entries
    known = entries.get(concept.vocabulary_id) if concept and concept.vocabulary_id else None
    return Resolution(entity, known)
