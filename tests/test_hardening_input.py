"""Hardening against bad input: titles in any Unicode form, URLs that are no IRIs,
records that break parsers, odd files. Bad records are skipped with a reason and the
good ones beside them survive; every written graph loads in Oxigraph and every XML
output parses."""

from __future__ import annotations

import csv
import json
import os
import re
import string
import subprocess
import threading
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperkg.errors import InputError
from paperkg.export.networks import xml_text
from paperkg.identifiers import http_iri, paper_iri, paper_slug, slugify
from paperkg.model import Origin, Paper, Skipped, SourcePage, title_key
from paperkg.namespaces import PAPER
from paperkg.read import read_path
from paperkg.read.fields import clean_text
from support import run_cli

GOOD = "We propose {name}, a model with graph neural networks (GNNs) that works well on CIFAR-10."
PAPER_CLASS = "https://w3id.org/paperkg/ontology#Paper"
TITLE = "http://purl.org/dc/terms/title"
FILE_NAME = "https://w3id.org/paperkg/ontology#fileName"


def _jsonl(*records: dict) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _build(sources: Path | list[Path], out: Path, *options: str) -> subprocess.CompletedProcess:
    """``paperkg build`` as a user runs it; never a traceback."""
    paths = [str(path) for path in (sources if isinstance(sources, list) else [sources])]
    result = run_cli("build", *paths, "--out", str(out), *options)
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


# --- 8: URLs that are no IRIs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "iri"),
    [
        ("https://github.com/a/b", "https://github.com/a/b"),  # valid IRIs stay as they are
        ("http://arxiv.org/abs/2401.00001v2", "http://arxiv.org/abs/2401.00001v2"),
        ("https://x.org/caf\u00e9?q=%41#top", "https://x.org/caf\u00e9?q=%41#top"),
        ("https://github.com/user/repo%", "https://github.com/user/repo%25"),
        ("https://github.com/u/r%zz", "https://github.com/u/r%25zz"),
        ("https://x.org/a b/[1]", "https://x.org/a%20b/%5B1%5D"),
        ("https://x.org/a#b#c", "https://x.org/a#b%23c"),
        ("https://x.org/\ufffe\ud800", "https://x.org/%EF%BF%BE%EF%BF%BD"),
        ("https://[::1]:8080/", "https://[::1]:8080/"),
        ("javascript:alert(1)", None),
        ("https://exa mple.org/", None),
        ("https://x.org:80x/", None),
        ("https://[not-ipv6]/", None),
        ("https:///path", None),
    ],
)
def test_http_iri(url: str, iri: str | None):
    assert http_iri(url) == iri


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "HTTP://"]),
    st.text(max_size=15),
    st.sampled_from(["", "/", "/a%", "?", "#"]),
    st.text(max_size=40),
)
def test_http_iris_are_iris_oxigraph_accepts(scheme: str, host: str, separator: str, rest: str):
    iri = http_iri(scheme + host + separator + rest)
    if iri is not None:
        ox.NamedNode(iri)


