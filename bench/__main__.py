"""``python -m bench [NAME ...]`` (``make bench``): every benchmark (or the named ones:
``standards``, ``issuer``, ``verifier``, ``wallet``), each against its own floor or target.

Exits 1 when any benchmark is below its target ratio, 2 when one cannot run here (say,
PostgreSQL is not reachable) or a name is unknown.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from bench import issuer_http, standards_presentation, verifier_http, wallet
from bench.harness import Report, Unavailable

BENCHMARKS: dict[str, Callable[[], Report]] = {
    "standards": standards_presentation.run,
    "issuer": issuer_http.run,
    "verifier": verifier_http.run,
    "wallet": wallet.run,
}


def main(names: Sequence[str]) -> int:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        print(
            f"bench: unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}",
            file=sys.stderr,
        )
        return 2
    results: list[Report] = []
    for name in names or BENCHMARKS:
        benchmark = BENCHMARKS[name]
        try:
            result: Report = benchmark()
        except Unavailable as exc:
            print(f"bench: cannot run: {exc}", file=sys.stderr)
            return 2
        print(result.report(), flush=True)
        results.append(result)
    return 0 if all(r.met for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
