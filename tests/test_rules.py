"""The rule registry: each rule declared once and checked against the ontology and the
lexicon, and each finder run on its own over a short text."""

from __future__ import annotations

import shutil

import pytest

from paperkg.errors import OntologyError
from paperkg.extract import build_pipeline
from paperkg.extract.candidates import WORK, Candidate
from paperkg.extract.finders.acronyms import AcronymDefinitions, AcronymUses
from paperkg.extract.finders.evaluation import DatasetCues, TaskCues
from paperkg.extract.finders.known import KnownConcepts, ModifiedConcepts
from paperkg.extract.finders.links import Links
from paperkg.extract.finders.names import CoinedNames
from paperkg.extract.finders.phrases import HeadPhrases
from paperkg.extract.finders.proposals import (
    NamingCues,
    ProposalCues,
    TitleConcept,
    TitleNames,
    TitleOpening,
)
from paperkg.extract.registry import FAMILIES, Finder, RuleContext, declared, finders
from paperkg.extract.results import RESULT_RULES
from paperkg.knowledge import lexicon_at, vocabulary_at
from paperkg.knowledge.resources import ontology_dir


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def found_by(nlp, finder_classes: list[type[Finder]], text: str) -> list[tuple[str, str]]:
    """Run only these finders, in order, over ``text``: (rule, span text) of each candidate."""
    doc = nlp.get_pipe("paperkg_tokens")(nlp.make_doc(text))
    work = doc.user_data[WORK]
    context = RuleContext(nlp, lexicon_at(""), vocabulary_at(""))
    for cls in finder_classes:
        cls(context)(work)
    return [(c.rule, work.table.span_text(c.start, c.end)) for c in work.candidates]


def test_every_rule_is_declared_once_with_its_rank_type_and_confidence():
    rules = declared()
    assert len({r.name for r in rules}) == len(rules) == 23
    assert len({r.rank for r in rules}) == len(rules)
    assert [r.rank for r in rules] == sorted(r.rank for r in rules)
    assert all(0.0 < r.confidence <= 1.0 for r in rules)
    registered = {rule.name for family in FAMILIES for cls in finders(family) for rule in cls.rules}
    # the resolver's own rule, and the result rules (src/paperkg/extract/results.py)
    assert registered == {r.name for r in rules} - {"name-use", *RESULT_RULES}


