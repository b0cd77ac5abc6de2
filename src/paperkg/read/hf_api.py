"""Reader for the Hugging Face daily-papers API JSON.

The API answers a JSON array of entries, each with a ``paper`` object (``id``
is the arXiv id, ``title``, ``summary``, ``authors`` as ``{"name": ...}``,
``publishedAt``, ``upvotes``) beside listing fields of its own. A plain array
of flat records (``title``, ``abstract``, ...) is read the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

from paperkg.errors import InputError
from paperkg.model import Origin, Paper, PartialDate, Skipped, SourcePage
from paperkg.read.fields import paper_from_record
from paperkg.read.sources import TextSource

__all__ = ["read_hf_api"]


def read_hf_api(source: TextSource) -> Iterator[Paper | Skipped]:
    """Yield one paper per array entry; records are numbered from 1."""
    try:
        with source.open() as stream:
            entries = json.load(stream)
    except json.JSONDecodeError as err:
        raise InputError(f"{source.path}:{err.lineno}", f"invalid JSON: {err.msg}") from err
    except UnicodeDecodeError as err:
        raise InputError(source.path, f"not valid {source.encoding} text: {err.reason}") from err
    if not isinstance(entries, list):
        raise InputError(source.path, "expected a JSON array of daily-paper entries")
    page = SourcePage(source.path)
    for number, entry in enumerate(entries, 1):
        yield _entry_to_paper(entry, Origin(page, number))


def _entry_to_paper(entry: object, origin: Origin) -> Paper | Skipped:
    if not isinstance(entry, dict):
        return Skipped(origin, f"entry is a JSON {type(entry).__name__}, not an object")
    record = entry.get("paper", entry)
    if not isinstance(record, dict):
        return Skipped(origin, "entry's 'paper' is not an object")
    record = {**record, "arxiv_id": record.get("arxiv_id") or record.get("id")}
    paper = paper_from_record(record, origin)
    if isinstance(paper, Skipped):
        return paper
    upvotes = record.get("upvotes")
    url = paper.url or (f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else None)
    date = paper.date
    listed = entry.get("publishedAt") if "paper" in entry else None
    if date is None and listed:
        try:
            date = PartialDate.parse(str(listed))
        except ValueError:
            return Skipped(origin, f"field 'publishedAt' is not a date: {str(listed)[:40]!r}")
    return replace(
        paper,
        url=url,
        upvotes=upvotes if isinstance(upvotes, int) and upvotes >= 0 else None,
        date=date,
    )
