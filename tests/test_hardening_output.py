"""The output folder and the command line under careless use: files paperkg did not write
are never replaced or removed, concurrent runs do not lose updates, a closed stdout loses
nothing, usage errors are exit 2 before any input is read, and no worker outlives a
killed build."""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import rdflib

from paperkg.namespaces import PKG
from support import PAPERKG, ROOT, run_cli

pytestmark = pytest.mark.slow


def _papers(folder: Path) -> int:
    graph = rdflib.Graph().parse(folder / "graph.ttl")
    return len(set(graph.subjects(rdflib.RDF.type, PKG.Paper)))


def _manifest(folder: Path) -> set[str]:
    lines = (folder / ".paperkg-manifest").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_a_file_paperkg_did_not_write_stops_the_build_untouched(seed_paths, tmp_path):
    (tmp_path / "data").mkdir()
    mine = tmp_path / "data" / "my-notes.html"
    mine.write_text("<p>mine</p>")
    result = run_cli("build", seed_paths[0], "--out", str(tmp_path))
    assert result.returncode == 2
    error = result.stderr.decode().strip()
    assert "my-notes.html" in error and "not written by paperkg" in error
    assert len(error.splitlines()) == 1
    assert mine.read_text() == "<p>mine</p>"
    assert not (tmp_path / "graph.ttl").exists(), "nothing is written"
    (tmp_path / "graph.ttl").write_text("my own turtle")
    mine.unlink()
    result = run_cli("build", seed_paths[0], "--out", str(tmp_path), "--format", "ttl")
    assert result.returncode == 2 and "graph.ttl" in result.stderr.decode()
    assert (tmp_path / "graph.ttl").read_text() == "my own turtle"


