"""Extraction on short hand-written sentences: each rule, its tricky cases and negatives."""

from __future__ import annotations

import pytest

from paperkg.extract import build_pipeline, extract_papers
from paperkg.extract.acronyms import best_long_form, find_definitions, find_title_definition
from paperkg.extract.urls import classify_url, find_urls, normalise_url
from paperkg.knowledge import lexicon_at, vocabulary_at
from paperkg.link import link_corpus
from paperkg.model import Origin, Paper, SourcePage


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def paper(title: str, abstract: str) -> Paper:
    return Paper(title=title, abstract=abstract, origins=(Origin(SourcePage("t.txt"), 1),))


def entities(nlp, title: str, abstract: str) -> dict[str, object]:
    extracted = list(extract_papers([paper(title, abstract)], nlp))
    corpus = link_corpus(extracted, vocabulary_at(""), lexicon=lexicon_at(""))  # as built
    return {e.name: e for e in next(iter(corpus.entities.values()))}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We build on graph neural networks (GNNs) here.", [("GNNs", "graph neural networks")]),
        ("We build on Graph Neural Network (GNNs) here.", [("GNNs", "Graph Neural Network")]),
        (
            "We introduce Gradient-Boosting RL (GBRL), a framework.",
            [("GBRL", "Gradient-Boosting RL")],
        ),
        ("We use GBRL (Gradient-Boosting RL) in all runs.", [("GBRL", "Gradient-Boosting RL")]),
        ("Results improve (see Table 2) on all runs.", []),
        ("We report human-targeted TER (or HTER) scores.", [("HTER", "human-targeted TER")]),
        # a comma in a long form lists its parts; here the match ran into the clause before
        (
            "We code Valence, Arousal, and Dominance (VAD) scores.",
            [("VAD", "Valence, Arousal, and Dominance")],
        ),
        (
            "They ignore structures, and rely on complex Positional/Structural Encodings (SE/PE).",
            [],
        ),
        ("The error drops (e.g., by 3%) overall.", []),
        # a run of words across another definition is no long form
        (
            "Systems based on long short-term memory (LSTM) and bidirectional (BRNN) nets.",
            [("LSTM", "long short-term memory")],
        ),
        # most words of a long form give the short form its letters
        (
            "Generation and feed-forward networks involve compute-intensive matrix-matrix "
            "multiplications (GEMM).",
            [],
        ),
        # quotes around a long form are not part of it
        (
            'We call it "Dilated Convolution with Learnable Spacings" (DCLS) here.',
            [("DCLS", "Dilated Convolution with Learnable Spacings")],
        ),
        (
            "We call this usage ``AI As Contents'' (AIAC), which we like.",
            [("AIAC", "AI As Contents")],
        ),
    ],
)
def test_schwartz_hearst_definitions(sentence, expected):
    assert [(d.short, d.long) for d in find_definitions(sentence)] == expected


@pytest.mark.parametrize(
    ("short", "text", "long"),
    [
        # capitals are matched to capitals first: plain Schwartz-Hearst stops early
        (
            "SAPO",
            "we present Swarm sAmpling Policy Optimization",
            "Swarm sAmpling Policy Optimization",
        ),
        ("AAE", "speakers of African American English", "African American English"),
        # ... but not when the capitals lie far to the left of the real long form
        (
            "S-ConvKAN",
            "we extend S-KAN and propose an activation space selectable Convolutional KAN",
            "selectable Convolutional KAN",
        ),
        ("GNNs", "results of graph neural networks", "graph neural networks"),
    ],
)
def test_long_forms_prefer_matching_capitals(short, text, long):
    assert best_long_form(short, text) == long


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Retro-FPN: Retrospective Feature Pyramid Network for Point Clouds",
            ("Retro-FPN", "Retrospective Feature Pyramid Network"),
        ),
        (
            "UDC: A Unified Neural Divide-and-Conquer Framework for Large-Scale Problems",
            ("UDC", "Unified Neural Divide-and-Conquer Framework"),
        ),
        # letters spelt out of order of the words' initials: a description, not a definition
        ("LION: Linear Group RNN for 3D Object Detection", None),
        ("MultiMET: A Multimodal Dataset for Metaphor Understanding", None),
        ("MossFormer2: Combining Transformer and RNN-Free Recurrent Network", None),
        ("Graph Mamba: Towards Learning on Graphs", None),
        ("Pointer Networks", None),
    ],
)
def test_title_definitions(title, expected):
    found = find_title_definition(title)
    assert (found and (found.short, found.long)) == expected
    if found:
        assert title[found.long_start : found.long_end] == found.long


