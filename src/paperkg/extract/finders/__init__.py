"""The finder rules, one module per family; importing the package registers them all
(:mod:`paperkg.extract.registry`)."""

from paperkg.extract.finders import (  # noqa: F401  (registers the rules, family by family)
    acronyms,
    evaluation,
    known,
    links,
    names,
    phrases,
    proposals,
)
