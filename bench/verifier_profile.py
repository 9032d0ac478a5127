"""Where the response endpoint spends its time: ``python -m bench.verifier_profile``.

Not a benchmark (``python -m bench verifier`` is): a profile of ``POST /oid4vp/response/{id}``
(``direct_post.jwt``) in one process, the verifier's ASGI app called directly (no HTTP client,
no socket), so the profile holds the handler and everything it calls, Litestar and the
database included, and nothing of a load generator. The issuer runs beside it as
:mod:`bench.verifier_http` runs it (``regie serve issuer``, its own process: credentials,
metadata and status lists, which the verifier caches after the warm-up); the responses are
prepared as that benchmark prepares them (transaction started, Request Object fetched and
verified, credentials presented and encrypted), then sent one after the other.

Options: ``--requests N``, ``--warmup N``, ``--postgres URL`` (an empty database, migrated by
the verifier at start-up; default SQLite in a temporary directory), ``--top N`` functions to
print, ``--sort cumulative|tottime``, ``--output FILE`` to keep the profile (``pstats``),
``--no-profile`` to time the loop alone: CPU milliseconds per response of this process (its
threads included, so SQLite's too, and of those the event loop's thread alone: cProfile sees
only that one), best and median of ``--rounds``.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import time
from collections.abc import Sequence
from typing import Any

import httpx
import uvloop
from cryptography import x509

from bench.profiling import Asgi, arguments
from bench.servers import LOCALHOST, sqlite_database
from bench.verifier_http import TRANSACTION_TTL, _issuer, _prepare, _Prepared, _share_ca
from verifier.app import create_app
from verifier.settings import VerifierSettings

__all__ = ["main"]

PUBLIC_URL = f"http://{LOCALHOST}:8002"
FORM = [("content-type", "application/x-www-form-urlencoded")]


async def _respond(asgi: Asgi, response: _Prepared) -> None:
    answer = await asgi.ok("POST", response.path, response.body, headers=FORM)
    if "redirect_uri" not in answer or "refused" in answer:  # refused: 200 too (§8.2)
        raise RuntimeError(f"response endpoint: {answer}")


def _transport(app: Any) -> httpx.ASGITransport:
    """Preparing (starting transactions, fetching Request Objects) goes to the app in-process."""
    return httpx.ASGITransport(app=app)


async def _run(args: argparse.Namespace) -> None:
    async with _issuer() as (issuer_database, issuer_url, held):
        ca_dir = issuer_database.data_dir / "ca"
        anchors = [x509.load_pem_x509_certificate((ca_dir / "ca.pem").read_bytes())]
        with sqlite_database() as database:
            _share_ca(ca_dir, database.data_dir / "ca")
            settings = VerifierSettings(
                public_url=PUBLIC_URL,
                data_dir=database.data_dir / "verifier",
                ca_dir=database.data_dir / "ca",
                database_url=args.postgres,
                trusted_issuers=[issuer_url],
                issuer_names={issuer_url: "Gemeente Boxtel"},
                transaction_ttl_seconds=TRANSACTION_TTL,
                mailbox_delivery_seconds=0,
                case_tasks_seconds=0,
            )
            app = create_app(settings)
            async with (
                app.lifespan(),
                httpx.AsyncClient(transport=_transport(app), base_url=PUBLIC_URL) as client,
            ):
                prepared = await _prepare(client, args.requests + args.warmup, held, anchors)
                asgi = Asgi(app)
                for response in prepared[: args.warmup]:
                    await _respond(asgi, response)
                timed = prepared[args.warmup :]
                if args.no_profile:
                    await _time(asgi, timed, args.rounds)
                    return
                profiler = cProfile.Profile()
                cpu = time.process_time()
                profiler.enable()
                for response in timed:
                    await _respond(asgi, response)
                profiler.disable()
                cpu = time.process_time() - cpu
    if args.output:
        profiler.dump_stats(args.output)
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    print(f"{len(timed)} responses: {1000 * cpu / len(timed):.2f} CPU ms each (under cProfile)")


async def _time(asgi: Asgi, timed: Sequence[_Prepared], rounds: int) -> None:
    """CPU milliseconds per response of this process (its threads included), best and median
    of ``rounds`` rounds: on a shared machine the slower rounds measure the other load."""
    size = max(1, len(timed) // rounds)
    costs: list[tuple[float, float]] = []
    for start in range(0, size * rounds, size):
        cpu, loop = time.process_time(), time.thread_time()
        for response in timed[start : start + size]:
            await _respond(asgi, response)
        costs.append(
            (
                1000 * (time.process_time() - cpu) / size,
                1000 * (time.thread_time() - loop) / size,
            )
        )
    best, median = min(costs), sorted(costs)[rounds // 2]
    print(
        f"{size * rounds} responses (2 credentials each): best of {rounds} rounds"
        f" {best[0]:.2f} CPU ms per response (median {median[0]:.2f}), of which"
        f" {best[1]:.2f} in the event loop's thread (median {median[1]:.2f}), the rest in"
        f" database threads; {1000 / best[0]:.0f} responses per CPU second"
    )


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(__doc__, warmup=20).parse_args(argv)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per prepared request
    uvloop.run(_run(args))  # the loop uvicorn serves on (regie.serving)


if __name__ == "__main__":
    main()