@pytest.mark.parametrize(
    ("raw", "url", "kind"),
    [
        ("https://github.com/NVlabs/gbrl).", "https://github.com/NVlabs/gbrl", "repository"),
        (
            "https://github.com/VinAIResearch/DiMSUM.git.",
            "https://github.com/VinAIResearch/DiMSUM",
            "repository",
        ),
        (
            "https://anonymous.4open.science/r/BIB/README.md{here.}",
            "https://anonymous.4open.science/r/BIB/README.md",
            "repository",
        ),
        ("https://huggingface.co/org/model", "https://huggingface.co/org/model", "repository"),
        ("https://cli212.github.io/MDPO/.", "https://cli212.github.io/MDPO", "project-page"),
    ],
)
def test_links_are_normalised_and_typed(raw, url, kind):
    assert normalise_url(raw) == url
    assert classify_url(url, ("github.com", "huggingface.co", "anonymous.4open.science")) == kind
    assert [found.url for found in find_urls(f"Code: {raw} Thanks")] == [url]


def test_acronym_and_long_form_are_one_concept_and_bare_uses_link(nlp):
    found = entities(
        nlp,
        "Deep Graphs",
        "Graph neural networks (GNNs) are popular. We show that GNNs oversmooth. "
        "A GNN with skip connections does not.",
    )
    gnn = found["graph neural network"]
    assert gnn.type == "architecture"
    assert {"Graph neural networks", "GNNs", "GNN"} <= set(gnn.surfaces)
    assert sum(e.key == gnn.key for e in found.values()) == 1


def test_a_name_followed_by_its_acronym_defines_it(nlp):
    found = entities(
        nlp,
        "Prompts for VLMs",
        "We propose a novel Cascade Prompt Learning CasPL framework. CasPL is fast.",
    )
    caspl = found["Cascade Prompt Learning"]
    assert {"CasPL", "Cascade Prompt Learning"} <= set(caspl.surfaces) and caspl.proposed
    assert "CasPL" not in found


def test_an_acronym_means_what_the_paper_spells_out(nlp):
    # the vocabulary knows NAG as Nesterov accelerated gradient and ELM as extreme
    # learning machine; these papers define them otherwise
    found = entities(
        nlp,
        "Graphs at Scale",
        "We present Neural Architecture Generation (NAG) for graphs. NAG is fast. "
        "We train expert LMs (ELMs) in parallel.",
    )
    assert "Nesterov accelerated gradient" not in found
    assert "extreme learning machine" not in found
    nag = found["Neural Architecture Generation"]
    assert {"NAG", "Neural Architecture Generation"} <= set(nag.surfaces)
    # a long form spelt differently from the vocabulary's label still names the concept
    found = entities(
        nlp,
        "Tagging",
        "We use a Bi-directional Long Short Term Memory (Bi-LSTM) tagger. "
        "The Pointer Net (Ptr-Net) decoder helps.",
    )
    assert "Bi-LSTM" in found["bidirectional LSTM"].surfaces
    assert "Ptr-Net" in found["pointer network"].surfaces


