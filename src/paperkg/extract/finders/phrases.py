"""Noun phrases that end in a head word of a type: "point cloud semantic segmentation"
(a task), "linear bound propagation" (a method), "invertible network" (an
architecture)."""

from __future__ import annotations

from itertools import compress

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Finder, Rule, RuleContext, finder
from paperkg.extract.spans import phrase_start, written_as_name

__all__ = ["HeadPhrases"]

_TYPES = ("task", "method", "architecture")


@finder(
    Rule(
        "named-phrase",
        "phrases",
        rank=120,
        type=None,
        confidence=0.6,
        reads=("phrase_heads",),
        typing="head",
    ),
    Rule("task-phrase", "phrases", rank=130, type="task", confidence=0.45, typing="head"),
    Rule(
        "architecture-phrase",
        "phrases",
        rank=140,
        type="architecture",
        confidence=0.45,
        typing="head",
    ),
    Rule("method-phrase", "phrases", rank=150, type="method", confidence=0.55, typing="head"),
)
class HeadPhrases(Finder):
    """A phrase of two to five words ending in a head word (``[phrase_heads]``, and the
    task heads of ``[types]``) is a candidate of the head's type: ``named-phrase``
    when the authors capitalise it inside a sentence, as a name, else a
    ``<type>-phrase``, whose one-off mentions fall below the link minimum."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        lex = self.lexicon
        self.stop = context.stop
        self.heads = {
            "task": lex.type_heads["task"],
            "method": lex.phrase_heads["method"],
            "architecture": lex.phrase_heads["architecture"],
        }
        self.any_head = frozenset().union(*self.heads.values())
        self.model_heads = lex.phrase_heads["architecture"]  # tasks stop at "network"

    def __call__(self, work: Work) -> None:
        table = work.table
        size, lower = len(table), table.lower
        for index in compress(range(size), map(self.any_head.__contains__, lower)):
            following = index + 1
            if following < size and table.alpha[following] and lower[following] not in self.stop:
                continue  # "machine learning": the head word is not the end of the phrase
            concept_type = next(t for t in _TYPES if lower[index] in self.heads[t])
            not_before = self.model_heads if concept_type == "task" else frozenset()
            start = phrase_start(table, index, self.stop, not_before=not_before)
            if start < index:
                rule = (
                    "named-phrase"
                    if written_as_name(table, start, index + 1)
                    else f"{concept_type}-phrase"
                )
                work.candidates.append(Candidate(start, index + 1, rule, concept_type))
