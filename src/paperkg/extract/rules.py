"""Pure token-level rules: novel names, phrase boundaries, concept typing.

These are plain functions over token texts so that they are easy to test on
short hand-written examples; the spaCy components call them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from paperkg.knowledge.lexicon import Lexicon, singular
from paperkg.knowledge.vocabulary import has_inner_capital

__all__ = [
    "find_name",
    "has_inner_capital",
    "is_name_like",
    "is_novel_name",
    "normalise_phrase",
    "type_of_phrase",
]

_CAMEL = re.compile(
    r"^[A-Z][a-z]+[A-Z][A-Za-z]*[0-9.+]*$|^[A-Z]{2,}[a-z]+[A-Za-z]*[0-9.+]*$"
    r"|^[a-z]+[A-Z][a-z]*[A-Z][A-Za-z]*[0-9.+]*$"
)
_ALNUM = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z][A-Za-z0-9.\-]*[A-Za-z0-9+]$")
_CAPS = re.compile(r"^[A-Z][A-Z0-9]{2,}[a-z]?$")
_PLUSPLUS = re.compile(r"^[A-Za-z][A-Za-z0-9\-]*\+\+$")
# "A100", "3D", "5k" and measures like "depth-2", "top-1000" are not coined names
_NOT_A_NAME = re.compile(r"[A-Z]\d+|\d+[A-Za-z]{1,2}|[a-z]+-\d+")
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_ARCH_SUFFIX = re.compile(
    r"(Net|Nets|Former|former|GAN|BERT|Mamba|KAN|NN|CNN|RNN|ViT|LM|Transformer)s?\d*$"
)


@lru_cache(maxsize=1 << 14)
def is_novel_name(text: str) -> bool:
    """A coined name: CamelCase, letters with digits, "++", or a capitalised acronym.

    >>> [is_novel_name(t) for t in ("MossFormer2", "PFGM++", "InternVL3.5", "NoProp")]
    [True, True, True, True]
    >>> [is_novel_name(t) for t in ("Transformer", "the", "2021", "e.g.", "knowlEdge", "depth-2")]
    [False, False, False, False, False, False]
    """
    return bool(
        _CAMEL.match(text) or _ALNUM.match(text) or _PLUSPLUS.match(text) or _CAPS.match(text)
    ) and not _NOT_A_NAME.fullmatch(text)


def is_name_like(text: str) -> bool:
    """A token that could be part of a proper name: capitalised, coined or with digits."""
    return bool(text) and (text[0].isupper() or is_novel_name(text) or text[0].isdigit())


def type_of_phrase(words: Sequence[str], lexicon: Lexicon) -> str | None:
    """The type a phrase has by its head (last) word, or by a coined name's suffix.

    >>> from paperkg.knowledge.lexicon import load_lexicon
    >>> from paperkg.knowledge.resources import ontology_dir
    >>> lex = load_lexicon(ontology_dir())
    >>> type_of_phrase(["graph", "neural", "networks"], lex)
    'architecture'
    >>> type_of_phrase(["point", "cloud", "segmentation"], lex)
    'task'
    >>> type_of_phrase(["MossFormer2"], lex)
    'architecture'

    A name whose last word gives no type is typed by its capitalised head before "of"
    or "for", and a trailing number is no head:

    >>> type_of_phrase(["Penn", "Parsed", "Corpus", "of", "Modern", "British", "English"], lex)
    'dataset'
    >>> type_of_phrase(["Webis", "text", "reuse", "corpus", "2012"], lex)
    'dataset'
    """
    while words and words[-1].isdigit():
        words = words[:-1]
    if not words:
        return None
    found = _type_of_head(words[-1], lexicon)
    if found is None:
        of = next((i for i, w in enumerate(words) if i and w.lower() in _POSTMODIFIERS), None)
        if of is not None and words[of - 1][:1].isupper():
            found = _type_of_head(words[of - 1], lexicon)
    return found


#: words that open what follows a phrase's head: "Corpus of Modern British English"
_POSTMODIFIERS = frozenset({"of", "for"})


@lru_cache(maxsize=1 << 14)
def _type_of_head(head: str, lexicon: Lexicon) -> str | None:
    for part in (head, *reversed(head.split("-"))):
        found = lexicon.head_type(part)
        if found:
            return found
    if _ARCH_SUFFIX.search(head):
        return "architecture"
    return None


@lru_cache(maxsize=1 << 14)  # the same names recur in paper after paper
def normalise_phrase(text: str) -> str:
    """Lowercased, hyphens and dashes as spaces, last word singular: the key of a phrase.

    >>> normalise_phrase("Graph Neural Networks")
    'graph neural network'
    >>> normalise_phrase("message-passing")
    'message passing'
    """
    text = text.replace("\u2013", "-").replace("\u2014", "-").lower()
    words = _INNER_HYPHEN.sub(" ", text).split()
    if not words:
        return ""
    words[-1] = singular(words[-1])
    return " ".join(words)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_name(
    text: str, name: str, *, before: str = "-", after: str = "-"
) -> Iterator[tuple[int, int]]:
    """Character spans of ``name`` (or its plural in "s") as a whole word in ``text``.

    A word character next to it, or one of ``before`` / ``after`` on that side,
    means it is part of a longer word. A plain scan, because a regex compiled per name and document
    cost more than the search itself.

    >>> list(find_name("GNNs and GNN-based GNN, not MGNN", "GNN"))
    [(0, 4), (19, 22)]
    """
    size, start = len(name), text.find(name)
    while start != -1:
        previous = text[start - 1] if start else ""
        if not (previous and (_is_word_char(previous) or previous in before)):
            end = start + size
            for stop in (end + 1, end) if text[end : end + 1] == "s" else (end,):
                following = text[stop : stop + 1]
                if not (following and (_is_word_char(following) or following in after)):
                    yield start, stop
                    break
        start = text.find(name, start + 1)