def test_a_plain_word_is_a_dataset_only_where_its_capital_is_not_its_place(nlp):
    found = entities(
        nlp,
        "Motion Forecasting in Traffic",
        "Forecasting traffic is hard. We test on the ETTh1 and Traffic benchmarks.",
    )
    assert "Traffic" in found and found["Traffic"].surfaces == ("Traffic benchmarks",)
    assert found["Traffic"].sentence_index == 2  # the title's "Traffic" is the plain word
    found = entities(nlp, "Motion Forecasting in Traffic", "Forecasting traffic is hard.")
    assert "Traffic" not in found


def test_a_name_at_a_sentence_end_drops_the_full_stop(nlp):
    found = entities(
        nlp,
        "Robust Transformers",
        "We test on ImageNet-A and ImageNet-R. Gains hold, e.g. on ImageNet-A.",
    )
    assert "ImageNet-R" in found and "ImageNet-R." not in found


def test_proposal_cues_mark_what_the_paper_proposes(nlp):
    found = entities(
        nlp,
        "MossFormer3: Better Separation",
        "We propose MossFormer3, a model for monaural speech separation. "
        "It uses a Transformer. We also introduce a training regime, called "
        "self-guided training, for it.",
    )
    assert found["MossFormer3"].proposed and found["MossFormer3"].type == "architecture"
    assert found["self-guided training"].proposed
    assert not found["Transformer"].proposed
    assert found["monaural speech separation"].type == "task"


def test_datasets_after_evaluation_cues(nlp):
    found = entities(
        nlp,
        "A Study",
        "Experiments on CIFAR-10, CIFAR-100 and ImageNet show gains on the "
        "FooBar-7 dataset as well.",
    )
    for name in ("CIFAR-10", "CIFAR-100", "ImageNet", "FooBar-7"):
        assert found[name].type == "dataset", name


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose a novel method for deep learning with neural networks.",
        "Our approach uses the model on a GPU and reports FLOPs and top-1 accuracy.",
        "Natural Language Processing (NLP) has grown. NLP is everywhere.",
    ],
)
def test_generic_phrases_are_not_concepts(nlp, abstract):
    assert entities(nlp, "Untitled Study", abstract) == {}


def test_every_mention_has_evidence_and_confidence(nlp):
    found = entities(nlp, "A Study", "We train ResNet-50 with stochastic gradient descent (SGD).")
    assert found
    for entity in found.values():
        assert 0.0 < entity.confidence <= 1.0
        assert entity.evidence.startswith("We train ResNet-50")


@pytest.mark.parametrize(
    ("name", "coined"),
    [
        ("MossFormer2", True),
        ("PFGM++", True),
        ("InternVL3.5", True),
        ("NoProp", True),
        ("GenBaB", True),
        ("Transformer", False),
        ("the", False),
        ("2024", False),
    ],
)
def test_coined_name_shapes(name, coined):
    from paperkg.extract.rules import is_novel_name

    assert is_novel_name(name) is coined


def test_plural_long_form_with_singular_acronym_is_one_concept(nlp):
    found = entities(
        nlp,
        "A Study",
        "Message-passing neural networks (MPNN) are strong. Each MPNN layer aggregates neighbours.",
    )
    mpnn = [e for e in found.values() if "MPNN" in e.surfaces]
    assert len(mpnn) == 1 and mpnn[0].type == "architecture"


def test_task_phrases_and_their_negatives(nlp):
    found = entities(
        nlp,
        "A Study",
        "We study point cloud semantic segmentation and point cloud semantic "
        "segmentation at scale. We make correct predictions quickly.",
    )
    assert "point cloud semantic segmentation" in {n.lower() for n in found}
    assert not any("predictions" in name for name in found)


def test_adjective_compounds_do_not_make_names(nlp):
    found = entities(nlp, "A Study", "An RNN-based model and a CNN-free variant are compared.")
    assert not any(name.endswith(("-based", "-free")) for name in found)


def test_proposal_of_a_known_concept_is_use_not_proposal(nlp):
    found = entities(
        nlp,
        "Better Transformers",
        "We propose a Transformer with graph neural networks (GNNs) inside.",
    )
    assert not any(e.proposed for e in found.values())


