"""Readers for flat records: JSON Lines (one object per line) and CSV with a header."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator

from paperkg.errors import InputError
from paperkg.model import Origin, Paper, Skipped, SourcePage
from paperkg.read.fields import paper_from_record
from paperkg.read.sources import TextSource, numbered_lines

__all__ = ["TOO_DEEP", "read_jsonl", "read_csv"]

#: Why a record nested deeper than Python's JSON decoder goes is skipped.
TOO_DEEP = "JSON nested too deeply (over ~1,000 levels of arrays and objects) to be a paper record"
_PAPER_FIELDS = frozenset({"title", "abstract", "summary"})


def read_jsonl(source: TextSource) -> Iterator[Paper | Skipped]:
    """One JSON object per line; blank lines are ignored, bad lines skipped.

    A file that is a single JSON object (on one line, or pretty-printed over
    several) is read as one record if it has a ``title``, ``abstract`` or
    ``summary``; any other single object is no listing, and the error says so.
    """
    page = SourcePage(source.path)
    lines = _decoded_lines(source)
    first = next(lines, None)
    if first is None:
        return
    number, record, error = first
    pretty = error and error.startswith("invalid JSON") and _whole_document(source)
    if isinstance(pretty, dict):  # one object, pretty-printed over several lines
        yield _single_object(pretty, Origin(page, number), source.path)
        return
    second = next(lines, None)
    if second is None and error is None:
        yield _single_object(record, Origin(page, number), source.path)
        return
    for number, record, error in itertools.chain([first], [second] if second else [], lines):
        origin = Origin(page, number)
        yield Skipped(origin, error) if error else paper_from_record(record, origin)


def _decoded_lines(source: TextSource) -> Iterator[tuple[int, object, str | None]]:
    """Each non-blank line's number, JSON value and why it has none (None if it has)."""
    for number, line in numbered_lines(source):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as err:
            yield number, None, f"invalid JSON: {err.msg} at column {err.colno}"
        except RecursionError:
            yield number, None, TOO_DEEP


def _whole_document(source: TextSource) -> object:
    """The file decoded as one JSON document, or None if it is not one. Tried on a
    file that starts with a line ``{`` (how pretty-printers start) or is small: a
    large JSON Lines file with a broken first line is not read twice."""
    opening = source.head.lstrip().split("\n", 1)[0].strip()
    if opening != "{" and not source.complete:
        return None
    try:
        with source.open() as stream:
            return json.loads(stream.read())
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError
        return None


def _single_object(record: object, origin: Origin, path: str) -> Paper | Skipped:
    """The one record of a file, unless it is an object that is no paper record."""
    if isinstance(record, dict) and not _PAPER_FIELDS & record.keys():
        keys = ", ".join(repr(key) for key in list(record)[:8]) or "none"
        raise InputError(
            path,
            f"this is one JSON object (keys: {keys}), not JSON Lines (one paper object a "
            "line) or a JSON array of papers; each paper needs a 'title' and an 'abstract'",
        )
    return paper_from_record(record, origin)


def read_csv(source: TextSource) -> Iterator[Paper | Skipped]:
    """A header row naming ``title`` and ``abstract`` columns, then one paper a row.

    The delimiter (comma, tab or semicolon) is taken from the header; quoting
    follows RFC 4180 (doubled quotes inside quoted fields). The line reported
    for a row is that of its first physical line. A header without a ``title``
    or an ``abstract`` (or ``summary``) column is an error naming the columns it has.
    """
    page = SourcePage(source.path)
    numbered = numbered_lines(source)
    header_line, header = next(((n, line) for n, line in numbered if line.strip()), (0, ""))
    lines = (line + "\n" for _, line in numbered)
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",\t;").delimiter
    except csv.Error:  # a single column
        delimiter = ","
    reader = csv.DictReader(itertools.chain([header + "\n"], lines), delimiter=delimiter)
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    _check_columns(reader.fieldnames, f"{source.path}:{header_line}")
    start = reader.line_num + 1
    for row in reader:
        origin = Origin(page, start + header_line - 1)
        start = reader.line_num + 1
        if None in row:
            yield Skipped(
                origin,
                f"row has {len(row) - 1 + len(row[None])} fields, "
                f"header has {len(reader.fieldnames)}",
            )
            continue
        if all(not (value or "").strip() for value in row.values()):
            continue
        yield paper_from_record(row, origin)


def _check_columns(names: list[str], location: str) -> None:
    """A CSV header must name the title and the abstract column."""
    missing = [
        need
        for need, columns in (("'title'", {"title"}), ("'abstract'", {"abstract", "summary"}))
        if not columns & set(names)
    ]
    if missing:
        has = ", ".join(repr(name) for name in names) or "none"
        raise InputError(
            location,
            f"the CSV header has no {' or '.join(missing)} column (its columns: {has}); "
            "name the column of titles 'title' and that of abstracts 'abstract'",
        )
