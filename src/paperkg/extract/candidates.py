"""The working record the rules share while reading one document.

Each rule appends :class:`Candidate` spans (and proposal cues their
:class:`ProposalWindow` s) to the document's :class:`Work`, kept in
``doc.user_data`` between the components. The resolver turns the survivors into
:class:`~paperkg.model.Mention` records, which are all that leaves the extract
stage (small, picklable, no Doc attached).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from paperkg.extract.tokens import TokenTable

__all__ = ["WORK", "Candidate", "ProposalWindow", "Work", "work_of"]

#: ``doc.user_data`` key of the document's :class:`Work`, dropped once the mentions are written.
WORK = "paperkg.work"


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
    typed_by: str | None = None
    #: the known concept a modified concept is a kind of ("multi-view contrastive
    #: learning" -> contrastive learning)
    narrows: str | None = None

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
class Work:
    """One document while the rules read it: its tokens, the candidates and proposal
    windows found so far, and what one rule computed for others (``shared``)."""

    doc: Doc
    table: TokenTable
    candidates: list[Candidate] = field(default_factory=list)
    windows: list[ProposalWindow] = field(default_factory=list)
    shared: dict[str, object] = field(default_factory=dict)


def work_of(doc: Doc) -> Work:
    """The document's working record (created by the ``paperkg_tokens`` component)."""
    return doc.user_data[WORK]