def test_title_prefix_names_the_contribution(nlp):
    found = entities(
        nlp,
        "NeuRBF: Neural Fields with Radial Basis Functions",
        "We present NeuRBF, which uses adaptive radial basis functions.",
    )
    assert found["NeuRBF"].proposed
    assert found["NeuRBF"].mentions >= 2


def test_coined_names_opening_a_title_are_the_contribution(nlp):
    found = entities(
        nlp,
        "MetaNet-v4, MetaNet-Lite and the Impact of Residual Connections",
        "We study residual connections in very deep networks.",
    )
    assert found["MetaNet-v4"].proposed and found["MetaNet-Lite"].proposed
    # the authors' lab, a comparison with a known concept: nothing proposed
    for title in ("FBK @ IWSLT 2010", "LIUM's System for WMT", "Word2Vec vs LSA for Spelling"):
        found = entities(nlp, title, "We describe our submission to the shared task.")
        assert not any(e.proposed for e in found.values()), title


def test_exclusions_are_data(tmp_path):
    """An exclusion added to the data files removes a concept without code changes."""
    import shutil

    from paperkg.knowledge.resources import ontology_dir

    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    with (ontology / "vocabulary" / "exclusions.txt").open("a", encoding="utf-8") as stream:
        stream.write("\nsparsegraphformer\n")
    custom = build_pipeline(ontology=str(ontology))
    text = "SparseGraphFormer: Fast Graphs\n\nWe propose SparseGraphFormer for graphs."
    names = {m.surface for m in custom(text)._.paperkg_mentions}
    assert "SparseGraphFormer" not in names


def test_parallel_extraction_gives_the_same_records_in_order(seed_paths, nlp):
    from paperkg.extract.parallel import extract_parallel
    from paperkg.read.corpus import read_corpus

    papers = read_corpus(seed_paths).merge.papers
    alone = list(extract_papers(papers, nlp))
    together = list(extract_parallel(papers, jobs=2))
    assert together == alone


def test_one_name_with_and_without_its_head_noun_or_spelt_out(nlp):
    found = entities(
        nlp,
        "Graph Mamba: Towards Learning on Graphs",
        "We present Graph Mamba Networks (GMNs), a framework for graphs.",
    )
    assert [e.name for e in found.values() if "Mamba" in e.name] == ["Graph Mamba Networks"]
    assert {"Graph Mamba", "GMNs"} <= set(found["Graph Mamba Networks"].surfaces)
    found = entities(
        nlp,
        "Input Convex Lipschitz RNN: Fast and Robust",
        "We propose Input Convex Lipschitz Recurrent Neural Networks (ICLRNNs), which are fast.",
    )
    spelt = [e for e in found.values() if e.name.startswith("Input Convex")]
    assert len(spelt) == 1 and spelt[0].proposed
    assert "Input Convex Lipschitz RNN" in spelt[0].surfaces


def test_a_title_definition_joins_the_name_and_its_long_form(nlp):
    found = entities(
        nlp,
        "Retro-FPN: Retrospective Feature Pyramid Network for Point Clouds",
        "We propose Retro-FPN for point clouds. Retro-FPN is fast.",
    )
    retro = found["Retrospective Feature Pyramid Network"]
    assert retro.proposed and "Retro-FPN" in retro.surfaces
    assert not any(e.name == "Retro-FPN" for e in found.values())


def test_a_described_proposal_is_its_capitalised_name(nlp):
    found = entities(
        nlp,
        "Flows for Pan-Sharpening",
        "We propose an invertible Conditional Affine Coupling Block. Each "
        "Conditional Affine Coupling Block (CACB) is invertible.",
    )
    names = [e.name for e in found.values() if "Coupling" in e.name]
    assert names == ["Conditional Affine Coupling Block"] and found[names[0]].proposed
    # a lower-case description before one known acronym is not that concept
    found = entities(nlp, "A Study", "We propose generative SSL for graphs. SSL is popular.")
    assert not any(e.proposed for e in found.values() if e.name == "self-supervised learning")


