"""Write output files atomically: a temporary file in the same folder, then rename.

An interrupted run leaves either the previous file or the new one, never half
of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_writer", "write_atomic"]


@contextmanager
def atomic_writer(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """Open a binary temporary file that replaces ``path`` only on success.

    ``durable`` also forces the data to disk before the rename, so a power cut
    leaves the old file or the new one too. Thousands of regenerable view
    pages skip it: it cost a second per seeds build, and a killed *process*
    still leaves each page whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