def test_a_rule_missing_from_the_ontology_stops_the_pipeline(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    ttl = folder / "paperkg.ttl"
    ttl.write_text(ttl.read_text().replace("rule:title-phrase\n", "rule:title-opening\n"))
    with pytest.raises(
        OntologyError,
        match=r"declared only \['title-phrase'\].*"
        r"in the ontology only \['title-opening'\]",
    ):
        build_pipeline(ontology=str(folder))


def test_a_lexicon_table_no_rule_reads_stops_the_pipeline(tmp_path):
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    lexicon = folder / "lexicon.toml"
    lexicon.write_text(lexicon.read_text() + "\n[confidence]\nvocabulary = 0.9\n")
    with pytest.raises(OntologyError, match=r"read by no rule \['confidence'\]"):
        build_pipeline(ontology=str(folder))


@pytest.mark.parametrize(
    ("finders_run", "text", "expected"),
    [
        ([Links], "T\n\nCode at https://github.com/a/b now.", [("url", "https://github.com/a/b")]),
        (
            [AcronymDefinitions, AcronymUses],
            "T\n\nWe use graph neural networks (GNNs). GNN layers help.",
            [
                ("acronym-definition", "graph neural networks"),
                ("acronym-definition", "GNNs"),
                ("acronym-use", "GNNs"),
                ("acronym-use", "GNN"),
            ],
        ),
        ([KnownConcepts], "T\n\nWe train a Transformer.", [("vocabulary", "Transformer")]),
        (  # another case or other separators name the same known concept; "clip" is a word
            [KnownConcepts],
            "T\n\nOn Cifar10, CIFAR 100 and Imagenet-1k, CLIP scores each video clip.",
            [  # the resolver keeps the longest of overlapping matches
                ("vocabulary", "CIFAR"),
                ("vocabulary", "CIFAR 100"),
                ("vocabulary", "CLIP"),
                ("vocabulary", "Cifar10"),
                ("vocabulary", "Imagenet-1k"),
            ],
        ),
        (
            [KnownConcepts, ModifiedConcepts],
            "Multi-View Contrastive Learning\n\nWe study multi-view contrastive learning.",
            [
                ("vocabulary", "Contrastive Learning"),
                ("vocabulary", "contrastive learning"),
                ("modified-concept", "Multi-View Contrastive Learning"),
                ("modified-concept", "multi-view contrastive learning"),
            ],
        ),
        (  # said once, a modifier describes; an adjective compound says what it is used with
            [KnownConcepts, ModifiedConcepts],
            "T\n\nA fixed capacity neural network and PFN-based Bayesian optimization.",
            [
                ("vocabulary", "neural network"),
                ("vocabulary", "PFN"),
                ("vocabulary", "Bayesian optimization"),
            ],
        ),
        (
            [ProposalCues],
            "T\n\nWe propose FooNet, a network.",
            [("proposal-cue", "FooNet")],
        ),
        ([NamingCues], "T\n\nWe build a method termed BarNet here.", [("naming-cue", "BarNet")]),
        ([TitleNames], "MossFormer2: Combining Things\n\nText.", [("title-prefix", "MossFormer2")]),
        (
            [TitleOpening],
            "Adding Gradient Noise Improves Learning\n\nWe show that adding gradient noise helps.",
            [("title-phrase", "Adding Gradient Noise")],
        ),
        (
            [TitleConcept],
            "Text Level Graph Neural Network for Text Classification\n\nWe build graphs.",
            [("title-concept", "Text Level Graph Neural Network")],
        ),
        (  # a generic model, a title about using one, a technique: none
            [TitleConcept],
            "A Neural Model for Parsing\n\nText.",
            [],
        ),
        ([TitleConcept], "Using Deep Belief Networks to Parse\n\nText.", []),
        ([TitleConcept], "Spiking Diffusion Networks\n\nText.", []),  # a whole title
        (
            [TitleConcept],
            "Building a Korean Dialogue Corpus: Lessons Learned\n\nText.",
            [("title-concept", "Korean Dialogue Corpus")],
        ),
        ([CoinedNames], "T\n\nS4-PTD beats RNN-based models.", [("novel-name", "S4-PTD")]),
        (
            [DatasetCues],
            "T\n\nWe run experiments on ImageNet and COCO.",
            [("dataset-cue", "ImageNet"), ("dataset-cue", "COCO")],
        ),
        ([TaskCues], "T\n\nWe solve function fitting tasks.", [("task-cue", "function fitting")]),
        (  # a task's name; what a model does, after a noun; after an adjective, nothing
            [HeadPhrases],
            "T\n\nFor dependency parsing, trajectory prediction and probabilistic prediction.",
            [("task-phrase", "dependency parsing"), ("activity-phrase", "trajectory prediction")],
        ),
        (
            [HeadPhrases],
            "T\n\nWe study point cloud semantic segmentation and Sparse Recurrent Networks.",
            [
                ("task-phrase", "point cloud semantic segmentation"),
                ("named-phrase", "Sparse Recurrent Networks"),
            ],
        ),
    ],
)
def test_each_finder_on_its_own(nlp, finders_run, text, expected):
    assert found_by(nlp, finders_run, text) == expected


def test_a_proposal_cue_opens_windows_for_the_resolver(nlp):
    doc = nlp.get_pipe("paperkg_tokens")(nlp.make_doc("T\n\nWe propose FooNet, a network."))
    work = doc.user_data[WORK]
    ProposalCues(RuleContext(nlp, lexicon_at(""), vocabulary_at("")))(work)
    strict = [w for w in work.windows if w.strict]
    assert [work.table.span_text(w.start, w.end) for w in strict] == ["FooNet"]
    assert work.candidates == [Candidate(strict[0].start, strict[0].end, "proposal-cue")]
