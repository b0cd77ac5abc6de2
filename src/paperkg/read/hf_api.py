"""Reader for the Hugging Face daily-papers API JSON.

The API answers a JSON array of entries, each with a ``paper`` object (``id``
is the arXiv id, ``title``, ``summary``, ``authors`` as ``{"name": ...}``,
``publishedAt``, ``upvotes``) beside listing fields of its own. A plain array
of flat records (``title``, ``abstract``, ...) is read the same way.

The array is decoded one entry at a time, so an entry nested too deeply for the
decoder is skipped alone, and the entries before a syntax error are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace

from paperkg.errors import InputError
from paperkg.model import Origin, Paper, PartialDate, Skipped, SourcePage
from paperkg.read.fields import paper_from_record
from paperkg.read.records import TOO_DEEP
from paperkg.read.sources import TextSource

__all__ = ["read_hf_api"]

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}
_DECODER = json.JSONDecoder()


class _TooDeep:
    """An entry the decoder could not descend into."""


def read_hf_api(source: TextSource) -> Iterator[Paper | Skipped]:
    """Yield one paper per array entry; records are numbered from 1."""
    try:
        with source.open() as stream:
            text = stream.read()
    except UnicodeDecodeError as err:
        raise InputError(source.path, f"not valid {source.encoding} text: {err.reason}") from err
    page = SourcePage(source.path)
    for number, entry in enumerate(_array_entries(text.lstrip("\ufeff"), source.path), 1):
        origin = Origin(page, number)
        yield Skipped(origin, TOO_DEEP) if entry is _TooDeep else _entry_to_paper(entry, origin)


def _array_entries(text: str, path: str) -> Iterator[object]:
    """The values of the JSON array ``text``, decoded one by one (``_TooDeep`` for
    one too deep to decode); a syntax error is an InputError naming its line."""
    position = _skip_space(text)
    if not text.startswith("[", position):
        raise InputError(path, "expected a JSON array of daily-paper entries")
    position = _skip_space(text, position + 1)
    while not text.startswith("]", position):
        try:
            entry, position = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as err:
            raise _error(text, path, err.pos, f"invalid JSON: {err.msg}") from err
        except RecursionError:
            entry, position = _TooDeep, _end_of_value(text, path, position)
        yield entry
        position = _skip_space(text, position)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
            if text.startswith("]", position):
                raise _error(text, path, position, "invalid JSON: a ',' before ']'")
        elif not text.startswith("]", position):
            raise _error(text, path, position, "invalid JSON: expected ',' or ']' after an entry")
    if _skip_space(text, position + 1) != len(text):
        raise _error(text, path, position + 1, "invalid JSON: extra data after the array")


def _skip_space(text: str, position: int = 0) -> int:
    """Where the JSON whitespace from ``position`` ends."""
    match = _SPACE.match(text, position)
    assert match is not None  # the pattern matches the empty string: it always matches
    return match.end()


def _error(text: str, path: str, position: int, message: str) -> InputError:
    return InputError(f"{path}:{text.count(chr(10), 0, position) + 1}", message)


def _end_of_value(text: str, path: str, start: int) -> int:
    """Where the array or object at ``start`` ends, found without decoding it."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text, start):
        depth += _DEPTH.get(match.group(0), 0)
        if depth == 0:
            return match.end()
    raise _error(text, path, start, "invalid JSON: an entry is never closed")


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
        upvotes=upvotes if type(upvotes) is int and upvotes >= 0 else None,
        date=date,
    )
