"""Links in abstracts: find them, normalise them, tell code from project pages.

Abstracts copied from PDFs carry links with trailing punctuation, LaTeX braces
(``\\url{...}``, ``{here.}``) and ``.git`` suffixes; all are stripped so that the
same repository is one node however it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from paperkg.identifiers import http_iri

__all__ = ["FoundUrl", "find_urls", "normalise_url", "classify_url"]

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'`]+|"
    r"\b(?:github\.com|gitlab\.com|huggingface\.co|anonymous\.4open\.science|bitbucket\.org)"
    r"/[^\s<>\"'`]+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}>*'\"\u201d\u2019"
_SAFE_PATH = "/:@!$&'()*+,;=~-._%"


@dataclass(frozen=True)
class FoundUrl:
    """A link as written (``raw`` at ``start``) and its normalised form."""

    raw: str
    start: int
    url: str


def normalise_url(raw: str) -> str | None:
    """A canonical ``https://host/path`` form of a link, or None if it is not one.

    The form is a valid IRI: a ``%`` that starts no escape is written ``%25``.

    >>> normalise_url("https://github.com/NVlabs/gbrl).")
    'https://github.com/NVlabs/gbrl'
    >>> normalise_url("github.com/a/b.git")
    'https://github.com/a/b'
    >>> normalise_url("https://github.com/x/y/{here.}")
    'https://github.com/x/y'
    >>> normalise_url("https://github.com/user/repo%.")
    'https://github.com/user/repo%25'
    """
    text = raw.strip()
    text = re.split(r"[{}\\]", text, maxsplit=1)[0]  # LaTeX debris: \\url{..}, {here.}
    while text and (text[-1] in _TRAILING and not _balanced_paren(text)):
        text = text[:-1]
    if not re.match(r"https?://", text, re.IGNORECASE):
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host):
        return None
    path = re.sub(r"\.git$", "", parts.path.rstrip("/"))
    path = quote(path, safe=_SAFE_PATH)
    query = quote(parts.query, safe=_SAFE_PATH + "?")
    return http_iri(urlunsplit(("https", host, path, query, "")))


def _balanced_paren(text: str) -> bool:
    """Keep a closing parenthesis that closes one inside the URL (Wikipedia-style)."""
    return text.endswith(")") and text.count("(") >= text.count(")")


def classify_url(url: str, code_hosts: Iterable[str]) -> str:
    """``"repository"`` for code hosts (host or host/path prefix), else ``"project-page"``.

    ``url`` is a normalised one (:func:`normalise_url`), which always has a host.
    """
    parts = urlsplit(url)
    host = parts.hostname
    assert host is not None, f"not a normalised URL: {url!r}"
    host_path = f"{host}{parts.path}"
    for code_host in code_hosts:
        if (
            host == code_host
            or host.endswith("." + code_host)
            or ("/" in code_host and host_path.startswith(code_host))
        ):
            return "repository"
    return "project-page"


def find_urls(text: str) -> list[FoundUrl]:
    """Every link in ``text`` with its offset and normalised form, in text order."""
    found = []
    for match in _URL.finditer(text):
        url = normalise_url(match.group(0))
        if url:
            raw = match.group(0)
            found.append(FoundUrl(raw, match.start(), url))
    return found
