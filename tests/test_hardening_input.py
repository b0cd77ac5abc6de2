"""Hardening against bad input: titles in any Unicode form, URLs that are no IRIs,
records that break parsers, odd files. Bad records are skipped with a reason and the
good ones beside them survive; every written graph loads in Oxigraph and every XML
output parses."""

from __future__ import annotations

import json
import string
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from paperkg.export.rdf import paper_iri
from paperkg.identifiers import paper_slug, slugify
from paperkg.model import Origin, Paper, SourcePage, title_key
from paperkg.namespaces import PAPER

GOOD = "We propose {name}, a model with graph neural networks (GNNs) that works well on CIFAR-10."
PAPER_CLASS = "https://w3id.org/paperkg/ontology#Paper"
TITLE = "http://purl.org/dc/terms/title"


def _jsonl(*records: dict) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _build(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """``paperkg build`` as a user runs it; never a traceback."""
    result = run_cli("build", str(source), "--out", str(out), *options)
    output = result.stdout.decode() + result.stderr.decode()
    assert "Traceback" not in output, output[-3000:]
    return result


def _store(path: Path) -> ox.Store:
    """The graph file loaded by Oxigraph (what ``query``, ``load`` and ``serve`` do)."""
    store = ox.Store()
    kind = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.N_TRIPLES
    store.bulk_load(path=str(path), format=kind)
    return store


def _titles_by_paper(store: ox.Store) -> dict[str, list[str]]:
    titles: dict[str, list[str]] = {}
    query = f"SELECT ?p ?t WHERE {{ ?p a <{PAPER_CLASS}> ; <{TITLE}> ?t }}"
    for row in store.query(query):
        titles.setdefault(row["p"].value, []).append(row["t"].value)
    return titles


# --- 3: title keys and paper IRIs -----------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Caf\u00e9 Networks", "Cafe\u0301 Networks"),  # NFC and NFD
        ("\uff27\uff30\uff34 Tuning", "GPT Tuning"),  # fullwidth and ASCII
        ("\ufb01ne-Tuning", "Fine-Tuning"),  # a ligature
        ("STRASSE Models", "Stra\u00dfe models"),  # casefold
        ("Graph Mamba: Towards", "graph-mamba towards"),  # punctuation and spaces
    ],
)
def test_title_key_folds_forms_of_one_title(first: str, second: str):
    assert title_key(first) == title_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("\u03b1-Divergence Inference", "Divergence Inference"),
        ("\u03b1-Divergence Inference", "\u03b2-Divergence Inference"),
        ("C++ Program Synthesis", "C Program Synthesis"),
        ("C++ Program Synthesis", "Cplusplus Program Synthesis"),
        ("C# Analysers", "C Analysers"),
        ("C# Analysers", "Csharp Analysers"),
        ("\u0915\u093f Models", "\u0915 Models"),  # a Devanagari vowel sign is a mark, kept
        ("Caf\u00e9 Networks", "Cafe Networks"),
    ],
)
def test_distinct_titles_have_distinct_keys_and_iris(first: str, second: str):
    assert title_key(first) != title_key(second)
    origin = Origin(SourcePage("page.txt"), 1)
    one, other = (Paper(title, "An abstract.", (origin,)) for title in (first, second))
    assert paper_iri(one) != paper_iri(other)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable.translate(str.maketrans("", "", "+#p")), max_size=120))
def test_ascii_titles_keep_the_slugs_they_had(title: str):
    """ASCII titles keep their IRIs byte for byte..."""
    assert paper_slug(title) == slugify(title)


@pytest.mark.parametrize(
    ("title", "same"),
    [
        ("PFGM++: Unlocking Generative Models", True),  # ... and with symbols after a word
        ("PointNet++ and C# for Point Sets", True),
        ("Sharpness-Aware Minimization: Plus Ultra", True),
        ("Cplusplus Programs", False),  # "C++ Programs" keeps "cplusplus-programs"
        ("Surplus Value Models", False),
        ("A + B Testing", False),
    ],
)
def test_titles_spelling_symbols_keep_their_slugs_unless_ambiguous(title: str, same: bool):
    assert (paper_slug(title) == slugify(title)) is same
    assert paper_slug(title).startswith(slugify(title))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab +#-plushar\u03b1\u00e9", max_size=14), min_size=2, max_size=2))
def test_paper_slugs_are_distinct_for_distinct_keys(titles: list[str]):
    first, second = titles
    if title_key(first) != title_key(second):
        assert paper_slug(first) != paper_slug(second)


@pytest.mark.slow
def test_seed_paper_iris_are_unchanged(seeds_corpus):
    """Every seed paper keeps the IRI it had: "PFGM++: ..." too."""
    for paper in seeds_corpus.papers.values():
        assert paper_iri(paper) == f"{PAPER}{slugify(paper.title)}", paper.title
    assert any("+" in paper.title for paper in seeds_corpus.papers.values())


def test_paper_iris_keep_distinct_titles_apart(tmp_path: Path):
    titles = [
        "\u03b1-Divergence Variational Inference",
        "\u03b2-Divergence Variational Inference",
        "Divergence Variational Inference",
        "C++ Program Synthesis",
        "Cplusplus Program Synthesis",
        "Caf\u00e9 Networks",
        "Cafe\u0301 Networks",  # the same title in NFD: the same paper
        "\uff27\uff30\uff34 Tuning",
        "GPT Tuning",  # the same title in ASCII: the same paper
    ]
    source = tmp_path / "titles.jsonl"
    source.write_text(
        _jsonl(
            *({"title": t, "abstract": GOOD.format(name=f"Net{i}")} for i, t in enumerate(titles))
        ),
        encoding="utf-8",
    )
    result = _build(source, tmp_path / "out", "--format", "nt")
    assert result.returncode == 0
    assert "7 papers, 2 merged duplicates, 0 skipped" in result.stdout.decode()
    titles_of = _titles_by_paper(_store(tmp_path / "out" / "graph.nt"))
    assert len(titles_of) == 7
    assert all(len(found) == 1 for found in titles_of.values()), titles_of
