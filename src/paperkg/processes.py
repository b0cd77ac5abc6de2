"""Worker processes: how many the machine offers, pools that share memory by fork, and
the garbage collector's setting for long batch runs.

Forked workers see what the parent built before the fork (a spaCy pipeline,
a graph and its templates) copy-on-write, so starting one costs milliseconds
instead of rebuilding that state. Where fork is not available, callers fall
back to their own initialiser or to one process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

__all__ = [
    "collect_young_objects_less_often",
    "default_jobs",
    "end_with_parent",
    "fork_pool",
    "no_cycle_collection",
]

_YOUNG_COLLECTION_EVERY = 10_000  # allocations; Python's default is 700


def collect_young_objects_less_often() -> None:
    """Run the youngest generation's collection every 10,000 allocations, not 700.

    Importing spaCy and extracting allocate millions of short-lived objects and
    few reference cycles; per 10k abstracts the collector's time fell from 0.47 s
    to 0.16 s, peak memory unchanged.
    """
    gc.set_threshold(_YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Turn the cycle collector off for a block that builds many acyclic records.

    Building the HTML views' records of 30k papers allocates millions of lists and
    dicts that live until written; the collector's full passes over them took 5 of
    15 s. Reference counting still frees everything; the collector's state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def default_jobs() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_pool(jobs: int) -> ProcessPoolExecutor | None:
    """A pool of ``jobs`` forked workers, or None where processes cannot fork.

    The workers end when the process that started them dies (on Linux), so a killed
    or terminated build leaves none blocked on its pipe.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=end_with_parent
    )


_PR_SET_PDEATHSIG = 1  # prctl(2)


def end_with_parent() -> None:
    """Have the kernel send this process SIGTERM when its parent dies (Linux only;
    elsewhere nothing). A worker initialiser."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
