"""What the HTML views show, as plain data: one record per paper and per concept,
an index of everything (search, tables, filters) and the overview's graph.

The pages render these records in the browser, so 30k papers make a few hundred
data shards instead of 60k HTML files. Every record is built from the NetworkX
graph (the same numbers as every other export) and the corpus (listing pages and
their dates, which the graph names only by file).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from paperkg.model import CONCEPT_TYPES, RESULT_KINDS, Corpus, PartialDate, ReportedResult

__all__ = ["ViewData", "view_data", "shard_of", "TOGETHER_LIMIT", "MAP_LIMIT"]

#: Relations between a paper and a concept, in the order a paper page states them.
CONCEPT_RELATIONS = ("proposes", "uses", "evaluatedOn", "addresses")
#: "Named together with" keeps this many concepts of each type (the rest counted).
TOGETHER_LIMIT = 50
#: Related papers share concepts named by at most this many papers (specific ones;
#: this also keeps the count linear in the graph).
RELATED_SPECIFIC = 100
#: The overview draws papers and concepts whole up to this many nodes ...
WHOLE_OVERVIEW = 1500
#: ... and the concept map whole up to this many concepts; above, by community.
MAP_LIMIT = 800
#: Communities are found among this many concepts (named by most papers).
COMMUNITY_CORE = 3000
#: A community of the map opens onto at most this many of its concepts.
CLUSTER_OPEN = 60
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Records per data shard: a page loads one shard, of a few hundred kB.
SHARD_SIZE = 200


def shard_of(identifier: str, shards: int) -> int:
    """The shard holding ``identifier``'s record: FNV-1a of its UTF-16 code units,
    as ``paperkg.js`` computes it (ids are ASCII, so the same as of its bytes)."""
    value = 0x811C9DC5
    for unit in identifier.encode("utf-16-le")[::2]:
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def shards_for(count: int) -> int:
    return max(1, -(-count // SHARD_SIZE))


def human_date(date: PartialDate | None) -> str:
    """ "May 7", "May 7, 2024", "May 2024" or "2024"; "" when unknown."""
    if date is None:
        return ""
    if date.month is None:
        return str(date.year)
    month = _MONTH_NAMES[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}"
    return f"{month} {date.day}" + (f", {date.year}" if date.year else "")


def date_key(date: PartialDate | None) -> int:
    """A sortable day number (year*10000 + month*100 + day; unknown parts are 0)."""
    if date is None:
        return 0
    return (date.year or 0) * 10000 + (date.month or 0) * 100 + (date.day or 0)


@dataclass(frozen=True)
class ViewData:
    """Everything the pages show: ``index`` (search, tables, filters), ``papers``
    and ``concepts`` (records by id) and ``overview`` (the graph pages)."""

    index: dict
    papers: dict[str, dict]
    concepts: dict[str, dict]
    overview: dict


def _page_label(name: str, date: PartialDate | None, daily: bool) -> str:
    when = human_date(date)
    if daily and when:
        return f"Daily Papers of {when}"
    return f"{name} ({when})" if when else name


def _pages(corpus: Corpus) -> list[dict]:
    """Each listing page once, newest first: file name, date, label, paper count."""
    found: dict[str, PartialDate | None] = {}
    counts: Counter[str] = Counter()
    for paper in corpus.papers.values():
        for name in {o.page.name for o in paper.origins}:
            counts[name] += 1
        for origin in paper.origins:
            if found.get(origin.page.name) is None:
                found[origin.page.name] = origin.page.listing_date
    pages = [
        {
            "name": name,
            "label": _page_label(name, date, name.endswith(".txt")),
            "date": date.isoformat() if date else "",
            "when": human_date(date),
            "day": date_key(date),
            "papers": counts[name],
        }
        for name, date in found.items()
    ]
    return sorted(pages, key=lambda p: (-p["day"], p["name"]))


def view_data(corpus: Corpus, graph: nx.MultiDiGraph) -> ViewData:
    """The records of every paper and concept the graph holds, and the index."""
    pages = _pages(corpus)
    page_index = {p["name"]: i for i, p in enumerate(pages)}
    nodes = graph.nodes
    paper_nodes = [n for n, d in graph.nodes(data=True) if d["kind"] == "paper"]
    concept_nodes = [  # metrics show in the results of the concepts papers link to
        n
        for n, d in graph.nodes(data=True)
        if d["kind"] == "concept" and d["paper_count"] > 0 and d["type"] in CONCEPT_TYPES
    ]
    paper_id = {n: n.split(":", 1)[1] for n in paper_nodes}
    concept_id = {n: n.split(":", 1)[1] for n in concept_nodes}
    dates = {
        key: paper.date for key, paper in corpus.papers.items() if paper.date and paper.date.year
    }

    listings = {
        n: sorted(page_index[name] for name in nodes[n]["pages"] if name in page_index)
        for n in paper_nodes
    }
    listed = listings.__getitem__

    def when(node: str) -> tuple[str, int]:
        """A paper's date as shown and as sorted: its own, else its newest listing."""
        own = dates.get(paper_id[node])
        if own:
            return human_date(own), date_key(own)
        listings = listed(node)
        if listings:
            page = pages[listings[0]]
            return page["when"], page["day"]
        return "", 0

    paper_dates = {n: when(n) for n in paper_nodes}
    linked = _Linked(graph, paper_nodes, concept_id)
    named, papers_of = linked.named, linked.papers_of
    rows = {n: [paper_id[n], nodes[n]["title"], *paper_dates[n]] for n in paper_nodes}
    papers = {
        paper_id[n]: _paper_record(
            graph, n, concept_id, pages, listed(n), human_date(dates.get(paper_id[n]))
        )
        for n in paper_nodes
    }
    for n in paper_nodes:
        related = _related(n, named, papers_of)
        papers[paper_id[n]]["related"] = [[paper_id[p], nodes[p]["title"], c] for p, c in related]
    concepts = {
        concept_id[n]: _concept_record(graph, n, concept_id, rows, linked) for n in concept_nodes
    }
    for key, board in leaderboards(corpus).items():
        if key in concepts:
            concepts[key]["results"] = board
    concept_number = {n: i for i, n in enumerate(concept_nodes)}
    paper_number = {n: i for i, n in enumerate(paper_nodes)}
    links: list[int] = []
    for (paper, concept), relations in sorted(linked.relations.items()):
        for relation in relations:
            links += [
                paper_number[paper],
                concept_number[concept],
                CONCEPT_RELATIONS.index(relation),
            ]
    index = {
        "pages": pages,
        "papers": [[*rows[n], listed(n)] for n in paper_nodes],
        "concepts": [
            [
                concept_id[n],
                nodes[n]["label"],
                nodes[n]["type"],
                nodes[n]["aliases"],
                nodes[n]["paper_count"],
            ]
            for n in concept_nodes
        ],
        "links": links,
        "relations": list(CONCEPT_RELATIONS),
        "types": list(CONCEPT_TYPES),
        "vocabularyOnly": sum(
            1
            for _, d in graph.nodes(data=True)
            if d["kind"] == "concept" and not d["paper_count"] and d["type"] in CONCEPT_TYPES
        ),
    }
    overview = _overview(graph, paper_nodes, concept_nodes, named, listed)
    return ViewData(index, papers, concepts, overview)


