"""The SKOS vocabularies of known concepts (``ontology/vocabulary/*.ttl``).

Each concept has one type (its scheme), a preferred label, alternative labels
and broader concepts. :func:`surface_forms` expands the labels into the forms
the phrase matcher looks for: plurals, singulars and hyphen/space variants.
Short acronyms are matched case-sensitively ("CLIP" is not "clip").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import RDF
from rdflib.namespace import SKOS

from paperkg.errors import OntologyError
from paperkg.namespaces import PKG

__all__ = [
    "VocabularyEntry",
    "Vocabulary",
    "has_inner_capital",
    "load_vocabulary",
    "surface_forms",
    "is_case_sensitive",
]

_CLASS_TYPES = {
    str(PKG.Method): "method",
    str(PKG.Architecture): "architecture",
    str(PKG.Dataset): "dataset",
    str(PKG.Task): "task",
    str(PKG.Metric): "metric",
}
_DIRECTIONS = {str(PKG.HigherIsBetter): "higher", str(PKG.LowerIsBetter): "lower"}
_DIRECTION = str(PKG.direction)
_RDF_TYPE, _SKOS_CONCEPT = str(RDF.type), str(SKOS.Concept)
_PREF_LABEL, _ALT_LABEL, _BROADER = str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.broader)
_GENERIC = str(PKG.generic)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*")  # "RNN", "GPT2"; not "Mamba", "S4"


def has_inner_capital(text: str) -> bool:
    """A capital right after a lower-case letter: "ComplEx", "MossFormer", not "GNNs".

    >>> has_inner_capital("ComplEx"), has_inner_capital("GNNs"), has_inner_capital("Mamba")
    (True, False, False)
    """
    return any(a.islower() and b.isupper() for a, b in zip(text, text[1:], strict=False))


@dataclass(frozen=True)
class VocabularyEntry:
    """One known concept."""

    iri: str
    label: str
    type: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]
    generic: bool
    #: a metric's: "higher" or "lower", the direction in which its values are better
    direction: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """All known concepts by IRI, and the metrics results are measured in (kept apart:
    papers name metrics in their results, not as concepts they use)."""

    entries: dict[str, VocabularyEntry]
    metrics: dict[str, VocabularyEntry] = field(default_factory=dict)
    #: acronym label ("RNN") -> its concept's preferred label, for acronyms of one concept
    acronyms: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        meanings: dict[str, set[str]] = defaultdict(set)
        for entry in self.entries.values():
            for label in (entry.label, *entry.alt_labels):
                if _ACRONYM.fullmatch(label) and not _ACRONYM.fullmatch(entry.label):
                    meanings[label].add(entry.label)
        found = {short: labels.pop() for short, labels in meanings.items() if len(labels) == 1}
        object.__setattr__(self, "acronyms", found)

    def __len__(self) -> int:
        return len(self.entries)

    def every_entry(self) -> list[VocabularyEntry]:
        """The concepts and the metrics, for listing and checking the vocabulary whole."""
        return [*self.entries.values(), *self.metrics.values()]

    def spells_out(self, iri: str, long_form: str) -> bool:
        """Whether a paper's long form of an acronym can name this concept.

        "Neural Architecture Generation (NAG)" does not name Nesterov accelerated
        gradient, whose acronym the vocabulary also knows. A concept without a
        label of two or more words gives no evidence either way.
        """
        entry = self.entries[iri]
        labels = [label for label in (entry.label, *entry.alt_labels) if " " in label.strip()]
        return not labels or any(_words_agree(label, long_form) for label in labels)


def load_vocabulary(directory: Path) -> Vocabulary:
    """Parse every ``*.ttl`` file in ``directory`` into a :class:`Vocabulary`.

    Parsed with pyoxigraph: rdflib took ~0.8 s for the ~1,300 concepts, a
    quarter of a small build's wall time.
    """
    files = sorted(directory.glob("*.ttl"))
    if not files:
        raise OntologyError(f"{directory}: no vocabulary files (*.ttl)")
    values: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for path in files:
        try:
            for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
                if isinstance(triple.subject, pyoxigraph.NamedNode):
                    values[triple.subject.value][triple.predicate.value].append(triple.object)
        except (SyntaxError, ValueError, OSError) as err:
            raise OntologyError(f"{path}: not valid Turtle: {err}") from err
    entries: dict[str, VocabularyEntry] = {}
    metrics: dict[str, VocabularyEntry] = {}
    for concept in sorted(values):
        properties = values[concept]
        classes = [o.value for o in properties[_RDF_TYPE]]
        if _SKOS_CONCEPT not in classes:
            continue
        types = [_CLASS_TYPES[c] for c in classes if c in _CLASS_TYPES]
        labels = properties[_PREF_LABEL]
        if len(types) != 1 or not labels:
            raise OntologyError(f"{concept}: needs one prefLabel and one of {list(_CLASS_TYPES)}")
        generic = properties.get(_GENERIC, [])
        directions = [_DIRECTIONS.get(o.value) for o in properties[_DIRECTION]]
        if (types[0] == "metric") != (len(directions) == 1 and directions[0] is not None):
            raise OntologyError(f"{concept}: a metric, and only a metric, has one pkg:direction")
        entry = VocabularyEntry(
            iri=concept,
            label=labels[0].value,
            type=types[0],
            alt_labels=tuple(sorted(o.value for o in properties[_ALT_LABEL])),
            broader=tuple(sorted(o.value for o in properties[_BROADER])),
            generic=any(o.value in {"true", "1"} for o in generic),
            direction=directions[0] if directions else None,
        )
        (metrics if entry.type == "metric" else entries)[concept] = entry
    return Vocabulary(entries, metrics)


def _words_agree(first: str, second: str) -> bool:
    """Every word of the shorter phrase starts like a word of the other: "adaption" and
    "adaptation" share five letters, "net" starts "network", "short-term" is "Short Term".
    """
    shorter, longer = sorted((first.lower(), second.lower()), key=lambda p: len(p.split()))
    words = [word.replace("-", "") for word in re.split(r"[\s/]+", shorter) if word]
    known = {*re.split(r"[\s/-]+", longer), *re.split(r"[\s/]+", longer.replace("-", ""))}
    return all(any(_same_start(word, other) for other in known if other) for word in words)


def _same_start(word: str, other: str) -> bool:
    size = min(5, len(word), len(other))
    return word[:size] == other[:size] and (size >= 3 or word == other)


def is_case_sensitive(label: str) -> bool:
    """Acronyms, short mixed-case names and one-word names with a capital inside
    ("ComplEx", not the word "complex") must match their case exactly.

    >>> is_case_sensitive("CLIP"), is_case_sensitive("MMLU"), is_case_sensitive("Mamba")
    (True, True, False)
    >>> is_case_sensitive("graph neural network"), is_case_sensitive("S4")
    (False, True)
    >>> is_case_sensitive("ComplEx"), is_case_sensitive("Stable Diffusion")
    (True, False)
    """
    letters = [c for c in label if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    camel = " " not in label and has_inner_capital(label)
    return (
        (len(label) <= 5 and upper >= 1 and not (label.istitle() and label.isalpha()))
        or (len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters) and " " not in label)
        or camel
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
    >>> sorted(surface_forms("top-1 accuracy"))
    ['top-1 accuracies', 'top-1 accuracy', 'top-1-accuracies', 'top-1-accuracy']
    >>> sorted(surface_forms("message-passing"))
    ['message passing', 'message-passing', 'messagepassing']
    """
    forms = {label}
    last = label.rsplit(" ", 1)[-1]
    singular_noun = not last.endswith("s") or last.endswith(("ss", "us", "is"))
    if re.fullmatch(r"[A-Za-z][a-z]+|[A-Z]{2,}", last) and singular_noun:
        forms.add(label[: len(label) - len(last)] + _plural(last))
    elif re.fullmatch(r"[a-z]{4,}s", last):
        forms.add(label[: -len(last)] + (last[:-3] + "y" if last.endswith("ies") else last[:-1]))
    for form in list(forms):
        if re.search(r"[a-z]-[a-z]", form):
            forms.add(re.sub(r"(?<=[a-z])-(?=[a-z])", " ", form))
            if form.islower():  # "fine-tuning" is also written "finetuning"
                forms.add(re.sub(r"(?<=[a-z])-(?=[a-z])", "", form))
        elif form.islower() and 1 <= form.count(" ") <= 2:
            forms.add(form.replace(" ", "-"))
    return iter(forms)
