"""Stable identifiers: slugs and canonical keys, pure functions of the text.

The same concept, paper or page gets the same key in every build and on every
machine, whatever order the inputs come in, and the same IRI in every format
(the RDF's subjects, the ``iri`` of a network node; see ``README.md``,
"Identifiers").
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from urllib.parse import quote

from paperkg.model import Link, Paper, title_key
from paperkg.namespaces import CONCEPT, EVIDENCE, LINK, PAPER, RESULT, VENUE

__all__ = [
    "slugify",
    "short_hash",
    "result_iri",
    "paper_slug",
    "http_iri",
    "paper_iri",
    "concept_iri",
    "link_iri",
    "evidence_iri",
    "venue_iri",
]


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


# RFC 3987: the characters each component of an IRI may hold as they are
_UCSCHAR = (
    "\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr((plane << 16) + 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_IPCHAR = "A-Za-z0-9._~!$&'()*+,;=:@%\\-" + _UCSCHAR
_NOT_IN = {
    "userinfo": re.compile(f"[^{_IPCHAR}]"),
    "host": re.compile(f"[^{_IPCHAR.replace(':@', '')}]"),
    "path": re.compile(f"[^{_IPCHAR}/]"),
    "query": re.compile(f"[^{_IPCHAR}{_IPRIVATE}/?]"),
    "fragment": re.compile(f"[^{_IPCHAR}/?]"),
}
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HTTP = re.compile(
    r"(?P<scheme>https?)://(?:(?P<userinfo>[^/?#@]*)@)?(?P<host>\[[^\]/?#]*\]|[^:/?#]*)"
    r"(?::(?P<port>[^/?#]*))?(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#(?P<fragment>.*))?",
    re.IGNORECASE | re.DOTALL,
)


def _encode(char: str) -> str:
    """One character as UTF-8 percent escapes (a lone surrogate as U+FFFD's)."""
    return quote(char if not 0xD800 <= ord(char) <= 0xDFFF else "\ufffd", safe="")


def _escaped(text: str, component: str) -> str:
    """``text`` with every ``%`` that starts no escape, and every character the
    component may not hold, percent-encoded."""
    text = _STRAY_PERCENT.sub("%25", text)
    return _NOT_IN[component].sub(lambda match: _encode(match.group(0)), text)


def http_iri(url: str) -> str | None:
    r"""An ``http(s)`` URL as a valid IRI (RFC 3987), or None if it cannot be one.

    A URL that is already a valid IRI is returned unchanged. A ``%`` not
    followed by two hex digits and any character the IRI syntax does not allow
    where it stands (spaces, ``<>"{}|\^```, brackets in a path, a second ``#``,
    control and non-characters) are percent-encoded. A URL whose host or port
    is not one (``https://exa mple.org``, ``:80x``, ``[not-ipv6]``), or that
    is not ``http``/``https`` with a host, gives None.

    >>> http_iri("https://github.com/user/repo%")
    'https://github.com/user/repo%25'
    >>> http_iri("https://x.org/a b/%zz?q=1#top#2")
    'https://x.org/a%20b/%25zz?q=1#top%232'
    >>> http_iri("javascript:alert(1)") is None, http_iri("https://x.org:80x/") is None
    (True, True)
    """
    match = _HTTP.fullmatch(url)
    if not match or not match["host"]:
        return None
    host, port = match["host"], match["port"]
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return None
    elif _NOT_IN["host"].search(_STRAY_PERCENT.sub("%25", host)):
        return None
    path = match["path"]
    if port and not (port.isascii() and port.isdigit()) or path and not path.startswith("/"):
        return None
    parts = [match["scheme"], "://"]
    if match["userinfo"] is not None:
        parts += [_escaped(match["userinfo"], "userinfo"), "@"]
    parts += [_STRAY_PERCENT.sub("%25", host), f":{port}" if port is not None else ""]
    parts.append(_escaped(path, "path"))
    if match["query"] is not None:
        parts += ["?", _escaped(match["query"], "query")]
    if match["fragment"] is not None:
        parts += ["#", _escaped(match["fragment"], "fragment")]
    return "".join(parts)


def paper_iri(paper: Paper) -> str:
    """``paper/arxiv/<id>`` when the arXiv id is known, else ``paper/<title slug>``
    (:func:`~paperkg.identifiers.paper_slug`: distinct for distinct title keys), with
    ``--id-<record id>`` when the source gives the record an id of its own (two papers
    of one title, as the ACL Anthology has, keep two IRIs)."""
    if paper.arxiv_id:
        return f"{PAPER}arxiv/{paper.arxiv_id}"
    if paper.record_id:
        return f"{PAPER}{paper_slug(paper.title)}--id-{quote(paper.record_id, safe='-._~')}"
    return f"{PAPER}{paper_slug(paper.title)}"


def venue_iri(name: str) -> str:
    """``venue/<slug of the name>``: where papers were published, as the source names it."""
    return f"{VENUE}{slugify(name, max_length=120)}"


def concept_iri(key: str) -> str:
    """``concept/<key>``: the concept's key is already a slug."""
    return f"{CONCEPT}{key}"


def result_iri(paper_key: str, position: int) -> str:
    """``result/<hash>``: the ``position``-th result (0, 1, ...) its paper states."""
    identity = "\n".join((paper_key, str(position)))
    return f"{RESULT}{short_hash(identity, 16)}"


def link_iri(link: Link) -> str:
    """``link/<hash>``: the extracted link's statement, one per paper, relation and target."""
    identity = "\n".join((link.paper_key, link.relation, link.target_key))
    return f"{LINK}{short_hash(identity, 16)}"


def evidence_iri(link: Link, confidence: str) -> str:
    """``evidence/<hash>``: a compact graph's evidence node, one per paper, sentence,
    rule and ``confidence`` (as written, three decimals), shared by the links they give."""
    identity = "\n".join((link.paper_key, str(link.sentence_index), link.rule, confidence))
    return f"{EVIDENCE}{short_hash(identity, 16)}"
