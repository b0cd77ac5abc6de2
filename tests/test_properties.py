"""Property-based tests: readers, the acronym finder, URLs, slugs and IRIs never crash and
always give well-formed output, whatever text they are fed."""

from __future__ import annotations

import re
import string

import pyoxigraph as ox
import rdflib
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkg.errors import InputError
from paperkg.export.rdf import corpus_to_rdflib
from paperkg.extract.acronyms import find_definitions
from paperkg.extract.tokens import TokenTable
from paperkg.extract.urls import normalise_url
from paperkg.identifiers import paper_iri, slugify
from paperkg.model import Corpus, Origin, Paper, SourcePage
from paperkg.read import merge_papers, read_path
from paperkg.read.fields import clean_text

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
words = st.text(alphabet=string.ascii_letters + string.digits + " -()/.,;:'\"", max_size=80)


@SETTINGS
@given(st.text(max_size=200))
def test_slugs_are_always_safe_iri_segments(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", slug)
    assert len(slug) <= 80
    ox.NamedNode(f"https://w3id.org/paperkg/concept/{slug}")


@SETTINGS
@given(words)
def test_acronym_definitions_point_at_their_text(text):
    for definition in find_definitions(text):
        assert text[definition.short_start : definition.short_end] == definition.short
        assert text[definition.long_start : definition.long_end] == definition.long
        assert len(definition.long) > len(definition.short)


@SETTINGS
@given(st.text(max_size=120))
def test_normalised_urls_are_valid_iris(text):
    url = normalise_url("https://" + text)
    if url is not None:
        assert url.startswith("https://") and not re.search(r'[\s<>"{}|\\^`]', url)
        ox.NamedNode(url)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=300)),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["txt", "jsonl", "csv"]),
)
def test_readers_never_crash_and_account_for_every_record(tmp_path_factory, records, kind):
    import csv
    import io
    import json

    path = tmp_path_factory.mktemp("prop") / f"input.{kind}"
    if kind == "txt":
        body = "".join(f"{t}\n\n{a}\n\n" for t, a in records)
        path.write_text("Daily Papers\n\nSep 23\n\n" + body, encoding="utf-8")
    elif kind == "jsonl":
        path.write_text(
            "".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in records),
            encoding="utf-8",
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["title", "abstract"])
        writer.writerows(records)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        items = list(read_path(str(path)))
    except InputError:
        return  # a clear, named refusal (empty or undecodable content) is allowed
    merge = merge_papers(items)
    assert merge.read == len(merge.papers) + merge.merged + len(merge.skipped)
    for paper in merge.papers:
        assert paper.title and paper.abstract


@SETTINGS
@given(
    st.text(min_size=1, max_size=100),
    st.text(min_size=1, max_size=300),
    st.one_of(st.none(), st.text(max_size=40)),
)
def test_any_paper_text_gives_parseable_rdf(title, abstract, url):
    title, abstract = clean_text(title) or "t", clean_text(abstract) or "a"
    page = SourcePage('page" <name>.txt')
    paper = Paper(title, abstract, (Origin(page, 1),), url=url)
    corpus = Corpus(papers={paper.key: paper})
    graph = corpus_to_rdflib(corpus)
    node = rdflib.URIRef(paper_iri(paper))
    assert str(graph.value(node, rdflib.namespace.DCTERMS.title)) == title
    assert str(graph.value(node, rdflib.namespace.DCTERMS.abstract)) == abstract


_TOKENIZER = spacy.blank("en").tokenizer


@SETTINGS
@given(st.text(alphabet=" \n-.()abcXY1", min_size=1, max_size=40), st.data())
def test_token_spans_of_characters_are_spacys(text, data):
    """The token table's char_span finds the tokens spaCy's expand alignment finds."""
    doc = _TOKENIZER(text)
    table = TokenTable.from_doc(doc)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = doc.char_span(start, end, alignment_mode="expand")
    assert table.char_span(start, end) == (None if span is None else (span.start, span.end))
