"""What the HTML views show, as data (no browser): palette, records, shards."""

from __future__ import annotations

from itertools import combinations

import pytest

from paperkg.export.html import NODE_STYLES
from paperkg.export.views import TOGETHER_LIMIT, human_date, shard_of, view_data
from paperkg.graph import build_graph
from paperkg.model import PartialDate

#: Machado et al. (2009) simulation matrices at full severity, on linear RGB.
SIMULATIONS = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _simulated(colour: str, matrix) -> tuple[float, ...]:
    rgb = [_linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5)]
    return tuple(
        max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix
    )


@pytest.mark.parametrize("vision", sorted(SIMULATIONS))
def test_every_kind_stays_apart_in_colour_and_shape(vision):
    kinds = [k for k in NODE_STYLES if k != "community"]
    for a, b in combinations(kinds, 2):
        assert NODE_STYLES[a][1] != NODE_STYLES[b][1], (a, b)  # a shape each
        ca = _simulated(NODE_STYLES[a][0], SIMULATIONS[vision])
        cb = _simulated(NODE_STYLES[b][0], SIMULATIONS[vision])
        distance = sum((x - y) ** 2 for x, y in zip(ca, cb, strict=True)) ** 0.5
        assert distance > 0.1, (vision, a, b, round(distance, 3))


def test_dates_read_as_written_never_with_a_made_up_year():
    assert human_date(PartialDate.parse("--05-07")) == "May 7"
    assert human_date(PartialDate.parse("2024-03-16")) == "Mar 16, 2024"
    assert human_date(PartialDate.parse("2021")) == "2021"
    assert human_date(None) == ""


def test_shards_spread_records_and_match_the_page_script():
    # FNV-1a as paperkg.js computes it: the reference values are the algorithm's own
    assert shard_of("", 1 << 32) == 0x811C9DC5
    assert shard_of("a", 1 << 32) == 0xE40C292C
    counts = [0] * 8
    for n in range(4000):
        counts[shard_of(f"title:paper{n}", 8)] += 1
    assert min(counts) > 400


def test_records_hold_every_paper_and_what_each_names(seeds_corpus):
    graph = build_graph(seeds_corpus)
    data = view_data(seeds_corpus, graph)
    assert len(data.papers) == len(seeds_corpus.papers)
    named = {link.target_key for link in seeds_corpus.links} & seeds_corpus.concepts.keys()
    assert set(data.concepts) == named
    links = [link for link in seeds_corpus.links if link.target_key in seeds_corpus.concepts]
    assert len(data.index["links"]) == 3 * len(
        {(link.paper_key, link.target_key, link.relation) for link in links}
    )
    transformer = data.concepts["transformer"]
    papers_naming = {link.paper_key for link in links if link.target_key == "transformer"}
    assert {row[0] for row in transformer["papers"]} == papers_naming
    assert all(len(group[1]) <= TOGETHER_LIMIT for group in transformer["together"])
    for paper_id, record in data.papers.items():
        for where in record["sentences"].values():
            if isinstance(where, list):  # an offset into the abstract holds the sentence
                assert record["abstract"][where[0] : where[1]]
        assert record["title"] == seeds_corpus.papers[paper_id].title
