"""The floors of the HTTP benchmarks, measured in the same run as the servers.

Issuer crypto floor: what one issuance cannot do without, with ``cryptography`` alone: verify
one ES256 key proof JWT and sign one SD-JWT VC issuer JWT, in this process on one core.
Verifier crypto floor: what one presented credential cannot do without: two ES256 verifies
(the issuer's signature and the Key Binding JWT); plus, once per response, one P-256 ECDH
(the JWE's key agreement).
DB floor: one single-row ``INSERT`` and ``COMMIT`` on the same engine and database the service
uses, with the same async driver (aiosqlite on the WAL file, asyncpg on PostgreSQL), one
connection, one commit after the other.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aiosqlite
import asyncpg
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from bench.samples import ISSUER, NOW, sample_credential
from bench.servers import BenchDatabase
from standards import jose
from standards.oid4vci.proofs import create_proof_jwt

__all__ = ["db_floor", "issuer_crypto_floor", "verifier_crypto_floor"]

FLOOR_TABLE = "bench_floor"


def issuer_crypto_floor() -> Callable[[], None]:
    """Verify one proof JWT and sign one issuer JWT, both ES256 with ``cryptography``."""
    issuer, holder = jose.PrivateKey.generate(), jose.PrivateKey.generate()
    proof = jose.parse_jws(create_proof_jwt(holder, audience=ISSUER, nonce="n", issued_at=NOW))
    to_sign = jose.parse_jws(sample_credential(issuer, holder).issuer_jwt).signing_input
    signature = encode_dss_signature(
        int.from_bytes(proof.signature[:32], "big"), int.from_bytes(proof.signature[32:], "big")
    )
    algorithm = ec.ECDSA(hashes.SHA256())
    holder_public, issuer_private = holder.public.key, issuer.key

    def floor() -> None:
        holder_public.verify(signature, proof.signing_input, algorithm)
        issuer_private.sign(to_sign, algorithm)

    return floor


def verifier_crypto_floor(credentials: int) -> Callable[[], None]:
    """One response's worth: ``2 * credentials`` ES256 verifies and one P-256 ECDH."""
    signer = jose.PrivateKey.generate()
    message = b"a signing input of a typical length, " * 8
    signature = signer.key.sign(message, ec.ECDSA(hashes.SHA256()))
    public, algorithm = signer.public.key, ec.ECDSA(hashes.SHA256())
    recipient = ec.generate_private_key(ec.SECP256R1())
    ephemeral = ec.generate_private_key(ec.SECP256R1()).public_key()
    verifies = range(2 * credentials)

    def floor() -> None:
        for _ in verifies:
            public.verify(signature, message, algorithm)
        recipient.exchange(ec.ECDH(), ephemeral)

    return floor


@asynccontextmanager
async def db_floor(
    database: BenchDatabase, service: str = "issuer"
) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """One single-row commit on ``database``'s engine (on SQLite: ``service``'s file), in a
    table of its own."""
    if database.url is None:
        async with aiosqlite.connect(database.sqlite_path(service), timeout=30) as sqlite:
            await sqlite.execute("PRAGMA journal_mode=WAL")
            await sqlite.execute(
                f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id INTEGER PRIMARY KEY, value TEXT)"
            )
            await sqlite.commit()

            async def sqlite_commit() -> None:
                await sqlite.execute(f"INSERT INTO {FLOOR_TABLE} (value) VALUES (?)", ("row",))  # noqa: S608 - a constant
                await sqlite.commit()

            yield sqlite_commit
        return
    postgres = await asyncpg.connect(database.url)
    try:
        await postgres.execute(
            f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id SERIAL PRIMARY KEY, value TEXT)"
        )

        async def postgres_commit() -> None:  # autocommit: each statement its own transaction
            await postgres.execute(f"INSERT INTO {FLOOR_TABLE} (value) VALUES ($1)", "row")  # noqa: S608 - a constant

        yield postgres_commit
    finally:
        await postgres.close()
