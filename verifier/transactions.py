"""Presentation transactions (OpenID4VP 1.0 §5, §8): start, serve the Request Object, take
the response, tell the RP page, release the result.

A transaction is used once: the nonce is consumed atomically, in the one ``UPDATE ... WHERE
nonce_consumed_at IS NULL AND status IN (open) AND expires_at > now`` that must find the row
and that stores the verified result with it (so exactly one response can ever complete it),
and any failure leaves it ``failed`` with the error stored. Engineer B's intake calls
:func:`completed` to get the verified claims of a finished transaction.

The response endpoint's two statements (read the transaction with its use case and party;
consume the nonce and store the result) are plain SQL (:class:`regie.db.engine.Sql`): built by
Piccolo per request they cost more CPU than the database takes to run them
(``python -m bench.verifier_profile``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Final

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from piccolo.utils.encoding import dump_json

from regie.db.engine import Sql, Statement, Step, StepRefused, atomic, fetch
from regie.mailbox import checked_mailbox_url
from regie.web.cors import origin_of
from standards.errors import StandardsError
from standards.jose import EncryptionKey
from standards.oid4vp import (
    DIRECT_POST_JWT,
    AuthorizationErrorResponse,
    AuthorizationResponse,
    authorization_request,
    authorization_request_link,
    create_request_object,
    new_nonce,
    parse_authorization_response,
)
from standards.oid4vp.link import Form
from verifier.db.tables import PresentationTransaction, UseCase
from verifier.relying_parties.seeded import registered_purpose
from verifier.state import VerifierState
from verifier.verification import asked, verify_response
from verifier.verification.errors import (  # re-exported for the web layer
    PurposeNotRegistered,
    ResponseTooLarge,
    TransactionExpired,
    TransactionUnknown,
    TransactionUnusable,
)

__all__ = [
    "DECLINED",
    "REFUSED",
    "USE_CASE_INFO",
    "CompletedTransaction",
    "OtherBrowser",
    "PurposeNotRegistered",
    "ResponseTooLarge",
    "Started",
    "TransactionExpired",
    "TransactionUnknown",
    "TransactionUnusable",
    "asked_by",
    "case_mailbox",
    "completed",
    "failure",
    "poll",
    "release_result",
    "request_object",
    "respond",
    "start",
    "use_case_info",
    "verify_for_use_case",
]

T = PresentationTransaction
OPEN = ("created", "fetched")
log = logging.getLogger(__name__)


def _digest(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _aead(secret: bytes) -> AESGCM:
    """The sealing cipher of the verifier's secret (made once: one per worker)."""
    return AESGCM(hashlib.sha256(b"regie-verifier-seal|" + secret).digest())


