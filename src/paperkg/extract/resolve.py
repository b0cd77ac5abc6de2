"""Choose among overlapping candidates, type them, mark what the paper proposes, and
write the mentions (the ``paperkg_resolve`` component's algorithm)."""

from __future__ import annotations

from functools import lru_cache

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Rule, declare, declared
from paperkg.extract.rules import (
    find_name,
    has_inner_capital,
    is_name_like,
    is_novel_name,
    normalise_phrase,
    type_of_phrase,
)
from paperkg.extract.spans import HYPHENS
from paperkg.extract.tokens import TokenTable
from paperkg.knowledge.lexicon import Lexicon
from paperkg.model import LINK_TYPES, TYPE_SOURCES, Mention

__all__ = ["NAME_USE", "Resolver"]

NAME_USE = declare(Rule("name-use", "resolution", rank=50, type=None, confidence=0.6))

#: Rules whose candidates are phrases: they yield to a known concept one word shorter
#: ("Markov chain Monte Carlo sampling"), and the tokens they cover stay open to
#: known tasks inside them.
_PHRASES = frozenset(
    {
        "title-phrase",
        "named-phrase",
        "task-phrase",
        "activity-phrase",
        "architecture-phrase",
        "method-phrase",
    }
)

#: Phrase rules whose phrase is a known concept described when it ends with one
_DESCRIBED = _PHRASES - {"named-phrase"}


def _stronger(source: str | None, than: str | None) -> bool:
    """Whether a type from ``source`` outweighs one from ``than`` (see TYPE_SOURCES)."""
    if source is None:
        return False
    return than is None or TYPE_SOURCES.index(source) < TYPE_SOURCES.index(than)


def _coined(name: str) -> bool:
    """Written as a new name: a capital after a lower-case letter, or letters and digits
    ("MossFormer2", "InternVL3.5"), not an acronym ("GNNs") nor a word."""
    return has_inner_capital(name) or (
        any(c.isdigit() for c in name) and any(c.islower() for c in name)
    )


def _without_full_stop(surface: str) -> str:
    """A sentence's full stop that the tokenizer left on a name ("on ImageNet-R.");
    dotted abbreviations ("e.g.", "C.R.P.I.H.") keep theirs."""
    if surface.endswith(".") and len(surface) > 2 and "." not in surface[:-1]:
        return surface[:-1] if surface[-2].isalnum() else surface
    return surface


