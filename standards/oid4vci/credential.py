"""OpenID4VCI 1.0 §7 (Nonce Endpoint) and §8 (Credential Endpoint): the Nonce Response, the
Credential Request with its ``proofs`` and the Credential Response.

In 1.0 key proofs travel only in ``proofs`` (one proof type, a non-empty array: several
``jwt`` proofs ask for a batch, §3.3.2); the drafts' singular ``proof`` is gone, and the
``c_nonce`` comes from the Nonce Endpoint, not the Token Response.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

from pydantic import BaseModel, Field, StrictFloat, StrictInt, StrictStr, model_validator

from standards.errors import (
    BatchSizeExceeded,
    InvalidCredentialRequest,
    InvalidEncryptionParameters,
    IssuerResponseInvalid,
    ProofsMalformed,
    ProofsMissing,
    ProofTypeUnsupported,
)
from standards.oid4vci._base import WIRE, Message

__all__ = [
    "CredentialRequest",
    "CredentialResponse",
    "IssuedCredential",
    "NonceResponse",
    "Proofs",
]

JWT_PROOF_TYPE: Final = "jwt"


class NonceResponse(Message):
    """OpenID4VCI 1.0 §7.2: a fresh, unpredictable ``c_nonce`` (sent ``no-store``)."""

    invalid = IssuerResponseInvalid
    c_nonce: StrictStr = Field(min_length=1)


class Proofs(BaseModel):
    """OpenID4VCI 1.0 §8.2 ``proofs`` with the ``jwt`` proof type of Appendix F.1."""

    model_config = WIRE
    jwt: tuple[StrictStr, ...] = Field(min_length=1)


class CredentialRequest(Message):
    """OpenID4VCI 1.0 §8.2: an unencrypted (``application/json``) Credential Request."""

    invalid = InvalidCredentialRequest
    credential_configuration_id: StrictStr | None = Field(default=None, min_length=1)
    credential_identifier: StrictStr | None = Field(default=None, min_length=1)
    proofs: Proofs | None = None

    @model_validator(mode="after")
    def _one_identifier(self) -> CredentialRequest:
        """§8.2: exactly one of ``credential_identifier`` and ``credential_configuration_id``."""
        if (self.credential_configuration_id is None) == (self.credential_identifier is None):
            raise ValueError(
                "exactly one of credential_configuration_id and credential_identifier is required"
            )
        return self

    @classmethod
    def from_body(
        cls,
        body: Any,
        *,
        batch_size: int = 1,
        proofs_required: bool = True,
    ) -> CredentialRequest:
        """§8.2 and §8.3.1.2: read a decoded JSON body, raising the spec's error for each fault.

        ``batch_size`` is the metadata's ``batch_credential_issuance.batch_size`` (1 when the
        issuer has none, §12.2.4); ``proofs_required`` holds when the configuration has
        ``proof_types_supported`` (§8.2). Only the ``jwt`` proof type (Appendix F.1) is accepted.
        """
        if not isinstance(body, Mapping):
            raise InvalidCredentialRequest("the Credential Request is not a JSON object")
        if "credential_response_encryption" in body:
            # §8.2: "Credential Request encryption MUST be used if the
            # credential_response_encryption parameter is included"; this body is plain JSON.
            raise InvalidEncryptionParameters(
                "credential_response_encryption requires an encrypted Credential Request"
            )
        _check_proofs(body, batch_size=batch_size, proofs_required=proofs_required)
        return cls.parse(body)

    @property
    def jwt_proofs(self) -> tuple[str, ...]:
        """The ``jwt`` key proofs, in order (empty when the request has none)."""
        return self.proofs.jwt if self.proofs is not None else ()


def _check_proofs(body: Mapping[str, Any], *, batch_size: int, proofs_required: bool) -> None:
    """§8.2 ``proofs`` and §8.3.1.2 ``invalid_proof`` (1), before any proof is verified."""
    proofs = body.get("proofs")
    if proofs is None:
        if "proof" in body:
            raise ProofsMissing("'proof' is not part of OpenID4VCI 1.0; send 'proofs'")
        if proofs_required:
            raise ProofsMissing("proofs is required for this credential")
        return
    if not isinstance(proofs, Mapping) or len(proofs) != 1:
        raise ProofsMalformed("proofs is an object with exactly one proof type")
    ((proof_type, values),) = proofs.items()
    if proof_type != JWT_PROOF_TYPE:
        raise ProofTypeUnsupported(f"this proof type is not supported; use {JWT_PROOF_TYPE}")
    if not isinstance(values, list) or not values:
        raise ProofsMalformed(f"proofs.{JWT_PROOF_TYPE} is a non-empty array")
    if not all(isinstance(value, str) for value in values):
        raise ProofsMalformed(f"every entry of proofs.{JWT_PROOF_TYPE} is a string")
    if len(values) > batch_size:
        raise BatchSizeExceeded(f"{len(values)} key proofs, at most {batch_size} are accepted")


class IssuedCredential(BaseModel):
    """OpenID4VCI 1.0 §8.3: one entry of ``credentials``; for ``dc+sd-jwt`` a string
    (Appendix A.3.4), never re-encoded."""

    model_config = WIRE
    credential: StrictStr | dict[str, Any]


class CredentialResponse(Message):
    """OpenID4VCI 1.0 §8.3: immediate (``credentials``) or deferred (``transaction_id``)."""

    invalid = IssuerResponseInvalid
    credentials: tuple[IssuedCredential, ...] | None = Field(default=None, min_length=1)
    transaction_id: StrictStr | None = None
    interval: StrictInt | StrictFloat | None = Field(default=None, gt=0)
    notification_id: StrictStr | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _immediate_or_deferred(self) -> CredentialResponse:
        """§8.3: ``credentials`` xor ``transaction_id``; ``interval`` with the latter only;
        ``notification_id`` with ``credentials`` only."""
        if (self.credentials is None) == (self.transaction_id is None):
            raise ValueError("exactly one of credentials and transaction_id is required")
        if (self.interval is None) != (self.transaction_id is None):
            raise ValueError("interval goes with transaction_id, and only with it")
        if self.notification_id is not None and self.credentials is None:
            raise ValueError("notification_id goes with credentials only")
        return self

    @classmethod
    def issued(
        cls, credentials: Collection[str], *, notification_id: str | None = None
    ) -> CredentialResponse:
        """An immediate response with these credentials, in order."""
        return cls(
            credentials=tuple(IssuedCredential(credential=c) for c in credentials),
            notification_id=notification_id,
        )
