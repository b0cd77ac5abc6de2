"""Known concepts: the labels of the SKOS vocabularies, matched in the text."""

from __future__ import annotations

from spacy.matcher import PhraseMatcher

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Finder, Rule, RuleContext, finder
from paperkg.extract.spans import HYPHENS
from paperkg.extract.tokens import TokenTable
from paperkg.extract.vocabulary import is_case_sensitive, surface_forms

__all__ = ["KnownConcepts"]


@finder(Rule("vocabulary", "vocabulary", rank=30, type=None, confidence=0.9, reads=("phrase",)))
class KnownConcepts(Finder):
    """Known concepts: case-insensitive for words, case-sensitive for acronyms."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.vocabulary = vocabulary = context.vocabulary
        self.other_prefixes = context.lexicon.other_prefixes
        nlp = context.nlp
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        for entry in vocabulary.entries.values():
            exact: set[str] = set()
            folded: set[str] = set()
            for label in (entry.label, *entry.alt_labels):
                # one-word dataset names are often plain words: "Traffic", "Kinetics"
                named = entry.type == "dataset" and " " not in label
                target = exact if named or is_case_sensitive(label) else folded
                target.update(surface_forms(label))
            if exact:
                self.exact.add(entry.iri, [nlp.make_doc(form) for form in sorted(exact)])
            if folded:
                self.folded.add(entry.iri, [nlp.make_doc(form) for form in sorted(folded)])

    def __call__(self, work: Work) -> None:
        doc, table = work.doc, work.table
        strings = doc.vocab.strings
        # an acronym the paper spells out means what the paper says it means
        spelt = {
            (c.start, c.end): c.long_form for c in work.candidates if c.rule.startswith("acronym")
        }
        for match_id, start, end in [*self.exact(doc), *self.folded(doc)]:
            entry = self.vocabulary.entries[strings[match_id]]
            long_form = spelt.get((start, end))
            if long_form and not self.vocabulary.spells_out(entry.iri, long_form):
                continue
            if entry.type == "dataset" and _plain_word_capitalised(table, start, end):
                continue
            if _after_prefix(table, start, self.other_prefixes):
                continue  # "non-convex optimization", "retro-transformer": another concept
            work.candidates.append(
                Candidate(
                    start,
                    end,
                    "vocabulary",
                    entry.type,
                    vocabulary_id=entry.iri,
                    generic=entry.generic,
                )
            )


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