def test_only_files_paperkg_wrote_are_replaced_or_removed(seed_paths, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("keep")
    assert run_cli("build", *seed_paths, "--out", str(tmp_path)).returncode == 0
    first = {p.name for p in (tmp_path / "data").glob("*.js")}
    assert first and all(f"data/{name}" in _manifest(tmp_path) for name in first)
    assert "notes.txt" not in _manifest(tmp_path)
    assert run_cli("build", seed_paths[1], "--out", str(tmp_path)).returncode == 0
    second = {p.name for p in (tmp_path / "data").glob("*.js")}
    assert second < first, "the shards the smaller build did not write again are gone"
    assert all(f"data/{name}" in _manifest(tmp_path) for name in second)
    assert notes.read_text() == "keep"


def test_an_update_writing_only_views_keeps_the_graph_it_reads_next(seed_paths, tmp_path):
    full = tmp_path / "full"
    assert run_cli("build", *seed_paths[:3], "--out", str(full)).returncode == 0
    out = tmp_path / "daily"
    assert run_cli("build", seed_paths[0], "--out", str(out)).returncode == 0
    result = run_cli("build", seed_paths[1], "--update", str(out), "--format", "html")
    assert result.returncode == 0, result.stderr.decode()
    assert run_cli("build", seed_paths[2], "--update", str(out)).returncode == 0
    assert _papers(out) == _papers(full)


def test_concurrent_updates_both_land(seed_paths, tmp_path):
    full = tmp_path / "full"
    assert run_cli("build", *seed_paths[:3], "--out", str(full), "--format", "ttl").returncode == 0
    out = tmp_path / "daily"
    assert run_cli("build", seed_paths[0], "--out", str(out), "--format", "ttl").returncode == 0
    runs = [
        subprocess.Popen(
            [
                *PAPERKG,
                "build",
                page,
                "--update",
                str(out),
                "--format",
                "ttl",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for page in seed_paths[1:3]
    ]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors.decode()
        assert b"Traceback" not in errors
    assert _papers(out) == _papers(full)


def test_concurrent_builds_leave_a_whole_folder(seed_paths, tmp_path):
    runs = [
        subprocess.Popen(
            [*PAPERKG, "build", page, "--out", str(tmp_path)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for page in seed_paths[:2]
    ]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0 and b"Traceback" not in errors, errors.decode()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    graph = (tmp_path / "graph.html").read_text(encoding="utf-8")
    views = {p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("data/*.js")}
    assert views and all((tmp_path / view).is_file() for view in views)
    assert "graph.html" in index and "</html>" in graph


def test_a_closed_stdout_loses_no_output(seed_paths, tmp_path):
    run = subprocess.Popen(
        [*PAPERKG, "build", seed_paths[0], "--out", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    run.stdout.readline()
    run.stdout.close()  # as `| head -1` does
    errors = run.stderr.read()
    assert run.wait(timeout=300) == 0, errors.decode()
    assert b"Traceback" not in errors
    for name in ("graph.ttl", "index.html", "graph.html"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert (tmp_path / "skipped.jsonl").is_file()


def test_skipped_records_are_counted_once_and_where_they_are(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"title": "A Paper", "abstract": "We use graph neural networks."}\n'
        '{"abstract": "no title"}\n'
        "not json\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", str(records), str(records), "--out", str(out), "--format", "ttl")
    assert result.returncode == 0, result.stderr.decode()
    assert "named twice" in result.stderr.decode()
    rows = (out / "skipped.jsonl").read_text(encoding="utf-8").splitlines()
    assert "2 skipped" in result.stdout.decode() and len(rows) == 2
    broken = tmp_path / "broken.atom"
    broken.write_text('<?xml version="1.0"?>\n<feed>\n<entry>\n</feed>\n', encoding="utf-8")
    result = run_cli("build", str(broken), str(records), "--update", str(out))
    assert result.returncode == 1
    failures = [json.loads(row) for row in (out / "skipped.jsonl").read_text().splitlines()]
    failed = [row for row in failures if row["file"] == str(broken)]
    assert len(failed) == 1 and isinstance(failed[0]["line"], int)
    assert f"skipped.jsonl lists {len(failures)} records" in result.stdout.decode()


@pytest.mark.parametrize(
    "options",
    [
        ["--jobs", "0"],
        ["--engine", "stream", "--format", "ttl"],
        ["--engine", "stream", "--update", "somewhere"],
        ["--scheduler", "tcp://127.0.0.1:8786"],
        ["--update", "no-such-folder"],
        ["--format", "ttl,pdf"],
    ],
)
def test_usage_errors_exit_2_before_anything_is_read(tmp_path, options):
    result = run_cli("build", str(tmp_path / "missing-input.jsonl"), *options)
    assert result.returncode == 2, result.stderr.decode()
    error = result.stderr.decode().strip()
    assert len(error.splitlines()) == 1 and "missing-input" not in error


def test_extract_into_a_folder_is_a_usage_error(seed_paths, tmp_path):
    result = run_cli("extract", seed_paths[0], "--out", str(tmp_path))
    assert result.returncode == 2
    assert "is a folder" in result.stderr.decode() and b"Traceback" not in result.stderr


def test_a_port_that_is_no_scheduler_is_one_line_within_seconds(seed_paths, tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.server_address[1]}"
    started = time.monotonic()
    try:
        result = run_cli(
            "build",
            seed_paths[0],
            "--engine",
            "dask",
            "--scheduler",
            address,
            "--out",
            str(tmp_path),
        )
    finally:
        server.shutdown()
    assert time.monotonic() - started < 60
    assert result.returncode == 2
    error = result.stderr.decode().strip().splitlines()
    assert error[-1].startswith(f"paperkg: error: --scheduler {address}: no Dask scheduler")
    assert b"Traceback" not in result.stderr


def test_a_relative_output_folder_works_with_a_dask_cluster(seed_paths, tmp_path):
    result = subprocess.run(
        [
            *PAPERKG,
            "build",
            seed_paths[0],
            "--engine",
            "dask",
            "--jobs",
            "2",
            "--out",
            "relative-out",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert sorted((tmp_path / "relative-out" / "nt").glob("part-*.nt"))


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_worker_outlives_a_terminated_build(seed_paths, tmp_path):
    run = subprocess.Popen(
        [
            *PAPERKG,
            "build",
            *seed_paths,
            "--out",
            str(tmp_path),
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and time.monotonic() < deadline and run.poll() is None:
        workers = _children(run.pid)
        time.sleep(0.05)
    assert workers, "the build forked no workers"
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=30)
    time.sleep(2)
    alive = {pid for pid in workers if Path(f"/proc/{pid}").exists()}
    assert not alive, f"workers left behind: {alive}"
