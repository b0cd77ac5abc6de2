"""The project's spaCy components, thin wrappers over the pure rules.

Registered factories (all ``paperkg_*``), in pipeline order:

``paperkg_sentences``
    Reads the tokens once into a :class:`TokenTable` and splits sentences: the
    title is sentence 0 (it ends at a blank line), then ``.``/``!``/``?``
    followed by a capitalised token.
``paperkg_urls``
    Links, normalised and typed as code repository or project page.
``paperkg_acronyms``
    Schwartz-Hearst definitions and later bare uses of the defined acronyms.
``paperkg_vocabulary``
    Known concepts from the SKOS vocabularies, via two ``PhraseMatcher`` s.
``paperkg_cues``
    Proposal and naming cues, the title prefix, coined names, dataset lists,
    and noun phrases ending in a task, method or architecture head word.
``paperkg_resolve``
    Types each candidate, drops generic and overlapping ones, marks what the
    paper proposes and writes ``doc._.paperkg_mentions``.

The rules read token attributes from the table, not from ``doc[i]``, which
builds a Python object per access and dominated the run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import compress
from operator import not_, or_
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import minibatch
from spacy.vocab import Vocab

from paperkg.extract.acronyms import (
    Definition,
    acronym_base,
    find_appositions,
    find_definitions,
    find_title_definition,
)
from paperkg.extract.candidates import (
    CANDIDATES,
    TOKENS,
    WINDOWS,
    Candidate,
    ProposalWindow,
    TokenTable,
    WordAttributes,
    candidates_of,
    windows_of,
)
from paperkg.extract.lexicon import Lexicon, load_lexicon
from paperkg.extract.rules import (
    find_name,
    is_name_like,
    is_novel_name,
    normalise_phrase,
    type_of_phrase,
)
from paperkg.extract.urls import classify_url, find_urls
from paperkg.extract.vocabulary import (
    Vocabulary,
    is_case_sensitive,
    load_vocabulary,
    surface_forms,
)
from paperkg.model import LINK_TYPES, RULES, Mention
from paperkg.resources import ontology_dir

__all__ = [
    "BatchedComponent",
    "lexicon_at",
    "tokenizer_like",
    "tokens_of",
    "vocabulary_at",
]

_SENTENCE_END = {".", "!", "?"}
_CLOSERS = {")", "]", '"', "'", "\u201d", "\u2019"}
_HYPHENS = {"-", "\u2013"}
_JOINERS = frozenset({*_HYPHENS, "+", "++"})  # tokens that continue a compound name
_LIST_SEPARATORS = frozenset({",", "and", "or"})
_ARTICLES = frozenset({"the", "a", "an"})
_LIST_OPENERS = _LIST_SEPARATORS | _ARTICLES
_DATASET_NOUNS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus"})
_LEADING_MARK = re.compile(r"[\"'`\u201c\u2018(\[]|\(\w{1,3}\)|\w{1,3}\)|,")  # quote, "(a)", "i)"
_QUANTITY = re.compile(r"\d+(?:\.\d+)?[KMBT]")  # "15B" tokens, "7B" parameters
_FRAGMENT = re.compile(r"\d+[A-Za-z]\w*")  # "3mix": a digit-led word, not a number
_AVAILABILITY_LENGTH = 20  # tokens: longer sentences about code say more than where it is
_MAY_HAVE_URL = re.compile(r"://|www\.|\.(?:com|org|io|co|science|net)/", re.IGNORECASE)


@lru_cache(maxsize=4)
def lexicon_at(path: str) -> Lexicon:
    """The lexicon of the ontology folder ``path`` ("" = the installed one), loaded once."""
    return load_lexicon(Path(path) if path else ontology_dir())


@lru_cache(maxsize=4)
def vocabulary_at(path: str) -> Vocabulary:
    """The vocabulary of the ontology folder ``path`` ("" = the installed one), loaded once."""
    return load_vocabulary((Path(path) if path else ontology_dir()) / "vocabulary")


def tokens_of(doc: Doc) -> TokenTable:
    """The document's token table (built by ``paperkg_sentences``)."""
    table = doc.user_data.get(TOKENS)
    if table is None:
        table = doc.user_data[TOKENS] = _split_sentences(TokenTable.from_doc(doc))
    return table


def tokenizer_like(tokenizer: Tokenizer, vocab: Vocab, **changes: object) -> Tokenizer:
    """A new tokenizer with ``tokenizer``'s rules, some replaced by ``changes``.

    One construction: each assignment to a live tokenizer's rules reloads its
    ~6,700 special cases (0.4 s a time).
    """
    settings = {
        "rules": tokenizer.rules,
        "prefix_search": tokenizer.prefix_search,
        "suffix_search": tokenizer.suffix_search,
        "infix_finditer": tokenizer.infix_finditer,
        "token_match": tokenizer.token_match,
        "url_match": tokenizer.url_match,
        "faster_heuristics": tokenizer.faster_heuristics,
        "max_cache_size": tokenizer.max_cache_size,
    }
    return Tokenizer(vocab, **{**settings, **changes})


