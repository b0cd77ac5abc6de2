"""The extraction lexicon (``ontology/lexicon.toml``) as a typed, frozen record."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from paperkg.errors import OntologyError
from paperkg.model import CONCEPT_TYPES

__all__ = ["Lexicon", "load_lexicon", "singular", "inflections"]


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key
class Lexicon:
    """Cue words and type heads the rule-based extractors key on."""

    support: dict[str, float]
    proposal_subjects: frozenset[str]
    proposal_verbs: frozenset[str]
    naming_cues: tuple[str, ...]
    past_markers: frozenset[str]
    own_cues: tuple[str, ...]
    leading: frozenset[str]
    boundary: frozenset[str]
    modifiers: frozenset[str]
    generic_heads: frozenset[str]
    name_heads: frozenset[str]
    verbs: frozenset[str]
    adjective_suffixes: frozenset[str]
    other_prefixes: frozenset[str]
    adjective_endings: tuple[str, ...]
    type_heads: dict[str, frozenset[str]]
    phrase_heads: dict[str, frozenset[str]]
    #: type -> the nouns (as word tuples, longest first) a mention's written extent takes
    extent_nouns: dict[str, tuple[tuple[str, ...], ...]]
    task_cues: tuple[str, ...]
    task_nouns: frozenset[str]
    task_endings: tuple[str, ...]
    task_naming_heads: frozenset[str]
    dataset_cues: tuple[str, ...]
    dataset_nouns: frozenset[str]
    dataset_generic_nouns: frozenset[str]
    paradigms: frozenset[str]
    means_before: frozenset[str]
    means_after: frozenset[str]
    code_hosts: tuple[str, ...]
    code_words: frozenset[str]
    availability_words: frozenset[str]
    #: the ``[results]`` word lists by name (units, cues, count nouns)
    result_words: dict[str, frozenset[str]]
    exclusions: frozenset[str]
    #: broad topics, concepts only in a title
    broad: frozenset[str]
    #: the top-level tables of lexicon.toml, checked against the rules that read them
    tables: frozenset[str]
    #: head word -> type, the first of dataset, task, architecture, method that lists it
    head_types: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = ("method", "architecture", "task", "dataset")  # later wins: dataset first
        index = {word: t for t in order for word in self.type_heads[t]}
        object.__setattr__(self, "head_types", index)

    def head_type(self, word: str) -> str | None:
        """The concept type a phrase ending in ``word`` has, by its head noun."""
        lowered = word.lower()
        return self.head_types.get(lowered) or self.head_types.get(singular(lowered))


@lru_cache(maxsize=1 << 14)
def singular(word: str) -> str:
    """A rough English singular, enough to compare head nouns.

    >>> [singular(w) for w in ("networks", "classes", "GNNs", "analysis", "strategies")]
    ['network', 'class', 'GNN', 'analysis', 'strategy']
    """
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def inflections(verb: str) -> tuple[str, ...]:
    """A verb with its -s, -ed and -ing forms (regular spelling rules, approximately).

    >>> inflections("train")
    ('train', 'trains', 'trained', 'training')
    >>> inflections("reduce")
    ('reduce', 'reduces', 'reduced', 'reducing')
    >>> inflections("apply")
    ('apply', 'applies', 'applied', 'applying')
    """
    if verb.endswith("e"):
        return verb, verb + "s", verb + "d", verb[:-1] + "ing"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x")):
        return verb, verb + "es", verb + "ed", verb + "ing"
    return verb, verb + "s", verb + "ed", verb + "ing"


def _phrases(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        " ".join(line.split()).lower()
        for line in lines
        if line.strip() and not line.startswith("#")
    )


def load_lexicon(directory: Path) -> Lexicon:
    """Read ``lexicon.toml`` and the phrase lists ``vocabulary/exclusions.txt`` and
    ``vocabulary/broad.txt`` from the ontology folder."""
    path = directory / "lexicon.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        # the Lexicon fields read from the TOML, by name (one value type per field)
        words: dict[str, Any] = {
            "proposal_subjects": frozenset(data["proposal"]["subjects"]),
            "proposal_verbs": frozenset(data["proposal"]["verbs"]),
            "naming_cues": tuple(data["proposal"]["naming"]),
            "past_markers": frozenset(data["proposal"]["past_markers"]),
            "own_cues": tuple(data["proposal"]["own"]),
            "leading": frozenset(data["phrase"]["leading"]),
            "boundary": frozenset(data["phrase"]["boundary"]),
            "modifiers": frozenset(data["phrase"]["modifiers"]),
            "generic_heads": frozenset(data["phrase"]["generic_heads"]),
            "name_heads": frozenset(data["phrase"]["name_heads"]),
            "verbs": frozenset(
                form for verb in data["phrase"]["verbs"] for form in inflections(verb)
            ),
            "adjective_suffixes": frozenset(data["phrase"]["adjective_suffixes"]),
            "other_prefixes": frozenset(data["phrase"]["other_prefixes"]),
            "adjective_endings": tuple(data["phrase"]["adjective_endings"]),
            "type_heads": {t: frozenset(data["types"][t]) for t in CONCEPT_TYPES},
            "phrase_heads": {t: frozenset(words) for t, words in data["phrase_heads"].items()},
            "extent_nouns": {
                kind: tuple(sorted((tuple(n.split()) for n in nouns), key=len, reverse=True))
                for kind, nouns in data["extent"].items()
            },
            "task_cues": tuple(data["task"]["cues"]),
            "task_nouns": frozenset(data["task"]["nouns"]),
            "task_endings": tuple(data["task"]["endings"]),
            "task_naming_heads": frozenset(data["task"]["naming_heads"]),
            "dataset_cues": tuple(data["dataset"]["cues"]),
            "dataset_nouns": frozenset(data["dataset"]["nouns"]),
            "dataset_generic_nouns": frozenset(data["dataset"]["generic_nouns"]),
            "paradigms": frozenset(data["paradigms"]["labels"]),
            "means_before": frozenset(data["paradigms"]["means_before"]),
            "means_after": frozenset(data["paradigms"]["means_after"]),
            "code_hosts": tuple(data["urls"]["code_hosts"]),
            "code_words": frozenset(data["urls"]["code_words"]),
            "availability_words": frozenset(data["urls"]["availability_words"]),
            "result_words": {
                name: frozenset(w.lower() for w in words) for name, words in data["results"].items()
            },
        }
        support = {name: float(value) for name, value in data["support"].items()}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise OntologyError(f"{path}: cannot load the extraction lexicon: {err!r}") from err
    bad = {name: value for name, value in support.items() if not 0.0 <= value <= 1.0}
    if bad:
        raise OntologyError(f"{path}: support values must lie in [0, 1], got {bad}")
    # generic phrases, and what is never a concept: metrics, hardware, units, fields
    exclusions = _phrases(directory / "vocabulary" / "exclusions.txt") | _phrases(
        directory / "vocabulary" / "not-concepts.txt"
    )
    broad = _phrases(directory / "vocabulary" / "broad.txt")
    return Lexicon(
        support=support, exclusions=exclusions, broad=broad, tables=frozenset(data), **words
    )
