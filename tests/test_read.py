"""Tests of the input readers (paperkg.read) on small hand-written fixtures."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import shutil
import sys
import types
from collections import defaultdict
from pathlib import Path

import pytest

from paperkg.errors import InputError
from paperkg.identifiers import paper_iri
from paperkg.model import Origin, Paper, PartialDate, Skipped, SourcePage, title_key
from paperkg.read import merge_papers, read_inputs, read_path
from paperkg.read.fields import normalise_arxiv_id
from paperkg.read.sources import detect_format, open_text
from support import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
HF = FIXTURES / "hf_daily_papers.json"
ATOM = FIXTURES / "arxiv_query.atom"
JSONL = FIXTURES / "records.jsonl"
CSV = FIXTURES / "records.csv"
DAILY = FIXTURES / "daily_page.txt"
ALL_FIXTURES = [HF, ATOM, JSONL, CSV, DAILY]


def read(path: Path | str, **kwargs) -> tuple[list[Paper], list[Skipped]]:
    items = list(read_path(str(path), **kwargs))
    papers = [item for item in items if isinstance(item, Paper)]
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert len(papers) + len(skipped) == len(items)
    return papers, skipped


def summary(items) -> list[tuple]:
    """Path-independent view of what a reader yielded, for comparing copies."""
    out = []
    for item in items:
        if isinstance(item, Paper):
            out.append(
                (
                    "paper",
                    item.title,
                    item.abstract,
                    item.arxiv_id,
                    item.authors,
                    item.date,
                    item.upvotes,
                    item.origins[0].line,
                )
            )
        else:
            out.append(("skipped", item.reason, item.origin.line))
    return out


# --- each reader on its fixture ------------------------------------------------------


def test_hf_api_fixture():
    (loom, symmetry), skipped = read(HF)
    assert loom.title == "Loom: Weaving Retrieval into Long-Context Decoders"
    assert loom.abstract.startswith("Long-context decoders forget facts")
    assert loom.abstract.endswith("https://github.com/example-lab/loom.")
    assert loom.authors == ("Ada Lovelace", "Charles Babbage", "Mary Somerville")
    assert (loom.author_count, loom.arxiv_id) == (3, "2403.01234")
    assert loom.url == "https://arxiv.org/abs/2403.01234"
    assert loom.date.isoformat() == "2024-03-02"  # the paper's date, not the listing's
    assert loom.upvotes == 12 and [o.line for o in loom.origins] == [1]
    assert symmetry.upvotes == 0 and symmetry.authors == ("Emmy Noether",)
    assert symmetry.date.isoformat() == "2024-03-03"
    [bad] = skipped
    assert bad.origin.line == 3 and bad.origin.page.path == str(HF)
    assert bad.reason == "record has no abstract: 'A Withdrawn Submission'"


def test_hf_api_falls_back_to_listing_date(tmp_path):
    path = tmp_path / "flat.json"
    path.write_text(
        '[{"paper": {"id": "2403.01234v3", "title": "T", "summary": "S."},'
        ' "publishedAt": "2024-03-04T08:00:00.000Z"}, 7, {"paper": "x"}]'
    )
    papers, skipped = read(path)
    assert (papers[0].date.isoformat(), papers[0].arxiv_id) == ("2024-03-04", "2403.01234")
    assert [(s.origin.line, s.reason) for s in skipped] == [
        (2, "entry is a JSON int, not an object"),
        (3, "entry's 'paper' is not an object"),
    ]


def test_hf_api_bad_listing_date_is_skipped(tmp_path):
    path = tmp_path / "bad_date.json"
    path.write_text(
        '[{"paper": {"id": "2403.01234", "title": "T", "summary": "S."},'
        ' "publishedAt": "yesterday"}]'
    )
    _, skipped = read(path)
    assert skipped[0].origin.line == 1


def test_arxiv_atom_fixture():
    (sla, old), skipped = read(ATOM)
    assert skipped == []
    assert sla.title == "Sparse Lattice Adapters for Frugal Fine-Tuning of Language Models"
    assert sla.abstract.startswith("Fine-tuning every weight") and "  " not in sla.abstract
    assert sla.abstract.endswith("one percent of the trainable parameters.")
    assert sla.authors == ("Ada Lovelace", "Charles Babbage", "Mary Somerville")
    assert (sla.author_count, sla.arxiv_id) == (3, "2401.00001")
    assert sla.date.isoformat() == "2024-01-01" and sla.url == "http://arxiv.org/abs/2401.00001v2"
    assert sla.origins[0].line == 1 and old.origins[0].line == 2
    assert old.title == "Cooperative Scheduling of Heterogeneous Software Agents"
    assert (old.arxiv_id, old.authors) == ("cs/0112017", ("Alan Turing", "Grace Hopper"))
    assert old.date.isoformat() == "2001-12-14"


def test_jsonl_fixture():
    (full, minimal), skipped = read(JSONL)
    assert full.title == "SLA: Frugal Adapters"
    assert full.arxiv_id == "2401.00001"  # from arxiv_id, version dropped
    assert full.authors == ("Ada Lovelace", "Charles Babbage") and full.author_count == 2
    assert full.date.isoformat() == "2024-01-02" and full.url == "https://example.org/sla"
    assert full.origins[0].line == 1
    assert minimal.title == "Minimal Record" and minimal.origins[0].line == 2
    assert (minimal.arxiv_id, minimal.date, minimal.authors, minimal.author_count, minimal.url) == (
        None,
        None,
        (),
        None,
        None,
    )
    assert [s.origin.line for s in skipped] == [4, 5]  # line 3 is blank and ignored
    assert skipped[0].reason.startswith("invalid JSON: ") and "column" in skipped[0].reason
    assert skipped[1].reason == "record has no abstract: 'No Abstract Here'"
    assert str(skipped[0].origin) == f"{JSONL}:4"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("[1, 2]", "record is a JSON list, not an object"),
        ('{"abstract": "A."}', "record has no title"),
        ('{"title": "T", "abstract": "A.", "date": "Smarch 3"}', "field 'date' is not a date"),
        ('{"title": "T", "abstract": "A.", "authors": {"a": 1}}', "authors must be a list"),
    ],
)
def test_jsonl_bad_records(tmp_path, record, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "Good", "abstract": "Fine."}\n' + record + "\n")
    papers, skipped = read(path)
    assert [p.title for p in papers] == ["Good"]
    assert skipped[0].origin.line == 2 and skipped[0].reason.startswith(reason)


def test_csv_fixture():
    (tidal, quiet), skipped = read(CSV)
    assert tidal.title == "Tidal Memory Networks"
    assert tidal.abstract == (
        "We study tidal memory, a recurrent cell whose state ebbs and "
        "flows. It beats LSTMs on long sequences."
    )
    assert tidal.authors == ("Grace Hopper", "Alan Turing") and tidal.author_count == 2
    assert tidal.date.isoformat() == "2023-05-17" and tidal.url == "https://example.com/tidal"
    assert tidal.origins[0].line == 2
    [bad] = skipped
    assert (bad.origin.line, bad.reason) == (4, "record has no title")  # row 2 spans 2 lines
    assert quiet.origins[0].line == 5 and quiet.date.isoformat() == "2022"
    assert quiet.authors == ("Emmy Noether",) and quiet.url is None


def test_csv_doubled_quotes_in_field(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('title,abstract\nT,"We call it ""tidal"", for short."\n')
    papers, _ = read(path)
    assert [p.abstract for p in papers] == ['We call it "tidal", for short.']


def test_daily_page_fixture():
    papers, skipped = read(DAILY)
    sla, harbour, stars = papers
    assert {p.origins[0].page.listing_date.isoformat() for p in papers} == {"--09-23"}
    assert sla.title == "Sparse Lattice Adapters for Frugal Fine-Tuning of Language Models"
    assert sla.abstract.startswith("Fine-tuning every weight")
    assert sla.abstract.endswith("https://github.com/example-lab/sla.")
    assert (sla.author_count, sla.authors, sla.organization, sla.upvotes) == (3, (), None, None)
    assert (sla.date.isoformat(), sla.origins[0].line) == ("2024-03-16", 13)
    assert harbour.organization == "acmelabs Acme Labs" and harbour.author_count is None
    assert (harbour.date.isoformat(), harbour.upvotes) == ("--09-30", 21)
    assert harbour.origins[0].line == 21
    assert stars.title == "Counting Stars with Small Vision Models"
    assert (stars.date, stars.author_count, stars.organization, stars.upvotes) == (
        None,
        None,
        None,
        None,
    )
    [(line, reason)] = [(s.origin.line, s.reason) for s in skipped]
    assert (line, reason) == (33, "title without an abstract: 'Truncated Title Without Abstract'")


# --- format detection, gzip, standard input ------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [(HF, "hf-api"), (ATOM, "arxiv-atom"), (JSONL, "jsonl"), (CSV, "csv"), (DAILY, "daily-papers")],
)
def test_detect_format_from_content_not_name(tmp_path, fixture, expected):
    assert detect_format(open_text(str(fixture))) == expected
    renamed = tmp_path / "x.txt"
    shutil.copy(fixture, renamed)
    assert detect_format(open_text(str(renamed))) == expected
    assert summary(read_path(str(renamed))) == summary(read_path(str(fixture)))


def test_csv_detected_by_header_only(tmp_path):
    path = tmp_path / "listing.txt"
    path.write_text("Title;Abstract\nSemicolon Paper;It uses semicolons as separators.\n")
    assert detect_format(open_text(str(path))) == "csv"
    papers, _ = read(path)
    assert papers[0].title == "Semicolon Paper"


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("name", ["{}.gz", "{}", "compressed.bin"])
def test_gzip_is_read_transparently(tmp_path, fixture, name):
    path = tmp_path / name.format(fixture.name)
    path.write_bytes(gzip.compress(fixture.read_bytes()))
    items = list(read_path(str(path)))
    assert summary(items) == summary(read_path(str(fixture)))
    assert all(str(path) in str(getattr(i, "origin", None) or i.origins[0]) for i in items)


@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda p: p.name)
def test_standard_input(monkeypatch, fixture):
    stdin = types.SimpleNamespace(buffer=io.BytesIO(fixture.read_bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    items = list(read_path("-"))
    assert summary(items) == summary(read_path(str(fixture)))
    assert {(getattr(i, "origin", None) or i.origins[0]).page.path for i in items} == {"-"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("fixture", ALL_FIXTURES, ids=lambda p: p.name)
def test_bom_encodings(tmp_path, fixture, encoding):
    text = fixture.read_text(encoding="utf-8")
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path = tmp_path / fixture.name
    path.write_bytes(bom + text.encode(encoding))
    assert summary(read_path(str(path))) == summary(read_path(str(fixture)))


# --- whole-file errors -------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "fmt", "message"),
    [
        ("empty.jsonl", b"", None, "empty file"),
        ("blank.txt", b"  \n\n\t\n", None, "empty file"),
        ("binary.txt", b"title\x00\x00abstract\x00\x00\x01\x02", None, "binary file"),
        ("broken.atom", ATOM.read_bytes().replace(b"</entry>", b"", 1), None, "malformed XML"),
        ("plain.xml", b"<html><body>no feed</body></html>", None, "not an Atom feed"),
        ("object.json", b'{"papers": []}', "hf-api", "expected a JSON array"),
        ("bad.json", b'[{"title": "T",\n "abstract": }]', None, "invalid JSON"),
        ("truncated.gz", gzip.compress(JSONL.read_bytes())[:40], None, "gzip"),
        ("utf8.json", HF.read_bytes().replace(b"Ada", b"\xffda", 1), None, "not valid utf-8"),
        ("records.jsonl", JSONL.read_bytes(), "bibtex", "unknown input format 'bibtex'"),
    ],
)
def test_file_errors_name_the_path(tmp_path, name, data, fmt, message):
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError, match=message) as info:
        list(read_path(str(path), format=fmt))
    assert str(info.value).startswith(str(path)) and info.value.location.startswith(str(path))


@pytest.mark.parametrize(
    ("name", "message"), [("nope.jsonl", "no such file"), ("", "is a directory")]
)
def test_missing_file_and_directory(tmp_path, name, message):
    path = str(tmp_path / name) if name else str(tmp_path)
    with pytest.raises(InputError, match=message) as info:
        list(read_path(path))
    assert info.value.location == path


def test_malformed_atom_names_line(tmp_path):
    path = _write(
        tmp_path,
        "broken.atom",
        ATOM.read_bytes().replace(b"</title>\n    <summary>", b"\n    <summary>", 1),
    )
    with pytest.raises(InputError, match="malformed XML") as info:
        list(read_path(str(path)))
    assert info.value.location == f"{path}:36"  # where </entry> meets the open <title>


@pytest.mark.parametrize(
    ("fixture", "old", "new"), [(JSONL, b"rec-001", b"rec-\xff01"), (DAILY, b"new", b"n\xc3ew")]
)
def test_invalid_utf8_names_a_line(tmp_path, fixture, old, new):
    path = _write(tmp_path, fixture.name, fixture.read_bytes().replace(old, new, 1))
    with pytest.raises(InputError, match="not valid utf-8") as info:
        list(read_path(str(path)))
    assert info.value.location == f"{path}:1"


def test_invalid_utf8_line_number_is_exact(tmp_path):
    good = b'{"title": "T", "abstract": "A."}\n'
    path = _write(tmp_path, "late.jsonl", good * 3 + b'{"title": "\xff"}\n')
    with pytest.raises(InputError) as info:
        list(read_path(str(path)))
    assert info.value.location == f"{path}:4"


@pytest.mark.parametrize("fixture", [CSV, ATOM], ids=lambda p: p.name)
def test_invalid_utf8_in_csv_and_atom_is_input_error(tmp_path, fixture):
    path = _write(
        tmp_path,
        fixture.name,
        fixture.read_bytes().replace(b"Tidal", b"\xffidal").replace(b"Ada", b"\xffda"),
    )
    with pytest.raises(InputError, match="not valid utf-8"):
        list(read_path(str(path)))


# --- merging -----------------------------------------------------------------------


def test_same_paper_on_two_pages_merges(tmp_path):
    second = tmp_path / "page2.txt"
    second.write_text(DAILY.read_text().replace("\nSep 23\n", "\nSep 24\n"))
    items = list(read_inputs([str(DAILY), str(second)]))
    result = merge_papers(items)
    assert (result.read, len(result.papers), result.merged, len(result.skipped)) == (8, 3, 3, 2)
    assert result.read == len(items) == len(result.papers) + result.merged + len(result.skipped)
    for paper in result.papers:
        # origins are ordered by file name: a page is its name, whatever its folder
        assert [o.page.path for o in paper.origins] == sorted(
            [str(DAILY), str(second)], key=lambda p: Path(p).name
        )
        assert {o.page.listing_date.isoformat() for o in paper.origins} == {"--09-23", "--09-24"}
    assert [p.key for p in result.papers] == sorted(p.key for p in result.papers)


def test_merge_is_independent_of_input_order():
    items = list(read_inputs(str(f) for f in ALL_FIXTURES))
    forward, backward = merge_papers(items), merge_papers(reversed(items))
    assert forward.papers == backward.papers
    assert set(forward.skipped) == set(backward.skipped)
    assert (forward.read, forward.merged) == (backward.read, backward.merged)
    assert forward.read == len(forward.papers) + forward.merged + len(forward.skipped) == 16


def test_jsonl_and_atom_merge_by_arxiv_id_and_bridge_title():
    result = merge_papers(read_inputs([str(JSONL), str(ATOM), str(DAILY)]))
    [sla] = [p for p in result.papers if p.key == "arxiv:2401.00001"]
    # JSONL shares the arXiv id, the daily page only the title: one paper.
    assert sorted(o.page.name for o in sla.origins) == [
        "arxiv_query.atom",
        "daily_page.txt",
        "records.jsonl",
    ]
    assert sla.title == "Sparse Lattice Adapters for Frugal Fine-Tuning of Language Models"
    sources = [
        p
        for p in read_inputs([str(JSONL), str(ATOM), str(DAILY)])
        if isinstance(p, Paper) and "Adapters" in p.title
    ]
    assert len(sources) == 3 and sla.abstract == max((p.abstract for p in sources), key=len)
    assert sla.authors == ("Ada Lovelace", "Charles Babbage", "Mary Somerville")
    assert sla.author_count == 3 and sla.date.isoformat() == "2024-01-01"
    assert result.merged == 2 and len(result.papers) == 5


def _record(title: str, abstract: str, page: str = "a.jsonl", **fields) -> Paper:
    return Paper(title, abstract, (Origin(SourcePage(page), 1),), **fields)


def test_papers_of_one_title_with_different_ids_stay_apart():
    same = "Language Technology Resource Center"
    items = [
        _record(same, "This paper describes the centre.", record_id="2008.amta-additional.2"),
        _record(same, "A different abstract, two years later.", record_id="L10-1637"),
        _record(same, "This paper describes the centre.", "b.txt"),  # no id: joins by title
        _record(same, "This paper describes the centre.", record_id="X-1"),  # same text: same
        _record("Twin Title", "One paper.", arxiv_id="2401.00001"),
        _record("Twin Title", "Another paper.", arxiv_id="2401.00002"),
    ]
    for order in (items, items[::-1]):
        result = merge_papers(order)
        assert len(result.papers) == 4 and result.merged == 2
        assert len({paper.key for paper in result.papers}) == 4
        centre = [p for p in result.papers if p.title == same]
        assert sorted(len(p.origins) for p in centre) == [1, 2]
    assert {p.key for p in merge_papers(items).papers} >= {"arxiv:2401.00001", "arxiv:2401.00002"}


def test_the_acl_papers_sharing_a_title_stay_distinct(tmp_path):
    """The bench's first 30k ACL records: 17 records whose title another record has,
    with another Anthology id and another abstract, were folded into it before."""
    records = tmp_path / "acl.jsonl"
    with gzip.open(ROOT.parent / "shared" / "bench" / "acl_abstracts.jsonl.gz", "rt") as bench:
        records.write_text("".join(itertools.islice(bench, 30_000)), encoding="utf-8")
    raw = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    result = merge_papers(read_inputs([str(records)]))
    by_title: dict[str, set[str]] = defaultdict(set)
    for record in raw:
        by_title[title_key(record["title"])].add(" ".join(record["abstract"].lower().split()))
    expected = sum(len(abstracts) for abstracts in by_title.values())
    assert len(result.papers) == expected == 29_895
    ids = {record["id"] for record in raw}
    assert all(p.record_id in ids for p in result.papers), "each keeps its Anthology id"
    assert len({p.record_id for p in result.papers}) == len(result.papers)
    assert len({paper_iri(p) for p in result.papers}) == len(result.papers)
    assert all(p.venue for p in result.papers)


# --- small helpers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "parts"),
    [
        ("Sep 23", "--09-23", (None, 9, 23)),
        ("Mar 16, 2024", "2024-03-16", (2024, 3, 16)),
        ("2024-03-02T10:11:12.000Z", "2024-03-02", (2024, 3, 2)),
        ("2021", "2021", (2021, None, None)),
        ("  2023-07  ", "2023-07", (2023, 7, None)),
    ],
)
def test_partial_date_parse(text, iso, parts):
    date = PartialDate.parse(text)
    assert date.isoformat() == iso
    assert (date.year, date.month, date.day) == parts


@pytest.mark.parametrize("text", ["Smarch 3", "", "Sep", "2024-13-01", "Sep 32"])
def test_partial_date_rejects(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://arxiv.org/abs/2401.00001v2", "2401.00001"),
        ("2403.12345", "2403.12345"),
        ("http://arxiv.org/abs/cs/0112017v1", "cs/0112017"),
        ("math.AG/0601001", "math.AG/0601001"),
        ("arXiv:1905.123v1", None),
        ("10.18653/v1/P19-1001", None),
        (None, None),
    ],
)
def test_normalise_arxiv_id(text, expected):
    assert normalise_arxiv_id(text) == expected
