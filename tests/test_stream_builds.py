"""A stream build is a graph like any other: validate (a batch of shards at a time),
export, query, load and serve take its folder, its nt/ folder or one shard."""

from __future__ import annotations

import pytest

from paperkg.engines.stream import stream_build
from paperkg.store.query import build_folder, graph_files
from paperkg.store.validate import validate_graph
from support import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stream_out(tmp_path_factory, seed_paths):
    out = tmp_path_factory.mktemp("stream")
    report = stream_build(seed_paths, out, jobs=1, partition_size=100)
    assert report.partitions == 3
    return out


def test_validate_takes_a_stream_build_a_batch_of_shards_at_a_time(stream_out):
    whole = validate_graph(stream_out)
    one_by_one = validate_graph(stream_out, batch_bytes=1)  # each shard with the global one
    assert whole.conforms and one_by_one.conforms
    assert whole.violations == one_by_one.violations == ()
    result = run_cli("validate", str(stream_out))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip().endswith("conforms: 0 violations, 0 warnings")


def test_validate_finds_a_fault_in_one_shard_once(stream_out, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(stream_out, copy)
    shard = sorted((copy / "nt").glob("part-*.nt"))[1]
    paper = shard.read_text(encoding="utf-8").split(" ", 1)[0]
    with shard.open("a", encoding="utf-8") as stream:  # a paper "evaluated on" a method
        stream.write(
            f"{paper} <https://w3id.org/paperkg/ontology#evaluatedOn> "
            "<https://w3id.org/paperkg/concept/dropout> .\n"
        )
    report = validate_graph(copy, batch_bytes=1)
    assert not report.conforms
    faults = [v for v in report.violations if v.severity == "Violation"]
    assert len(faults) == 1 and "evaluatedOn" in faults[0].path
    assert run_cli("validate", str(copy)).returncode == 1


def test_export_of_a_stream_build_is_the_memory_builds_network(stream_out, seeds_build, tmp_path):
    memory_out, _ = seeds_build
    result = run_cli("export", str(stream_out), "--format", "graphml", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    memory = run_cli("export", str(memory_out), "--format", "graphml", "--out", str(tmp_path / "m"))
    assert memory.returncode == 0, memory.stderr.decode()
    assert (tmp_path / "graph.graphml").read_bytes() == (
        tmp_path / "m" / "graph.graphml"
    ).read_bytes()


def test_one_shard_comes_with_the_global_shard(stream_out, tmp_path):
    shard = sorted((stream_out / "nt").glob("part-*.nt"))[0]
    assert graph_files(shard) == [shard, stream_out / "nt" / "concepts.nt"]
    exported = run_cli("export", str(shard), "--format", "json", "--out", str(tmp_path))
    assert exported.returncode == 0, exported.stderr.decode()
    count = run_cli(
        "query", str(shard), "SELECT (COUNT(*) AS ?n) WHERE { ?p a pkg:Paper }", "--format", "csv"
    )
    assert count.stdout.decode().splitlines()[1] == "100"


def test_stores_and_exports_of_a_stream_build_go_to_its_folder(stream_out):
    assert build_folder(stream_out) == stream_out
    assert build_folder(stream_out / "nt") == stream_out
    assert build_folder(stream_out / "nt" / "part-00000.nt") == stream_out
    loaded = run_cli("load", str(stream_out / "nt"))
    assert loaded.returncode == 0, loaded.stderr.decode()
    assert loaded.stdout.decode().strip() == f"loaded: {stream_out / 'oxigraph'}"
