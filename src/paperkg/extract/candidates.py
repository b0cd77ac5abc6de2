"""The working record the spaCy components share while reading one document.

Components append :class:`Candidate` spans to the document's working lists, kept
in ``doc.user_data`` (a plain dict read is several times cheaper than a ``doc._``
extension, and the components read them often). The resolver turns the survivors
into :class:`~paperkg.model.Mention` records, which are all that leaves the
extract stage (small, picklable, no Doc attached).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab

from paperkg.extract.rules import is_novel_name

__all__ = [
    "Candidate",
    "ProposalWindow",
    "TokenTable",
    "WordAttributes",
    "candidates_of",
    "windows_of",
]


@dataclass
class Candidate:
    """A token span ``[start, end)`` that may name a concept or a link."""

    start: int
    end: int
    rule: str
    type: str | None = None
    proposed: bool = False
    vocabulary_id: str | None = None
    acronym: str | None = None
    long_form: str | None = None
    generic: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class ProposalWindow:
    """Tokens where the paper names its own contribution.

    A ``strict`` window is the phrase right after "we propose" or "termed":
    what starts at its beginning is proposed. A loose window is the rest of a
    sentence with a proposal cue: the first name coined in it (and names listed
    with it) are proposed. ``bare`` marks a strict window that follows its verb
    directly, with no article: "We present rectified flow" names the
    contribution even when the name is a known concept.
    """

    start: int
    end: int
    strict: bool = True
    bare: bool = False


_SEPARATOR = ("", " ")  # indexed by a token's SPACY flag


class WordAttributes:
    """What the rules ask of a word, computed once per distinct word (lexeme).

    A row per ORTH id: ``(text, lower, punct, space, number, alpha, plain,
    novel)``, where ``plain`` marks a lowercase word, punctuation or a token
    starting with a digit (no coined name starts there) and ``novel`` a coined
    name (:func:`~paperkg.extract.rules.is_novel_name`). One dict lookup per token and a
    transpose is several times cheaper than reading the attributes per token.
    """

    def __init__(self, vocab: Vocab, *, limit: int = 1 << 18) -> None:
        self.vocab, self.limit = vocab, limit
        self.rows: dict[int, tuple] = {}

    def columns_of(self, orths: list[int]) -> list[tuple]:
        """The eight columns for these ORTH ids, in token order."""
        try:
            rows = list(map(self.rows.__getitem__, orths))  # the usual case: all seen before
        except KeyError:
            self._add(orths)
            rows = list(map(self.rows.__getitem__, orths))
        return list(zip(*rows, strict=True)) if rows else [()] * 8

    def _add(self, orths: list[int]) -> None:
        missing = {orth for orth in orths if orth not in self.rows}
        if len(self.rows) + len(missing) > self.limit:  # bounded: a long run meets new words
            self.rows.clear()
            missing = set(orths)
        for orth in missing:
            lexeme = self.vocab[orth]
            text = lexeme.orth_
            plain = (lexeme.is_lower and lexeme.is_alpha) or lexeme.is_punct or text[:1].isdigit()
            self.rows[orth] = (
                text,
                lexeme.lower_,
                lexeme.is_punct,
                lexeme.is_space,
                lexeme.like_num,
                lexeme.is_alpha,
                plain,
                is_novel_name(text),
            )


@dataclass
class TokenTable:
    """Token attributes as plain sequences (tuples), read once per document.

    spaCy creates a Python ``Token`` object on every ``doc[i]``; the rules read
    each token many times, so they read these lists instead. ``sentence`` maps a
    token to its sentence number, ``sentences`` lists ``(start, end)`` token
    ranges; sentence 0 is the title. ``doc_text`` is ``doc.text``, which spaCy
    rebuilds from Token objects on every access, joined once from the strings.
    ``plain`` and ``novel`` are described in :class:`WordAttributes`.
    """

    doc_text: str
    text: Sequence[str]
    lower: Sequence[str]
    punct: Sequence[bool]
    space: Sequence[bool]
    number: Sequence[bool]
    alpha: Sequence[bool]
    plain: Sequence[bool]
    novel: Sequence[bool]
    space_after: Sequence[bool]
    offset: list[int]
    sentence: list[int]
    sentences: list[tuple[int, int]]

    @classmethod
    def from_doc(cls, doc: Doc, words: WordAttributes | None = None) -> TokenTable:
        """Read the positions in one ``Doc.to_array`` call and the words from ``words``."""
        orths, space_after, offset = doc.to_array([ORTH, SPACY, IDX]).T.tolist()
        columns = (words or WordAttributes(doc.vocab)).columns_of(orths)
        text = doc.user_data.get(TEXT)
        if text is None:  # ``doc.text`` builds a Token per token; joining is ~15x cheaper
            text = "".join(
                chain.from_iterable(
                    zip(columns[0], map(_SEPARATOR.__getitem__, space_after), strict=True)
                )
            )
        return cls(text, *columns, space_after, offset, sentence=[], sentences=[])

    def __len__(self) -> int:
        return len(self.text)

    def end_char(self, index: int) -> int:
        """Character offset just after token ``index``."""
        return self.offset[index] + len(self.text[index])

    def char_span(self, start_char: int, end_char: int) -> tuple[int, int] | None:
        """The tokens ``(start, end)`` that characters ``[start_char, end_char)`` touch, as
        spaCy's ``Doc.char_span(..., alignment_mode="expand")`` finds them (a start in a
        token's trailing space moves to the next token), without building a Span."""
        offsets = self.offset
        start = bisect_right(offsets, start_char) - 1
        end = bisect_right(offsets, end_char - 1) - 1
        if start < 0 or end < 0 or end_char - 1 >= len(self.doc_text):
            return None
        if start_char == self.end_char(start):
            start += 1
        return start, end + 1

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)`` with inner whitespace collapsed."""
        if end - start == 1 and not self.space[start]:
            return self.text[start]  # the usual case, and a token holds no whitespace
        return " ".join(self.doc_text[self.offset[start] : self.end_char(end - 1)].split())


if not Doc.has_extension("paperkg_mentions"):
    Doc.set_extension("paperkg_mentions", default=None)

#: ``doc.user_data`` key of the text the Doc was made from (see ``TextKeepingTokenizer``).
TEXT = ("paperkg", "text")
#: ``doc.user_data`` keys of the working data, dropped once the mentions are written.
TOKENS, CANDIDATES, WINDOWS = (
    ("paperkg", "tokens"),
    ("paperkg", "candidates"),
    ("paperkg", "windows"),
)


def candidates_of(doc: Doc) -> list[Candidate]:
    """The document's candidate list, created on first use."""
    found = doc.user_data.get(CANDIDATES)
    if found is None:
        found = doc.user_data[CANDIDATES] = []
    return found


def windows_of(doc: Doc) -> list[ProposalWindow]:
    """The document's proposal windows, created on first use."""
    found = doc.user_data.get(WINDOWS)
    if found is None:
        found = doc.user_data[WINDOWS] = []
    return found