class Resolver:
    """Choose among overlapping candidates, type them and write the mentions."""

    def __init__(self, lexicon: Lexicon, metrics: frozenset[str] = frozenset()) -> None:
        self.lexicon = lexicon
        #: what is never a concept: the lexicon's exclusions and the metrics' names
        self.exclusions = lexicon.exclusions | metrics
        self.rules = {rule.name: rule for rule in declared()}
        #: first words of the nouns a mention's extent may take
        self.kind_words = {n[0] for nouns in lexicon.extent_nouns.values() for n in nouns}
        # the same surface forms recur across abstracts: check each once
        self.is_excluded = lru_cache(maxsize=1 << 14)(self._is_excluded)

    def _is_excluded(self, form: str) -> bool:
        exclusions = self.exclusions
        return form.lower() in exclusions or normalise_phrase(form) in exclusions

    def __call__(self, work: Work) -> list[Mention]:
        """The document's mentions, in text order."""
        table, found = work.table, work.candidates
        # known concepts by where they end: the head of a coined compound ("N-MNIST")
        heads = {c.end: (c.start, c.type) for c in found if c.rule == "vocabulary" and c.type}
        candidates = [c for c in found if self._prepare(table, c, heads)]
        chosen = self._select(candidates)
        self._share_vocabulary(table, chosen)
        self._type_by_coordination(table, chosen)
        self._mark_proposals(work, chosen)
        self._merge_described(table, chosen)
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
            written = table.span_text(candidate.start, candidate.end)
            mentions.append(
                Mention(
                    surface=candidate.long_form or written
                    if is_url
                    else _without_full_stop(written),
                    type=candidate.type,
                    sentence_index=number,
                    sentence=sentence_texts[number],
                    rule=candidate.rule,
                    confidence=self.rules[candidate.rule].confidence,
                    proposed=candidate.proposed,
                    vocabulary_id=candidate.vocabulary_id,
                    acronym=candidate.acronym,
                    long_form=None if is_url else candidate.long_form,
                    typed_by=candidate.typed_by or "default",
                    extent=() if is_url else self._extent(table, candidate),
                )
            )
        return mentions

    def _extent(self, table: TokenTable, candidate: Candidate) -> tuple[str, ...]:
        """The mention as written with what the text attaches to it, each form wider
        than the name: the acronym the paper defines for it in parentheses, then a noun
        saying what kind of thing it is ("machine translation (MT)", "the RTE-5 test
        set", "the Penn Treebank (PTB) data"; lexicon ``[extent]``)."""
        ends = []
        end = candidate.end
        sentence_end = table.sentences[table.sentence[candidate.start]][1]
        if candidate.acronym and end < sentence_end and table.text[end] == "(":
            close = end + 1
            while close < min(end + 4, sentence_end) and table.text[close] != ")":
                close += 1
            if (
                close < sentence_end
                and table.text[close] == ")"
                and table.span_text(end + 1, close) == candidate.acronym
            ):
                end = close + 1
                ends.append(end)
        noun = self._kind_noun(table, end, sentence_end, candidate.type or "")
        if noun:
            ends.append(end + noun)
        return tuple(_without_full_stop(table.span_text(candidate.start, e)) for e in ends)

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
            candidate.type, candidate.typed_by = self._type_of(table, candidate, heads)
        elif candidate.typed_by is None:
            candidate.typed_by = self.rules[candidate.rule].typing
        return candidate.type is not None or candidate.rule in {"proposal-cue", "acronym-use"}

    def _type_of(
        self, table: TokenTable, candidate: Candidate, heads: dict[int, tuple[int, str]]
    ) -> tuple[str | None, str | None]:
        """The type a candidate's words give it, and where it comes from."""
        words = [table.text[i] for i in range(candidate.start, candidate.end) if not table.punct[i]]
        found = type_of_phrase(words, self.lexicon)
        if found is None and candidate.rule == "novel-name":
            # a coined compound is the kind of its known last part: "N-MNIST" is a
            # dataset, "LION-Mamba" an architecture
            start, head_type = heads.get(candidate.end, (candidate.start, None))
            if start > candidate.start and table.text[start - 1] in HYPHENS:
                found = head_type
        if found is None and candidate.acronym:
            found = type_of_phrase([candidate.acronym], self.lexicon)
        if found is None and candidate.long_form:
            found = type_of_phrase(candidate.long_form.split(), self.lexicon)
        if found is not None:
            return found, "head"
        sentence_end = table.sentences[table.sentence[candidate.start]][1]
        if candidate.rule == "novel-name" and self._kind_noun(
            table, candidate.end, sentence_end, "dataset"
        ):
            return "dataset", "context"  # "the RTE-5 test set", "the WMT09 data"
        if self._takes_default_type(candidate, words[-1]):
            return self.rules[candidate.rule].type, "default"
        return None, None

    def _kind_noun(self, table: TokenTable, index: int, sentence_end: int, kind: str) -> int:
        """How many words of a noun naming a ``kind`` (lexicon ``[extent]``) start at
        token ``index`` and end the noun phrase before ``sentence_end``: 0 when none does.
        "The WMT09 data show" takes "data"; "the X data augmentation" does not."""
        if index >= sentence_end or table.lower[index] not in self.kind_words:
            return 0  # the usual case: one set lookup
        words = tuple(table.lower[index : min(index + 2, sentence_end)])
        for noun in self.lexicon.extent_nouns.get(kind, ()):
            after = index + len(noun)
            if words[: len(noun)] == noun and (
                after >= sentence_end
                or not table.alpha[after]
                or not table.text[after].islower()
                or table.lower[after] in self.lexicon.boundary
                or table.lower[after] in self.lexicon.verbs
            ):
                return len(noun)
        return 0

    def _takes_default_type(self, candidate: Candidate, last_word: str) -> bool:
        """Whether nothing contradicts the rule's default type: a name after "we introduce"
        is one of at most three words, and an abbreviated term ("high-resolution
        multispectral (HRMS)") no adjective."""
        if candidate.rule == "proposal-cue":
            return candidate.length <= 3
        if candidate.rule == "acronym-definition":
            term = (candidate.long_form or last_word).lower()
            return not term.endswith(self.lexicon.adjective_endings)
        return True

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
            if not (c.rule in _PHRASES and (c.start, c.end - 1) in known_ends)
            and not (
                c.rule == "proposal-cue"
                and any(c.start < start and end == c.end for start, end in defined)
            )
        ]
        by_extent: dict[tuple[int, int], Candidate] = {}
        for candidate in sorted(candidates, key=lambda c: self.rules[c.rule].rank):
            key = (candidate.start, candidate.end)
            held = by_extent.get(key)
            if held is None:
                by_extent[key] = candidate
                continue
            held.proposed |= candidate.proposed
            if (candidate.rule != "novel-name" or self.rules[held.rule].family != "acronyms") and (
                held.type is None or _stronger(candidate.typed_by, held.typed_by)
            ):
                held.type, held.typed_by = candidate.type or held.type, candidate.typed_by
            if candidate.vocabulary_id and not held.vocabulary_id:
                held.vocabulary_id, held.type = candidate.vocabulary_id, candidate.type
                held.generic, held.typed_by = candidate.generic, "known"
            held.acronym = held.acronym or candidate.acronym
            held.long_form = held.long_form or candidate.long_form
        taken: set[int] = set()
        chosen = []
        order = sorted(
            by_extent.values(), key=lambda c: (-c.length, self.rules[c.rule].rank, c.start)
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
            if candidate.rule in _PHRASES:
                # A task phrase does not hide the known task inside it: "speech time series
                # classification" also names "time series classification". (Letting other
                # phrases nest known concepts lowered precision on the dev gold.)
                phrase_tokens.update(dict.fromkeys(tokens, candidate.type))
            else:
                taken |= tokens
            chosen.append(candidate)
        return chosen

    @staticmethod
    def _merge_described(table: TokenTable, chosen: list[Candidate]) -> None:
        """A kind of a known concept that the paper also names is that concept described
        ("Time-Domain Monaural Speech Separation" and "monaural speech separation",
        "chemical NER" and "NER"): one concept, the phrase one of its names. This holds
        for the modified-concept rule's kinds and for the phrase rules' phrases (a task
        phrase names the known task it nests as well). The known concept is the longest
        one the paper names that the phrase ends with. What the paper proposes stays
        its own ("Prototypical Bayesian Continual Learning"), and so does a phrase the
        authors capitalise as a name ("Adaptively Sparse Transformers")."""
        alone = {
            normalise_phrase(table.span_text(c.start, c.end)): c
            for c in chosen
            if c.rule == "vocabulary"
        }
        for candidate in chosen:
            if not (candidate.narrows or candidate.rule in _DESCRIBED) or candidate.proposed:
                continue
            words = normalise_phrase(table.span_text(candidate.start, candidate.end)).split()
            known = next(
                (
                    alone[tail]
                    for tail in (" ".join(words[i:]) for i in range(1, len(words)))
                    if tail in alone
                ),
                None,
            )
            if known:  # the known concept's id and its type here (a paradigm's role)
                candidate.vocabulary_id, candidate.type = known.vocabulary_id, known.type
                candidate.typed_by = known.typed_by or "known"

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
                candidate.typed_by = "known"

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
                        name.type, name.typed_by = "dataset", "context"

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
                uses.append(
                    Candidate(
                        *span,
                        NAME_USE.name,
                        candidate.type,
                        long_form=name,
                        typed_by=candidate.typed_by,
                    )
                )
        return uses

    @staticmethod
    def _mark_proposals(work: Work, chosen: list[Candidate]) -> None:
        """Strict windows: what starts the phrase after the cue. Loose windows (the rest
        of a "we propose" sentence): the first name coined there."""
        ordered = sorted((c for c in chosen if c.type not in LINK_TYPES), key=lambda c: c.start)
        table = work.table
        for window in work.windows:
            inside = [c for c in ordered if window.start <= c.start < window.end]
            if window.strict:
                for candidate in inside:
                    # a well-known concept is used, not proposed, unless named bare; a
                    # coined name the vocabulary knows is still the paper's where it
                    # says so ("we propose MossFormer2")
                    known = candidate.vocabulary_id and not (
                        (window.bare and candidate.start == window.start)
                        or _coined(table.span_text(candidate.start, candidate.end))
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
