"""The issuer's tables (Piccolo). One owner: the issuer.

Nothing here holds claim values. The transient tables (offers, access tokens) hold the BSN
only for the few minutes an offer can be redeemed, and it is cleared when the credentials
are issued or the offer expires. The issued-credential register knows a person only by a
keyed hash of the BSN (HMAC-SHA-256 with a key outside the database).
"""

from __future__ import annotations

from enum import Enum

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import (
    JSON,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.choices import Choice
from piccolo.table import Table
from piccolo_api.session_auth.tables import SessionsBase

__all__ = [
    "TABLES",
    "AccessToken",
    "AuditEntry",
    "CredentialOffer",
    "FollowedPerson",
    "IssuedCredential",
    "Nonce",
    "PromptState",
    "ReissuePrompt",
    "ResidentMailbox",
    "Staff",
    "StaffSession",
    "StatusListRecord",
]


class Staff(BaseUser, tablename="issuer_staff"):
    """Municipal staff who may use the back office (created with ``regie staff add``)."""

    _min_password_length = 12


class StaffSession(SessionsBase, tablename="issuer_staff_session"):
    """Back-office login sessions (piccolo-admin)."""


class CredentialOffer(Table, tablename="credential_offer"):
    """OpenID4VCI §4.1: one offer, its pre-authorized code (hashed) and transaction code."""

    id: Serial

    offer_id = Varchar(length=64, unique=True, index=True)
    """The random part of the ``credential_offer_uri``."""
    pre_authorized_code_hash = Varchar(length=64, unique=True, index=True, secret=True)
    tx_code_hash = Varchar(length=64, secret=True)
    tx_code_attempts = Integer(default=0)
    credential_configuration_ids = JSON()
    bsn = Varchar(length=9, null=True, secret=True)
    """Cleared once the access token has been issued; an offer never redeemed keeps it until
    housekeeping deletes the row (``ISSUER_EXPIRED_ROWS_KEEP_HOURS`` after it expired,
    :mod:`issuer.housekeeping`)."""
    created_at = Timestamptz()
    expires_at = Timestamptz(index=True)
    redeemed_at = Timestamptz(null=True, default=None)
    locked_at = Timestamptz(null=True, default=None)


class AccessToken(Table, tablename="access_token"):
    """OpenID4VCI §6.2: a short-lived token for the credential endpoint (hashed)."""

    id: Serial

    token_hash = Varchar(length=64, unique=True, index=True, secret=True)
    offer = ForeignKey(references=CredentialOffer)
    bsn = Varchar(length=9, null=True, secret=True)
    """Cleared when every offered credential has been issued; otherwise kept until
    housekeeping deletes the expired token (:mod:`issuer.housekeeping`)."""
    credential_configuration_ids = JSON()
    issued_configuration_ids = JSON(default="{}")
    """``{credential_configuration_id: notification_id}`` of what was issued so far."""
    version = Integer(default=0)
    """Raised by every issuance under this token: two concurrent requests cannot both win."""
    expires_at = Timestamptz(index=True)
    client_id = Text(null=True, default=None)
    """The client the token was issued to: the ``sub`` of the wallet attestation that
    authenticated the Token Request (OpenID4VCI 1.0 Appendix E), or a public client's
    ``client_id`` parameter; ``None`` after anonymous access (§12.3). A key proof's ``iss``
    must be this, or absent (Appendix F.1)."""


class Nonce(Table, tablename="nonce"):
    """OpenID4VCI §7: a ``c_nonce``; consumed once, atomically, by a credential request."""

    id: Serial

    value = Varchar(length=64, unique=True, index=True)
    expires_at = Timestamptz(index=True)
    consumed_at = Timestamptz(null=True, default=None)


class StatusListRecord(Table, tablename="status_list"):
    """Token Status List §4: one list; the statuses themselves live in :class:`IssuedCredential`."""

    id: Serial

    list_id = Varchar(length=32, unique=True)
    bits = Integer(default=2)
    size = Integer()
    allocated = Integer(default=0)
    version = Integer(default=0)
    """Raised on every status change; part of the ETag."""
    updated_at = Timestamptz()


class IssuedCredential(Table, tablename="issued_credential"):
    """The register of issued credentials: no claim values, a keyed hash of the BSN."""

    id: Serial

    credential_id = Varchar(length=36, unique=True, index=True)
    batch_id = Varchar(length=36, index=True)
    credential_configuration_id = Varchar(length=64)
    vct = Varchar(length=200)
    status_list = ForeignKey(references=StatusListRecord, on_delete=OnDelete.restrict)
    """A list that still holds credentials cannot be deleted (``ON DELETE RESTRICT``, set by
    migration ``2026-11-24T21:50:00``): deleting it must never take the register with it."""
    status_index = Integer()
    """Unique per list (index ``issued_credential_status_slot``, created by the migration)."""
    bsn_hash = Varchar(length=64, index=True)
    issued_at = Timestamptz()
    expires_at = Timestamptz()
    status = Varchar(length=16, default="valid", choices=None)
    """``valid``, ``revoked`` or ``suspended`` (Token Status List §7.1)."""
    notification_id = Varchar(length=36, index=True)
    notification_event = Varchar(length=32, null=True, default=None)
    address_fingerprint = Varchar(length=64, null=True, default=None)
    """Keyed hash of the register data the credential was built from, to notice changes."""


class AuditEntry(Table, tablename="audit_log"):
    """Every staff action and every issuance; who, what, when, never claim values."""

    id: Serial

    at = Timestamptz(index=True)
    actor = Varchar(length=150)
    action = Varchar(length=64)
    subject = Varchar(length=64, null=True, default=None)
    detail = JSON(default="{}")


class PromptState(Enum):
    """Where a re-issue prompt is, in one word for the back office (piccolo-admin shows the
    display name); the columns with the times say when."""

    queued = Choice("queued", "In de wachtrij / queued")
    retrying = Choice("retrying", "Wordt opnieuw geprobeerd / retrying")
    failed = Choice("failed", "Niet bezorgd / not delivered")
    delivered = Choice("delivered", "Bezorgd / delivered")
    fetched = Choice("fetched", "In de wallet / in the wallet")
    read = Choice("read", "Gelezen / read")


class ReissuePrompt(Table, tablename="reissue_prompt"):
    """A queued prompt for the resident's wallet to fetch a new credential (after a move)."""

    id: Serial

    bsn_hash = Varchar(length=64, index=True)
    credential_configuration_id = Varchar(length=64)
    reason = Varchar(length=64)
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)
    """When the wallet provider took it into the resident's mailbox (:mod:`issuer.mailbox`)."""
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None)
    last_error = Varchar(length=300, null=True, default=None)
    failed_at = Timestamptz(null=True, default=None)
    """Given up: the mailbox is closed (the wallet was revoked or deleted) or unknown."""
    state_url = Text(null=True, default=None)
    """Where the wallet provider tells whether the resident fetched and read it."""
    mailbox_url = Text(null=True, default=None)
    """The mailbox it was delivered to (the person's mailbox then; a later issuance gives the
    issuer a new one), for the ``Mailbox-Sender-Proof`` that asks its state."""
    fetched_at = Timestamptz(null=True, default=None)
    """When the resident's wallet fetched it."""
    read_at = Timestamptz(null=True, default=None)
    """When the resident opened it: the read receipt (:func:`issuer.mailbox.refresh_read_state`)."""
    state = Varchar(length=16, default="queued", choices=PromptState)
    """:class:`PromptState`'s value, written with the times (:mod:`issuer.mailbox`)."""


