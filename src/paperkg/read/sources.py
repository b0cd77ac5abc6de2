"""Open an input (file, named pipe, gzip file or standard input) as text and tell its format.

The format comes from the content: an Atom feed starts with XML naming the Atom
namespace, the daily-papers API is a JSON array, JSON Lines start with ``{``,
CSV has a header row naming ``title``; anything else is read as the saved text
of a Daily Papers page. The file name only breaks ties (an empty ``.csv``).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from paperkg.errors import InputError, printable

__all__ = ["TextSource", "detect_format", "open_text", "numbered_lines"]

_HEAD_BYTES = 64 * 1024
#: Columns of the record readers besides ``title``: a header naming one is CSV.
_COLUMNS = frozenset(
    {"abstract", "summary", "authors", "id", "arxiv_id", "url", "date", "published", "year"}
)
_COLUMN_NAME = re.compile(r"[^\W\d][\w .:-]{0,39}")
_GZIP_MAGIC = b"\x1f\x8b"


class TextSource:
    """A readable input: its path, encoding and first characters (``head``; all of
    them if ``complete``).

    ``path`` is the name shown in messages and reports (:func:`~paperkg.errors.printable`:
    a file name that is not UTF-8 shows its bytes as ``\\xff``); the file opened is
    the one given. ``open()`` may be called more than once: files are reopened,
    standard input is read once into memory.
    """

    def __init__(self, path: str) -> None:
        self.path = printable(path)
        self._file = path
        self._data: bytes | None = None
        self._data = sys.stdin.buffer.read() if path == "-" else _stream_content(path)
        with self._binary() as raw:
            head = raw.read(_HEAD_BYTES)
        self.encoding = _sniff_encoding(path, head)
        self.head = head.decode(self.encoding, errors="ignore").lstrip("\ufeff")
        self.complete = len(head) < _HEAD_BYTES  # the head is the whole input

    def _binary(self) -> io.BytesIO | io.BufferedReader | gzip.GzipFile:
        try:
            raw = io.BytesIO(self._data) if self._data is not None else open(self._file, "rb")  # noqa: SIM115 - the caller closes it
        except OSError as err:
            raise InputError(self.path, f"cannot open: {err.strerror}") from err
        if raw.read(2) == _GZIP_MAGIC:
            raw.seek(0)
            return gzip.GzipFile(fileobj=raw)
        raw.seek(0)
        return raw

    def open(self) -> TextIO:
        """A fresh text stream from the start; universal newlines."""
        return io.TextIOWrapper(self._binary(), encoding=self.encoding, newline=None)


def _stream_content(path: str) -> bytes | None:
    """None for a regular file (reopened as often as needed); the whole content of a
    named pipe, which can be read once only (like standard input)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as err:
        raise InputError(path, "no such file") from err
    except OSError as err:
        raise InputError(path, f"cannot open: {err.strerror}") from err
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a directory")
    if not stat.S_ISFIFO(mode):
        raise InputError(path, "not a file but a device or socket; give a file, a pipe or '-'")
    try:
        with open(path, "rb") as pipe:
            return pipe.read()
    except OSError as err:
        raise InputError(path, f"cannot read the pipe: {err.strerror}") from err


def _sniff_encoding(path: str, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.count(b"\x00") > 2:  # a stray NUL in text is dropped later; many mean binary
        raise InputError(path, "binary file (NUL bytes), not a text listing")
    return "utf-8"


def open_text(path: str) -> TextSource:
    """Open ``path`` (``-`` for standard input) for reading; see :class:`TextSource`."""
    try:
        return TextSource(path)
    except gzip.BadGzipFile as err:
        raise InputError(path, f"corrupt gzip data: {err}") from err
    except EOFError as err:
        raise InputError(path, "truncated gzip data") from err


def numbered_lines(source: TextSource) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, line)`` pairs, 1-based, without line ends.

    UTF-8 input is decoded line by line, so a decoding error names the exact
    line it is on.
    """
    number = 0
    try:
        if source.encoding.startswith("utf-8"):
            with source._binary() as raw:
                for number, data in enumerate(raw, 1):  # noqa: B007 - used in the handler
                    line = data.decode(source.encoding if number == 1 else "utf-8")
                    yield number, line.rstrip("\r\n")
        else:
            with source.open() as stream:
                for number, line in enumerate(stream, 1):  # noqa: B007
                    yield number, line.rstrip("\n")
    except UnicodeDecodeError as err:
        line_number = number if source.encoding.startswith("utf-8") else number + 1
        raise InputError(
            f"{source.path}:{line_number}",
            f"not valid {source.encoding} text ({err.reason}); re-save the file as UTF-8",
        ) from err
    except (gzip.BadGzipFile, EOFError, OSError) as err:
        raise InputError(f"{source.path}:{number + 1}", f"cannot read further: {err}") from err


def detect_format(source: TextSource) -> str:
    """Name of the reader for ``source``, from its content, then its file name."""
    head = source.head.lstrip()
    if head.startswith("<"):
        if "http://www.w3.org/2005/Atom" in head or "<feed" in head:
            return "arxiv-atom"
        raise InputError(source.path, "XML that is not an Atom feed")
    if head.startswith("["):
        return "hf-api"
    if head.startswith("{"):
        return "jsonl"
    suffixes = [s.lower() for s in Path(source.path).suffixes if s.lower() != ".gz"]
    if _is_csv_header(head, suffixes):
        return "csv"
    by_suffix = {".jsonl": "jsonl", ".csv": "csv", ".json": "hf-api", ".atom": "arxiv-atom"}
    for suffix in reversed(suffixes):
        if suffix in by_suffix and not head:
            return by_suffix[suffix]
    return "daily-papers"


def _is_csv_header(head: str, suffixes: list[str]) -> bool:
    """The first line is a CSV header: it names ``title`` beside another column; or,
    every field a column name, the file is called ``.csv``/``.tsv``, or the line
    names another column of the record readers and the next row is as wide. (The
    CSV reader then says which column is missing; the header is never a paper.)
    """
    first_line = head.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",\t;").delimiter
    except csv.Error:  # no delimiter: one column at most
        delimiter = ","
    rows = list(itertools.islice(csv.reader(io.StringIO(head), delimiter=delimiter), 2))
    fields = [field.strip().lower() for field in rows[0]] if rows else []
    if "title" in fields and len(fields) > 1:
        return True
    if not fields or not all(_COLUMN_NAME.fullmatch(field) for field in fields):
        return False
    as_wide = len(fields) > 1 and len(rows) > 1 and len(rows[1]) == len(fields)
    return bool({".csv", ".tsv"} & set(suffixes)) or bool(_COLUMNS & set(fields)) and as_wide