def test_a_defined_long_form_inside_a_proposal_is_the_name(nlp):
    found = entities(
        nlp,
        "Selectable KANs",
        "We propose an activation space selectable Convolutional KAN (S-ConvKAN).",
    )
    assert found["selectable Convolutional KAN"].proposed
    assert "S-ConvKAN" in found["selectable Convolutional KAN"].surfaces


@pytest.mark.parametrize(
    "abstract",
    [
        "This method, termed LinearAG, offers cheaper inference.",
        "We study the problem and propose LinearAG, which is cheap.",
        "It relies on a strategy what we refer to as LinearAG in this paper.",
    ],
)
def test_more_ways_to_name_the_contribution(nlp, abstract):
    assert entities(nlp, "Fast Guidance", abstract)["LinearAG"].proposed


def test_a_coordinated_verb_takes_the_subject_of_its_sentence(nlp):
    found = entities(
        nlp, "A Review", "Prior work extended S-KAN and proposed NoisyNet, which we use."
    )
    assert not found["NoisyNet"].proposed


@pytest.mark.parametrize(
    ("abstract", "tasks"),
    [
        (
            "It does well on function approximation and time series prediction tasks.",
            {"function approximation", "time series prediction"},
        ),
        ("It beats MLPs in seven representative function fitting tasks.", {"function fitting"}),
        ("Networks are used for classification tasks.", {"classification"}),
        (
            "It solves tasks such as sorting, parsing and Delaunay triangulation.",
            {"sorting", "parsing", "Delaunay triangulation"},
        ),
        # a word before "tasks" that names no task, and a title-case "Task" inside a name
        ("It helps on downstream tasks, vision tasks and many challenging problems.", set()),
        ("We propose Denoising Task Routing for diffusion models.", set()),
    ],
)
def test_tasks_named_by_their_cue(nlp, abstract, tasks):
    found = entities(nlp, "A Study", abstract)
    cued = {e.name for e in found.values() if e.type == "task" and e.rule == "task-cue"}
    named = {e.name for e in found.values() if e.type == "task"}
    assert tasks <= named and cued <= tasks


def test_a_title_opening_named_again_in_the_abstract_is_a_concept(nlp):
    found = entities(
        nlp,
        "Shuffling Layer Outputs Improves Learning for Very Deep Networks",
        "We discuss a technique of shuffling layer outputs for deep networks.",
    )
    assert found["Shuffling Layer Outputs"].rule == "title-phrase"
    # ending in a known concept the paper names, the phrase is that concept described
    found = entities(
        nlp,
        "Adding Gradient Noise Improves Learning for Very Deep Networks",
        "We discuss a technique of adding gradient noise for deep networks.",
    )
    (noise,) = [e for e in found.values() if "gradient noise" in e.surfaces]
    assert noise.name == "gradient noise injection"  # the vocabulary's label
    assert "Adding Gradient Noise" in noise.surfaces
    found = entities(
        nlp,
        "Learning Rules Improves Learning for Deep Networks",
        "We discuss a technique for deep networks.",
    )  # not named again
    assert not any(e.rule == "title-phrase" for e in found.values())


def test_broad_topics_are_concepts_only_where_the_title_names_them(nlp):
    found = entities(
        nlp,
        "A Study of Agents",
        "Humans excel at reasoning and planning, and there is a need for "
        "interpretability. We study motion planning and mechanistic interpretability.",
    )
    assert {"planning", "interpretability"}.isdisjoint(found)
    assert {"motion planning", "mechanistic interpretability"} <= set(found)
    found = entities(nlp, "Planning with Learned Models", "We study agents.")
    assert found["planning"].type == "task"


