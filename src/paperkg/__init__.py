"""paperkg: a knowledge graph of machine-learning papers and the concepts they use.

The pipeline runs one way through plain dataclasses (see :mod:`paperkg.model`)::

    read -> extract -> link -> graph -> export

Each stage is a subpackage or module with one job; the engines run it, and the
command line (:mod:`paperkg.cli`) and the library (:mod:`paperkg.api`) are thin
layers over them. The library's names are imported when first used, so importing
a part of paperkg does not load spaCy::

    >>> import paperkg
    >>> sorted(name for name in dir(paperkg) if not name.startswith("_"))
    ['Entity', 'KnowledgeGraph', 'Paper', 'build', 'extract']
"""

from __future__ import annotations

import sys
import types
from typing import Any

__version__ = "0.1.0"
__all__ = ["Entity", "KnowledgeGraph", "Paper", "build", "extract"]


def __getattr__(name: str) -> Any:
    """The public API (:mod:`paperkg.api`), imported on first use."""
    if name in ("KnowledgeGraph", "build"):
        from paperkg import api

        return getattr(api, name)
    if name in ("Entity", "Paper"):
        from paperkg import model

        return getattr(model, name)
    raise AttributeError(f"module 'paperkg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]


class _Package(types.ModuleType):
    """The ``paperkg`` module, whose ``extract`` is the library's function even once the
    ``paperkg.extract`` subpackage is imported (the import system would otherwise set
    the attribute to the subpackage; the subpackage stays in ``sys.modules``, where
    ``from paperkg.extract import ...`` finds it)."""

    @property
    def extract(self) -> Any:
        from paperkg.api import extract

        return extract

    @extract.setter
    def extract(self, subpackage: types.ModuleType) -> None:
        """Ignore the import system's binding of the subpackage (see the class)."""


sys.modules[__name__].__class__ = _Package
