"""The verifier's tables (Piccolo). One owner: the verifier.

Relying parties and their use cases are configuration (seeded at start-up when absent;
officers edit their party's use cases in the back office). A presentation
transaction lives for minutes; only once it has been verified does it hold claim values, and
then only the disclosed ones. A case (zaak) keeps the applicant's validated values with their
provenance; its evidence (the presentation as received) is purged after the retention period.
"""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table
from piccolo_api.session_auth.tables import SessionsBase

__all__ = [
    "TABLES",
    "AuditEntry",
    "Case",
    "CaseStatus",
    "Officer",
    "OfficerRelyingParty",
    "OfficerSession",
    "PresentationTransaction",
    "RelyingParty",
    "ResidentMessage",
    "UseCase",
]


class RelyingParty(Table, tablename="relying_party"):
    """An organisation that asks residents for credentials, with its own key and certificate."""

    id: Serial

    slug = Varchar(length=64, unique=True, index=True)
    legal_name = Varchar(length=200)
    logo = Varchar(length=200, null=True, default=None)
    """A static path (``/static/verifier/...``)."""
    client_id = Varchar(length=300, unique=True)
    """OpenID4VP §5.9 with its prefix: ``x509_san_dns:...`` or ``x509_hash:...``."""
    certificate_chain = Text()
    """PEM, leaf first; the leaf certifies the key in ``key_file``."""
    key_file = Varchar(length=200)
    """The signing key's file name under the verifier key dir (mode 600)."""
    allowed_claims = JSON(default="{}")
    """The registration: ``{vct: [claim path, ...]}`` this party may ask for."""
    purposes = JSON(default="[]")
    """The registration's purposes: ``[{"id": slug, "nl": text, "en": text}]``, what this party
    may ask residents' data for; each use case serves one of them (``UseCase.purpose_id``,
    OpenID4VP 1.0 §15.3)."""


class UseCase(Table, tablename="use_case"):
    """What a relying party asks for and why: one DCQL query and the intake form."""

    id: Serial

    slug = Varchar(length=64, unique=True, index=True)
    relying_party = ForeignKey(references=RelyingParty)
    title_nl = Varchar(length=200)
    title_en = Varchar(length=200)
    purpose_nl = Text()
    purpose_en = Text()
    purpose_id = Varchar(length=64, null=True, default=None)
    """The registered purpose (an ``id`` of the party's ``purposes``) this use case serves; one
    that is missing or not registered starts no transaction."""
    dcql_query = JSON()
    form_fields = JSON(default="[]")
    """``[{name, label_nl, label_en, kind: text|select|date, options?, required}]``."""
    case_type = Varchar(length=300)
    active = Boolean(default=True)


class PresentationTransaction(Table, tablename="presentation_transaction"):
    """One OpenID4VP request and its response (OpenID4VP 1.0 §5, §8)."""

    id: Serial

    transaction_id = Varchar(length=64, unique=True, index=True)
    """Public, random (≥128 bit)."""
    use_case = ForeignKey(references=UseCase)
    state = Varchar(length=64, unique=True, index=True)
    nonce = Varchar(length=64, unique=True, index=True)
    request_uri_id = Varchar(length=64, unique=True, index=True)
    encryption_key = Text(secret=True)
    """The fresh ECDH-ES private JWK, sealed with the verifier secret key."""
    response_mode = Varchar(length=32)
    same_device = Boolean(default=False)
    created_at = Timestamptz()
    expires_at = Timestamptz(index=True)
    status = Varchar(length=16, default="created")
    """``created``, ``fetched``, ``responded``, ``failed`` or ``expired``."""
    response_code_hash = Varchar(length=64, null=True, default=None, secret=True)
    error = Varchar(length=300, null=True, default=None)
    verified_claims = JSON(null=True, default=None)
    """Only the disclosed claims, per credential query id, with issuer, vct and verified_at."""
    evidence = Text(null=True, default=None, secret=True)
    """The ``vp_token`` as received (decrypted)."""
    nonce_consumed_at = Timestamptz(null=True, default=None)
    result_released_at = Timestamptz(null=True, default=None)
    poll_secret_hash = Varchar(length=64, secret=True)
    mailbox_url = Text(null=True, default=None)
    """The case mailbox the wallet gave in its response (extension parameter ``mailbox_uri``,
    OpenID4VP 1.0 §8.1), if any; the case takes it over (:mod:`verifier.cases.mailbox`)."""
    browser_session_hash = Varchar(length=64, null=True, default=None, secret=True)
    """Same-device: the keyed hash of the session cookie the browser that pressed the button
    got; the result is released only to that browser (HAIP 1.0 §5.1; OpenID4VP 1.0 §14.2)."""
    dcql_query = JSON(null=True, default=None)
    """The DCQL query this transaction asked, as sent in its Request Object; with
    ``allowed_claims`` and ``client_id`` what its response and a case made of it are checked
    against, whatever an officer changes in the use case later. ``NULL`` in transactions made
    before these columns: they are checked against the use case as it is now."""
    allowed_claims = JSON(null=True, default=None)
    """The relying party's registration (``{vct: [claim path, ...]}``) when the transaction
    started."""
    client_id = Varchar(length=300, null=True, default=None)
    """The relying party's client id (with its prefix) when the transaction started."""


