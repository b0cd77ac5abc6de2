"""The engines that run a build, behind one interface (:class:`~paperkg.engines.base.Engine`).

``memory``
    the corpus in memory, every output format (:mod:`paperkg.engines.memory`);
``stream``
    N-Triples shards and ``concepts.csv`` in bounded memory over local
    processes (:mod:`paperkg.engines.stream`);
``dask``
    the stream engine's partitions on a Dask cluster (:mod:`paperkg.engines.dask`).
"""

from __future__ import annotations

from paperkg.engines.base import BuildJob, BuildResult, Engine, Feedback
from paperkg.errors import UsageError

__all__ = ["ENGINES", "BuildJob", "BuildResult", "Engine", "Feedback", "engine_named"]

#: The engines by name, each with what it does in a line (``build --help``).
ENGINES = {
    "memory": "every format, the corpus held in memory (default)",
    "stream": "N-Triples shards in DIR/nt/ and DIR/concepts.csv in bounded memory over "
    "--jobs processes",
    "dask": "the same on a Dask cluster (pip install 'paperkg[dask]')",
}


def engine_named(name: str, *, jobs: int, scheduler: str | None = None) -> Engine:
    """The engine called ``name``, over ``jobs`` processes (or workers of a Dask
    ``scheduler``); a usage error for a name or an option it does not take."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; known engines: {', '.join(ENGINES)}")
    if name == "dask":
        from paperkg.engines.dask import DaskEngine  # imports nothing of Dask until it runs

        return DaskEngine(jobs, scheduler)
    if scheduler:
        raise UsageError("--scheduler needs --engine dask (the other engines run locally)")
    # imported here: they import spaCy, which a query or a server has no use for
    if name == "memory":
        from paperkg.engines.memory import MemoryEngine

        return MemoryEngine(jobs)
    from paperkg.engines.stream import StreamEngine

    return StreamEngine(jobs)
