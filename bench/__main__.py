"""``python -m bench`` (``make bench``): every benchmark, each against its own floor.

Exits 1 when any benchmark is below its target ratio, 2 when one cannot run here (say,
PostgreSQL is not reachable).
"""

from __future__ import annotations

import sys

from bench import issuer_http, standards_presentation
from bench.harness import Report, Unavailable


def main() -> int:
    results: list[Report] = []
    for benchmark in (standards_presentation.run, issuer_http.run):
        try:
            result: Report = benchmark()
        except Unavailable as exc:
            print(f"bench: cannot run: {exc}", file=sys.stderr)
            return 2
        print(result.report(), flush=True)
        results.append(result)
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
