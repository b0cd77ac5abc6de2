"""Resolve mentions to canonical concepts, repositories and typed links.

Within a paper, mentions are grouped into one entity when they share a
vocabulary concept, a normalised phrase, or an acronym definition ("graph
neural networks (GNNs)" ... "GNN"); a name's phrase may spell out an acronym
or drop a generic head noun ("Graph Mamba Networks" is "Graph Mamba"). Across
papers, an entity's key is the vocabulary concept's slug when known, else the
slug of its normalised long form; a bare acronym takes the long form it is
defined with elsewhere in the corpus when that definition is unambiguous, and
stays apart otherwise.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from paperkg.extract.acronyms import acronym_base
from paperkg.extract.registry import rank
from paperkg.extract.rules import normalise_phrase
from paperkg.identifiers import slugify
from paperkg.knowledge.lexicon import Lexicon
from paperkg.knowledge.vocabulary import Vocabulary, VocabularyEntry
from paperkg.model import (
    LINK_TYPES,
    TYPE_SOURCES,
    Concept,
    Corpus,
    Entity,
    ExtractedPaper,
    Link,
    Mention,
    Paper,
    ReportedResult,
    Repository,
    Result,
    Skipped,
)

__all__ = [
    "ConceptTable",
    "PendingEntities",
    "acronym_meanings",
    "corpus_acronyms",
    "link_corpus",
    "paper_definitions",
    "paper_entities",
    "paper_links",
    "paper_results",
    "metric_concepts",
    "pending_entities",
    "rekeyed",
    "without_label_clashes",
    "relation_of",
    "resolve_entities",
    "unambiguous_acronyms",
]

_RELATION_BY_TYPE = {
    "method": "uses",
    "architecture": "uses",
    "dataset": "evaluatedOn",
    "task": "addresses",
    "repository": "hasCode",
    "project-page": "hasProjectPage",
}

#: A paper's vote for its concept's type, by the vote's source (known, context, head,
#: default; see TYPE_SOURCES): evidence in the sentence outweighs a rule's default.
TYPE_WEIGHTS = {"known": 3, "context": 3, "head": 2, "default": 1}
#: What a concept table counts per concept: a name, or a (type source, type) pair.
_Value = TypeVar("_Value")
#: A hyphen in a concept key (or a space in a name) that spelling may drop: any but one
#: between two digits.
_SPELLING_HYPHEN = re.compile(r"-(?![0-9])|(?<![0-9])-")
_SPELLING_SPACE = re.compile(r" (?![0-9])|(?<![0-9]) ")


def relation_of(entity_type: str, proposed: bool) -> str:
    """The paper -> target relation for an entity of this type."""
    if proposed and entity_type not in LINK_TYPES:
        return "proposes"
    return _RELATION_BY_TYPE[entity_type]


@dataclass
class _Group:
    mentions: list[Mention] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _NameForms:
    """The forms one name can take within a paper.

    A multi-word name may spell an acronym out or not ("Input Convex Lipschitz
    RNN" is "... Recurrent Neural Networks" when the paper or the vocabulary
    defines RNN) and may carry a generic head noun or not ("Graph Mamba
    Networks" is "Graph Mamba"): each such form is a grouping key. A dataset's
    name may carry a generic noun or not ("the FBIS corpus" is FBIS).
    """

    acronyms: dict[str, str]
    heads: frozenset[str]
    dataset_nouns: frozenset[str] = frozenset()
    task_nouns: frozenset[str] = frozenset()

    def bare(self, name: str, entity_type: str) -> str:
        """A dataset's or a task's name without the generic noun after it: "FBIS corpus"
        is FBIS (when what is left is written as a name, a capital or a digit in it),
        "the entity linking task" entity linking."""
        words = name.split()
        if len(words) < 2:
            return name
        rest, noun = " ".join(words[:-1]), words[-1].lower()
        if entity_type == "task" and noun in self.task_nouns:
            return rest
        if entity_type == "dataset" and noun in self.dataset_nouns:
            return rest if any(c.isupper() or c.isdigit() for c in rest) else name
        return name

    def of(self, name: str, *, described: bool = False) -> set[str]:
        """The keys of ``name``; ``described`` names may open with a description in
        lower case ("we propose invertible Conditional Affine Coupling Blocks")."""
        words = name.split()
        forms = {normalise_phrase(name)}
        if len(words) > 1:
            spelt = [self.acronyms.get(acronym_base(word), word) for word in words]
            forms.add(normalise_phrase(" ".join(spelt)))
        first = next((i for i, word in enumerate(words) if word[:1].isupper()), 0)
        if (
            described
            and 0 < first <= len(words) - 2
            and all(word[:1].isupper() for word in words[first:])
        ):
            forms |= self.of(" ".join(words[first:]))
        for form in list(forms):
            head = form.rsplit(" ", 1)
            if form.count(" ") >= 2 and head[-1] in self.heads:
                forms.add(head[0])
        return forms


def _mention_keys(mention: Mention, names: _NameForms) -> set[str]:
    if mention.type in LINK_TYPES:
        return {f"url:{mention.surface}"}
    described = mention.rule == "proposal-cue"
    surface = names.bare(mention.surface, mention.type)
    forms = names.of(surface, described=described)
    keys = {f"text:{form}" for form in forms}
    # "Co-Teaching" and "CoTeaching", "Sub-graph" and "Subgraph", "Name 3.5" and "Name3.5"
    keys.update(f"flat:{_SPELLING_SPACE.sub('', form)}" for form in forms)
    if mention.vocabulary_id:
        keys.add(f"vocab:{mention.vocabulary_id}")
    if mention.acronym:
        keys.add(f"acronym:{acronym_base(mention.acronym)}")
    if mention.long_form:
        keys.add(f"acronym:{acronym_base(mention.surface)}")
        keys.update(f"text:{form}" for form in names.of(mention.long_form))
    return keys


def _name_forms(
    mentions: Sequence[Mention], vocabulary: Vocabulary, lexicon: Lexicon | None
) -> _NameForms:
    """Name forms for one paper: its own acronym definitions first, then the vocabulary's."""
    defined = {acronym_base(m.acronym): m.surface for m in mentions if m.acronym}
    defined.update((acronym_base(m.surface), m.long_form) for m in mentions if m.long_form)
    # a paper that defines no acronym uses the vocabulary's map as it is, uncopied
    return _NameForms(
        {**vocabulary.acronyms, **defined} if defined else vocabulary.acronyms,
        lexicon.name_heads if lexicon else frozenset(),
        lexicon.dataset_generic_nouns if lexicon else frozenset(),
        lexicon.task_nouns if lexicon else frozenset(),
    )


def _group_mentions(mentions: Sequence[Mention], names: _NameForms) -> list[_Group]:
    """Union mentions that share any key; order of first mention is kept."""
    groups: list[_Group] = []
    owner: dict[str, _Group] = {}
    for mention in mentions:
        keys = _mention_keys(mention, names)
        hits: list[_Group] = []
        for key in sorted(keys):
            group = owner.get(key)
            if group is not None and all(group is not h for h in hits):
                hits.append(group)
        if hits:
            target = min(hits, key=groups.index)
            for other in hits:
                if other is not target:
                    target.mentions.extend(other.mentions)
                    target.keys |= other.keys
                    groups.remove(other)
        else:
            target = _Group()
            groups.append(target)
        target.mentions.append(mention)
        target.keys |= keys
        for key in target.keys:
            owner[key] = target
    return groups


def support_confidence(mentions: list[Mention], support: dict[str, float]) -> float:
    """A link's confidence: its best mention's, plus support for the title and repeats.

    >>> m = Mention("GNN", "architecture", 1, "s", "vocabulary", 0.6)
    >>> policy = {"in_title": 0.15, "per_extra_mention": 0.1, "maximum": 0.99}
    >>> round(support_confidence([m, m], policy), 2)
    0.7
    """
    best = max(m.confidence for m in mentions)
    bonus = support.get("per_extra_mention", 0.0) * (len(mentions) - 1)
    if any(m.sentence_index == 0 for m in mentions):
        bonus += support.get("in_title", 0.0)
    return min(best + bonus, support.get("maximum", 1.0))


@dataclass(frozen=True)
class PendingEntities:
    """One paper's entities before the corpus-wide acronym map is known.

    ``acronyms[i]`` is the bare acronym entity ``i`` is named by, whose unambiguous
    meaning elsewhere in the corpus becomes its key (:func:`resolve_entities`); None
    where the vocabulary, a long form or a link gives the key. ``definitions`` are
    the (acronym, concept key) pairs the paper defines (:func:`acronym_meanings`).
    A streamed build stores these per partition, so its link pass never extracts
    again nor reads mentions.
    """

    paper: Paper
    entities: tuple[Entity, ...]
    acronyms: tuple[str | None, ...]
    definitions: tuple[tuple[str, str], ...]
    results: tuple[Result, ...] = ()


def pending_entities(
    extracted: ExtractedPaper, vocabulary: Vocabulary, lexicon: Lexicon | None = None
) -> PendingEntities:
    """One entity per concept or link of one paper, above the minimum confidence;
    the keys of bare acronyms are left to :func:`resolve_entities`.

    ``lexicon`` gives the confidence support and the generic name heads (none when
    omitted).
    """
    support = lexicon.support if lexicon else {}
    names = _name_forms(extracted.mentions, vocabulary, lexicon)
    minimum = support.get("minimum", 0.0)
    entities, acronyms = [], []
    for group in _group_mentions(extracted.mentions, names):
        mentions = sorted(group.mentions, key=lambda m: (rank(m.rule), m.sentence_index))
        best = mentions[0]
        confidence = support_confidence(group.mentions, support)
        if confidence < minimum:
            continue
        vocabulary_ids = [m.vocabulary_id for m in mentions if m.vocabulary_id]
        long_forms = [m.surface for m in group.mentions if m.acronym] + [
            m.long_form for m in group.mentions if m.long_form
        ]
        acronym = None
        if best.type in LINK_TYPES:
            name, key = best.surface, best.surface
        elif vocabulary_ids:
            entry = vocabulary.entries[_commonest(vocabulary_ids)]
            name, key = entry.label, entry.iri.rsplit("/", 1)[-1]
        elif long_forms:
            name = max(long_forms, key=len)
            key = slugify(normalise_phrase(name))
        else:
            name = _commonest(m.surface for m in group.mentions)
            name = names.bare(name, best.type)
            key, acronym = slugify(normalise_phrase(name)), acronym_base(name)
        best_source = len(TYPE_SOURCES) - 1
        if best.type in LINK_TYPES:
            entity_type = best.type
        else:  # the commonest of the types the best evidence gives: a known concept's own
            # type, but a learning paradigm's role in the sentence (see TYPE_SOURCES)
            best_source = min(TYPE_SOURCES.index(m.typed_by) for m in mentions)
            entity_type = _commonest(
                m.type for m in mentions if TYPE_SOURCES.index(m.typed_by) == best_source
            )
        written = (form for m in group.mentions for form in (m.surface, *m.extent))
        surfaces = tuple(dict.fromkeys(written))
        entities.append(
            Entity(
                key=key,
                type=entity_type,
                name=name,
                surfaces=surfaces,
                proposed=any(m.proposed for m in group.mentions),
                confidence=confidence,
                rule=best.rule,
                sentence_index=best.sentence_index,
                evidence=best.sentence,
                mentions=len(group.mentions),
                typed_by=TYPE_SOURCES[best_source],
            )
        )
        acronyms.append(acronym)
    return PendingEntities(
        extracted.paper,
        tuple(entities),
        tuple(acronyms),
        paper_definitions(extracted),
        extracted.results,
    )


def resolve_entities(pending: PendingEntities, acronyms: dict[str, str]) -> tuple[Entity, ...]:
    """The paper's entities with their corpus-wide keys: a bare acronym takes the key
    ``acronyms`` (see :func:`corpus_acronyms`) gives it; entities that then share a
    key become one."""
    resolved = []
    for entity, acronym in zip(pending.entities, pending.acronyms, strict=True):
        key = acronyms.get(acronym) if acronym else None
        resolved.append(replace(entity, key=key) if key else entity)
    return _merge_same_key(resolved)


def rekeyed(entities: tuple[Entity, ...], redirects: dict[str, str]) -> tuple[Entity, ...]:
    """A paper's entities with the keys of folded concepts replaced
    (:meth:`ConceptTable.fold_variants`); entities that then share a key become one."""
    if not redirects or not any(e.key in redirects for e in entities):
        return entities
    return _merge_same_key([replace(e, key=redirects.get(e.key, e.key)) for e in entities])


def paper_entities(
    extracted: ExtractedPaper,
    vocabulary: Vocabulary,
    acronyms: dict[str, str],
    lexicon: Lexicon | None = None,
) -> tuple[Entity, ...]:
    """One entity per concept or link of one paper, above the minimum confidence,
    keyed corpus-wide (:func:`pending_entities`, then :func:`resolve_entities`)."""
    return resolve_entities(pending_entities(extracted, vocabulary, lexicon), acronyms)


def _commonest(values: Iterable[str]) -> str:
    """The most frequent value; ties go to the first seen (as ``Counter.most_common``)."""
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.__getitem__)


