"""``python -m paperkg`` and the ``paperkg`` command: the command line as a batch program.

The collector is tuned before the imports: importing spaCy alone allocates about a
million objects, and a build many more, nearly none of them in cycles.
"""

from paperkg.processes import collect_young_objects_less_often

collect_young_objects_less_often()

from paperkg.cli import main  # noqa: E402  (after the collector is tuned)


def run() -> None:
    """The ``paperkg`` command."""
    raise SystemExit(main())


if __name__ == "__main__":
    run()
