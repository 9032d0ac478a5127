"""Where the issuer spends its CPU on an issuance: ``python -m bench.issuer_profile``.

Not a benchmark (``python -m bench issuer`` is): a profile of ``POST /credential`` in one
process, the issuer's ASGI app called directly (no HTTP client, no socket), on uvloop (the loop
uvicorn serves on), so the profile holds the handler and everything it calls, Litestar
included, and nothing of a load generator. The requests are prepared as
:mod:`bench.issuer_http` prepares them (offer, ``/token``, ``/nonce``, signed proofs), then
sent one after the other under ``cProfile``.

Options: ``--proofs N`` key proofs per request (default: the issuer's batch size),
``--requests N``, ``--postgres URL`` (an empty, migrated database; default SQLite in a
temporary directory), ``--top N`` functions to print, ``--sort cumulative|tottime``,
``--output FILE`` to keep the profile (``pstats``), ``--endpoint token|nonce|credential`` the
requests to profile (default ``credential``), ``--no-profile`` to time instead: the CPU
time of this process (its database threads included) per issuance, for each of its requests
(``/token``, ``/nonce``, ``/credential``; the wallet's proof signing left out), best of
``--rounds`` rounds, and how much of ``/credential`` ran on the event loop's thread (the rest
ran in SQLite's threads; one worker's throughput is bound by the loop's part).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import uvloop

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


Prepared = list[tuple[bytes, list[tuple[str, str]]]]
"""Credential requests, ready to send: body and headers."""

FORM = [("content-type", "application/x-www-form-urlencoded")]


def _bsns(state: IssuerState) -> list[str]:
    assert isinstance(state.register, SeededRegister)
    return [str(p.bsn) for p in state.register.all_persons() if p.eligibility().refusal is None]


async def _token_form(state: IssuerState, bsn: str) -> bytes:
    """A new offer for ``bsn`` (as the resident's page makes it) and its token request."""
    offer = await state.issuance.create_offer(bsn, [CONFIGURATION])
    code = state.issuance.pre_authorized_code(offer.offer_id)
    token_form = TokenRequest(pre_authorized_code=code, tx_code=offer.tx_code).to_form()
    return "&".join(f"{k}={v}" for k, v in token_form.items()).encode()


def _credential_request(token: str, nonce: str, proofs: int) -> tuple[bytes, list[tuple[str, str]]]:
    """The wallet's credential request: ``proofs`` fresh holder keys, each with its proof."""
    body = credential_request_body(
        holder_keys=[PrivateKey.generate() for _ in range(proofs)],
        audience=PUBLIC_URL,
        nonce=nonce,
        issued_at=int(time.time()),
        credential_configuration_id=CONFIGURATION,
    )
    headers = [("authorization", f"Bearer {token}"), ("content-type", "application/json")]
    return json.dumps(body).encode(), headers


async def _prepare(state: IssuerState, asgi: Asgi, count: int, proofs: int) -> Prepared:
    bsns = _bsns(state)
    prepared = []
    for i in range(count):
        form = await _token_form(state, bsns[i % len(bsns)])
        token = (await asgi.ok("POST", "/token", form, headers=FORM))["access_token"]
        nonce = (await asgi.ok("POST", "/nonce"))["c_nonce"]
        prepared.append(_credential_request(token, nonce, proofs))
    return prepared


async def _calls(
    state: IssuerState, asgi: Asgi, endpoint: str, count: int, proofs: int
) -> list[tuple[str, bytes, list[tuple[str, str]]]]:
    """``count`` requests to ``endpoint``, ready to send."""
    if endpoint == "token":
        bsns = _bsns(state)
        forms = [await _token_form(state, bsns[i % len(bsns)]) for i in range(count)]
        return [("/token", form, FORM) for form in forms]
    if endpoint == "nonce":
        return [("/nonce", b"", [])] * count
    prepared = await _prepare(state, asgi, count, proofs)
    return [("/credential", body, headers) for body, headers in prepared]


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
        prepared = await _prepare(state, asgi, args.warmup, proofs)
        for body, headers in prepared:
            await asgi.ok("POST", "/credential", body, headers=headers)
        if args.no_profile:
            await _time(state, asgi, max(1, args.requests // args.rounds), proofs, args.rounds)
            return
        calls = await _calls(state, asgi, args.endpoint, args.requests, proofs)
        profiler = cProfile.Profile()
        profiler.enable()
        for path, body, headers in calls:
            await asgi.ok("POST", path, body, headers=headers)
        profiler.disable()
    if args.output:
        profiler.dump_stats(args.output)
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


async def _time(state: IssuerState, asgi: Asgi, count: int, proofs: int, rounds: int) -> None:
    """CPU milliseconds of this process (its threads included) per issuance, for each of its
    requests, best of ``rounds`` rounds of ``count`` issuances: on a shared machine the slower
    rounds measure the other load. Making the offers and signing the proofs (the resident's
    page and the wallet) happen between the timed requests, untimed."""
    bsns = _bsns(state)
    best: dict[str, float] = {}
    loop_best = float("inf")
    totals: list[float] = []
    for r in range(rounds):
        forms = [await _token_form(state, bsns[(r * count + i) % len(bsns)]) for i in range(count)]
        cpu: dict[str, float] = {}
        start = time.process_time()
        tokens = [(await asgi.ok("POST", "/token", f, headers=FORM))["access_token"] for f in forms]
        cpu["token"] = time.process_time() - start
        start = time.process_time()
        nonces = [(await asgi.ok("POST", "/nonce"))["c_nonce"] for _ in range(count)]
        cpu["nonce"] = time.process_time() - start
        requests = [_credential_request(t, n, proofs) for t, n in zip(tokens, nonces, strict=True)]
        start, loop = time.process_time(), time.thread_time()
        for body, headers in requests:
            await asgi.ok("POST", "/credential", body, headers=headers)
        cpu["credential"] = time.process_time() - start
        loop_best = min(loop_best, (time.thread_time() - loop) * 1000 / count)
        for endpoint, seconds in cpu.items():
            ms = seconds * 1000 / count
            best[endpoint] = min(best.get(endpoint, ms), ms)
        totals.append(sum(cpu.values()) * 1000 / count)
    parts = ", ".join(f"/{endpoint} {ms:.2f}" for endpoint, ms in best.items())
    print(
        f"{rounds} rounds of {count} issuances of {proofs} proofs, CPU ms per issuance,"
        f" best round: {min(totals):.2f} (median {sorted(totals)[rounds // 2]:.2f});"
        f" best per request: {parts} ({loop_best:.2f} of it on the event loop's thread)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = arguments(__doc__, warmup=30)
    parser.add_argument("--proofs", type=int, default=0)
    parser.add_argument(
        "--endpoint", default="credential", choices=["token", "nonce", "credential"]
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="regie-profile-") as directory:
        uvloop.run(_run(args, Path(directory)))  # the loop uvicorn serves on (regie.serving)


if __name__ == "__main__":
    main()