def test_graph_with_stray_percent_in_urls_loads_queries_and_stores(tmp_path: Path):
    source = tmp_path / "percent.jsonl"
    source.write_text(
        _jsonl(
            {
                "title": "Stray Percent",
                "abstract": GOOD.format(name="A") + " Code: https://github.com/user/repo%.",
            },
            {
                "title": "Bad Escape",
                "abstract": GOOD.format(name="B")
                + " See https://github.com/u/r%zz and https://x.org/a%20b%",
            },
            {
                "title": "Bad URL Field",
                "abstract": GOOD.format(name="C"),
                "url": "https://example.org/100% sure [draft]",
            },
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert _build(source, out, "--format", "ttl,nt").returncode == 0
    for name in ("graph.ttl", "graph.nt"):
        store = _store(out / name)
        assert len(_titles_by_paper(store)) == 3
        urls = {
            row["u"].value for row in store.query("SELECT ?u { ?s <https://schema.org/url> ?u }")
        }
        assert {
            "https://github.com/user/repo%25",
            "https://github.com/u/r%25zz",
            "https://x.org/a%20b%25",
            "https://example.org/100%25%20sure%20%5Bdraft%5D",
        } <= urls
    query = run_cli("query", str(out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert query.returncode == 0, query.stderr.decode()
    load = run_cli("load", str(out), "--store", str(tmp_path / "store"))
    assert load.returncode == 0, load.stderr.decode()


# --- 9: records that break the decoder, file names that are not UTF-8 -----------------

DEEP = "[" * 100_000 + "]" * 100_000
SURROGATE_TITLE = '{"title": "Bad \\ud800 Title", "abstract": "Fine."}'
SURROGATE_AUTHOR = '{"title": "T", "abstract": "Fine.", "authors": ["A \\udfff"]}'


def _read(path: Path) -> tuple[list[Paper], list[Skipped]]:
    items = list(read_path(str(path)))
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, Skipped)]


@pytest.mark.parametrize(
    ("name", "bad", "reason"),
    [
        ("title.jsonl", SURROGATE_TITLE, "field 'title' has a lone surrogate (\\ud800)"),
        ("author.jsonl", SURROGATE_AUTHOR, "field 'authors' has a lone surrogate (\\udfff)"),
        ("deep.jsonl", '{"title": "T", "abstract": "A.", "x": ' + DEEP + "}", "JSON nested too"),
        ("deep-list.jsonl", DEEP, "JSON nested too deeply"),
        ("title.json", SURROGATE_TITLE, "field 'title' has a lone surrogate (\\ud800)"),
        ("deep.json", '{"title": "T", "abstract": "A.", "x": ' + DEEP + "}", "JSON nested too"),
        ("deep-list.json", '["]\\"[", ' + DEEP + "]", "JSON nested too deeply"),
    ],
)
def test_a_record_that_breaks_the_decoder_is_skipped_alone(
    tmp_path: Path, name: str, bad: str, reason: str
):
    good = [json.dumps({"title": f"Good {n}", "abstract": "Fine."}) for n in (1, 2)]
    lines = [good[0], bad, good[1]]
    path = tmp_path / name
    text = "\n".join(lines) + "\n" if name.endswith(".jsonl") else "[" + ",\n".join(lines) + "]"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    papers, skipped = _read(path)
    assert [p.title for p in papers] == ["Good 1", "Good 2"]
    [skip] = skipped
    assert (skip.origin.line, skip.origin.page.path) == (2, str(path))
    assert skip.reason.startswith(reason)


def test_api_entries_before_a_syntax_error_are_kept(tmp_path: Path):
    path = tmp_path / "cut.json"
    path.write_text(
        '[{"title": "Kept", "abstract": "Fine."},\n {"title": "T", "abstract": ', "utf-8"
    )
    items = read_path(str(path))
    assert next(items).title == "Kept"
    with pytest.raises(InputError, match="invalid JSON") as info:
        next(items)
    assert info.value.location == f"{path}:2"


def test_bad_records_and_names_build_with_the_good_ones(tmp_path: Path):
    """The CLI on a surrogate, a deep record and files named in Latin-1 bytes."""
    good = {"title": "Good Paper", "abstract": GOOD.format(name="GoodNet")}
    other = {"title": "Other Paper", "abstract": GOOD.format(name="OtherNet")}
    records = tmp_path / "records.jsonl"
    records.write_text(
        f'{json.dumps(good)}\n{SURROGATE_TITLE}\n{"{"}"x": {DEEP}{"}"}\n', encoding="utf-8"
    )
    latin1 = tmp_path / os.fsdecode(b"caf\xe9.jsonl")
    latin1.write_text(_jsonl(other), encoding="utf-8")
    missing = tmp_path / os.fsdecode(b"gone\xff.jsonl")
    out = tmp_path / "out"
    result = _build([records, latin1, missing], out, "--format", "ttl,nt")
    assert result.returncode == 1  # done, but one input could not be read
    assert "2 papers, 0 merged duplicates, 2 skipped" in result.stdout.decode()
    errors = result.stderr.decode().splitlines()
    assert errors == [f"paperkg: error: {tmp_path}/gone%FF.jsonl: no such file"]
    rows = [json.loads(line) for line in (out / "skipped.jsonl").read_text("utf-8").splitlines()]
    assert [(Path(r["file"]).name, r["line"], r["reason"][:22]) for r in rows] == [
        ("gone%FF.jsonl", None, "no such file"),
        ("records.jsonl", 2, "field 'title' has a lo"),
        ("records.jsonl", 3, "JSON nested too deeply"),
    ]
    store = _store(out / "graph.nt")
    assert sorted(t for [t] in _titles_by_paper(store).values()) == ["Good Paper", "Other Paper"]
    names = {row["n"].value for row in store.query(f"SELECT ?n {{ ?p <{FILE_NAME}> ?n }}")}
    assert names == {"records.jsonl", "caf%E9.jsonl"}


# --- 10: fields that are not text, files that are not the format they look like -------


@pytest.mark.parametrize("suffix", ["jsonl", "json"])
@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": ["a", "list"]}, "field 'title' is a JSON array, not text"),
        ({"title": True}, "field 'title' is a JSON boolean (true), not text"),
        ({"title": 1984}, "field 'title' is a JSON number (1984), not text"),
        ({"abstract": {"text": "A."}}, "field 'abstract' is a JSON object, not text"),
        ({"abstract": None, "summary": 3.5}, "field 'summary' is a JSON number (3.5), not text"),
        ({"url": 7}, "field 'url' is a JSON number (7), not text"),
        ({"authors": ["Ada", ["Nested"]]}, "field 'authors' is a JSON array, not text"),
    ],
)
def test_a_field_that_is_not_text_skips_its_record(
    tmp_path: Path, suffix: str, fields: dict, reason: str
):
    records = [
        {"title": "Good 1", "abstract": "Fine."},
        {"title": "Bad", "abstract": "Fine.", **fields},
        {"title": "Good 2", "abstract": "Fine."},
    ]
    path = tmp_path / f"records.{suffix}"
    text = _jsonl(*records) if suffix == "jsonl" else json.dumps(records)
    path.write_text(text, encoding="utf-8")
    papers, skipped = _read(path)
    assert [p.title for p in papers] == ["Good 1", "Good 2"]
    assert [(s.origin.line, s.reason) for s in skipped] == [(2, reason)]


