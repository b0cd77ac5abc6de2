"""The project's spaCy components, thin wrappers over the pure rules.

Registered factories (all ``paperkg_*``), in pipeline order:

``paperkg_sentences``
    Sentence starts: the title is sentence 0 (it ends at a blank line), then
    ``.``/``!``/``?`` followed by a capitalised token.
``paperkg_urls``
    Links, normalised and typed as code repository or project page.
``paperkg_acronyms``
    Schwartz-Hearst definitions and later bare uses of the defined acronyms.
``paperkg_vocabulary``
    Known concepts from the SKOS vocabularies, via two ``PhraseMatcher`` s.
``paperkg_cues``
    Proposal and naming cues, the title prefix, coined names, dataset lists
    and task phrases.
``paperkg_resolve``
    Types each candidate, drops generic and overlapping ones, marks what the
    paper proposes and writes ``doc._.paperkg_mentions``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from paperkg.extract.acronyms import find_definitions
from paperkg.extract.candidates import Candidate, ProposalWindow, candidates_of, windows_of
from paperkg.extract.lexicon import Lexicon, load_lexicon
from paperkg.extract.rules import is_name_like, is_novel_name, normalise_phrase, type_of_phrase
from paperkg.extract.urls import classify_url, find_urls
from paperkg.extract.vocabulary import (
    Vocabulary,
    is_case_sensitive,
    load_vocabulary,
    surface_forms,
)
from paperkg.model import Mention
from paperkg.resources import ontology_dir

__all__ = ["lexicon_at", "vocabulary_at"]

_SENTENCE_END = {".", "!", "?"}
_CLOSERS = {")", "]", '"', "'", "\u201d", "\u2019"}


@lru_cache(maxsize=4)
def lexicon_at(path: str) -> Lexicon:
    """The lexicon of the ontology folder ``path`` ("" = the installed one), loaded once."""
    return load_lexicon(Path(path) if path else ontology_dir())


@lru_cache(maxsize=4)
def vocabulary_at(path: str) -> Vocabulary:
    """The vocabulary of the ontology folder ``path`` ("" = the installed one), loaded once."""
    return load_vocabulary((Path(path) if path else ontology_dir()) / "vocabulary")


def _span(doc: Doc, start_char: int, end_char: int) -> Span | None:
    return doc.char_span(start_char, end_char, alignment_mode="expand")


def _compound_end(doc: Doc, start: int) -> int:
    """End of the hyphen-joined word starting at token ``start`` ("Retro-FPN", "PFGM++")."""
    end = start + 1
    while (
        end + 1 < len(doc)
        and doc[end].text in {"-", "\u2013"}
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and not doc[end + 1].is_space
    ):
        end += 2
    while end < len(doc) and doc[end].text in {"++", "+"} and not doc[end - 1].whitespace_:
        end += 1
    return end


# --------------------------------------------------------------------------- sentences


@Language.component("paperkg_sentences")
def sentences(doc: Doc) -> Doc:
    """Mark sentence starts; the title (before the first blank line) is its own sentence."""
    for index, token in enumerate(doc):
        if index == 0:
            token.is_sent_start = True
            continue
        previous = doc[index - 1]
        starts = "\n" in previous.text and previous.is_space
        if not starts and not token.is_space:
            back = index - 1
            while back > 0 and doc[back].text in _CLOSERS:
                back -= 1
            starts = doc[back].text in _SENTENCE_END and (
                token.text[:1].isupper() or token.text[:1].isdigit()
            ) and bool(doc[index - 1].whitespace_)
        token.is_sent_start = starts
    return doc


# --------------------------------------------------------------------------- urls


@Language.factory("paperkg_urls", default_config={"ontology": ""})
def make_urls(nlp: Language, name: str, ontology: str) -> UrlFinder:
    return UrlFinder(lexicon_at(ontology))


class UrlFinder:
    """Links in the text, normalised, as ``repository`` or ``project-page`` candidates."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.code_hosts = lexicon.code_hosts

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        for link in find_urls(doc.text):
            span = _span(doc, link.start, link.start + len(link.raw))
            if span is not None:
                kind = classify_url(link.url, self.code_hosts)
                found.append(Candidate(span.start, span.end, "url", kind, long_form=link.url))
        return doc


