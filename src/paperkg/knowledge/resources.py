"""Where the project's data files are: the ontology folder and the built-in sample.

In a wheel the ``ontology/`` folder is installed inside the package; in a source
checkout (editable install, tests) it is the top-level ``ontology/`` folder. An
edited copy is read instead when ``PAPERKG_ONTOLOGY`` names it (``--ontology DIR``
sets it for a command and the processes it starts).
"""

from __future__ import annotations

import os
from pathlib import Path

from paperkg.errors import OntologyError

__all__ = ["ONTOLOGY_VARIABLE", "installed_ontology_dir", "ontology_dir", "sample_input"]

#: The environment variable naming an edited copy of the ontology folder.
ONTOLOGY_VARIABLE = "PAPERKG_ONTOLOGY"

_PACKAGE = Path(__file__).resolve().parents[1]  # the paperkg package folder


def ontology_dir() -> Path:
    """The folder holding ``paperkg.ttl``, ``shapes.ttl``, ``lexicon.toml`` and
    ``vocabulary/``: the one ``PAPERKG_ONTOLOGY`` names, else the installed one."""
    chosen = os.environ.get(ONTOLOGY_VARIABLE)
    if not chosen:
        return installed_ontology_dir()
    folder = Path(chosen)
    if not (folder / "paperkg.ttl").is_file():
        raise OntologyError(
            f"{folder} ({ONTOLOGY_VARIABLE}): no paperkg.ttl there; give a copy of the "
            f"ontology folder (paperkg vocab --path prints the installed one)"
        )
    return folder


def installed_ontology_dir() -> Path:
    """The ontology folder paperkg was installed with."""
    for candidate in (_PACKAGE / "ontology", _PACKAGE.parents[1] / "ontology"):
        if (candidate / "paperkg.ttl").is_file():
            return candidate
    raise OntologyError(f"ontology folder not found beside {_PACKAGE}; reinstall paperkg")


def sample_input() -> Path:
    """The built-in sample listing page that ``paperkg build`` reads by default."""
    return _PACKAGE / "data" / "sample_daily_papers.txt"
