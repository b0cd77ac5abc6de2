"""Reader for arXiv API Atom feeds (``export.arxiv.org/api/query`` answers).

Entries are parsed incrementally with ``iterparse`` so a large feed is not held
in memory. The entry ``id`` is the abs URL, from which the arXiv id is taken.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from paperkg.errors import InputError
from paperkg.model import Origin, Paper, Skipped, SourcePage
from paperkg.read.fields import paper_from_record
from paperkg.read.sources import TextSource

__all__ = ["read_arxiv_atom"]

_ATOM = "{http://www.w3.org/2005/Atom}"


def read_arxiv_atom(source: TextSource) -> Iterator[Paper | Skipped]:
    """Yield one paper per ``<entry>``; entries are numbered from 1."""
    page = SourcePage(source.path)
    number = 0
    with source.open() as stream:
        try:
            for _, element in ET.iterparse(stream, events=("end",)):
                if element.tag != f"{_ATOM}entry":
                    continue
                number += 1
                yield _entry_to_paper(element, Origin(page, number))
                element.clear()
        except ET.ParseError as err:
            line, column = err.position
            raise InputError(f"{source.path}:{line}", f"malformed XML at column {column}") from err
        except UnicodeDecodeError as err:
            raise InputError(
                f"{source.path}#entry{number + 1}",
                f"not valid {source.encoding} text ({err.reason}); re-save the file as UTF-8",
            ) from err


def _entry_to_paper(entry: ET.Element, origin: Origin) -> Paper | Skipped:
    def text(tag: str) -> str:
        return entry.findtext(f"{_ATOM}{tag}") or ""

    record = {
        "title": text("title"),
        "summary": text("summary"),
        "id": text("id"),
        "published": text("published"),
        "authors": [a.findtext(f"{_ATOM}name") or "" for a in entry.findall(f"{_ATOM}author")],
        "url": text("id"),
    }
    return paper_from_record(record, origin)
