"""Acronym definitions in text, after Schwartz & Hearst (2003).

"A simple algorithm for identifying abbreviation definitions in biomedical
text" (PSB 2003): a short form in parentheses is matched character by
character, right to left, against the words before it. Handled forms::

    graph neural networks (GNNs)       long form, then short form
    Graph Neural Network (GNNs)        plural short form, singular long form
    GBRL (Gradient-Boosting RL)        short form, then long form
    Retro-FPN: Retrospective Feature   a title: short form, colon, long form
      Pyramid Network for ...

The functions here are pure and work on plain strings and offsets; the spaCy
component that uses them lives in :mod:`paperkg.extract.components`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Definition",
    "acronym_base",
    "find_appositions",
    "find_definitions",
    "find_title_definition",
    "best_long_form",
    "is_short_form",
]

_PAREN = re.compile(r"\(([^()]{1,120})\)")
_WORD = re.compile(r"\S+")
_ALSO = re.compile(r"^(?:or|i\.e\.,?|aka|a\.k\.a\.)\s+")
# after a comma, the next word (past "and"/"or"): "Valence, Arousal, and Dominance"
_AFTER_COMMA = re.compile(r"[,;]\s+(?:(?:and|or)\s+)?(\W*)(\w)")
# two to six capitalised words, then one word with two or more capitals, then a space
_APPOSITION = re.compile(
    r"(?<![\w-])((?:[A-Z][a-z]+(?:-[A-Za-z]+)*\s){1,5}[A-Z][a-z]+(?:-[A-Za-z]+)*)"
    r"\s([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*)(?=\s[a-z])"
)
# what every apposition ends with, the last word of the name and the acronym: a quick
# search rules out most texts before the full pattern tries every capitalised word
_APPOSITION_END = re.compile(
    r"[A-Z][a-z]+(?:-[A-Za-z]+)*\s[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?=\s[a-z])"
)
_QUOTES = "\"'`\u201c\u201d\u2018\u2019"  # around a long form, not part of it
_TITLE = re.compile(r"([^:]{2,40}?)\s*:\s+(?:(?:A|An|The)\s+)?((?:[A-Z0-9][\w'-]*\s*)+)")


@dataclass(frozen=True)
class Definition:
    """One definition: the short and long forms with their character offsets."""

    short: str
    short_start: int
    long: str
    long_start: int

    @property
    def short_end(self) -> int:
        return self.short_start + len(self.short)

    @property
    def long_end(self) -> int:
        return self.long_start + len(self.long)


def is_short_form(text: str) -> bool:
    """A plausible short form: 2-12 characters, at most two words, a capital letter.

    >>> is_short_form("GNNs"), is_short_form("Mowst"), is_short_form("e.g."), is_short_form("2021")
    (True, True, False, False)
    """
    words = text.split()
    return (
        2 <= len(text) <= 12
        and len(words) <= 2
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and any(c.isalpha() for c in text)
        and not re.fullmatch(r"[A-Z][a-z]{8,}", text)  # a plain capitalised word
    )


def acronym_base(short: str) -> str:
    """An acronym without its plural "s": "GNNs" -> "GNN", "NeRFs" -> "NeRF" (an "s"
    after a capital, in a word of two or more capitals; "Mamba" and "GNN" stay).

    >>> acronym_base("GNNs"), acronym_base("NeRFs"), acronym_base("GNN"), acronym_base("Mambas")
    ('GNN', 'NeRF', 'GNN', 'Mambas')
    """
    plural = len(short) > 2 and short[-1] == "s" and short[-2].isupper()
    return short[:-1] if plural and sum(c.isupper() for c in short) >= 2 else short


def best_long_form(short: str, long: str) -> str | None:
    """The shortest suffix of ``long`` whose letters spell out ``short``.

    Every alphanumeric character of the short form must occur in order in the
    long form, and its first character must start a word. Capitals are first
    matched to capitals, so an oddly capitalised long form is read whole.

    >>> best_long_form("GNNs", "promising results of graph neural networks")
    'graph neural networks'
    >>> best_long_form("HMM", "hidden Markov model")
    'hidden Markov model'
    >>> best_long_form("SAPO", "We present Swarm sAmpling Policy Optimization")
    'Swarm sAmpling Policy Optimization'
    >>> best_long_form("XYZ", "graph neural networks") is None
    True
    """
    return _spelt_suffix(short, long, match_case=True) or _spelt_suffix(
        short, long, match_case=False
    )


def _spelt_suffix(short: str, long: str, *, match_case: bool) -> str | None:
    short_index, long_index = len(short) - 1, len(long) - 1
    matched: set[int] = set()
    if acronym_base(short) != short:  # "GNNs" after a singular long form
        short_index -= 1
    while short_index >= 0:
        char = short[short_index]
        if not char.isalnum():
            short_index -= 1
            continue
        exact = match_case and char.isupper()
        char = char if exact else char.lower()
        while long_index >= 0 and (
            (long[long_index] if exact else long[long_index].lower()) != char
            or (short_index == 0 and long_index > 0 and long[long_index - 1].isalnum())
        ):
            long_index -= 1
        if long_index < 0:
            return None
        matched.add(long_index)
        long_index -= 1
        short_index -= 1
    start = max(long.rfind(" ", 0, long_index + 1) + 1, 0)
    result = long[start:].strip()
    if match_case:  # capitals met far to the left: "S-KAN and propose ... KAN (S-ConvKAN)"
        words = [range(m.start(), m.end()) for m in _WORD.finditer(long, start)]
        if 2 * sum(matched.isdisjoint(word) for word in words) > len(words):
            return None
    return result if len(result) > len(short) else None


def _trim_short(inner: str) -> str:
    """The short form in parentheses: "(or URFs)" and "(GNNs; see below)" give the acronym."""
    return _ALSO.sub("", re.split(r"[;,]\s", inner, maxsplit=1)[0].strip())


def find_definitions(text: str, *, sentence_start: int = 0) -> list[Definition]:
    """Every acronym definition in one sentence of text.

    Offsets are relative to the text plus ``sentence_start``.

    >>> [(d.short, d.long) for d in find_definitions("We use graph neural networks (GNNs).")]
    [('GNNs', 'graph neural networks')]
    >>> [(d.short, d.long) for d in find_definitions("We use GBRL (Gradient-Boosting RL) here.")]
    [('GBRL', 'Gradient-Boosting RL')]
    """
    found: list[Definition] = []
    for paren in _PAREN.finditer(text):
        inner = _trim_short(paren.group(1))
        inner_start = paren.start(1) + paren.group(1).find(inner)
        before = text[: paren.start()].rstrip()
        if is_short_form(inner):
            words = list(_WORD.finditer(before))
            stripped = inner.rstrip("s") if inner.endswith("s") else inner
            window = min(len(stripped) + 5, len(stripped) * 2)
            window_words = words[-window:]
            if not window_words:
                continue
            start = window_words[0].start()
            candidate = before[start:]
            long = best_long_form(inner, candidate)
            if long:  # 'called "Dilated Convolution with Learnable Spacings" (DCLS)'
                quoted, long = long, long.strip(_QUOTES)
            if long and _valid(inner, long):
                long_start = start + candidate.rfind(quoted) + quoted.index(long)
                found.append(
                    Definition(
                        inner, sentence_start + inner_start, long, sentence_start + long_start
                    )
                )
        else:
            short_match = re.search(r"(\S+)$", before)
            if short_match and is_short_form(short_match.group(1).strip(",;:")):
                short = short_match.group(1).strip(",;:")
                long = best_long_form(short, inner)
                if long and long == inner and _valid(short, long):
                    found.append(
                        Definition(
                            short,
                            sentence_start + short_match.start(1),
                            long,
                            sentence_start + paren.start(1),
                        )
                    )
    return found


def _valid(short: str, long: str) -> bool:
    """Reject long forms that merely contain the short form or are too long."""
    words = long.split()
    initials = set(short.lower())
    return (
        "://" not in long
        # a comma inside a long form lists its parts, each spelling part of the short
        # form; otherwise the match ran back into the clause before it
        and all(
            not before and first.lower() in initials for before, first in _AFTER_COMMA.findall(long)
        )
        and short.lower() not in (w.lower().strip(",.") for w in words)
        and len(words) <= len(short) + 5
        # most words of a name give the short form a letter, their first: not so
        # "generation and feed-forward networks involve ... multiplications (GEMM)"
        and 2 * sum(word[0].lower() in initials for word in words) >= len(words)
        and long[0] not in "([{"
        # "... memory (LSTM) and bidirectional (BRNN)": the letters were found across
        # another definition, so the run of words is no name
        and ")" not in long
    )


def find_title_definition(title: str) -> Definition | None:
    """A title that opens with a short form and spells it out after the colon.

    The long form is the run of capitalised words after the colon (an article
    aside); its letters must spell the short form, and two thirds of the short
    form's capitals must be initials of its words: "LION: Linear Group RNN" and
    "MultiMET: A Multimodal Dataset" define nothing.

    >>> d = find_title_definition("Retro-FPN: Retrospective Feature Pyramid Network for X")
    >>> d.short, d.long
    ('Retro-FPN', 'Retrospective Feature Pyramid Network')
    >>> find_title_definition("MossFormer2: Combining Transformer and RNN-Free Networks") is None
    True
    """
    match = _TITLE.match(title)
    if match is None or not is_short_form(match.group(1)):
        return None
    short, candidate = match.group(1), match.group(2).strip()
    if " " not in candidate or best_long_form(short, candidate) != candidate:
        return None
    if not _spelt_by_initials(short, candidate) or not _valid(short, candidate):
        return None
    return Definition(short, match.start(1), candidate, match.start(2))


def _spelt_by_initials(short: str, long: str) -> bool:
    """Two thirds of the short form's capitals (at least two) are initials of the long
    form's words: no parenthesis vouches for the pair."""
    initials = {part[0].upper() for part in re.split(r"[\s-]+", long) if part}
    capitals = [c for c in short if c.isupper()]
    return len(capitals) >= 2 and 3 * sum(c in initials for c in capitals) >= 2 * len(capitals)


def find_appositions(text: str, *, sentence_start: int = 0) -> list[Definition]:
    """A capitalised name followed at once by its acronym, without parentheses.

    >>> [(d.short, d.long) for d in find_appositions("a new Cascade Prompt Learning CasPL method")]
    [('CasPL', 'Cascade Prompt Learning')]
    >>> find_appositions("Localising the Clinical Terminology SNOMED CT today")
    []
    """
    found: list[Definition] = []
    if _APPOSITION_END.search(text) is None:
        return found
    for match in _APPOSITION.finditer(text):
        long, short = match.group(1), match.group(2)
        if (
            is_short_form(short)
            and best_long_form(short, long) == long
            and _spelt_by_initials(short, long)
            and _valid(short, long)
        ):
            found.append(
                Definition(
                    short, sentence_start + match.start(2), long, sentence_start + match.start(1)
                )
            )
    return found
