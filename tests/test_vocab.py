"""Your own knowledge: an edited copy of the ontology folder read by every command
(--ontology DIR or PAPERKG_ONTOLOGY), and 'paperkg vocab' to list, search, check it
and see where a name resolves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from support import PAPERKG, ROOT, run_cli

NEW_DATASET = """
pkc:zorblax-corpus a skos:Concept, pkg:Dataset ;
    skos:inScheme pks:datasets ;
    skos:prefLabel "Zorblax Corpus"@en ;
    skos:altLabel "ZBX"@en .
"""

PAPER = {
    "title": "Reading the Zorblax Corpus",
    "abstract": "We train a tagger and evaluate it on ZBX, where it beats every baseline.",
}


@pytest.fixture()
def edited(tmp_path):
    """A copy of the ontology folder with one dataset the installed one does not know."""
    copy = tmp_path / "my-ontology"
    shutil.copytree(ROOT / "ontology", copy)
    with (copy / "vocabulary" / "datasets.ttl").open("a", encoding="utf-8") as stream:
        stream.write(NEW_DATASET)
    return copy


def _extract(*options: str, env: dict[str, str] | None = None, tmp_path) -> list[dict]:
    page = tmp_path / "paper.jsonl"
    page.write_text(json.dumps(PAPER) + "\n", encoding="utf-8")
    result = subprocess.run(
        [*PAPERKG, "extract", str(page), *options],
        capture_output=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)["entities"]


def test_an_edited_vocabulary_is_read_with_the_option_and_the_variable(edited, tmp_path):
    def zorblax(entities):
        return [(e["key"], e["type"]) for e in entities if "zorblax" in e["key"]]

    assert zorblax(_extract(tmp_path=tmp_path)) != [("zorblax-corpus", "dataset")]
    assert zorblax(_extract("--ontology", str(edited), tmp_path=tmp_path)) == [
        ("zorblax-corpus", "dataset")
    ]
    variable = {"PAPERKG_ONTOLOGY": str(edited)}
    assert zorblax(_extract(env=variable, tmp_path=tmp_path)) == [("zorblax-corpus", "dataset")]


def test_a_build_reads_the_edited_copy_too(edited, tmp_path):
    page = tmp_path / "paper.jsonl"
    page.write_text(json.dumps(PAPER) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(
        "build", str(page), "--out", str(out), "--format", "nt", "--ontology", str(edited)
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "<https://w3id.org/paperkg/concept/zorblax-corpus>" in (out / "graph.nt").read_text()


def test_vocab_resolve_shows_where_a_name_goes(edited):
    before = run_cli("vocab", "resolve", "ZBX", "--context", PAPER["abstract"])
    after = run_cli(
        "vocab", "resolve", "ZBX", "--context", PAPER["abstract"], "--ontology", str(edited)
    )
    assert after.returncode == 0, after.stderr.decode()
    assert "concept:zorblax-corpus (dataset" in after.stdout.decode()
    assert "https://w3id.org/paperkg/concept/zorblax-corpus" in after.stdout.decode()
    assert "zorblax-corpus" not in before.stdout.decode()


def test_vocab_lists_and_searches(edited):
    found = run_cli("vocab", "search", "zorblax", "--ontology", str(edited)).stdout.decode()
    assert found == "zorblax-corpus\tdataset\tZorblax Corpus\tZBX\n"
    listed = run_cli("vocab", "list", "--type", "dataset").stdout.decode().splitlines()
    assert len(listed) > 1000 and all(line.split("\t")[1] == "dataset" for line in listed)
    summary = run_cli("vocab").stdout.decode()
    assert "concepts (method " in summary and str(ROOT / "ontology") in summary
    metrics = run_cli("vocab", "list", "--type", "metric").stdout.decode().splitlines()
    assert f"metric {len(metrics)}" in summary and len(metrics) > 100  # results' metrics too
    assert "bleu\tmetric\tBLEU\t" in run_cli("vocab", "search", "bleu").stdout.decode()
    assert run_cli("vocab", "path").stdout.decode().strip() == str(ROOT / "ontology")


def test_vocab_check_passes_the_shipped_folder_and_names_what_is_wrong(edited):
    assert run_cli("vocab", "check").returncode == 0
    with (edited / "vocabulary" / "tasks.ttl").open("a", encoding="utf-8") as stream:
        stream.write(
            '\npkc:odd-task a skos:Concept, pkg:Task ; skos:prefLabel "odd task"@en ;'
            ' skos:broader pkc:no-such-concept ; skos:altLabel "Zorblax Corpus"@en .\n'
        )
    result = run_cli("vocab", "check", "--ontology", str(edited))
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1
    assert any("broader https://w3id.org/paperkg/concept/no-such-concept" in line for line in lines)
    assert any("alias 'Zorblax Corpus' is the preferred label" in line for line in lines)
    (edited / "lexicon.toml").write_text("not = [valid", encoding="utf-8")
    broken = run_cli("vocab", "check", "--ontology", str(edited))
    assert broken.returncode == 1 and "lexicon.toml" in broken.stdout.decode()


def test_an_ontology_folder_that_is_none_is_a_usage_error(tmp_path):
    result = run_cli("vocab", "--ontology", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.decode().startswith(
        f"paperkg: error: --ontology {tmp_path}: no paperkg.ttl"
    )
    search = run_cli("vocab", "search")
    assert search.returncode == 2 and "needs a TEXT" in search.stderr.decode()