def _paper_record(
    graph: nx.MultiDiGraph,
    node: str,
    concept_id: dict[str, str],
    pages: list[dict],
    listings: list[int],
    date: str,
) -> dict:
    """A paper with its links by relation, each with its evidence: the sentence as
    offsets into the abstract where it is found there, else as text (0 is the title)."""
    data = graph.nodes[node]
    abstract = data["abstract"]
    links, code, sentences = [], [], {}
    for _, target, relation, edge in graph.out_edges(node, keys=True, data=True):
        if relation == "reportsResult":
            continue  # results come with the concept records' leaderboards
        number, sentence = edge["sentence_index"], edge["evidence"]
        if number and str(number) not in sentences:
            start = abstract.find(sentence)
            sentences[str(number)] = [start, start + len(sentence)] if start >= 0 else sentence
        evidence = [number, edge["confidence"], edge["rule"], edge["surface"]]
        if target in concept_id:
            concept = graph.nodes[target]
            links.append([relation, concept_id[target], concept["label"], concept["type"]])
            links[-1] += evidence
        elif relation in ("hasCode", "hasProjectPage"):
            code.append([relation, graph.nodes[target]["url"], *evidence])
    return {
        "title": data["title"],
        "abstract": abstract,
        "date": date,
        "authors": data["authors"],
        "authorCount": data["author_count"] or len(data["authors"]),
        "listed": [[pages[i]["label"], pages[i]["name"]] for i in listings],
        "url": data["url"],
        "arxiv": data["arxiv_id"],
        "venue": data["venue"],
        "recordId": data["record_id"],
        "links": links,
        "code": code,
        "sentences": sentences,
    }


