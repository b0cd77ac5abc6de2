"""Shared fixtures: paths to the real seed pages and a session-wide seeds build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_paths() -> list[str]:
    if not SEEDS:
        pytest.fail(f"the seed pages are missing: expected {SHARED / 'seeds'}/*.txt")
    return [str(path) for path in SEEDS]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m paperkg`` as a user would; capture both streams."""
    return subprocess.run(
        [sys.executable, "-m", "paperkg", *args],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory, seed_paths) -> tuple[Path, subprocess.CompletedProcess]:
    """``paperkg build`` over the five seed pages, once per test session."""
    out = tmp_path_factory.mktemp("seeds-build")
    result = run_cli("build", *seed_paths, "--out", str(out))
    assert result.returncode == 0, result.stderr.decode()
    return out, result


@pytest.fixture(scope="session")
def seeds_corpus(seed_paths):
    """The seeds read, extracted and linked in-process (what the build writes)."""
    from paperkg.build import extract_and_link, read_corpus

    report = read_corpus(seed_paths)
    return extract_and_link(report.merge.papers, skipped=report.merge.skipped)