def seal(secret: bytes, plaintext: str, bound_to: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = _aead(secret).encrypt(nonce, plaintext.encode("utf-8"), bound_to.encode("utf-8"))
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(secret: bytes, sealed: str, bound_to: str) -> str:
    raw = base64.urlsafe_b64decode(sealed)
    return _aead(secret).decrypt(raw[:12], raw[12:], bound_to.encode("utf-8")).decode("utf-8")


@dataclass(frozen=True)
class Started:
    transaction_id: str
    poll_secret: str
    link: str
    expires_at: datetime


def _request_uri(state: VerifierState, request_uri_id: str) -> str:
    return f"{state.settings.public_url}/oid4vp/request/{request_uri_id}"


def _response_uri(state: VerifierState, request_uri_id: str) -> str:
    return f"{state.settings.public_url}/oid4vp/response/{request_uri_id}"


async def _use_case(slug: str) -> dict[str, Any]:
    row = (
        await UseCase.select(
            *UseCase.all_columns(),
            UseCase.relying_party._.slug.as_alias("party_slug"),
            UseCase.relying_party._.client_id.as_alias("client_id"),
            UseCase.relying_party._.allowed_claims.as_alias("allowed_claims"),
            UseCase.relying_party._.purposes.as_alias("purposes"),
        )
        .where((UseCase.slug == slug) & UseCase.active.eq(True))  # noqa: FBT003 - SQL
        .first()
    )
    if row is None:
        raise TransactionUnknown(f"use case {slug!r} is not known")
    for key in ("dcql_query", "allowed_claims", "purposes"):
        if isinstance(row[key], str):
            row[key] = json.loads(row[key])
    return row


def _registered_purpose(use_case: Mapping[str, Any]) -> None:
    """OpenID4VP 1.0 §15.3: a use case asks only for a purpose its party is registered for;
    one whose ``purpose_id`` is missing or not among the party's ``purposes`` asks nothing."""
    if registered_purpose(use_case["purposes"], use_case["purpose_id"]) is None:
        msg = f"use case {use_case['slug']!r}: purpose {use_case['purpose_id']!r} not registered"
        raise PurposeNotRegistered(msg)


async def _details(row: dict[str, Any]) -> dict[str, Any]:
    """The use case (with its party's client id and registration) a transaction asks for."""
    use_case = await UseCase.select(UseCase.slug).where(UseCase.id == row["use_case"]).first()
    if use_case is None:  # pragma: no cover - a foreign key
        raise TransactionUnknown("the use case of this transaction is gone")
    return await _use_case(use_case["slug"])


ASKED: Final = ("dcql_query", "allowed_claims", "client_id")
"""What a transaction asked, kept with it at :func:`start`: the DCQL query (as its Request
Object sends it), the relying party's registration and its client id."""


def asked_by(transaction: Mapping[str, Any], use_case: Mapping[str, Any]) -> dict[str, Any]:
    """What ``transaction`` asked (:data:`ASKED`): its Request Object, its response and a case
    made of it are checked against that, whatever an officer edits in the use case (within the
    registration) or its party meanwhile. A transaction made before these were kept (the
    migration of 2026-11-24T22:10 left them ``NULL``) falls back to ``use_case``, the use case
    and its party as they are now (the SQL of :data:`_RESPONDING` does the same)."""
    return {key: use_case[key] if transaction[key] is None else transaction[key] for key in ASKED}


async def start(
    state: VerifierState,
    use_case_slug: str,
    *,
    same_device: bool,
    browser_session: str | None = None,
) -> Started:
    """A new transaction for the RP page: its link (QR code or button) and poll secret.

    ``browser_session``: same-device, the secret of the session cookie the resident's browser
    gets with the button's redirect (:mod:`verifier.web.start`); only its keyed hash is kept,
    and the result is released only to the browser that shows it (:func:`release_result`).
    """
    use_case = await _use_case(use_case_slug)
    _registered_purpose(use_case)
    query = asked(use_case["dcql_query"], use_case["allowed_claims"]).query  # never beyond it
    now = state.clock()
    transaction_id, request_uri_id, poll_secret = (new_nonce() for _ in range(3))
    sealed_key = ""
    if state.settings.response_mode == DIRECT_POST_JWT:
        key = EncryptionKey.generate(kid=new_nonce(size=16))
        sealed_key = seal(state.secret, json.dumps(key.to_private_jwk()), transaction_id)
    expires_at = now + timedelta(seconds=state.settings.transaction_ttl_seconds)
    await T.insert(
        T(
            transaction_id=transaction_id,
            use_case=use_case["id"],
            state=new_nonce(),
            nonce=new_nonce(),
            request_uri_id=request_uri_id,
            encryption_key=sealed_key,
            response_mode=state.settings.response_mode,
            same_device=same_device,
            created_at=now,
            expires_at=expires_at,
            status="created",
            poll_secret_hash=_digest(state.secret, poll_secret),
            browser_session_hash=(
                None if browser_session is None else _digest(state.secret, browser_session)
            ),
            dcql_query=query.to_json(),
            allowed_claims=use_case["allowed_claims"],
            client_id=use_case["client_id"],
        )
    )
    link = authorization_request_link(
        client_id=use_case["client_id"],
        request_uri=_request_uri(state, request_uri_id),
        request_uri_method="post",
    )
    return Started(transaction_id, poll_secret, link, expires_at)


async def _fail(transaction_id: str, error: StandardsError) -> None:
    """Any failure: the transaction can no longer be used, and says why. One that ran out of
    time is ``expired`` (the RP page then shows a fresh QR code), any other ``failed``."""
    status = "expired" if isinstance(error, TransactionExpired) else "failed"
    await T.update({T.status: status, T.error: error.code}).where(
        (T.transaction_id == transaction_id) & (T.status != "responded")
    )


_RESPONDING: Final = Sql(
    'SELECT t."id", t."transaction_id", t."state", t."nonce", t."encryption_key",'
    ' t."response_mode", t."same_device", t."expires_at", t."status",'
    ' COALESCE(t."dcql_query", u."dcql_query") AS "dcql_query",'
    ' COALESCE(t."allowed_claims", r."allowed_claims") AS "allowed_claims",'
    ' COALESCE(t."client_id", r."client_id") AS "client_id",'
    ' u."active" AS "use_case_active"'
    ' FROM "presentation_transaction" t'
    ' JOIN "use_case" u ON u."id" = t."use_case"'
    ' JOIN "relying_party" r ON r."id" = u."relying_party"'
    ' WHERE t."request_uri_id" = ? LIMIT 1'
)
"""(request_uri id): the transaction a response answers, with what verifying it needs: what it
asked (:func:`asked_by`: the DCQL query, registration and client id kept at :func:`start`, or
for a transaction made before they were kept, its use case's and party's now), and whether its
use case is still active."""

_RESPONDED: Final = Sql(
    'UPDATE "presentation_transaction" SET "nonce_consumed_at" = ?, "status" = \'responded\','
    ' "verified_claims" = ?, "evidence" = ?, "response_code_hash" = ?, "mailbox_url" = ?'
    ' WHERE "id" = ? AND "nonce_consumed_at" IS NULL'
    ' AND "status" IN (\'created\', \'fetched\') AND "expires_at" > ? RETURNING "id"'
)
"""(now, claims JSON, evidence, response code hash, mailbox url, id, now): consume the nonce
and store the verified result, if the nonce is unused and the transaction open (``OPEN``) and
not expired; no row when another response got there first or it expired."""
_ANSWERED_FAILED: Final = Sql(
    'UPDATE "presentation_transaction" SET "nonce_consumed_at" = ?, "status" = \'failed\','
    ' "error" = ?, "response_code_hash" = ?'
    ' WHERE "id" = ? AND "nonce_consumed_at" IS NULL'
    ' AND "status" IN (\'created\', \'fetched\') AND "expires_at" > ? RETURNING "id"'
)
"""(now, error, response code hash, id, now): consume the nonce for an answer that ends the
transaction without a result: the wallet's error response (§8.5), or a response the verifier
read and refused (:func:`respond`); no row as for :data:`_RESPONDED`."""


async def _responding(request_uri_id: str) -> dict[str, Any]:
    rows = await fetch(T, Statement(_RESPONDING, (request_uri_id,)))
    if not rows:
        raise TransactionUnknown("this request is not known")
    row = rows[0]  # dcql_query and allowed_claims as stored: JSON text (see ``asked``)
    for key in ("same_device", "use_case_active"):  # SQLite's raw rows hold 0 and 1
        row[key] = bool(row[key])
    return row


async def _consume(statement: Statement) -> None:
    """Run a nonce-consuming update (:data:`_RESPONDED`, :data:`_ANSWERED_FAILED`): exactly one
    response can get past this, ever."""
    try:
        await atomic(T, [Step(statement, required=True)])
    except StepRefused as exc:
        raise TransactionUnusable("this transaction has been answered already") from exc


async def _by_request_uri(request_uri_id: str) -> dict[str, Any]:
    row = await T.select().where(T.request_uri_id == request_uri_id).first()
    if row is None:
        raise TransactionUnknown("this request is not known")
    return row


async def _open(state: VerifierState, row: dict[str, Any]) -> None:
    if row["status"] not in OPEN:
        raise TransactionUnusable(f"the transaction is {row['status']}")
    if row["expires_at"] <= state.clock():
        await T.update({T.status: "expired"}).where(T.id == row["id"])
        raise TransactionExpired("the transaction has expired")


async def request_object(
    state: VerifierState, request_uri_id: str, *, wallet_nonce: str | None = None
) -> str:
    """§5.10: the signed Request Object; fetching it again (GET or POST) is allowed while the
    transaction is open. It asks what the transaction asked at its start (:func:`asked_by`),
    if that is still within the relying party's registration and the use case still serves a
    registered purpose (§15.3); else the transaction fails."""
    row = await _by_request_uri(request_uri_id)
    await _open(state, row)
    try:
        details = await _details(row)  # raises when the use case was withdrawn
        _registered_purpose(details)  # as now: its purpose withdrawn since the start, refused
        asked_for = asked_by(row, details)
        # the query asked at the start, checked against the registration as it is now, when
        # the request is built (narrowed since the start: refused); an edit of the use case
        # meanwhile changes nothing it asks
        query = asked(asked_for["dcql_query"], details["allowed_claims"]).query
        signer = state.signers[details["party_slug"]]
        if signer.client_id != asked_for["client_id"]:
            raise TransactionUnusable("the relying party's client id changed")
    except StandardsError as exc:
        await _fail(row["transaction_id"], exc)
        raise
    key = None
    if row["response_mode"] == DIRECT_POST_JWT:
        key = EncryptionKey.from_jwk(
            json.loads(unseal(state.secret, row["encryption_key"], row["transaction_id"]))
        )
    now = state.clock()
    lifetime = max(1, int((row["expires_at"] - now).total_seconds()))
    request = authorization_request(
        client_id=signer.client_id,
        response_uri=_response_uri(state, request_uri_id),
        dcql_query=query,
        nonce=row["nonce"],
        state=row["state"],
        issued_at=int(now.timestamp()),
        encryption_key=key,
        encryptions=tuple(state.settings.encryption_enc_values),
        lifetime=lifetime,
        wallet_nonce=wallet_nonce,
        verifier_info=[use_case_info(details)],
    )
    await T.update({T.status: "fetched"}).where((T.id == row["id"]) & T.status.is_in(list(OPEN)))
    return create_request_object(request, signer.key, signer.x5c)


USE_CASE_INFO = "urn:regie:verifier-info:use-case"
"""The ``verifier_info`` format (OpenID4VP 1.0 §5.1) that tells the wallet which use case asks
and why: ``data`` ``{"title": {"nl", "en"}, "purpose": {"nl", "en"}}``. It needs no signature
of its own: the Request Object's signature by the relying party's certificate covers it."""


def use_case_info(use_case: Mapping[str, Any]) -> dict[str, Any]:
    """The use case's title and purpose, per language, for the wallet's consent screen."""
    return {
        "format": USE_CASE_INFO,
        "data": {
            "title": {"nl": use_case["title_nl"], "en": use_case["title_en"]},
            "purpose": {"nl": use_case["purpose_nl"], "en": use_case["purpose_en"]},
        },
    }


async def verify_for_use_case(
    state: VerifierState,
    vp_token: Mapping[str, tuple[str, ...]],
    *,
    asked_for: Mapping[str, Any],
    nonce: str,
    now: datetime,
) -> dict[str, Any]:
    """Every check of a VP Token against what its transaction asked (:func:`asked_by`: the
    DCQL query, the party's registration and client id) with the verifier's trust and status
    lists: at the response, and again when an officer re-verifies the evidence."""
    return await verify_response(
        vp_token,
        asked=asked(asked_for["dcql_query"], asked_for["allowed_claims"]),
        client_id=asked_for["client_id"],
        nonce=nonce,
        trust=state.trust,
        status=state.status_lists,
        now=now,
    )


async def respond(
    state: VerifierState, request_uri_id: str, form: Form, *, body_size: int
) -> dict[str, str]:
    """§8.2: the wallet's response. Returns the JSON answer of a response the Response URI
    processed (HTTP 200): same-device with a ``redirect_uri`` to the result page; for a
    presentation it refused, with the extension parameter ``refused`` (:data:`REFUSED`).

    Two kinds of failure, answered differently:

    - The post is not an answer to this transaction: the transaction is unknown, no longer
      open or expired, the body too large, the form or JWE malformed or not to this
      transaction's key, ``state`` not this transaction's (in an error response too,
      §14.3.2: a post without it cannot have the relying party's page say the resident
      declined), ``vp_token`` not a JSON object of arrays (§8.1). Nothing was processed: the
      check's exception is raised, and the web layer answers 4xx with the OAuth error body
      ``error`` and ``error_description`` (RFC 6749 §5.2). The transaction is left ``failed``
      with the error (§8.6: rejected).
    - The response is this transaction's answer (decrypted with its key, its ``state``), and
      one of the VP Token Validation checks of §8.6 refuses it (a presentation's signature or
      Key Binding, the DCQL query, the registration, a trusted issuer, a credential's status),
      or its use case was withdrawn meanwhile. The Response URI has processed it, so the
      answer is 200 (§8.2 "If the Response URI has successfully processed the Authorization
      Response ..."), as in the reference design of the implementation considerations for
      direct_post, where the nonce is checked only after the redirect: the nonce is consumed,
      the transaction ``failed`` with the check's code, and same-device the ``redirect_uri``
      brings the resident to the result page that says why; the answer's ``refused`` names the
      check, for a wallet that shows it (§8.2: "Additional parameters MAY be defined"; a
      wallet ignores what it does not know). Cross-device the relying party's page tells it
      (``poll.js``).

    The response is decrypted and verified first; then one statement consumes the nonce and
    stores the result, on the condition that the nonce is unused, the transaction open and
    not expired at ``now`` (the moment the response arrived). So exactly one response can
    complete a transaction (§14.1: the nonce is single-use), and a second one that verified
    meanwhile, or arrives later, stores nothing.

    One exception, by design: a response to a transaction that is no longer open (answered,
    failed, or answered by a concurrent request that consumed the nonce first) is refused with
    ``verifier.transaction_unusable`` and changes nothing. A replay can only be a copy of what
    the genuine wallet sent (the KB-JWT binds it to this ``nonce`` and ``client_id``,
    §14.1.2), so refusing it is the protection §14.1 asks for; letting it turn a completed
    transaction into ``failed`` would let anyone who saw the response destroy the resident's
    genuine result.
    """
    row = await _responding(request_uri_id)
    transaction_id = row["transaction_id"]
    now = state.clock()
    try:
        parsed = await _read(state, row, form, body_size=body_size)
    except TransactionUnusable:
        raise  # answered or failed already: that outcome stands (see the docstring)
    except StandardsError as exc:
        await _fail(transaction_id, exc)
        raise
    answer, code_hash = _redirect(state, row)
    if isinstance(parsed, AuthorizationErrorResponse):
        error = f"wallet.{parsed.error}"[:300]  # DECLINED for access_denied
        await _consume(Statement(_ANSWERED_FAILED, (now, error, code_hash, row["id"], now)))
        return answer
    try:
        if not row["use_case_active"]:
            raise TransactionUnknown("the use case of this transaction is no longer offered")
        claims = await verify_for_use_case(
            state, parsed.vp_token, asked_for=row, nonce=row["nonce"], now=now
        )
    except StandardsError as exc:
        await _consume(Statement(_ANSWERED_FAILED, (now, exc.code, code_hash, row["id"], now)))
        return {**answer, REFUSED: exc.code}
    evidence = json.dumps({k: list(v) for k, v in parsed.vp_token.items()})
    mailbox = case_mailbox(state, parsed)
    await _consume(
        Statement(
            _RESPONDED, (now, dump_json(claims), evidence, code_hash, mailbox, row["id"], now)
        )
    )
    return answer


REFUSED: Final = "refused"
"""The extension parameter (OpenID4VP 1.0 §8.2: "Additional parameters MAY be defined and used
in the response from the Response Endpoint to the Wallet") of the 200 answer to a response the
verifier processed and refused: the stable code of the check that refused it, such as
``verifier.credential_revoked`` (``StandardsError.code``); absent when the response was
accepted. The wallet records the presentation as not accepted and can say why."""


async def _read(
    state: VerifierState, row: dict[str, Any], form: Form, *, body_size: int
) -> AuthorizationResponse | AuthorizationErrorResponse:
    """The post as an answer to this transaction: within the size limit, to an open
    transaction, decrypted with its key (``direct_post.jwt``, §8.3), its ``state`` the
    transaction's (§8.2)."""
    if body_size > state.settings.max_response_bytes:
        raise ResponseTooLarge(f"the response is over {state.settings.max_response_bytes} bytes")
    await _open(state, row)
    keys = []
    if row["response_mode"] == DIRECT_POST_JWT:
        sealed = unseal(state.secret, row["encryption_key"], row["transaction_id"])
        keys.append(EncryptionKey.from_jwk(json.loads(sealed)))
    return parse_authorization_response(
        form,
        response_mode=row["response_mode"],
        decryption_keys=keys,
        encryptions=tuple(state.settings.encryption_enc_values),
        expected_state=row["state"],
    )


def case_mailbox(state: VerifierState, parsed: AuthorizationResponse) -> str | None:
    """The case's mailbox the wallet gave: the extension response parameter ``mailbox_uri``
    (OpenID4VP 1.0 §8.1, inside the JWE of §8.3), kept only when it is an https URL (http on
    loopback) at a configured wallet provider (``VERIFIER_WALLET_URL`` or
    ``VERIFIER_WALLET_ORIGINS``); anything else is dropped with the reason in the log: the
    presentation itself stands, the resident just gets no messages about the case."""
    given = parsed.mailbox_uri
    if given is None:
        return None
    url = checked_mailbox_url(given)
    if url is None:
        log.warning("mailbox_uri ignored: not an https (or loopback http) URL of sensible length")
        return None
    providers = {origin_of(state.settings.wallet_url), *state.settings.wallet_origins}
    if origin_of(url) not in providers:
        log.warning("mailbox_uri ignored: %s is not a configured wallet provider", origin_of(url))
        return None
    return url


def _redirect(state: VerifierState, row: dict[str, Any]) -> tuple[dict[str, str], str | None]:
    """§8.2: same-device, the answer's ``redirect_uri`` to the result page with a fresh
    ``response_code`` (kept as a hash), after a response, accepted or refused, or an error
    response ("The Response URI MAY return the redirect_uri parameter in response to
    successful Authorization Responses or for Error Responses"): the result page shows the
    result, or says why there is none; cross-device, ``{}``."""
    if not row["same_device"]:
        return {}, None
    code = new_nonce()
    uri = f"{state.settings.public_url}/verify/{row['transaction_id']}/result?response_code={code}"
    return {"redirect_uri": uri}, _digest(state.secret, code)


async def poll(state: VerifierState, transaction_id: str, poll_secret: str) -> str:
    """The RP page's poll: only the status (``created``, ``fetched``, ``responded``,
    ``declined`` (the resident said no in the wallet, §8.5 ``access_denied``), ``failed``,
    ``expired``), never personal data."""
    row = (
        await T.select(T.status, T.error, T.expires_at, T.poll_secret_hash)
        .where(T.transaction_id == transaction_id)
        .first()
    )
    if row is None or not hmac.compare_digest(
        row["poll_secret_hash"], _digest(state.secret, poll_secret)
    ):
        raise TransactionUnknown("this transaction is not known")
    if row["status"] in OPEN and row["expires_at"] <= state.clock():
        return "expired"
    if row["status"] == "failed" and row["error"] == DECLINED:
        return "declined"
    return str(row["status"])


class OtherBrowser(TransactionUnknown):
    """Same-device: the right ``response_code`` in a browser that did not start the
    transaction (no session cookie, or another session's). HAIP 1.0 §5.1 (OpenID4VP via
    redirects): "Verifiers MUST reject presentations if ... the redirect back arrives in a
    different user session to the one the request was initiated in"; OpenID4VP 1.0 §13.3,
    §14.2 (Session Fixation)."""

    code = "verifier.other_browser"
    title_en = "Sharing can only be finished in the browser where it started."
    title_nl = "Het delen kan alleen klaar in de browser waarin u begon."


async def release_result(
    state: VerifierState,
    transaction_id: str,
    *,
    response_code: str | None = None,
    poll_secret: str | None = None,
    session: str | None = None,
) -> str:
    """Same-device: the ``response_code`` from the redirect, in the browser that started the
    transaction; cross-device: the RP page's poll secret. Either releases a responded
    transaction's result once (returns its id). See :func:`_proven` for ``session``; a
    response code in another browser raises :class:`OtherBrowser` and releases nothing."""
    row = await T.select().where(T.transaction_id == transaction_id).first()
    if row is None or row["status"] != "responded":
        raise TransactionUnknown("this transaction has no result")
    if not _proven(
        state, row, response_code=response_code, poll_secret=poll_secret, session=session
    ):
        raise TransactionUnknown("this transaction has no result for this code")
    if row["result_released_at"] is None:
        await T.update({T.result_released_at: state.clock()}).where(T.id == row["id"])
    return str(transaction_id)


def _matches(state: VerifierState, expected: str | None, given: str | None) -> bool:
    """``given`` is the secret whose keyed hash is ``expected``, compared in constant time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(expected, _digest(state.secret, given))


def _proven(
    state: VerifierState,
    row: dict[str, Any],
    *,
    response_code: str | None,
    poll_secret: str | None,
    session: str | None,
) -> bool:
    """The flow's proof: cross-device the poll secret (the RP page's own browser posts it);
    same-device the ``response_code`` (OpenID4VP 1.0 §8.2) and, for a transaction started
    with a browser session, that browser (HAIP 1.0 §5.1; OpenID4VP 1.0 §13.3, §14.2):
    ``session`` is the secret the result page read from its session cookie (``""`` when there
    was none), compared in constant time with the kept hash.

    The intake entry the released result page's button posts to reads the same cookie (it is
    also set for the entry's path). A transaction without a session hash (made before it was
    kept, or started without a browser) needs the response code only.

    Raises :class:`OtherBrowser` for the right response code in another browser."""
    if not row["same_device"]:
        return _matches(state, row["poll_secret_hash"], poll_secret)
    if not _matches(state, row["response_code_hash"], response_code):
        return False
    bound = row["browser_session_hash"]
    if bound is None or _matches(state, bound, session):
        return True
    raise OtherBrowser("this transaction was started in another browser")


DECLINED = "wallet.access_denied"
"""The error a transaction the resident declined in their wallet keeps (§8.5)."""


async def failure(
    state: VerifierState,
    transaction_id: str,
    *,
    response_code: str | None = None,
    poll_secret: str | None = None,
    session: str | None = None,
) -> str | None:
    """Why this transaction failed: its stored error code (:data:`DECLINED` when the resident
    said no in the wallet, else the check that refused the response, such as
    ``verifier.credential_revoked``), told only with the flow's proof, as
    :func:`release_result` tells a result (:class:`OtherBrowser` too); ``None`` when it did
    not fail or without proof."""
    row = await T.select().where(T.transaction_id == transaction_id).first()
    if (
        row is None
        or row["status"] != "failed"
        or not _proven(
            state, row, response_code=response_code, poll_secret=poll_secret, session=session
        )
    ):
        return None
    return str(row["error"] or "")


@dataclass(frozen=True)
class CompletedTransaction:
    """What the intake needs of a verified transaction."""

    transaction_id: str
    use_case_slug: str
    relying_party_slug: str
    verified_claims: dict[str, Any]
    evidence: str
    verified_at: datetime


async def completed(transaction_id: str) -> CompletedTransaction | None:
    """A responded transaction whose result has been released (by response code or poll
    secret), with its verified claims; ``None`` otherwise. For Engineer B's intake."""
    row = (
        await T.select(
            T.transaction_id,
            T.verified_claims,
            T.evidence,
            T.nonce_consumed_at,
            T.use_case._.slug.as_alias("use_case_slug"),
            T.use_case._.relying_party._.slug.as_alias("party_slug"),
        )
        .where(
            (T.transaction_id == transaction_id)
            & (T.status == "responded")
            & T.result_released_at.is_not_null()
        )
        .first()
    )
    if row is None:
        return None
    claims = row["verified_claims"]
    if isinstance(claims, str):
        claims = json.loads(claims)
    return CompletedTransaction(
        transaction_id=row["transaction_id"],
        use_case_slug=row["use_case_slug"],
        relying_party_slug=row["party_slug"],
        verified_claims=claims,
        evidence=row["evidence"],
        verified_at=row["nonce_consumed_at"],
    )