def _related(
    paper: str, named: dict[str, list[str]], papers_of: dict[str, list[str]]
) -> list[tuple[str, int]]:
    """Up to ten papers naming two or more of the paper's specific concepts (those
    named by at most RELATED_SPECIFIC papers; "machine translation" relates nothing)."""
    shared: Counter[str] = Counter()
    for concept in named[paper]:
        if len(papers_of[concept]) <= RELATED_SPECIFIC:
            shared.update(papers_of[concept])
    del shared[paper]
    return _most([kv for kv in shared.items() if kv[1] >= 2], 10)


@dataclass
class _Linked:
    """Who names what, computed once from the graph's paper -> concept edges:
    the relations of each pair, each paper's concepts and each concept's papers."""

    relations: dict[tuple[str, str], list[str]]
    named: dict[str, list[str]]
    papers_of: dict[str, list[str]]
    type_of: dict[str, str]
    label_of: dict[str, str]

    def __init__(
        self, graph: nx.MultiDiGraph, paper_nodes: list[str], concept_id: dict[str, str]
    ) -> None:
        papers = set(paper_nodes)
        self.relations = defaultdict(list)
        for source, target, relation in graph.edges(keys=True):
            if source in papers and target in concept_id:
                self.relations[source, target].append(relation)
        self.named = defaultdict(list)
        self.papers_of = defaultdict(list)
        for paper, concept in sorted(self.relations):
            self.named[paper].append(concept)
            self.papers_of[concept].append(paper)
        self.type_of = {c: graph.nodes[c]["type"] for c in concept_id}
        self.label_of = {c: graph.nodes[c]["label"] for c in concept_id}


