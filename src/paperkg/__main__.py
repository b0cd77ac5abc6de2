"""``python -m paperkg``: the same command line as ``paperkg``."""

from paperkg.cli import main

raise SystemExit(main())
