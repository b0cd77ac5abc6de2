"""The working record the spaCy components share while reading one document.

Components append :class:`Candidate` spans to the document's working lists, kept
in ``doc.user_data`` (a plain dict read is several times cheaper than a ``doc._``
extension, and the components read them often). The resolver turns the survivors
into :class:`~paperkg.model.Mention` records, which are all that leaves the
extract stage (small, picklable, no Doc attached).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, LIKE_NUM, ORTH, SPACY
from spacy.tokens import Doc

__all__ = ["Candidate", "ProposalWindow", "TokenTable", "candidates_of", "windows_of"]


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


@dataclass
class TokenTable:
    """Token attributes as plain lists, read once per document.

    spaCy creates a Python ``Token`` object on every ``doc[i]``; the rules read
    each token many times, so they read these lists instead. ``sentence`` maps a
    token to its sentence number, ``sentences`` lists ``(start, end)`` token
    ranges; sentence 0 is the title. ``doc_text`` is ``doc.text``, which spaCy
    rebuilds from Token objects on every access, joined once from the strings.
    """

    doc_text: str
    text: list[str]
    lower: list[str]
    space_after: list[bool]
    punct: list[bool]
    space: list[bool]
    number: list[bool]
    alpha: list[bool]
    offset: list[int]
    sentence: list[int]
    sentences: list[tuple[int, int]]

    @classmethod
    def from_doc(cls, doc: Doc) -> TokenTable:
        """Read every column in one ``Doc.to_array`` call (C speed)."""
        array = doc.to_array([ORTH, SPACY, IS_PUNCT, IS_SPACE, LIKE_NUM, IS_ALPHA, IDX])
        columns = array.T.tolist()  # flags stay 0/1 ints: truthiness is all the rules need
        strings = doc.vocab.strings
        texts = [strings[orth] for orth in columns[0]]
        # ``doc.text`` builds a Token per token; joining the strings is ~15x cheaper
        text = "".join([t + " " if s else t for t, s in zip(texts, columns[1], strict=True)])
        return cls(text, texts, [t.lower() for t in texts], *columns[1:], sentence=[], sentences=[])

    def __len__(self) -> int:
        return len(self.text)

    def end_char(self, index: int) -> int:
        """Character offset just after token ``index``."""
        return self.offset[index] + len(self.text[index])

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)`` with inner whitespace collapsed."""
        return " ".join(self.doc_text[self.offset[start] : self.end_char(end - 1)].split())


if not Doc.has_extension("paperkg_mentions"):
    Doc.set_extension("paperkg_mentions", default=None)

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