def test_a_slash_joins_a_name_to_its_fragment_and_separates_two_names(nlp):
    found = entities(
        nlp,
        "A Study",
        "It wins on WSJ0-2/3mix, Libri2Mix, and WHAM!/WHAMR! benchmarks and compares S4D/S5.",
    )
    assert {"WSJ0-2/3mix", "Libri2Mix", "WHAM!", "WHAMR!", "S4D", "S5"} <= set(found)
    assert "WSJ0-2" not in found


def test_a_capitalised_word_after_a_figure_is_a_measure_not_a_name(nlp):
    found = entities(nlp, "A Study", "DriveNet achieves 88.1 PDMS at 30 FPS on NAVSIM.")
    assert {"PDMS", "FPS"}.isdisjoint(found)
    assert "DriveNet" in found


def test_names_in_a_sentence_saying_where_the_code_is_are_not_concepts(nlp):
    found = entities(
        nlp,
        "A Study",
        "We propose DriveNet for planning. Our code is available as part of AIRS "
        "(https://github.com/divelab/AIRS). MATLAB code is available on request.",
    )
    assert {"AIRS", "MATLAB"}.isdisjoint(found)
    assert "DriveNet" in found and "https://github.com/divelab/AIRS" in found
    found = entities(
        nlp,
        "A Study",  # a long sentence that also names the contribution
        "We adapt representer-point methods and TracIn, denoting our new methods "
        "TREX and BoostIn, respectively; source code is available online.",
    )
    assert {"TREX", "BoostIn"} <= set(found)


def test_a_phrase_capitalised_inside_a_sentence_is_written_as_a_name(nlp):
    found = entities(
        nlp, "A Study", "We continue with the training of Sparse Hopping Networks once."
    )
    assert found["Sparse Hopping Networks"].rule == "named-phrase"
    assert found["Sparse Hopping Networks"].type == "architecture"
    # ending in a known concept, it is a kind of that concept, named whole
    found = entities(
        nlp, "A Study", "We continue with the training of Sparse Recurrent Neural Networks once."
    )
    assert found["Sparse Recurrent Neural Networks"].rule == "modified-concept"
    assert found["Sparse Recurrent Neural Networks"].type == "architecture"
    # a lowercase word in it, or the sentence's own capital, says nothing
    found = entities(
        nlp,
        "A Study",
        "Attention is a special Recurrent Neural Network. Sparse Recurrent "
        "Neural Networks are slow. Computer Assisted Translation helps.",
    )
    assert not any(e.rule == "named-phrase" for e in found.values())


def test_a_dataset_name_before_its_noun_opens_with_a_name(nlp):
    found = entities(
        nlp,
        "BatteryLife: A Comprehensive Dataset and Benchmark",
        "To benchmark path finding we created more than 10 Kaggle datasets. "
        "We also test on the ONCE dataset.",
    )
    datasets = {e.name for e in found.values() if e.type == "dataset"}
    assert {"To", "10 Kaggle", "Comprehensive Dataset"}.isdisjoint(datasets)
    assert {"Kaggle", "ONCE"} <= datasets


def test_a_colon_inside_a_word_makes_no_title_prefix(nlp):
    found = entities(
        nlp,
        "Efficient N:M Sparse DNN Training Using Co-Design",
        "We accelerate N:M sparse training.",
    )
    assert not any(e.rule == "title-prefix" or e.name == "N" for e in found.values())


def test_a_proposed_action_is_not_a_name(nlp):
    found = entities(
        nlp, "A Study", "We propose calculating the load-balancing loss (LBL) globally."
    )
    assert not any(e.proposed and e.name.startswith("calculating") for e in found.values())


def test_quantities_and_adjective_compounds_are_not_names(nlp):
    found = entities(
        nlp,
        "A Study",
        "We train on 15B and 100B tokens with a GPU-accelerated, PDE-informed solver "
        "on POS-tagged and MWE-annotated data.",
    )
    names = {"15B", "100B", "GPU-accelerated", "PDE-informed", "POS-tagged", "MWE-annotated"}
    assert names.isdisjoint(found)
    assert "POS" not in found and "MWE" not in found


