"""Hostile and broken input: a clear message or a skip with a reason, never a traceback,
never an invalid Turtle or HTML output."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from paperkg.store.validate import validate_graph
from support import run_cli

pytestmark = pytest.mark.slow
HEAD = "new\n\nDaily Papers\n\nSep 23\n\n"
GOOD = "We propose {name}, a model with graph neural networks (GNNs) that works well on CIFAR-10."


def _page(title: str, abstract: str) -> str:
    return f"{HEAD}{title}\n\n{abstract}\n"


CASES = {
    # name: (file content, expected exit code, text the output must contain)
    "empty.txt": (b"", 3, "empty file"),
    "binary.bin": (bytes(range(256)) * 8, 3, "binary file"),
    "latin1.txt": (
        _page("Caf\xe9 Networks", GOOD.format(name="Caf\xe9Net")).encode("latin-1"),
        3,
        "not valid utf-8",
    ),
    "utf16-bom.txt": (
        _page("Unicode Networks", GOOD.format(name="UniNet")).encode("utf-16"),
        0,
        "1 papers",
    ),
    "abstract-without-title.txt": (
        (
            HEAD
            + GOOD.format(name="Orphan")
            + "\n\n"
            + _page("Kept Paper", GOOD.format(name="Kept")).removeprefix(HEAD)
        ).encode(),
        0,
        "abstract without a title",
    ),
    "title-without-abstract.txt": (
        (_page("Kept Paper", GOOD.format(name="Kept")) + "\nA Title Alone\n").encode(),
        0,
        "title without an abstract",
    ),
    "huge-abstract.txt": (
        _page("Huge", "We use Transformers here. " * 45000).encode(),
        0,
        "1 papers",
    ),
    "long-title.txt": (
        _page("Very Long Title " * 700, GOOD.format(name="LongNet")).encode(),
        0,
        "1 papers",
    ),
    "odd-unicode.txt": (
        _page(
            "RTL \u202eNets\u202c ZWJ \u200d Emoji \U0001f600 Bell\x07",
            GOOD.format(name="Emo\u200dNet \U0001f680 \x00"),
        ).encode(),
        0,
        "1 papers",
    ),
    "script-and-quotes.jsonl": (
        b'{"title": "<script>alert(1)</script> \\"Quoted\\" \'Titles\'", "abstract": '
        b'"We propose <img src=x onerror=alert(1)>, see https://github.com/a/b\\"><script>x</script>'
        b' and graph neural networks (GNNs)."}\n',
        0,
        "1 papers",
    ),
    "iri-breaking.jsonl": (
        b'{"title": "Bad > \\" \\\\ Chars\\nIn\\tA Title {}|^`", "abstract": "We propose X>Y\\"Z '
        b'with GNNs, see https://x.org/a b and https://github.com/o/r>x.", '
        b'"id": "2401.00001 > \\"", "url": "javascript:alert(1)", '
        b'"authors": ["A \\" B", "C > D\\n"], "date": "2024-01-02"}\n'
        b'{"title": "", "abstract": "no title"}\n',
        0,
        "record has no title",
    ),
    "duplicates.jsonl": (
        b'{"title": "Same Paper", "abstract": "First abstract about GNNs."}\n'
        b'{"title": "Same  paper", "abstract": "A second and longer abstract about graph neural '
        b'networks (GNNs)."}\n',
        0,
        "1 merged duplicates",
    ),
    "blank-lines.txt": (b"\n" * 100_000, 3, "empty file"),
}


#: Script elements of each view: its own, from assets/ (vis-network for the graphs).
VIEW_SCRIPTS = {"index.html": 2, "graph.html": 3, "paper.html": 3, "concept.html": 3}


class _Checker(HTMLParser):
    """Counts script elements; a parse error would raise."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.scripts += tag == "script"


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input(tmp_path: Path, name: str):
    content, code, message = CASES[name]
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("build", str(source), "--out", str(out))
    output = result.stdout.decode() + result.stderr.decode()
    assert "Traceback" not in output, output[-2000:]
    assert result.returncode == code, output[-2000:]
    assert message.lower() in output.lower(), output[-2000:]
    if code == 0:
        assert name in output or str(source) in output or "papers" in output
        graph = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
        assert len(graph) > 10
        assert validate_graph(out).conforms
        for page, scripts in VIEW_SCRIPTS.items():  # the views' own, none injected
            checker = _Checker()
            checker.feed((out / page).read_text(encoding="utf-8"))
            assert checker.scripts == scripts, page
        for shard in (out / "data").glob("*.js"):  # text in the data cannot close a tag
            assert "<" not in shard.read_text(encoding="utf-8"), shard
        if name == "duplicates.jsonl":
            assert "A second and longer abstract" in (out / "graph.ttl").read_text(encoding="utf-8")
    else:
        assert name in output


def test_control_characters_never_reach_the_outputs(tmp_path: Path):
    source = tmp_path / "odd.txt"
    source.write_bytes(CASES["odd-unicode.txt"][0])
    run_cli("build", str(source), "--out", str(tmp_path / "out"), "--format", "ttl,nt,json")
    for name in ("graph.ttl", "graph.nt", "graph.json"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text), name
