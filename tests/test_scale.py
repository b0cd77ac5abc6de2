"""The streaming engines give the in-memory build's triples, in bounded pieces.

Speed and memory are measured in ``benchmarks/build_scale.py``, not here.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperkg.engines.memory import extract_and_link
from paperkg.engines.stream import stream_build
from paperkg.export.rdf import write_rdf
from paperkg.read.corpus import read_corpus
from support import FIXTURES, ROOT, run_cli


def _shard_lines(out: Path) -> list[str]:
    lines = []
    for shard in sorted((out / "nt").glob("*.nt")):
        lines.extend(shard.read_text(encoding="utf-8").splitlines())
    return sorted(lines)


@pytest.fixture(scope="module")
def memory_lines(seeds_corpus, tmp_path_factory) -> list[str]:
    path = write_rdf(seeds_corpus, tmp_path_factory.mktemp("memory") / "graph.nt", format="nt")
    return sorted(path.read_text(encoding="utf-8").splitlines())


def test_stream_engine_writes_the_in_memory_triples(
    seed_paths, seeds_corpus, memory_lines, tmp_path
):
    report = stream_build(seed_paths, tmp_path, jobs=2, partition_size=60)
    # four partitions of 60 cut while reading; the rest, with the papers a later
    # page's duplicate changed, in two more
    assert report.partitions == 6
    assert sorted(p.name for p in (tmp_path / "nt").iterdir()) == [
        "concepts.nt",
        *(f"part-{n:05d}.nt" for n in range(6)),
    ]
    lines = _shard_lines(tmp_path)
    assert lines == memory_lines
    assert report.triples == len(lines)
    assert report.papers == len(seeds_corpus.papers) == 257
    assert report.links == len(seeds_corpus.links)
    assert not list(tmp_path.glob(".paperkg-work-*")), "the work folder is removed"


def test_concept_table_matches_the_graph(seed_paths, seeds_corpus, tmp_path):
    stream_build(seed_paths, tmp_path, jobs=1)
    with (tmp_path / "concepts.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["key"] for row in rows] == sorted(seeds_corpus.concepts)
    papers_of: dict[str, set[str]] = {}
    for link in seeds_corpus.links:
        papers_of.setdefault(link.target_key, set()).add(link.paper_key)
    for reported in seeds_corpus.results:  # a metric's papers are those reporting on it
        if reported.metric_key:
            papers_of.setdefault(reported.metric_key, set()).add(reported.paper_key)
    for row in rows:
        concept = seeds_corpus.concepts[row["key"]]
        assert (row["label"], row["type"]) == (concept.label, concept.type)
        assert int(row["papers"]) == len(papers_of.get(row["key"], ()))
        assert row["broader"].split("|") == list(concept.broader) or not concept.broader
    counts = {row["key"]: int(row["papers"]) for row in rows}
    assert counts["mixture-of-experts"] >= 5  # a concept many seed papers use


def test_a_rebuild_leaves_no_stale_shard(seed_paths, memory_lines, tmp_path):
    report = stream_build(seed_paths, tmp_path, jobs=1, partition_size=30)
    assert len(list((tmp_path / "nt").glob("part-*.nt"))) == report.partitions > 8
    stream_build(seed_paths, tmp_path, jobs=1, partition_size=1000)
    assert [p.name for p in sorted((tmp_path / "nt").glob("part-*.nt"))] == ["part-00000.nt"]
    assert _shard_lines(tmp_path) == memory_lines


def test_duplicates_keep_the_longest_abstract(tmp_path):
    short = {"title": "Sparse Mixers", "abstract": "We propose SparseMixer."}
    long = {**short, "abstract": "We propose SparseMixer, a sparse MLP-Mixer for ImageNet."}
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps(short) + "\n", encoding="utf-8")
    second.write_text(json.dumps(long) + "\n", encoding="utf-8")
    report = stream_build([str(first), str(second)], tmp_path / "out", jobs=1)
    assert (report.papers, report.read.merge.merged) == (1, 1)
    text = _shard_lines(tmp_path / "out")
    assert any("a sparse MLP-Mixer for ImageNet." in line for line in text)
    assert not any(line.endswith('"We propose SparseMixer." .') for line in text)


def test_a_duplicate_read_after_its_partition_went_out_is_extracted_again(tmp_path):
    records = [{"title": f"Paper {n}", "abstract": f"We propose Net{n}."} for n in range(4)]
    longer = "We propose Net0, a graph neural network evaluated on CIFAR-10."
    records.append({"title": "Paper 0", "abstract": longer})
    page = tmp_path / "page.jsonl"
    page.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    # partitions of two are cut while reading: [Paper 0, Paper 1] is extracting when
    # the second record of Paper 0 arrives, so Paper 0 goes again, merged, in a third
    report = stream_build([str(page)], tmp_path / "out", jobs=1, partition_size=2)
    assert (report.partitions, report.papers, report.read.merge.merged) == (3, 4, 1)
    lines = _shard_lines(tmp_path / "out")
    abstracts = [line for line in lines if "/paper-0> <http://purl.org/dc/terms/abstract>" in line]
    assert abstracts == [
        f'<https://w3id.org/paperkg/paper/paper-0> <http://purl.org/dc/terms/abstract> "{longer}" .'
    ]
    assert not any('"We propose Net0."' in line for line in lines)  # the stale copy's
    assert sum("#evidence>" in line and longer in line for line in lines) == 3
    memory = read_corpus([str(page)])
    corpus = extract_and_link(memory.merge.papers, skipped=memory.merge.skipped)
    graph = write_rdf(corpus, tmp_path / "memory.nt", format="nt")
    assert lines == sorted(graph.read_text(encoding="utf-8").splitlines())


def test_a_duplicate_that_adds_only_metadata_is_not_extracted_again(tmp_path):
    records = [
        {"title": f"Paper {n}", "abstract": f"We propose Net{n} for CIFAR-10."} for n in range(4)
    ]
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    again = {**records[0], "authors": ["Ada Lovelace"], "date": "2024-05-01"}
    second.write_text(json.dumps(again) + "\n", encoding="utf-8")
    paths = [str(first), str(second)]
    report = stream_build(paths, tmp_path / "out", jobs=1, partition_size=2)
    # Paper 0's copy, already extracting, keeps its mentions and takes the merged record
    assert (report.partitions, report.papers, report.read.merge.merged) == (2, 4, 1)
    lines = _shard_lines(tmp_path / "out")
    assert any("Ada Lovelace" in line for line in lines)
    assert (
        sum("/paper-0> <https://w3id.org/paperkg/ontology#listedOn>" in line for line in lines) == 2
    )
    memory = read_corpus(paths)
    corpus = extract_and_link(memory.merge.papers, skipped=memory.merge.skipped)
    graph = write_rdf(corpus, tmp_path / "memory.nt", format="nt")
    assert lines == sorted(graph.read_text(encoding="utf-8").splitlines())


def test_duplicates_in_one_file_keep_the_longest_abstract(tmp_path):
    """Two records of one paper on one page: the page is one origin, the abstract the longest."""
    records = [
        {"title": "Sparse Mixers", "abstract": "We propose SparseMixer, a sparse MLP-Mixer."},
        {"title": "Sparse mixers", "abstract": "We propose SparseMixer."},
    ]
    page = tmp_path / "page.jsonl"
    page.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = stream_build([str(page)], tmp_path / "out", jobs=1)
    assert (report.papers, report.read.merge.merged) == (1, 1)
    assert any("a sparse MLP-Mixer." in line for line in _shard_lines(tmp_path / "out"))


def test_stream_cli_reports_bad_input_and_keeps_the_good(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 Transformers\n\nAn abstract.\n".encode("latin-1"))
    result = run_cli(
        "build",
        "--engine",
        "stream",
        "--jobs",
        "1",
        str(FIXTURES / "records.jsonl"),
        str(latin1),
        "--out",
        str(tmp_path / "out"),
    )
    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "latin1.txt:1: not valid utf-8" in stderr
    skipped = [json.loads(line) for line in (tmp_path / "out" / "skipped.jsonl").open()]
    assert any(row["file"].endswith("latin1.txt") for row in skipped)
    assert _shard_lines(tmp_path / "out"), "the good file's papers are built"
    assert (tmp_path / "out" / "concepts.csv").exists()


def test_update_and_other_formats_need_the_memory_engine(tmp_path):
    result = run_cli("build", "--engine", "stream", "--update", str(tmp_path))
    assert result.returncode == 2  # a usage error
    assert "--update works with the memory engine" in result.stderr.decode()
    result = run_cli("build", "--engine", "stream", "--format", "ttl", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "writes N-Triples shards and concepts.csv only" in result.stderr.decode()


@pytest.mark.slow
def test_dask_engine_on_a_local_cluster_writes_the_same_triples(seed_paths, memory_lines, tmp_path):
    from distributed import Client, LocalCluster

    from paperkg.engines.dask import DaskPool

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        report = stream_build(
            seed_paths, tmp_path, pool=DaskPool(cluster.scheduler_address, 2), jobs=2
        )
        workers = client.scheduler_info()["workers"]
    assert len(workers) == 2
    assert report.partitions == 2
    assert _shard_lines(tmp_path) == memory_lines


def test_dask_engine_without_the_extra_says_how_to_install_it(tmp_path):
    """``distributed`` made unimportable, as on an install without ``paperkg[dask]``."""
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from paperkg.cli import main\n"
        f"sys.exit(main(['build', '--engine', 'dask', {str(FIXTURES / 'records.jsonl')!r},"
        f" '--out', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 4
    assert "pip install 'paperkg[dask]'" in result.stderr.decode()


def test_query_and_load_read_a_stream_build(seed_paths, seeds_build, tmp_path):
    """SPARQL over the shards answers as over the in-memory build's graph.ttl."""
    memory_out, _ = seeds_build
    stream_build(seed_paths, tmp_path, jobs=1, partition_size=100)
    query = str(ROOT / "ontology" / "queries" / "top-concepts.rq")
    answers = [
        run_cli("query", str(out), "--file", query, "--format", "csv")
        for out in (memory_out, tmp_path)
    ]
    assert all(a.returncode == 0 for a in answers), answers[1].stderr.decode()
    assert answers[0].stdout == answers[1].stdout
    assert answers[1].stdout.decode().count("\n") == 21  # header and the top 20
    loaded = run_cli("load", str(tmp_path), "--store", str(tmp_path / "store"))
    assert loaded.returncode == 0, loaded.stderr.decode()
    assert loaded.stdout.decode().startswith("loaded")
    again = run_cli("load", str(tmp_path), "--store", str(tmp_path / "store"))
    assert again.stdout.decode().startswith("already loaded")


