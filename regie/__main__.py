"""``python -m regie``: the same as the ``regie`` command."""

from regie.cli import main

raise SystemExit(main())
