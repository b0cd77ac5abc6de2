"""Feedback on long runs: phase lines with -v, nothing with -q, a line every few
seconds when nobody watches a terminal, and per-partition counts on the scale engines."""

from __future__ import annotations

import io
import time

from paperkg.engines.stream import stream_build
from paperkg.progress import Progress
from support import FIXTURES, run_cli


def test_verbose_says_each_phase_with_its_time_and_quiet_says_nothing(tmp_path):
    records = str(FIXTURES / "records.jsonl")
    verbose = run_cli("build", records, "--out", str(tmp_path / "v"), "-v")
    assert verbose.returncode == 0, verbose.stderr.decode()
    phases = [line.split("] ", 1)[1] for line in verbose.stderr.decode().splitlines()]
    assert phases[0] == "reading 1 input(s)"
    assert phases[1].startswith("extracting and linking ")
    assert phases[2] == "writing ttl, html" and phases[-1] == "done"
    quiet = run_cli("build", records, "--out", str(tmp_path / "q"), "-q")
    assert quiet.returncode == 0
    assert quiet.stdout == b"" and quiet.stderr == b""
    assert (tmp_path / "q" / "graph.ttl").is_file()
    both = run_cli("build", records, "-q", "-v")
    assert both.returncode == 2


def test_without_a_terminal_a_line_comes_every_few_seconds_with_its_count():
    stream = io.StringIO()  # not a terminal
    with Progress(stream, every=0.05) as progress:
        progress.phase("extracting 1,000 papers")
        assert stream.getvalue() == ""  # a phase is not announced, only reported while long
        for done in progress.bar(1000)(range(1000)):
            if done == 499:
                time.sleep(0.2)
    lines = stream.getvalue().splitlines()
    assert lines and all(
        line.split("] ", 1)[1].startswith("extracting 1,000 papers") for line in lines
    )
    assert any(line.endswith(": 500 of 1,000") for line in lines)


def test_a_short_run_without_a_terminal_prints_nothing():
    stream = io.StringIO()
    with Progress(stream, every=5.0) as progress:
        progress.phase("reading")
    assert stream.getvalue() == ""


def test_the_stream_engine_counts_its_partitions(seed_paths, tmp_path):
    counts: list[tuple[int, int]] = []
    report = stream_build(
        seed_paths, tmp_path, jobs=1, partition_size=50, count=lambda d, t: counts.append((d, t))
    )
    assert [done for done, _ in counts] == list(range(1, report.partitions + 1))
    assert counts[-1] == (report.partitions, report.partitions)
