"""Coined names: MossFormer2, PFGM++, S4-PTD, N-MNIST."""

from __future__ import annotations

from itertools import compress
from operator import not_

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Finder, Rule, finder
from paperkg.extract.spans import JOINERS, adjective_ending, compound_end, is_measure
from paperkg.extract.tokens import TokenTable

__all__ = ["CoinedNames"]

_AVAILABILITY_LENGTH = 20  # tokens: longer sentences about code say more than where it is


@finder(
    Rule("novel-name", "names", rank=160, type="method", confidence=0.6, reads=("phrase", "urls"))
)
class CoinedNames(Finder):
    """A coined word, or a hyphen- or plus-joined compound with one ("LION-Mamba"), is a
    name; an adjective compound ("RNN-based") and a unit after a figure ("30 FPS")
    are not, nor are the names in a short sentence saying where the code is."""

    def __call__(self, work: Work) -> None:
        table = work.table
        suffixes = self.lexicon.adjective_suffixes
        novel = table.novel
        done = 0
        where_code_is = self._code_availability(table)
        for index in compress(range(len(novel)), map(not_, table.plain)):
            if index < done or table.sentence[index] in where_code_is:
                continue
            joined = index + 1 < len(novel) and table.text[index + 1] in JOINERS
            if not (novel[index] or joined):
                continue  # a plain capitalised word: no compound, no coined name
            end = done = compound_end(table, index)
            name_end = end
            while adjective_ending(table, index, name_end, suffixes):
                name_end -= 2  # "RNN-based" names RNN, not a new concept
            if name_end < end and name_end - index == 1:
                continue
            if any(novel[index:name_end]) and not is_measure(table, index, name_end):
                work.candidates.append(Candidate(index, name_end, "novel-name"))

    def _code_availability(self, table: TokenTable) -> set[int]:
        """Sentences that say where the code is: "Our code is available as part of AIRS"."""
        lex, lower = self.lexicon, table.lower
        if lex.code_words.isdisjoint(lower):
            return set()  # most abstracts: one pass in C, no sentence slices
        return {
            number
            for number, (start, end) in enumerate(table.sentences)
            if number
            and end - start <= _AVAILABILITY_LENGTH
            and not lex.code_words.isdisjoint(lower[start:end])
            and not lex.availability_words.isdisjoint(lower[start:end])
        }
