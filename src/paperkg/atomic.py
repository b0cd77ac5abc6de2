"""Write output files atomically: a temporary file in the same folder, then rename.

An interrupted run leaves either the previous file or the new one, never half
of one. Temporary names carry paperkg's mark and the writer's process id
(``.NAME.paperkg-PID.XXXX.tmp``), so the next run can remove what a killed run left
(:func:`remove_stale`) and never mistakes a user's file for one of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_writer", "is_stale", "remove_stale", "write_atomic"]


@contextmanager
def atomic_writer(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Open a binary temporary file that replaces ``path`` only on success.

    ``durable`` also forces the data to disk before the rename, so a power cut
    leaves the old file or the new one too. Thousands of regenerable view
    pages skip it: it cost a second per seeds build, and a killed *process*
    still leaves each page whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.paperkg-{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` atomically; return the path."""
    with atomic_writer(path, durable=durable) as stream:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def is_stale(name: str) -> bool:
    """A temporary name of paperkg's (``.NAME.paperkg-PID.XXXX.tmp`` or
    ``.paperkg-work-PID-XXXX``) whose process is gone: it was killed before it could
    clean up. A user's ``.bashrc.4242.abc.tmp`` is none.

    >>> is_stale(".bashrc.4242.abc.tmp"), is_stale(".graph.ttl.paperkg-999999999.x1.tmp")
    (False, True)
    """
    match = re.fullmatch(r"\..+\.paperkg-(\d+)\.[^.]+\.tmp|\.paperkg-work-(\d+)-.+", name)
    if not match:
        return False
    try:
        os.kill(int(match.group(1) or match.group(2)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False  # a live process of another user, or no such pid at all
    return False


def remove_stale(folder: Path) -> list[Path]:
    """Remove what killed runs left in ``folder`` and its subfolders; return it."""
    removed = []
    for path in sorted(folder.rglob(".*")) if folder.is_dir() else []:
        if is_stale(path.name) and path.exists():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed
