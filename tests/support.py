"""What the tests share besides fixtures: where things are, and the command line as a
user runs it (imported by the test modules; pytest puts this folder on the path)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: The command line as a process: ``[*PAPERKG, "build", ...]``.
PAPERKG = (sys.executable, "-m", "paperkg")


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m paperkg`` as a user would; capture both streams."""
    return subprocess.run(
        [*PAPERKG, *args],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
