"""SD-JWT VC §2: issuance, the Holder's check (RFC 9901 §7.2), presentation and the
Verifier's check (§7.3), with the registered claims kept visible (§2.2.2.3).

Attacks and malformed credentials are rows in ``cases_sd_jwt_vc.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from standards.errors import (
    HolderKeyMissing,
    ProtectedClaimDisclosable,
    SelectionInvalid,
    TokenExpired,
    TokenNotYetValid,
)
from standards.jose import PrivateKey, parse_jws, sign_jws
from standards.sd_jwt import (
    ClaimPath,
    IssuedSDJWT,
    KeyBindingPolicy,
    Limits,
    create_presentation,
    select_disclosures,
)
from standards.sd_jwt_vc import (
    PROTECTED_CLAIMS,
    SD_JWT_VC_TYP,
    CredentialTemplate,
    JwtVcIssuerMetadata,
    TrustedIssuers,
    VerifiedCredential,
    issue_credential,
    prepare_credential,
    verify_credential,
    verify_credential_presentation,
)
from standards.status_list import StatusReference

ISS = "https://gemeente.example.nl"
VCT = "https://gemeente.example.nl/credentials/brp-persoon/v1"
NOW = 1_700_000_000
EXP = NOW + 365 * 86_400
NBF = NOW - 60
AUDIENCE = "https://verifier.example.org"
NONCE = "n-0S6_WzA2Mj"
ISSUER = PrivateKey.generate(kid="issuer-2025")
HOLDER = PrivateKey.generate()
POLICY = KeyBindingPolicy(audience=AUDIENCE, nonce=NONCE)
STATUS = {"status_list": {"idx": 7, "uri": "https://gemeente.example.nl/status/1"}}
TRUSTED = TrustedIssuers(
    metadata={
        ISS: JwtVcIssuerMetadata.parse(
            {"issuer": ISS, "jwks": {"keys": [ISSUER.public.to_jwk()]}}, expected_issuer=ISS
        )
    }
)
CLAIMS: dict[str, Any] = {
    "given_name": "Jan",
    "family_name": "de Vries",
    "birthdate": "1990-04-01",
    "address": {"street_address": "Dorpsstraat 1", "locality": "Utrecht", "country": "NL"},
}
DISCLOSABLE: list[ClaimPath] = [
    ("given_name",),
    ("family_name",),
    ("birthdate",),
    ("address",),
    ("address", "street_address"),
]


def _at(moment: float) -> Callable[[], float]:
    return lambda: float(moment)


PREPARED: dict[str, Any] = {
    "vct": VCT,
    "issuer": ISS,
    "claims": CLAIMS,
    "disclosable": DISCLOSABLE,
    "issued_at": NOW,
    "expires_at": EXP,
}
"""What :func:`prepare_credential` takes; :func:`issue_credential` takes one copy's part too."""


def _issue(**options: Any) -> IssuedSDJWT:
    arguments = {
        **PREPARED,
        "key": ISSUER,
        "holder_key": HOLDER.public,
        "not_before": NBF,
        "status": STATUS,
    }
    return issue_credential(**(arguments | options))


def _present(issued: IssuedSDJWT, paths: list[ClaimPath]) -> str:
    held = verify_credential(issued.compact, issuer_key=TRUSTED.resolve, now=_at(NOW))
    return create_presentation(
        issued.issuer_jwt,
        select_disclosures(held.sd_jwt, paths),
        holder_key=HOLDER,
        audience=AUDIENCE,
        nonce=NONCE,
        issued_at=NOW,
    )


# --- round trip ---------------------------------------------------------------------------


def test_issue_hold_present_verify_round_trip() -> None:
    issued = _issue()
    held = verify_credential(issued.compact, issuer_key=TRUSTED.resolve, now=_at(NOW))
    assert {k: held.claims[k] for k in CLAIMS} == CLAIMS

    presentation = _present(issued, [("given_name",), ("address", "locality")])
    verified = verify_credential_presentation(
        presentation, issuer_key=TRUSTED.resolve, key_binding=POLICY, now=_at(NOW + 5)
    )

    assert verified.claims["given_name"] == "Jan"
    assert verified.claims["address"] == {"locality": "Utrecht", "country": "NL"}
    assert "family_name" not in verified.claims
    assert "birthdate" not in verified.claims
    assert verified.sd_jwt.key_binding is not None
    assert verified.sd_jwt.key_binding.payload["aud"] == AUDIENCE


