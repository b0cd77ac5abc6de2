"""What the paper names as its own: "we propose X", "termed X", a title's "X: ...".

Proposal and naming cues also open :class:`~paperkg.extract.candidates.ProposalWindow` s,
from which the resolver marks the candidates the paper proposes.
"""

from __future__ import annotations

import re
from itertools import compress

from paperkg.extract.candidates import Candidate, ProposalWindow, Work
from paperkg.extract.registry import Finder, Rule, RuleContext, finder
from paperkg.extract.rules import is_name_like, is_novel_name, normalise_phrase, type_of_phrase
from paperkg.extract.spans import compound_end, phrase_end
from paperkg.extract.tokens import TokenTable

__all__ = ["NamingCues", "ProposalCues", "TitleConcept", "TitleOpening", "TitleNames"]

_LEADING_MARK = re.compile(r"[\"'`\u201c\u2018(\[]|\(\w{1,3}\)|\w{1,3}\)|,")  # quote, "(a)", "i)"
_ARTICLES = frozenset({"the", "a", "an"})
_REFERENCES = frozenset({"this", "these", "it", "our", "them"})  # "we call this ... a X"
_OPENERS = frozenset({'"', "'", "\u201c", "`", "``", "the", "a", "an"})
_JOINING = frozenset({"-", "\u2013", "'", "\u2019", "+", "++"})  # punctuation inside a name
_PROPOSABLE = frozenset({"architecture", "dataset"})  # kinds of model and data


class _SubjectCues(Finder):
    """Shared by the cue rules: whether a stretch of text has the paper as subject."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        subjects = sorted({*self.lexicon.proposal_subjects, "our"}, key=len, reverse=True)
        self.subject = re.compile(rf"\b(?:{'|'.join(map(re.escape, subjects))})\b")

    def has_subject(self, text: str) -> bool:
        return self.subject.search(text) is not None


@finder(
    Rule("proposal-cue", "proposals", rank=90, type="method", confidence=0.6, reads=("proposal",))
)
class ProposalCues(_SubjectCues):
    """ "we propose X", "this paper introduces X": the phrase after the verb, which the
    resolver keeps as a name when it is capitalised or coined; a short name is a
    method unless something types it."""

    def __call__(self, work: Work) -> None:
        table = work.table
        lower, verbs = table.lower, self.lexicon.proposal_verbs
        for index in compress(range(len(lower)), map(verbs.__contains__, lower)):
            start, end = table.sentences[table.sentence[index]]
            # "we extend S-KAN and propose X": a second verb shares the first one's subject
            reach = start if index > start and lower[index - 1] == "and" else index - 5
            if not self.has_subject(" ".join(lower[max(start, reach) : index])):
                continue
            if index > start and lower[index - 1] in self.lexicon.past_markers:
                continue  # "our previously proposed MossFormer": earlier work
            work.windows.append(ProposalWindow(index + 1, end, strict=False))
            first = self._skip_leading(table, index + 1, end)
            if first < end and lower[first].endswith("ing") and lower[first] in self.lexicon.verbs:
                continue  # "we propose calculating LBL ...": an action, not a name
            last = phrase_end(table, first, end, self.lexicon.boundary, limit=8)
            if last > first:
                work.windows.append(ProposalWindow(first, last, bare=first == index + 1))
                work.candidates.append(Candidate(first, last, "proposal-cue"))  # marked later

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


@finder(
    Rule("naming-cue", "proposals", rank=60, type="method", confidence=0.85, reads=("proposal",))
)
class NamingCues(_SubjectCues):
    """ "termed X", "called X", "we call this architecture a Pointer Net": X is a name,
    the paper's own when the sentence says "we" or "our"."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.cues = context.cues

    def __call__(self, work: Work) -> None:
        table = work.table
        for cue_start, cue_end in self.cues.spans(work, "naming"):
            sentence_start, sentence_end = table.sentences[table.sentence[cue_start]]
            start = cue_end
            if start < sentence_end and table.lower[start] in _REFERENCES:
                # "we call this architecture a Pointer Net": the name follows the article
                article = next(
                    (
                        i
                        for i in range(start, min(start + 5, sentence_end))
                        if table.lower[i] in _ARTICLES
                    ),
                    None,
                )
                start = article if article is not None else start
            while start < sentence_end and table.lower[start] in _OPENERS:
                start += 1
            end = phrase_end(table, start, sentence_end, self.lexicon.boundary, limit=6)
            if end <= start or (
                end - start < 2 and not any(is_name_like(t) for t in table.text[start:end])
            ):
                continue  # "a process called rectification": a word, not a name
            work.candidates.append(Candidate(start, end, "naming-cue"))
            if self.has_subject(" ".join(table.lower[sentence_start:cue_end])):  # "we call"
                work.windows.append(ProposalWindow(start, end))


