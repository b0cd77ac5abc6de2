"""Where the project's data files are: the ontology folder and the built-in sample.

In a wheel the ``ontology/`` folder is installed inside the package; in a source
checkout (editable install, tests) it is the top-level ``ontology/`` folder.
"""

from __future__ import annotations

from pathlib import Path

from paperkg.errors import OntologyError

__all__ = ["ontology_dir", "sample_input"]

_PACKAGE = Path(__file__).resolve().parents[1]  # the paperkg package folder


def ontology_dir() -> Path:
    """The folder holding ``paperkg.ttl``, ``shapes.ttl``, ``lexicon.toml`` and ``vocabulary/``."""
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parents[1] / "ontology"):
        if (candidate / "paperkg.ttl").is_file():
            return candidate
    raise OntologyError(f"ontology folder not found beside {_PACKAGE}; reinstall paperkg")


def sample_input() -> Path:
    """The built-in sample listing page that ``paperkg build`` reads by default."""
    return _PACKAGE / "data" / "sample_daily_papers.txt"
