"""The plain records that flow between the pipeline stages.

``read`` yields :class:`Paper` (or :class:`Skipped`), ``extract`` turns a paper
into an :class:`ExtractedPaper` of :class:`Mention`, ``link`` resolves mentions
to :class:`Concept`, :class:`Repository` and :class:`Link` records collected in a
:class:`Corpus`, which ``graph`` and ``export`` consume. No stage reaches back
into another: each only reads the records of the stage before it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = [
    "CONCEPT_TYPES",
    "VOCABULARY_TYPES",
    "RESULT_KINDS",
    "TYPE_SOURCES",
    "RELATIONS",
    "PROVENANCE_MODES",
    "PartialDate",
    "SourcePage",
    "Origin",
    "Paper",
    "Skipped",
    "Mention",
    "Result",
    "ExtractedPaper",
    "Entity",
    "Concept",
    "Repository",
    "Link",
    "ReportedResult",
    "numbered_results",
    "Corpus",
    "title_key",
]

#: The four kinds of concept, in the order reports list them.
CONCEPT_TYPES: tuple[str, ...] = ("method", "architecture", "dataset", "task")
#: Every scheme of the vocabulary: the four kinds of concept papers link to, and the
#: metrics their results are measured in.
VOCABULARY_TYPES: tuple[str, ...] = (*CONCEPT_TYPES, "metric")
#: What a result states: a score, a gain over something, a speed-up or saving, or a
#: number the extractor could not tell apart (``paperkg extract``'s ``kind``).
RESULT_KINDS: tuple[str, ...] = ("absolute", "improvement", "speedup", "other")
#: Mention types that are links rather than concepts.
LINK_TYPES: tuple[str, ...] = ("repository", "project-page")
#: Where a mention's type comes from, strongest first: a known concept's, what the
#: sentence says about it, its head word, its rule's default.
TYPE_SOURCES: tuple[str, ...] = ("known", "context", "head", "default")
#: Paper -> target relations, named as in the ontology.
RELATIONS: tuple[str, ...] = (
    "proposes",
    "uses",
    "evaluatedOn",
    "addresses",
    "hasCode",
    "hasProjectPage",
)

#: How much of each link's provenance the RDF states (``build --provenance``), fullest
#: first: a reified link each, evidence nodes shared by a sentence's links, none.
PROVENANCE_MODES: tuple[str, ...] = ("full", "compact", "none")

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class PartialDate:
    """A calendar date whose year (or day) may be unknown.

    Listing pages print "Sep 23" without a year; such a date stays partial and
    is never completed with a guessed year.

    >>> PartialDate.parse("Mar 16, 2024").isoformat()
    '2024-03-16'
    >>> PartialDate.parse("Sep 23").isoformat()
    '--09-23'
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        month_ok = self.month is None or 1 <= self.month <= 12
        day_ok = self.day is None or (self.month is not None and 1 <= self.day <= 31)
        if not (month_ok and day_ok) or (self.year is None and self.month is None):
            raise ValueError(f"not a calendar date: {self!r}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "Mon D", "Mon D, YYYY", "YYYY" or an ISO date/datetime prefix.

        >>> PartialDate.parse("2021")
        PartialDate(year=2021, month=None, day=None)
        >>> PartialDate.parse("--09-23").isoformat()
        '--09-23'
        """
        text = text.strip()
        iso = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])", text)
        if iso:
            year, month, day = (int(part) if part else None for part in iso.groups())
            return cls(year, month, day)
        month_day = re.fullmatch(r"--(\d{2})-(\d{2})", text)  # XSD gMonthDay
        if month_day:
            return cls(None, int(month_day.group(1)), int(month_day.group(2)))
        listed = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?", text)
        if listed and listed.group(1).lower() in _MONTHS:
            month = _MONTHS.index(listed.group(1).lower()) + 1
            year = int(listed.group(3)) if listed.group(3) else None
            return cls(year, month, int(listed.group(2)))
        raise ValueError(f"not a date: {text!r}")

    def isoformat(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or the XSD gMonthDay form ``--MM-DD``."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day or 1:02d}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class SourcePage:
    """One input file (or standard input, ``-``) and the date it lists, if any."""

    path: str
    listing_date: PartialDate | None = None

    @property
    def name(self) -> str:
        """The file name without directories, as shown in reports."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Origin:
    """Where one record was read: a page and its 1-based line or record number."""

    page: SourcePage
    line: int

    def __str__(self) -> str:
        return f"{self.page.path}:{self.line}"


@dataclass(frozen=True)
class Paper:
    """One paper as read from one or more listings."""

    title: str
    abstract: str
    origins: tuple[Origin, ...]
    arxiv_id: str | None = None
    date: PartialDate | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    upvotes: int | None = None
    organization: str | None = None
    url: str | None = None
    #: the source's own id of the record (an ACL Anthology id, a row id), when it is
    #: no arXiv id
    record_id: str | None = None
    #: where it was published, as the source names it
    venue: str | None = None

    @property
    def key(self) -> str:
        """The paper's identity: the arXiv id, else the normalised title, with the
        source's record id where it gives one (two papers of one title stay two)."""
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        title = f"title:{title_key(self.title)}"
        return f"{title}|id:{self.record_id}" if self.record_id else title


@dataclass(frozen=True)
class Skipped:
    """An input record that did not become a paper, with the reason why."""

    origin: Origin
    reason: str


@dataclass(frozen=True)
class Mention:
    """One span of a title or abstract that names a concept or a link.

    ``sentence_index`` is 0 for the title and 1.. for abstract sentences.
    ``vocabulary_id`` is the IRI of the vocabulary concept the span matched, if
    any; ``acronym``/``long_form`` tie the two halves of a definition such as
    "graph neural networks (GNNs)" together. ``typed_by`` says where ``type``
    comes from (one of :data:`TYPE_SOURCES`). ``extent`` holds the mention as written
    with the acronym and the kind noun the text attaches to it, each form wider than
    ``surface``: "machine translation (MT)"; "Penn Treebank (PTB)" and "Penn Treebank
    (PTB) data".
    """

    surface: str
    type: str
    sentence_index: int
    sentence: str
    rule: str
    confidence: float
    proposed: bool = False
    vocabulary_id: str | None = None
    acronym: str | None = None
    long_form: str | None = None
    typed_by: str = "default"
    extent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """One number a paper reports as a result, with what it measures and on what.

    ``value`` is the number as written with its sign and unit ("88.2%", "+2.1", "3x");
    ``number`` the plain decimal ("88.2"); ``metric``, ``dataset``, ``task`` and
    ``method`` are the sentence's words for them (``metric_id`` the metric's
    vocabulary IRI); ``change`` is "increase" or "decrease" for an improvement or a
    saving, as the sentence words it.
    """

    value: str
    number: str
    unit: str
    kind: str
    sentence_index: int
    evidence: str
    rule: str
    confidence: float
    metric: str | None = None
    metric_id: str | None = None
    dataset: str | None = None
    task: str | None = None
    method: str | None = None
    change: str | None = None


@dataclass(frozen=True)
class ExtractedPaper:
    """A paper with the mentions and results found in its title and abstract."""

    paper: Paper
    mentions: tuple[Mention, ...]
    results: tuple[Result, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One concept or link of one paper, its mentions merged (``paperkg extract``)."""

    key: str
    type: str
    name: str
    surfaces: tuple[str, ...]
    proposed: bool
    confidence: float
    rule: str
    sentence_index: int
    evidence: str
    mentions: int = 1
    #: where ``type`` comes from, the strongest source among the mentions (TYPE_SOURCES)
    typed_by: str = "default"


@dataclass(frozen=True)
class Concept:
    """A canonical concept: one node however many ways it is written."""

    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    vocabulary_id: str | None = None
    #: a metric's: "higher" or "lower", the direction in which its values are better
    direction: str | None = None


@dataclass(frozen=True)
class Repository:
    """A link found in an abstract: a code repository or a project page."""

    url: str
    kind: str
    host: str


@dataclass(frozen=True)
class Link:
    """A paper -> concept or paper -> repository edge with its provenance."""

    paper_key: str
    target_key: str
    relation: str
    confidence: float
    rule: str
    surface: str
    sentence_index: int
    evidence: str
    pages: tuple[SourcePage, ...]


@dataclass(frozen=True)
class ReportedResult:
    """A result linked to its paper and to the concepts it names (None: not named)."""

    paper_key: str
    result: Result
    metric_key: str | None
    dataset_key: str | None
    task_key: str | None
    method_key: str | None
    pages: tuple[SourcePage, ...]

    def named(self) -> dict[str, str]:
        """The concepts the result names, by the ontology property that links them:
        ``metric``, ``onDataset``, ``forTask``, ``ofMethod``."""
        keys = {
            "metric": self.metric_key,
            "onDataset": self.dataset_key,
            "forTask": self.task_key,
            "ofMethod": self.method_key,
        }
        return {relation: key for relation, key in keys.items() if key}

    def as_record(self) -> dict[str, object]:
        """The result as ``paperkg extract`` writes it: the words as written, the
        concepts they resolved to (``*_key``), its kind, provenance and confidence."""
        result = self.result
        return {
            "value": result.value,
            "number": result.number,
            "unit": result.unit,
            "kind": result.kind,
            "change": result.change,
            "metric": result.metric,
            "dataset": result.dataset,
            "task": result.task,
            "method": result.method,
            "metric_key": self.metric_key,
            "dataset_key": self.dataset_key,
            "task_key": self.task_key,
            "method_key": self.method_key,
            "evidence": result.evidence,
            "sentence_index": result.sentence_index,
            "rule": result.rule,
            "confidence": round(result.confidence, 3),
        }


def numbered_results(results: Iterable[ReportedResult]) -> Iterator[tuple[int, ReportedResult]]:
    """Each result with its place among its paper's (0, 1, ...), in the order given:
    with the paper's key, the identity of the result's node in every export."""
    positions: Counter[str] = Counter()
    for reported in results:
        yield positions[reported.paper_key], reported
        positions[reported.paper_key] += 1


@dataclass
class Corpus:
    """Everything the graph and the exporters need, keyed for lookup."""

    papers: dict[str, Paper] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    repositories: dict[str, Repository] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    results: list[ReportedResult] = field(default_factory=list)
    entities: dict[str, tuple[Entity, ...]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    #: the licence of the data (an IRI), as the user gives it; None: not stated
    license: str | None = None
    #: how much of the links' provenance the RDF states (one of PROVENANCE_MODES)
    provenance: str = "full"

    def papers_naming(self) -> Counter[str]:
        """Distinct papers per link target, a metric's being the papers that report a
        result in it: ``pkg:paperCount``, the graph's ``paper_count``."""
        named = {(link.paper_key, link.target_key) for link in self.links}
        named |= {(r.paper_key, r.metric_key) for r in self.results if r.metric_key}
        return Counter(target for _, target in named)


#: Symbols a title key keeps: "C++" is not "C", "C#" is not "C" (and slugs spell them out).
_KEY_SYMBOLS = frozenset("+#")
_ASCII_NOT_KEY = re.compile(r"[^a-z0-9+#]+")


def title_key(title: str) -> str:
    """Normalised title used to recognise the same paper on several pages.

    Unicode compatibility forms are folded (NFKC, casefold: NFC and NFD spellings,
    fullwidth and ASCII letters, "ﬁ" and "fi" give one key); letters, marks and
    digits of every script are kept, as are ``+`` and ``#``; spaces, punctuation
    and other symbols are dropped.

    >>> title_key("Graph Mamba: Towards Learning on Graphs")
    'graphmambatowardslearningongraphs'
    >>> title_key("C++ Programs"), title_key("C Programs")
    ('c++programs', 'cprograms')
    >>> title_key("\u03b1-Divergence") == title_key("\u0391-DIVERGENCE") != title_key("Divergence")
    True
    >>> title_key("Caf\u00e9") == title_key("Cafe\u0301") == title_key("\uff23\uff41\uff46\u00e9")
    True
    """
    if title.isascii():  # most titles: NFKC and casefold change nothing but the case
        return _ASCII_NOT_KEY.sub("", title.lower())
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).casefold())
    return "".join(
        char for char in text if unicodedata.category(char)[0] in "LMN" or char in _KEY_SYMBOLS
    )
