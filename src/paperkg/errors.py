"""The one exception hierarchy of paperkg.

Every message names the file and the line or record it is about, so that a user
can find the bad input without reading a traceback.
"""

from __future__ import annotations

__all__ = ["PaperkgError", "InputError", "OntologyError", "ExportError", "UsageError"]


class PaperkgError(Exception):
    """Base class of every error paperkg raises on purpose."""


class InputError(PaperkgError):
    """An input file or record cannot be read.

    ``location`` is ``path`` or ``path:line`` (or ``path#record``).
    """

    def __init__(self, location: str, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


class OntologyError(PaperkgError):
    """The project's ontology or vocabulary data is missing or malformed."""


class ExportError(PaperkgError):
    """An output cannot be written (unwritable directory, full disk)."""


class UsageError(PaperkgError):
    """The command asks for something it cannot do as asked: an unknown format, options
    that do not go together, an output folder holding files paperkg did not write."""
