"""Worker processes: how many the machine offers, and pools that share memory by fork.

Forked workers see what the parent built before the fork (a spaCy pipeline,
a graph and its templates) copy-on-write, so starting one costs milliseconds
instead of rebuilding that state. Where fork is not available, callers fall
back to their own initialiser or to one process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

__all__ = ["default_jobs", "fork_pool"]


def default_jobs() -> int:
    """All the cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def fork_pool(jobs: int) -> ProcessPoolExecutor | None:
    """A pool of ``jobs`` forked workers, or None where processes cannot fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
