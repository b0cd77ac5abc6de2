"""A SPARQL 1.1 Protocol endpoint over a built graph: the Oxigraph server.

``paperkg load`` bulk-loads the graph into an on-disk Oxigraph store (for graphs
that do not fit in memory too); loading is idempotent -- the store remembers the
SHA-256 of what it holds and is rebuilt only when the graph changed. A folder is
only ever emptied when paperkg made it (its marker file is there); any other
non-empty folder is refused.

``paperkg serve`` runs the ``oxigraph`` server from PyPI on that store (read-only
unless asked) on a private loopback port, behind the guard of
:mod:`paperkg.store.endpoint` on the public one, and serves the HTML views of the build
folder beside it with the standard library's file server: no directory listings,
nothing outside the build folder, nothing of the store. The servers and the child
process are stopped together, on Ctrl-C and on SIGTERM or SIGHUP alike.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import math
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Iterator
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

from paperkg.errors import ExportError, PaperkgError
from paperkg.store.endpoint import GuardServer, QuietServer
from paperkg.store.query import (
    STORE_MARKER,
    graph_files,
    ontology_file,
    source_digest,
    source_signature,
    store_marker,
)

__all__ = [
    "DEFAULT_ENDPOINT_ROWS",
    "ServeError",
    "Service",
    "check_port",
    "load_into_store",
    "oxigraph_command",
    "stop_on_signals",
]

DEFAULT_ENDPOINT_ROWS = 10_000  # rows of one answer; the guard holds them while it writes
_STARTUP_SECONDS = 60
_Server = TypeVar("_Server", bound=ThreadingHTTPServer)


class ServeError(PaperkgError):
    """A port or folder given to ``load`` or ``serve`` cannot be used (the CLI exits 2)."""


def oxigraph_command() -> str:
    """The ``oxigraph`` executable installed with paperkg (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise PaperkgError("the 'oxigraph' server is not installed: pip install oxigraph")
    return found


def check_port(port: int) -> None:
    """Refuse a port that is not 1-65534 (the views take ``port + 1``)."""
    if not 1 <= port <= 65534:
        raise ServeError(f"--port {port}: not a port; give 1-65534 (the views take port + 1)")


def _empty_store_folder(store: Path, sources: list[Path]) -> None:
    """Make ``store`` an empty folder, removing only a store paperkg made."""
    if store.is_symlink() or (store.exists() and not store.is_dir()):
        raise ServeError(f"{store}: not a folder; pick an empty or new folder for --store")
    if store.is_dir() and any(store.iterdir()):
        if store_marker(store) is None:
            raise ServeError(
                f"{store}: not empty and not a store paperkg made (no {STORE_MARKER}); "
                "pick an empty or new folder for --store"
            )
        if any(source.resolve().is_relative_to(store.resolve()) for source in sources):
            raise ServeError(
                f"{store}: holds the graph to load; pick an empty or new folder for --store"
            )
        shutil.rmtree(store)
    try:
        store.mkdir(parents=True, exist_ok=True)
        (store / STORE_MARKER).write_text("loading\n", encoding="utf-8")
    except OSError as err:
        raise ExportError(f"{store}: cannot create the store there: {err.strerror}") from err


def load_into_store(graph: str | Path, store: Path) -> bool:
    """Bulk-load the graph into the store at ``store``; False when it already holds it.

    ``store`` must be new, empty or a store paperkg made: ServeError otherwise. The
    ontology is loaded with the graph, and the store is compacted after the bulk load
    (Oxigraph's optimize): a store of 143 files answered 7-67 times slower than memory.
    """
    sources = [*graph_files(graph), ontology_file()]
    digest = source_digest(sources)
    marker = store_marker(store)
    if marker is not None and marker.split("\n", 1)[0] == digest:
        return False
    _empty_store_folder(store, sources)
    for command in (
        ["load", "--location", str(store), "--file", *map(str, sources)],
        ["optimize", "--location", str(store)],  # one compacted file set, not hundreds
    ):
        result = subprocess.run(
            [oxigraph_command(), *command], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise PaperkgError(
                f"{graph}: oxigraph could not {command[0]} it: {result.stderr.strip()}"
            )
    (store / STORE_MARKER).write_text(f"{digest}\n{source_signature(sources)}\n", "utf-8")
    return True


class _ViewsHandler(SimpleHTTPRequestHandler):
    """The build folder's files: no directory listing, nothing that resolves outside
    the folder (symbolic links included), nothing in the hidden folders (the store),
    no dot files; 400 for a path holding NUL."""

    hidden: tuple[Path, ...] = ()

    def send_head(self):  # the file object or None, as in the base class
        if not self._allowed():
            return None
        return super().send_head()

    def list_directory(self, path):  # listings would show the store, the shards...
        self.send_error(HTTPStatus.NOT_FOUND, "No such page")
        return None

    def _allowed(self) -> bool:
        raw = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if "\x00" in raw:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return False
        root = Path(self.directory).resolve()
        try:
            local = Path(self.translate_path(self.path)).resolve()
            if local.is_dir():
                local = (local / "index.html").resolve()
        except (OSError, ValueError, RuntimeError):
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return False
        if (
            not local.is_relative_to(root)
            or any(local.is_relative_to(folder) for folder in self.hidden)
            or any(part.startswith(".") for part in local.relative_to(root).parts)
        ):
            self.send_error(HTTPStatus.NOT_FOUND, "No such page")
            return False
        return True


def _bind(server: type[_Server], address: tuple[str, int], what: str, **options: Any) -> _Server:
    """A server bound to ``address`` (not serving yet); ServeError naming a busy port."""
    host, port = address
    try:
        return server(address, **options)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            reason = "is busy: another program listens there"
        else:
            reason = f"cannot be listened on ({err.strerror or err})"
        raise ServeError(f"{host}:{port} ({what}) {reason}; pick another --port or --host") from (
            err
        )


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the child gets SIGTERM when paperkg dies, even by SIGKILL."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Service:
    """The endpoint's guard and the views, bound at once (a busy port is found before any
    work), and the Oxigraph server behind the guard once :meth:`start` is called.
    :meth:`close` stops all of them and the child process."""

    def __init__(
        self,
        folder: Path,
        store: Path,
        *,
        host: str,
        port: int,
        timeout: float,
        max_rows: int,
        allow_service: bool,
        writable: bool,
        cors: str | None = None,
    ) -> None:
        self.store, self.writable, self.timeout = store, writable, timeout
        self.process: subprocess.Popen | None = None
        self._serving = False
        self._log: deque[str] = deque(maxlen=5)
        self.guard = _bind(
            GuardServer,
            (host, port),
            "the SPARQL endpoint",
            timeout=timeout,
            max_rows=max_rows,
            allow_service=allow_service,
            cors=cors,
        )
        try:
            handler = type("ViewsHandler", (_ViewsHandler,), {"hidden": (store.resolve(),)})
            self.views = _bind(
                QuietServer,
                (host, port + 1),
                "the views, --port + 1",
                RequestHandlerClass=functools.partial(handler, directory=str(folder)),
            )
        except ServeError:
            self.guard.server_close()
            raise

    def start(self) -> None:
        """Start Oxigraph on a private loopback port, wait until it listens, then serve."""
        port = _free_loopback_port()
        mode = "serve" if self.writable else "serve-read-only"
        self.process = subprocess.Popen(
            [oxigraph_command(), mode, "--location", str(self.store)]
            + ["--bind", f"127.0.0.1:{port}", "--timeout-s", str(math.ceil(self.timeout))],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + _STARTUP_SECONDS
        while not self._listening(port):
            if self.process.poll() is not None:
                raise PaperkgError(
                    f"{self.store}: the oxigraph server stopped: {self.last_words()}"
                )
            if time.monotonic() > deadline:
                raise PaperkgError(f"{self.store}: the oxigraph server did not start in time")
            time.sleep(0.05)
        self.guard.backend = ("127.0.0.1", port)
        for server in (self.guard, self.views):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self._serving = True

    def _drain(self) -> None:
        """Keep Oxigraph's last lines (a full pipe would stall it)."""
        assert self.process is not None and self.process.stderr is not None
        for line in self.process.stderr:
            if line.strip() and not line.startswith("Listening for requests"):
                self._log.append(line.strip())

    def last_words(self) -> str:
        return self._log[-1] if self._log else "no message"

    @staticmethod
    def _listening(port: int) -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return True
        return False

    def wait(self) -> int:
        """Block until Oxigraph exits (it should not); its exit code."""
        assert self.process is not None
        return self.process.wait()

    def close(self) -> None:
        """Stop serving, stop Oxigraph (SIGTERM, then SIGKILL after 10 s), free the ports."""
        with _signals_held():
            for server in (self.guard, self.views):
                if self._serving:
                    server.shutdown()
                server.server_close()
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise KeyboardInterrupt as SIGINT does,
    so that ``finally`` clauses stop the servers and child processes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _interrupt) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ignore the stop signals while cleaning up, so that a second Ctrl-C or SIGTERM
    cannot cut the cleanup short (it takes at most ten seconds)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
