"""End to end: the seed pages through ``paperkg build`` and ``paperkg extract``."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from paperkg.namespaces import PKG
from paperkg.read.corpus import read_corpus
from support import SHARED, run_cli

pytestmark = pytest.mark.slow


def test_seeds_hold_257_unique_papers(seed_paths):
    report = read_corpus(seed_paths)
    merge = report.merge
    assert len(merge.papers) == 257
    assert sum(len({o.page.path for o in p.origins}) > 1 for p in merge.papers) == 43
    assert merge.read == len(merge.papers) + merge.merged + len(merge.skipped)
    assert not merge.skipped and not report.failures


@pytest.mark.parametrize(
    ("title", "start", "end", "authors", "date", "pages"),
    [
        (
            "Forward Learning of Graph Neural Networks",
            "Graph neural networks (GNNs) have achieved remarkable success",
            "We release our code at https://github.com/facebookresearch/forwardgnn.",
            8,
            "2024-03-16",
            5,
        ),
        (
            "Gradient Boosting Reinforcement Learning",  # no metadata on page 000, some on 003
            "Neural networks (NN) achieve remarkable results in various tasks",
            "characterized by structured or categorical features.",
            3,
            "2024-07-11",
            3,
        ),
        (
            "Cognitively Inspired Energy-Based World Models",
            "One of the predominant methods for training world models",
            "thinking and intelligently searching across state spaces.",
            None,
            None,
            1,
        ),
        (
            "Cascade R-CNN: Delving into High Quality Object Detection",
            "In object detection, an intersection over union (IoU) threshold",
            None,
            2,
            "2017-12-03",
            1,
        ),
    ],
)
def test_named_papers_parse_fields(seed_paths, title, start, end, authors, date, pages):
    papers = {p.title: p for p in read_corpus(seed_paths).merge.papers}
    paper = papers[title]
    assert paper.abstract.startswith(start)
    if end:
        assert paper.abstract.endswith(end)
    assert paper.author_count == authors
    assert (paper.date.isoformat() if paper.date else None) == date
    assert len({o.page.path for o in paper.origins}) == pages


def test_partial_dates_and_organisations_stay_as_printed(seed_paths):
    papers = {p.title: p for p in read_corpus(seed_paths).merge.papers}
    dragon = next(p for t, p in papers.items() if t.startswith("The Dragon Hatchling"))
    assert dragon.organization == "pathwaycom Pathway"
    assert dragon.date.isoformat() == "--09-30" and dragon.date.year is None
    assert dragon.upvotes == 21
    listing = dragon.origins[0].page.listing_date
    assert listing.year is None and listing.month == 10 and listing.day == 30


def test_build_writes_turtle_and_offline_html(seeds_build):
    out, result = seeds_build
    summary = result.stdout.decode()
    assert "257 papers" in summary and "55 merged duplicates" in summary
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(set(graph.subjects(RDF.type, PKG.Paper))) == 257
    assert len(set(graph.objects(None, DCTERMS.title))) >= 257
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert (
        'src="assets/vis-network.min.js"' in html and (out / "assets/vis-network.min.js").is_file()
    )
    assert "new vis.Network" in (out / "assets/paperkg.js").read_text(encoding="utf-8")
    for page in ("graph.html", "index.html", "paper.html", "concept.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", text), page
        for asset in re.findall(r'(?:src|href)="(assets/[^"]+)"', text):
            assert (out / asset).is_file(), asset
    assert len(list((out / "data").glob("p-*.js"))) == 2, "257 papers in shards of ~200"


def test_turtle_round_trips(seeds_build):
    out, _ = seeds_build
    first = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    again = rdflib.Graph().parse(data=first.serialize(format="turtle"), format="turtle")
    assert isomorphic(first, again)


def test_every_link_has_provenance(seeds_build):
    out, _ = seeds_build
    graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    links = set(graph.subjects(RDF.type, PKG.ExtractedLink))
    assert links
    for link in list(links)[:200]:
        confidence = float(graph.value(link, PKG.confidence))
        assert 0.0 <= confidence <= 1.0
        assert str(graph.value(link, PKG.evidence))
        assert graph.value(link, PKG.extractedBy) is not None
        assert graph.value(link, PKG.fromPage) is not None


def test_building_twice_gives_the_same_bytes(seeds_build, seed_paths, tmp_path):
    out, _ = seeds_build
    result = run_cli("build", *reversed(seed_paths), "--out", str(tmp_path))
    assert result.returncode == 0
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    for view in ("graph.html", "index.html", *(f"data/{p.name}" for p in (out / "data").iterdir())):
        assert (tmp_path / view).read_bytes() == (out / view).read_bytes(), view


def test_extract_output_feeds_the_scorer(seed_paths, tmp_path):
    result = run_cli("extract", *seed_paths)
    assert result.returncode == 0, result.stderr.decode()
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(rows) == 257
    for row in rows:
        assert set(row) >= {"id", "title", "entities"}
        for entity in row["entities"]:
            assert entity["type"] in {"method", "architecture", "dataset", "task", "repository"}
            assert entity["name"] and entity["surface"] and isinstance(entity["proposed"], bool)
    predictions = tmp_path / "pred.jsonl"
    predictions.write_bytes(result.stdout)
    scored = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            str(SHARED / "eval" / "dev_gold.jsonl"),
            str(predictions),
            "--json",
        ],
        capture_output=True,
        check=True,
    )
    scores = json.loads(scored.stdout)
    assert scores["papers_missing"] == 0
    # the extraction issue's bar on the dev gold: concept F1 stays at 0.85, every type
    # at 0.70; proposals and links as a guard against regressions (proposed F1 fell from
    # 0.86 to 0.84 when the vocabulary came to know some of the papers' own names)
    assert scores["concept"]["f1"] >= 0.85
    for concept_type in ("method", "architecture", "dataset", "task"):
        assert scores[concept_type]["f1"] >= 0.70, concept_type
    assert scores["repository"]["f1"] >= 0.98
    assert scores["proposed"]["f1"] >= 0.80


@pytest.mark.parametrize(
    ("gold_set", "figure", "at_least"),
    [
        # a second domain: 50 ACL abstracts annotated like the dev gold (0.675 before)
        ("acl_dev", ("concept", "f1"), 0.74),
        ("acl_dev", ("proposed", "f1"), 0.65),
        # typing: TDMSci sentences, datasets and tasks found with their type (0.13, 0.21)
        ("tdmsci_train", ("dataset", "recall"), 0.45),
        ("tdmsci_train", ("task", "recall"), 0.44),
    ],
)
def test_extraction_holds_on_other_gold_sets(tmp_path, gold_set, figure, at_least):
    folder = SHARED / "eval" / gold_set
    predictions = tmp_path / "pred.jsonl"
    result = run_cli("extract", str(folder / "input.jsonl"), "--out", str(predictions))
    assert result.returncode == 0, result.stderr.decode()
    scored = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / "score.py"),
            str(folder / "gold.jsonl"),
            str(predictions),
            "--json",
        ],
        capture_output=True,
        check=True,
    )
    row, measure = figure
    assert json.loads(scored.stdout)[row][measure] >= at_least
