"""The Dask engine: the stream engine's partitions as tasks on a Dask cluster.

The scheduler named with ``--scheduler`` (``tcp://host:8786``), or a local
cluster of ``--jobs`` worker processes. The partitions live in a work folder
inside the output folder, so that folder must be on storage every worker sees.
Needs the optional extra: ``pip install 'paperkg[dask]'``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from paperkg.engines.stream import StreamEngine
from paperkg.errors import ExportError, UsageError

__all__ = ["DaskEngine", "DaskPool"]

#: seconds to wait for a Dask scheduler named with --scheduler before giving up
_SCHEDULER_TIMEOUT = 10


def _connect(client: Callable[..., Any], address: str) -> Any:
    """A client of the scheduler at ``address``, or a usage error within seconds: a
    port that speaks another protocol keeps Dask's handshake waiting for minutes, so
    the connection is tried in a daemon thread with a deadline."""
    found: dict[str, object] = {}

    def connect() -> None:
        try:
            found["client"] = client(address, timeout=_SCHEDULER_TIMEOUT)
        except Exception as err:  # noqa: BLE001 - reported below, whatever it is
            found["error"] = err

    attempt = threading.Thread(target=connect, daemon=True)
    attempt.start()
    attempt.join(_SCHEDULER_TIMEOUT + 5)
    if "client" in found:
        return found["client"]
    reason = found["error"].__class__.__name__ if "error" in found else "no answer"
    raise UsageError(
        f"--scheduler {address}: no Dask scheduler answers there ({reason}); start one with "
        "'dask scheduler' or check the address (tcp://host:8786)"
    )


class DaskPool:
    """Partitions as Dask tasks on a scheduler (``address``) or a local cluster."""

    def __init__(
        self, address: str | None, jobs: int, say: Callable[[str], None] = lambda message: None
    ) -> None:
        self.address, self.jobs, self.say = address, jobs, say

    def __enter__(self) -> DaskPool:
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise ExportError(
                "the dask engine needs the optional extra: pip install 'paperkg[dask]'"
            ) from err
        if self.address:
            self.cluster, self.client = None, _connect(Client, self.address)
        else:
            self.cluster = LocalCluster(
                n_workers=self.jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)
        link = getattr(self.client, "dashboard_link", None)
        if self.address and link:
            self.say(f"Dask dashboard: {link}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def submit(self, function: Callable[..., Any], *args: object) -> Any:
        """One task now; a Dask future of its result."""
        return self.client.submit(function, *args, pure=False)

    def __call__(self, function: Callable[..., Any], calls: list[tuple]) -> Iterator[Any]:
        """Results in order of completion (the driver's merges do not depend on order)."""
        from distributed import as_completed

        futures = [self.client.submit(function, *args, pure=False) for args in calls]
        for future in as_completed(futures):
            yield future.result()
            future.release()


class DaskEngine(StreamEngine):
    """The stream engine's build over a Dask cluster (``scheduler``, or a local one)."""

    def __init__(self, jobs: int = 1, scheduler: str | None = None) -> None:
        super().__init__(jobs)
        self.scheduler = scheduler

    def pool(self, ontology: str, say: Callable[[str], None]) -> DaskPool:
        return DaskPool(self.scheduler, self.jobs, say)
