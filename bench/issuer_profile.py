"""Where the credential endpoint spends its time: ``python -m bench.issuer_profile``.

Not a benchmark (``python -m bench issuer`` is): a profile of ``POST /credential`` in one
process, the issuer's ASGI app called directly (no HTTP client, no socket), so the profile holds
the handler and everything it calls, Litestar included, and nothing of a load generator. The
requests are prepared as :mod:`bench.issuer_http` prepares them (offer, ``/token``,
``/nonce``, signed proofs), then sent one after the other under ``cProfile``.

Options: ``--proofs N`` key proofs per request (default: the issuer's batch size),
``--requests N``, ``--postgres URL`` (an empty, migrated database; default SQLite in a
temporary directory), ``--top N`` functions to print, ``--sort cumulative|tottime``,
``--output FILE`` to keep the profile (``pstats``), ``--no-profile`` to time the loop alone
(credentials per CPU second of this process, best of ``--rounds``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.profiling import Asgi, arguments
from issuer.app import create_app
from issuer.register.seeded import SeededRegister
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from standards.jose import PrivateKey
from standards.oid4vci import TokenRequest
from standards.oid4vci.client import credential_request_body

__all__ = ["main"]

PUBLIC_URL = "http://127.0.0.1:8001"
CONFIGURATION = "persoonsgegevens"


async def _prepare(
    state: IssuerState, asgi: Asgi, count: int, proofs: int
) -> list[tuple[bytes, list[tuple[str, str]]]]:
    assert isinstance(state.register, SeededRegister)
    bsns = [str(p.bsn) for p in state.register.all_persons() if p.eligibility().refusal is None]
    form = [("content-type", "application/x-www-form-urlencoded")]
    prepared = []
    for i in range(count):
        offer = await state.issuance.create_offer(bsns[i % len(bsns)], [CONFIGURATION])
        code = state.issuance.pre_authorized_code(offer.offer_id)
        token_form = TokenRequest(pre_authorized_code=code, tx_code=offer.tx_code).to_form()
        encoded = "&".join(f"{k}={v}" for k, v in token_form.items()).encode()
        token = (await asgi.ok("POST", "/token", encoded, headers=form))["access_token"]
        nonce = (await asgi.ok("POST", "/nonce"))["c_nonce"]
        body = credential_request_body(
            holder_keys=[PrivateKey.generate() for _ in range(proofs)],
            audience=PUBLIC_URL,
            nonce=nonce,
            issued_at=int(time.time()),
            credential_configuration_id=CONFIGURATION,
        )
        headers = [("authorization", f"Bearer {token}"), ("content-type", "application/json")]
        prepared.append((json.dumps(body).encode(), headers))
    return prepared


async def _run(args: argparse.Namespace, data_dir: Path) -> None:
    settings = IssuerSettings(
        public_url=PUBLIC_URL,
        data_dir=data_dir / "issuer",
        ca_dir=data_dir / "ca",
        database_url=args.postgres,
        register_check_seconds=0,
    )
    app = create_app(settings)
    state: IssuerState = app.state["issuer"]
    proofs = args.proofs or settings.batch_size
    async with app.lifespan():
        asgi = Asgi(app)
        prepared = await _prepare(state, asgi, args.requests + args.warmup, proofs)
        for body, headers in prepared[: args.warmup]:
            await asgi.ok("POST", "/credential", body, headers=headers)
        timed = prepared[args.warmup :]
        if args.no_profile:
            await _time(asgi, timed, proofs, args.rounds)
            return
        profiler = cProfile.Profile()
        profiler.enable()
        for body, headers in timed:
            await asgi.ok("POST", "/credential", body, headers=headers)
        profiler.disable()
    if args.output:
        profiler.dump_stats(args.output)
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


async def _time(
    asgi: Asgi, timed: list[tuple[bytes, list[tuple[str, str]]]], proofs: int, rounds: int
) -> None:
    """Credentials per CPU second of this process (its threads included), best of ``rounds``
    rounds: on a shared machine the slower rounds measure the other load."""
    size = max(1, len(timed) // rounds)
    rates = []
    for start in range(0, size * rounds, size):
        cpu = time.process_time()
        for body, headers in timed[start : start + size]:
            await asgi.ok("POST", "/credential", body, headers=headers)
        rates.append(size * proofs / (time.process_time() - cpu))
    print(
        f"{size * rounds} requests of {proofs} proofs: best of {rounds} rounds"
        f" {max(rates):.0f} credentials per CPU second (median {sorted(rates)[rounds // 2]:.0f})"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = arguments(__doc__, warmup=30)
    parser.add_argument("--proofs", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="regie-profile-") as directory:
        asyncio.run(_run(args, Path(directory)))


if __name__ == "__main__":
    main()
