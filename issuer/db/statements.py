"""The statements of an issuance, written once in SQL (:class:`regie.db.engine.Sql`).

Every token request reads its offer, consumes it and writes the access token; every nonce
request writes its nonce; every credential request reads its access token and the status-list
slots it may take, and writes its copies, the token's new version, the nonce, the followed
person and the audit row. Built with Piccolo, those queries cost the issuer more CPU than the
database takes to run them (``python -m bench.issuer_profile``), so here they are plain SQL
with parameters, over the
tables of :mod:`issuer.db.tables`, storing values as Piccolo does so its reads (the back
office, the status lists) see the same rows.
"""

from __future__ import annotations

from functools import cache
from typing import Final

from regie.db.engine import Sql

__all__ = [
    "ACCESS_TOKEN",
    "CLAIM_TOKEN",
    "CONSUME_NONCE",
    "CONSUME_OFFER",
    "FOLLOW",
    "INSERT_COPY",
    "INSERT_NONCE",
    "INSERT_TOKEN",
    "LOCK_OFFER",
    "OFFER_BY_CODE",
    "RESERVE_TX_CODE_ATTEMPT",
    "taken_indices",
]

OFFER_BY_CODE: Final = Sql(
    'SELECT "id", "tx_code_hash", "bsn", "credential_configuration_ids",'
    ' "redeemed_at" IS NULL AND "expires_at" > ? AS "open", "locked_at" IS NOT NULL AS "locked"'
    ' FROM "credential_offer" WHERE "pre_authorized_code_hash" = ? LIMIT 1'
)
"""(now, code hash): the offer of a pre-authorized code; ``open`` while neither redeemed nor
expired, ``locked`` after too many wrong transaction codes."""

RESERVE_TX_CODE_ATTEMPT: Final = Sql(
    'UPDATE "credential_offer" SET "tx_code_attempts" = "tx_code_attempts" + 1'
    ' WHERE "id" = ? AND "tx_code_attempts" < ? AND "locked_at" IS NULL'
    ' AND "redeemed_at" IS NULL RETURNING "tx_code_attempts"'
)
"""(offer id, max attempts): OpenID4VCI §13.6, one of the offer's limited transaction-code
comparisons, taken before the code is compared; no row when none is left (or the offer was
locked or redeemed meanwhile). One statement, so concurrent requests can never take more than
the maximum between them."""

LOCK_OFFER: Final = Sql(
    'UPDATE "credential_offer" SET "locked_at" = ?, "bsn" = NULL'
    ' WHERE "id" = ? AND "locked_at" IS NULL AND "redeemed_at" IS NULL'
)
"""(now, offer id): the last comparison was wrong, the offer is locked for good and forgets
whose it was; one redeemed meanwhile (with a right code) stays redeemed."""

CONSUME_OFFER: Final = Sql(
    'UPDATE "credential_offer" SET "redeemed_at" = ?, "bsn" = NULL'
    ' WHERE "id" = ? AND "redeemed_at" IS NULL AND "locked_at" IS NULL RETURNING "id"'
)
"""(now, offer id): OpenID4VCI §6.1, the pre-authorized code is redeemed once; no row when
another request redeemed it, or the offer was locked, meanwhile. Run only after a right
transaction code, compared within an attempt :data:`RESERVE_TX_CODE_ATTEMPT` took."""

INSERT_TOKEN: Final = Sql(
    'INSERT INTO "access_token" ("token_hash", "offer", "bsn", "credential_configuration_ids",'
    ' "issued_configuration_ids", "version", "expires_at", "client_id")'
    " VALUES (?, ?, ?, ?, '{}', 0, ?, ?)"
)
"""(token hash, offer id, bsn, offered ids JSON, expires, client id): a new access token."""

INSERT_NONCE: Final = Sql('INSERT INTO "nonce" ("value", "expires_at") VALUES (?, ?)')
"""(value, expires): OpenID4VCI §7.2, a fresh ``c_nonce``, not consumed yet."""

ACCESS_TOKEN: Final = Sql(
    'SELECT "id", "bsn", "credential_configuration_ids", "issued_configuration_ids", "version",'
    ' "client_id" FROM "access_token" WHERE "token_hash" = ? AND "expires_at" > ? LIMIT 1'
)
"""(token hash, now): the live access token, if any, with the client it was issued to."""

CONSUME_NONCE: Final = Sql(
    'UPDATE "nonce" SET "consumed_at" = ?'
    ' WHERE "value" = ? AND "consumed_at" IS NULL AND "expires_at" > ? RETURNING "id"'
)
"""(now, value, now): OpenID4VCI §7.2, a ``c_nonce`` is used once; no row when used or stale."""

CLAIM_TOKEN: Final = Sql(
    'UPDATE "access_token" SET "issued_configuration_ids" = ?, "bsn" = ?, "version" = ?'
    ' WHERE "id" = ? AND "version" = ? RETURNING "id"'
)
"""(issued JSON, bsn or NULL, new version, id, version read): no row when another request
under the same token won."""

INSERT_COPY: Final = Sql(
    'INSERT INTO "issued_credential" ("credential_id", "batch_id",'
    ' "credential_configuration_id", "vct", "status_list", "status_index", "bsn_hash",'
    ' "issued_at", "expires_at", "status", "notification_id", "address_fingerprint")'
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
"""One issued copy in the register (no claim values); the unique (list, index) slot refuses
an index another worker took meanwhile."""

FOLLOW: Final = Sql(
    'INSERT INTO "followed_person" ("bsn_hash", "sealed_bsn", "fingerprint", "followed_since")'
    ' VALUES (?, ?, ?, ?) ON CONFLICT ("bsn_hash") DO NOTHING'
)
"""(bsn hash, sealed BSN, fingerprint JSON, now): follow a person; one already followed stays."""


@cache
def taken_indices(candidates: int) -> Sql:
    """(list id, ``candidates`` indices): which of the indices the list already gave out."""
    marks = ", ".join("?" * candidates)
    where = f'"status_list" = ? AND "status_index" IN ({marks})'
    return Sql(f'SELECT "status_index" FROM "issued_credential" WHERE {where}')  # noqa: S608
