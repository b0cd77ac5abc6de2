"""The extraction rules: each declared once, with its name, family, rank, type and confidence.

A rule is a registered unit. Finder rules are classes decorated with
:func:`finder`; the pipeline's ``paperkg_find`` component runs them family by
family (:data:`FAMILIES`), each family's rules in the order they are declared.
Rules the resolver applies itself (``name-use``) are declared with
:func:`declare`. Every mention carries the name of the rule that found it; its
``rank`` breaks ties between overlapping candidates and orders a concept's
mentions (lower is stronger evidence), its ``confidence`` is the mention's.

:func:`check_rules` compares the declarations with the ontology's
``pkg:ExtractionRule`` individuals and with the tables of ``lexicon.toml`` when
a pipeline is built, so a rule cannot exist in one place only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, TypeVar

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from paperkg.errors import OntologyError
from paperkg.extract.candidates import Work
from paperkg.extract.cues import CueMatcher
from paperkg.knowledge.lexicon import Lexicon
from paperkg.knowledge.vocabulary import Vocabulary
from paperkg.model import CONCEPT_TYPES, LINK_TYPES, TYPE_SOURCES

__all__ = [
    "FAMILIES",
    "RESULTS",
    "Finder",
    "Rule",
    "RuleContext",
    "check_rules",
    "declare",
    "declared",
    "finder",
    "finders",
    "rank",
]

#: Finder families in the order the pipeline runs them: later families read what
#: earlier ones found (a title's coined names skip known concepts, for example).
FAMILIES = ("links", "acronyms", "vocabulary", "proposals", "names", "evaluation", "phrases")
#: The family of rules the resolver applies after choosing among candidates.
RESOLUTION = "resolution"
#: The family of rules that find result statements (:mod:`paperkg.extract.results`).
RESULTS = "results"
#: Tables of lexicon.toml that the resolver and the linker read, besides the rules'.
RESOLVER_READS = frozenset({"phrase", "types", "support", "extent"})


@dataclass(frozen=True)
class Rule:
    """One extraction rule's declaration.

    ``type`` is what the rule's candidates are when nothing more specific types
    them (their head word, a known concept, a definition's long form); None
    when the rule always types what it finds, or finds links. ``typing`` says
    what the types the rule gives at once rest on (one of
    :data:`~paperkg.model.TYPE_SOURCES`). ``reads`` names the lexicon.toml
    tables the rule is configured by.
    """

    name: str
    family: str
    rank: int
    type: str | None
    confidence: float
    reads: tuple[str, ...] = ()
    typing: str = "default"

    def __post_init__(self) -> None:
        if self.family not in (*FAMILIES, RESOLUTION, RESULTS):
            raise ValueError(f"rule {self.name}: unknown family {self.family!r}")
        if self.type is not None and self.type not in (*CONCEPT_TYPES, *LINK_TYPES):
            raise ValueError(f"rule {self.name}: unknown type {self.type!r}")
        if self.typing not in TYPE_SOURCES:
            raise ValueError(f"rule {self.name}: unknown typing {self.typing!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"rule {self.name}: confidence {self.confidence} not in [0, 1]")


@dataclass(frozen=True)
class RuleContext:
    """What rules are built from: the pipeline (for its vocab and tokenizer), the
    lexicon and the vocabulary, and the words no name starts or ends with."""

    nlp: Language
    lexicon: Lexicon
    vocabulary: Vocabulary

    @cached_property
    def stop(self) -> frozenset[str]:
        """Boundary, modifier, leading and verb words, and spaCy's stop words."""
        lex = self.lexicon
        return frozenset(lex.boundary | lex.modifiers | lex.leading | lex.verbs | STOP_WORDS)

    @cached_property
    def cues(self) -> CueMatcher:
        """The lexicon's cue lists, matched once per document for all rules."""
        return CueMatcher(self.nlp, self.lexicon)


class Finder:
    """A finder: built once per pipeline, called on each document's :class:`Work`, to
    which it adds the candidates of its rules (and proposal windows). Most finders
    implement one rule; one that tells several apart in one pass declares them all."""

    rules: ClassVar[tuple[Rule, ...]]

    def __init__(self, context: RuleContext) -> None:
        self.lexicon = context.lexicon

    def __call__(self, work: Work) -> None:
        raise NotImplementedError


_RULES: dict[str, Rule] = {}
_FINDERS: dict[str, list[type[Finder]]] = {family: [] for family in FAMILIES}
F = TypeVar("F", bound=type[Finder])


def declare(rule: Rule) -> Rule:
    """Register a rule's declaration; a name or rank declared twice is an error."""
    if rule.name in _RULES:
        raise ValueError(f"rule {rule.name!r} is declared twice")
    clash = next((r.name for r in _RULES.values() if r.rank == rule.rank), None)
    if clash:
        raise ValueError(f"rules {clash!r} and {rule.name!r} share rank {rule.rank}")
    _RULES[rule.name] = rule
    return rule


def finder(*rules: Rule) -> Callable[[F], F]:
    """Class decorator: declare ``rules`` (of one family) and register the class as
    their implementation."""
    families = {rule.family for rule in rules}
    if len(families) != 1 or families & {RESOLUTION, RESULTS}:
        raise ValueError(f"a finder implements rules of one finder family, not {families}")

    def register(cls: F) -> F:
        cls.rules = tuple(map(declare, rules))
        _FINDERS[rules[0].family].append(cls)
        return cls

    return register


def declared() -> tuple[Rule, ...]:
    """Every declared rule, strongest evidence first."""
    return tuple(sorted(_RULES.values(), key=lambda r: r.rank))


def rank(name: str) -> int:
    """The rank of the rule called ``name``."""
    try:
        return _RULES[name].rank
    except KeyError:
        raise KeyError(f"no extraction rule is called {name!r}") from None


def finders(family: str) -> tuple[type[Finder], ...]:
    """The finder classes of one family, in declaration order."""
    return tuple(_FINDERS[family])


def check_rules(lexicon_tables: Iterable[str], ontology_rules: Iterable[str], where: str) -> None:
    """Fail when the declared rules and the ontology's rule individuals differ, when a
    rule reads a lexicon table that is missing, or when a table is read by nothing."""
    names = set(_RULES)
    individuals = set(ontology_rules)
    if names != individuals:
        raise OntologyError(
            f"{where}: extraction rules and the ontology's pkg:ExtractionRule individuals "
            f"differ: declared only {sorted(names - individuals)}, "
            f"in the ontology only {sorted(individuals - names)}"
        )
    tables = set(lexicon_tables)
    read = {table for rule in _RULES.values() for table in rule.reads} | RESOLVER_READS
    if read - tables or tables - read:
        raise OntologyError(
            f"{where}: lexicon.toml tables missing {sorted(read - tables)}, "
            f"read by no rule {sorted(tables - read)}"
        )