def _merge_same_key(entities: list[Entity]) -> tuple[Entity, ...]:
    """Entities of one paper that resolved to the same key become one."""
    merged: dict[str, Entity] = {}
    for entity in entities:
        held = merged.get(entity.key)
        if held is None:
            merged[entity.key] = entity
            continue
        merged[entity.key] = Entity(
            key=held.key,
            type=held.type,
            name=held.name,
            surfaces=tuple(dict.fromkeys(held.surfaces + entity.surfaces)),
            proposed=held.proposed or entity.proposed,
            confidence=max(held.confidence, entity.confidence),
            rule=held.rule,
            sentence_index=held.sentence_index,
            evidence=held.evidence,
            mentions=held.mentions + entity.mentions,
            typed_by=held.typed_by,
        )
    return tuple(merged.values())


def paper_definitions(extracted: ExtractedPaper) -> tuple[tuple[str, str], ...]:
    """The (acronym, concept key) pairs one paper defines."""
    return tuple(
        (
            acronym_base(mention.acronym),
            mention.vocabulary_id or slugify(normalise_phrase(mention.surface)),
        )
        for mention in extracted.mentions
        if mention.acronym
    )


def acronym_meanings(definitions: Iterable[Iterable[tuple[str, str]]]) -> dict[str, set[str]]:
    """Acronym -> the concept keys it is defined with, from papers' definitions
    (:func:`paper_definitions`).

    The corpus-wide map is :func:`unambiguous_acronyms` of the union of every
    batch's meanings (the stream engine merges them partition by partition).
    """
    meanings: dict[str, set[str]] = defaultdict(set)
    for pairs in definitions:
        for short, key in pairs:
            meanings[short].add(key)
    return dict(meanings)


