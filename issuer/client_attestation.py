"""Wallet attestations at the token endpoint: the issuer's side of OpenID4VCI 1.0 Appendix E.

A wallet authenticates its Token Request with a Client Attestation JWT from its wallet provider
and a PoP signed with its instance key (OAuth 2.0 Attestation-Based Client Authentication,
"ABCA", draft -07; the checks are :mod:`standards.oid4vci.client_attestation`). What this module
adds is the issuer's policy:

- ``ISSUER_WALLET_ATTESTATION``: ``off`` (the headers are ignored, the metadata is silent),
  ``optional`` (a wallet that sends an attestation must send a valid one; one that sends none
  is served anonymously) or ``required`` (no access token without a valid one);
- which wallet providers it trusts: the demo CA (``ISSUER_WALLET_PROVIDER_TRUST_DEMO_CA``) and
  root certificates in PEM files (``ISSUER_WALLET_PROVIDER_ANCHOR_FILES``), Appendix E: "signed
  by an issuer that the Credential Issuer trusts for this purpose";
- replay (ABCA §12.1): each PoP's ``jti`` is accepted once. It is kept, as a keyed hash, in the
  table of single-use values (``nonce``) until the PoP would be too old anyway, already
  consumed, so it can never pass as a ``c_nonce``; the unique index makes a second use fail in
  one statement, whichever worker sees it;
- the metadata (ABCA §10.1): ``token_endpoint_auth_methods_supported`` with
  ``attest_jwt_client_auth`` (and ``none`` while attestation is optional), the algorithm lists,
  and ``pre-authorized_grant_anonymous_access_supported`` false when it is required;
- the audit log names the wallet (provider and ``wallet_name``) that got an access token; the
  instance key is not kept beyond the request.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from cryptography import x509

from issuer.audit import audit
from issuer.db.tables import Nonce
from issuer.settings import IssuerSettings
from regie.db.engine import is_unique_violation
from standards.errors import ClientAttestationMissing, ClientAttestationPopReplayed
from standards.jose import DEFAULT_ALGORITHMS
from standards.oid4vci import (
    AUTH_METHOD,
    AttestationPolicy,
    VerifiedClientAttestation,
    client_attestation_headers,
    verify_client_attestation,
)

__all__ = ["POP_MAX_AGE_SECONDS", "WalletAttestations"]

POP_MAX_AGE_SECONDS: Final = 300
"""How old a PoP's ``iat`` may be (ABCA §5.2, §9 step 9); its ``jti`` is kept as long."""


@dataclass(frozen=True)
class WalletAttestations:
    """The issuer's wallet attestation policy (see the module text)."""

    mode: Literal["off", "optional", "required"]
    policy: AttestationPolicy
    """What a verified attestation must satisfy: this issuer as audience, the anchors."""
    secret: bytes
    clock: Callable[[], datetime]

    @classmethod
    def configured(
        cls,
        settings: IssuerSettings,
        *,
        demo_ca: x509.Certificate,
        secret: bytes,
        clock: Callable[[], datetime],
    ) -> WalletAttestations:
        """The policy of ``settings``; the anchor files are read once, here."""
        anchors = [demo_ca] if settings.wallet_provider_trust_demo_ca else []
        for path in settings.wallet_provider_anchor_files:
            anchors.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
        policy = AttestationPolicy(
            audience=settings.public_url,
            trust_anchors=tuple(anchors),
            pop_max_age=POP_MAX_AGE_SECONDS,
        )
        return cls(settings.wallet_attestation, policy, secret, clock)

    @property
    def required(self) -> bool:
        return self.mode == "required"

    def metadata(self) -> dict[str, Any]:
        """The Authorization Server Metadata members this policy adds (ABCA §10.1, RFC 8414
        §2, OpenID4VCI 1.0 §12.3)."""
        if self.mode == "off":
            return {"pre-authorized_grant_anonymous_access_supported": True}
        return {
            "pre-authorized_grant_anonymous_access_supported": not self.required,
            "token_endpoint_auth_methods_supported": [AUTH_METHOD]
            if self.required
            else [AUTH_METHOD, "none"],
            "client_attestation_signing_alg_values_supported": list(DEFAULT_ALGORITHMS),
            "client_attestation_pop_signing_alg_values_supported": list(DEFAULT_ALGORITHMS),
        }

    async def authenticate(
        self, headers: Iterable[tuple[str, str]], *, client_id: str | None
    ) -> VerifiedClientAttestation | None:
        """ABCA §6.3: the request's attestation, verified and its PoP used up; ``None`` when
        the request has none and none is required (or attestations are ``off``)."""
        if self.mode == "off":
            return None
        found = client_attestation_headers(headers)
        if found is None:
            if self.required:
                raise ClientAttestationMissing("this issuer requires a wallet attestation")
            return None
        verified = verify_client_attestation(
            *found, self.policy, client_id=client_id, now=lambda: self.clock().timestamp()
        )
        await self._use_once(verified)
        return verified

    async def _use_once(self, verified: VerifiedClientAttestation) -> None:
        """ABCA §12.1: a PoP whose ``jti`` this client used before is a replay."""
        seen = f"client-attestation-pop:{verified.client_id}:{verified.jti}".encode()
        value = hmac.new(self.secret, seen, hashlib.sha256).hexdigest()
        now = self.clock()
        row = Nonce(
            value=value,
            expires_at=datetime.fromtimestamp(verified.remember_until, UTC),
            consumed_at=now,
        )
        try:
            await Nonce.insert(row).run()
        except Exception as exc:
            if is_unique_violation(exc):
                raise ClientAttestationPopReplayed("this PoP was used before") from exc
            raise

    async def record(self, verified: VerifiedClientAttestation) -> None:
        """The audit row of an access token given to an attested wallet: which provider and
        wallet, never the instance key."""
        await audit(
            at=self.clock(),
            actor="wallet",
            action="token.wallet_attested",
            subject=verified.client_id,
            detail={"wallet_provider": verified.attester, "wallet_name": verified.wallet_name},
        )