def test_a_coined_compound_is_the_kind_of_its_known_last_part(nlp):
    found = entities(
        nlp, "A Study", "We evaluate on N-MNIST and compare with LION-Mamba and FooNet."
    )
    assert found["N-MNIST"].type == "dataset"
    assert found["LION-Mamba"].type == "architecture"


def test_quote_marks_and_scale_adjectives_are_not_part_of_names(nlp):
    found = entities(
        nlp,
        "A Study",
        "We introduce `Dragon Hatchling' (BDH), results on ImageNet-scale data "
        "and a CCA-family method.",
    )
    assert "Dragon Hatchling" in found and found["Dragon Hatchling"].proposed
    assert {"`Dragon Hatchling", "ImageNet-scale", "CCA-family"}.isdisjoint(found)


def test_a_prefix_that_makes_another_concept_hides_the_known_one(nlp):
    found = entities(
        nlp,
        "A Study",
        "It avoids non-convex optimization and uses a retro-transformer, unlike "
        "convex optimization. We study speech-to-speech translation.",
    )
    assert found["convex optimization"].mentions == 1
    assert "Transformer" not in found
    assert "speech-to-speech translation" in found  # "to" makes no other concept


def test_modifiers_after_an_evaluation_cue_are_no_datasets(nlp):
    found = entities(
        nlp,
        "A Study",
        "Results on DNA/protein sequence design tasks improve, and a model trained "
        "on T_2-weighted knee data generalises.",
    )
    datasets = {e.name for e in found.values() if e.type == "dataset"}
    assert {"DNA", "T_2-weighted"}.isdisjoint(datasets)


def test_one_name_under_separator_and_plural_variants_is_one_concept(nlp):
    found = entities(
        nlp,
        "Robust Training",
        "We propose Co-Teaching and build on Neural Radiance Fields (NeRFs); "
        "each NeRF is trained with CoTeaching.",
    )
    names = {name: e.surfaces for name, e in found.items()}
    assert [n for n, s in names.items() if "Co-Teaching" in s] == [
        n for n, s in names.items() if "CoTeaching" in s
    ]
    nerf = [n for n, s in names.items() if "NeRFs" in s]
    assert len(nerf) == 1 and "NeRF" in names[nerf[0]]


@pytest.mark.parametrize(
    ("abstract", "role"),
    [
        ("We train driving policies via reinforcement learning and test them.", "method"),
        ("Multi-task learning for chemical NER helps.", "method"),
        ("Approaches based on semi-supervised learning fail here.", "method"),
        ("We study reinforcement learning in sparse-reward settings.", "task"),
        ("Semi-supervised learning applied to translation is hard.", "task"),
    ],
)
def test_a_learning_paradigm_is_typed_by_its_role(nlp, abstract, role):
    found = entities(nlp, "A Study", abstract)
    paradigm = next(e for e in found.values() if e.name.endswith("learning"))
    assert paradigm.type == role


def test_a_dataset_named_with_its_noun_is_the_name_without_it(nlp):
    found = entities(
        nlp, "A Study", "We train on the ZorbNews corpus and test on the Penn Treebank."
    )
    assert found["ZorbNews"].type == "dataset"
    assert found["ZorbNews"].surfaces == ("ZorbNews corpus",)
    assert found["Penn Treebank"].type == "dataset"


def test_a_task_named_with_its_noun_is_the_name_without_it(nlp):
    found = entities(nlp, "A Study", "We address the morpheme boundary tagging task.")
    task = found["morpheme boundary tagging"]
    assert task.type == "task" and task.surfaces == ("morpheme boundary tagging task",)


