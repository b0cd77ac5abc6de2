"""Listings from their sources into a cache folder that ``paperkg build`` reads.

Two sources, each answered as it is served, byte for byte, one file per day or per
page of results:

``hf``
    the Hugging Face daily-papers API, one JSON array per listing date
    (``CACHE/hf/daily-papers-YYYY-MM-DD.json``), pages of 100 joined;
``arxiv``
    the arXiv API, one Atom feed per page of results of a query over a range of
    submission dates (``CACHE/arxiv/<query>-<since>-<until>-<start>.atom``).

Politeness: one request at a time, at least ``wait`` seconds apart (arXiv asks for
three), a User-Agent that names paperkg, a timeout, and retries with growing waits
(or the server's ``Retry-After``) on 429, 5xx, timeouts and truncated bodies.
Resumable: a day that is over and was fetched (``CACHE/<source>/.fetched``) is not
fetched again, nor a page already in the cache; a file appears whole or not at all.
An address that cannot be reached at all (offline, no such host) ends the run at
once with one line.
"""

from __future__ import annotations

import datetime as dt
import http.client
import importlib.metadata
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from paperkg.atomic import write_atomic
from paperkg.errors import PaperkgError, UsageError

__all__ = [
    "FetchError",
    "Fetched",
    "Fetcher",
    "Unreachable",
    "days",
    "fetch_arxiv",
    "fetch_hf",
    "parse_day",
]

HF_URL = "https://huggingface.co/api/daily_papers"
ARXIV_URL = "https://export.arxiv.org/api/query"


def _version() -> str:
    try:
        return importlib.metadata.version("paperkg")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return "dev"


USER_AGENT = f"paperkg/{_version()} (knowledge-graph builder; one request at a time)"
#: Entries per request: the HF API's page size, and a page of arXiv results.
HF_PAGE, ARXIV_PAGE = 100, 200
#: Waits between requests the sources ask for (seconds).
HF_WAIT, ARXIV_WAIT = 1.0, 3.0
_RETRIES = 5
_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_STATE = ".fetched"


class FetchError(PaperkgError):
    """A source keeps failing (the CLI exits 1)."""


class Unreachable(FetchError):
    """No answer at all (offline, no such host, refused): the run ends at once."""


def parse_day(text: str, *, today: dt.date | None = None) -> dt.date:
    """``YYYY-MM-DD``, ``today`` or ``yesterday`` (UTC)."""
    today = today or dt.datetime.now(dt.UTC).date()
    words = {"today": today, "yesterday": today - dt.timedelta(days=1)}
    if text in words:
        return words[text]
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise UsageError(f"{text!r} is no date: give YYYY-MM-DD, today or yesterday") from err


def days(since: dt.date, until: dt.date) -> Iterator[dt.date]:
    """Every day from ``since`` to ``until``, both included."""
    if until < since:
        raise UsageError(f"--until {until} is before --since {since}")
    for offset in range((until - since).days + 1):
        yield since + dt.timedelta(days=offset)


@dataclass
class Fetched:
    """What one run fetched: files written, files kept, and failures by day or page."""

    written: list[tuple[Path, int]] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass
class Fetcher:
    """GET with the manners above; ``sleep`` and ``clock`` are injectable for tests."""

    wait: float
    timeout: float = 30.0
    say: Callable[[str], None] = lambda message: None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = None

    def get(self, url: str, check: Callable[[bytes], None] = lambda body: None) -> bytes:
        """The body at ``url``, after ``check`` accepts it (a ValueError retries)."""
        problem = ""
        for attempt in range(_RETRIES + 1):
            if attempt:
                self.say(f"  {problem}; try {attempt + 1} of {_RETRIES + 1}")
            self._space()
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    body = answer.read()
                check(body)
                return body
            except urllib.error.HTTPError as err:
                if err.code != 429 and err.code < 500:
                    raise FetchError(f"{url}: HTTP {err.code} {err.reason}") from err
                problem = f"HTTP {err.code}"
                self._back_off(attempt, err.headers.get("Retry-After"))
            except urllib.error.URLError as err:
                if not isinstance(err.reason, TimeoutError | socket.timeout):
                    raise Unreachable(
                        f"{urllib.parse.urlsplit(url).netloc}: cannot be reached "
                        f"({err.reason}); are you offline?"
                    ) from err
                problem = "no answer within the timeout"
                self._back_off(attempt, None)
            except (TimeoutError, http.client.IncompleteRead, ConnectionError) as err:
                problem = f"the answer broke off ({type(err).__name__})"
                self._back_off(attempt, None)
            except ValueError as err:
                problem = f"the answer is not whole ({err})"
                self._back_off(attempt, None)
        raise FetchError(f"{url}: {problem} after {_RETRIES + 1} tries")

    def _space(self) -> None:
        """At least ``wait`` seconds since the last request began."""
        if self._last is not None:
            left = self.wait - (self.clock() - self._last)
            if left > 0:
                self.sleep(left)
        self._last = self.clock()

    def _back_off(self, attempt: int, retry_after: str | None) -> None:
        """Wait what the server asks for, else twice as long each time (at most a minute)."""
        delay = self.wait * 2**attempt
        if retry_after and retry_after.strip().isdigit():
            delay = float(retry_after)
        self.sleep(min(delay, 60.0))


