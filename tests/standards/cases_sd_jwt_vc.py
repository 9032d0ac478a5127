"""Battery rows for ``standards.sd_jwt_vc``: SD-JWT VCs that break a rule of the draft.

Names follow the section of ``../shared/specs/sd-jwt-vc.md`` each row guards: §2.2.1 (JOSE
header ``typ``), §2.2.2.1 (``vct``), §2.2.2.3 (registered claims never in Disclosures),
§2.4 (verification: validity, holder binding) and §2.5/§4 (issuer key discovery).

Each credential is built by hand so that exactly one thing is wrong with it; the rest is a
valid SD-JWT VC signed by the trusted issuer key (``kid`` ``issuer``), bound to ``HOLDER``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from standards.errors import (
    CertificateChainInvalid,
    HolderKeyMissing,
    IssuerKeyUnresolved,
    IssuerMetadataInvalid,
    IssuerMismatch,
    KeyBindingMissing,
    KeyFromHeaderRefused,
    MissingClaim,
    MissingVct,
    ProtectedClaimDisclosable,
    SignatureInvalid,
    TokenExpired,
    TokenNotYetValid,
    TypMismatch,
)
from standards.jose import KeySource, PrivateKey, b64url_encode, json_dumps, sign_jws
from standards.sd_jwt import KB_JWT_TYP, Disclosure, KeyBindingPolicy, Limits
from standards.sd_jwt.disclosures import digest
from standards.sd_jwt_vc import (
    SD_JWT_VC_TYP,
    JwtVcIssuerMetadata,
    TrustedIssuers,
    verify_credential,
    verify_credential_presentation,
)
from tests.standards.battery import Case
from tests.standards.pki_vc import make_issuer_chain

__all__ = ["CASES"]

ISS: Final = "https://gemeente.example.nl"
VCT: Final = "https://gemeente.example.nl/credentials/brp-persoon/v1"
NOW: Final = 1_700_000_000
NOW_DT: Final = datetime.fromtimestamp(NOW, UTC)
SKEW: Final = Limits().clock_skew
AUDIENCE: Final = "https://verifier.example.org"
NONCE: Final = "n-0S6_WzA2Mj"
POLICY: Final = KeyBindingPolicy(audience=AUDIENCE, nonce=NONCE)
ISSUER: Final = PrivateKey.generate(kid="issuer")
HOLDER: Final = PrivateKey.generate()
ATTACKER: Final = PrivateKey.generate(kid="attacker")
STATUS: Final = {"status_list": {"idx": 7, "uri": "https://gemeente.example.nl/status/1"}}
_DROP: Final = object()

TRUSTED: Final = TrustedIssuers(
    metadata={
        ISS: JwtVcIssuerMetadata.parse(
            {"issuer": ISS, "jwks": {"keys": [ISSUER.public.to_jwk()]}}, expected_issuer=ISS
        )
    }
)
CHAIN: Final = make_issuer_chain(NOW_DT, uris=[ISS])
STRANGER: Final = make_issuer_chain(NOW_DT, uris=[ISS])
"""A chain that names the issuer, but from a root nobody trusts."""
UNNAMED: Final = make_issuer_chain(NOW_DT, uris=["https://other.example.nl"])
"""A chain from the trusted root (below) whose leaf names another issuer."""
X5C_TRUSTED: Final = TrustedIssuers(trust_anchors=[CHAIN.root, UNNAMED.root], now=lambda: NOW_DT)

BASE: Final[Mapping[str, Any]] = {
    "iss": ISS,
    "iat": NOW - 60,
    "nbf": NOW - 60,
    "exp": NOW + 3600,
    "vct": VCT,
    "vct#integrity": "sha256-vJKakJAQkDYkIhGrT1M3nxRuSj9udH0l1PXB06QHto8=",
    "aka_vcts": ["urn:example:brp-persoon"],
    "status": STATUS,
    "cnf": {"jwk": HOLDER.public.to_jwk()},
    "given_name": "Jan",
    "_sd_alg": "sha-256",
}


def _payload(**changes: Any) -> dict[str, Any]:
    merged = {**BASE, **changes}
    return {name: value for name, value in merged.items() if value is not _DROP}


def _jws(
    payload: Mapping[str, Any],
    *,
    key: PrivateKey = ISSUER,
    header: Mapping[str, Any] | None = None,
) -> str:
    """A compact JWS with exactly this header (``typ dc+sd-jwt``, ``kid`` unless told)."""
    if header is None:
        header = {"alg": "ES256", "typ": SD_JWT_VC_TYP, "kid": key.kid}
    signing_input = (
        f"{b64url_encode(json_dumps(dict(header)))}.{b64url_encode(json_dumps(payload))}"
    )
    signature = key.sign_raw(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url_encode(signature)}"


def _sd_jwt(issuer_jwt: str, disclosures: Sequence[Disclosure] = ()) -> str:
    return "".join([issuer_jwt, "~", *(f"{d.encoded}~" for d in disclosures)])


def _credential(*, key: PrivateKey = ISSUER, **changes: Any) -> str:
    return _sd_jwt(sign_jws(_payload(**changes), key, typ=SD_JWT_VC_TYP))


def _typ(typ: object) -> str:
    header: dict[str, Any] = {"alg": "ES256", "kid": ISSUER.kid}
    if typ is not _DROP:
        header["typ"] = typ
    return _sd_jwt(_jws(_payload(), header=header))


def _as_disclosure(*path: str) -> str:
    """The claim at ``path`` moved out of the signed payload into a Disclosure, referenced
    from the ``_sd`` of the object that held it (RFC 9901 §4.2.4.1)."""
    payload = _payload()
    parent: dict[str, Any] = payload
    for name in path[:-1]:
        parent[name] = dict(parent[name])
        parent = parent[name]
    disclosure = Disclosure.create("c2FsdHNhbHRzYWx0c2FsdA", path[-1], parent.pop(path[-1]))
    parent["_sd"] = [disclosure.digest()]
    return _sd_jwt(sign_jws(payload, ISSUER, typ=SD_JWT_VC_TYP), [disclosure])


def _with_kb(sd_jwt: str, *, holder: PrivateKey = HOLDER) -> str:
    """Append a KB-JWT (RFC 9901 §4.3) over exactly ``sd_jwt``, signed by ``holder``."""
    claims = {"iat": NOW, "aud": AUDIENCE, "nonce": NONCE, "sd_hash": digest(sd_jwt)}
    return sd_jwt + sign_jws(claims, holder, typ=KB_JWT_TYP, include_kid=False)


def _hold(
    sd_jwt: str, *, issuer_key: KeySource = TRUSTED.resolve, now: int = NOW
) -> Callable[[], object]:
    """The Holder's check on receipt (RFC 9901 §7.2), holder binding required."""
    return lambda: verify_credential(sd_jwt, issuer_key=issuer_key, now=lambda: float(now))