def test_spelling_variants_across_papers_are_one_concept_in_every_engine(tmp_path):
    # one name written three ways in three papers (partitions of one paper each)
    records = [
        {"id": "a", "title": "Paper A", "abstract": "We study Sub-graph matching with CoTeaching."},
        {
            "id": "b",
            "title": "Paper B",
            "abstract": "We study sub graph matching with Co-Teaching.",
        },
        {"id": "c", "title": "Paper C", "abstract": "We study subgraph matching and ZorbNet-2-7B."},
        {"id": "d", "title": "Paper D", "abstract": "We also try ZorbNet-27B in this paper."},
    ]
    source = tmp_path / "variants.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    corpus = extract_and_link(read_corpus([str(source)]).merge.papers)
    keys = {link.target_key for link in corpus.links}
    assert {"subgraph-matching", "co-teaching"} <= keys
    assert not {"sub-graph-matching", "coteaching"} & keys
    assert {"zorbnet-2-7b", "zorbnet-27b"} <= keys  # a hyphen between digits stays
    memory = sorted(write_rdf(corpus, tmp_path / "graph.nt", format="nt").read_text().splitlines())
    stream_build([str(source)], tmp_path / "stream", jobs=1, partition_size=1)
    assert _shard_lines(tmp_path / "stream") == memory