# --------------------------------------------------------------------------- acronyms


@Language.factory("paperkg_acronyms")
def make_acronyms(nlp: Language, name: str) -> AcronymFinder:
    return AcronymFinder()


class AcronymFinder:
    """Acronym definitions, and every later bare use of a defined acronym."""

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        defined: dict[str, str] = {}
        for sent in doc.sents:
            for definition in find_definitions(sent.text, sentence_start=sent.start_char):
                long_span = _span(doc, definition.long_start, definition.long_end)
                short_span = _span(doc, definition.short_start, definition.short_end)
                if long_span is None or short_span is None:
                    continue
                found.append(Candidate(long_span.start, long_span.end, "acronym-definition",
                                       acronym=definition.short))
                found.append(Candidate(short_span.start, short_span.end, "acronym-definition",
                                       long_form=definition.long))
                defined.setdefault(definition.short, definition.long)
        for short, long in defined.items():
            base = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
            pattern = re.compile(rf"(?<![\w/.-]){re.escape(base)}s?(?![\w/-])")
            for match in pattern.finditer(doc.text):
                span = _span(doc, match.start(), match.end())
                if span is not None:
                    found.append(Candidate(span.start, span.end, "acronym-use", long_form=long))
        return doc


# --------------------------------------------------------------------------- vocabulary


@Language.factory("paperkg_vocabulary", default_config={"ontology": ""})
def make_vocabulary(nlp: Language, name: str, ontology: str) -> VocabularyMatcher:
    return VocabularyMatcher(nlp, vocabulary_at(ontology))