def unambiguous_acronyms(meanings: dict[str, set[str]]) -> dict[str, str]:
    """Acronyms defined with exactly one meaning -> concept key.

    An acronym defined with different long forms in different papers is
    ambiguous and is left out, so its bare uses stay apart.
    """
    return {
        short: next(iter(keys)).rsplit("/", 1)[-1]
        for short, keys in meanings.items()
        if len(keys) == 1
    }


def corpus_acronyms(extracted: Iterable[ExtractedPaper]) -> dict[str, str]:
    """Acronyms defined with exactly one meaning across the corpus -> concept key."""
    return unambiguous_acronyms(acronym_meanings(map(paper_definitions, extracted)))


class ConceptTable:
    """What the papers say about each concept, gathered paper by paper.

    Holds counts per concept (surface forms, types, names, papers) and the
    repositories, never the papers or links themselves, so it can be filled
    from a stream or from partitions (:meth:`merge`) and stays as small as the
    set of distinct concepts. :meth:`concepts` gives the canonical concepts.
    """

    def __init__(self) -> None:
        self.surfaces: dict[str, set[str]] = defaultdict(set)
        # plain dicts of counts, not Counters: a partition's table crosses a process
        # boundary, and unpickling a Counter runs Python code, a dict does not
        #: concept -> (type source's rank in TYPE_SOURCES, type) -> entities of that type
        self.types: dict[str, dict[tuple[int, str], int]] = defaultdict(dict)
        self.names: dict[str, dict[str, int]] = defaultdict(dict)
        self.paper_counts: Counter[str] = Counter()
        #: spelling (see fold_variants) -> papers counted twice by two of its keys
        self.shared: Counter[str] = Counter()
        self.repositories: dict[str, Repository] = {}

    def add(self, entities: Iterable[Entity]) -> None:
        """Count one paper's entities (their keys are unique within the paper)."""
        entities = tuple(entities)
        for entity in entities:
            if entity.type in LINK_TYPES:
                host = entity.key.split("/")[2]
                self.repositories[entity.key] = Repository(entity.key, entity.type, host)
                continue
            self.surfaces[entity.key].update(entity.surfaces)
            types, names = self.types[entity.key], self.names[entity.key]
            evidence = (TYPE_SOURCES.index(entity.typed_by), entity.type)
            types[evidence] = types.get(evidence, 0) + 1
            names[entity.name] = names.get(entity.name, 0) + 1
            self.paper_counts[entity.key] += 1
        # two of the paper's concepts that fold_variants may make one count its paper once
        keys = [e.key for e in entities if e.type not in LINK_TYPES]
        if len({key.replace("-", "") for key in keys}) < len(keys):  # rare: spell it out
            for spelling, count in Counter(map(_spelling, keys)).items():
                if count > 1:
                    self.shared[spelling] += count - 1

    def merge(self, other: ConceptTable) -> None:
        """Add another partition's counts. ``other`` is used up: a concept it alone
        has keeps its counters, taken over rather than copied (most concepts are
        named in one partition only)."""
        for key, surfaces in other.surfaces.items():
            held = self.surfaces.get(key)
            if held is None:
                self.surfaces[key] = surfaces
            else:
                held |= surfaces
        _add_counts(self.types, other.types)
        _add_counts(self.names, other.names)
        self.paper_counts.update(other.paper_counts)
        self.shared.update(other.shared)
        self.repositories.update(other.repositories)

    def fold_variants(self, vocabulary: Vocabulary) -> dict[str, str]:
        """Make concepts whose keys differ only by hyphens one concept, and return each
        folded key's new key. Such keys come from names written with a hyphen, a space
        or closed up ("Sub-graph matching", "sub graph matching", "subgraph matching";
        "Co-Teaching", "CoTeaching") in different papers. The vocabulary's concept is
        kept when one of them is known, else the one most papers name. A group stays
        apart when two of its keys are known (the vocabulary says they differ), or, with
        none known, when what the papers' sentences say types two of them differently
        ("the S-LoRA corpus", "the SLoRA task"). A hyphen between two digits stays:
        "Llama-2-7B" is not "Llama-27B"."""
        known = {iri.rsplit("/", 1)[-1] for iri in vocabulary.entries}
        groups: dict[str, list[str]] = defaultdict(list)
        for key in self.surfaces:
            groups[_spelling(key)].append(key)
        redirects: dict[str, str] = {}
        for spelling, keys in groups.items():
            known_keys = [key for key in keys if key in known]
            if len(keys) < 2 or len(known_keys) > 1:
                continue
            if not known_keys and self._typed_apart(keys):
                continue
            kept = (
                known_keys[0]
                if known_keys
                else min(keys, key=lambda key: (-self.paper_counts[key], key))
            )
            for key in sorted(keys):
                if key != kept:
                    self._fold(key, kept)
                    redirects[key] = kept
            self.paper_counts[kept] -= self.shared.pop(spelling, 0)
        return redirects

    def _typed_apart(self, keys: list[str]) -> bool:
        """Whether the papers' sentences (context, not a head word or the rules'
        default) give two of these concepts different types."""
        context = TYPE_SOURCES.index("context")
        evidenced = set()
        for key in keys:
            votes = {e: n for e, n in self.types[key].items() if e[0] <= context}
            if votes:
                evidenced.add(_best_evidenced(votes))
        return len(evidenced) > 1

    def _fold(self, key: str, into: str) -> None:
        """Move one concept's counts onto another's."""
        self.surfaces[into] |= self.surfaces.pop(key)
        _add_counts(self.types, {into: self.types.pop(key)})
        _add_counts(self.names, {into: self.names.pop(key)})
        self.paper_counts[into] += self.paper_counts.pop(key)

    def concepts(
        self, vocabulary: Vocabulary, name_heads: frozenset[str] = frozenset()
    ) -> dict[str, Concept]:
        """Canonical concepts: vocabulary label and type when known, else the most
        common name and type; with broader concepts (lexical heads, vocabulary ancestors).

        ``name_heads`` are the lexicon's generic head nouns a name may drop when
        its lexical head is looked for ("Graph Mamba Networks" -> Mamba)."""
        by_slug = {iri.rsplit("/", 1)[-1]: iri for iri in vocabulary.entries}
        concepts: dict[str, Concept] = {}
        for key in sorted(self.surfaces):
            iri = by_slug.get(key)
            entry = vocabulary.entries[iri] if iri else None
            label = entry.label if entry else _most_common(self.names[key])
            concept_type = entry.type if entry else _best_evidenced(self.types[key])
            concepts[key] = Concept(
                key=key,
                label=label,
                type=concept_type,
                aliases=tuple(sorted(self.surfaces[key] - {label})),
                broader=_broader_of(entry, vocabulary) if entry else (),
                vocabulary_id=iri,
            )
        _add_lexical_broader(concepts, vocabulary, name_heads)
        _add_broader_ancestors(concepts, vocabulary, by_slug)
        return concepts


