"""A document's tokens as plain columns, and its sentences.

spaCy creates a Python ``Token`` object on every ``doc[i]``; the rules read each
token many times, so they read a :class:`TokenTable` built once per document
instead. :func:`split_sentences` numbers the sentences: the title is sentence 0
(it ends at a blank line), then ``.``/``!``/``?`` followed by a capitalised token.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import itemgetter, or_

from spacy.attrs import IDX, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM, ORTH, SPACY
from spacy.tokens import Doc
from spacy.vocab import Vocab

from paperkg.extract.rules import is_novel_name

__all__ = ["TEXT", "TokenTable", "WordAttributes", "split_sentences"]

#: ``doc.user_data`` key of the text the Doc was made from (see ``TextKeepingTokenizer``).
TEXT = "paperkg.text"

_SEPARATOR = ("", " ")  # indexed by a token's SPACY flag
#: a lexeme's flag bits (``Lexeme.flags``) for the attributes the rules read
_PUNCT, _SPACE, _NUMBER, _ALPHA, _LOWER = (
    1 << flag for flag in (IS_PUNCT, IS_SPACE, LIKE_NUM, IS_ALPHA, IS_LOWER)
)
_SENTENCE_END = {".", "!", "?"}
_CLOSERS = {")", "]", '"', "'", "\u201d", "\u2019"}


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
        if len(orths) < 2:  # itemgetter of one key gives the row, not a tuple of rows
            self._add(orths)
            rows = [self.rows[orth] for orth in orths]
        else:
            get = itemgetter(*orths)
            try:
                rows = get(self.rows)  # the usual case: every word seen before, one C call
            except KeyError:
                self._add(orths)
                rows = get(self.rows)
        return list(zip(*rows, strict=True)) if rows else [()] * 8

    def _add(self, orths: list[int]) -> None:
        missing = set(orths).difference(self.rows)
        if len(self.rows) + len(missing) > self.limit:  # bounded: a long run meets new words
            self.rows.clear()
            missing = set(orths)
        vocab, strings = self.vocab, self.vocab.strings
        for orth in missing:
            # one read of the lexeme's flag bits, not a property call per attribute
            # (a new word's row cost 4 us, now 2.5; a first pass meets thousands)
            text, flags = strings[orth], vocab[orth].flags
            punct, alpha = bool(flags & _PUNCT), bool(flags & _ALPHA)
            self.rows[orth] = (
                text,
                text.lower(),  # spaCy's LOWER
                punct,
                bool(flags & _SPACE),
                bool(flags & _NUMBER),
                alpha,
                (alpha and bool(flags & _LOWER)) or punct or text[:1].isdigit(),  # plain
                is_novel_name(text),
            )


@dataclass
class TokenTable:
    """Token attributes as plain sequences (tuples), read once per document.

    ``sentence`` maps a token to its sentence number, ``sentences`` lists
    ``(start, end)`` token ranges; sentence 0 is the title. ``doc_text`` is
    ``doc.text``, which spaCy rebuilds from Token objects on every access, joined
    once from the strings. ``plain`` and ``novel`` are described in
    :class:`WordAttributes`.
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
        words_, lower, punct, space, number, alpha, plain, novel = columns
        return cls(
            text,
            words_,
            lower,
            punct,
            space,
            number,
            alpha,
            plain,
            novel,
            space_after,
            offset,
            sentence=[],
            sentences=[],
        )

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

    def sentence_of(self, index: int) -> tuple[int, int]:
        """The ``(start, end)`` token range of the sentence holding token ``index``."""
        return self.sentences[self.sentence[index]]


def split_sentences(table: TokenTable) -> TokenTable:
    """Number the table's sentences in place (see the module docstring); returns it."""
    texts, space, space_after = table.text, table.space, table.space_after
    starts = [0]
    # only tokens after a line break or after sentence-final punctuation can start one
    marks = map(or_, map(_SENTENCE_END.__contains__, texts), space)  # C-speed pre-filter
    for index in compress(range(1, len(texts)), marks):
        previous = texts[index - 1]
        if space[index - 1]:
            if "\n" in previous:
                starts.append(index)
            continue
        after = index
        while after < len(texts) and texts[after] in _CLOSERS and not space_after[after - 1]:
            after += 1  # '."' and '.)' close the sentence after the mark
        if (
            after < len(texts)
            and not space[after]
            and space_after[after - 1]
            and (texts[after][:1].isupper() or texts[after][:1].isdigit())
        ):
            starts.append(after)
    starts = sorted(set(starts))
    bounds = list(zip(starts, [*starts[1:], len(texts)], strict=True))
    table.sentences = bounds
    table.sentence = [
        number for number, (start, end) in enumerate(bounds) for _ in range(start, end)
    ]
    return table
