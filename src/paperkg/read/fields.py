"""Turn one structured record (JSON object, CSV row, API entry) into a Paper.

Shared by the JSON Lines, CSV, API and Atom readers so that every format checks
its fields the same way and reports a bad one by name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from paperkg.model import Origin, Paper, PartialDate, Skipped

__all__ = ["normalise_arxiv_id", "paper_from_record", "clean_text"]

_NEW_ID = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d.])")
_OLD_ID = re.compile(r"(?<![\w-])([a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b")
_DATE_FIELDS = ("date", "published", "publishedAt", "published_at", "year")
#: Fields naming where a record was published, the first one present wins.
_VENUE_FIELDS = ("venue", "booktitle", "journal")


def normalise_arxiv_id(text: str | None) -> str | None:
    """The arXiv identifier in ``text`` without its version, or None.

    >>> normalise_arxiv_id("https://arxiv.org/abs/2403.01234v2")
    '2403.01234'
    >>> normalise_arxiv_id("arXiv:hep-th/9901001v1")
    'hep-th/9901001'
    >>> normalise_arxiv_id("10.18653/v1/P19-1001") is None
    True
    """
    if not text:
        return None
    match = _NEW_ID.search(text) or _OLD_ID.search(text)
    return match.group(1) if match else None


#: Dropped from every field: C0 and C1 controls (not whitespace), zero-width space and
#: BOM, and the Unicode non-characters (U+FDD0-FDEF, U+FFFE and U+FFFF of every plane),
#: which XML 1.0 (GraphML, GEXF) or IRIs do not allow and no title needs.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


def clean_text(value: Any) -> str:
    r"""A field as one line of text: control characters and non-characters dropped,
    whitespace (U+0085 too) collapsed.

    >>> clean_text("  Graph\x07 Neural\n Networks\ufffe ")
    'Graph Neural Networks'
    """
    if value is None:
        return ""
    text = str(value)
    if not text.isprintable():  # C-speed check: most fields have no control character
        text = _CONTROL.sub("", text)
    return " ".join(text.split())


_SURROGATE = re.compile(r"[\ud800-\udfff]")


class _BadField(ValueError):
    """A field that makes its record a skip; the message is the reason."""


def _text(value: Any, name: str, *, numbers: bool = False) -> str:
    """A field's value as clean text ("" if absent or null).

    A list, object or boolean is no text, nor is a number unless ``numbers`` (ids
    and years may be numbers; a numeric title is a misplaced column far more often
    than a title, and a real one can be quoted); neither is a lone surrogate.
    """
    if value is None or isinstance(value, str):
        text = clean_text(value)
    elif numbers and isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        raise _BadField(f"field {name!r} is {_json_kind(value)}, not text")
    if not text.isascii() and (bad := _SURROGATE.search(text)):
        raise _BadField(
            f"field {name!r} has a lone surrogate ({bad.group(0).encode('unicode_escape').decode()}"
            "), not Unicode text: fix the record's \\u escapes"
        )
    return text


def _json_kind(value: Any) -> str:
    """What a decoded JSON value is, named for a message (scalars with their value)."""
    if isinstance(value, bool):
        return f"a JSON boolean ({json.dumps(value)})"
    if isinstance(value, int | float):
        return f"a JSON number ({json.dumps(value)})"
    kinds: dict[type, str] = {list: "array", dict: "object"}
    return f"a JSON {kinds.get(type(value), type(value).__name__)}"


def _authors(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        parts = (
            re.split(r"\s*;\s*|\s+and\s+", value) if ";" in value or " and " in value else [value]
        )
    elif isinstance(value, list):
        parts = [item.get("name") if isinstance(item, Mapping) else item for item in value]
    else:
        raise _BadField(
            f"authors must be a list or a ';'-separated string, not {type(value).__name__}"
        )
    names = (_text(part, "authors") for part in parts)
    return tuple(name for name in names if name)


def paper_from_record(record: Any, origin: Origin) -> Paper | Skipped:
    """Validate one record and build its Paper, or say why it is skipped.

    Required: ``title`` and ``abstract`` (or ``summary``). Optional: ``id``,
    ``arxiv_id``, ``date``/``published``/``publishedAt``/``year``, ``authors``
    (list of names or of ``{"name": ...}``, or a ``;``-separated string), ``url``,
    ``venue``/``booktitle``/``journal``. An ``id`` that is no arXiv id is kept as the
    record's own id: papers of one title with different ids are different papers.
    A field that is not text (a list, object or boolean; a number, but for ids and
    dates; a lone surrogate from a broken ``\\u`` escape) skips the record with its
    name: a Python repr is never stored as a title.
    """
    if not isinstance(record, Mapping):
        return Skipped(origin, f"record is a JSON {type(record).__name__}, not an object")
    try:
        return _paper(record, origin)
    except _BadField as err:
        return Skipped(origin, str(err))


def _paper(record: Mapping, origin: Origin) -> Paper | Skipped:
    title = _text(record.get("title"), "title")
    abstract = _text(record.get("abstract"), "abstract") or _text(record.get("summary"), "summary")
    if not title:
        return Skipped(origin, "record has no title")
    if not abstract:
        return Skipped(origin, f"record has no abstract: {title[:60]!r}")
    given_id = _text(record.get("id"), "id", numbers=True)
    arxiv_id = normalise_arxiv_id(
        _text(record.get("arxiv_id"), "arxiv_id", numbers=True)
    ) or normalise_arxiv_id(given_id)
    authors = _authors(record.get("authors"))
    date = None
    for name in _DATE_FIELDS:
        raw = _text(record.get(name), name, numbers=True)
        if raw:
            try:
                date = PartialDate.parse(raw)
            except ValueError:
                return Skipped(origin, f"field {name!r} is not a date: {raw[:40]!r}")
            break
    return Paper(
        title=title,
        abstract=abstract,
        origins=(origin,),
        arxiv_id=arxiv_id,
        date=date,
        authors=authors,
        author_count=len(authors) or None,
        url=_text(record.get("url"), "url") or None,
        record_id=None if arxiv_id or not given_id else given_id,
        venue=next(filter(None, (_text(record.get(f), f) for f in _VENUE_FIELDS)), None),
    )
