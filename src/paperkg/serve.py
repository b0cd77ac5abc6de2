"""A SPARQL 1.1 Protocol endpoint over a built graph: the Oxigraph server.

``paperkg load`` bulk-loads the graph into an on-disk Oxigraph store (for graphs
that do not fit in memory too); loading is idempotent -- the store remembers the
SHA-256 of what it holds and is rebuilt only when the graph changed. ``paperkg
serve`` runs the ``oxigraph`` server from PyPI on that store (read-only unless
asked), bound to 127.0.0.1, and serves the HTML views of the build folder beside
it with the standard library's static file server.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from paperkg.errors import PaperkgError
from paperkg.query import graph_files

__all__ = ["oxigraph_command", "load_into_store", "start_endpoint", "start_views"]

_MARKER = "paperkg-source.sha256"


def oxigraph_command() -> str:
    """The ``oxigraph`` executable installed with paperkg (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise PaperkgError("the 'oxigraph' server is not installed: pip install oxigraph")
    return found


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}\n".encode())
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def load_into_store(graph: str | Path, store: Path) -> bool:
    """Bulk-load the graph into the store at ``store``; False when it already holds it."""
    sources = graph_files(graph)
    digest = _digest(sources)
    marker = store / _MARKER
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == digest:
        return False
    if store.exists():
        shutil.rmtree(store)
    store.mkdir(parents=True)
    result = subprocess.run(
        [oxigraph_command(), "load", "--location", str(store), "--file", *map(str, sources)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PaperkgError(f"{graph}: oxigraph could not load it: {result.stderr.strip()}")
    marker.write_text(digest + "\n", encoding="utf-8")
    return True


def start_endpoint(
    store: Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False
) -> subprocess.Popen:
    """Start the Oxigraph server on the store; the caller waits for it or stops it."""
    mode = "serve" if writable else "serve-read-only"
    return subprocess.Popen(
        [oxigraph_command(), mode, "--location", str(store), "--bind", f"{host}:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def start_views(folder: Path, *, host: str = "127.0.0.1", port: int = 7879) -> ThreadingHTTPServer:
    """Serve the build folder's HTML views from a daemon thread."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
