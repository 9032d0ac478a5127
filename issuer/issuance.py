"""The issuer's side of OpenID4VCI 1.0, pre-authorized code flow: offers, tokens, nonces,
credentials and notifications, with everything single-use consumed atomically in the database.

Controllers in :mod:`issuer.protocol` parse HTTP and call these; the protocol checks live in
:mod:`standards.oid4vci`, the credentials in :mod:`issuer.credentials`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from piccolo.utils.encoding import dump_json

from issuer.audit import audit
from issuer.credential_status import CredentialStatus
from issuer.credentials import CATALOGUE, CredentialType
from issuer.db.statements import (
    ACCESS_TOKEN,
    CLAIM_TOKEN,
    CONSUME_NONCE,
    CONSUME_OFFER,
    INSERT_COPY,
    INSERT_NONCE,
    INSERT_TOKEN,
    LOCK_OFFER,
    OFFER_BY_CODE,
    RESERVE_TX_CODE_ATTEMPT,
    taken_indices,
)
from issuer.db.tables import AccessToken, AuditEntry, CredentialOffer, IssuedCredential, Nonce
from issuer.followed import BsnSeal, credential_digest, follow_statement
from issuer.keys import KeyStore
from issuer.register.changes import Fingerprint, fingerprint
from issuer.register.eligibility import MESSAGES
from issuer.register.source import RegisterSource
from issuer.settings import IssuerSettings
from issuer.status_lists import StatusLists
from regie.db.audit import audit_statement
from regie.db.engine import (
    Statement,
    Step,
    StepRefused,
    atomic,
    fetch,
    is_unique_violation,
)
from standards.errors import (
    CredentialRequestDenied,
    InvalidCredentialRequest,
    InvalidNonce,
    InvalidNotificationId,
    PreAuthorizedCodeInvalid,
    TxCodeWrong,
    UnknownCredentialConfiguration,
)
from standards.jose import PublicKey
from standards.oid4vci import CredentialOffer as CredentialOfferMessage
from standards.oid4vci import (
    CredentialRequest,
    CredentialResponse,
    Grants,
    NotificationRequest,
    PreAuthorizedCodeGrant,
    ProofPolicy,
    TokenRequest,
    TxCode,
    verify_proofs,
)
from standards.sd_jwt_vc import prepare_credential

__all__ = ["AccessDenied", "Issuance", "NewOffer", "NoFreeStatusIndex", "hash_secret"]

DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
_MAX_INDEX_DRAWS = 32
_MAX_BATCH_ATTEMPTS = 8
_NONCE_FORM = re.compile(r"[A-Za-z0-9_-]{1,128}")
"""What a ``c_nonce`` of :meth:`Issuance.new_nonce` looks like (base64url); any other value
is refused before the database is asked (PostgreSQL cannot even compare one with a NUL)."""
_LOCKED = "too many wrong codes: this offer is locked"


TX_CODE_DESCRIPTION = (
    "Vul de code in die op de website van de gemeente staat. / "
    "Enter the code shown on the municipality's website."
)


def hash_secret(value: str) -> str:
    """A high-entropy secret (code, token) is stored as its SHA-256, never as itself."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _tx_code_hash(pre_authorized_code: str, tx_code: str) -> str:
    """The transaction code, bound to its offer's code so a copied table reveals nothing."""
    return hash_secret(f"{pre_authorized_code}\x00{tx_code}")


class AccessDenied(Exception):
    """RFC 6750 §3.1 ``invalid_token``: no, unknown or expired access token (HTTP 401)."""


@dataclass(frozen=True, slots=True)
class NewOffer:
    """What the resident's page shows: the offer's URI id, and the transaction code."""

    offer_id: str
    tx_code: str
    expires_at: datetime
    configuration_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Token:
    id: int
    version: int
    bsn: str | None
    offered: tuple[str, ...]
    issued: dict[str, str]
    client_id: str | None
    """The client the token was issued to (Appendix E: the wallet attestation's ``sub``);
    ``None`` after anonymous access to the token endpoint."""


