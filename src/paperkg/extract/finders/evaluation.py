"""What a paper evaluates on and addresses: datasets after evaluation cues ("experiments
on A, B and C", "the X dataset") and tasks named by their cue ("the task of X",
"function fitting tasks")."""

from __future__ import annotations

import re
from itertools import compress

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Finder, Rule, RuleContext, finder
from paperkg.extract.rules import is_name_like
from paperkg.extract.spans import adjective_ending, compound_end, phrase_end, phrase_start
from paperkg.extract.tokens import TokenTable

__all__ = ["DatasetCues", "TaskCues"]

_QUANTITY = re.compile(r"\d+(?:\.\d+)?[KMBT]")  # "15B" tokens, "7B" parameters
_LIST_SEPARATORS = frozenset({",", "and", "or"})
_LIST_OPENERS = _LIST_SEPARATORS | {"the", "a", "an"}
_DATASET_LIST_OPENERS = frozenset({"the", "and", "or", ",", "a", "both"})


@finder(
    Rule(
        "dataset-cue",
        "evaluation",
        rank=100,
        type="dataset",
        confidence=0.6,
        reads=("dataset", "types", "phrase"),
        typing="context",
    )
)
class DatasetCues(Finder):
    """Names listed after an evaluation cue ("results on A, B and C"), and a name before
    "dataset", "benchmark" or "corpus" ("the ONCE dataset")."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.cues = context.cues
        self.stop = context.stop
        self.heads = self.lexicon.type_heads["dataset"]

    def __call__(self, work: Work) -> None:
        self._after_cues(work)
        self._before_nouns(work)

    def _after_cues(self, work: Work) -> None:
        table = work.table
        for _, cue_end in self.cues.spans(work, "dataset"):
            sentence_end = table.sentences[table.sentence[cue_end - 1]][1]
            index = cue_end
            while index < sentence_end:
                while index < sentence_end and table.lower[index] in _DATASET_LIST_OPENERS:
                    index += 1
                end = index
                while end < sentence_end and is_name_like(table.text[end]) and not table.punct[end]:
                    end = compound_end(table, end)
                name = table.span_text(index, end)
                if (
                    end == index
                    # "on 15 datasets", "trained on 15B tokens" name no dataset
                    or not any(c.isupper() for c in name)
                    or _QUANTITY.fullmatch(name)
                    # "on ImageNet-scale data": an adjective, no name
                    or adjective_ending(table, index, end, self.lexicon.adjective_suffixes)
                    # "on DNA/protein sequence design tasks": half of a modifier
                    or (end + 1 < sentence_end and table.text[end] == "/" and table.plain[end + 1])
                ):
                    break
                work.candidates.append(Candidate(index, end, "dataset-cue", "dataset"))
                index = end
                if index < sentence_end and table.lower[index] in self.heads:
                    index += 1

    def _before_nouns(self, work: Work) -> None:
        table = work.table
        lower = table.lower
        nouns = self.lexicon.dataset_nouns
        # "PDE datasets", "NER corpora": a known concept of another kind says what the
        # data is for, it names no dataset
        other_kinds = {
            (c.start, c.end)
            for c in work.candidates
            if c.rule == "vocabulary" and c.type != "dataset"
        }
        for index in compress(range(len(lower)), map(nouns.__contains__, lower)):
            sentence_start = table.sentences[table.sentence[index]][0]
            start = index
            while (
                start > sentence_start
                and is_name_like(table.text[start - 1])
                and table.text[start - 1] not in {"The", "A", "An"}
                and not table.punct[start - 1]
            ):
                start -= 1
            # "To benchmark ...", "10 Kaggle datasets": a function word or a count opens
            # no name (an all-capital one can: "the ONCE dataset")
            while start < index and (
                table.number[start]
                or (table.lower[start] in self.stop and not table.text[start].isupper())
            ):
                start += 1
            if (
                start < index
                and (start, index) not in other_kinds
                and (
                    any(table.novel[start:index])  # a title capitalises every word: "A
                    if table.sentence[index] == 0  # Comprehensive Dataset" names none
                    else any(c.isupper() for c in table.span_text(start, index))
                )
            ):
                work.candidates.append(Candidate(start, index + 1, "dataset-cue", "dataset"))


@finder(
    Rule(
        "task-cue",
        "evaluation",
        rank=110,
        type="task",
        confidence=0.6,
        reads=("task", "types", "phrase_heads", "phrase"),
        typing="context",
    )
)
class TaskCues(Finder):
    """A task named before "tasks" or "problems" ("function approximation and time series
    prediction tasks": each of a list), or after a cue ("tasks such as sorting")."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.cues = context.cues
        self.stop = context.stop
        self.task_heads = self.lexicon.type_heads["task"]
        self.model_heads = self.lexicon.phrase_heads["architecture"]  # tasks stop at "network"

    def __call__(self, work: Work) -> None:
        table = work.table
        lower = table.lower
        texts = table.text  # "Denoising Task Routing": a capitalised "Task" is in a name
        nouns = self.lexicon.task_nouns
        for noun in compress(range(1, len(texts)), map(nouns.__contains__, texts[1:])):
            last = noun - 1
            while last >= 0 and self._names_a_task(table, last):
                start = phrase_start(
                    table,
                    last,
                    self.stop,
                    not_before=self.model_heads,
                    adjective_suffixes=self.lexicon.adjective_suffixes,
                )
                if start == last and lower[last] not in self.task_heads:
                    break  # one word must be a task head: not "vision tasks", "freezing"
                # "the Entity Linking task": the name as written keeps the noun
                end = noun + 1 if last == noun - 1 and lower[noun] == "task" else last + 1
                work.candidates.append(Candidate(start, end, "task-cue", "task"))
                last = start - 1
                if last < 0 or lower[last] not in _LIST_SEPARATORS:
                    break
                while last >= 0 and lower[last] in _LIST_SEPARATORS:
                    last -= 1
        for _, cue_end in self.cues.spans(work, "task"):
            sentence_end = table.sentences[table.sentence[cue_end - 1]][1]
            first = cue_end
            while first < sentence_end:
                while first < sentence_end and lower[first] in _LIST_OPENERS:
                    first += 1
                end = phrase_end(table, first, sentence_end, self.lexicon.boundary, limit=5)
                if end <= first or not self._names_a_task(table, end - 1):
                    break
                work.candidates.append(Candidate(first, end, "task-cue", "task"))
                first = end
                if first >= sentence_end or lower[first] not in _LIST_SEPARATORS:
                    break

    def _names_a_task(self, table: TokenTable, index: int) -> bool:
        """A word that can end a task's name: a task head, or a verbal or -ion noun."""
        word = table.lower[index]
        return (
            (table.alpha[index] or "-" in word)
            and word not in self.stop
            and (word in self.task_heads or word.endswith(self.lexicon.task_endings))
        )