def without_label_clashes(concepts: dict[str, Concept]) -> dict[str, Concept]:
    """The concepts without any alias that is another concept's label (case aside): a
    name that is one concept's preferred label must not also name another (a SKOS label
    clash), as "COCO" did for MS COCO beside the concept COCO."""
    labels = Counter(concept.label.casefold() for concept in concepts.values())
    for key, concept in concepts.items():
        own = concept.label.casefold()
        kept = tuple(a for a in concept.aliases if a.casefold() == own or not labels[a.casefold()])
        if kept != concept.aliases:
            concepts[key] = replace(concept, aliases=kept)
    return concepts


def _spelling(key: str) -> str:
    """A concept key without the hyphens spelling may drop (see fold_variants)."""
    return _SPELLING_HYPHEN.sub("", key)


def _add_counts(mine: dict[str, dict[_Value, int]], theirs: dict[str, dict[_Value, int]]) -> None:
    """Add one partition's per-concept counts to another's, taking over whole counters."""
    for key, counts in theirs.items():
        held = mine.get(key)
        if held is None:
            mine[key] = counts
        else:
            for value, count in counts.items():
                held[value] = held.get(value, 0) + count


def _best_evidenced(counts: dict[tuple[int, str], int]) -> str:
    """The type of a concept the vocabulary does not know, by the papers' votes: each
    paper votes for the type it gives, weighted by where that type comes from
    (:data:`TYPE_WEIGHTS`). One paper's "the X corpus" outvotes two papers that name X
    with no clue (the rules' default, method), not three."""
    votes: dict[str, int] = {}
    for (source, kind), papers in counts.items():
        votes[kind] = votes.get(kind, 0) + papers * TYPE_WEIGHTS[TYPE_SOURCES[source]]
    return _most_common(votes)


