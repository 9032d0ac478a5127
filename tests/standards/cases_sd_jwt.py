"""Battery rows for RFC 9901 SD-JWT: malformed input and attacks, one row per failed check.

Structurally bad SD-JWTs are built by hand: a crafted payload is signed with the Issuer's key
(``jose.sign_jws``, or raw bytes for duplicate keys), so that the signature holds and the row
reaches the check it names. Names follow the section they guard.
"""

from __future__ import annotations

import functools
from typing import Any

from standards.errors import (
    AlgorithmNotAllowed,
    AudienceMismatch,
    BadBase64,
    ClaimNameCollision,
    DisclosureInvalidName,
    DisclosureMalformed,
    DisclosureWrongKind,
    DuplicateDigest,
    DuplicateDisclosure,
    DuplicateJSONKey,
    EmptyInput,
    ExpectedPresentationWithKeyBinding,
    HolderKeyMissing,
    InputTooLarge,
    InvalidJSON,
    InvalidUTF8,
    KeyBindingIatInvalid,
    KeyBindingMissing,
    KeyBindingUnexpected,
    KeyFromHeaderRefused,
    LimitExceeded,
    MissingClaim,
    MissingTrailingTilde,
    NonceMismatch,
    SdHashMismatch,
    SignatureInvalid,
    TokenExpired,
    TokenNotYetValid,
    TypMismatch,
    UnreferencedDisclosure,
    UnsupportedHashAlgorithm,
    WrongSegmentCount,
)
from standards.jose import (
    PrivateKey,
    b64url_decode,
    b64url_encode,
    json_dumps,
    json_loads,
    sign_jws,
)
from standards.sd_jwt import (
    IssuedSDJWT,
    KeyBindingPolicy,
    Limits,
    VerifiedSDJWT,
    issue_sd_jwt,
    verify_issuance,
    verify_presentation,
)
from standards.sd_jwt.disclosures import digest
from standards.sd_jwt.serialization import MAX_SD_JWT_SIZE, join_sd_jwt
from tests.standards.battery import Case

__all__ = ["CASES"]

TYP = "example+sd-jwt"
NOW = 1_700_000_000
DAY = 24 * 60 * 60
AUDIENCE = "https://verifier.example.org"
NONCE = "1234567890"
ISSUER = PrivateKey.generate()
HOLDER = PrivateKey.generate()
OTHER = PrivateKey.generate()
POLICY = KeyBindingPolicy(audience=AUDIENCE, nonce=NONCE)
ISS = "https://issuer.example.com"


def _clock() -> float:
    return float(NOW)


# --- the two receivers ---------------------------------------------------------------------


def _holder(sd_jwt: str, limits: Limits | None = None) -> VerifiedSDJWT:
    """§7.2: the Holder checks what the Issuer sent (every §7.1 check)."""
    return verify_issuance(
        sd_jwt, issuer_key=ISSUER.public, typ=TYP, now=_clock, limits=limits or Limits()
    )


def _verifier(presentation: str, policy: KeyBindingPolicy | None = POLICY) -> VerifiedSDJWT:
    """§7.3: the Verifier checks a presentation under its own Key Binding policy."""
    return verify_presentation(
        presentation, issuer_key=ISSUER.public, typ=TYP, key_binding=policy, now=_clock
    )


# --- building blocks -----------------------------------------------------------------------


def _enc(array: Any) -> str:
    """A Disclosure (or anything else) as base64url over its compact UTF-8 JSON."""
    return b64url_encode(json_dumps(array))


def _raw(data: bytes) -> str:
    return b64url_encode(data)


def _jwt(payload: dict[str, Any], key: PrivateKey = ISSUER, typ: str = TYP) -> str:
    return sign_jws({"iss": ISS, "_sd_alg": "sha-256", **payload}, key, typ=typ)


def _raw_jws(header: bytes, payload: bytes, key: PrivateKey = ISSUER) -> str:
    """A JWS over exactly these header and payload bytes (for duplicate member names)."""
    signing_input = f"{_raw(header)}.{_raw(payload)}"
    return f"{signing_input}.{_raw(key.sign_raw(signing_input.encode('ascii')))}"