def test_registered_claims_are_always_visible_in_the_signed_payload() -> None:
    """§2.2.2.3: ``iss nbf exp cnf vct status`` are in the Issuer-signed JWT, never hidden."""
    issued = _issue()
    jws = parse_jws(issued.issuer_jwt)
    assert jws.header["typ"] == SD_JWT_VC_TYP
    for name in ("iss", "iat", "nbf", "exp", "cnf", "vct", "status"):
        assert name in jws.payload
    assert all(d.name not in PROTECTED_CLAIMS for d in issued.disclosures)


def test_presentation_without_disclosures_still_shows_registered_claims() -> None:
    issued = _issue()
    verified = verify_credential_presentation(
        _present(issued, []), issuer_key=TRUSTED.resolve, key_binding=POLICY, now=_at(NOW)
    )
    assert set(verified.claims) == {"iss", "iat", "nbf", "exp", "cnf", "vct", "status"}


def test_credential_without_disclosable_claims_has_no_sd() -> None:
    """§2.2.2.5: no selectively disclosable claims, no ``_sd`` and no Disclosures."""
    issued = _issue(disclosable=[])
    assert "_sd" not in issued.payload
    assert issued.compact.endswith("~")
    assert issued.compact.count("~") == 1
    verified = verify_credential(issued.compact, issuer_key=TRUSTED.resolve, now=_at(NOW))
    assert verified.claims["given_name"] == "Jan"


# --- a batch of copies (OpenID4VCI §8.2) over one prepared credential ----------------------


def _template(**options: Any) -> CredentialTemplate:
    return prepare_credential(**(PREPARED | options))


def _batch(count: int, **options: Any) -> list[IssuedSDJWT]:
    template = _template(**options)
    holders = [PrivateKey.generate() for _ in range(count)]
    return [
        template.issue(
            key=ISSUER,
            holder_key=holder.public,
            status={"status_list": {"idx": index, "uri": "https://gemeente.example.nl/s/1"}},
        )
        for index, holder in enumerate(holders)
    ]


def test_copies_of_a_batch_share_no_salt_digest_or_decoy() -> None:
    """RFC 9901 §9.3 and §4.2.5: each copy its own salts and decoys, so two presentations
    of one batch cannot be linked by a digest; the claims and their nesting are the same."""
    copies = _batch(4, decoys=2)
    salts = [d.salt for copy in copies for d in copy.disclosures]
    assert len(salts) == len(set(salts)) == 4 * 5
    digests = [digest for copy in copies for digest in copy.payload["_sd"]]
    assert len(digests) == len(set(digests)) == 4 * (4 + 2)  # per copy: 4 claims, 2 decoys
    for index, copy in enumerate(copies):
        held = verify_credential(copy.compact, issuer_key=TRUSTED.resolve, now=_at(NOW))
        assert {k: held.claims[k] for k in CLAIMS} == CLAIMS
        assert held.status == StatusReference(idx=index, uri="https://gemeente.example.nl/s/1")
        assert [(d.name, d.value) for d in copy.disclosures if d.name != "address"] == [
            (d.name, d.value) for d in copies[0].disclosures if d.name != "address"
        ]


def test_one_copy_from_a_template_is_what_issue_credential_gives() -> None:
    """:func:`issue_credential` is a template of one copy: the same payload members in the
    same order (registered claims first), the same Disclosures but for salts and digests."""
    template = _template()
    copy = template.issue(key=ISSUER, holder_key=HOLDER.public, status=STATUS)
    single = _issue(not_before=None)
    assert list(copy.payload) == list(single.payload)
    assert copy.payload["status"] == single.payload["status"]
    assert copy.payload["cnf"] == single.payload["cnf"]
    assert [d.name for d in copy.disclosures] == [d.name for d in single.disclosures]
    assert [d.value for d in copy.disclosures[:3]] == [d.value for d in single.disclosures[:3]]


def test_a_copy_may_not_repeat_a_prepared_claim() -> None:
    template = _template(disclosable=[])
    with pytest.raises(SelectionInvalid):
        template.sd_jwt.issue(key=ISSUER, typ=SD_JWT_VC_TYP, visible={"given_name": "Piet"})


# --- VerifiedCredential --------------------------------------------------------------------


def test_verified_credential_fields() -> None:
    verified = verify_credential(_issue().compact, issuer_key=TRUSTED.resolve, now=_at(NOW))
    assert isinstance(verified, VerifiedCredential)
    assert verified.vct == VCT
    assert verified.issuer == ISS
    assert verified.status == StatusReference(idx=7, uri="https://gemeente.example.nl/status/1")
    assert verified.holder_key is not None
    assert verified.holder_key.thumbprint() == HOLDER.public.thumbprint()
    assert verified.expires_at == EXP
    assert verified.claims["iat"] == NOW


