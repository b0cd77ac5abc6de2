"""Shared fixtures: paths to the real seed pages and a session-wide seeds build."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support import SEEDS, SHARED, run_cli


@pytest.fixture(scope="session")
def seed_paths() -> list[str]:
    if not SEEDS:
        pytest.fail(f"the seed pages are missing: expected {SHARED / 'seeds'}/*.txt")
    return [str(path) for path in SEEDS]


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
    from paperkg.engines.memory import extract_and_link
    from paperkg.read.corpus import read_corpus

    report = read_corpus(seed_paths)
    return extract_and_link(report.merge.papers, skipped=report.merge.skipped)