def _done(folder: Path) -> set[str]:
    state = folder / _STATE
    return set(state.read_text(encoding="utf-8").split()) if state.is_file() else set()


def _mark_done(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / _STATE).open("a", encoding="utf-8") as stream:
        stream.write(name + "\n")


def _json_array(body: bytes) -> None:
    if not isinstance(json.loads(body), list):
        raise ValueError("not a JSON array")


def fetch_hf(
    dates: list[dt.date],
    cache: Path,
    fetcher: Fetcher,
    *,
    base_url: str = HF_URL,
    today: dt.date | None = None,
) -> Fetched:
    """One JSON array per listing date into ``cache/hf``; days already over and fetched
    are kept; a day without papers writes no file."""
    today = today or dt.datetime.now(dt.UTC).date()
    folder, done, result = cache / "hf", _done(cache / "hf"), Fetched()
    for day in dates:
        path = folder / f"daily-papers-{day.isoformat()}.json"
        if day.isoformat() in done and day < today:
            result.kept.append(path)
            continue
        entries: list[object] = []
        try:
            for page in range(1_000):
                query = urllib.parse.urlencode(
                    {"date": day.isoformat(), "limit": HF_PAGE, "p": page}
                )
                body = fetcher.get(f"{base_url}?{query}", _json_array)
                batch = json.loads(body)
                entries.extend(batch)
                if len(batch) < HF_PAGE:
                    break
        except Unreachable:
            raise
        except FetchError as err:
            result.failed.append(f"{day}: {err}")
            continue
        if entries:
            write_atomic(path, json.dumps(entries, ensure_ascii=False, indent=1).encode("utf-8"))
            result.written.append((path, len(entries)))
        else:
            result.empty.append(day.isoformat())
        if day < today:
            _mark_done(folder, day.isoformat())
    return result


def _atom_feed(body: bytes) -> None:
    root = ET.fromstring(body)  # a truncated feed is a ParseError, a ValueError
    if root.tag != f"{_ATOM}feed":
        raise ValueError("not an Atom feed")


def _feed_counts(body: bytes) -> tuple[int, int]:
    """(entries in this page, total results) of an arXiv API feed."""
    root = ET.fromstring(body)
    total = root.findtext(f"{_OPENSEARCH}totalResults") or "0"
    return len(root.findall(f"{_ATOM}entry")), int(total.strip() or 0)


def fetch_arxiv(
    query: str,
    since: dt.date,
    until: dt.date,
    cache: Path,
    fetcher: Fetcher,
    *,
    base_url: str = ARXIV_URL,
    page_size: int = ARXIV_PAGE,
    max_results: int = 10_000,
) -> Fetched:
    """The results of ``query`` submitted from ``since`` to ``until``, a feed per page,
    into ``cache/arxiv``; pages already there are kept (read again for the count)."""
    if not query.strip():
        raise UsageError("--query is empty; e.g. --query 'cat:cs.LG'")
    folder, result = cache / "arxiv", Fetched()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-").lower()[:60] or "query"
    window = f"submittedDate:[{since:%Y%m%d}0000 TO {until:%Y%m%d}2359]"
    start = 0
    while start < max_results:
        path = folder / f"{slug}-{since}-{until}-{start:06d}.atom"
        if path.is_file():
            result.kept.append(path)
            body = path.read_bytes()
        else:
            parameters = {
                "search_query": f"({query}) AND {window}",
                "start": start,
                "max_results": min(page_size, max_results - start),
                "sortBy": "submittedDate",
                "sortOrder": "ascending",
            }
            url = f"{base_url}?{urllib.parse.urlencode(parameters)}"
            try:
                body = fetcher.get(url, _atom_feed)
            except Unreachable:
                raise
            except FetchError as err:
                result.failed.append(f"results from {start}: {err}")
                break
        count, total = _feed_counts(body)
        if not count:
            if start == 0:
                result.empty.append(f"{query} {since}..{until}")
            break
        if not path.is_file():
            write_atomic(path, body)
            result.written.append((path, count))
        start += count
        if start >= total:
            break
    return result
