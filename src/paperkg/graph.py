"""The knowledge graph as a NetworkX ``MultiDiGraph``.

Node ids are ``paper:<paper key>``, ``concept:<concept key>`` and
``link:<url>``. Every node has ``kind``, ``label`` and ``iri`` (its IRI in the RDF,
so a SPARQL answer joins the network); the rest by kind:

=============  =================================================================
kind           attributes
=============  =================================================================
paper          ``title``, ``abstract``, ``date`` (ISO, or ``--MM-DD`` without a
               year, or ""), ``arxiv_id``, ``author_count`` (0 = unknown),
               ``authors`` (list), ``pages`` (list of file names), ``url``,
               ``record_id`` and ``venue`` (as the source gives them, or "")
concept        ``type`` (method / architecture / dataset / task / metric), ``aliases``
               (list), ``vocabulary_id`` (IRI or ""), ``paper_count``
repository     ``url``, ``host`` (a code repository)
project-page   ``url``, ``host`` (any other link)
result         ``value`` (the number), ``value_as_written`` ("88.2%"), ``unit``,
               ``result_kind`` (absolute / improvement / speedup / other),
               ``change`` (increase / decrease or ""), and the provenance of a
               link: ``confidence``, ``rule``, ``evidence``, ``sentence_index``,
               ``pages``
=============  =================================================================

Edges go paper -> concept / link, keyed by ``relation`` (``proposes``, ``uses``,
``evaluatedOn``, ``addresses``, ``hasCode``, ``hasProjectPage``), with ``iri`` (the
IRI of the link's statement in the RDF, which holds its provenance), ``confidence``
(0-1, three decimals as in the RDF), ``rule`` (the extractor that found it),
``surface`` (as written), ``evidence`` (the sentence), ``sentence_index`` (0 =
title) and ``pages`` (list of file names). Concept -> concept edges have relation
``broader`` (from the vocabulary) and no provenance. A paper's results hang off it by
``reportsResult`` edges; a result's edges (``metric``, ``onDataset``, ``forTask``,
``ofMethod``) go to the concepts it is measured in and on. A metric's ``paper_count``
counts the papers reporting a result in it.
"""

from __future__ import annotations

import networkx as nx

from paperkg.identifiers import concept_iri, http_iri, link_iri, paper_iri, result_iri
from paperkg.model import Corpus, numbered_results

__all__ = ["build_graph", "paper_node", "concept_node", "link_node", "result_node"]


def paper_node(key: str) -> str:
    return f"paper:{key}"


def concept_node(key: str) -> str:
    return f"concept:{key}"


def link_node(url: str) -> str:
    return f"link:{url}"


def result_node(paper_key: str, position: int) -> str:
    """``result:<paper key>/<position>``: the paper's ``position``-th result."""
    return f"result:{paper_key}/{position}"


def build_graph(corpus: Corpus) -> nx.MultiDiGraph[str]:
    """Papers, concepts and links with typed, provenanced edges; deterministic order."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    counts = corpus.papers_naming()
    for key, paper in sorted(corpus.papers.items()):
        graph.add_node(
            paper_node(key),
            kind="paper",
            label=paper.title,
            iri=paper_iri(paper),
            title=paper.title,
            abstract=paper.abstract,
            date=paper.date.isoformat() if paper.date else "",
            arxiv_id=paper.arxiv_id or "",
            author_count=paper.author_count or 0,
            authors=list(paper.authors),
            pages=sorted({o.page.name for o in paper.origins}),
            url=paper.url or "",
            record_id=paper.record_id or "",
            venue=paper.venue or "",
        )
    for key, concept in sorted(corpus.concepts.items()):
        graph.add_node(
            concept_node(key),
            kind="concept",
            label=concept.label,
            iri=concept_iri(key),
            type=concept.type,
            aliases=list(concept.aliases),
            vocabulary_id=concept.vocabulary_id or "",
            paper_count=counts[key],
        )
    for url, repository in sorted(corpus.repositories.items()):
        graph.add_node(
            link_node(url),
            kind=repository.kind,
            label=url,
            iri=http_iri(url) or "",  # "" where the link is no IRI (no RDF node)
            url=url,
            host=repository.host,
        )
    by_triple = lambda link: (link.paper_key, link.relation, link.target_key)  # noqa: E731
    for link in sorted(corpus.links, key=by_triple):
        target = (
            concept_node(link.target_key)
            if link.target_key in corpus.concepts
            else link_node(link.target_key)
        )
        graph.add_edge(
            paper_node(link.paper_key),
            target,
            key=link.relation,
            relation=link.relation,
            iri=link_iri(link),
            confidence=round(link.confidence, 3),  # as the RDF states it (3 decimals)
            rule=link.rule,
            surface=link.surface,
            evidence=link.evidence,
            sentence_index=link.sentence_index,
            pages=sorted({page.name for page in link.pages}),
        )
    for position, reported in numbered_results(corpus.results):
        result, node = reported.result, result_node(reported.paper_key, position)
        metric = corpus.concepts.get(reported.metric_key or "")
        graph.add_node(
            node,
            kind="result",
            label=" ".join(filter(None, (result.value, metric.label if metric else ""))),
            iri=result_iri(reported.paper_key, position),
            value=float(result.number),
            value_as_written=result.value,
            unit=result.unit,
            result_kind=result.kind,
            change=result.change or "",
            confidence=round(result.confidence, 3),
            rule=result.rule,
            evidence=result.evidence,
            sentence_index=result.sentence_index,
            pages=sorted({page.name for page in reported.pages}),
        )
        graph.add_edge(
            paper_node(reported.paper_key), node, key="reportsResult", relation="reportsResult"
        )
        for relation, target in reported.named().items():
            if target in corpus.concepts:
                graph.add_edge(node, concept_node(target), key=relation, relation=relation)
    for key, concept in sorted(corpus.concepts.items()):
        for broader in concept.broader:
            if broader in corpus.concepts:
                graph.add_edge(
                    concept_node(key), concept_node(broader), key="broader", relation="broader"
                )
    return graph