class ResidentMailbox(Table, tablename="resident_mailbox"):
    """The mailbox a person's wallet gave the issuer for messages such as re-issue prompts
    (extension parameter ``mailbox_uri`` of the OpenID4VCI 1.0 §11.1 Notification Request).
    Known only by the keyed BSN hash; the URL is a capability at the wallet provider."""

    id: Serial

    bsn_hash = Varchar(length=64, unique=True, index=True)
    mailbox_url = Text()
    updated_at = Timestamptz()


class FollowedPerson(Table, tablename="followed_person"):
    """A person who holds credentials, whom the issuer asks the register about again.

    Haal Centraal BRP Personen has no feed of changes, so the issuer must know whom to ask
    about: this is the one place it keeps a BSN for longer than an offer lives. The BSN is
    sealed (AES-GCM, key derived from the issuer secret outside the database, see
    :mod:`issuer.followed`), so a dump of the database alone does not reveal it; whoever holds
    the database *and* the secret can read it. The fingerprint holds keyed digests only.
    The row goes when the person holds no valid credential any more.
    """

    id: Serial

    bsn_hash = Varchar(length=64, unique=True, index=True)
    sealed_bsn = Text(secret=True)
    """base64url(nonce || AES-GCM ciphertext of the BSN), bound to ``bsn_hash``."""
    fingerprint = JSON()
    """:class:`issuer.register.changes.Fingerprint` without the BSN: one digest per aspect."""
    followed_since = Timestamptz()
    checked_at = Timestamptz(null=True, default=None)
    changed_at = Timestamptz(null=True, default=None)


TABLES: tuple[type[Table], ...] = (
    Staff,
    StaffSession,
    CredentialOffer,
    AccessToken,
    Nonce,
    StatusListRecord,
    IssuedCredential,
    AuditEntry,
    ReissuePrompt,
    FollowedPerson,
    ResidentMailbox,
)
