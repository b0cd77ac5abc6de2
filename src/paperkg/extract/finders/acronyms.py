"""Acronym definitions ("graph neural networks (GNNs)") and later bare uses of them.

The algorithm (Schwartz and Hearst, 2003) is :mod:`paperkg.extract.acronyms`;
these rules place its definitions on the tokens.
"""

from __future__ import annotations

from collections.abc import Iterator

from paperkg.extract.acronyms import (
    Definition,
    acronym_base,
    find_appositions,
    find_definitions,
    find_title_definition,
)
from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Finder, Rule, finder
from paperkg.extract.rules import find_name
from paperkg.extract.tokens import TokenTable

__all__ = ["AcronymDefinitions", "AcronymUses"]

#: ``Work.shared`` key: acronym -> the long form the paper defines it with
DEFINED = "acronyms"


def _definitions(table: TokenTable) -> Iterator[Definition]:
    """The title's definition ("Retro-FPN: Retrospective ..."), names followed by their
    acronym ("Cascade Prompt Learning CasPL"), then each sentence's definitions."""
    text = table.doc_text
    if ":" in text and table.sentences and table.sentences[0][1] > 0:
        title = find_title_definition(text[: table.end_char(table.sentences[0][1] - 1)])
        if title is not None:
            yield title
    yield from find_appositions(text)
    if "(" not in text:
        return
    for start, end in table.sentences:
        first, last = table.offset[start], table.end_char(end - 1)
        if "(" in text[first:last]:
            yield from find_definitions(text[first:last], sentence_start=first)


@finder(Rule("acronym-definition", "acronyms", rank=20, type="method", confidence=0.9))
class AcronymDefinitions(Finder):
    """Both halves of each definition: the long form (knowing its acronym) and the
    acronym (knowing its long form). An abbreviated term no head word types is a
    method, unless it reads as an adjective ("high-resolution multispectral (HRMS)")."""

    def __call__(self, work: Work) -> None:
        table = work.table
        defined: dict[str, str] = {}
        for definition in _definitions(table):
            long_span = table.char_span(definition.long_start, definition.long_end)
            short_span = table.char_span(definition.short_start, definition.short_end)
            if long_span is None or short_span is None:
                continue
            work.candidates.append(
                Candidate(*long_span, "acronym-definition", acronym=definition.short)
            )
            work.candidates.append(
                Candidate(*short_span, "acronym-definition", long_form=definition.long)
            )
            defined.setdefault(definition.short, definition.long)
        work.shared[DEFINED] = defined


@finder(Rule("acronym-use", "acronyms", rank=40, type=None, confidence=0.85))
class AcronymUses(Finder):
    """Every bare use of an acronym the paper defines, anywhere in its text."""

    def __call__(self, work: Work) -> None:
        table = work.table
        defined: dict[str, str] = work.shared.get(DEFINED, {})  # type: ignore[assignment]
        for short, long in defined.items():
            # "x.GNN" is part of a longer token; "GNN." ends a sentence
            for first, last in find_name(
                table.doc_text, acronym_base(short), before="/.-", after="/-"
            ):
                span = table.char_span(first, last)
                if span is not None:
                    work.candidates.append(Candidate(*span, "acronym-use", long_form=long))
