"""Known concepts: the labels of the SKOS vocabularies, matched in the text."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from operator import not_

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.finders.acronyms import AcronymDefinitions, AcronymUses
from paperkg.extract.registry import Finder, Rule, RuleContext, finder
from paperkg.extract.spans import (
    HYPHENS,
    phrase_start,
    written_as_name,
)
from paperkg.extract.tokens import TokenTable
from paperkg.knowledge.vocabulary import Vocabulary, is_case_sensitive, surface_forms

__all__ = ["KnownConcepts", "ModifiedConcepts"]

_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_ACRONYMS = frozenset(rule.name for cls in (AcronymDefinitions, AcronymUses) for rule in cls.rules)
_SEPARATORS = frozenset({"-", "_", ".", "\u2013"})  # inside a name written another way
_VARIANT_TOKENS = 4
_NOT_ALNUM = re.compile(r"[\W_]+")
_PLAIN_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


@finder(
    Rule(
        "vocabulary",
        "vocabulary",
        rank=30,
        type=None,
        confidence=0.9,
        reads=("phrase", "paradigms"),
        typing="known",
    )
)
class KnownConcepts(Finder):
    """Known concepts: case-insensitive for words, case-sensitive for acronyms."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.vocabulary = vocabulary = context.vocabulary
        self.other_prefixes = context.lexicon.other_prefixes
        nlp = context.nlp
        # one matcher on lower-case words (each call costs ~25 us whatever it holds);
        # a match of a name that must keep its case is checked against its tokens
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        #: concept -> the token sequences that match in any case / only as written
        self.folded: dict[str, set[tuple[str, ...]]] = {}
        self.exact: dict[str, set[tuple[str, ...]]] = {}
        for entry in vocabulary.entries.values():
            patterns = []
            for label in (entry.label, *entry.alt_labels):
                # one-word dataset names are often plain words: "Traffic", "Kinetics"
                named = entry.type == "dataset" and " " not in label
                as_written = named or is_case_sensitive(label)
                for form in surface_forms(label):
                    # plain words need no tokenizer (a tenth of its time): the same tokens
                    if _PLAIN_WORDS.fullmatch(form):
                        tokens = form.split()
                        pattern = Doc(nlp.vocab, words=tokens)
                    else:
                        pattern = nlp.make_doc(form)
                        tokens = [token.text for token in pattern]
                    words = tuple(tokens if as_written else (t.lower() for t in tokens))
                    (self.exact if as_written else self.folded).setdefault(entry.iri, set()).add(
                        words
                    )
                    patterns.append(pattern)
            self.matcher.add(entry.iri, patterns)
        self.squashed = _squashed_names(vocabulary)
        # every beginning of a key: a token sequence stops as soon as it begins none
        self.key_starts = {key[:i] for key in self.squashed for i in range(1, len(key) + 1)}
        lex = context.lexicon
        self.paradigms = {
            entry.iri
            for entry in vocabulary.entries.values()
            if {entry.label.lower(), *map(str.lower, entry.alt_labels)} & lex.paradigms
        }

    def __call__(self, work: Work) -> None:
        doc, table = work.doc, work.table
        strings = doc.vocab.strings
        # an acronym the paper spells out means what the paper says it means
        spelt = {(c.start, c.end): c.long_form for c in work.candidates if c.rule in _ACRONYMS}
        matches = [
            (iri, start, end)
            for iri, start, end in ((strings[m], s, e) for m, s, e in self.matcher(doc))
            if self._matches(iri, table, start, end)
        ]
        matched = {(start, end) for _, start, end in matches}
        matches.extend(m for m in self._variants(table) if m[1:] not in matched)
        for iri, start, end in matches:
            entry = self.vocabulary.entries[iri]
            long_form = spelt.get((start, end))
            if long_form and not self.vocabulary.spells_out(entry.iri, long_form):
                continue
            if entry.type == "dataset" and _plain_word_capitalised(table, start, end):
                continue
            if _after_prefix(table, start, self.other_prefixes):
                continue  # "non-convex optimization", "retro-transformer": another concept
            candidate = Candidate(
                start, end, "vocabulary", entry.type, vocabulary_id=entry.iri, generic=entry.generic
            )
            if iri in self.paradigms:
                candidate.type = "method" if self._as_means(table, start, end) else "task"
                candidate.typed_by = "context"
            work.candidates.append(candidate)

    def _matches(self, iri: str, table: TokenTable, start: int, end: int) -> bool:
        """Whether tokens ``[start, end)`` are one of the concept's forms, in their case
        where the form must keep it ("CLIP", not "clip")."""
        folded = self.folded.get(iri)
        if folded and tuple(table.lower[start:end]) in folded:
            return True
        exact = self.exact.get(iri)
        return exact is not None and tuple(table.text[start:end]) in exact

    def _as_means(self, table: TokenTable, start: int, end: int) -> bool:
        """Whether a learning paradigm is named as the means to something ("via
        reinforcement learning", "multi-task learning for NER"), not as the setting."""
        lex, lower = self.lexicon, table.lower
        sentence_start, sentence_end = table.sentences[table.sentence[start]]
        before = lower[start - 1] if start > sentence_start else ""
        two_before = " ".join(lower[start - 2 : start]) if start - 2 >= sentence_start else ""
        after = lower[end] if end < sentence_end else ""
        if after in HYPHENS and end + 1 < sentence_end:
            after = "-" + lower[end + 1]  # "RL-based", "RL-guided"
        return (
            before in lex.means_before or two_before in lex.means_before or after in lex.means_after
        )

    def _variants(self, table: TokenTable) -> list[tuple[str, int, int]]:
        """Names written with another case or other separators than the vocabulary's:
        "Cifar10", "CIFAR 10" and "cifar-10" for CIFAR-10. Only from a token that is
        no plain lower-case word ("clip" is not CLIP), up to four tokens long, and not
        one capitalised word ("Complex" in a title is not ComplEx)."""
        found: list[tuple[str, int, int]] = []
        size, starts = len(table), self.key_starts
        for start in compress(range(size), map(not_, table.plain)):
            key, end = "", start
            while end < size and end - start < _VARIANT_TOKENS:
                word = table.lower[end]
                if table.space[end] or (table.punct[end] and word not in _SEPARATORS):
                    break
                key += _squash(word)
                end += 1
                if key not in starts:
                    break
                iri = self.squashed.get(key)
                first = table.text[start]
                if iri is not None and not (
                    end - start == 1 and first.istitle() and first.isalpha()
                ):
                    found.append((iri, start, end))
                    break
                if table.space_after[end - 1] and end < size and not table.number[end]:
                    break  # words run on only into a version: "CIFAR 10", "Llama 3"
        return found


