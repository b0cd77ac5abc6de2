"""Build the extraction pipeline and run it over papers.

The pipeline is ``spacy.blank("en")`` plus the project's registered components
(see :mod:`paperkg.extract.components`); nothing is downloaded. A paper's text is
its title and abstract separated by a blank line, so the title is sentence 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, NORM
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from paperkg.extract.components import tokenizer_like  # and registers the factories
from paperkg.extract.tokens import TEXT
from paperkg.model import ExtractedPaper, Paper

__all__ = [
    "COMPONENTS",
    "TOKENIZER_CACHE",
    "TextKeepingTokenizer",
    "build_pipeline",
    "extract_papers",
    "paper_text",
]

#: Component names in pipeline order.
COMPONENTS = ("paperkg_tokens", "paperkg_find", "paperkg_resolve", "paperkg_results")
_CONFIGURABLE = {"paperkg_find", "paperkg_resolve", "paperkg_results"}


#: Whitespace-separated chunks whose tokens the tokenizer remembers. spaCy's
#: default (10,000) fills within a few hundred abstracts, after which every new
#: chunk ("networks.", "(GNNs)") is split by the affix rules again each time it
#: recurs; at 100,000 (about 22 MB) one pass over 30k ACL abstracts tokenised
#: at 5,313 instead of 2,504 abstracts/s (200,000: 5,757/s, 37 MB, and full only
#: after ~100k abstracts). Bounded, so memory stays flat. (At
#: 10,000 the ~7,000 vocabulary phrases alone had nearly filled it, and texts
#: tokenised 1.6x slower once the matchers were built.)
TOKENIZER_CACHE = 100_000


#: Lexeme attributes the rules read (the LOWER matcher, the token table); no others
#: are computed for new words.
_LEXEME_ATTRIBUTES = frozenset({LOWER, NORM, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, LIKE_NUM})


def build_pipeline(*, ontology: str = "") -> Language:
    """A blank English pipeline with the paperkg components.

    ``ontology`` is the ontology folder to read vocabularies and the lexicon
    from; empty means the one installed with paperkg. Its Docs are working
    data: new words get only the lexeme attributes the rules read.
    """
    nlp = spacy.blank("en")
    # a new word's lexeme computes every attribute getter (shape, prefix, like_url, ...);
    # keeping only those the rules read halved the cost (12 -> 6 us a word)
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]  # a Cython attribute spaCy's vocab.pyi omits
    for attr in set(getters) - _LEXEME_ATTRIBUTES:
        del getters[attr]
    assert nlp.Defaults.suffixes is not None and nlp.Defaults.infixes is not None  # English: set
    # "AdamW." at the end of a sentence: split the period off capitalised words too.
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[A-Z]{2})\.$", r"(?<=[a-z][A-Z])\.$"]
    # "WHAM!/WHAMR!", "S4D/S5": a slash between names separates two names, and the
    # first keeps its "!" as a token of its own, as the vocabulary's "WHAM!" has it.
    infixes = [
        *nlp.Defaults.infixes,
        r"(?<=[A-Za-z0-9!+])/(?=[A-Za-z0-9])",
        r"(?<=[A-Za-z0-9])!(?=/)",
    ]
    nlp.tokenizer = tokenizer_like(
        nlp.tokenizer,
        nlp.vocab,
        suffix_search=spacy.util.compile_suffix_regex(suffixes).search,
        infix_finditer=spacy.util.compile_infix_regex(infixes).finditer,
        max_cache_size=TOKENIZER_CACHE,
    )
    for name in COMPONENTS:
        config = {"ontology": ontology} if name in _CONFIGURABLE else {}
        nlp.add_pipe(name, config=config)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)  # after the components' patterns
    return nlp


class TextKeepingTokenizer:
    """The pipeline's tokenizer, keeping the input text on the Doc.

    The rules search the text; spaCy rebuilds ``doc.text`` from a Token object
    per token on every access, which cost more than the rules themselves.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenise a stream of texts (``batch_size`` is accepted for spaCy's API)."""
        return map(self, texts)


#: Longest text read per paper (characters); a longer abstract is read up to here.
MAX_TEXT = 1_000_000


def paper_text(paper: Paper) -> str:
    """The text the pipeline reads: title, blank line, abstract (at most MAX_TEXT)."""
    return f"{paper.title}\n\n{paper.abstract}"[:MAX_TEXT]


def extract_papers(
    papers: Iterable[Paper], nlp: Language, *, batch_size: int = 64
) -> Iterator[ExtractedPaper]:
    """Run the pipeline over papers in batches; yield small records, not Docs."""
    stream = ((paper_text(paper), paper) for paper in papers)
    for doc, paper in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield ExtractedPaper(
            paper, tuple(doc._.paperkg_mentions or ()), tuple(doc._.paperkg_results or ())
        )