def test_ids_and_years_may_be_numbers(tmp_path: Path):
    path = tmp_path / "numbers.jsonl"
    record = {"title": "T", "abstract": "A.", "arxiv_id": 2403.01234, "year": 2021}
    path.write_text(_jsonl(record, record | {"title": "U"}), encoding="utf-8")
    papers, _ = _read(path)
    assert [(p.arxiv_id, p.date.isoformat()) for p in papers] == [("2403.01234", "2021")] * 2


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("listing.txt", "name,abstract\nFoo,Bar.\n", 1, "no 'title' column (its columns: 'name', "),
        ("papers.csv", "name;text\nFoo;Bar\n", 1, "no 'title' or 'abstract' column (its colu"),
        ("titles.csv", "title\nFoo\n", 1, "no 'abstract' column (its columns: 'title')"),
        ("late.csv", "\n\nid,summary\n1,Bar.\n", 3, "no 'title' column (its columns: 'id', "),
    ],
)
def test_csv_without_a_title_or_abstract_column_names_its_columns(
    tmp_path: Path, name: str, text: str, line: int, message: str
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as info:
        list(read_path(str(path)))
    assert info.value.location == f"{path}:{line}"


def test_csv_after_blank_lines_counts_lines_from_the_top(tmp_path: Path):
    path = tmp_path / "late.csv"
    path.write_text("\n\ntitle,abstract\nT,A.\n", encoding="utf-8")
    [paper] = read_path(str(path))
    assert (paper.title, paper.origins[0].line) == ("T", 4)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ('{"title": "One Line", "abstract": "A."}\n', "One Line"),
        ('{\n  "title": "Pretty Printed",\n  "abstract": "A."\n}\n', "Pretty Printed"),
        ('{"papers": [{"title": "T", "abstract": "A."}]}', None),
        ('{"papers": [\n  {"title": "T", "abstract": "A."}\n]}\n', None),
        ('{\n  "data": {"papers": []},\n  "count": 0\n}\n', None),
    ],
)
def test_one_json_object_is_one_record_or_named_as_what_it_is(
    tmp_path: Path, text: str, title: str | None
):
    path = tmp_path / "object.json"
    path.write_text(text, encoding="utf-8")
    if title:
        [paper] = read_path(str(path))
        assert (paper.title, paper.origins[0].line) == (title, 1)
    else:
        with pytest.raises(InputError, match="this is one JSON object \\(keys: '") as info:
            list(read_path(str(path)))
        assert "not JSON Lines" in info.value.reason and "JSON array" in info.value.reason


def test_csv_without_titles_is_one_line_error_and_no_paper(tmp_path: Path):
    """The CLI: the header of a CSV without a title column never becomes a paper."""
    table = tmp_path / "table.csv"
    table.write_text("name,abstract\nFoo,We propose FooNet.\n", encoding="utf-8")
    papers = tmp_path / "papers.jsonl"
    papers.write_text(_jsonl({"title": "Kept", "abstract": GOOD.format(name="K")}), "utf-8")
    out = tmp_path / "out"
    result = _build([table, papers], out, "--format", "nt")
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"paperkg: error: {table}:1: the CSV header has no 'title' column (its columns: "
        "'name', 'abstract'); name the column of titles 'title' and that of abstracts 'abstract'"
    ]
    titles = [t for [t] in _titles_by_paper(_store(out / "graph.nt")).values()]
    assert titles == ["Kept"]
    only = _build(table, tmp_path / "none")
    assert only.returncode == 3 and not (tmp_path / "none").exists()


