"""The working record the spaCy components share while reading one document.

Components append :class:`Candidate` spans to ``doc._.paperkg_candidates``; the
resolver turns the survivors into :class:`~paperkg.model.Mention` records, which
are all that leaves the extract stage (small, picklable, no Doc attached).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

__all__ = ["Candidate", "ProposalWindow", "candidates_of", "windows_of"]


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
    what starts at its beginning is proposed. A loose window is a whole
    sentence with a proposal cue: acronyms defined and names coined in it are
    proposed.
    """

    start: int
    end: int
    strict: bool = True


for _name in ("paperkg_candidates", "paperkg_windows", "paperkg_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def candidates_of(doc: Doc) -> list[Candidate]:
    """The document's candidate list, created on first use."""
    if doc._.paperkg_candidates is None:
        doc._.paperkg_candidates = []
    return doc._.paperkg_candidates


def windows_of(doc: Doc) -> list[ProposalWindow]:
    """The document's proposal windows, created on first use."""
    if doc._.paperkg_windows is None:
        doc._.paperkg_windows = []
    return doc._.paperkg_windows
