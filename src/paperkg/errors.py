"""The one exception hierarchy of paperkg.

Every message names the file and the line or record it is about, so that a user
can find the bad input without reading a traceback.
"""

from __future__ import annotations

import re

__all__ = [
    "PaperkgError",
    "InputError",
    "OntologyError",
    "ExportError",
    "UsageError",
    "printable",
]

_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    r"""``text`` as a string that can be printed and written as UTF-8.

    A file name whose bytes are not UTF-8 reaches Python with a surrogate for
    each such byte (``os.fsdecode``); the byte is shown as ``%XX``, as in a URL
    (no backslash: that would read as a folder in a Windows path). Any other lone
    surrogate is shown as its ``\uXXXX`` escape.

    >>> printable("caf\udce9.txt"), printable("ok.txt"), printable("a\ud800")
    ('caf%E9.txt', 'ok.txt', 'a\\ud800')
    """
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_shown, text)


def _shown(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"%{code - 0xDC00:02X}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


class PaperkgError(Exception):
    """Base class of every error paperkg raises on purpose."""


class InputError(PaperkgError):
    """An input file or record cannot be read.

    ``location`` is ``path`` or ``path:line`` (or ``path#record``), made
    :func:`printable`.
    """

    def __init__(self, location: str, reason: str) -> None:
        location, reason = printable(location), printable(reason)
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