class Case(Table, tablename="zaak"):
    """A case opened from a completed transaction (ZGW Zaken API shape on export)."""

    id: Serial

    identification = Varchar(length=40, unique=True, index=True)
    """``ZAAK-2026-000001``."""
    uuid = Varchar(length=36, unique=True, index=True)
    transaction = ForeignKey(references=PresentationTransaction, unique=True)
    """One case per transaction: submitting twice opens no second case."""
    relying_party = ForeignKey(references=RelyingParty)
    use_case = ForeignKey(references=UseCase)
    case_type = Varchar(length=300)
    registered_at = Timestamptz()
    status = Varchar(length=64)
    result = Varchar(length=200, null=True, default=None)
    applicant = JSON()
    """Each validated value with provenance: issuer, vct, query id, verified_at, transaction."""
    properties = JSON(default="{}")
    """What the resident added in the form."""
    evidence = Text(null=True, default=None, secret=True)
    evidence_purge_at = Timestamptz(index=True)
    evidence_purged_at = Timestamptz(null=True, default=None)
    pushed_at = Timestamptz(null=True, default=None)
    push_error = Varchar(length=500, null=True, default=None)
    mailbox_url = Text(null=True, default=None)
    """The resident's pairwise mailbox for this case at the wallet provider (a capability)."""


class CaseStatus(Table, tablename="zaak_status"):
    """The history of a case's status."""

    id: Serial

    case = ForeignKey(references=Case)
    status = Varchar(length=64)
    result = Varchar(length=200, null=True, default=None)
    explanation = Text(null=True, default=None)
    set_at = Timestamptz()
    set_by = Varchar(length=150)


class Officer(BaseUser, tablename="verifier_officer"):
    """A relying party's officer who handles cases in the back office."""

    _min_password_length = 12


class OfficerSession(SessionsBase, tablename="verifier_officer_session"):
    """Back-office login sessions (piccolo-admin)."""


class OfficerRelyingParty(Table, tablename="officer_relying_party"):
    """Which relying party an officer works for: they see only its cases."""

    id: Serial

    officer = ForeignKey(references=Officer)
    relying_party = ForeignKey(references=RelyingParty)


class ResidentMessage(Table, tablename="resident_message"):
    """A message to the resident about their case, delivered to the case's mailbox at the
    wallet provider by :mod:`verifier.cases.mailbox` (retried until it is there)."""

    id: Serial

    case = ForeignKey(references=Case)
    kind = Varchar(length=64)
    text_nl = Text()
    text_en = Text()
    created_at = Timestamptz()
    delivered_at = Timestamptz(null=True, default=None)
    """When the wallet provider took it into the mailbox."""
    importance = Varchar(length=16, default="normal")
    """``low``, ``normal`` or ``high`` (a decision, or more information needed)."""
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None)
    last_error = Varchar(length=300, null=True, default=None)
    failed_at = Timestamptz(null=True, default=None)
    """Given up: the mailbox is closed (the wallet was revoked or deleted) or unknown."""
    state_url = Text(null=True, default=None)
    """Where the provider tells the message's state (``Location`` of the post)."""
    fetched_at = Timestamptz(null=True, default=None)
    """When the resident's wallet fetched it."""
    read_at = Timestamptz(null=True, default=None)
    """When the resident opened it (the read receipt)."""


class AuditEntry(Table, tablename="verifier_audit_log"):
    """Every officer action and every verification; who, what, when."""

    id: Serial

    at = Timestamptz(index=True)
    actor = Varchar(length=150)
    action = Varchar(length=64)
    subject = Varchar(length=64, null=True, default=None)
    detail = JSON(default="{}")


TABLES: tuple[type[Table], ...] = (
    RelyingParty,
    UseCase,
    PresentationTransaction,
    Case,
    CaseStatus,
    Officer,
    OfficerSession,
    OfficerRelyingParty,
    ResidentMessage,
    AuditEntry,
)
