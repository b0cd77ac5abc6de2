"""paperkg: a knowledge graph of machine-learning papers and the concepts they use.

The pipeline runs one way through plain dataclasses (see :mod:`paperkg.model`)::

    read -> extract -> link -> graph -> export

Each stage is a subpackage or module with one job; :mod:`paperkg.cli` is a thin
command line over them.
"""

__version__ = "0.1.0"
