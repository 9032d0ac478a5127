"""``python -m bench`` (``make bench``): every benchmark, each against its own floor.

Exits 1 when any benchmark is below its target ratio.
"""

from __future__ import annotations

import sys

from bench import standards_presentation


def main() -> int:
    results = [standards_presentation.run()]
    for result in results:
        print(result.report())
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