def _title_colon(table: TokenTable) -> int | None:
    """The token of the colon that ends a title's prefix ("MossFormer2: Combining ...");
    a colon inside a word is none: "Efficient N:M Sparse Training"."""
    start, end = table.sentences[0]
    return next(
        (i for i in range(start, end) if table.text[i] == ":" and table.space_after[i]), None
    )


def _abstract_lower(table: TokenTable) -> str:
    """The text after the title, lower-cased."""
    return table.doc_text[table.end_char(table.sentences[0][1] - 1) :].lower()


@finder(Rule("title-prefix", "proposals", rank=70, type="method", confidence=0.85))
class TitleNames(Finder):
    """The name a title opens with: before its colon ("MossFormer2: ...") when coined or
    named again in the abstract; without a colon, coined names that open it
    ("Inception-v4, Inception-ResNet and the Impact of ...")."""

    def __call__(self, work: Work) -> None:
        table = work.table
        if not table.sentences:
            return
        colon = _title_colon(table)
        if colon is None:
            self._opening_names(work)
            return
        start = table.sentences[0][0]
        if colon - start > 6 or colon == start:
            return
        words = table.text[start:colon]
        if any(is_novel_name(w) for w in words) or (
            len(words) > 1 and " ".join(words).lower() in _abstract_lower(table)
        ):
            work.candidates.append(Candidate(start, colon, "title-prefix", proposed=True))

    @staticmethod
    def _opening_names(work: Work) -> None:
        """Coined names that open a title without a colon name the contribution:
        "Inception-v4, Inception-ResNet and the Impact of ...", "MetaMixer Is All ...".
        Capitals alone ("FBK @ IWSLT", "LIUM's system") are mostly the authors' lab, a
        known concept ("Word2Vec vs ...") is one the paper uses."""
        table = work.table
        index, end = table.sentences[0]
        known = {(c.start, c.end) for c in work.candidates if c.rule == "vocabulary"}
        while index < end:
            stop = compound_end(table, index)
            name = table.span_text(index, stop)
            if (
                not (is_novel_name(name) or any(table.novel[index:stop]))
                or not any(c.islower() for c in name)
                or (index, stop) in known
                or (stop < end and table.lower[stop] in {"'s", "’s", "vs", "vs.", "versus"})
            ):
                return
            work.candidates.append(Candidate(index, stop, "title-prefix", proposed=True))
            index = stop
            if index < end and table.text[index] == ",":
                index += 1
            if index < end and table.lower[index] in {"and", "&"}:
                index += 1
            if index == stop:
                return