def _verify(
    presentation: str,
    *,
    issuer_key: KeySource = TRUSTED.resolve,
    key_binding: KeyBindingPolicy | None = None,
    now: int = NOW,
) -> Callable[[], object]:
    """The Verifier's check of a presentation (RFC 9901 §7.3)."""
    return lambda: verify_credential_presentation(
        presentation, issuer_key=issuer_key, key_binding=key_binding, now=lambda: float(now)
    )


def _x5c(*, key: PrivateKey, x5c: object, iss: str = ISS) -> Callable[[], object]:
    header = {"alg": "ES256", "typ": SD_JWT_VC_TYP, "x5c": x5c}
    return _hold(
        _sd_jwt(_jws(_payload(iss=iss), key=key, header=header)), issuer_key=X5C_TRUSTED.resolve
    )


def _metadata(document: Mapping[str, Any]) -> Callable[[], object]:
    return lambda: JwtVcIssuerMetadata.parse(document, expected_issuer=ISS)


def _misfiled_metadata() -> object:
    """§4.3: another issuer's (valid) metadata filed under ``ISS`` in the caller's table."""
    other = "https://other.example.nl"
    metadata = JwtVcIssuerMetadata.parse(
        {"issuer": other, "jwks": {"keys": [ISSUER.public.to_jwk()]}}, expected_issuer=other
    )
    return _hold(_credential(), issuer_key=TrustedIssuers(metadata={ISS: metadata}).resolve)()


