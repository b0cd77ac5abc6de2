"""Readers for flat records: JSON Lines (one object per line) and CSV with a header."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from paperkg.model import Origin, Paper, Skipped, SourcePage
from paperkg.read.fields import paper_from_record
from paperkg.read.sources import TextSource, numbered_lines

__all__ = ["read_jsonl", "read_csv"]


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
        yield paper_from_record(record, origin)


def read_csv(source: TextSource) -> Iterator[Paper | Skipped]:
    """A header row naming ``title`` and ``abstract`` columns, then one paper a row.

    The line number reported for a row is that of its first physical line, so a
    quoted abstract spanning lines still points at the right place.
    """
    page = SourcePage(source.path)
    with source.open() as stream:
        dialect = csv.Sniffer().sniff(stream.readline(), delimiters=",\t;")
        stream.seek(0)
        reader = csv.DictReader(stream, dialect=dialect)
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
        start = reader.line_num + 1
        for row in reader:
            origin = Origin(page, start)
            start = reader.line_num + 1
            if None in row:
                yield Skipped(origin, f"row has {len(row) - 1 + len(row[None])} fields, "
                              f"header has {len(reader.fieldnames)}")
                continue
            if all(not (value or "").strip() for value in row.values()):
                continue
            yield paper_from_record(row, origin)
