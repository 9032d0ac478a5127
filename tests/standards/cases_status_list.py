"""Bad-input battery rows for the Token Status List (``standards.status_list``).

Names follow the section of ``../shared/specs/token-status-list.md`` each row guards:
§4.2 (``status_list`` content), §5.1 (the Status List Token), §6.2 (the Referenced Token's
``status`` claim) and §8.3 (the validation steps).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any, Final

from standards.errors import (
    AlgorithmNotAllowed,
    BadBase64,
    DecompressionLimitExceeded,
    MissingClaim,
    SignatureInvalid,
    StatusIndexInvalid,
    StatusListInvalid,
    StatusListSubjectMismatch,
    TokenExpired,
    TokenNotYetValid,
    TypMismatch,
)
from standards.jose import PrivateKey, b64url_decode, b64url_encode, json_dumps, sign_jws
from standards.status_list import (
    DEFAULT_MAX_BYTES,
    DEFAULT_SKEW,
    STATUS_LIST_JWT_TYP,
    StatusReference,
    VerifiedStatusList,
    check_status,
    decode_lst,
    parse_status_claim,
    verify_status_list_token,
)
from tests.standards.battery import Case

__all__ = ["CASES"]

KEY: Final = PrivateKey.generate()
OTHER_KEY: Final = PrivateKey.generate()
URI: Final = "https://example.com/statuslists/1"
NOW: Final = 1_700_000_000
EXP: Final = NOW + 3600
LST: Final = b64url_encode(zlib.compress(bytes([0xB9, 0xA3]), 9))  # §4.1: 16 entries, 1 bit
_DROP: Final = object()


def _with(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = base | changes
    return {name: value for name, value in merged.items() if value is not _DROP}


def _claims(content: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    base_content = {"bits": 1, "lst": LST}
    base = {
        "sub": URI,
        "iat": NOW - 60,
        "exp": EXP,
        "ttl": 43200,
        "status_list": _with(base_content, content or {}),
    }
    return _with(base, changes)


def _token(
    claims: dict[str, Any] | None = None,
    *,
    typ: str = STATUS_LIST_JWT_TYP,
    key: PrivateKey = KEY,
    headers: dict[str, Any] | None = None,
) -> str:
    return sign_jws(_claims() if claims is None else claims, key, typ=typ, headers=headers)


def _verify(token: str, *, uri: str = URI, now: int = NOW) -> Callable[[], object]:
    return lambda: verify_status_list_token(token, uri=uri, key=KEY.public, now=now)


def _content(**changes: Any) -> Callable[[], object]:
    return _verify(_token(_claims(changes)))


def _verified() -> VerifiedStatusList:
    return verify_status_list_token(_token(), uri=URI, key=KEY.public, now=NOW)


def _reference(**entry: Any) -> Callable[[], object]:
    status_list = _with({"idx": 3, "uri": URI}, entry)
    return lambda: parse_status_claim({"status": {"status_list": status_list}})


def _flip_signature_bit(token: str) -> str:
    head, payload, signature = token.split(".")
    raw = bytearray(b64url_decode(signature))
    raw[10] ^= 0x01
    return f"{head}.{payload}.{b64url_encode(bytes(raw))}"


def _swap_payload(token: str, claims: dict[str, Any]) -> str:
    head, _, signature = token.split(".")
    return f"{head}.{b64url_encode(json_dumps(claims))}.{signature}"


def _alg_none() -> str:
    header = b64url_encode(json_dumps({"alg": "none", "typ": STATUS_LIST_JWT_TYP}))
    return f"{header}.{b64url_encode(json_dumps(_claims()))}."


def _lst(data: bytes) -> str:
    return b64url_encode(data)


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()


def _bomb_token() -> object:
    # 16 MiB + 1 of zeros: about 16 KB compressed, just past the default bound.
    lst = _lst(zlib.compress(bytes(DEFAULT_MAX_BYTES + 1), 9))
    return _verify(_token(_claims({"lst": lst})))()


def _bomb_lst() -> object:
    # A few KB of compressed zeros (4 MiB inflated) against a 1 MiB bound.
    return decode_lst(_lst(zlib.compress(bytes(4 << 20), 9)), 1, max_bytes=1 << 20)


_ZLIB: Final = zlib.compress(bytes(64), 9)

CASES: list[Case] = [
    # §6.2 / §8.3 step 1: the Referenced Token's status.status_list {idx, uri}
    Case("status_list_6_2_idx_negative", _reference(idx=-1), StatusIndexInvalid),
    Case("status_list_6_2_idx_bool", _reference(idx=True), StatusIndexInvalid),
    Case("status_list_6_2_idx_string", _reference(idx="3"), StatusIndexInvalid),
    Case("status_list_6_2_idx_float", _reference(idx=3.0), StatusIndexInvalid),
    Case("status_list_6_2_idx_null", _reference(idx=None), StatusIndexInvalid),
    Case("status_list_6_2_idx_missing", _reference(idx=_DROP), MissingClaim),
    Case("status_list_6_2_uri_missing", _reference(uri=_DROP), MissingClaim),
    Case("status_list_6_2_uri_not_string", _reference(uri=["https://x"]), MissingClaim),
    Case("status_list_6_2_uri_empty", _reference(uri=""), MissingClaim),
    Case("status_list_6_2_status_claim_missing", lambda: parse_status_claim({}), MissingClaim),
    Case(
        "status_list_6_2_status_list_not_object",
        lambda: parse_status_claim({"status": {"status_list": [3, URI]}}),
        MissingClaim,
    ),
    Case(
        "status_list_6_2_reference_idx_negative_direct",
        lambda: StatusReference(idx=-5, uri=URI),
        StatusIndexInvalid,
    ),
    # §8.3 steps 4a and 6: the reference against a verified list (16 entries)
    Case(
        "status_list_8_3_step6_idx_out_of_range",
        lambda: check_status(StatusReference(idx=16, uri=URI), _verified()),
        StatusIndexInvalid,
    ),
    Case(
        "status_list_8_3_step6_idx_far_out_of_range",
        lambda: check_status(StatusReference(idx=10**30, uri=URI), _verified()),
        StatusIndexInvalid,
    ),
    Case(
        "status_list_8_3_step4a_reference_uri_mismatch",
        lambda: check_status(StatusReference(idx=0, uri=URI + "0"), _verified()),
        StatusListSubjectMismatch,
    ),
    # §8.3 step 3a (§5.1, RFC 7519 §7.2): typ, algorithm, signature
    Case("status_list_5_1_typ_wrong", _verify(_token(typ="jwt")), TypMismatch),
    Case("status_list_5_1_typ_sd_jwt", _verify(_token(typ="dc+sd-jwt")), TypMismatch),
    Case("status_list_5_1_typ_missing", _verify(_token(headers={"typ": None})), TypMismatch),
    Case("status_list_8_3_step3a_alg_none", _verify(_alg_none()), AlgorithmNotAllowed),
    Case(
        "status_list_8_3_step3a_signature_bit_flip",
        _verify(_flip_signature_bit(_token())),
        SignatureInvalid,
    ),
    Case(
        "status_list_8_3_step3a_signed_by_other_key",
        _verify(_token(key=OTHER_KEY)),
        SignatureInvalid,
    ),
    Case(
        "status_list_8_3_step3a_payload_swapped",
        _verify(_swap_payload(_token(), _claims({"lst": _lst(_ZLIB)}))),
        SignatureInvalid,
    ),
    Case(
        "status_list_8_3_step3a_nbf_future",
        _verify(_token(_claims(nbf=NOW + DEFAULT_SKEW + 1))),
        TokenNotYetValid,
    ),
    Case(
        "status_list_8_3_step3a_nbf_not_number",
        _verify(_token(_claims(nbf=str(NOW)))),
        MissingClaim,
    ),
    # §8.3 step 3b (§5.1): required claims
    Case(
        "status_list_8_3_step3b_status_list_missing",
        _verify(_token(_claims(status_list=_DROP))),
        MissingClaim,
    ),
    Case(
        "status_list_8_3_step3b_status_list_not_object",
        _verify(_token(_claims(status_list=LST))),
        MissingClaim,
    ),
    Case("status_list_8_3_step3b_sub_missing", _verify(_token(_claims(sub=_DROP))), MissingClaim),
    Case("status_list_8_3_step3b_iat_missing", _verify(_token(_claims(iat=_DROP))), MissingClaim),
    Case(
        "status_list_8_3_step3b_iat_not_number",
        _verify(_token(_claims(iat=str(NOW)))),
        MissingClaim,
    ),
    # §8.3 step 4: sub, exp, ttl
    Case(
        "status_list_8_3_step4a_sub_mismatch",
        _verify(_token(), uri=URI + "0"),
        StatusListSubjectMismatch,
    ),
    Case("status_list_8_3_step4c_expired", _verify(_token(), now=EXP + DEFAULT_SKEW), TokenExpired),
    Case(
        "status_list_8_3_step4c_exp_not_number",
        _verify(_token(_claims(exp=str(EXP)))),
        MissingClaim,
    ),
    Case("status_list_5_1_ttl_zero", _verify(_token(_claims(ttl=0))), StatusListInvalid),
    Case("status_list_5_1_ttl_negative", _verify(_token(_claims(ttl=-60))), StatusListInvalid),
    Case("status_list_5_1_ttl_string", _verify(_token(_claims(ttl="60"))), StatusListInvalid),
    # §4.2: bits, lst, aggregation_uri
    Case("status_list_4_2_bits_3", _content(bits=3), StatusListInvalid),
    Case("status_list_4_2_bits_16", _content(bits=16), StatusListInvalid),
    Case("status_list_4_2_bits_true", _content(bits=True), StatusListInvalid),
    Case("status_list_4_2_bits_string", _content(bits="1"), StatusListInvalid),
    Case("status_list_4_2_bits_missing", _content(bits=_DROP), MissingClaim),
    Case("status_list_4_2_lst_missing", _content(lst=_DROP), MissingClaim),
    Case("status_list_4_2_lst_not_string", _content(lst=[0xB9, 0xA3]), MissingClaim),
    Case("status_list_4_2_lst_padded_base64", _content(lst=LST + "=="), BadBase64),
    Case("status_list_4_2_lst_standard_base64", _content(lst="eN+/uRgAAhcBXQ"), BadBase64),
    Case(
        "status_list_4_2_aggregation_uri_not_string",
        _content(aggregation_uri=1),
        StatusListInvalid,
    ),
    Case(
        "status_list_4_1_decode_bits_invalid",
        lambda: decode_lst(LST, 3),
        StatusListInvalid,
    ),
    # §8.3 step 5: one complete ZLIB (RFC 1950) stream, inflated within a bound
    Case("status_list_8_3_step5_lst_not_zlib", _content(lst=_lst(b"not zlib")), StatusListInvalid),
    Case(
        "status_list_8_3_step5_lst_raw_deflate",
        _content(lst=_lst(_raw_deflate(bytes(64)))),
        StatusListInvalid,
    ),
    Case(
        "status_list_8_3_step5_lst_gzip",
        _content(lst=_lst(_gzip(bytes(64)))),
        StatusListInvalid,
    ),
    Case(
        "status_list_8_3_step5_lst_truncated",
        _content(lst=_lst(_ZLIB[:-4])),
        StatusListInvalid,
    ),
    Case(
        "status_list_8_3_step5_lst_trailing_data",
        _content(lst=_lst(_ZLIB + b"\x00")),
        StatusListInvalid,
    ),
    Case("status_list_8_3_step5_zlib_bomb_token", _bomb_token, DecompressionLimitExceeded),
    Case("status_list_8_3_step5_zlib_bomb_lst", _bomb_lst, DecompressionLimitExceeded),
]
