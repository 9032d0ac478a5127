"""Token Status List: the specification's vectors, round trips, the builder, a large list, and
Status List Token create → verify → check (``standards.status_list``).

The vectors are read in place from ``../shared/vectors/status-list/`` (one test id per file).
Files without a ``byte_array`` take their statuses from the specification's test-vector
appendix, which lists them for a list of 2^20 entries.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standards.errors import (
    DecompressionLimitExceeded,
    StatusIndexInvalid,
    StatusListInvalid,
    TokenExpired,
)
from standards.jose import PrivateKey, parse_jws, sign_jws
from standards.status_list import (
    STATUS_LIST_JWT_TYP,
    Status,
    StatusArray,
    StatusList,
    StatusReference,
    VerifiedStatusList,
    as_status,
    check_status,
    compress_byte_array,
    create_status_list_token,
    decode_lst,
    encode_lst,
    parse_status_claim,
    verify_status_list_token,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
VECTORS = SHARED / "vectors" / "status-list"
SPEC = SHARED / "specs" / "token-status-list.md"
ENCODING_FILES = sorted(VECTORS.glob("status_list_encoding*.md"))

URI = "https://example.com/statuslists/1"
NOW = 1_700_000_000
KEY = PrivateKey.generate()


# --- the vector files -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Vector:
    bits: int
    lst: str
    byte_array: bytes
    statuses: dict[int, int]
    """The statuses the specification names (empty when the file gives a byte_array)."""


@cache
def _spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def _spec_statuses(file_name: str) -> tuple[int, dict[int, int]]:
    """The list size and ``status[i] = 0b...`` lines of the appendix section including the file."""
    text = _spec_text()
    size = re.search(r"initialized with a size of 2\^(\d+) entries", text)
    assert size is not None
    for section in re.split(r"^## ", text, flags=re.MULTILINE):
        if f"{{::include examples/{file_name}}}" in section:
            pairs = re.findall(r"status\[(\d+)\]\s*=\s*0b([01]+)", section)
            if pairs:
                return 2 ** int(size[1]), {int(i): int(v, 2) for i, v in pairs}
    raise AssertionError(f"no statuses for {file_name} in the specification")


def _pack(size: int, bits: int, statuses: dict[int, int]) -> bytes:
    """An independent packer for the oracle: index i at bit i * bits, least significant first."""
    byte_array = bytearray(size * bits // 8)
    for index, value in statuses.items():
        position, shift = divmod(index * bits, 8)
        byte_array[position] = byte_array[position] & ~(((1 << bits) - 1) << shift)
        byte_array[position] |= value << shift
    return bytes(byte_array)


def _vector(path: Path) -> Vector:
    text = path.read_text(encoding="utf-8")
    bits = re.search(r'"bits":\s*(\d+)', text)
    lst = re.search(r'"lst":\s*"([^"]*)"', text)
    assert bits is not None
    assert lst is not None
    # The files wrap lst over several lines for display; the value itself has no whitespace.
    encoded = re.sub(r"\s", "", lst[1])
    listed = re.search(r"byte_array\s*=\s*\[([^\]]*)\]", text)
    if listed is not None:
        byte_array = bytes(int(item, 16) for item in listed[1].split(","))
        return Vector(int(bits[1]), encoded, byte_array, {})
    size, statuses = _spec_statuses(path.name)
    return Vector(int(bits[1]), encoded, _pack(size, int(bits[1]), statuses), statuses)


def test_vectors_are_present() -> None:
    assert {_vector(path).bits for path in ENCODING_FILES} == {1, 2, 4, 8}
    assert (VECTORS / "status_list_jwt.md").is_file()


@pytest.mark.parametrize("path", ENCODING_FILES, ids=[path.stem for path in ENCODING_FILES])
def test_vector_lst_decodes_to_the_byte_array(path: Path) -> None:
    vector = _vector(path)
    decoded = decode_lst(vector.lst, vector.bits)
    assert decoded.byte_array == vector.byte_array
    for index, value in vector.statuses.items():
        assert decoded.get(index) == value


@pytest.mark.parametrize("path", ENCODING_FILES, ids=[path.stem for path in ENCODING_FILES])
def test_vector_byte_array_encodes_back(path: Path) -> None:
    vector = _vector(path)
    assert decode_lst(compress_byte_array(vector.byte_array), vector.bits).byte_array == (
        vector.byte_array
    )
    statuses = StatusArray(vector.byte_array, vector.bits).statuses()
    assert decode_lst(encode_lst(statuses, vector.bits), vector.bits).statuses() == statuses


def test_section_4_1_examples_pack_least_significant_bits_first() -> None:
    one_bit = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
    two_bits = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]
    assert decode_lst(encode_lst(one_bit, 1), 1).byte_array == bytes([0xB9, 0xA3])
    assert decode_lst(encode_lst(two_bits, 2), 2).byte_array == bytes([0xC9, 0x44, 0xF9])


def _jwt_example() -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload = (VECTORS / "status_list_jwt.md").read_text(encoding="utf-8").split("\n.\n")
    return json.loads(header), json.loads(payload)


def test_jwt_example_claims_shape_is_what_create_makes() -> None:
    header, example = _jwt_example()
    assert header["typ"] == STATUS_LIST_JWT_TYP
    content = example["status_list"]
    token = create_status_list_token(
        decode_lst(content["lst"], content["bits"]),
        KEY,
        uri=example["sub"],
        now=example["iat"],
        exp=example["exp"],
        ttl=example["ttl"],
    )
    parsed = parse_jws(token)
    assert parsed.header["typ"] == STATUS_LIST_JWT_TYP
    assert parsed.header["alg"] == header["alg"]
    made = dict(parsed.payload)
    made_lst = made["status_list"].pop("lst")
    assert decode_lst(made_lst, 1).byte_array == decode_lst(content["lst"], 1).byte_array
    example["status_list"].pop("lst")
    assert made == example


def test_jwt_example_claims_verify() -> None:
    header, example = _jwt_example()
    token = sign_jws(example, KEY, typ=header["typ"])
    verified = verify_status_list_token(
        token, uri=example["sub"], key=KEY.public, now=example["iat"] + 1
    )
    assert verified.ttl == example["ttl"]
    assert verified.exp == example["exp"]
    assert verified.status_list.statuses() == [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]


def test_x5c_goes_in_the_header_only_when_given() -> None:
    """RFC 7515 §4.1.6: the signer's chain, for verifiers that pin a trust anchor (§11.3)."""
    statuses = decode_lst("eNrbuRgAAhcBXQ", 1)
    plain = parse_jws(create_status_list_token(statuses, KEY, uri="https://x.example/1", now=1))
    assert "x5c" not in plain.header
    chain = ["MIIBleaf", "MIIBca"]
    token = create_status_list_token(statuses, KEY, uri="https://x.example/1", now=1, x5c=chain)
    assert parse_jws(token).header["x5c"] == chain
    assert parse_jws(token).header["kid"] == KEY.kid


