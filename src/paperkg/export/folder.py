"""The output folder: what paperkg wrote there, and the lock that keeps two runs apart.

Every run that writes into a folder holds ``.paperkg.lock`` (an exclusive
``flock``) from before it reads the folder until its last file is written, so two
builds or updates of one folder run one after the other: an update reads the graph
the previous one wrote. The folder's manifest, ``.paperkg-manifest``, lists every
file paperkg wrote there; only those files are ever replaced or removed. A file a
run would write that exists but is not in the manifest is the user's: the run
stops before writing anything (:class:`~paperkg.errors.UsageError`). A folder built
before manifests existed is recognised by its graph and adopted.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from paperkg.atomic import remove_stale, write_atomic
from paperkg.errors import ExportError, UsageError

__all__ = ["MANIFEST", "OutputFolder"]

MANIFEST = ".paperkg-manifest"
LOCK = ".paperkg.lock"
#: Files and folders a paperkg writer can write, by name; what a legacy folder adopts.
_OWN_FILES = (
    "graph.ttl",
    "graph.nt",
    "graph.jsonld",
    "graph.graphml",
    "graph.gexf",
    "graph.json",
    "graph.html",
    "index.html",
    "paper.html",
    "concept.html",
    "nodes.csv",
    "relationships.csv",
    "concepts.csv",
    "skipped.jsonl",
)
_OWN_FOLDERS = ("assets", "data", "concepts", "papers", "nt")
_NAMESPACE = b"https://w3id.org/paperkg/"


class OutputFolder:
    """An output folder held for one run: ``with OutputFolder(path) as folder``.

    ``claim`` checks a file is the run's to write, ``record`` notes what was
    written, ``remove_unwritten`` deletes files of an earlier run in one of
    paperkg's subfolders that this run did not write again (views of papers an
    update dropped); leaving the ``with`` block writes the manifest.
    """

    def __init__(self, path: Path, *, on_wait: Callable[[str], None] = lambda message: None):
        self.path, self.on_wait = path, on_wait
        self.owned: set[str] = set()
        self.written: set[str] = set()
        self._lock: int | None = None
        self._created = False

    def __enter__(self) -> OutputFolder:
        try:
            self._created = not self.path.exists()
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise ExportError(
                f"{self.path}: cannot use this output folder: {err.strerror}"
            ) from err
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.on_wait(f"waiting for another paperkg run writing {self.path} to finish")
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        remove_stale(self.path)  # what a killed run left: paperkg's temporary names only
        self.owned = self._read_manifest()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            present = {name for name in self.owned | self.written if (self.path / name).exists()}
            if present != self.owned or self.written:
                header = (
                    "# files paperkg wrote in this folder; only these are replaced or removed\n"
                )
                write_atomic(
                    self.path / MANIFEST, header + "".join(f"{name}\n" for name in sorted(present))
                )
            elif not present and not (self.path / MANIFEST).exists():
                # a run that wrote nothing leaves no trace: the lock, the folder it made
                (self.path / LOCK).unlink(missing_ok=True)
                if self._created and not any(self.path.iterdir()):
                    self.path.rmdir()
        finally:
            if self._lock is not None:
                os.close(self._lock)  # releases the lock

    def _read_manifest(self) -> set[str]:
        manifest = self.path / MANIFEST
        if manifest.is_file():
            lines = manifest.read_text(encoding="utf-8").splitlines()
            return {line for line in lines if line and not line.startswith("#")}
        return self._legacy()

    def _legacy(self) -> set[str]:
        """A folder built before manifests: its paperkg graph vouches for the files
        paperkg's writers write."""
        graphs = [self.path / "graph.ttl", self.path / "graph.nt"]
        graphs += sorted(self.path.glob("nt/*.nt"))[:1]
        if not any(_paperkg_graph(graph) for graph in graphs):
            return set()
        adopted = {name for name in _OWN_FILES if (self.path / name).is_file()}
        for folder in _OWN_FOLDERS:
            adopted |= {self._relative(p) for p in (self.path / folder).glob("*") if p.is_file()}
        return adopted

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.path).as_posix()

    def claim(self, paths: Iterable[Path]) -> None:
        """Stop before writing when one of ``paths`` (files, or folders whose files a
        writer replaces) holds something paperkg did not write."""
        for path in paths:
            found = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            for file in found:
                if file.exists() and self._relative(file) not in self.owned | self.written:
                    raise UsageError(
                        f"{file}: exists and was not written by paperkg; paperkg does not "
                        "replace files it did not write: choose another output folder or "
                        "move the file"
                    )

    def record(self, paths: Iterable[Path]) -> None:
        """Note files this run wrote (a folder: every file in it)."""
        for path in paths:
            files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            self.written.update(self._relative(file) for file in files)

    def remove_unwritten(self, folder: str) -> list[Path]:
        """Delete the files of ``folder`` an earlier run wrote and this one did not."""
        removed = []
        for name in sorted(self.owned - self.written):
            if name.startswith(f"{folder}/"):
                (self.path / name).unlink(missing_ok=True)
                removed.append(self.path / name)
        self.owned -= {self._relative(path) for path in removed}
        return removed


def _paperkg_graph(path: Path) -> bool:
    """Whether an RDF file is one paperkg wrote (its namespace in the first lines)."""
    try:
        with path.open("rb") as stream:
            return _NAMESPACE in stream.read(8192)
    except OSError:
        return False
