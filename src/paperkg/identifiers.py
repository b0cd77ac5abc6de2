"""Stable identifiers: slugs and canonical keys, pure functions of the text.

The same concept, paper or page gets the same key in every build and on every
machine, whatever order the inputs come in. IRIs are built from these keys by
the exporter (see ``README.md``, "Identifiers").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from paperkg.model import title_key

__all__ = ["slugify", "short_hash", "paper_slug"]


def short_hash(text: str, length: int = 12) -> str:
    """A short, stable hex digest of ``text`` (SHA-256 prefix)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def slugify(text: str, *, max_length: int = 80) -> str:
    """A lowercase ASCII slug safe in an IRI path segment; never empty.

    Text with no ASCII letters or digits left becomes a hash, and long slugs
    are cut and suffixed with a hash so two long titles stay distinct.

    >>> slugify("Graph Neural Networks (GNNs)")
    'graph-neural-networks-gnns'
    >>> slugify("PFGM++")
    'pfgmplusplus'
    >>> slugify("\u03b1\u03b2\u03b3")
    'x-a36d0b22783c'
    """
    slug = _ascii_slug(text)
    if not slug:
        return "x-" + short_hash(text)
    if len(slug) > max_length:
        slug = slug[: max_length - 13].rstrip("-") + "-" + short_hash(text)
    return slug


def _ascii_slug(text: str) -> str:
    """The ASCII letters and digits of ``text`` joined by hyphens, uncut ("" if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("+", "plus").replace("#", "sharp")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


#: How :func:`slugify` spells the symbols a title key keeps.
_SPELLED = (("plus", "+"), ("sharp", "#"))


def _key_of_slug(slug: str) -> str:
    """The one title key whose slug keeps no hash: the slug's letters and digits, a
    "plus" or "sharp" ending a word after other letters read as the symbol
    ("pfgmplusplus" is "pfgm++", "csharp" "c#"; "plus" and "sharpness" stay words).
    """
    return "".join(_symbols_at_end(word) for word in slug.split("-"))


def _symbols_at_end(word: str) -> str:
    tail = ""
    while True:
        for spelled, symbol in _SPELLED:
            if word.endswith(spelled) and len(word) > len(spelled):
                word, tail = word[: -len(spelled)], symbol + tail
                break
        else:
            return word + tail


def paper_slug(title: str) -> str:
    """The slug of a paper's title, distinct for titles with distinct :func:`title_key`.

    A title whose key the slug spells out keeps :func:`slugify`'s slug, as it
    always had: every ASCII title but those spelling a symbol's name after a word
    ("Surplus", read as "Sur+"). Another slug (letters outside ASCII dropped,
    "Cplusplus" where "C++" keeps "cplusplus") gets ``--`` and a hash of the key,
    so "\u03b1-Divergence" is not "Divergence"; ``--`` is never in a slug of the
    first kind. Slugs that are a hash already (no ASCII letter, or cut for length)
    are unique as they are.

    >>> paper_slug("PFGM++: Unlocking Physics-Inspired Models")
    'pfgmplusplus-unlocking-physics-inspired-models'
    >>> paper_slug("Cplusplus Programs")
    'cplusplus-programs--b3e7defc'
    >>> paper_slug("\u03b1-Divergence Estimators")
    'divergence-estimators--84f7383a'
    >>> paper_slug("Caf\u00e9 Nets") == paper_slug("Cafe\u0301 Nets") != paper_slug("Cafe Nets")
    True
    """
    slug = slugify(title)
    full = _ascii_slug(title)
    key = title_key(title)
    if not full or slug != full or _key_of_slug(full) == key:
        return slug
    return f"{slug}--{short_hash(key, 8)}"
