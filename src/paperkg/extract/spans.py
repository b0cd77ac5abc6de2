"""Token-span helpers the rules share: where a compound word or a phrase starts and
ends, and what a span is written as.

Plain functions over a :class:`~paperkg.extract.tokens.TokenTable`; the words
they stop at come from the lexicon, passed in.
"""

from __future__ import annotations

import re

from paperkg.extract.rules import is_novel_name
from paperkg.extract.tokens import TokenTable

__all__ = [
    "HYPHENS",
    "JOINERS",
    "adjective_ending",
    "compound_end",
    "compound_start",
    "is_measure",
    "phrase_end",
    "phrase_start",
    "written_as_name",
]

HYPHENS = frozenset({"-", "\u2013"})
#: a lower-case past participle: "tagged", "annotated" (not "speed", "feed")
_PARTICIPLE = re.compile(r"[a-z]{2,}[^e]ed")
#: tokens that continue a compound name
JOINERS = frozenset({*HYPHENS, "+", "++"})
_PHRASE_PUNCTUATION = frozenset({"-", "/", "++", "+", "'", "&"})  # inside a name-like phrase
_FRAGMENT = re.compile(r"\d+[A-Za-z]\w*")  # "3mix": a digit-led word, not a number


def compound_end(table: TokenTable, start: int) -> int:
    """End of the hyphen-joined word starting at token ``start`` ("Retro-FPN", "PFGM++")."""
    end, size = start + 1, len(table)
    while (
        end + 1 < size
        and table.text[end] in HYPHENS
        and not table.space_after[end - 1]
        and not table.space_after[end]
        and not table.space[end + 1]
    ):
        end += 2
    while end < size and table.text[end] in {"++", "+"} and not table.space_after[end - 1]:
        end += 1
    # "WSJ0-2/3mix": what follows the slash starts with a digit, so it cannot name
    # anything alone; it completes the name ("S4D/S5" are two names)
    if (
        end + 1 < size
        and table.text[end] == "/"
        and not table.space_after[end - 1]
        and not table.space_after[end]
        and _FRAGMENT.fullmatch(table.text[end + 1])
    ):
        end += 2
    return end


def compound_start(table: TokenTable, index: int, floor: int) -> int:
    """First token of the hyphenated compound that ends at token ``index``."""
    while (
        index - 2 >= floor
        and table.text[index - 1] in HYPHENS
        and not table.space_after[index - 2]
        and not table.space_after[index - 1]
    ):
        index -= 2
    return index


def adjective_ending(table: TokenTable, start: int, end: int, suffixes: frozenset[str]) -> bool:
    """Whether the compound ``[start, end)`` ends in a part that makes it an adjective:
    "RNN-based", "ImageNet-scale", or any lower-case past participle ("POS-tagged",
    "MWE-annotated")."""
    if end - start <= 2:
        return False
    last = table.text[end - 1]
    return table.lower[end - 1] in suffixes or _PARTICIPLE.fullmatch(last) is not None


def written_as_name(table: TokenTable, start: int, end: int) -> bool:
    """Every word capitalised, inside an abstract sentence ("training of Sparse Recurrent
    Neural Networks"): the authors write the phrase as a name. A title capitalises
    every word and a sentence its first, so neither says anything; nor does a phrase
    that a capitalised word before it belongs to ("Computer Assisted Translation" at
    a sentence start, whose phrase leaves out the first word)."""
    number = table.sentence[start]
    return (
        number > 0
        and table.sentences[number][0] != start
        and not (table.alpha[start - 1] and table.text[start - 1][0].isupper())
        and all(table.text[i][0].isupper() for i in range(start, end) if table.alpha[i])
    )


def is_measure(table: TokenTable, start: int, end: int) -> bool:
    """A capital-letter word after a figure is its unit or metric: "88.1 PDMS", "30 FPS"."""
    return (
        end - start == 1
        and start > 0
        and table.number[start - 1]
        and any(c.isdigit() for c in table.text[start - 1])
        and table.text[start].isalpha()
        and table.text[start].isupper()
    )


def phrase_end(
    table: TokenTable, start: int, stop: int, boundary: frozenset[str], *, limit: int
) -> int:
    """End of a name-like phrase: up to a ``boundary`` word or punctuation."""
    end = start
    while end < stop and end - start < limit:
        if (
            table.space[end]
            or table.lower[end] in boundary
            or (table.punct[end] and table.text[end] not in _PHRASE_PUNCTUATION)
        ):
            break
        end += 1
    return end


def phrase_start(
    table: TokenTable,
    head: int,
    stop: frozenset[str],
    *,
    not_before: frozenset[str] = frozenset(),
    adjective_suffixes: frozenset[str] = frozenset(),
) -> int:
    """Extend left from a head word over at most four content words.

    A hyphenated compound counts as one word and is taken or left whole:
    "few-shot" joins the phrase, "state-of-the-art" and "high-level" stop it.
    Words in ``stop``, adverbs in -ly, numbers, coined names, the compounds in
    ``not_before`` and compounds made adjectives by one of ``adjective_suffixes``
    ("descent-based", "RNN-free": what the concept is used with, not what kind it
    is) end the phrase. A phrase of a single word (a compound included) is no
    phrase: the head itself is returned.
    """
    sentence_start = table.sentences[table.sentence[head]][0]
    start, words = compound_start(table, head, sentence_start), 1
    while start > sentence_start and words < 5:
        first = compound_start(table, start - 1, sentence_start)
        compound = "".join(table.lower[first:start])
        if any(
            table.punct[i] and table.text[i] not in HYPHENS or table.space[i] or table.number[i]
            for i in range(first, start)
        ) or (
            compound in stop
            or table.lower[first] in stop
            or compound.endswith("ly")
            or is_novel_name(table.text[start - 1])
            or compound in not_before
            or (start - first > 1 and table.lower[start - 1] in adjective_suffixes)
            or not any(table.alpha[i] for i in range(first, start))
        ):
            break
        start, words = first, words + 1
    return start if words > 1 else head
