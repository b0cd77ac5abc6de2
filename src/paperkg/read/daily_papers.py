"""Reader for the saved text of a Hugging Face "Daily Papers" page.

The page is a header (site chrome and the listing date, "May 7"), then one
block per paper, non-blank lines in this order::

    Title
    Abstract paragraph
      • 8 authors          (optional; or an organisation name instead)
    ·                      (optional, with the date line below it)
    Mar 16, 2024 4         (date, sometimes a trailing count)

Dates without a year stay partial. A block that has a title but no abstract, or
an abstract with no title before it, is skipped with that reason.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator

from paperkg.model import Origin, Paper, PartialDate, Skipped, SourcePage
from paperkg.read.fields import clean_text
from paperkg.read.sources import TextSource, numbered_lines

__all__ = ["read_daily_papers"]

#: Lines of site chrome around the listing; never papers.
CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
_DATE = re.compile(r"(?P<date>[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(?: (?P<count>\d+))?")
_AUTHORS = re.compile(r"•\s*(?P<count>\d+) authors?")
_SEPARATOR = "·"
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")

Line = tuple[int, str]


class _Lookahead:
    """An iterator of non-blank lines that can peek a few lines ahead."""

    def __init__(self, lines: Iterator[Line]) -> None:
        self._lines = lines
        self._buffer: deque[Line] = deque()

    def peek(self, offset: int = 0) -> Line | None:
        while len(self._buffer) <= offset:
            line = next(self._lines, None)
            if line is None:
                return None
            self._buffer.append(line)
        return self._buffer[offset]

    def pop(self) -> Line:
        self.peek()
        return self._buffer.popleft()


def read_daily_papers(source: TextSource) -> Iterator[Paper | Skipped]:
    """Yield the papers of one saved Daily Papers page, in page order."""
    lines = _Lookahead(
        (number, clean) for number, text in numbered_lines(source) if (clean := clean_text(text))
    )
    listing_date = None
    while (line := lines.peek()) is not None and line[1].lower() in CHROME:
        lines.pop()
    if line is not None and (date := _DATE.fullmatch(line[1])):
        listing_date = PartialDate.parse(date["date"])
        lines.pop()
    page = SourcePage(source.path, listing_date)
    while lines.peek() is not None:
        yield _read_block(lines, page)


def _read_block(lines: _Lookahead, page: SourcePage) -> Paper | Skipped:
    number, title = lines.pop()
    origin = Origin(page, number)
    if _is_metadata(title) or title.lower() in CHROME:
        return Skipped(origin, f"stray line outside a paper block: {title[:60]!r}")
    following = lines.peek()
    after = lines.peek(1)
    if _looks_like_abstract(title) and not (following and _looks_like_abstract(following[1])):
        _read_metadata(lines)
        return Skipped(origin, "abstract without a title")
    if (
        following is None
        or _is_metadata(following[1])
        or (not _looks_like_abstract(following[1]) and after and _looks_like_abstract(after[1]))
    ):
        _read_metadata(lines)
        return Skipped(origin, f"title without an abstract: {title[:60]!r}")
    _, abstract = lines.pop()
    author_count, organization, date, count = _read_metadata(lines)
    return Paper(
        title=title,
        abstract=abstract,
        origins=(origin,),
        date=date,
        author_count=author_count,
        organization=organization,
        upvotes=count,
    )


def _read_metadata(
    lines: _Lookahead,
) -> tuple[int | None, str | None, PartialDate | None, int | None]:
    """Consume the optional author, organisation and date lines after an abstract."""
    author_count = organization = date = count = None
    line = lines.peek()
    if line and (authors := _AUTHORS.fullmatch(line[1])):
        author_count = int(authors["count"])
        lines.pop()
    line, following = lines.peek(), lines.peek(1)
    if line and line[1] != _SEPARATOR and following and following[1] == _SEPARATOR:
        organization = line[1]
        lines.pop()
    line = lines.peek()
    if line and line[1] == _SEPARATOR:
        lines.pop()
        line = lines.peek()
        if line and (match := _DATE.fullmatch(line[1])):
            date = PartialDate.parse(match["date"])
            count = int(match["count"]) if match["count"] else None
            lines.pop()
    return author_count, organization, date, count


def _is_metadata(text: str) -> bool:
    return text == _SEPARATOR or bool(_AUTHORS.fullmatch(text) or _DATE.fullmatch(text))


def _looks_like_abstract(text: str) -> bool:
    """Prose, not a title: a sentence-final mark and a dozen words, or many words.

    Long question titles pass this test too, so callers also look at the next line.
    """
    words = len(text.split())
    return words >= 60 or (words >= 12 and bool(_SENTENCE_END.search(text)))