def test_a_paper_naming_two_spellings_counts_once_in_every_engine(tmp_path):
    # paper B's "QZT" takes paper A's key (quux-zorb-tagging) only corpus-wide, beside
    # its own "quuxzorb tagging": two entities of one paper that fold into one concept
    records = [
        {"id": "a", "title": "Paper A", "abstract": "We use the quux zorb tagging (QZT) here."},
        {"id": "b", "title": "Paper B", "abstract": "We use QZT, and quuxzorb tagging is fast."},
        {"id": "c", "title": "Paper C", "abstract": "We try ZorbNet-2-7 and ZorbNet-27 here."},
    ]
    source = tmp_path / "spellings.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    corpus = extract_and_link(read_corpus([str(source)]).merge.papers)
    tagging = {link.paper_key for link in corpus.links if link.target_key == "quux-zorb-tagging"}
    assert len(tagging) == 2
    # within one paper too, a hyphen between digits keeps two names apart
    assert {"zorbnet-2-7", "zorbnet-27"} <= {link.target_key for link in corpus.links}
    memory = sorted(write_rdf(corpus, tmp_path / "graph.nt", format="nt").read_text().splitlines())
    assert any("quux-zorb-tagging" in line and '"2"' in line for line in memory)
    stream_build([str(source)], tmp_path / "stream", jobs=1, partition_size=1)
    assert _shard_lines(tmp_path / "stream") == memory
    with (tmp_path / "stream" / "concepts.csv").open(encoding="utf-8", newline="") as rows:
        counts = {row["key"]: row for row in csv.DictReader(rows)}
    assert counts["quux-zorb-tagging"]["papers"] == "2"