def _sd_jwt(payload: dict[str, Any], *disclosures: str) -> str:
    """An Issuer-signed JWT over ``payload``, followed by ``disclosures``."""
    return join_sd_jwt(_jwt(payload), disclosures)


def _referenced(disclosure: str, **visible: Any) -> str:
    """An SD-JWT whose top-level ``_sd`` holds the digest of ``disclosure``."""
    return _sd_jwt({**visible, "_sd": [digest(disclosure)]}, disclosure)


def _in_array(disclosure: str) -> str:
    """An SD-JWT whose ``nationalities`` array references ``disclosure`` with ``...``."""
    return _sd_jwt({"nationalities": [{"...": digest(disclosure)}]}, disclosure)


GIVEN_NAME = _enc(["2GLC42sKQveCfGfryNRN9w", "given_name", "Jan"])
NL = _enc(["lklxF5jMYlGTPUovMNIvCA", "NL"])


def _credential(*, bound: bool = True) -> IssuedSDJWT:
    """An SD-JWT as issued: two disclosable names, a recursive address, array elements."""
    return _issued(bound)


@functools.cache
def _issued(bound: bool) -> IssuedSDJWT:
    return issue_sd_jwt(
        {
            "iss": ISS,
            "given_name": "Jan",
            "family_name": "de Vries",
            "address": {"locality": "Utrecht", "country": "NL"},
            "nationalities": ["NL", "BE"],
        },
        disclosable=[
            ("given_name",),
            ("family_name",),
            ("address",),
            ("address", "locality"),
            ("nationalities", None),
        ],
        key=ISSUER,
        typ=TYP,
        holder_key=HOLDER.public if bound else None,
    )


def _disclosure(name: str, *, bound: bool = True) -> str:
    """The encoded Disclosure of the credential for claim ``name`` (or array value)."""
    for item in _credential(bound=bound).disclosures:
        if name in (item.name, item.value):
            return item.encoded
    raise LookupError(name)  # pragma: no cover - rows only name claims that exist


def _kb(
    sd_jwt: str,
    *,
    key: PrivateKey = HOLDER,
    typ: str = "kb+jwt",
    drop: tuple[str, ...] = (),
    headers: dict[str, Any] | None = None,
    **claims: Any,
) -> str:
    """A KB-JWT (§4.3) over ``sd_jwt``; ``claims`` replace the defaults, ``drop`` removes."""
    payload = {"iat": NOW, "aud": AUDIENCE, "nonce": NONCE, "sd_hash": digest(sd_jwt), **claims}
    for name in drop:
        del payload[name]
    return sign_jws(payload, key, typ=typ, headers=headers, include_kid=False)


def _presented(*names: str, bound: bool = True, **kb: Any) -> str:
    """An SD-JWT+KB disclosing ``names``, with a KB-JWT tuned by ``kb``."""
    issuer_jwt = _credential(bound=bound).issuer_jwt
    sd_jwt = join_sd_jwt(issuer_jwt, [_disclosure(n, bound=bound) for n in names])
    return sd_jwt + _kb(sd_jwt, **kb)


def _with_kb_over(signed: tuple[str, ...], sent: tuple[str, ...]) -> str:
    """A KB-JWT whose ``sd_hash`` covers ``signed`` Disclosures, sent with ``sent`` ones."""
    issuer_jwt = _credential().issuer_jwt
    kb = _kb(join_sd_jwt(issuer_jwt, [_disclosure(n) for n in signed]))
    return join_sd_jwt(issuer_jwt, [_disclosure(n) for n in sent]) + kb


def _tampered(name: str) -> str:
    """The credential with the Disclosure for ``name`` re-encoded with another value."""
    original = _disclosure(name)
    salt, claim, _ = json_loads(b64url_decode(original))
    return _credential().compact.replace(original, _enc([salt, claim, "Mallory"]))


def _two_with_one_name() -> str:
    """Two Disclosures in one ``_sd`` that both disclose ``given_name``."""
    piet = _enc(["EkN2A4Mgy4jU8I4S2aEMhA", "given_name", "Piet"])
    return _sd_jwt({"_sd": [digest(GIVEN_NAME), digest(piet)]}, GIVEN_NAME, piet)