# --- round trips (hypothesis) ------------------------------------------------------------------

_bits = st.sampled_from([1, 2, 4, 8])


@given(_bits.flatmap(lambda b: st.tuples(st.just(b), st.lists(st.integers(0, (1 << b) - 1)))))
def test_encode_decode_round_trip(case: tuple[int, list[int]]) -> None:
    bits, statuses = case
    decoded = decode_lst(encode_lst(statuses, bits), bits)
    assert [decoded.get(index) for index in range(len(statuses))] == statuses
    assert 0 <= len(decoded) - len(statuses) < 8 // bits
    assert set(decoded.statuses()[len(statuses) :]) <= {0}


@given(
    _bits.flatmap(
        lambda b: st.tuples(
            st.just(b),
            st.integers(1, 300).flatmap(
                lambda n: st.tuples(
                    st.just(n),
                    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, (1 << b) - 1))),
                )
            ),
        )
    )
)
def test_builder_matches_a_plain_list(case: tuple[int, tuple[int, list[tuple[int, int]]]]) -> None:
    bits, (size, updates) = case
    model = [0] * size
    status_list = StatusList(size, bits=bits)
    for index, value in updates:
        model[index] = value
        status_list.set(index, value)
    assert [status_list.get(index) for index in range(size)] == model
    assert decode_lst(status_list.encode(), bits).statuses()[:size] == model
    assert StatusList.from_array(status_list.freeze(), size=size).to_bytes() == (
        status_list.to_bytes()
    )


