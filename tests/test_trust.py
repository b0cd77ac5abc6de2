"""Trust: same inputs (any order) give the same bytes, daily updates equal one build,
an interrupted run leaves the previous outputs intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import rdflib

from support import PAPERKG, ROOT, run_cli

pytestmark = pytest.mark.slow
FORMATS = "ttl,nt,json,html"
COMPARED = (
    "graph.ttl",
    "graph.nt",
    "graph.json",
    "skipped.jsonl",
    "graph.html",
    "index.html",
    "data/index.js",
)


def _files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and "oxigraph" not in p.parts
    }


@pytest.fixture(scope="module")
def full_build(tmp_path_factory, seed_paths) -> Path:
    out = tmp_path_factory.mktemp("full")
    assert run_cli("build", *seed_paths, "--out", str(out), "--format", FORMATS).returncode == 0
    return out


def test_any_input_order_gives_the_same_bytes(full_build, seed_paths, tmp_path):
    shuffled = [seed_paths[i] for i in (3, 0, 4, 2, 1)]
    assert run_cli("build", *shuffled, "--out", str(tmp_path), "--format", FORMATS).returncode == 0
    assert _files(tmp_path) == _files(full_build)


@pytest.mark.parametrize("order", [(2, 4, 0, 3, 1), (1, 3, 0, 4, 2)], ids=["order-a", "order-b"])
def test_daily_updates_equal_one_build(full_build, seed_paths, tmp_path, order):
    first, *rest = (seed_paths[i] for i in order)
    assert run_cli("build", first, "--out", str(tmp_path), "--format", FORMATS).returncode == 0
    for page in rest:
        result = run_cli("build", page, "--update", str(tmp_path), "--format", FORMATS)
        assert result.returncode == 0, result.stderr.decode()
        assert b"papers of the existing graph" in result.stdout
    assert _files(tmp_path) == _files(full_build)


def test_an_update_with_a_page_already_read_changes_nothing(full_build, seed_paths, tmp_path):
    assert (
        run_cli("build", *seed_paths, "--out", str(tmp_path), "--format", FORMATS).returncode == 0
    )
    result = run_cli("build", seed_paths[0], "--update", str(tmp_path), "--format", FORMATS)
    assert result.returncode == 0 and b"257 papers" in result.stdout
    assert _files(tmp_path) == _files(full_build)


def test_a_killed_run_leaves_the_previous_outputs_intact(seed_paths, tmp_path):
    sample = ROOT / "src" / "paperkg" / "data" / "sample_daily_papers.txt"
    assert (
        run_cli("build", str(sample), "--out", str(tmp_path), "--format", FORMATS).returncode == 0
    )
    before = {name: (tmp_path / name).read_bytes() for name in COMPARED}
    for delay in (1.0, 2.0, 3.0, 4.0, 5.0):
        run = subprocess.Popen(
            [
                *PAPERKG,
                "build",
                *seed_paths,
                "--out",
                str(tmp_path),
                "--format",
                FORMATS,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        for name in COMPARED:
            data = (tmp_path / name).read_bytes()
            if data != before[name]:  # replaced: then by a complete new file
                before[name] = data
            if name.endswith(".ttl"):
                assert len(rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")) > 10
            if name.endswith(".html"):
                assert data.rstrip().endswith(b"</html>"), name


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_run_removes_what_a_killed_run_left(seed_paths, tmp_path):
    """Temporaries carry their writer's pid; those of dead processes are removed."""
    from paperkg.engines.stream import stream_build

    dead = _dead_pid()
    (tmp_path / "concepts").mkdir()
    stale = [
        tmp_path / f".graph.ttl.paperkg-{dead}.k2j4.tmp",
        tmp_path / "concepts" / f".mamba.html.paperkg-{dead}.x81q.tmp",
    ]
    for path in stale:
        path.write_text("half a file")
    work = tmp_path / f".paperkg-work-{dead}-q1w2"
    (work / "part-00000").mkdir(parents=True)
    (work / "part-00000" / "papers.pkl").write_bytes(b"x" * 1000)
    alive = tmp_path / f".graph.nt.paperkg-{os.getpid()}.a1b2.tmp"  # a run still writing
    users = tmp_path / f".bashrc.{dead}.abc.tmp"  # the user's: not a name paperkg writes
    users.write_text("keep")
    alive.write_text("in progress")
    result = run_cli("build", seed_paths[0], "--out", str(tmp_path), "--format", "ttl")
    assert result.returncode == 0, result.stderr.decode()
    assert not any(path.exists() for path in stale)
    assert not work.exists(), "the stream work folder is the build's to remove"
    assert alive.exists() and users.read_text() == "keep"
    (work / "part-00000").mkdir(parents=True)
    stream_build([seed_paths[0]], tmp_path, jobs=1)
    assert not work.exists()
    assert alive.exists()
