"""What a long run tells the person waiting for it, on standard error.

On a terminal: a line as each phase starts and a bar while papers are extracted.
Elsewhere (a log, a pipe, cron): a line every ten seconds while a phase runs, with
its count when it has one, so a phase shorter than that says nothing. ``verbose``
adds every phase's start with the time since the run began; ``quiet`` says nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

__all__ = ["Progress"]

#: Papers below which extraction gets no bar (it ends before a bar says anything).
_BAR_FROM = 200


class Progress:
    """Phase lines, a bar, or periodic lines; a context manager (the ticker's life)."""

    def __init__(
        self, stream: TextIO, *, quiet: bool = False, verbose: bool = False, every: float = 10.0
    ) -> None:
        self.stream, self.quiet, self.verbose, self.every = stream, quiet, verbose, every
        self.tty = stream.isatty()
        self.began = time.monotonic()
        self.current = ""
        self.done: int | None = None
        self.total: int | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if not self.quiet and not self.tty:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.verbose:
            self._line("done")

    def phase(self, name: str) -> None:
        """A phase starts ("extracting 1,000 papers")."""
        self.current, self.done, self.total = name, None, None
        if not self.quiet and (self.verbose or self.tty):
            self._line(name)

    def count(self, done: int, total: int) -> None:
        """How far the current phase is (shown by the next periodic line)."""
        self.done, self.total = done, total

    def bar(self, total: int) -> Callable[[Iterable[Any]], Iterable[Any]]:
        """Wrap the extraction of ``total`` papers: a bar on a terminal, else counted."""

        def wrap(items: Iterable[Any]) -> Iterable[Any]:
            if self.quiet or total < _BAR_FROM:
                return items
            if self.tty:
                from tqdm import tqdm

                return tqdm(items, total=total, unit="paper", desc="extracting", file=self.stream)
            return self._counted(items, total)

        return wrap

    def _counted(self, items: Iterable[Any], total: int) -> Iterator[Any]:
        for done, item in enumerate(items, 1):
            self.count(done, total)
            yield item

    def _tick(self) -> None:
        while not self._stop.wait(self.every):
            if self.current:
                counted = f": {self.done:,} of {self.total:,}" if self.total else ""
                self._line(f"{self.current}{counted}")

    def _line(self, text: str) -> None:
        elapsed = time.monotonic() - self.began
        print(f"[{elapsed:7.1f} s] {text}", file=self.stream, flush=True)