def _concept_record(
    graph: nx.MultiDiGraph,
    node: str,
    concept_id: dict[str, str],
    rows: dict[str, list],
    linked: _Linked,
) -> dict:
    """A concept with all its papers (newest first), its papers per year and the
    concepts of each type its papers name with it, most papers first."""
    data = graph.nodes[node]
    papers = linked.papers_of[node]
    together: Counter[str] = Counter()
    for paper in papers:
        together.update(linked.named[paper])
    del together[node]
    by_type: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for concept, count in together.items():
        by_type[linked.type_of[concept]].append((concept, count))
    by_time: Counter[tuple[int, str]] = Counter()  # by year; a date with none by itself
    for paper in papers:
        _, _, shown, day = rows[paper]
        if day >= 10000:
            by_time[day // 10000, str(day // 10000)] += 1
        else:
            by_time[10000 + day, f"{shown} (no year)" if shown else "no date"] += 1

    def labelled(nodes: list[str]) -> list[list[str]]:
        return [[concept_id[n], graph.nodes[n]["label"]] for n in nodes if n in concept_id]

    return {
        "label": data["label"],
        "type": data["type"],
        "aliases": data["aliases"],
        "iri": data["iri"],
        "vocabulary": data["vocabulary_id"],
        "broader": labelled([t for t, keys in graph.succ[node].items() if "broader" in keys]),
        "narrower": labelled([s for s, keys in graph.pred[node].items() if "broader" in keys]),
        "papers": [
            [*rows[p], sorted(linked.relations[p, node])]
            for p in sorted(papers, key=lambda p: (-rows[p][3], p))
        ],
        "together": [
            [
                concept_type,
                [
                    [concept_id[c], linked.label_of[c], n]
                    for c, n in _most(by_type[concept_type], TOGETHER_LIMIT)
                ],
                len(by_type[concept_type]),
            ]
            for concept_type in CONCEPT_TYPES
            if by_type[concept_type]
        ],
        "timeline": [[label, n] for (_, label), n in sorted(by_time.items())],
    }


#: The order results of one metric are listed in: scores, then changes, then savings.
_KIND_ORDER = {kind: n for n, kind in enumerate(RESULT_KINDS)}


def leaderboards(corpus: Corpus) -> dict[str, list[list]]:
    """For each dataset, task and method that results name, the results on it as rows
    [paper id, paper title, value as written, kind, metric label, metric direction,
    method id, method label, evidence], grouped by metric (metrics most reported first)
    and within a metric by kind, best first by the metric's direction."""
    concepts = corpus.concepts
    boards: dict[str, list[ReportedResult]] = defaultdict(list)
    for reported in corpus.results:
        for key in {reported.dataset_key, reported.task_key, reported.method_key} - {None}:
            boards[str(key)].append(reported)

    def label(key: str | None) -> str:
        return concepts[key].label if key and key in concepts else ""

    def row(reported: ReportedResult) -> list:
        result, metric = reported.result, concepts.get(reported.metric_key or "")
        paper = corpus.papers[reported.paper_key]
        return [
            reported.paper_key,
            paper.title,
            result.value,
            result.kind,
            metric.label if metric else "",
            metric.direction if metric and metric.direction else "",
            reported.method_key or "",
            label(reported.method_key) or result.method or "",
            result.evidence,
        ]

    def order(reported: ReportedResult, reported_in: Counter[str]) -> tuple:
        metric = concepts.get(reported.metric_key or "")
        number = float(reported.result.number)
        best_first = -number if metric is None or metric.direction != "lower" else number
        return (
            -reported_in[reported.metric_key] if reported.metric_key else 1,
            label(reported.metric_key),
            _KIND_ORDER[reported.result.kind],
            best_first,
            reported.paper_key,
        )

    tables = {}
    for key, results in boards.items():
        counts = Counter(r.metric_key or "" for r in results)
        tables[key] = [row(r) for r in sorted(results, key=lambda r: order(r, counts))]
    return tables


def _most(counts: list[tuple[str, int]], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` entries of highest count, ties by name."""
    if len(counts) > limit:
        return heapq.nsmallest(limit, counts, key=lambda kv: (-kv[1], kv[0]))
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))


def _overview(
    graph: nx.MultiDiGraph,
    paper_nodes: list[str],
    concept_nodes: list[str],
    named: dict[str, list[str]],
    listed: Callable[[str], list[int]],
) -> dict:
    """The paper-concept graph when it is small enough to draw whole, and the
    concept map (concepts linked by the papers they share, grouped in communities)."""
    concept_set = set(concept_nodes)
    weights: Counter[tuple[str, str]] = Counter()
    concept_pages: dict[str, set[int]] = defaultdict(set)
    for paper in paper_nodes:
        for concept in named[paper]:
            concept_pages[concept].update(listed(paper))
        weights.update(combinations(named[paper], 2))
    ranked = sorted(concept_nodes, key=lambda n: (-graph.nodes[n]["paper_count"], n))
    communities = _communities(weights, ranked)
    community_of = {c: i for i, members in enumerate(communities) for c in members}

    def concept_node(node: str) -> dict:
        data = graph.nodes[node]
        return {
            "id": node.split(":", 1)[1],
            "label": data["label"],
            "group": data["type"],
            "papers": data["paper_count"],
            "community": community_of[node],
            "pages": sorted(concept_pages[node]),
        }

    overview: dict = {
        "papers": len(paper_nodes),
        "concepts": len(concept_nodes),
        "communities": [
            {
                "label": ", ".join(graph.nodes[c]["label"] for c in members[:3]),
                "size": len(members),
                "papers": sum(graph.nodes[c]["paper_count"] for c in members),
                "members": [c.split(":", 1)[1] for c in members],
            }
            for members in communities
        ],
    }
    if len(paper_nodes) + len(concept_nodes) <= WHOLE_OVERVIEW:
        links = {n for n in graph if graph.nodes[n]["kind"] in ("repository", "project-page")}
        overview["graph"] = {
            "nodes": [
                {
                    "id": n.split(":", 1)[1],
                    "label": graph.nodes[n]["title"],
                    "group": "paper",
                    "pages": listed(n),
                }
                for n in paper_nodes
            ]
            + [concept_node(n) for n in concept_nodes]
            + [
                {"id": n, "label": graph.nodes[n]["url"], "group": graph.nodes[n]["kind"]}
                for n in sorted(links)
            ],
            "edges": [
                [
                    s.split(":", 1)[1],
                    t if t in links else t.split(":", 1)[1],
                    relation,
                ]
                for s, t, relation in graph.edges(keys=True)
                if graph.nodes[s]["kind"] == "paper" and (t in concept_set or t in links)
            ],
        }
    shown = concept_nodes if len(concept_nodes) <= MAP_LIMIT else []
    overview["map"] = {
        "whole": bool(shown) or not concept_nodes,
        "nodes": [concept_node(n) for n in shown],
        "edges": [
            [a.split(":", 1)[1], b.split(":", 1)[1], w]
            for (a, b), w in sorted(weights.items())
            if shown
        ],
    }
    if not shown:  # by community: each opens onto its concepts named by most papers
        between: Counter[tuple[int, int]] = Counter()
        for (a, b), w in weights.items():
            ca, cb = community_of[a], community_of[b]
            if ca != cb:
                between[min(ca, cb), max(ca, cb)] += w
        opened = {c for members in communities for c in members[:CLUSTER_OPEN]}
        overview["map"]["between"] = [[a, b, w] for (a, b), w in sorted(between.items())]
        overview["map"]["open"] = [concept_node(n) for n in concept_nodes if n in opened]
        overview["map"]["openEdges"] = [
            [a.split(":", 1)[1], b.split(":", 1)[1], w]
            for (a, b), w in sorted(weights.items())
            if a in opened and b in opened and community_of[a] == community_of[b]
        ]
    return overview


def _communities(weights: Counter[tuple[str, str]], ranked: list[str]) -> list[list[str]]:
    """Communities of the concept map (``weights``: papers shared per pair), each in the
    order of ``ranked`` (most papers first), largest community first; deterministic
    (a fixed seed). Louvain runs over the COMMUNITY_CORE concepts named by most papers
    (17 s over all 33k at 30k papers, most of them named once); every other concept
    joins the community it shares most papers with, and concepts that share none
    make one community of their own."""
    core_nodes = set(ranked[:COMMUNITY_CORE])
    core: nx.Graph[str] = nx.Graph()
    core.add_weighted_edges_from(
        (a, b, w) for (a, b), w in weights.items() if a in core_nodes and b in core_nodes
    )
    found = nx.community.louvain_communities(core, weight="weight", seed=7) if len(core) else []
    community_of = {n: i for i, members in enumerate(found) for n in members}
    pull: dict[str, Counter[int]] = defaultdict(Counter)
    for (a, b), w in weights.items():
        if a in community_of and b not in community_of:
            pull[b][community_of[a]] += w
        elif b in community_of and a not in community_of:
            pull[a][community_of[b]] += w
    groups: list[list[str]] = [[] for _ in found]
    alone = []
    for node in ranked:
        if node in community_of:
            groups[community_of[node]].append(node)
            continue
        best = min(pull[node].items(), key=lambda kv: (-kv[1], kv[0]), default=None)
        if best is None:
            alone.append(node)
        else:
            groups[best[0]].append(node)
    groups += [alone] if alone else []
    return sorted(groups, key=lambda members: (-len(members), members[0]))
