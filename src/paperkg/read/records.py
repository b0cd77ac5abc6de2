"""Readers for flat records: JSON Lines (one object per line) and CSV with a header."""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator

from paperkg.model import Origin, Paper, Skipped, SourcePage
from paperkg.read.fields import paper_from_record
from paperkg.read.sources import TextSource, numbered_lines

__all__ = ["TOO_DEEP", "read_jsonl", "read_csv"]

#: Why a record nested deeper than Python's JSON decoder goes is skipped.
TOO_DEEP = "JSON nested too deeply (over ~1,000 levels of arrays and objects) to be a paper record"


def read_jsonl(source: TextSource) -> Iterator[Paper | Skipped]:
    """One JSON object per line; blank lines are ignored, bad lines skipped."""
    page = SourcePage(source.path)
    for number, line in numbered_lines(source):
        if not line.strip():
            continue
        origin = Origin(page, number)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Skipped(origin, f"invalid JSON: {err.msg} at column {err.colno}")
            continue
        except RecursionError:
            yield Skipped(origin, TOO_DEEP)
            continue
        yield paper_from_record(record, origin)


def read_csv(source: TextSource) -> Iterator[Paper | Skipped]:
    """A header row naming ``title`` and ``abstract`` columns, then one paper a row.

    The delimiter (comma, tab or semicolon) is taken from the header; quoting
    follows RFC 4180 (doubled quotes inside quoted fields). The line reported
    for a row is that of its first physical line.
    """
    page = SourcePage(source.path)
    lines = (line + "\n" for _, line in numbered_lines(source))
    header = next(lines, "")
    delimiter = csv.Sniffer().sniff(header, delimiters=",\t;").delimiter
    reader = csv.DictReader(itertools.chain([header], lines), delimiter=delimiter)
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    start = reader.line_num + 1
    for row in reader:
        origin = Origin(page, start)
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