def _digest_twice_through_a_disclosure() -> str:
    """``given_name``'s digest both in a visible object and inside another Disclosure."""
    person = _enc(["EkN2A4Mgy4jU8I4S2aEMhA", "person", {"_sd": [digest(GIVEN_NAME)]}])
    payload = {"_sd": [digest(person)], "nickname": {"_sd": [digest(GIVEN_NAME)]}}
    return _sd_jwt(payload, person, GIVEN_NAME)


def _nested(depth: int) -> dict[str, Any]:
    claims: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        claims = {"a": claims}
    return claims


HEADER = b'{"alg":"ES256","typ":"example+sd-jwt"}'
HEADER_NONE = b'{"alg":"none","typ":"example+sd-jwt"}'
KB_HEADER = b'{"alg":"ES256","typ":"kb+jwt"}'
KB_HEADER_NONE = b'{"alg":"none","typ":"kb+jwt"}'
PAYLOAD = b'{"iss":"https://issuer.example.com","_sd_alg":"sha-256"}'


CASES: list[Case] = [
    # §4: the compact serialization.
    Case("rfc9901_4_empty_input", lambda: _holder(""), EmptyInput),
    Case("rfc9901_4_empty_presentation", lambda: _verifier(""), EmptyInput),
    Case(
        "rfc9901_4_missing_trailing_tilde",
        lambda: _holder(_credential().compact[:-1]),
        MissingTrailingTilde,
    ),
    Case(
        "rfc9901_4_no_tilde_at_all",
        lambda: _holder(_credential().issuer_jwt),
        MissingTrailingTilde,
    ),
    Case(
        "rfc9901_4_missing_trailing_tilde_without_key_binding_policy",
        lambda: _verifier(_credential().compact[:-1], policy=None),
        MissingTrailingTilde,
    ),
    Case(
        "rfc9901_4_last_component_is_not_a_kb_jwt",
        lambda: _verifier(_credential().compact[:-1]),
        ExpectedPresentationWithKeyBinding,
    ),
    Case(
        "rfc9901_4_input_too_large",
        lambda: _holder("a" * (MAX_SD_JWT_SIZE + 1) + "~"),
        InputTooLarge,
    ),
    Case(
        "rfc7515_7_1_issuer_jwt_with_two_segments",
        lambda: _holder(_credential().issuer_jwt.rsplit(".", 1)[0] + "~"),
        WrongSegmentCount,
    ),
    Case(
        "rfc7515_7_1_issuer_jwt_with_four_segments",
        lambda: _holder(_credential().issuer_jwt + ".AAAA~"),
        WrongSegmentCount,
    ),
    # §7.2: an Issuer sends an SD-JWT, never an SD-JWT+KB.
    Case(
        "rfc9901_7_2_holder_rejects_sd_jwt_with_key_binding",
        lambda: _holder(_presented("given_name")),
        KeyBindingUnexpected,
    ),
    # §4.2: the shape of a Disclosure.
    Case(
        "rfc9901_4_2_disclosure_bad_base64url",
        lambda: _holder(_credential().compact + "WyJzIiwibiIsMV0+~"),
        BadBase64,
    ),
    Case(
        "rfc9901_4_2_disclosure_padded_base64url",
        lambda: _holder(_credential().compact + "WyJzIiwibiIsMV0=~"),
        BadBase64,
    ),
    Case(
        "rfc9901_4_2_disclosure_non_ascii",
        lambda: _holder(_credential().compact + "WyJzIiwibiIsMV0é~"),
        BadBase64,
    ),
    Case(
        "rfc9901_4_2_disclosure_empty",
        lambda: _holder(_credential().issuer_jwt + "~~"),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_disclosure_not_an_array",
        lambda: _holder(_referenced(_enc({"salt": "s", "given_name": "Jan"}))),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_disclosure_with_one_element",
        lambda: _holder(_referenced(_enc(["2GLC42sKQveCfGfryNRN9w"]))),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_disclosure_with_four_elements",
        lambda: _holder(_referenced(_enc(["2GLC42sKQveCfGfryNRN9w", "given_name", "Jan", 1]))),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_1_salt_not_a_string",
        lambda: _holder(_referenced(_enc([128, "given_name", "Jan"]))),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_1_claim_name_not_a_string",
        lambda: _holder(_referenced(_enc(["2GLC42sKQveCfGfryNRN9w", 7, "Jan"]))),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_disclosure_not_json",
        lambda: _holder(_referenced(_raw(b'["2GLC42sKQveCfGfryNRN9w","given_name",'))),
        InvalidJSON,
    ),
    Case(
        "rfc9901_4_2_disclosure_invalid_utf8",
        lambda: _holder(_referenced(_raw(b'["2GLC42sKQveCfGfryNRN9w","given_name","J\xff"]'))),
        InvalidUTF8,
    ),
    Case(
        "rfc8259_4_duplicate_key_in_disclosure",
        lambda: _holder(
            _referenced(_raw(b'["2GLC42sKQveCfGfryNRN9w","address",{"a":"1","a":"2"}]'))
        ),
        DuplicateJSONKey,
    ),
    # §7.1 step 2: the Issuer-signed JWT.
    Case(
        "rfc7515_5_2_duplicate_key_in_header",
        lambda: _holder(
            _raw_jws(b'{"alg":"ES256","typ":"example+sd-jwt","typ":"example+sd-jwt"}', PAYLOAD)
            + "~"
        ),
        DuplicateJSONKey,
    ),
    Case(
        "rfc7519_7_2_duplicate_key_in_payload",
        lambda: _holder(
            _raw_jws(HEADER, b'{"iss":"https://issuer.example.com","iss":"x","_sd_alg":"sha-256"}')
            + "~"
        ),
        DuplicateJSONKey,
    ),
    Case(
        "rfc9901_7_1_step2_1_issuer_jwt_alg_none",
        lambda: _holder(f"{_raw(HEADER_NONE)}.{_raw(PAYLOAD)}.~"),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc9901_7_1_step2_2_issuer_jwt_signed_by_another_key",
        lambda: _holder(join_sd_jwt(_jwt({}, key=OTHER), [])),
        SignatureInvalid,
    ),
    Case(
        "rfc8725_3_11_issuer_jwt_wrong_typ",
        lambda: _holder(join_sd_jwt(_jwt({}, typ="jwt"), [])),
        TypMismatch,
    ),
    Case(
        "rfc9901_7_1_step2_5_unknown_sd_alg",
        lambda: _holder(_sd_jwt({"_sd_alg": "md5"})),
        UnsupportedHashAlgorithm,
    ),
    Case(
        "rfc9901_7_1_step2_5_sd_alg_not_a_string",
        lambda: _holder(_sd_jwt({"_sd_alg": 256})),
        UnsupportedHashAlgorithm,
    ),
    Case(
        "rfc9901_4_1_1_nested_sd_alg",
        lambda: _holder(_sd_jwt({"address": {"_sd_alg": "sha-256", "locality": "Utrecht"}})),
        UnsupportedHashAlgorithm,
    ),
    Case(
        "rfc9901_4_1_1_sd_alg_inside_a_disclosure",
        lambda: _holder(
            _referenced(_enc(["2GLC42sKQveCfGfryNRN9w", "address", {"_sd_alg": "sha-256"}]))
        ),
        UnsupportedHashAlgorithm,
    ),
    # §7.1 step 3: embedded digests.
    Case(
        "rfc9901_4_2_4_1_sd_not_an_array",
        lambda: _holder(_sd_jwt({"_sd": digest(GIVEN_NAME)}, GIVEN_NAME)),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_4_1_digest_not_a_string",
        lambda: _holder(_sd_jwt({"_sd": [{"digest": digest(GIVEN_NAME)}]}, GIVEN_NAME)),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_4_2_4_2_array_digest_with_another_key",
        lambda: _holder(_sd_jwt({"nationalities": [{"...": digest(NL), "x": 1}]}, NL)),
        DisclosureMalformed,
    ),
    Case(
        "rfc9901_7_1_step3_3_2_1_array_element_disclosure_in_sd",
        lambda: _holder(_referenced(NL)),
        DisclosureWrongKind,
    ),
    Case(
        "rfc9901_7_1_step3_3_3_1_object_property_disclosure_in_array",
        lambda: _holder(_in_array(GIVEN_NAME)),
        DisclosureWrongKind,
    ),
    Case(
        "rfc9901_7_1_step3_3_2_2_disclosure_named_sd",
        lambda: _holder(_referenced(_enc(["2GLC42sKQveCfGfryNRN9w", "_sd", ["x"]]))),
        DisclosureInvalidName,
    ),
    Case(
        "rfc9901_7_1_step3_3_2_2_disclosure_named_dots",
        lambda: _holder(_referenced(_enc(["2GLC42sKQveCfGfryNRN9w", "...", "x"]))),
        DisclosureInvalidName,
    ),
    Case(
        "rfc9901_7_1_step3_3_2_3_claim_name_collision",
        lambda: _holder(_referenced(GIVEN_NAME, given_name="Piet")),
        ClaimNameCollision,
    ),
    Case(
        "rfc9901_7_1_step3_3_2_3_two_disclosures_with_one_name",
        lambda: _holder(_two_with_one_name()),
        ClaimNameCollision,
    ),
    # §7.1 step 4: each digest once.
    Case(
        "rfc9901_7_1_step4_duplicate_digest_in_sd",
        lambda: _holder(_sd_jwt({"_sd": [digest(GIVEN_NAME)] * 2}, GIVEN_NAME)),
        DuplicateDigest,
    ),
    Case(
        "rfc9901_7_1_step4_duplicate_decoy_digest_in_sd",
        lambda: _holder(_sd_jwt({"_sd": [digest(GIVEN_NAME)] * 2})),
        DuplicateDigest,
    ),
    Case(
        "rfc9901_7_1_step4_duplicate_digest_across_array_elements",
        lambda: _holder(_sd_jwt({"nationalities": [{"...": digest(NL)}] * 2}, NL)),
        DuplicateDigest,
    ),
    Case(
        "rfc9901_7_1_step4_duplicate_digest_through_a_disclosure",
        lambda: _holder(_digest_twice_through_a_disclosure()),
        DuplicateDigest,
    ),
    # §4 and §7.1 step 5: each Disclosure once, and each one referenced.
    Case(
        "rfc9901_4_same_disclosure_sent_twice",
        lambda: _holder(_credential().compact + _disclosure("given_name") + "~"),
        DuplicateDisclosure,
    ),
    Case(
        "rfc9901_7_1_step5_unreferenced_disclosure",
        lambda: _holder(_credential().compact + GIVEN_NAME + "~"),
        UnreferencedDisclosure,
    ),
    Case(
        "rfc9901_7_1_step5_tampered_disclosure",
        lambda: _holder(_tampered("family_name")),
        UnreferencedDisclosure,
    ),
    Case(
        "rfc9901_4_2_6_nested_disclosure_without_its_parent",
        lambda: _verifier(_presented("locality")),
        UnreferencedDisclosure,
    ),
    # §9 (security) spirit: bounded processing.
    Case(
        "rfc9901_9_nesting_over_the_limit",
        lambda: _holder(_sd_jwt(_nested(5)), limits=Limits(max_depth=3)),
        LimitExceeded,
    ),
    Case(
        "rfc9901_9_nesting_over_the_default_limit",
        lambda: _holder(_sd_jwt(_nested(40))),
        LimitExceeded,
    ),
    Case(
        "rfc9901_9_disclosure_count_over_the_limit",
        lambda: _holder(_credential().compact, limits=Limits(max_disclosures=3)),
        LimitExceeded,
    ),
    Case(
        "rfc9901_9_disclosure_count_over_the_default_limit",
        lambda: _holder(_credential().issuer_jwt + "~" + "WyJzIiwibiIsMV0~" * 257),
        LimitExceeded,
    ),
    # §7.1 step 6: validity of the processed payload.
    Case(
        "rfc9901_7_1_step6_expired_exp",
        lambda: _holder(_sd_jwt({"exp": NOW - DAY})),
        TokenExpired,
    ),
    Case(
        "rfc9901_7_1_step6_future_nbf",
        lambda: _holder(_sd_jwt({"nbf": NOW + DAY})),
        TokenNotYetValid,
    ),
    Case(
        "rfc9901_7_1_step6_expired_exp_in_a_disclosure",
        lambda: _holder(_referenced(_enc(["2GLC42sKQveCfGfryNRN9w", "exp", NOW - DAY]))),
        TokenExpired,
    ),
    Case(
        "rfc7519_4_1_4_exp_not_a_number",
        lambda: _holder(_sd_jwt({"exp": "tomorrow"})),
        MissingClaim,
    ),
    # §7.3: the Verifier and Key Binding.
    Case(
        "rfc9901_7_3_step2_key_binding_absent_when_required",
        lambda: _verifier(join_sd_jwt(_credential().issuer_jwt, [_disclosure("given_name")])),
        KeyBindingMissing,
    ),
    Case(
        "rfc9901_7_3_step5_1_missing_cnf_when_key_binding_required",
        lambda: _verifier(_presented(bound=False)),
        HolderKeyMissing,
    ),
    Case(
        "rfc9901_4_1_2_cnf_without_a_jwk",
        lambda: _holder(_sd_jwt({"cnf": {"kid": "holder-1"}})),
        HolderKeyMissing,
    ),
    Case(
        "rfc9901_7_3_step5_2_kb_alg_none",
        lambda: _verifier(f"{_credential().compact}{_raw(KB_HEADER_NONE)}.{_raw(b'{}')}."),
        AlgorithmNotAllowed,
    ),
    Case(
        "rfc9901_7_3_step5_3_kb_signed_by_another_key",
        lambda: _verifier(_presented("given_name", key=OTHER)),
        SignatureInvalid,
    ),
    Case(
        "rfc8725_3_10_kb_brings_its_own_key",
        lambda: _verifier(
            _presented("given_name", key=OTHER, headers={"jwk": OTHER.public.to_jwk()})
        ),
        KeyFromHeaderRefused,
    ),
    Case(
        "rfc9901_7_3_step5_4_kb_wrong_typ",
        lambda: _verifier(_presented("given_name", typ="jwt")),
        TypMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_5_kb_iat_missing",
        lambda: _verifier(_presented("given_name", drop=("iat",))),
        KeyBindingIatInvalid,
    ),
    Case(
        "rfc9901_7_3_step5_5_kb_iat_not_a_number",
        lambda: _verifier(_presented("given_name", iat=str(NOW))),
        KeyBindingIatInvalid,
    ),
    Case(
        "rfc9901_7_3_step5_5_kb_iat_a_year_old",
        lambda: _verifier(_presented("given_name", iat=NOW - 365 * DAY)),
        KeyBindingIatInvalid,
    ),
    Case(
        "rfc9901_7_3_step5_5_kb_iat_a_day_ahead",
        lambda: _verifier(_presented("given_name", iat=NOW + DAY)),
        KeyBindingIatInvalid,
    ),
    Case(
        "rfc9901_7_3_step5_6_kb_nonce_mismatch",
        lambda: _verifier(_presented("given_name", nonce="0987654321")),
        NonceMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_6_kb_nonce_missing",
        lambda: _verifier(_presented("given_name", drop=("nonce",))),
        NonceMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_6_kb_aud_mismatch",
        lambda: _verifier(_presented("given_name", aud="https://other.example.org")),
        AudienceMismatch,
    ),
    Case(
        "rfc9901_4_3_kb_aud_as_array",
        lambda: _verifier(_presented("given_name", aud=[AUDIENCE])),
        AudienceMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_7_sd_hash_mismatch_after_adding_a_disclosure",
        lambda: _verifier(_with_kb_over(("given_name",), ("given_name", "family_name"))),
        SdHashMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_7_sd_hash_mismatch_after_removing_a_disclosure",
        lambda: _verifier(_with_kb_over(("given_name", "family_name"), ("given_name",))),
        SdHashMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_7_sd_hash_missing",
        lambda: _verifier(_presented("given_name", drop=("sd_hash",))),
        SdHashMismatch,
    ),
    Case(
        "rfc9901_7_3_step5_8_kb_expired",
        lambda: _verifier(_presented("given_name", exp=NOW - 60)),
        TokenExpired,
    ),
    Case(
        "rfc7519_7_2_duplicate_key_in_kb_payload",
        lambda: _verifier(
            _credential().compact + _raw_jws(KB_HEADER, b'{"nonce":"1","nonce":"2"}', HOLDER)
        ),
        DuplicateJSONKey,
    ),
]
