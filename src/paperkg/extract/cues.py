"""The lexicon's cue phrases ("termed", "evaluated on", "the task of"), found once per
document for every rule that reads them."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from paperkg.extract.candidates import Work
from paperkg.knowledge.lexicon import Lexicon

__all__ = ["CueMatcher"]

_SHARED = "cues"  # Work.shared key of the matches, by list


class CueMatcher:
    """One phrase matcher for all cue lists (each matcher call has a fixed cost), run
    at most once per document."""

    LISTS = ("naming", "dataset", "task")

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        cues = {
            "naming": lexicon.naming_cues,
            "dataset": lexicon.dataset_cues,
            "task": lexicon.task_cues,
        }
        for name in self.LISTS:
            self.matcher.add(name, [nlp.make_doc(cue) for cue in cues[name]])
        self.names = {nlp.vocab.strings[name]: name for name in self.LISTS}

    def spans(self, work: Work, name: str) -> list[tuple[int, int]]:
        """The ``(start, end)`` token spans of one list's cues, in text order."""
        found = work.shared.get(_SHARED)
        if found is None:
            by_list: dict[str, list[tuple[int, int]]] = {n: [] for n in self.LISTS}
            for label, start, end in self.matcher(work.doc):
                by_list[self.names[label]].append((start, end))
            found = work.shared[_SHARED] = by_list
        return found[name]  # type: ignore[index]