class Issuance:
    """The issuer's protocol state machine over its tables."""

    def __init__(
        self,
        *,
        settings: IssuerSettings,
        keys: KeyStore,
        register: RegisterSource,
        status_lists: StatusLists,
        secret: bytes,
        clock: Callable[[], datetime],
    ) -> None:
        self.settings = settings
        self.keys = keys
        self.register = register
        self.status_lists = status_lists
        self.secret = secret
        self.clock = clock
        self.seal = BsnSeal(secret)

    # --- helpers ------------------------------------------------------------------------------

    def bsn_hash(self, bsn: str) -> str:
        """The keyed hash the register of issued credentials knows a person by."""
        return hmac.new(self.secret, f"bsn:{bsn}".encode("ascii"), hashlib.sha256).hexdigest()

    def today(self) -> date:
        return self.clock().astimezone(DUTCH_TIME).date()

    # --- offers (OpenID4VCI §4.1) ----------------------------------------------------------------

    async def create_offer(self, bsn: str, configuration_ids: Sequence[str]) -> NewOffer:
        """A new offer for the logged-in resident, with a pre-authorized code and a tx_code."""
        ids = tuple(dict.fromkeys(configuration_ids))
        if not ids or any(i not in CATALOGUE for i in ids):
            raise UnknownCredentialConfiguration("choose one or more of the offered credentials")
        now = self.clock()
        offer_id = secrets.token_urlsafe(24)
        code = self.pre_authorized_code(offer_id)
        tx_code = "".join(secrets.choice("0123456789") for _ in range(self.settings.tx_code_length))
        offer = CredentialOffer(
            offer_id=offer_id,
            pre_authorized_code_hash=hash_secret(code),
            tx_code_hash=_tx_code_hash(code, tx_code),
            credential_configuration_ids=list(ids),
            bsn=bsn,
            created_at=now,
            expires_at=now + timedelta(seconds=self.settings.offer_ttl_seconds),
        )
        await CredentialOffer.insert(offer).run()
        return NewOffer(offer_id, tx_code, offer.expires_at, ids)

    def pre_authorized_code(self, offer_id: str) -> str:
        """The offer's pre-authorized code, derived from its id with the issuer's secret.

        Nothing stores the code itself: the table keeps its hash for redemption, and the offer
        document (fetched by whoever holds the unguessable ``credential_offer_uri``) derives it
        again. The transaction code, shown only on the resident's screen, guards it (§13.6).
        """
        mac = hmac.new(self.secret, f"pre-authorized-code:{offer_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")

    async def offer_document(self, offer_id: str) -> CredentialOfferMessage | None:
        """§4.1.3: the Credential Offer behind a ``credential_offer_uri``, while it is open."""
        offer = (
            await CredentialOffer.select(
                CredentialOffer.credential_configuration_ids, CredentialOffer.expires_at
            )
            .where(
                (CredentialOffer.offer_id == offer_id)
                & CredentialOffer.redeemed_at.is_null()
                & CredentialOffer.locked_at.is_null()
                & (CredentialOffer.expires_at > self.clock())
            )
            .first()
            .run()
        )
        if offer is None:
            return None
        return CredentialOfferMessage(
            credential_issuer=self.settings.public_url,
            credential_configuration_ids=tuple(_json(offer["credential_configuration_ids"])),
            grants=Grants(
                pre_authorized_code=PreAuthorizedCodeGrant(
                    pre_authorized_code=self.pre_authorized_code(offer_id),
                    tx_code=TxCode(
                        input_mode="numeric",
                        length=self.settings.tx_code_length,
                        description=TX_CODE_DESCRIPTION,
                    ),
                )
            ),
        )

    # --- token endpoint (OpenID4VCI §6) ---------------------------------------------------------

    async def redeem(
        self, request: TokenRequest, *, client_id: str | None = None
    ) -> tuple[str, int]:
        """§6.1-§6.3: exchange a pre-authorized code (and its tx_code) for an access token.

        ``client_id`` is the client the token is issued to (its wallet attestation's ``sub``,
        Appendix E, or a public client's ``client_id`` parameter), kept for the key proofs'
        ``iss`` (Appendix F.1); ``None`` for anonymous access (§12.3: no ``client_id``).

        The transaction code guards the pre-authorized code against replay (§13.6), which a
        short code only does while guesses are few: each offer allows ``tx_code_max_attempts``
        comparisons of a transaction code, right or wrong. An attempt is taken in the database
        (one conditional UPDATE) before the code is compared, so concurrent requests, in one
        worker or several, never compare more than that between them; the rest are refused as
        locked. A wrong code that used the last attempt locks the offer. The code is consumed by one
        conditional UPDATE, so two workers can never both redeem it.
        """
        now = self.clock()
        offer = await self._open_offer(request.pre_authorized_code, now)
        request.check_tx_code_presence(expected=True)
        attempt = await self._reserve_tx_code_attempt(offer["id"])
        if attempt is None:
            await self._open_offer(request.pre_authorized_code, now)  # redeemed meanwhile?
            raise PreAuthorizedCodeInvalid(_LOCKED)
        given = _tx_code_hash(request.pre_authorized_code, request.tx_code or "")
        if not hmac.compare_digest(given, str(offer["tx_code_hash"])):
            if attempt >= self.settings.tx_code_max_attempts:
                await atomic(CredentialOffer, [Step(Statement(LOCK_OFFER, (now, offer["id"])))])
            raise TxCodeWrong("the transaction code is not correct")
        token = secrets.token_urlsafe(32)
        ttl = self.settings.access_token_ttl_seconds
        new_token = (
            hash_secret(token),
            offer["id"],
            offer["bsn"],
            offer["credential_configuration_ids"],
            now + timedelta(seconds=ttl),
            client_id,
        )
        try:
            await atomic(
                CredentialOffer,
                [
                    Step(Statement(CONSUME_OFFER, (now, offer["id"])), required=True),
                    Step(Statement(INSERT_TOKEN, new_token)),
                ],
            )
        except StepRefused:
            raise PreAuthorizedCodeInvalid("the pre-authorized code was already used") from None
        return token, ttl

    async def _open_offer(self, pre_authorized_code: str, now: datetime) -> dict[str, Any]:
        """The offer of a pre-authorized code while it can be redeemed; otherwise the §6.3
        ``invalid_grant`` that says why (unknown, used or expired; locked)."""
        rows = await fetch(
            CredentialOffer, Statement(OFFER_BY_CODE, (now, hash_secret(pre_authorized_code)))
        )
        offer = rows[0] if rows else None
        if offer is None or not offer["open"]:
            raise PreAuthorizedCodeInvalid("the pre-authorized code is unknown, used or expired")
        if offer["locked"]:
            raise PreAuthorizedCodeInvalid(_LOCKED)
        return offer

    async def _reserve_tx_code_attempt(self, offer_pk: int) -> int | None:
        """Take one transaction-code comparison of the offer; its number (1 for the first), or
        ``None`` when none is left or the offer was locked or redeemed meanwhile."""
        reserve = Statement(RESERVE_TX_CODE_ATTEMPT, (offer_pk, self.settings.tx_code_max_attempts))
        try:
            rows = await atomic(CredentialOffer, [Step(reserve, required=True)])
        except StepRefused:
            return None
        return int(rows[0][0]["tx_code_attempts"])

    # --- nonce endpoint (OpenID4VCI §7) ---------------------------------------------------------

    async def new_nonce(self) -> str:
        now = self.clock()
        value = secrets.token_urlsafe(24)
        expires_at = now + timedelta(seconds=self.settings.nonce_ttl_seconds)
        await atomic(Nonce, [Step(Statement(INSERT_NONCE, (value, expires_at)))])
        return value

    @staticmethod
    def _consume_nonce(value: str, now: datetime) -> Step:
        """§7.2: a ``c_nonce`` is used once; the step finds no row for a used or stale one."""
        return Step(Statement(CONSUME_NONCE, (now, value, now)), required=True)

    # --- credential endpoint (OpenID4VCI §8) ----------------------------------------------------

    async def authorize(self, access_token: str | None) -> _Token:
        """RFC 6750 §2.1: the bearer token from the Authorization header, not expired."""
        if not access_token:
            raise AccessDenied("no access token")
        rows = await fetch(
            AccessToken, Statement(ACCESS_TOKEN, (hash_secret(access_token), self.clock()))
        )
        if not rows:
            raise AccessDenied("the access token is unknown or expired")
        row = rows[0]
        issued = row["issued_configuration_ids"]
        return _Token(
            id=int(row["id"]),
            version=int(row["version"]),
            bsn=row["bsn"],
            offered=tuple(_json(row["credential_configuration_ids"])),
            issued=dict(_json(issued)) if issued else {},
            client_id=row["client_id"],
        )

    async def issue(self, token: _Token, request: CredentialRequest) -> CredentialResponse:
        """§8.1-§8.3: verify the key proofs, consume the nonce, and issue one copy per proof."""
        now = self.clock()
        if request.credential_identifier is not None:
            # §8.2: credential_identifier "MUST NOT be used" unless the Token Response returned
            # authorization_details with credential_identifiers, which this issuer never does;
            # so the request has an unsupported parameter, §8.3.1.2 invalid_credential_request.
            raise InvalidCredentialRequest(
                "credential_identifier is not used here: this issuer returns no "
                "authorization_details; send credential_configuration_id"
            )
        configuration_id = request.credential_configuration_id
        credential = CATALOGUE.get(configuration_id or "")
        if configuration_id is None or credential is None:
            raise UnknownCredentialConfiguration("this issuer does not issue that credential")
        if configuration_id not in token.offered:
            raise InvalidCredentialRequest("this credential was not offered with this token")
        if configuration_id in token.issued or token.bsn is None:
            raise InvalidCredentialRequest("this credential was already issued with this token")
        proofs = verify_proofs(
            request.jwt_proofs,
            ProofPolicy(
                audience=self.settings.public_url,
                client_id=token.client_id,
                max_age=self.settings.proof_max_age_seconds,
            ),
            now=now.timestamp,
        )
        nonces = tuple(dict.fromkeys(p.nonce for p in proofs if p.nonce is not None))
        if not all(_NONCE_FORM.fullmatch(n) for n in nonces):  # none of ours; a NUL in one
            raise InvalidNonce("the c_nonce is unknown, used or expired: get a fresh one")
        claims, seen = await self._claims(credential, token.bsn)
        notification_id = str(uuid.uuid4())
        credentials = await self._issue_batch(
            credential,
            claims,
            [p.holder_key for p in proofs],
            bsn=token.bsn,
            notification_id=notification_id,
            fingerprint=seen,
            token=token,
            nonces=nonces,
            now=now,
        )
        return CredentialResponse.issued(credentials, notification_id=notification_id)

    async def _claims(
        self, credential: CredentialType, bsn: str
    ) -> tuple[dict[str, Any], Fingerprint]:
        """The claims, and the fingerprint of the record they come from (to notice changes)."""
        person = await self.register.get_person(bsn)
        if person is None:
            raise CredentialRequestDenied("the register does not know this person (any more)")
        verdict = person.eligibility()
        if verdict.refusal is not None:
            message = MESSAGES[verdict.refusal]
            raise CredentialRequestDenied(f"{message.en} / {message.nl}")
        household = await self.register.get_household(person)
        claims = credential.build(person, household, self.today())
        return claims, fingerprint(person, household, key=self.secret)

    async def _issue_batch(
        self,
        credential: CredentialType,
        claims: dict[str, Any],
        holder_keys: Sequence[PublicKey],
        *,
        bsn: str,
        notification_id: str,
        fingerprint: Fingerprint,
        token: _Token,
        nonces: Sequence[str],
        now: datetime,
    ) -> list[str]:
        """Sign one copy per holder key, each with a random free status index, and record them.

        Everything single-use is settled in the one write transaction that records the batch:
        the ``c_nonce`` values are consumed and the token's version is claimed there, so a
        replayed nonce or a concurrent second request for the same configuration fails
        cleanly and leaves nothing behind. A status index that another worker took between
        the draw and the insert makes the unique index refuse the batch, which is then drawn
        and signed again (Token Status List §12.3).
        """
        self.keys.refresh(now)
        status_list = await self.status_lists.open_list(now)
        for attempt in range(_MAX_BATCH_ATTEMPTS):
            # after a collision the list's fill as last counted is too old to skip the lookup
            indices = await self._free_indices(status_list, len(holder_keys), look=attempt > 0)
            rows, compact = self._sign_batch(
                credential,
                claims,
                holder_keys,
                status_list=status_list,
                indices=indices,
                bsn=bsn,
                notification_id=notification_id,
                fingerprint=fingerprint,
                now=now,
            )
            steps = self._record_batch(
                credential,
                rows,
                bsn=bsn,
                notification_id=notification_id,
                fingerprint=fingerprint,
                token=token,
                nonces=nonces,
                now=now,
            )
            try:
                await atomic(IssuedCredential, steps)
            except StepRefused as refused:
                if refused.index < len(nonces):
                    raise InvalidNonce(
                        "the c_nonce is unknown, used or expired: get a fresh one"
                    ) from None
                raise InvalidCredentialRequest(
                    "this credential was already issued with this token"
                ) from None
            except Exception as exc:
                if not is_unique_violation(exc):
                    raise
                continue  # an index was taken meanwhile: draw again
            return compact
        raise NoFreeStatusIndex

    def _sign_batch(
        self,
        credential: CredentialType,
        claims: dict[str, Any],
        holder_keys: Sequence[PublicKey],
        *,
        status_list: Any,
        indices: Sequence[int],
        bsn: str,
        notification_id: str,
        fingerprint: Fingerprint,
        now: datetime,
    ) -> tuple[list[tuple[Any, ...]], list[str]]:
        """The signed copies, and their rows for :data:`~issuer.db.statements.INSERT_COPY`."""
        key, x5c = self.keys.active()
        # RFC 9901 §10.1: copies of a batch "MUST" not be linkable by iat and exp: rounded
        rounding = self.settings.credential_time_rounding_seconds
        issued_at = int(now.timestamp()) // rounding * rounding
        expires = datetime.fromtimestamp(issued_at, now.tzinfo) + timedelta(
            days=self.settings.credential_lifetime_days
        )
        batch_id = str(uuid.uuid4())
        digest = credential_digest(fingerprint, credential.configuration_id)
        uri = self.status_lists.uri_for(str(status_list.list_id))
        disclosable = credential.disclosable(claims)
        bsn_hash = self.bsn_hash(bsn)
        # The claims are walked once for the batch; each copy its own salts, decoys, holder key
        # and status index (OpenID4VCI §8.2, so that verifiers cannot link the copies).
        template = prepare_credential(
            vct=credential.vct,
            issuer=self.settings.public_url,
            claims=claims,
            disclosable=disclosable,
            issued_at=issued_at,
            expires_at=int(expires.timestamp()),
        )
        headers = {"x5c": x5c} if x5c else None
        rows: list[tuple[Any, ...]] = []
        compact: list[str] = []
        for holder_key, index in zip(holder_keys, indices, strict=True):
            issued = template.issue(
                key=key,
                holder_key=holder_key,
                status={"status_list": {"idx": index, "uri": uri}},
                headers=headers,
            )
            compact.append(issued.compact)
            rows.append(
                (
                    str(uuid.uuid4()),
                    batch_id,
                    credential.configuration_id,
                    credential.vct,
                    status_list.id,
                    index,
                    bsn_hash,
                    now,
                    expires,
                    CredentialStatus.VALID.value,
                    notification_id,
                    digest,
                )
            )
        return rows, compact

    def _record_batch(
        self,
        credential: CredentialType,
        rows: list[tuple[Any, ...]],
        *,
        bsn: str,
        notification_id: str,
        fingerprint: Fingerprint,
        token: _Token,
        nonces: Sequence[str],
        now: datetime,
    ) -> list[Step]:
        """The write transaction: consume the nonces, claim the token's version, then insert
        the copies, follow the person and audit; the first ``len(nonces)`` steps and the
        token's are required. The audit row names the token's client, if any: for an attested
        wallet the ``client_id`` its ``token.wallet_attested`` row names, with the provider."""
        issued_map = {**token.issued, credential.configuration_id: notification_id}
        all_issued = set(issued_map) >= set(token.offered)
        claim_token = Statement(
            CLAIM_TOKEN,
            (
                dump_json(issued_map),
                None if all_issued else bsn,
                token.version + 1,
                token.id,
                token.version,
            ),
        )
        entry = audit_statement(
            AuditEntry,
            at=now,
            actor="resident",
            action="credential.issued",
            subject=str(rows[0][1]),
            detail={
                "credential_configuration_id": credential.configuration_id,
                "copies": len(rows),
                "credential_ids": [str(row[0]) for row in rows],
                **({"client_id": token.client_id} if token.client_id is not None else {}),
            },
        )
        bsn_hash = self.bsn_hash(bsn)
        return [
            *(self._consume_nonce(nonce, now) for nonce in nonces),
            Step(claim_token, required=True),
            Step(Statement(INSERT_COPY, rows, many=True)),
            Step(follow_statement(self.seal, fingerprint, bsn_hash=bsn_hash, now=now)),
            Step(entry),
        ]

    async def _free_indices(self, status_list: Any, count: int, *, look: bool = False) -> list[int]:
        """``count`` distinct random indices, not yet used in this list as far as one query per
        draw of candidates can tell (the unique index backs this up). In a list still so
        empty that a collision is unlikely, the query is left out
        (:meth:`~issuer.status_lists.StatusLists.check_first`), unless ``look``: a draw that
        collided already showed the list fuller than last counted."""
        if not look and not self.status_lists.check_first(status_list, count):
            drawn: dict[int, None] = {}
            while len(drawn) < count:
                drawn[self.status_lists.draw_index(status_list)] = None
            return list(drawn)
        draws = 2 * count + 8
        for _ in range(_MAX_INDEX_DRAWS):
            candidates = list(
                dict.fromkeys(self.status_lists.draw_index(status_list) for _ in range(draws))
            )
            # A fixed number of parameters (a repeated candidate asks nothing new), so the
            # statement text is the same every time and stays prepared; repeated as often as
            # it takes when many draws were the same index.
            padded = (candidates * draws)[:draws]
            rows = await fetch(
                IssuedCredential,
                Statement(taken_indices(draws), (status_list.id, *padded)),
            )
            taken = {int(row["status_index"]) for row in rows}
            free = [index for index in candidates if index not in taken]
            if len(free) >= count:
                return free[:count]
        raise NoFreeStatusIndex

    # --- notification endpoint (OpenID4VCI §11) -------------------------------------------------

    async def notify(self, token: _Token, request: NotificationRequest) -> None:
        """§11.1-§11.3: the wallet says what it did with the credentials of ``notification_id``."""
        if request.notification_id not in token.issued.values():
            raise InvalidNotificationId("this notification_id does not belong to this token")
        now = self.clock()
        await IssuedCredential.update(
            {IssuedCredential.notification_event: str(request.event)}
        ).where(IssuedCredential.notification_id == request.notification_id)
        await audit(
            at=now,
            actor="wallet",
            action=f"notification.{request.event}",
            subject=request.notification_id,
        )


def _json(value: Any) -> Any:
    """Piccolo hands JSON columns back as text."""
    return json.loads(value) if isinstance(value, str) else value


class NoFreeStatusIndex(Exception):
    """No free status list index was found in the draws allowed (the list is nearly full, or
    other requests took the drawn ones at the same moment). Temporary, so not
    ``credential_request_denied`` (OpenID4VCI 1.0 §8.3.1.2: the wallet SHOULD treat that as
    final): the credential endpoint answers 503 ``temporarily_unavailable`` with
    ``Retry-After``, as for a register that does not answer. Nothing was written, the c_nonce
    and the access token can be used again (a new list opens once this one is full,
    :data:`issuer.status_lists.FILL_LIMIT`)."""

    title_en = "No free status list index was found just now. Please try again."
    title_nl = "Er is nu geen vrije plek in de statuslijst gevonden. Probeer het zo nog eens."
