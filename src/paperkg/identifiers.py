"""Stable identifiers: slugs and canonical keys, pure functions of the text.

The same concept, paper or page gets the same key in every build and on every
machine, whatever order the inputs come in. IRIs are built from these keys by
the exporter (see ``README.md``, "Identifiers").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slugify", "short_hash"]


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
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.lower().replace("+", "plus").replace("#", "sharp")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if not slug:
        return "x-" + short_hash(text)
    if len(slug) > max_length:
        slug = slug[: max_length - 13].rstrip("-") + "-" + short_hash(text)
    return slug