# --- 11: characters XML cannot hold -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Bad\ufffe Title\uffff", "Bad Title"),
        ("C1\x85control\x9f here", "C1 control here"),
        ("Non\ufdd0characters\U0001fffe\U0010ffff", "Noncharacters"),
        ("Bell\x07 and\x00 NUL", "Bell and NUL"),
        ("Kept: \u00e9 \u4e2d \U0001f600 \ue000", "Kept: \u00e9 \u4e2d \U0001f600 \ue000"),
    ],
)
def test_clean_text_drops_what_xml_cannot_hold(raw: str, clean: str):
    assert clean_text(raw) == clean
    for text in (clean, xml_text(raw)):  # both are XML text (&, < aside)
        assert ElementTree.fromstring(f"<t>{text}</t>").text == text


def test_graphml_and_gexf_parse_whatever_titles_and_file_names_hold(tmp_path: Path):
    source = tmp_path / "page\x01\x1f.jsonl"  # a file name XML cannot hold either
    records = [
        {"title": "Bad\ufffe Title\uffff One", "abstract": GOOD.format(name="OneNet\ufffe")},
        {"title": "C1\x85 and\x9f\ufdd0 Two", "abstract": GOOD.format(name="Two\x0bNet")},
    ]
    source.write_text(_jsonl(*records), encoding="utf-8")
    out = tmp_path / "out"
    assert _build(source, out, "--format", "graphml,gexf,json,csv,nt").returncode == 0
    for name, read in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        ElementTree.parse(out / name)  # a real XML parser; raises on a bad character
        graph = read(out / name)
        titles = sorted(d["title"] for _, d in graph.nodes(data=True) if d["kind"] == "paper")
        assert titles == ["Bad Title One", "C1 and Two"], name
        pages = {d["pages"] for _, d in graph.nodes(data=True) if d["kind"] == "paper"}
        assert pages == {"page.jsonl"}, name
    assert len(_titles_by_paper(_store(out / "graph.nt"))) == 2


# --- 12: spreadsheet formulas in the Neo4j CSV ----------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example","click") Graph Neural Networks',
    "+cmd|' /C calc'!A0 with Transformers",
    "-2+3 Residual Networks",
    "@SUM(1+1) Diffusion Models",
]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_neo4j_csv_cells_never_start_a_formula(tmp_path: Path):
    source = tmp_path / "formulas.jsonl"
    records = [
        {"title": title, "abstract": GOOD.format(name=f"Net{n}"), "url": "https://x.org/p"}
        for n, title in enumerate(FORMULAS)
    ]
    source.write_text(_jsonl(*records), encoding="utf-8")
    out = tmp_path / "out"
    assert _build(source, out, "--format", "csv").returncode == 0
    nodes, edges = _csv_rows(out / "nodes.csv"), _csv_rows(out / "relationships.csv")
    for rows in (nodes, edges):
        text_columns = [name for name in rows[0] if name.endswith((":string", ":string[]"))]
        for row in rows:
            for name in text_columns:
                for value in row[name].split(";") if name.endswith("[]") else [row[name]]:
                    assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    titles = {row["title:string"] for row in nodes if row[":LABEL"] == "Paper"}
    assert titles == {"'" + title for title in FORMULAS}
    evidence = {row["evidence:string"] for row in edges if row["sentence_index:int"] == "0"}
    assert evidence and evidence <= {"'" + title for title in FORMULAS}
    ids = {row["id:ID"] for row in nodes}
    assert all(row[":START_ID"] in ids and row[":END_ID"] in ids for row in edges)


# --- 19: named pipes and devices ------------------------------------------------------


def test_named_pipe_is_read_like_standard_input(tmp_path: Path):
    pipe = tmp_path / "papers.jsonl"
    os.mkfifo(pipe)
    records = _jsonl({"title": "Piped Paper", "abstract": GOOD.format(name="PipeNet")})

    def feed() -> None:
        with open(pipe, "w", encoding="utf-8") as stream:  # blocks until paperkg opens it
            stream.write(records)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = _build(pipe, tmp_path / "out", "--format", "ttl")
    writer.join(timeout=10)
    assert result.returncode == 0, result.stderr.decode()
    assert "1 papers, 0 merged duplicates, 0 skipped" in result.stdout.decode()


def test_a_device_is_named_in_one_line():
    with pytest.raises(InputError, match="not a file but a device") as info:
        list(read_path("/dev/null"))
    assert info.value.location == "/dev/null"
