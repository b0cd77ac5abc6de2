"""Links: code repositories and project pages named by their URL."""

from __future__ import annotations

import re

from paperkg.extract.candidates import Candidate, Work
from paperkg.extract.registry import Finder, Rule, RuleContext, finder
from paperkg.extract.urls import classify_url, find_urls

__all__ = ["Links"]

_MAY_HAVE_URL = re.compile(r"://|www\.|\.(?:com|org|io|co|science|net)/", re.IGNORECASE)


@finder(Rule("url", "links", rank=10, type=None, confidence=0.98, reads=("urls",), typing="known"))
class Links(Finder):
    """Links in the text, normalised, as ``repository`` or ``project-page`` candidates."""

    def __init__(self, context: RuleContext) -> None:
        super().__init__(context)
        self.code_hosts = context.lexicon.code_hosts

    def __call__(self, work: Work) -> None:
        table = work.table
        text = table.doc_text
        # a link has a slash or "www.": two C-speed checks spare most abstracts the regex
        if ("/" not in text and "www." not in text.lower()) or not _MAY_HAVE_URL.search(text):
            return
        for link in find_urls(text):
            span = table.char_span(link.start, link.start + len(link.raw))
            if span is not None:
                kind = classify_url(link.url, self.code_hosts)
                work.candidates.append(Candidate(*span, "url", kind, long_form=link.url))