@finder(Rule("title-phrase", "proposals", rank=80, type="method", confidence=0.6))
class TitleOpening(Finder):
    """The opening phrase of a title without a colon ("Adding Gradient Noise
    Improves ..."), when the abstract names it again."""

    def __call__(self, work: Work) -> None:
        table = work.table
        if not table.sentences or _title_colon(table) is not None:
            return
        start, end = table.sentences[0]
        while start < end and table.lower[start] in _ARTICLES:
            start += 1
        boundary = self.lexicon.boundary
        stop = next(
            (i for i in range(start, end) if table.lower[i] in boundary or table.punct[i]), end
        )
        if not 2 <= stop - start <= 5 or (stop < end and table.punct[stop]):
            return  # "Hardware-Aware", "Weak & Strong": cut inside a compound or a pair
        phrase, body = normalise_phrase(table.span_text(start, stop)), _abstract_lower(table)
        if phrase.split(" ", 1)[0] not in body:
            return  # its first word, as any form of the phrase would have it: a cheap test
        # a whole abstract recurs never: normalised past the cache, which it would flush
        if phrase in normalise_phrase.__wrapped__(body):
            work.candidates.append(Candidate(start, stop, "title-phrase"))


@finder(
    Rule(
        "title-concept",
        "proposals",
        rank=75,
        type=None,
        confidence=0.75,
        reads=("types", "proposal"),
        typing="head",
    )
)
class TitleConcept(Finder):
    """A title that opens with the name of a kind of model or dataset ("Text Level
    Graph Neural Network for Text Classification", "Extractive Adversarial Networks:
    ...", "Building a Korean AMR Corpus") names the paper's contribution: a
    capitalised noun phrase of two to six words, ending in an architecture's or a
    dataset's head word, up to the first function word or colon (a whole title is a
    topic as often as a name: "Spiking Diffusion Models"). (A method's head
    opens titles about a technique as often as titles naming one: "Structured
    Bayesian Compression for ...".) Not a known concept as it stands (used, not
    proposed), nor a generic one whose words before the head are all adjectives
    ("A Neural Model for ..."), nor the object of a verb other than one of making
    ("Using Deep Neural Networks to ...")."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        lex = self.lexicon
        self.descriptive = lex.modifiers | lex.leading
        self.making = lex.proposal_verbs

    def __call__(self, work: Work) -> None:
        table = work.table
        if not table.sentences:
            return
        start, end = table.sentences[0]
        while start < end and table.lower[start] in _ARTICLES:
            start += 1
        if start < end and table.lower[start].endswith("ing"):
            if not self._making(table.lower[start]):
                return  # "Exploiting Attention to ...": a title about using something
            start += 1
            while start < end and table.lower[start] in _ARTICLES:
                start += 1
        stop = start
        while stop < end and not (
            table.lower[stop] in self.lexicon.boundary
            or table.space[stop]
            or (table.punct[stop] and table.text[stop] not in _JOINING)
        ):
            stop += 1
        if stop == end or table.space[stop]:
            return  # a whole title is a topic as often as a name ("Spiking Diffusion Models")
        words = [table.text[i] for i in range(start, stop) if not table.punct[i]]
        if not 2 <= len(words) <= 6 or not all(w[0].isupper() or w[0].isdigit() for w in words):
            return
        concept_type = type_of_phrase(words, self.lexicon)
        if concept_type not in _PROPOSABLE or not any(map(self._names, words[:-1])):
            return
        if any(
            c.rule == "vocabulary" and (c.start, c.end) == (start, stop) for c in work.candidates
        ):
            return
        work.candidates.append(Candidate(start, stop, "title-concept", concept_type, proposed=True))

    def _making(self, gerund: str) -> bool:
        """Whether a title's opening gerund makes something: "Building", "Creating"."""
        stem = gerund[:-3]
        doubled = stem[:-1] if stem[-1:] == stem[-2:-1] else stem  # "Designing", "Mapping"
        return bool({stem, stem + "e", doubled} & self.making)

    def _names(self, word: str) -> bool:
        """A word that narrows the head to a named kind: a noun or a coined word, not
        an adjective or an evaluative word ("Neural", "Computational", "Novel")."""
        lower = word.lower()
        return is_novel_name(word) or not (
            lower in self.descriptive or lower.endswith(self.lexicon.adjective_endings)
        )
