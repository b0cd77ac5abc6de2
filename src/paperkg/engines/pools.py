"""Where the partitioned engines run their tasks: a pool is called with a function
and its argument tuples and yields the results; ``submit`` runs one task now.

:class:`LocalPool` uses forked processes on this machine; the Dask engine's pool
(:class:`~paperkg.engines.dask.DaskPool`) has the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from paperkg.extract.parallel import pipeline_for_run
from paperkg.processes import fork_pool

__all__ = ["LocalPool", "Pool", "TaskResult"]


class TaskResult(Protocol):
    """A task's result to come (a ``concurrent.futures`` or a Dask future)."""

    def done(self) -> bool:
        """Whether the task has ended."""
        ...

    def result(self) -> Any:
        """Wait for the task and return what it returned."""
        ...


class Pool(Protocol):
    """Tasks over workers: a context manager that holds them while it is open."""

    def __enter__(self) -> Pool: ...

    def __exit__(self, *exc: object) -> None: ...

    def submit(self, function: Callable[..., Any], *args: object) -> TaskResult:
        """One task now; its result later."""
        ...

    def __call__(self, function: Callable[..., Any], calls: list[tuple]) -> Iterator[Any]:
        """``function`` over every argument tuple; the results as they arrive."""
        ...


@dataclass
class LocalPool:
    """Partitions over worker processes on this machine (``jobs``, one = this process)."""

    jobs: int
    ontology: str = ""
    pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalPool:
        if self.jobs > 1:
            # built once here, the pipeline reaches forked workers copy-on-write
            pipeline_for_run(self.ontology)
            self.pool = fork_pool(self.jobs) or ProcessPoolExecutor(self.jobs)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def submit(self, function: Callable[..., Any], *args: object) -> Future:
        """One task now; its result later (at once when there is no pool)."""
        if self.pool is not None:
            return self.pool.submit(function, *args)
        done: Future = Future()
        done.set_result(function(*args))
        return done

    def __call__(self, function: Callable[..., Any], calls: list[tuple]) -> Iterator[Any]:
        """Results as they arrive (each is merged and dropped: 200 concept tables at once
        took 200 MB)."""
        if self.pool is None:
            return (function(*args) for args in calls)
        return self.pool.map(function, *zip(*calls, strict=True))
