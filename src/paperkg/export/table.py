"""``concepts.csv``: the concept table a spreadsheet or a dataframe reads directly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from paperkg.atomic import atomic_writer
from paperkg.model import Concept

__all__ = ["write_concept_table"]


def write_concept_table(
    concepts: dict[str, Concept], paper_counts: dict[str, int], path: Path
) -> Path:
    """``concepts.csv``: one row per concept with its label, type, paper count and links."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["key", "label", "type", "papers", "vocabulary_id", "aliases", "broader"])
    for key in sorted(concepts):
        concept = concepts[key]
        writer.writerow(
            [
                key,
                concept.label,
                concept.type,
                paper_counts.get(key, 0),
                concept.vocabulary_id or "",
                "|".join(concept.aliases),
                "|".join(concept.broader),
            ]
        )
    with atomic_writer(path) as stream:
        stream.write(text.getvalue().encode("utf-8"))
    return path