def test_a_mention_is_also_written_with_its_acronym_and_kind_noun(nlp):
    found = entities(
        nlp,
        "A Study",
        "We study machine translation (MT) and the spoken term detection task. "
        "The Zorblex-5 test set is small. We parse the Zorbian Treebank (ZTB) data.",
    )
    treebank = found["Zorbian Treebank"]
    assert treebank.type == "dataset"
    assert {"Zorbian Treebank (ZTB)", "Zorbian Treebank (ZTB) data"} <= set(treebank.surfaces)
    translation = found["machine translation"]
    assert translation.type == "task"
    assert translation.surfaces == ("machine translation", "machine translation (MT)", "MT")
    detection = found["spoken term detection"]
    assert detection.surfaces == ("spoken term detection", "spoken term detection task")
    # a coined name written with a noun for data is a dataset, the name without the noun
    assert found["Zorblex-5"].type == "dataset"
    assert found["Zorblex-5"].surfaces == ("Zorblex-5", "Zorblex-5 test set")


def test_a_name_is_typed_by_its_capitalised_head_before_of(nlp):
    found = entities(
        nlp,
        "A Study",
        "We annotate the Corpus of Zorbian English (CZE) and the Penn Parsed Corpus of "
        "Modern British English (PPCMBE). We keep a list of rules (LOR).",
    )
    assert found["Corpus of Zorbian English"].type == "dataset"
    assert "CZE" in found["Corpus of Zorbian English"].surfaces
    assert found["Penn Parsed Corpus of Modern British English"].type == "dataset"
    # a lower-case head before "of" types nothing: "a list of rules" is no dataset
    rules = found["list of rules"]
    assert rules.type != "dataset" and rules.surfaces[0] == "list of rules"


def test_a_phrase_ending_in_a_known_concept_the_paper_names_is_that_concept_described(nlp):
    found = entities(
        nlp,
        "Fast Time-Domain Speech Separation",
        "Speech separation is hard. We study speech separation in noisy rooms.",
    )
    separation = [e for e in found.values() if "separation" in e.name.lower()]
    assert len(separation) == 1
    assert separation[0].type == "task"
    assert "Time-Domain Speech Separation" in separation[0].surfaces


def test_a_name_without_a_clue_takes_the_type_other_papers_give_it(nlp):
    papers = [
        paper("Corpus Work", "We collect the ZorbEx corpus of reviews."),
        paper("Model Work", "ZorbEx helps our tagger, and QuuxAl does too."),
        paper("More Work", "QuuxAl and ZorbEx are used again."),
    ]
    corpus = link_corpus(
        list(extract_papers(papers, nlp)), vocabulary_at(""), lexicon=lexicon_at("")
    )
    by_title = {corpus.papers[k].title: {e.name: e for e in v} for k, v in corpus.entities.items()}
    # one paper's "the ZorbEx corpus" outvotes two papers with no clue (method by default)
    assert by_title["Model Work"]["ZorbEx"].type == "dataset"
    assert by_title["More Work"]["ZorbEx"].type == "dataset"
    assert corpus.concepts["zorbex"].type == "dataset"
    # a name no paper gives a clue about keeps the default
    assert by_title["Model Work"]["QuuxAl"].type == "method"


def test_a_written_form_stops_where_its_noun_phrase_does(nlp):
    found = entities(
        nlp,
        "A Study",
        "Our model, QuuxNet-2 sets a new state of the art on ImageNet. We use Zorbo-7B "
        "data augmentation. We use Gradient-Boosting RL (GB-RL, a framework) here. We train "
        "with the Maximum Correntropy Criterion (MCC) on noisy data.",
    )
    # "sets" is a verb here, and "data" opens another name: no dataset, no wider form
    assert found["QuuxNet-2"].type == "method"
    assert found["QuuxNet-2"].surfaces == ("QuuxNet-2",)
    assert found["Zorbo-7B"].surfaces == ("Zorbo-7B",)
    assert "data augmentation" in found
    # a parenthesis that does not close on the acronym adds no form
    assert found["Gradient-Boosting RL"].surfaces == ("Gradient-Boosting RL", "GB-RL")
    # a metric's acronym spelt out as something else is that something
    assert "MCC" in found["Maximum Correntropy Criterion"].surfaces