class VocabularyMatcher:
    """Known concepts: case-insensitive for words, case-sensitive for acronyms."""

    def __init__(self, nlp: Language, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in vocabulary.entries.values():
            exact, folded = set(), set()
            for label in (entry.label, *entry.alt_labels):
                target = exact if is_case_sensitive(label) else folded
                target.update(surface_forms(label))
            if exact:
                self.exact.add(entry.iri, list(nlp.tokenizer.pipe(sorted(exact))))
            if folded:
                self.folded.add(entry.iri, list(nlp.tokenizer.pipe(sorted(folded))))

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        strings = doc.vocab.strings
        for match_id, start, end in [*self.exact(doc), *self.folded(doc)]:
            entry = self.vocabulary.entries[strings[match_id]]
            found.append(Candidate(start, end, "vocabulary", entry.type,
                                   vocabulary_id=entry.iri, generic=entry.generic))
        return doc


# --------------------------------------------------------------------------- cues


@Language.factory("paperkg_cues", default_config={"ontology": ""})
def make_cues(nlp: Language, name: str, ontology: str) -> CueFinder:
    return CueFinder(nlp, lexicon_at(ontology))


class CueFinder:
    """Pattern rules for what no vocabulary knows.

    Proposal cues ("we propose X"), naming cues ("termed X"), the title prefix
    ("X: ..."), coined names (MossFormer2, PFGM++), dataset lists after
    evaluation phrases and task phrases ending in a task head noun.
    """

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.naming = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.naming.add("naming", list(nlp.tokenizer.pipe(lexicon.naming_cues)))
        self.dataset_cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.dataset_cues.add("dataset", list(nlp.tokenizer.pipe(lexicon.dataset_cues)))
        self.task_cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.task_cues.add("task", list(nlp.tokenizer.pipe(lexicon.task_cues)))

    def __call__(self, doc: Doc) -> Doc:
        found = candidates_of(doc)
        self._proposals(doc, found)
        self._naming(doc, found)
        self._title_prefix(doc, found)
        self._novel_names(doc, found)
        self._datasets(doc, found)
        self._tasks(doc, found)
        return doc

    # -- proposals
    def _proposals(self, doc: Doc, found: list[Candidate]) -> None:
        lex = self.lexicon
        for sent in doc.sents:
            lowered = [t.lower_ for t in sent]
            for offset, word in enumerate(lowered):
                if word not in lex.proposal_verbs:
                    continue
                before = " ".join(lowered[max(0, offset - 5):offset])
                if not any(re.search(rf"\b{re.escape(s)}\b", before) for s in lex.proposal_subjects):
                    continue
                windows_of(doc).append(ProposalWindow(sent.start, sent.end, strict=False))
                start = self._skip_leading(doc, sent.start + offset + 1, sent.end)
                end = self._phrase_end(doc, start, sent.end, limit=8)
                if end > start:
                    windows_of(doc).append(ProposalWindow(start, end))
                    found.append(Candidate(start, end, "proposal-cue", proposed=True))

    def _skip_leading(self, doc: Doc, start: int, stop: int) -> int:
        lex = self.lexicon
        while start < stop and (
            doc[start].lower_ in lex.leading
            or doc[start].lower_ in lex.modifiers
            or doc[start].is_space
            or re.fullmatch(r"[\"'(\[]|\(\w{1,3}\)|\w{1,3}\)|,", doc[start].text)
        ):
            start += 1
        return start

    def _phrase_end(self, doc: Doc, start: int, stop: int, *, limit: int) -> int:
        """End of a name-like phrase: up to a boundary word or punctuation."""
        end = start
        lex = self.lexicon
        while end < stop and end - start < limit:
            token = doc[end]
            if token.is_space or token.lower_ in lex.boundary or (
                token.is_punct and token.text not in {"-", "/", "++", "+", "'", "&"}
            ):
                break
            end += 1
        return end

    # -- naming cues: "termed X", "called X"
    def _naming(self, doc: Doc, found: list[Candidate]) -> None:
        for _, cue_start, cue_end in self.naming(doc):
            sent = doc[cue_start].sent
            start = cue_end
            while start < sent.end and doc[start].text in {'"', "'", "\u201c", "`", "the", "a", "an"}:
                start += 1
            end = self._phrase_end(doc, start, sent.end, limit=6)
            phrase = doc[start:end]
            if end - start < 2 and not any(is_name_like(t.text) for t in phrase):
                continue  # "a process called rectification": a word, not a name
            if end > start:
                found.append(Candidate(start, end, "naming-cue"))
                before = sent.text[: doc[cue_start].idx - sent.start_char].lower()
                if any(re.search(rf"\b{re.escape(s)}\b", before)
                       for s in (*self.lexicon.proposal_subjects, "our")):
                    windows_of(doc).append(ProposalWindow(start, end))

    # -- title prefix: "MossFormer2: Combining ..."
    def _title_prefix(self, doc: Doc, found: list[Candidate]) -> None:
        title = next(iter(doc.sents), None)
        if title is None:
            return
        colon = next((t.i for t in title if t.text == ":"), None)
        if colon is None or colon - title.start > 6 or colon == title.start:
            return
        words = [t.text for t in doc[title.start:colon]]
        body = doc.text[title.end_char:].lower()
        named = any(is_novel_name(w) for w in words) or (
            len(words) > 1 and " ".join(words).lower() in body
        )
        if named:
            found.append(Candidate(title.start, colon, "title-prefix", proposed=True))

    # -- coined names
    def _novel_names(self, doc: Doc, found: list[Candidate]) -> None:
        index = 0
        while index < len(doc):
            end = _compound_end(doc, index)
            name_end = end
            while name_end - index > 2 and doc[name_end - 1].lower_ in self.lexicon.adjective_suffixes:
                name_end -= 2  # "RNN-based" names RNN, not a new concept
            if name_end < end and name_end - index == 1:
                index = end
                continue
            parts = [t.text for t in doc[index:name_end] if not t.is_punct]
            if parts and any(is_novel_name(part) for part in parts):
                found.append(Candidate(index, name_end, "novel-name"))
            index = end

    # -- datasets: "experiments on A, B and C", "the X dataset"
    def _datasets(self, doc: Doc, found: list[Candidate]) -> None:
        lex = self.lexicon
        for _, _, cue_end in self.dataset_cues(doc):
            sent_end = doc[cue_end - 1].sent.end
            index = cue_end
            while index < sent_end:
                while index < sent_end and doc[index].lower_ in {"the", "and", "or", ",", "a", "both"}:
                    index += 1
                end = index
                while end < sent_end and is_name_like(doc[end].text) and not doc[end].is_punct:
                    end = _compound_end(doc, end)
                if end == index:
                    break
                found.append(Candidate(index, end, "dataset-cue", "dataset"))
                index = end
                if index < sent_end and doc[index].lower_ in lex.type_heads["dataset"]:
                    index += 1
        for token in doc:
            if token.lower_ in {"dataset", "datasets", "benchmark", "benchmarks", "corpus"}:
                start = token.i
                while start > token.sent.start and is_name_like(doc[start - 1].text) and (
                    doc[start - 1].text not in {"The", "A", "An"} and not doc[start - 1].is_punct
                ):
                    start -= 1
                if start < token.i:
                    end = token.i + 1 if token.text[0].isupper() else token.i
                    found.append(Candidate(start, end, "dataset-cue", "dataset"))

    # -- tasks: "... point cloud semantic segmentation"
    def _tasks(self, doc: Doc, found: list[Candidate]) -> None:
        lex = self.lexicon
        heads = lex.type_heads["task"]
        stop = lex.boundary | lex.modifiers | lex.leading
        for token in doc:
            if token.lower_ not in heads:  # singular heads only: "predictions" is rarely a task
                continue
            start = token.i
            while start > token.sent.start and len(range(start, token.i)) < 4:
                previous = doc[start - 1]
                if previous.text in {"-"} and start - 2 >= token.sent.start:
                    start -= 2
                    continue
                if (
                    previous.is_punct or previous.is_space or previous.like_num
                    or previous.lower_ in stop or previous.lower_.endswith(("ly", "ed"))
                    or not previous.is_alpha or is_novel_name(previous.text)
                ):
                    break
                start -= 1
            while start < token.i and (doc[start].text == "-" or doc[start].lower_ in stop):
                start += 1
            if start < token.i:
                found.append(Candidate(start, token.i + 1, "task-phrase", "task"))


# --------------------------------------------------------------------------- resolve


_RULE_PRIORITY = {
    "url": 0,
    "acronym-definition": 1,
    "vocabulary": 2,
    "acronym-use": 3,
    "naming-cue": 4,
    "title-prefix": 5,
    "proposal-cue": 6,
    "dataset-cue": 7,
    "task-phrase": 8,
    "novel-name": 9,
}


@Language.factory("paperkg_resolve", default_config={"ontology": ""})
def make_resolver(nlp: Language, name: str, ontology: str) -> Resolver:
    return Resolver(lexicon_at(ontology), vocabulary_at(ontology))


class Resolver:
    """Choose among overlapping candidates, type them and write the mentions."""

    def __init__(self, lexicon: Lexicon, vocabulary: Vocabulary) -> None:
        self.lexicon = lexicon
        self.vocabulary = vocabulary

    def __call__(self, doc: Doc) -> Doc:
        candidates = [c for c in candidates_of(doc) if self._prepare(doc, c)]
        chosen = self._select(candidates)
        self._mark_proposals(doc, chosen)
        sentences = list(doc.sents)
        index_of = {s.start: i for i, s in enumerate(sentences)}
        mentions = []
        for candidate in sorted(chosen, key=lambda c: (c.start, c.end)):
            if candidate.generic or candidate.type is None:
                continue
            span = doc[candidate.start:candidate.end]
            sent = span.sent
            surface = " ".join(span.text.split())
            confidence = self.lexicon.confidence.get(candidate.rule, 0.5)
            mentions.append(Mention(
                surface=candidate.long_form if candidate.rule == "url" else surface,
                type=candidate.type,
                sentence_index=index_of.get(sent.start, 0),
                sentence=" ".join(sent.text.split()),
                rule=candidate.rule,
                confidence=confidence,
                proposed=candidate.proposed,
                vocabulary_id=candidate.vocabulary_id,
                acronym=candidate.acronym,
                long_form=candidate.long_form if candidate.rule != "url" else None,
            ))
        doc._.paperkg_mentions = mentions
        return doc

    def _prepare(self, doc: Doc, candidate: Candidate) -> bool:
        """Trim, exclude and type one candidate; False drops it."""
        lex = self.lexicon
        if candidate.rule == "url":
            return True
        while candidate.start < candidate.end and (
            doc[candidate.start].lower_ in lex.leading or doc[candidate.start].is_punct
        ) and candidate.rule not in {"vocabulary", "acronym-use"}:
            candidate.start += 1
        while candidate.end > candidate.start and (
            doc[candidate.end - 1].is_punct and doc[candidate.end - 1].text not in {"++", "+", "!"}
        ):
            candidate.end -= 1
        if candidate.end <= candidate.start:
            return False
        tokens = doc[candidate.start:candidate.end]
        if (
            candidate.end - candidate.start > 1
            and tokens[-1].lower_ in lex.generic_heads
            and is_novel_name(tokens[-2].text)
        ):
            candidate.end -= 1  # "NASNet architecture" -> "NASNet"
        text = " ".join(doc[candidate.start:candidate.end].text.split())
        for form in (text, candidate.long_form, candidate.acronym):
            if form and (form.lower() in lex.exclusions or normalise_phrase(form) in lex.exclusions):
                return False
        if candidate.rule == "proposal-cue" and not any(
            is_novel_name(t.text) or (t.text[:1].isupper() and t.i != t.sent.start)
            for t in doc[candidate.start:candidate.end]
        ):
            return False
        if candidate.type is None:
            candidate.type = self._type_of(doc, candidate)
        return candidate.type is not None or candidate.rule in {"proposal-cue", "acronym-use"}

    def _type_of(self, doc: Doc, candidate: Candidate) -> str | None:
        words = [t.text for t in doc[candidate.start:candidate.end] if not t.is_punct]
        found = type_of_phrase(words, self.lexicon)
        if found is None and candidate.acronym:
            found = type_of_phrase([candidate.acronym], self.lexicon)
        if found is None and candidate.long_form:
            found = type_of_phrase(candidate.long_form.split(), self.lexicon)
        if found is None and candidate.rule in {"title-prefix", "naming-cue", "novel-name"}:
            found = "method"
        return found

    def _select(self, candidates: list[Candidate]) -> list[Candidate]:
        """Greedy: longest first, then by rule priority; overlapping losers are dropped.

        A vocabulary match that coincides with another candidate lends it its
        concept id and type (an acronym long form that is a known concept).
        """
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
        order = sorted(by_extent.values(),
                       key=lambda c: (-c.length, _RULE_PRIORITY[c.rule], c.start))
        for candidate in order:
            tokens = set(range(candidate.start, candidate.end))
            if tokens & taken or candidate.generic:
                continue
            if candidate.type is None and candidate.rule == "proposal-cue":
                continue
            taken |= tokens
            chosen.append(candidate)
        return chosen

    def _mark_proposals(self, doc: Doc, chosen: list[Candidate]) -> None:
        windows = windows_of(doc)
        for candidate in chosen:
            if candidate.type in {"repository", "project-page"} or candidate.vocabulary_id:
                continue  # a well-known concept is used, not proposed (unless the title says so)
            coined = candidate.rule in {"acronym-definition", "novel-name", "naming-cue"}
            for window in windows:
                inside = window.start <= candidate.start < window.end
                if inside and (coined if not window.strict else candidate.start - window.start <= 2):
                    candidate.proposed = True