# --- the builder ---------------------------------------------------------------------------


def test_status_values_are_the_registered_ones() -> None:
    assert (Status.VALID, Status.INVALID, Status.SUSPENDED) == (0x00, 0x01, 0x02)
    assert as_status(2) is Status.SUSPENDED
    assert as_status(0x0C) == 0x0C
    assert not isinstance(as_status(0x0C), Status)


@pytest.mark.parametrize("bits", [0, 3, 16, True, "1", None])
def test_builder_refuses_bits_outside_1_2_4_8(bits: Any) -> None:
    with pytest.raises(StatusListInvalid):
        StatusList(8, bits=bits)


@pytest.mark.parametrize("size", [-1, True, 1.5])
def test_builder_refuses_a_bad_size(size: Any) -> None:
    with pytest.raises(ValueError, match="size"):
        StatusList(size)


@pytest.mark.parametrize("index", [-1, 10, 10**30, True, "1", 1.0])
def test_builder_refuses_indices_outside_the_list(index: Any) -> None:
    status_list = StatusList(10, bits=2)
    with pytest.raises(StatusIndexInvalid):
        status_list.set(index, Status.INVALID)
    with pytest.raises(StatusIndexInvalid):
        status_list.get(index)


@pytest.mark.parametrize(("bits", "value"), [(1, 2), (2, 4), (4, 16), (8, 256), (8, -1), (1, True)])
def test_builder_refuses_values_that_do_not_fit(bits: int, value: Any) -> None:
    with pytest.raises(StatusListInvalid):
        StatusList(8, bits=bits).set(0, value)


def test_builder_set_overwrites_one_entry_only() -> None:
    status_list = StatusList(9, bits=2, default=Status.SUSPENDED)
    assert [status_list.get(index) for index in range(9)] == [Status.SUSPENDED] * 9
    status_list.set(5, 3)
    status_list.set(5, Status.INVALID)
    assert status_list.get(5) is Status.INVALID
    assert [status_list.get(index) for index in (4, 6)] == [Status.SUSPENDED] * 2
    assert (len(status_list), status_list.size, len(status_list.to_bytes())) == (9, 9, 3)


def test_builder_from_array_refuses_a_size_beyond_the_array() -> None:
    with pytest.raises(ValueError, match="size"):
        StatusList.from_array(StatusArray(b"\x00", 1), size=9)


# --- a large list ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bits", "max_lst", "max_token"), [(1, 10_000, 14_000), (2, 12_000, 16_000)]
)
def test_million_entries_with_thousands_revoked_stay_small(
    bits: int, max_lst: int, max_token: int
) -> None:
    # Measured (zlib level 9, this seed): bits 1 → 5,263 compressed bytes, lst 7,018 and token
    # 9,714 characters; bits 2 → 6,401 bytes, lst 8,535, token 11,736. Bounds leave ~30% margin.
    rng = random.Random(20260509)
    status_list = StatusList(1_000_000, bits=bits)
    changed = {index: rng.randint(1, (1 << bits) - 1) for index in rng.sample(range(10**6), 3000)}
    for index, value in changed.items():
        status_list.set(index, value)
    token = create_status_list_token(status_list, KEY, uri=URI, now=NOW, exp=NOW + 3600)
    assert len(status_list.encode()) < max_lst
    assert len(token) < max_token
    verified = verify_status_list_token(token, uri=URI, key=KEY.public, now=NOW)
    assert len(verified.status_list.byte_array) == 1_000_000 * bits // 8
    assert all(verified.get(index) == value for index, value in changed.items())
    assert verified.get(999_999) == (changed.get(999_999) or Status.VALID)


