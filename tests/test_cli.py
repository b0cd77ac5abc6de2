"""The command line's contract: default input, summaries, error messages, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib

from support import FIXTURES, ROOT, run_cli


def test_build_defaults_to_the_built_in_sample(tmp_path):
    result = run_cli("build", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr.decode()
    summary = result.stdout.decode()
    assert "5 papers, 1 merged duplicates, 0 skipped" in summary
    assert "wrote" in summary
    assert "building the built-in sample page (five invented papers" in result.stderr.decode()
    graph = rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")
    assert len(graph) > 100


def test_missing_file_is_named_and_the_good_file_still_builds(tmp_path):
    sample = Path(__file__).resolve().parents[1] / "src/paperkg/data/sample_daily_papers.txt"
    result = run_cli("build", str(sample), str(tmp_path / "nope.txt"), "--out", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path / 'nope.txt'}: no such file" in result.stderr.decode()
    assert (tmp_path / "graph.ttl").exists()


def test_no_papers_at_all_exits_3(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result = run_cli("build", str(empty), "--out", str(tmp_path / "out"))
    assert result.returncode == 3
    assert "empty.txt: empty file" in result.stderr.decode()
    assert not (tmp_path / "out").exists()


def test_unknown_output_format_lists_the_known_ones(tmp_path):
    result = run_cli("build", "--format", "ttl,pdf", "--out", str(tmp_path))
    assert result.returncode == 2
    assert (
        "unknown output format pdf; known formats: ttl, nt, jsonld, graphml, gexf, json, csv, html"
        in result.stderr.decode()
    )


def test_bad_records_are_reported_with_file_and_line(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"title": "A Good Paper", "abstract": "We use graph neural networks (GNNs)."}\n'
        "{not json\n"
        '{"title": "No Abstract"}\n',
        encoding="utf-8",
    )
    result = run_cli("build", str(records), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    summary = result.stdout.decode()
    assert "1 papers, 0 merged duplicates, 2 skipped" in summary
    assert f"{records}:2: invalid JSON" in summary
    assert f"{records}:3: record has no abstract" in summary
    lines = (tmp_path / "out" / "skipped.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["file"], r["line"]) for r in rows] == [(str(records), 2), (str(records), 3)]
    assert rows[1]["reason"].startswith("record has no abstract")
    assert "skipped.jsonl" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.*")), ids=lambda p: p.name)
def test_every_record_is_kept_merged_or_skipped(fixture):
    from paperkg.read.corpus import read_corpus

    merge = read_corpus([str(fixture)]).merge
    assert merge.read == len(merge.papers) + merge.merged + len(merge.skipped)
    assert merge.read > 0


def test_extract_reads_standard_input():
    page = (FIXTURES.parent.parent / "src/paperkg/data/sample_daily_papers.txt").read_bytes()
    result = run_cli("extract", "-", stdin=page)
    assert result.returncode == 0, result.stderr.decode()
    assert len(result.stdout.decode().splitlines()) == 5


@pytest.mark.parametrize(
    "command", ["build", "extract", "query", "validate", "export", "load", "serve"]
)
def test_every_command_helps_with_examples(command):
    text = run_cli(command, "--help").stdout.decode()
    examples = text.split("examples:\n", 1)[1]
    assert all(line.strip().startswith("paperkg " + command) for line in examples.splitlines())


def test_top_level_help_lists_the_formats():
    text = run_cli("--help").stdout.decode()
    assert "input formats: daily-papers, jsonl, csv, hf-api, arxiv-atom" in text
    assert "output formats: ttl, nt, jsonld, graphml, gexf, json, csv, html" in text


def test_query_binds_variables_and_takes_options_anywhere(seeds_build):
    out, _ = seeds_build
    query = str(ROOT / "ontology" / "queries" / "papers-using-a-concept.rq")
    bound = run_cli(
        "query", str(out), "--file", query, "--bind", "concept=concept:mamba", "--format", "csv"
    )
    assert bound.returncode == 0, bound.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(bound.stdout.decode())))
    assert rows and {row["concept"] for row in rows} == {"https://w3id.org/paperkg/concept/mamba"}
    everything = run_cli("query", "--format", "csv", str(out), "--file", query)
    between = run_cli("query", str(out), "--format", "csv", "SELECT ?p WHERE { ?p a pkg:Paper }")
    assert between.returncode == 0 and len(between.stdout.decode().splitlines()) == 258
    assert len(everything.stdout.decode().splitlines()) > len(rows) + 1
    for wrong in ("concept", "1x=concept:mamba", "concept=<not an iri>"):
        result = run_cli("query", str(out), "--file", query, "--bind", wrong)
        assert result.returncode == 2, wrong
        error = result.stderr.decode().strip()
        assert "--bind" in error and len(error.splitlines()) == 1, error


def test_construct_and_describe_answer_in_turtle_or_n_triples(seeds_build):
    out, _ = seeds_build
    construct = (
        "CONSTRUCT { ?c a ?type ; skos:prefLabel ?label } "
        "WHERE { ?c a ?type ; skos:prefLabel ?label }"
    )
    turtle = run_cli("query", str(out), construct, "--format", "turtle", "--max-rows", "1000000")
    assert turtle.returncode == 0, turtle.stderr.decode()
    parsed = rdflib.Graph().parse(data=turtle.stdout.decode(), format="turtle")
    described = run_cli("query", str(out), "DESCRIBE concept:mamba", "--format", "ntriples")
    mamba = rdflib.Graph().parse(data=described.stdout.decode(), format="nt")
    label = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    assert (
        rdflib.URIRef("https://w3id.org/paperkg/concept/mamba"),
        label,
        rdflib.Literal("Mamba", lang="en"),
    ) in mamba
    assert set(mamba.triples((None, label, None))) <= set(parsed)
    wrong = run_cli("query", str(out), "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--format", "turtle")
    assert wrong.returncode == 2 and b"CONSTRUCT or DESCRIBE" in wrong.stderr


def test_a_binding_the_query_cannot_take_is_one_line(seeds_build):
    out, _ = seeds_build
    result = run_cli("query", str(out), "SELECT ?x WHERE { ?x a pkg:Paper }", "--bind", "y=z")
    error = result.stderr.decode().strip()
    assert result.returncode == 2 and "--bind" in error and len(error.splitlines()) == 1, error
