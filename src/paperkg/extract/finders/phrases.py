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
    Rule(
        "task-phrase",
        "phrases",
        rank=130,
        type="task",
        confidence=0.55,
        reads=("task",),
        typing="head",
    ),
    Rule("activity-phrase", "phrases", rank=135, type="task", confidence=0.45, typing="head"),
    Rule(
        "architecture-phrase",
        "phrases",
        rank=140,
        type="architecture",
        confidence=0.35,
        typing="head",
    ),
    Rule("method-phrase", "phrases", rank=150, type="method", confidence=0.55, typing="head"),
)
class HeadPhrases(Finder):
    """A phrase of two to five words ending in a head word (``[phrase_heads]``, and the
    task heads of ``[types]``) is a candidate of the head's type: ``named-phrase``
    when the authors capitalise it inside a sentence, as a name, else a
    ``<type>-phrase``. A task head that also ends descriptions of what a model does
    ("future-state prediction"; not one of ``[task] naming_heads``) makes an
    ``activity-phrase``, and none after an adjective or a compound; one-off mentions
    of those, and of architecture and method phrases, fall below the link minimum."""

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
        self.naming_heads = lex.task_naming_heads
        self.adjective_endings = lex.adjective_endings

    def __call__(self, work: Work) -> None:
        table = work.table
        size, lower = len(table), table.lower
        for index in compress(range(size), map(self.any_head.__contains__, lower)):
            following = index + 1
            if following < size and table.alpha[following] and lower[following] not in self.stop:
                continue  # "machine learning": the head word is not the end of the phrase
            concept_type = next(t for t in _TYPES if lower[index] in self.heads[t])
            not_before = self.model_heads if concept_type == "task" else frozenset()
            start = phrase_start(
                table,
                index,
                self.stop,
                not_before=not_before,
                adjective_suffixes=self.lexicon.adjective_suffixes,
            )
            rule = f"{concept_type}-phrase"
            if concept_type == "task" and lower[index] not in self.naming_heads:
                before = lower[index - 1]
                if "-" in before or before.endswith(self.adjective_endings):
                    continue  # "probabilistic prediction": what a model does, no task's name
                rule = "activity-phrase"
            if start < index:
                if written_as_name(table, start, index + 1):
                    rule = "named-phrase"
                work.candidates.append(Candidate(start, index + 1, rule, concept_type))