def _most_common(counts: dict[str, int]) -> str:
    """The most frequent value; ties go to the first in sort order (deterministic)."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def paper_links(
    paper: Paper, entities: Iterable[Entity], concepts: dict[str, Concept]
) -> Iterator[Link]:
    """One paper's links; a relation follows its concept's corpus-wide type."""
    pages = tuple(sorted({o.page for o in paper.origins}, key=lambda p: p.path))
    key = paper.key  # a property: computed once, not per link
    for entity in entities:
        yield _agree_with_concept(
            Link(
                paper_key=key,
                target_key=entity.key,
                relation=relation_of(entity.type, entity.proposed),
                confidence=entity.confidence,
                rule=entity.rule,
                surface=entity.surfaces[0],
                sentence_index=entity.sentence_index,
                evidence=entity.evidence,
                pages=pages,
            ),
            concepts,
        )


def link_corpus(
    extracted: list[ExtractedPaper],
    vocabulary: Vocabulary,
    *,
    lexicon: Lexicon | None = None,
    skipped: Iterable[Skipped] = (),
) -> Corpus:
    """Canonical concepts, repositories and links for all extracted papers, in memory.

    ``lexicon`` is as in :func:`paper_entities`.
    """
    corpus = Corpus(skipped=list(skipped))
    acronyms = corpus_acronyms(extracted)
    table = ConceptTable()
    for item in sorted(extracted, key=lambda e: e.paper.key):
        corpus.papers[item.paper.key] = item.paper
        corpus.entities[item.paper.key] = paper_entities(item, vocabulary, acronyms, lexicon)
        table.add(corpus.entities[item.paper.key])
    redirects = table.fold_variants(vocabulary)
    corpus.concepts = table.concepts(vocabulary, lexicon.name_heads if lexicon else frozenset())
    corpus.repositories = {url: table.repositories[url] for url in sorted(table.repositories)}
    for key, entities in corpus.entities.items():
        entities = rekeyed(entities, redirects)
        corpus.entities[key] = tuple(_typed_like_concept(e, corpus.concepts) for e in entities)
    for key, paper in corpus.papers.items():
        corpus.links.extend(paper_links(paper, corpus.entities[key], corpus.concepts))
    results = {item.paper.key: item.results for item in extracted}
    for key, paper in corpus.papers.items():
        corpus.results.extend(
            paper_results(paper, results[key], corpus.entities[key], corpus.concepts)
        )
    stated_in = (r.result.metric_id for r in corpus.results if r.result.metric_id)
    corpus.concepts = without_label_clashes(
        {**corpus.concepts, **metric_concepts(stated_in, vocabulary)}
    )
    return corpus


#: The concept types a result's dataset, task and method may have.
_RESULT_ROLES = {"dataset": {"dataset"}, "task": {"task"}, "method": {"method", "architecture"}}


def paper_results(
    paper: Paper,
    results: Iterable[Result],
    entities: Iterable[Entity],
    concepts: dict[str, Concept],
) -> Iterator[ReportedResult]:
    """One paper's results, their dataset, task and method resolved to the concepts the
    paper's entities of those words became (None where the words became none, or one
    of another type); the metric to its vocabulary concept."""
    by_surface: dict[str, str] = {}
    for entity in entities:
        for surface in (*entity.surfaces, entity.name):
            by_surface.setdefault(surface.casefold(), entity.key)
    pages = tuple(sorted({o.page for o in paper.origins}, key=lambda p: p.path))

    def concept_of(words: str | None, role: str) -> str | None:
        key = by_surface.get(words.casefold()) if words else None
        concept = concepts.get(key) if key else None
        return key if concept is not None and concept.type in _RESULT_ROLES[role] else None

    for result in results:
        yield ReportedResult(
            paper_key=paper.key,
            result=result,
            metric_key=result.metric_id.rsplit("/", 1)[-1] if result.metric_id else None,
            dataset_key=concept_of(result.dataset, "dataset"),
            task_key=concept_of(result.task, "task"),
            method_key=concept_of(result.method, "method"),
            pages=pages,
        )


def metric_concepts(metric_ids: Iterable[str], vocabulary: Vocabulary) -> dict[str, Concept]:
    """The metrics results are stated in (by vocabulary IRI), as concepts of their own
    type."""
    concepts = {}
    for iri in sorted(set(metric_ids)):
        entry = vocabulary.metrics[iri]
        key = iri.rsplit("/", 1)[-1]
        concepts[key] = Concept(
            key=key,
            label=entry.label,
            type="metric",
            aliases=entry.alt_labels,
            broader=tuple(b.rsplit("/", 1)[-1] for b in entry.broader if b in vocabulary.metrics),
            vocabulary_id=iri,
            direction=entry.direction,
        )
    return concepts


def _typed_like_concept(entity: Entity, concepts: dict[str, Concept]) -> Entity:
    """An entity that its paper gives no clue to its type (the rules' default) takes
    its concept's corpus-wide type, which other papers' evidence decided."""
    concept = concepts.get(entity.key)
    if concept is None or entity.typed_by != "default" or concept.type == entity.type:
        return entity
    return replace(entity, type=concept.type)


def _agree_with_concept(link: Link, concepts: dict[str, Concept]) -> Link:
    """A link's relation follows its concept's corpus-wide type ("uses", not
    "evaluatedOn", for a concept that most papers name as an architecture)."""
    concept = concepts.get(link.target_key)
    if concept is None or link.relation == "proposes":
        return link
    relation = relation_of(concept.type, proposed=False)
    return link if relation == link.relation else replace(link, relation=relation)


def _add_lexical_broader(
    concepts: dict[str, Concept], vocabulary: Vocabulary, name_heads: frozenset[str]
) -> None:
    """A concept the vocabulary does not know is narrower than the known concept its
    name ends with: "Graph Mamba" -> Mamba, "spiking diffusion models" -> diffusion model.

    Only whole trailing words are compared, longest first, and only against
    vocabulary labels and other concepts' names, so "Graph Mamba" never becomes
    narrower than an unrelated concept that merely shares a word.
    """
    known: dict[tuple[str, str], str] = {}  # (name, type) -> key
    for iri, entry in sorted(vocabulary.entries.items()):
        for label in (entry.label, *entry.alt_labels):
            known.setdefault((normalise_phrase(label), entry.type), iri.rsplit("/", 1)[-1])
    for key, concept in sorted(concepts.items()):
        known.setdefault((normalise_phrase(concept.label), concept.type), key)
    for key, concept in sorted(concepts.items()):
        if concept.vocabulary_id or concept.broader:
            continue
        words = normalise_phrase(concept.label).split()
        head = _lexical_head(words, concept.type, known, name_heads, key)
        if head:
            concepts[key] = replace(concept, broader=(head,))


def _lexical_head(
    words: list[str],
    concept_type: str,
    known: dict[tuple[str, str], str],
    name_heads: frozenset[str],
    key: str,
) -> str | None:
    """The known concept of the same type the longest trailing words name; failing
    that, the same without a generic head noun ("graph mamba network" -> "mamba"). A
    concept of another type is no broader one ("only-train-once", a method, is no kind
    of the dataset "ONCE")."""
    forms = [words, words[:-1]] if len(words) > 2 and words[-1] in name_heads else [words]
    for form in forms:
        for start in range(1, len(form)):
            head = known.get((" ".join(form[start:]), concept_type))
            if head and head != key:
                return head
    return None


def _broader_of(entry: VocabularyEntry, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The keys of a vocabulary concept's broader concepts of its own type: a broader
    link stays within one concept scheme (a method such as policy gradient is no kind
    of the task reinforcement learning; it is used for it)."""
    return tuple(
        b.rsplit("/", 1)[-1]
        for b in entry.broader
        if b not in vocabulary.entries or vocabulary.entries[b].type == entry.type
    )


def _add_broader_ancestors(
    concepts: dict[str, Concept], vocabulary: Vocabulary, by_slug: dict[str, str]
) -> None:
    """Vocabulary concepts above mentioned ones, so broader links have both ends."""
    pending = [b for c in concepts.values() for b in c.broader]
    while pending:
        key = pending.pop()
        if key in concepts or key not in by_slug:
            continue
        entry = vocabulary.entries[by_slug[key]]
        broader = _broader_of(entry, vocabulary)
        concepts[key] = Concept(key, entry.label, entry.type, entry.alt_labels, broader, entry.iri)
        pending.extend(broader)