class BatchedComponent:
    """A component whose ``pipe`` runs it over a whole batch before passing the batch on.

    ``nlp.pipe`` otherwise threads each document through every component in
    turn; running one component over many documents at a time measured 10-15 %
    faster (its code and tables stay in the CPU caches).
    """

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Process ``docs`` a batch at a time, in order."""
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]


def _compound_end(table: TokenTable, start: int) -> int:
    """End of the hyphen-joined word starting at token ``start`` ("Retro-FPN", "PFGM++")."""
    end, size = start + 1, len(table)
    while (
        end + 1 < size
        and table.text[end] in _HYPHENS
        and not table.space_after[end - 1]
        and not table.space_after[end]
        and not table.space[end + 1]
    ):
        end += 2
    while end < size and table.text[end] in {"++", "+"} and not table.space_after[end - 1]:
        end += 1
    # "WSJ0-2/3mix": what follows the slash starts with a digit, so it cannot name
    # anything alone; it completes the name ("S4D/S5" are two names)
    if (
        end + 1 < size
        and table.text[end] == "/"
        and not table.space_after[end - 1]
        and not table.space_after[end]
        and _FRAGMENT.fullmatch(table.text[end + 1])
    ):
        end += 2
    return end


def _adjective_ending(table: TokenTable, start: int, end: int, suffixes: frozenset[str]) -> bool:
    """Whether the compound ``[start, end)`` ends in a part that makes it an adjective:
    "RNN-based", "ImageNet-scale", "GPU-accelerated"."""
    return end - start > 2 and table.lower[end - 1] in suffixes


def _written_as_name(table: TokenTable, start: int, end: int) -> bool:
    """Every word capitalised, inside an abstract sentence ("training of Sparse Recurrent
    Neural Networks"): the authors write the phrase as a name. A title capitalises
    every word and a sentence its first, so neither says anything; nor does a phrase
    that a capitalised word before it belongs to ("Computer Assisted Translation" at
    a sentence start, whose phrase leaves out the first word)."""
    number = table.sentence[start]
    return (
        number > 0
        and table.sentences[number][0] != start
        and not (table.alpha[start - 1] and table.text[start - 1][0].isupper())
        and all(table.text[i][0].isupper() for i in range(start, end) if table.alpha[i])
    )


def _is_measure(table: TokenTable, start: int, end: int) -> bool:
    """A capital-letter word after a figure is its unit or metric: "88.1 PDMS", "30 FPS"."""
    return (
        end - start == 1
        and start > 0
        and table.number[start - 1]
        and any(c.isdigit() for c in table.text[start - 1])
        and table.text[start].isalpha()
        and table.text[start].isupper()
    )


# --------------------------------------------------------------------------- sentences


def _split_sentences(table: TokenTable) -> TokenTable:
    texts, space, space_after = table.text, table.space, table.space_after
    starts = [0]
    # only tokens after a line break or after sentence-final punctuation can start one
    marks = map(or_, map(_SENTENCE_END.__contains__, texts), space)  # C-speed pre-filter
    for index in compress(range(1, len(texts)), marks):
        previous = texts[index - 1]
        if space[index - 1]:
            if "\n" in previous:
                starts.append(index)
            continue
        after = index
        while after < len(texts) and texts[after] in _CLOSERS and not space_after[after - 1]:
            after += 1  # '."' and '.)' close the sentence after the mark
        if (
            after < len(texts)
            and not space[after]
            and space_after[after - 1]
            and (texts[after][:1].isupper() or texts[after][:1].isdigit())
        ):
            starts.append(after)
    starts = sorted(set(starts))
    bounds = list(zip(starts, [*starts[1:], len(texts)], strict=True))
    table.sentences = bounds
    table.sentence = [
        number for number, (start, end) in enumerate(bounds) for _ in range(start, end)
    ]
    return table


@Language.factory("paperkg_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(WordAttributes(nlp.vocab))


class SentenceSplitter(BatchedComponent):
    """Read the token table and split sentences; the title is sentence 0."""

    def __init__(self, words: WordAttributes) -> None:
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[TOKENS] = _split_sentences(TokenTable.from_doc(doc, self.words))
        return doc


# --------------------------------------------------------------------------- urls


@Language.factory("paperkg_urls", default_config={"ontology": ""})
def make_urls(nlp: Language, name: str, ontology: str) -> UrlFinder:
    return UrlFinder(lexicon_at(ontology))


class UrlFinder(BatchedComponent):
    """Links in the text, normalised, as ``repository`` or ``project-page`` candidates."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.code_hosts = lexicon.code_hosts

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        table = tokens_of(doc)
        text = table.doc_text
        # a link has a slash or "www.": two C-speed checks spare most abstracts the regex
        if ("/" not in text and "www." not in text.lower()) or not _MAY_HAVE_URL.search(text):
            return doc
        for link in find_urls(text):
            span = table.char_span(link.start, link.start + len(link.raw))
            if span is not None:
                kind = classify_url(link.url, self.code_hosts)
                found.append(Candidate(*span, "url", kind, long_form=link.url))
        return doc


# --------------------------------------------------------------------------- acronyms


def _definitions(table: TokenTable) -> Iterator[Definition]:
    """The title's definition ("Retro-FPN: Retrospective ..."), names followed by their
    acronym ("Cascade Prompt Learning CasPL"), then each sentence's definitions."""
    text = table.doc_text
    if ":" in text and table.sentences and table.sentences[0][1] > 0:
        title = find_title_definition(text[: table.end_char(table.sentences[0][1] - 1)])
        if title is not None:
            yield title
    yield from find_appositions(text)
    if "(" not in text:
        return
    for start, end in table.sentences:
        first, last = table.offset[start], table.end_char(end - 1)
        if "(" in text[first:last]:
            yield from find_definitions(text[first:last], sentence_start=first)


@Language.factory("paperkg_acronyms")
def make_acronyms(nlp: Language, name: str) -> AcronymFinder:
    return AcronymFinder()


class AcronymFinder(BatchedComponent):
    """Acronym definitions, and every later bare use of a defined acronym."""

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        table = tokens_of(doc)
        defined: dict[str, str] = {}
        for definition in _definitions(table):
            long_span = table.char_span(definition.long_start, definition.long_end)
            short_span = table.char_span(definition.short_start, definition.short_end)
            if long_span is None or short_span is None:
                continue
            found.append(Candidate(*long_span, "acronym-definition", acronym=definition.short))
            found.append(Candidate(*short_span, "acronym-definition", long_form=definition.long))
            defined.setdefault(definition.short, definition.long)
        for short, long in defined.items():
            # "x.GNN" is part of a longer token; "GNN." ends a sentence
            for first, last in find_name(
                table.doc_text, acronym_base(short), before="/.-", after="/-"
            ):
                span = table.char_span(first, last)
                if span is not None:
                    found.append(Candidate(*span, "acronym-use", long_form=long))
        return doc


# --------------------------------------------------------------------------- vocabulary


@Language.factory("paperkg_vocabulary", default_config={"ontology": ""})
def make_vocabulary(nlp: Language, name: str, ontology: str) -> VocabularyMatcher:
    return VocabularyMatcher(nlp, vocabulary_at(ontology), lexicon_at(ontology))


class VocabularyMatcher(BatchedComponent):
    """Known concepts: case-insensitive for words, case-sensitive for acronyms."""

    def __init__(self, nlp: Language, vocabulary: Vocabulary, lexicon: Lexicon) -> None:
        self.vocabulary = vocabulary
        self.other_prefixes = lexicon.other_prefixes
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        tokenizer = nlp.tokenizer  # its cache holds the patterns' chunks and the texts'
        for entry in vocabulary.entries.values():
            exact, folded = set(), set()
            for label in (entry.label, *entry.alt_labels):
                # one-word dataset names are often plain words: "Traffic", "Kinetics"
                named = entry.type == "dataset" and " " not in label
                target = exact if named or is_case_sensitive(label) else folded
                target.update(surface_forms(label))
            if exact:
                self.exact.add(entry.iri, list(tokenizer.pipe(sorted(exact))))
            if folded:
                self.folded.add(entry.iri, list(tokenizer.pipe(sorted(folded))))

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        strings = doc.vocab.strings
        # an acronym the paper spells out means what the paper says it means
        spelt = {(c.start, c.end): c.long_form for c in found if c.rule.startswith("acronym")}
        table = tokens_of(doc)
        for match_id, start, end in [*self.exact(doc), *self.folded(doc)]:
            entry = self.vocabulary.entries[strings[match_id]]
            long_form = spelt.get((start, end))
            if long_form and not self.vocabulary.spells_out(entry.iri, long_form):
                continue
            if entry.type == "dataset" and _plain_word_capitalised(table, start, end):
                continue
            if _after_prefix(table, start, self.other_prefixes):
                continue  # "non-convex optimization", "retro-transformer": another concept
            found.append(
                Candidate(
                    start,
                    end,
                    "vocabulary",
                    entry.type,
                    vocabulary_id=entry.iri,
                    generic=entry.generic,
                )
            )
        return doc


def _after_prefix(table: TokenTable, start: int, prefixes: frozenset[str]) -> bool:
    """Whether one of ``prefixes`` and a hyphen are joined to the front of token
    ``start``: "non-convex", "retro-transformer", "nearly-kernel-methods"."""
    return (
        start >= 2
        and table.text[start - 1] in _HYPHENS
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


# --------------------------------------------------------------------------- cues


@Language.factory("paperkg_cues", default_config={"ontology": ""})
def make_cues(nlp: Language, name: str, ontology: str) -> CueFinder:
    return CueFinder(nlp, lexicon_at(ontology))


class CueFinder(BatchedComponent):
    """Pattern rules for what no vocabulary knows.

    Proposal cues ("we propose X"), naming cues ("termed X"), the title prefix
    ("X: ..."), coined names (MossFormer2, PFGM++), dataset lists after
    evaluation phrases, and noun phrases ending in a head word of a type
    ("point cloud semantic segmentation", "linear bound propagation").
    """

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # one matcher for both cue lists: each matcher call has a fixed cost
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        tokenizer = nlp.tokenizer  # its cache holds the patterns' chunks and the texts'
        self.cues.add("naming", list(tokenizer.pipe(lexicon.naming_cues)))
        self.cues.add("dataset", list(tokenizer.pipe(lexicon.dataset_cues)))
        self.cues.add("task", list(tokenizer.pipe(lexicon.task_cues)))
        self.naming_id = nlp.vocab.strings["naming"]
        self.task_id = nlp.vocab.strings["task"]
        self.stop = (
            lexicon.boundary | lexicon.modifiers | lexicon.leading | lexicon.verbs | STOP_WORDS
        )
        subjects = sorted({*lexicon.proposal_subjects, "our"}, key=len, reverse=True)
        self.subject = re.compile(rf"\b(?:{'|'.join(map(re.escape, subjects))})\b")
        self.phrase_heads = {
            "task": lexicon.type_heads["task"],
            "method": lexicon.phrase_heads["method"],
            "architecture": lexicon.phrase_heads["architecture"],
        }
        self.any_head = frozenset().union(*self.phrase_heads.values())
        self.dataset_heads = lexicon.type_heads["dataset"]
        self.model_heads = lexicon.phrase_heads["architecture"]  # tasks stop at "network"

    def __call__(self, doc: Doc) -> Doc:
        table = tokens_of(doc)
        found = candidates_of(doc)
        naming, datasets, tasks = [], [], []
        by_label = {self.naming_id: naming, self.task_id: tasks}
        for label, start, end in self.cues(doc):
            by_label.get(label, datasets).append((start, end))
        self._proposals(doc, table, found)
        self._naming(doc, table, found, naming)
        self._title_prefix(doc, table, found)
        self._novel_names(table, found)
        self._datasets(table, found, datasets)
        self._tasks(table, found, tasks)
        self._head_phrases(table, found)
        return doc

    def _has_subject(self, text: str) -> bool:
        return self.subject.search(text) is not None

    # -- proposals: "we propose X"
    def _proposals(self, doc: Doc, table: TokenTable, found: list[Candidate]) -> None:
        lower, verbs = table.lower, self.lexicon.proposal_verbs
        for index in compress(range(len(lower)), map(verbs.__contains__, lower)):
            start, end = table.sentences[table.sentence[index]]
            # "we extend S-KAN and propose X": a second verb shares the first one's subject
            reach = start if index > start and lower[index - 1] == "and" else index - 5
            if not self._has_subject(" ".join(lower[max(start, reach) : index])):
                continue
            if index > start and lower[index - 1] in self.lexicon.past_markers:
                continue  # "our previously proposed MossFormer": earlier work
            windows_of(doc).append(ProposalWindow(index + 1, end, strict=False))
            first = self._skip_leading(table, index + 1, end)
            if first < end and lower[first].endswith("ing") and lower[first] in self.lexicon.verbs:
                continue  # "we propose calculating LBL ...": an action, not a name
            last = self._phrase_end(table, first, end, limit=8)
            if last > first:
                windows_of(doc).append(ProposalWindow(first, last, bare=first == index + 1))
                found.append(Candidate(first, last, "proposal-cue"))  # marked later

    def _skip_leading(self, table: TokenTable, start: int, stop: int) -> int:
        lex = self.lexicon
        while start < stop and (
            table.lower[start] in lex.leading
            or table.lower[start] in lex.modifiers
            or table.space[start]
            or _LEADING_MARK.fullmatch(table.text[start])
        ):
            start += 1
        return start

    def _phrase_end(self, table: TokenTable, start: int, stop: int, *, limit: int) -> int:
        """End of a name-like phrase: up to a boundary word or punctuation."""
        end = start
        boundary = self.lexicon.boundary
        while end < stop and end - start < limit:
            if (
                table.space[end]
                or table.lower[end] in boundary
                or (table.punct[end] and table.text[end] not in {"-", "/", "++", "+", "'", "&"})
            ):
                break
            end += 1
        return end

    # -- naming cues: "termed X", "called X"
    def _naming(
        self, doc: Doc, table: TokenTable, found: list[Candidate], cues: list[tuple[int, int]]
    ) -> None:
        for cue_start, cue_end in cues:
            sentence_start, sentence_end = table.sentences[table.sentence[cue_start]]
            start = cue_end
            if start < sentence_end and table.lower[start] in {
                "this",
                "these",
                "it",
                "our",
                "them",
            }:
                # "we call this architecture a Pointer Net": the name follows the article
                article = next(
                    (
                        i
                        for i in range(start, min(start + 5, sentence_end))
                        if table.lower[i] in {"a", "an", "the"}
                    ),
                    None,
                )
                start = article if article is not None else start
            while start < sentence_end and table.lower[start] in {
                '"',
                "'",
                "\u201c",
                "`",
                "``",
                "the",
                "a",
                "an",
            }:
                start += 1
            end = self._phrase_end(table, start, sentence_end, limit=6)
            if end <= start or (
                end - start < 2 and not any(is_name_like(t) for t in table.text[start:end])
            ):
                continue  # "a process called rectification": a word, not a name
            found.append(Candidate(start, end, "naming-cue"))
            if self._has_subject(" ".join(table.lower[sentence_start:cue_end])):  # "we call"
                windows_of(doc).append(ProposalWindow(start, end))

    # -- title prefix: "MossFormer2: Combining ..."
    def _title_prefix(self, doc: Doc, table: TokenTable, found: list[Candidate]) -> None:
        if not table.sentences:
            return
        start, end = table.sentences[0]
        # a colon inside a word is no title prefix's: "Efficient N:M Sparse Training"
        colon = next(
            (i for i in range(start, end) if table.text[i] == ":" and table.space_after[i]), None
        )
        if colon is None:
            self._title_names(table, found)
            self._title_opening(table, found)
            return
        if colon - start > 6 or colon == start:
            return
        words = table.text[start:colon]
        body = table.doc_text[table.end_char(end - 1) :].lower()
        if any(is_novel_name(w) for w in words) or (
            len(words) > 1 and " ".join(words).lower() in body
        ):
            found.append(Candidate(start, colon, "title-prefix", proposed=True))

    def _title_names(self, table: TokenTable, found: list[Candidate]) -> None:
        """Coined names that open a title without a colon name the contribution:
        "Inception-v4, Inception-ResNet and the Impact of ...", "MetaMixer Is All ...".
        Capitals alone ("FBK @ IWSLT", "LIUM's system") are mostly the authors' lab, a
        known concept ("Word2Vec vs ...") is one the paper uses."""
        index, end = table.sentences[0]
        known = {(c.start, c.end) for c in found if c.rule == "vocabulary"}
        while index < end:
            stop = _compound_end(table, index)
            name = table.span_text(index, stop)
            if (
                not (is_novel_name(name) or any(table.novel[index:stop]))
                or not any(c.islower() for c in name)
                or (index, stop) in known
                or (stop < end and table.lower[stop] in {"'s", "’s", "vs", "vs.", "versus"})
            ):
                return
            found.append(Candidate(index, stop, "title-prefix", proposed=True))
            index = stop
            if index < end and table.text[index] == ",":
                index += 1
            if index < end and table.lower[index] in {"and", "&"}:
                index += 1
            if index == stop:
                return

    def _title_opening(self, table: TokenTable, found: list[Candidate]) -> None:
        """The opening phrase of a title without a colon ("Adding Gradient Noise
        Improves ..."), when the abstract names it again."""
        start, end = table.sentences[0]
        while start < end and table.lower[start] in _ARTICLES:
            start += 1
        boundary = self.lexicon.boundary
        stop = next(
            (i for i in range(start, end) if table.lower[i] in boundary or table.punct[i]), end
        )
        if not 2 <= stop - start <= 5 or (stop < end and table.punct[stop]):
            return  # "Hardware-Aware", "Weak & Strong": cut inside a compound or a pair
        body = table.doc_text[table.end_char(end - 1) :].lower()
        # a whole abstract recurs never: normalised past the cache, which it would flush
        if normalise_phrase(table.span_text(start, stop)) in normalise_phrase.__wrapped__(body):
            found.append(Candidate(start, stop, "title-phrase"))

    # -- coined names
    def _novel_names(self, table: TokenTable, found: list[Candidate]) -> None:
        suffixes = self.lexicon.adjective_suffixes
        novel = table.novel
        done = 0
        where_code_is = self._code_availability(table)
        for index in compress(range(len(novel)), map(not_, table.plain)):
            if index < done or table.sentence[index] in where_code_is:
                continue
            joined = index + 1 < len(novel) and table.text[index + 1] in _JOINERS
            if not (novel[index] or joined):
                continue  # a plain capitalised word: no compound, no coined name
            end = done = _compound_end(table, index)
            name_end = end
            while _adjective_ending(table, index, name_end, suffixes):
                name_end -= 2  # "RNN-based" names RNN, not a new concept
            if name_end < end and name_end - index == 1:
                continue
            if any(novel[index:name_end]) and not _is_measure(table, index, name_end):
                found.append(Candidate(index, name_end, "novel-name"))

    def _code_availability(self, table: TokenTable) -> set[int]:
        """Sentences that say where the code is: "Our code is available as part of AIRS"."""
        lex, lower = self.lexicon, table.lower
        if lex.code_words.isdisjoint(lower):
            return set()  # most abstracts: one pass in C, no sentence slices
        return {
            number
            for number, (start, end) in enumerate(table.sentences)
            if number
            and end - start <= _AVAILABILITY_LENGTH
            and not lex.code_words.isdisjoint(lower[start:end])
            and not lex.availability_words.isdisjoint(lower[start:end])
        }

    # -- datasets: "experiments on A, B and C", "the X dataset"
    def _datasets(
        self, table: TokenTable, found: list[Candidate], cues: list[tuple[int, int]]
    ) -> None:
        heads = self.dataset_heads
        for _, cue_end in cues:
            sentence_end = table.sentences[table.sentence[cue_end - 1]][1]
            index = cue_end
            while index < sentence_end:
                while index < sentence_end and table.lower[index] in {
                    "the",
                    "and",
                    "or",
                    ",",
                    "a",
                    "both",
                }:
                    index += 1
                end = index
                while end < sentence_end and is_name_like(table.text[end]) and not table.punct[end]:
                    end = _compound_end(table, end)
                name = table.span_text(index, end)
                if (
                    end == index
                    # "on 15 datasets", "trained on 15B tokens" name no dataset
                    or not any(c.isupper() for c in name)
                    or _QUANTITY.fullmatch(name)
                    # "on ImageNet-scale data": an adjective, no name
                    or _adjective_ending(table, index, end, self.lexicon.adjective_suffixes)
                    # "on DNA/protein sequence design tasks": half of a modifier
                    or (end + 1 < sentence_end and table.text[end] == "/" and table.plain[end + 1])
                ):
                    break
                found.append(Candidate(index, end, "dataset-cue", "dataset"))
                index = end
                if index < sentence_end and table.lower[index] in heads:
                    index += 1
        lower = table.lower
        for index in compress(range(len(lower)), map(_DATASET_NOUNS.__contains__, lower)):
            sentence_start = table.sentences[table.sentence[index]][0]
            start = index
            while (
                start > sentence_start
                and is_name_like(table.text[start - 1])
                and table.text[start - 1] not in {"The", "A", "An"}
                and not table.punct[start - 1]
            ):
                start -= 1
            # "To benchmark ...", "10 Kaggle datasets": a function word or a count opens
            # no name (an all-capital one can: "the ONCE dataset")
            while start < index and (
                table.number[start]
                or (table.lower[start] in self.stop and not table.text[start].isupper())
            ):
                start += 1
            if start < index and (
                any(table.novel[start:index])  # a title capitalises every word: "A
                if table.sentence[index] == 0  # Comprehensive Dataset" names none
                else any(c.isupper() for c in table.span_text(start, index))
            ):
                end = index + 1 if table.text[index][0].isupper() else index
                found.append(Candidate(start, end, "dataset-cue", "dataset"))

    # -- tasks by their cue: "function fitting tasks", "tasks such as sorting"
    def _tasks(
        self, table: TokenTable, found: list[Candidate], cues: list[tuple[int, int]]
    ) -> None:
        lower = table.lower
        texts = table.text  # "Denoising Task Routing": a capitalised "Task" is in a name
        nouns = self.lexicon.task_nouns
        for noun in compress(range(1, len(texts)), map(nouns.__contains__, texts[1:])):
            last = noun - 1
            # "function approximation and time series prediction tasks": each of a list
            while last >= 0 and self._names_a_task(table, last):
                start = self._phrase_start(table, last, "task")
                if start == last and lower[last] not in self.phrase_heads["task"]:
                    break  # one word must be a task head: not "vision tasks", "freezing"
                found.append(Candidate(start, last + 1, "task-cue", "task"))
                last = start - 1
                if last < 0 or lower[last] not in _LIST_SEPARATORS:
                    break
                while last >= 0 and lower[last] in _LIST_SEPARATORS:
                    last -= 1
        for _, cue_end in cues:
            sentence_end = table.sentences[table.sentence[cue_end - 1]][1]
            first = cue_end
            while first < sentence_end:
                while first < sentence_end and lower[first] in _LIST_OPENERS:
                    first += 1
                end = self._phrase_end(table, first, sentence_end, limit=5)
                if end <= first or not self._names_a_task(table, end - 1):
                    break
                found.append(Candidate(first, end, "task-cue", "task"))
                first = end
                if first >= sentence_end or lower[first] not in _LIST_SEPARATORS:
                    break

    def _names_a_task(self, table: TokenTable, index: int) -> bool:
        """A word that can end a task's name: a task head, or a verbal or -ion noun."""
        word = table.lower[index]
        return (
            (table.alpha[index] or "-" in word)
            and word not in self.stop
            and (word in self.phrase_heads["task"] or word.endswith(self.lexicon.task_endings))
        )

    # -- noun phrases ending in a head word: "point cloud semantic segmentation"
    def _head_phrases(self, table: TokenTable, found: list[Candidate]) -> None:
        size, lower = len(table), table.lower
        for index in compress(range(size), map(self.any_head.__contains__, lower)):
            following = index + 1
            if following < size and table.alpha[following] and lower[following] not in self.stop:
                continue  # "machine learning": the head word is not the end of the phrase
            concept_type = next(
                t for t, heads in self.phrase_heads.items() if lower[index] in heads
            )
            start = self._phrase_start(table, index, concept_type)
            if start < index:
                rule = (
                    "named-phrase"
                    if _written_as_name(table, start, index + 1)
                    else f"{concept_type}-phrase"
                )
                found.append(Candidate(start, index + 1, rule, concept_type))

    def _phrase_start(self, table: TokenTable, head: int, concept_type: str) -> int:
        """Extend left from a head word over at most four content words.

        A hyphenated compound counts as one word and is taken or left whole:
        "few-shot" joins the phrase, "state-of-the-art" and "high-level" stop
        it. A phrase of a single word (a compound included) is no phrase.
        """
        sentence_start = table.sentences[table.sentence[head]][0]
        start, words = self._compound_start(table, head, sentence_start), 1
        while start > sentence_start and words < 5:
            first = self._compound_start(table, start - 1, sentence_start)
            compound = "".join(table.lower[first:start])
            if any(
                table.punct[i]
                and table.text[i] not in _HYPHENS
                or table.space[i]
                or table.number[i]
                for i in range(first, start)
            ) or (
                compound in self.stop
                or table.lower[first] in self.stop
                or compound.endswith("ly")
                or is_novel_name(table.text[start - 1])
                or (concept_type == "task" and compound in self.model_heads)
                or not any(table.alpha[i] for i in range(first, start))
            ):
                break
            start, words = first, words + 1
        return start if words > 1 else head

    @staticmethod
    def _compound_start(table: TokenTable, index: int, floor: int) -> int:
        """First token of the hyphenated compound that ends at token ``index``."""
        while (
            index - 2 >= floor
            and table.text[index - 1] in _HYPHENS
            and not table.space_after[index - 2]
            and not table.space_after[index - 1]
        ):
            index -= 2
        return index


# --------------------------------------------------------------------------- resolve


def _without_full_stop(surface: str) -> str:
    """A sentence's full stop that the tokenizer left on a name ("on ImageNet-R.");
    dotted abbreviations ("e.g.", "C.R.P.I.H.") keep theirs."""
    if surface.endswith(".") and len(surface) > 2 and "." not in surface[:-1]:
        return surface[:-1] if surface[-2].isalnum() else surface
    return surface


_RULE_PRIORITY = {rule: rank for rank, rule in enumerate(RULES)}


@Language.factory("paperkg_resolve", default_config={"ontology": ""})
def make_resolver(nlp: Language, name: str, ontology: str) -> Resolver:
    return Resolver(lexicon_at(ontology))


class Resolver(BatchedComponent):
    """Choose among overlapping candidates, type them and write the mentions."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # the same surface forms recur across abstracts: check each once
        self.is_excluded = lru_cache(maxsize=1 << 14)(self._is_excluded)

    def _is_excluded(self, form: str) -> bool:
        exclusions = self.lexicon.exclusions
        return form.lower() in exclusions or normalise_phrase(form) in exclusions

    def __call__(self, doc: Doc) -> Doc:
        table = tokens_of(doc)
        found = candidates_of(doc)
        # known concepts by where they end: the head of a coined compound ("N-MNIST")
        heads = {c.end: (c.start, c.type) for c in found if c.rule == "vocabulary" and c.type}
        candidates = [c for c in found if self._prepare(table, c, heads)]
        chosen = self._select(candidates)
        self._share_vocabulary(table, chosen)
        self._type_by_coordination(table, chosen)
        self._mark_proposals(doc, chosen)
        chosen.extend(self._name_uses(table, chosen))
        mentions = []
        sentence_texts: dict[int, str] = {}  # several mentions share a sentence
        for candidate in sorted(chosen, key=lambda c: (c.start, c.end)):
            if candidate.generic or candidate.type is None:
                continue
            number = table.sentence[candidate.start]
            if number not in sentence_texts:
                sentence_texts[number] = table.span_text(*table.sentences[number])
            is_url = candidate.rule == "url"
            mentions.append(
                Mention(
                    surface=candidate.long_form
                    if is_url
                    else _without_full_stop(table.span_text(candidate.start, candidate.end)),
                    type=candidate.type,
                    sentence_index=number,
                    sentence=sentence_texts[number],
                    rule=candidate.rule,
                    confidence=self.lexicon.confidence.get(candidate.rule, 0.5),
                    proposed=candidate.proposed,
                    vocabulary_id=candidate.vocabulary_id,
                    acronym=candidate.acronym,
                    long_form=None if is_url else candidate.long_form,
                )
            )
        doc._.paperkg_mentions = mentions
        # the working data has served; drop it so streamed Docs stay small
        for key in (TOKENS, CANDIDATES, WINDOWS):
            doc.user_data.pop(key, None)
        return doc

    def _prepare(
        self, table: TokenTable, candidate: Candidate, heads: dict[int, tuple[int, str]]
    ) -> bool:
        """Trim, exclude and type one candidate; False drops it."""
        lex = self.lexicon
        if candidate.rule == "url":
            return True
        if candidate.rule not in {"vocabulary", "acronym-use"}:
            while candidate.start < candidate.end and (
                table.lower[candidate.start] in lex.leading or table.punct[candidate.start]
            ):
                candidate.start += 1
        while candidate.end > candidate.start and (
            table.punct[candidate.end - 1] and table.text[candidate.end - 1] not in {"++", "+", "!"}
        ):
            candidate.end -= 1
        if candidate.end <= candidate.start:
            return False
        if (
            candidate.end - candidate.start > 1
            and table.lower[candidate.end - 1] in lex.generic_heads
            and (
                is_novel_name(table.text[candidate.end - 2])
                or (
                    candidate.rule == "proposal-cue"
                    and any(
                        is_name_like(t) for t in table.text[candidate.start : candidate.end - 1]
                    )
                )
            )
        ):
            candidate.end -= 1  # "NASNet architecture" -> "NASNet"
        text = table.span_text(candidate.start, candidate.end)
        for form in (text, candidate.long_form, candidate.acronym):
            if form and self.is_excluded(form):
                return False
        if table.sentence[candidate.start] and text.lower() in lex.broad:
            return False  # "reasoning and planning": a broad topic, named outside the title
        if candidate.rule == "proposal-cue" and not any(
            is_novel_name(table.text[i])
            or (table.text[i][:1].isupper() and table.sentences[table.sentence[i]][0] != i)
            for i in range(candidate.start, candidate.end)
        ):
            return False
        if candidate.type is None:
            candidate.type = self._type_of(table, candidate, heads)
        return candidate.type is not None or candidate.rule in {"proposal-cue", "acronym-use"}

    def _type_of(
        self, table: TokenTable, candidate: Candidate, heads: dict[int, tuple[int, str]]
    ) -> str | None:
        words = [table.text[i] for i in range(candidate.start, candidate.end) if not table.punct[i]]
        found = type_of_phrase(words, self.lexicon)
        if found is None and candidate.rule == "novel-name":
            # a coined compound is the kind of its known last part: "N-MNIST" is a
            # dataset, "LION-Mamba" an architecture
            start, head_type = heads.get(candidate.end, (candidate.start, None))
            if start > candidate.start and table.text[start - 1] in _HYPHENS:
                found = head_type
        if found is None and candidate.acronym:
            found = type_of_phrase([candidate.acronym], self.lexicon)
        if found is None and candidate.long_form:
            found = type_of_phrase(candidate.long_form.split(), self.lexicon)
        if found is None and candidate.rule in {
            "title-prefix",
            "title-phrase",
            "naming-cue",
            "novel-name",
        }:
            found = "method"
        if found is None and candidate.rule == "proposal-cue" and candidate.length <= 3:
            found = "method"  # a short name after "we introduce": what it is, unsaid
        if (
            found is None
            and candidate.rule == "acronym-definition"
            and not (candidate.long_form or words[-1])
            .lower()
            .endswith(self.lexicon.adjective_endings)
        ):
            found = "method"  # a term the abstract abbreviates is a concept; untyped: a method
        return found

    def _select(self, candidates: list[Candidate]) -> list[Candidate]:
        """Greedy: longest first, then by rule priority; overlapping losers are dropped.

        A vocabulary match that coincides with another candidate lends it its
        concept id and type (an acronym long form that is a known concept).
        """
        known_ends = {(c.start, c.end) for c in candidates if c.rule == "vocabulary"}
        # "we propose an activation space selectable Convolutional KAN (S-ConvKAN)": the
        # spelt-out long form, not the whole object of "propose", is the name
        defined = {(c.start, c.end) for c in candidates if c.acronym}
        candidates = [  # "Markov chain Monte Carlo sampling" names the known concept
            c
            for c in candidates
            if not (c.rule.endswith("-phrase") and (c.start, c.end - 1) in known_ends)
            and not (
                c.rule == "proposal-cue"
                and any(c.start < start and end == c.end for start, end in defined)
            )
        ]
        by_extent: dict[tuple[int, int], Candidate] = {}
        for candidate in sorted(candidates, key=lambda c: _RULE_PRIORITY[c.rule]):
            key = (candidate.start, candidate.end)
            held = by_extent.get(key)
            if held is None:
                by_extent[key] = candidate
                continue
            held.proposed |= candidate.proposed
            if candidate.rule != "novel-name" or not held.rule.startswith("acronym"):
                held.type = held.type or candidate.type
            if candidate.vocabulary_id and not held.vocabulary_id:
                held.vocabulary_id, held.type = candidate.vocabulary_id, candidate.type
                held.generic = candidate.generic
            held.acronym = held.acronym or candidate.acronym
            held.long_form = held.long_form or candidate.long_form
        taken: set[int] = set()
        chosen = []
        order = sorted(
            by_extent.values(), key=lambda c: (-c.length, _RULE_PRIORITY[c.rule], c.start)
        )
        phrase_tokens: dict[int, str | None] = {}
        for candidate in order:
            tokens = set(range(candidate.start, candidate.end))
            if tokens & taken or candidate.generic:
                continue
            if candidate.type is None and candidate.rule == "proposal-cue":
                continue
            inside = {phrase_tokens[t] for t in tokens if t in phrase_tokens}
            known_task = candidate.rule == "vocabulary" and candidate.type == "task"
            if inside and not (known_task and inside == {"task"}):
                continue
            if candidate.rule.endswith("-phrase"):
                # A task phrase does not hide the known task inside it: "speech time series
                # classification" also names "time series classification". (Letting other
                # phrases nest known concepts lowered precision on the dev gold.)
                phrase_tokens.update(dict.fromkeys(tokens, candidate.type))
            else:
                taken |= tokens
            chosen.append(candidate)
        return chosen

    @staticmethod
    def _share_vocabulary(table: TokenTable, chosen: list[Candidate]) -> None:
        """An acronym of a known long form is known too: "(MCTS)" after its definition."""
        known = {
            table.span_text(c.start, c.end): (c.vocabulary_id, c.type)
            for c in chosen
            if c.acronym and c.vocabulary_id
        }
        for candidate in chosen:
            if candidate.long_form in known and not candidate.vocabulary_id:
                candidate.vocabulary_id, candidate.type = known[candidate.long_form]

    @staticmethod
    def _type_by_coordination(table: TokenTable, chosen: list[Candidate]) -> None:
        """A coined name listed with known datasets ("A, B and C") is a dataset too."""
        ordered = sorted(chosen, key=lambda c: c.start)
        separators = {",", "and", "or", "/", "&"}
        for _ in range(2):  # twice, so a type passes along a list in either direction
            for left, right in zip(ordered, ordered[1:], strict=False):
                gap = table.lower[left.end : right.start]
                if not gap or len(gap) > 2 or not set(gap) <= separators:
                    continue
                for name, other in ((left, right), (right, left)):
                    if name.rule == "novel-name" and other.type == "dataset":
                        name.type = "dataset"

    @staticmethod
    def _name_uses(table: TokenTable, chosen: list[Candidate]) -> list[Candidate]:
        """Later mentions of a name the paper coined ("we introduce Aaren ... Aarens")."""
        taken = {i for c in chosen for i in range(c.start, c.end)}
        uses = []
        for candidate in chosen:
            name = table.span_text(candidate.start, candidate.end)
            if not candidate.proposed or candidate.vocabulary_id or name.islower():
                continue
            for first, last in find_name(table.doc_text, name):
                span = table.char_span(first, last)
                if span is None or taken & set(range(*span)):
                    continue
                taken.update(range(*span))
                uses.append(Candidate(*span, "name-use", candidate.type, long_form=name))
        return uses

    def _mark_proposals(self, doc: Doc, chosen: list[Candidate]) -> None:
        """Strict windows: what starts the phrase after the cue. Loose windows (the rest
        of a "we propose" sentence): the first name coined there."""
        ordered = sorted((c for c in chosen if c.type not in LINK_TYPES), key=lambda c: c.start)
        table = tokens_of(doc)
        for window in windows_of(doc):
            inside = [c for c in ordered if window.start <= c.start < window.end]
            if window.strict:
                for candidate in inside:
                    # a well-known concept is used, not proposed, unless named bare
                    known = candidate.vocabulary_id and not (
                        window.bare and candidate.start == window.start
                    )
                    candidate.proposed |= candidate.start - window.start <= 2 and not known
                continue
            coined = [
                c
                for c in inside
                if not c.vocabulary_id
                and c.rule in {"acronym-definition", "novel-name", "naming-cue"}
            ]
            for index, candidate in enumerate(coined):
                listed = index > 0 and set(
                    table.lower[coined[index - 1].end : candidate.start]
                ) <= {",", "and", "or", "(", ")"}
                if index == 0 or listed:  # "ERL and PRL": both are the paper's
                    candidate.proposed = True
                else:
                    break