def test_verified_credential_optional_fields_absent() -> None:
    issued = _issue(holder_key=None, expires_at=None, not_before=None, status=None)
    verified = verify_credential(
        issued.compact, issuer_key=TRUSTED.resolve, require_holder_key=False, now=_at(NOW)
    )
    assert verified.holder_key is None
    assert verified.status is None
    assert verified.expires_at is None
    assert "nbf" not in verified.claims


def test_expires_at_reads_a_fractional_numeric_date() -> None:
    """RFC 7519 §2: a NumericDate may be non-integer; it still is an expiry time."""
    payload = {"iss": ISS, "iat": NOW, "vct": VCT, "exp": EXP + 0.5}
    compact = sign_jws(payload, ISSUER, typ=SD_JWT_VC_TYP) + "~"
    verified = verify_credential(
        compact, issuer_key=ISSUER.public, require_holder_key=False, now=_at(NOW)
    )
    assert verified.expires_at == EXP


# --- §2.2.2.3: protected claims ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PROTECTED_CLAIMS))
def test_protected_claim_cannot_be_made_disclosable(name: str) -> None:
    with pytest.raises(ProtectedClaimDisclosable):
        _issue(disclosable=[*DISCLOSABLE, (name,)])


@pytest.mark.parametrize(
    "path", [("cnf", "jwk"), ("status", "status_list"), ("status", "status_list", "idx")]
)
def test_protected_sub_claim_cannot_be_made_disclosable(path: ClaimPath) -> None:
    with pytest.raises(ProtectedClaimDisclosable):
        _issue(disclosable=[path])


@pytest.mark.parametrize("name", [*sorted(PROTECTED_CLAIMS), "iat"])
def test_subject_claims_may_not_override_registered_claims(name: str) -> None:
    with pytest.raises(ProtectedClaimDisclosable):
        _issue(claims={**CLAIMS, name: "https://attacker.example"})


# --- holder binding ------------------------------------------------------------------------


def test_holder_requires_a_holder_key_by_default() -> None:
    issued = _issue(holder_key=None)
    with pytest.raises(HolderKeyMissing):
        verify_credential(issued.compact, issuer_key=TRUSTED.resolve, now=_at(NOW))


def test_holder_may_accept_an_unbound_credential() -> None:
    issued = _issue(holder_key=None)
    verified = verify_credential(
        issued.compact, issuer_key=TRUSTED.resolve, require_holder_key=False, now=_at(NOW)
    )
    assert verified.holder_key is None


def test_verifier_without_key_binding_accepts_an_unbound_credential() -> None:
    issued = _issue(holder_key=None)
    verified = verify_credential_presentation(
        issued.compact, issuer_key=TRUSTED.resolve, key_binding=None, now=_at(NOW)
    )
    assert verified.vct == VCT


# --- validity and clock skew (RFC 7519 §4.1.4, §4.1.5; RFC 9901 §7.1 step 6) -----------------

SKEW = Limits().clock_skew


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (EXP - 1, None),
        (EXP, None),
        (EXP + SKEW - 1, None),
        (EXP + SKEW, TokenExpired),
        (EXP + SKEW + 1, TokenExpired),
        (NBF, None),
        (NBF - SKEW, None),
        (NBF - SKEW - 1, TokenNotYetValid),
    ],
    ids=[
        "before_exp",
        "at_exp",
        "inside_skew_after_exp",
        "at_skew_after_exp",
        "past_skew_after_exp",
        "at_nbf",
        "inside_skew_before_nbf",
        "past_skew_before_nbf",
    ],
)
def test_clock_skew_around_exp_and_nbf(moment: int, expected: type[Exception] | None) -> None:
    issued = _issue()
    checks: list[Callable[[], VerifiedCredential]] = [
        lambda: verify_credential(issued.compact, issuer_key=TRUSTED.resolve, now=_at(moment)),
        lambda: verify_credential_presentation(
            issued.compact, issuer_key=TRUSTED.resolve, key_binding=None, now=_at(moment)
        ),
    ]
    for check in checks:
        if expected is None:
            assert check().vct == VCT
        else:
            with pytest.raises(expected):
                check()


def test_clock_skew_is_the_callers_limit() -> None:
    issued = _issue()
    strict = Limits(clock_skew=0)
    with pytest.raises(TokenExpired):
        verify_credential(issued.compact, issuer_key=TRUSTED.resolve, now=_at(EXP), limits=strict)
    with pytest.raises(TokenNotYetValid):
        verify_credential(
            issued.compact, issuer_key=TRUSTED.resolve, now=_at(NBF - 1), limits=strict
        )