def _header_key(name: str, value: object) -> str:
    header = {"alg": "ES256", "typ": SD_JWT_VC_TYP, "kid": ATTACKER.kid, name: value}
    return _sd_jwt(_jws(_payload(), key=ATTACKER, header=header))


_PROTECTED: Final = ("iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status")

CASES: list[Case] = [
    # --- §2.2.1: typ dc+sd-jwt ----------------------------------------------------------
    Case("sd_jwt_vc_2_2_1_typ_missing", _hold(_typ(_DROP)), TypMismatch),
    Case("sd_jwt_vc_2_2_1_typ_vc_sd_jwt", _hold(_typ("vc+sd-jwt")), TypMismatch),
    Case("sd_jwt_vc_2_2_1_typ_example_sd_jwt", _hold(_typ("example+sd-jwt")), TypMismatch),
    Case("sd_jwt_vc_2_2_1_typ_jwt", _hold(_typ("JWT")), TypMismatch),
    Case("sd_jwt_vc_2_2_1_typ_kb_jwt", _hold(_typ("kb+jwt")), TypMismatch),
    Case("sd_jwt_vc_2_2_1_typ_not_a_string", _hold(_typ(["dc+sd-jwt"])), TypMismatch),
    Case("sd_jwt_vc_2_2_1_typ_wrong_at_verifier", _verify(_typ("vc+sd-jwt")), TypMismatch),
    # --- §2.2.2.1: vct REQUIRED, a string ---------------------------------------------------
    Case("sd_jwt_vc_2_2_2_1_vct_missing", _hold(_credential(vct=_DROP)), MissingVct),
    Case("sd_jwt_vc_2_2_2_1_vct_number", _hold(_credential(vct=42)), MissingVct),
    Case("sd_jwt_vc_2_2_2_1_vct_null", _hold(_credential(vct=None)), MissingVct),
    Case("sd_jwt_vc_2_2_2_1_vct_array", _hold(_credential(vct=[VCT])), MissingVct),
    Case("sd_jwt_vc_2_2_2_1_vct_object", _hold(_credential(vct={"id": VCT})), MissingVct),
    Case("sd_jwt_vc_2_2_2_1_vct_empty", _hold(_credential(vct="")), MissingVct),
    Case("sd_jwt_vc_2_2_2_1_vct_missing_at_verifier", _verify(_credential(vct=_DROP)), MissingVct),
    # --- §2.2.2.3: registered claims never in Disclosures -----------------------------------
    *(
        Case(
            f"sd_jwt_vc_2_2_2_3_{name.replace('#', '_')}_as_disclosure",
            _hold(_as_disclosure(name), issuer_key=ISSUER.public),
            ProtectedClaimDisclosable,
        )
        for name in _PROTECTED
    ),
    *(
        Case(
            f"sd_jwt_vc_2_2_2_3_{name.replace('#', '_')}_as_disclosure_at_verifier",
            _verify(_as_disclosure(name), issuer_key=ISSUER.public),
            ProtectedClaimDisclosable,
        )
        for name in _PROTECTED
    ),
    Case(
        "sd_jwt_vc_2_2_2_3_cnf_as_disclosure_with_key_binding",
        _verify(_with_kb(_as_disclosure("cnf")), key_binding=POLICY),
        ProtectedClaimDisclosable,
    ),
    Case(
        "sd_jwt_vc_2_2_2_3_cnf_jwk_sub_claim_as_disclosure",
        _hold(_as_disclosure("cnf", "jwk")),
        ProtectedClaimDisclosable,
    ),
    Case(
        "sd_jwt_vc_2_2_2_3_status_list_sub_claim_as_disclosure",
        _hold(_as_disclosure("status", "status_list")),
        ProtectedClaimDisclosable,
    ),
    Case(
        "sd_jwt_vc_2_2_2_3_iss_as_disclosure_hides_it_from_key_discovery",
        _hold(_as_disclosure("iss")),
        IssuerKeyUnresolved,
    ),
    # --- §2.2.2.3 types of registered claims ------------------------------------------------
    Case(
        "sd_jwt_vc_2_2_2_3_iss_not_a_string",
        _hold(_credential(iss=7), issuer_key=ISSUER.public),
        MissingClaim,
    ),
    Case(
        "sd_jwt_vc_2_2_2_3_status_not_an_object", _hold(_credential(status="revoked")), MissingClaim
    ),
    Case(
        "sd_jwt_vc_2_2_2_3_exp_not_a_numeric_date", _hold(_credential(exp="tomorrow")), MissingClaim
    ),
    Case("sd_jwt_vc_2_2_2_3_exp_boolean", _hold(_credential(exp=True)), MissingClaim),
    Case("sd_jwt_vc_2_2_2_3_nbf_not_a_numeric_date", _hold(_credential(nbf="now")), MissingClaim),
    # --- §2.4 with RFC 9901 §7.1 step 6: validity -----------------------------------------------
    Case("sd_jwt_vc_2_4_exp_expired", _hold(_credential(exp=NOW - 3600)), TokenExpired),
    Case("sd_jwt_vc_2_4_exp_expired_at_skew", _hold(_credential(exp=NOW - SKEW)), TokenExpired),
    Case(
        "sd_jwt_vc_2_4_exp_expired_at_verifier", _verify(_credential(exp=NOW - 3600)), TokenExpired
    ),
    Case("sd_jwt_vc_2_4_nbf_in_the_future", _hold(_credential(nbf=NOW + 3600)), TokenNotYetValid),
    Case(
        "sd_jwt_vc_2_4_nbf_just_past_skew", _hold(_credential(nbf=NOW + SKEW + 1)), TokenNotYetValid
    ),
    Case(
        "sd_jwt_vc_2_4_nbf_in_the_future_at_verifier",
        _verify(_credential(nbf=NOW + 3600)),
        TokenNotYetValid,
    ),
    # --- §2.2.2.3 cnf / §2.4: holder binding ---------------------------------------------------
    Case("sd_jwt_vc_2_4_holder_requires_cnf", _hold(_credential(cnf=_DROP)), HolderKeyMissing),
    Case(
        "sd_jwt_vc_2_4_verifier_key_binding_requires_cnf",
        _verify(_with_kb(_credential(cnf=_DROP)), key_binding=POLICY),
        HolderKeyMissing,
    ),
    Case(
        "sd_jwt_vc_2_4_verifier_key_binding_requires_kb_jwt",
        _verify(_credential(), key_binding=POLICY),
        KeyBindingMissing,
    ),
    Case(
        "sd_jwt_vc_2_4_cnf_without_jwk",
        _hold(_credential(cnf={"kid": "holder-key"})),
        HolderKeyMissing,
    ),
    Case("sd_jwt_vc_2_4_cnf_not_an_object", _hold(_credential(cnf="holder")), HolderKeyMissing),
    Case(
        "sd_jwt_vc_2_4_cnf_jwk_is_a_private_key",
        _hold(_credential(cnf={"jwk": HOLDER.to_private_jwk()})),
        HolderKeyMissing,
    ),
    Case(
        "sd_jwt_vc_2_4_kb_jwt_not_signed_by_the_cnf_key",
        _verify(_with_kb(_credential(), holder=ATTACKER), key_binding=POLICY),
        SignatureInvalid,
    ),
    # --- §2.5: issuer key discovery, never from the token ---------------------------------------
    Case(
        "sd_jwt_vc_2_5_key_from_jwk_header",
        _hold(_header_key("jwk", ATTACKER.public.to_jwk())),
        KeyFromHeaderRefused,
    ),
    Case(
        "sd_jwt_vc_2_5_key_from_jku_header",
        _hold(_header_key("jku", "https://attacker.example/jwks")),
        KeyFromHeaderRefused,
    ),
    Case(
        "sd_jwt_vc_2_5_key_from_x5u_header",
        _hold(_header_key("x5u", "https://attacker.example/cert.pem")),
        KeyFromHeaderRefused,
    ),
    Case(
        "sd_jwt_vc_2_5_untrusted_issuer",
        _hold(_credential(iss="https://attacker.example", key=ATTACKER)),
        IssuerKeyUnresolved,
    ),
    Case("sd_jwt_vc_2_5_no_iss", _hold(_credential(iss=_DROP)), IssuerKeyUnresolved),
    Case(
        "sd_jwt_vc_2_5_kid_not_matching",
        _hold(_credential(key=ATTACKER)),
        IssuerKeyUnresolved,
    ),
    Case(
        "sd_jwt_vc_2_5_issuer_kid_signed_by_another_key",
        _hold(
            _sd_jwt(
                _jws(
                    _payload(),
                    key=ATTACKER,
                    header={"alg": "ES256", "typ": SD_JWT_VC_TYP, "kid": ISSUER.kid},
                )
            )
        ),
        SignatureInvalid,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_chain_to_an_untrusted_root",
        _x5c(key=STRANGER.leaf_key, x5c=STRANGER.x5c),
        CertificateChainInvalid,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_leaf_not_naming_the_issuer",
        _x5c(key=UNNAMED.leaf_key, x5c=UNNAMED.x5c),
        IssuerMismatch,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_leaf_not_naming_a_broken_issuer_url",
        _x5c(key=UNNAMED.leaf_key, x5c=UNNAMED.x5c, iss="https://[::1"),
        IssuerMismatch,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_trusted_chain_signed_by_another_key",
        _x5c(key=ATTACKER, x5c=CHAIN.x5c),
        SignatureInvalid,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_not_a_list",
        _x5c(key=CHAIN.leaf_key, x5c=CHAIN.x5c[0]),
        CertificateChainInvalid,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_entry_not_a_certificate",
        _x5c(key=CHAIN.leaf_key, x5c=["bm90IGEgY2VydGlmaWNhdGU="]),
        CertificateChainInvalid,
    ),
    Case(
        "sd_jwt_vc_2_5_x5c_without_the_intermediate",
        _x5c(key=CHAIN.leaf_key, x5c=CHAIN.x5c[:1]),
        CertificateChainInvalid,
    ),
    # --- §4.2, §4.3: JWT VC Issuer Metadata ------------------------------------------------------
    Case(
        "sd_jwt_vc_4_3_metadata_of_another_issuer",
        _metadata(
            {"issuer": "https://other.example.nl", "jwks": {"keys": [ISSUER.public.to_jwk()]}}
        ),
        IssuerMetadataInvalid,
    ),
    Case(
        "sd_jwt_vc_4_3_metadata_filed_under_another_issuer",
        _misfiled_metadata,
        IssuerMetadataInvalid,
    ),
    Case(
        "sd_jwt_vc_4_2_metadata_with_jwks_and_jwks_uri",
        _metadata(
            {
                "issuer": ISS,
                "jwks": {"keys": [ISSUER.public.to_jwk()]},
                "jwks_uri": "https://gemeente.example.nl/jwks",
            }
        ),
        IssuerMetadataInvalid,
    ),
    Case("sd_jwt_vc_4_2_metadata_without_keys", _metadata({"issuer": ISS}), IssuerMetadataInvalid),
    Case(
        "sd_jwt_vc_4_metadata_for_an_http_issuer",
        lambda: JwtVcIssuerMetadata.parse(
            {"issuer": "http://gemeente.example.nl", "jwks": {"keys": [ISSUER.public.to_jwk()]}},
            expected_issuer="http://gemeente.example.nl",
        ),
        IssuerMetadataInvalid,
    ),
]