@finder(Rule("modified-concept", "vocabulary", rank=35, type=None, confidence=0.85, typing="known"))
class ModifiedConcepts(Finder):
    """A known concept with modifiers that name a kind of it ("multi-view contrastive
    learning", "spectral graph convolution", "node-level outlier detection") is a
    concept of its own, of the known one's type; the linker makes it narrower than
    the known one by its lexical head. Evaluative and generic words, verbs, numbers
    and coined names are no such modifiers (the phrase stops at them). A kind is
    what the paper names as such: the whole phrase recurs (the title counts), or
    the authors capitalise it inside a sentence; a modifier said once is
    description ("a fixed capacity neural network")."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.stop = context.stop

    def __call__(self, work: Work) -> None:
        table = work.table
        lower, stop = table.lower, self.stop
        # most known concepts follow a function word or a mark: no modifier to read
        # (unless the word ends a hyphenated compound: "Multi-Head Attention")
        known = [
            c
            for c in work.candidates
            if c.rule == "vocabulary"
            and c.start
            and (
                lower[c.start - 1] not in stop
                or (c.start >= 2 and table.text[c.start - 2] in HYPHENS)
            )
        ]
        text = None
        suffixes = self.lexicon.adjective_suffixes
        for concept in known:
            start = phrase_start(table, concept.start, self.stop, adjective_suffixes=suffixes)
            if start == concept.start:
                continue
            if text is None:
                text = _INNER_HYPHEN.sub(" ", table.doc_text.lower())
            phrase = _INNER_HYPHEN.sub(" ", table.span_text(start, concept.end).lower())
            if written_as_name(table, start, concept.end) or _occurs_twice(text, phrase):
                work.candidates.append(
                    Candidate(
                        start,
                        concept.end,
                        "modified-concept",
                        concept.type,
                        narrows=concept.vocabulary_id,
                    )
                )


def _occurs_twice(text: str, phrase: str) -> bool:
    """Whether ``phrase`` (or its plural) starts a word twice in ``text``."""
    stem = phrase[:-1] if phrase.endswith("s") else phrase
    first = text.find(stem)
    return first != -1 and text.find(stem, first + len(stem)) != -1


@lru_cache(maxsize=1 << 15)  # the same words recur from abstract to abstract
def _squash(text: str) -> str:
    """A name's letters and digits, lower-cased: its key under any case or separators."""
    return _NOT_ALNUM.sub("", text.lower())


def _squashed_names(vocabulary: Vocabulary) -> dict[str, str]:
    """Squashed key -> concept, for the names matched case-sensitively (acronyms, mixed
    case, one-word datasets) with a digit or of five or more characters; a key two
    concepts share is left out."""
    owners: dict[str, set[str]] = {}
    for entry in vocabulary.entries.values():
        for label in (entry.label, *entry.alt_labels):
            if not (is_case_sensitive(label) or (entry.type == "dataset" and " " not in label)):
                continue
            key = _squash(label)
            if len(key) >= 5 or (len(key) >= 3 and any(c.isdigit() for c in key)):
                owners.setdefault(key, set()).add(entry.iri)
    return {key: iris.pop() for key, iris in owners.items() if len(iris) == 1}


def _after_prefix(table: TokenTable, start: int, prefixes: frozenset[str]) -> bool:
    """Whether one of ``prefixes`` and a hyphen are joined to the front of token
    ``start``: "non-convex", "retro-transformer", "nearly-kernel-methods"."""
    return (
        start >= 2
        and table.text[start - 1] in HYPHENS
        and not table.space_after[start - 2]
        and not table.space_after[start - 1]
        and table.lower[start - 2] in prefixes
    )


def _plain_word_capitalised(table: TokenTable, start: int, end: int) -> bool:
    """A one-word name ("Traffic", "Weather") capitalised only by its place: in the
    title or first in a sentence, while the text also uses the word in lower case."""
    word = table.text[start]
    if end - start > 1 or not (word.istitle() and word.isalpha()):
        return False
    sentence = table.sentence[start]
    return (sentence == 0 or table.sentences[sentence][0] == start) and word.lower() in table.text
