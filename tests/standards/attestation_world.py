"""A wallet provider, its instance and an Authorization Server for the client attestation tests
(OAuth 2.0 Attestation-Based Client Authentication, OpenID4VCI 1.0 Appendix E).

Everything is valid at ``NOW``: a provider CA (the trust anchor), the provider's signing
certificate naming ``PROVIDER`` as SAN URI, a wallet instance key, and hand-built JWTs of which
exactly the asked-for part can be changed (``_DROP`` removes a member).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from standards.jose import PrivateKey, b64url_encode, json_dumps
from standards.oid4vci.client_attestation import ATTESTATION_TYP, POP_TYP
from tests.standards.pki import der_b64, make_ca, make_leaf

__all__ = [
    "AUDIENCE",
    "CLIENT_ID",
    "DROP",
    "INSTANCE",
    "NOW",
    "OTHER_X5C",
    "PROVIDER",
    "PROVIDER_KEY",
    "ROOT",
    "X5C",
    "attestation",
    "pop",
]

NOW: Final = 1_700_000_000
PROVIDER: Final = "https://wallet.example.nl"
CLIENT_ID: Final = PROVIDER
AUDIENCE: Final = "https://gemeente.example.nl"
DROP: Final = object()

_AT = datetime.fromtimestamp(NOW, UTC)
ROOT, _ROOT_KEY = make_ca("Regie test wallet provider CA", _AT, path_length=0)
PROVIDER_KEY: Final = PrivateKey.generate()
X5C: Final = [
    der_b64(
        make_leaf(
            "Regie test wallet provider",
            PROVIDER_KEY.key.public_key(),
            (ROOT, _ROOT_KEY),
            _AT,
            san_uris=(PROVIDER,),
        )
    )
]
_OTHER_ROOT = make_ca("Someone else's CA", _AT, path_length=0)
OTHER_X5C: Final = [
    der_b64(
        make_leaf(
            "Not a wallet provider",
            PROVIDER_KEY.key.public_key(),
            _OTHER_ROOT,
            _AT,
            san_uris=(PROVIDER,),
        )
    )
]
"""The provider's key, certified by a CA nobody trusts."""
INSTANCE: Final = PrivateKey.generate()
INSTANCE_JWK: Final = {name: INSTANCE.public.jwk[name] for name in ("kty", "crv", "x", "y")}


def _merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in {**base, **changes}.items() if value is not DROP}


def _jws(header: Mapping[str, Any], payload: Mapping[str, Any], key: PrivateKey) -> str:
    signing_input = (
        f"{b64url_encode(json_dumps(dict(header)))}.{b64url_encode(json_dumps(dict(payload)))}"
    )
    signature = key.sign_raw(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"


def attestation(
    *, header: Mapping[str, Any] | None = None, key: PrivateKey = PROVIDER_KEY, **claims: Any
) -> str:
    """A Client Attestation JWT (ABCA §5.1) as the provider signs it, ``claims`` changed."""
    base_header = {"alg": "ES256", "typ": ATTESTATION_TYP, "x5c": X5C}
    payload = {
        "iss": PROVIDER,
        "sub": CLIENT_ID,
        "iat": NOW - 10,
        "nbf": NOW - 10,
        "exp": NOW + 300,
        "cnf": {"jwk": INSTANCE_JWK},
        "wallet_name": "Regie wallet",
        "wallet_link": PROVIDER,
    }
    return _jws(_merge(base_header, header or {}), _merge(payload, claims), key)


def pop(
    *, header: Mapping[str, Any] | None = None, key: PrivateKey = INSTANCE, **claims: Any
) -> str:
    """A Client Attestation PoP JWT (ABCA §5.2) by the instance, ``claims`` changed."""
    base_header = {"alg": "ES256", "typ": POP_TYP}
    payload = {"iss": CLIENT_ID, "aud": AUDIENCE, "jti": "pop-1", "iat": NOW}
    return _jws(_merge(base_header, header or {}), _merge(payload, claims), key)