# --- Status List Token create → verify → check ------------------------------------------------


def _reference(idx: int) -> StatusReference:
    return parse_status_claim({"iss": "x", "status": {"status_list": {"idx": idx, "uri": URI}}})


def _verify(status_list: StatusList, **kwargs: Any) -> VerifiedStatusList:
    token = create_status_list_token(status_list, KEY, uri=URI, now=NOW, **kwargs)
    return verify_status_list_token(token, uri=URI, key=KEY.public, now=NOW + 10)


def test_token_round_trip_and_revocation_shows() -> None:
    status_list = StatusList(100, bits=2)
    reference = _reference(42)
    assert check_status(reference, _verify(status_list)) is Status.VALID
    status_list.set(42, Status.INVALID)
    assert check_status(reference, _verify(status_list)) is Status.INVALID
    status_list.set(42, Status.SUSPENDED)
    assert check_status(reference, _verify(status_list)) is Status.SUSPENDED
    assert check_status(_reference(41), _verify(status_list)) is Status.VALID


def test_verified_status_list_carries_the_claims_and_is_frozen() -> None:
    verified = _verify(
        StatusList(16), exp=NOW + 60, ttl=300, aggregation_uri="https://example.com/agg"
    )
    assert (verified.sub, verified.iat, verified.exp, verified.ttl) == (URI, NOW, NOW + 60, 300)
    assert verified.aggregation_uri == "https://example.com/agg"
    assert verified.bits == 1
    assert verified.header["typ"] == STATUS_LIST_JWT_TYP
    with pytest.raises(dataclasses.FrozenInstanceError):
        verified.sub = "https://example.com/other"  # type: ignore[misc]


def test_key_resolver_is_accepted() -> None:
    token = create_status_list_token(StatusList(8), KEY, uri=URI, now=NOW)
    seen: list[Any] = []

    def resolve(header: Any, payload: Any) -> Any:
        seen.append(header["kid"])
        return KEY.public

    verify_status_list_token(token, uri=URI, key=resolve, now=NOW)
    assert seen == [KEY.kid]


def test_exp_allows_the_configured_skew_and_no_more() -> None:
    token = create_status_list_token(StatusList(8), KEY, uri=URI, now=NOW, exp=NOW + 100)
    verify_status_list_token(token, uri=URI, key=KEY.public, now=NOW + 129, skew=30)
    with pytest.raises(TokenExpired):
        verify_status_list_token(token, uri=URI, key=KEY.public, now=NOW + 130, skew=30)


@pytest.mark.parametrize(
    "kwargs", [{"uri": ""}, {"exp": NOW}, {"exp": True}, {"ttl": 0}, {"ttl": 1.5}]
)
def test_create_refuses_bad_claims(kwargs: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"uri": URI, "now": NOW} | kwargs
    with pytest.raises(StatusListInvalid):
        create_status_list_token(StatusList(8), KEY, **arguments)


def test_decompression_bound_is_inclusive() -> None:
    lst = compress_byte_array(bytes(1000))
    assert len(decode_lst(lst, 8, max_bytes=1000)) == 1000
    with pytest.raises(DecompressionLimitExceeded):
        decode_lst(lst, 8, max_bytes=999)


def test_nbf_within_the_skew_passes() -> None:
    claims = {"sub": URI, "iat": NOW, "nbf": NOW + 30, "status_list": {"bits": 1, "lst": ""}}
    token = sign_jws(claims, KEY, typ=STATUS_LIST_JWT_TYP)
    with pytest.raises(StatusListInvalid, match="ends before"):  # nbf passed; the empty lst fails
        verify_status_list_token(token, uri=URI, key=KEY.public, now=NOW)


def test_negative_decompression_bound_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        decode_lst(compress_byte_array(b"\x00"), 1, max_bytes=-1)
