"""Fold records of the same paper (several pages, several formats) into one.

Two records are the same paper when they share an arXiv id, or a normalised title
and an abstract; or a normalised title alone when no identifier tells them apart
(records of one title with two arXiv ids, or two record ids of one source, such as
ACL Anthology ids, are two papers). The merged paper remembers every origin. The
result does not depend on the order the inputs were given in: records are combined
in origin order, and each field takes the first value present (the abstract: the
longest).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any, Generic, TypeVar, overload

from paperkg.identifiers import short_hash
from paperkg.model import Origin, Paper, Skipped, title_key

__all__ = [
    "Filed",
    "MergeResult",
    "RecordGroups",
    "combine_records",
    "identity_keys",
    "merge_papers",
]

T = TypeVar("T")


@dataclass
class MergeResult:
    """Unique papers sorted by key, plus the accounting of what was read."""

    papers: list[Paper] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    read: int = 0
    merged: int = 0

    @property
    def unique(self) -> int:
        """Papers kept, by the accounting identity (still right once ``papers`` is handed on)."""
        return self.read - self.merged - len(self.skipped)


def _origin_order(origin: Origin) -> tuple[str, bool, int, str]:
    """By file name (a page reloaded from a graph knows no folder), real lines first."""
    return origin.page.name, origin.line == 0, origin.line, origin.page.path


def merge_papers(items: Iterable[Paper | Skipped]) -> MergeResult:
    """Group the papers of ``items`` by identity and merge each group.

    ``read == len(papers) + merged + len(skipped)`` always holds.
    """
    grouping: RecordGroups[Paper] = RecordGroups()
    for item in items:
        grouping.add(item)
    result = grouping.finish()
    result.papers = sorted(
        (combine_records(g) for g in grouping.groups.values()), key=lambda p: p.key
    )
    return result


@dataclass(frozen=True)
class Filed:
    """Where :meth:`RecordGroups.add` put a record: its group, whether the record
    started it, and the groups the record joined to it (it bridged them)."""

    group: int
    new: bool
    absorbed: tuple[int, ...] = ()


class RecordGroups(Generic[T]):
    """The records of each paper, grouped by identity as they are read.

    A record that bridges two groups joins them. A group is numbered by the
    count of records read when it started, so groups are in order of first
    reading. ``keep`` is what is held per record (the record itself, or where it
    was spilled to disk) and ``key`` how an identity key is held (the text, or a
    hash of it): the streaming build holds neither abstracts nor key strings.
    """

    @overload
    def __init__(self: RecordGroups[Paper], *, key: Callable[[str], Hashable] = ...) -> None: ...
    @overload
    def __init__(
        self, keep: Callable[[Paper], T], key: Callable[[str], Hashable] = ...
    ) -> None: ...
    def __init__(
        self,
        keep: Callable[[Paper], Any] = lambda paper: paper,
        key: Callable[[str], Hashable] = lambda text: text,
    ) -> None:
        # without ``keep`` the records themselves are held (T is Paper, by the overloads)
        self.keep: Callable[[Paper], T] = keep
        self.key = key
        self.result = MergeResult()
        self.groups: dict[int, list[T]] = {}
        #: groups by a key that makes records one paper (arXiv id; title and abstract)
        self._group_of: dict[Hashable, int] = {}
        #: groups by title key, in order: a record without a telling identifier joins one
        self._titled: dict[Hashable, list[int]] = {}
        self._titles_of: dict[int, list[Hashable]] = {}
        #: the identifiers (kind, key) of each group that has any
        self._ids: dict[int, set[tuple[str, Hashable]]] = {}

    def add(self, item: Paper | Skipped) -> Filed | None:
        """File one record (None for a skipped one)."""
        self.result.read += 1
        if isinstance(item, Skipped):
            self.result.skipped.append(item)
            return None
        strong, title, identifiers = identity_keys(item)
        keys = [self.key(text) for text in strong]
        title_held = self.key(title)
        ids = {(kind, self.key(value)) for kind, value in identifiers}
        found = sorted({self._group_of[k] for k in keys if k in self._group_of})
        held_ids = ids.union(*(self._ids.get(g, ()) for g in found))
        for group in self._titled.get(title_held, ()):
            if group not in found and not _conflict(held_ids, self._ids.get(group, set())):
                found.append(group)
                held_ids |= self._ids.get(group, set())
        found.sort()
        target = found[0] if found else self.result.read
        # a group's records may have been taken away (the streaming build stores
        # them with the partition they went out in): it starts a new list
        self.groups.setdefault(target, []).append(self.keep(item))
        for other in found[1:]:
            self._absorb(target, other)
        for held in keys:
            self._group_of[held] = target
        if held_ids:
            self._ids[target] = held_ids
        titled = self._titled.setdefault(title_held, [])
        if target not in titled:
            titled.append(target)
            titled.sort()
            self._titles_of.setdefault(target, []).append(title_held)
        # merged = records - groups: a record joining a group, or a group joining one
        self.result.merged += len(found)
        return Filed(target, not found, tuple(found[1:]))

    def _absorb(self, target: int, other: int) -> None:
        """Group ``other`` joins ``target`` (a record bridged them)."""
        self.groups[target].extend(self.groups.pop(other, ()))
        for held, value in self._group_of.items():
            if value == other:
                self._group_of[held] = target
        self._ids.setdefault(target, set()).update(self._ids.pop(other, ()))
        for title in self._titles_of.pop(other, ()):
            titled = self._titled[title]
            titled.remove(other)
            if target not in titled:
                titled.append(target)
                titled.sort()
                self._titles_of.setdefault(target, []).append(title)

    def finish(self) -> MergeResult:
        """The accounting once every record is filed (``papers`` left empty)."""
        return self.result


def identity_keys(paper: Paper) -> tuple[list[str], str, list[tuple[str, str]]]:
    """What makes two records the same paper: keys that always do (the arXiv id; the
    normalised title with the normalised abstract), the title key (enough when no
    identifier tells the two apart), and the identifiers (kind, value) that do."""
    title = f"title:{title_key(paper.title)}"
    abstract = short_hash(" ".join(paper.abstract.lower().split()), 16)
    strong = [f"{title}|abstract:{abstract}"]
    identifiers = []
    if paper.arxiv_id:
        strong.append(f"arxiv:{paper.arxiv_id}")
        identifiers.append(("arxiv", paper.arxiv_id))
    if paper.record_id:
        identifiers.append(("record", paper.record_id))
    return strong, title, identifiers


def _conflict(ids: set[tuple[str, Hashable]], others: set[tuple[str, Hashable]]) -> bool:
    """Whether two sets of identifiers name different papers: an identifier of one
    kind on both sides with no value in common."""
    kinds = {kind for kind, _ in ids} & {kind for kind, _ in others}
    return any(
        not {v for k, v in ids if k == kind} & {v for k, v in others if k == kind} for kind in kinds
    )


def combine_records(records: list[Paper]) -> Paper:
    """One paper from the records of one group (origins in order, longest abstract)."""
    if len(records) == 1 and len(records[0].origins) == 1:
        return records[0]  # nothing to combine (most papers): the record as it is
    records = sorted(records, key=lambda paper: _origin_order(paper.origins[0]))
    by_page: dict[str, Origin] = {}
    for origin in sorted({o for paper in records for o in paper.origins}, key=_origin_order):
        by_page.setdefault(origin.page.name, origin)  # one origin per page, however often read
    origins = list(by_page.values())
    values = {}
    for spec in fields(Paper):
        present = [getattr(p, spec.name) for p in records if getattr(p, spec.name)]
        values[spec.name] = present[0] if present else getattr(records[0], spec.name)
    values["abstract"] = max((p.abstract for p in records), key=len)
    return replace(records[0], **{**values, "origins": tuple(origins)})
