"""JOSE for Regie: compact JWS (RFC 7515), JWK (RFC 7517), ES256 (RFC 7518 §3.4),
JWK thumbprints (RFC 7638), x5c chains (RFC 7515 §4.1.6), strict JSON (RFC 8259, RFC 7519 §7.2),
and compact JWE (RFC 7516) with ``ECDH-ES`` on P-256 and ``A128GCM``/``A256GCM`` (RFC 7518 §4.6,
§5.3) for OpenID4VP 1.0 §8.3 response encryption (HAIP 1.0 §5).

This is the only module that touches jwcrypto (the wallet's side of JWE: encrypting);
nothing else sees its ``Any``-typed surface. Signing, verification, key import and JWE
decryption go straight to ``cryptography`` (jwcrypto's ``JWS()`` and ``JWE()`` deep-copy their
header registries on every call, which would dominate verifying a response).

The rules of RFC 8725 (JWT Best Current Practices) hold throughout:

- §3.1: an explicit algorithm allow-list, ``ES256`` only by default; ``none`` never.
- §3.2: every signature is verified with the caller's key; the key and ``alg`` must agree.
- §3.10: the key never comes from the token under check (``jwk``, ``jku``, ``x5u`` refused;
  callers that must read a header ``jwk``, like an OpenID4VCI proof, say so explicitly).
- §3.11: explicit typing; ``typ`` is checked when the caller names one.

JWE decryption is strict in the same way: the protected header is allow-listed here (``alg``
``ECDH-ES``, the caller's ``enc`` values, a known ``kid``, a P-256 ``epk``, no ``zip``) before
the key agreement (RFC 7518 §4.6.2) and AES GCM.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, NamedTuple

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    Policy,
    PolicyBuilder,
    Store,
    VerificationError,
)
from jwcrypto import jwe as _jwe
from jwcrypto import jwk as _jwk

from standards.errors import (
    AlgorithmNotAllowed,
    BadBase64,
    CertificateChainInvalid,
    CriticalHeaderUnsupported,
    DecryptionFailed,
    DuplicateJSONKey,
    EmptyInput,
    EncryptionRequired,
    EphemeralKeyInvalid,
    InputTooLarge,
    InvalidJSON,
    InvalidJWK,
    InvalidUTF8,
    JWEAlgorithmNotAllowed,
    JWECompressionRefused,
    JWEEncryptionNotAllowed,
    JWEHeaderNotAllowed,
    JWEKeyUnknown,
    JWEMalformed,
    KeyAlgorithmMismatch,
    KeyFromHeaderRefused,
    SignatureEncodingInvalid,
    SignatureInvalid,
    StandardsError,
    TypMismatch,
    WrongJWESegmentCount,
    WrongSegmentCount,
)

__all__ = [
    "DEFAULT_ALGORITHMS",
    "JWE_ALGORITHM",
    "JWE_ENCRYPTIONS",
    "MAX_JWE_PLAINTEXT",
    "MAX_JWE_SIZE",
    "MAX_JWS_SIZE",
    "DecryptedJWE",
    "EncryptionKey",
    "KeySource",
    "ParsedJWS",
    "PrivateKey",
    "PublicKey",
    "b64url_decode",
    "b64url_encode",
    "certificate_from_der_b64",
    "check_header",
    "decrypt_jwe",
    "encrypt_jwe",
    "json_dumps",
    "json_loads",
    "json_text",
    "jwk_thumbprint",
    "parse_jws",
    "read_jwe_header",
    "sign_jws",
    "verify_jws",
    "verify_signature",
    "verify_x5c_chain",
    "x5c_key_resolver",
]

DEFAULT_ALGORITHMS: Final = ("ES256",)
"""RFC 8725 §3.1 allow-list; HAIP 1.0 §7 mandates ES256 support."""

MAX_JWS_SIZE: Final = 256 * 1024
"""Upper bound on one compact JWS (characters); larger inputs are refused before parsing."""

_B64URL_TO_STANDARD: Final = bytes.maketrans(b"-_+/=", b"+/***")
"""base64url to base64; ``+ / =`` become ``*``, which strict decoding refuses."""
_STANDARD_TO_B64URL: Final = bytes.maketrans(b"+/", b"-_")
_PADDING: Final = (b"", b"", b"==", b"=")
_B64URL_ALPHABET: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64URL_CANONICAL_LAST: Final = (
    _B64URL_ALPHABET,
    b"",
    _B64URL_ALPHABET[::16],  # len % 4 == 2: the last character carries 4 pad bits
    _B64URL_ALPHABET[::4],  # len % 4 == 3: the last character carries 2 pad bits
)
"""RFC 4648 §3.5: by ``len % 4``, the last characters whose pad bits are all zero."""
_a2b_base64: Final = binascii.a2b_base64
_HEADER_KEY_PARAMETERS: Final = ("jwk", "jku", "x5u")
_UNDERSTOOD_CRIT: Final[frozenset[str]] = frozenset()
_CURVES: Final[Mapping[str, str]] = {"P-256": "ES256", "P-384": "ES384"}
"""RFC 7518 §3.4: each ECDSA algorithm is tied to one curve."""
_CURVE_OBJECTS: Final[Mapping[str, ec.EllipticCurve]] = {
    "P-256": ec.SECP256R1(),
    "P-384": ec.SECP384R1(),
}
_ALGORITHMS: Final[Mapping[str, tuple[int, type[hashes.HashAlgorithm]]]] = {
    "ES256": (32, hashes.SHA256),
    "ES384": (48, hashes.SHA384),
}
"""RFC 7518 §3.4: octets per signature half (R and S) and the hash of each algorithm."""
_ECDSA: Final[Mapping[str, ec.ECDSA]] = {
    alg: ec.ECDSA(digest()) for alg, (_, digest) in _ALGORITHMS.items()
}
"""Built once: constructing the signature algorithm objects costs more than hashing a JWT."""


# --- encodings -----------------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    """RFC 7515 §2: base64url without padding."""
    encoded = binascii.b2a_base64(data, newline=False).rstrip(b"=")
    return encoded.translate(_STANDARD_TO_B64URL).decode("ascii")


def b64url_decode(value: str, *, what: str = "value") -> bytes:
    """RFC 7515 §2 / RFC 4648 §5: strict base64url, no padding, no other characters."""
    try:
        raw = value.encode("ascii")
    except (AttributeError, UnicodeEncodeError) as exc:
        raise BadBase64(f"{what} is not base64url") from exc
    tail = len(raw) & 3
    if tail:
        if tail == 1:
            raise BadBase64(f"{what} has a length no base64url string has")
        if raw[-1] not in _B64URL_CANONICAL_LAST[tail]:
            # RFC 4648 §3.5: non-zero pad bits would let one value have many spellings.
            raise BadBase64(f"{what} is not canonical base64url")
    try:
        # strict_mode refuses every character outside the alphabet (``+ / =`` included).
        return _a2b_base64(raw.translate(_B64URL_TO_STANDARD) + _PADDING[tail], strict_mode=True)
    except binascii.Error as exc:
        raise BadBase64(f"{what} is not base64url without padding") from exc


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        names = [key for key, _ in pairs]
        duplicate = next(name for name in names if names.count(name) > 1)
        raise DuplicateJSONKey(f"duplicate member name {duplicate!r}")
    return result


def _reject_constant(name: str) -> Any:
    raise InvalidJSON(f"{name} is not JSON")


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
)
"""Built once: ``json.loads`` with arguments would build a decoder on every call."""
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = _DECODER.scan_once  # type: ignore[attr-defined]
"""The decoder's scanner: one JSON value at an index, with the same hooks as ``_DECODER``."""


def json_loads(data: bytes | str, *, what: str = "JSON") -> Any:
    """Strict JSON (RFC 8259): valid UTF-8, no duplicate member names, no NaN/Infinity.

    RFC 7519 §7.2 step 9 and RFC 7515 §5.2 step 4 require duplicate names to be rejected.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise InvalidUTF8(f"{what} is not valid UTF-8") from exc
    else:
        text = data
    try:
        try:
            # One value filling the whole text is what JWTs hold; ``_DECODER.decode`` gives
            # the same value, with two whitespace matches more.
            value, end = _SCAN(text, 0)
        except StopIteration:
            end = -1  # no value at the start: leading whitespace, or not JSON
        if end != len(text):  # whitespace around the value, or something after it
            value = _DECODER.decode(text)
    except RecursionError as exc:
        raise InvalidJSON(f"{what} is nested too deeply") from exc
    except ValueError as exc:
        raise InvalidJSON(f"{what} is not valid JSON") from exc
    if "\\u" in text:  # RFC 8259 §8.2, RFC 7493 §2.1: an escaped lone surrogate is not text
        try:
            json_dumps(value)
        except UnicodeEncodeError as exc:
            raise InvalidJSON(f"{what} holds an unpaired surrogate") from exc
    return value


_ENCODE: Final[Callable[[Any], str]] = json.JSONEncoder(
    separators=(",", ":"), ensure_ascii=False
).encode
"""Built once: ``json.dumps`` with arguments would build an encoder on every call."""
_encode_string: Final[Callable[[str], str]] = json.encoder.encode_basestring
"""What :data:`_ENCODE` writes for a string (``ensure_ascii=False``)."""


def json_dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as signed and hashed throughout."""
    return _ENCODE(value).encode("utf-8")


def json_text(value: Any) -> str:
    """:func:`json_dumps` as text: the compact JSON of ``value``, for building larger JSON
    texts (RFC 9901 Disclosures) piece by piece. Strings, booleans, integers and ``null``
    are written directly, as :mod:`json` writes them."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    return _ENCODE(value)


# --- keys ------------------------------------------------------------------------------------


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 §3: SHA-256 thumbprint over the required members in lexicographic order."""
    required = {
        "EC": ("crv", "kty", "x", "y"),
        "OKP": ("crv", "kty", "x"),
        "RSA": ("e", "kty", "n"),
    }
    members = required.get(str(jwk.get("kty")))
    if members is None or any(not isinstance(jwk.get(m), str) for m in members):
        raise InvalidJWK("the JWK lacks the members its thumbprint needs")
    canonical = json.dumps({m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(canonical.encode("utf-8")).digest())


def _ec_members(jwk: Mapping[str, Any], names: Sequence[str]) -> list[int]:
    """RFC 7518 §6.2.1.2-3 and §6.2.2.1: coordinates and ``d`` are full-length base64url;
    their values, as integers.

    Lenient decoders take padding, ``+``/``/`` and short or long values; refusing them keeps
    one spelling per key, so :meth:`PublicKey.to_jwk` and RFC 7638 thumbprints are canonical.
    """
    size = _ALGORITHMS[_CURVES[str(jwk["crv"])]][0]
    values = []
    for name in names:
        value = jwk.get(name)
        try:
            decoded = b64url_decode(value, what=name) if isinstance(value, str) else b""
        except BadBase64 as exc:
            raise InvalidJWK(f"JWK member {name!r} is not base64url") from exc
        if len(decoded) != size:
            raise InvalidJWK(f"JWK member {name!r} is not a {size}-octet base64url value")
        values.append(int.from_bytes(decoded, "big"))
    if not isinstance(jwk.get("kid", ""), str):
        raise InvalidJWK("JWK member 'kid' is not a string")
    return values


def _private_ec_key(jwk: Mapping[str, Any]) -> ec.EllipticCurvePrivateKey:
    """RFC 7517 §4 with RFC 7518 §6.2.2: the private EC key of a JWK with ``d``, every member
    checked (:func:`_ec_members`) and ``d`` checked to be the key of ``x`` and ``y``."""
    if not isinstance(jwk, Mapping) or "d" not in jwk:
        raise InvalidJWK("a private key was expected")
    if jwk.get("kty") != "EC" or not isinstance(jwk.get("crv"), str) or jwk["crv"] not in _CURVES:
        raise InvalidJWK("only EC keys on curves P-256 and P-384 are accepted")
    x, y, d = _ec_members(jwk, ("x", "y", "d"))
    curve = _CURVE_OBJECTS[jwk["crv"]]
    try:
        # OpenSSL checks the point is on the curve, ``d`` in range and ``d·G`` the point.
        return ec.EllipticCurvePrivateNumbers(
            d, ec.EllipticCurvePublicNumbers(x, y, curve)
        ).private_key()
    except ValueError as exc:
        raise InvalidJWK("the JWK is not a valid key: d and x, y do not match") from exc


def _public_members(jwk: Mapping[str, Any]) -> dict[str, Any]:
    """The members RFC 7518 §6.2.1 names of a JWK :func:`_private_ec_key` accepted, as given
    (full-length, and ``d``'s point)."""
    return {"kty": "EC", "crv": str(jwk["crv"]), "x": jwk["x"], "y": jwk["y"]}


def _private_kid(jwk: Mapping[str, Any]) -> str:
    """The ``kid`` of a private JWK :func:`_private_ec_key` accepted: its own when not
    empty, else the RFC 7638 thumbprint of its public members."""
    kid = jwk.get("kid")
    return kid if isinstance(kid, str) and kid else jwk_thumbprint(_public_members(jwk))


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A public EC key for verifying ES256 signatures, imported from a public JWK."""

    key: ec.EllipticCurvePublicKey
    jwk: Mapping[str, Any]
    algorithm: str = "ES256"

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> PublicKey:
        """RFC 7517 §4 with RFC 7518 §6.2.1: import a public EC JWK; ``d`` is refused here.

        Built with ``cryptography`` directly (point-on-curve validated by OpenSSL): this runs
        once per presentation for the holder key, so it stays off jwcrypto's slow path.
        """
        if not isinstance(jwk, Mapping):
            raise InvalidJWK("a JWK must be a JSON object")
        if "d" in jwk:
            raise InvalidJWK("a public key was expected, but the JWK holds a private key")
        if jwk.get("use", "sig") != "sig":  # RFC 7517 §4.2: an encryption key does not verify
            raise InvalidJWK("the JWK is not for signatures")
        if not isinstance(jwk.get("kid", ""), str):  # RFC 7517 §4.5
            raise InvalidJWK("the JWK's kid is not a string")
        crv = jwk.get("crv")
        if jwk.get("kty") != "EC" or not isinstance(crv, str) or crv not in _CURVES:
            raise InvalidJWK("only EC keys on curves P-256 and P-384 are accepted")
        algorithm = _CURVES[crv]
        size = _ALGORITHMS[algorithm][0]
        x, y = jwk.get("x"), jwk.get("y")
        if not isinstance(x, str) or not isinstance(y, str):
            raise InvalidJWK("an EC JWK needs x and y")
        try:
            xb, yb = b64url_decode(x, what="x"), b64url_decode(y, what="y")
        except BadBase64 as exc:
            raise InvalidJWK("x and y must be base64url") from exc
        if len(xb) != size or len(yb) != size:  # RFC 7518 §6.2.1.2: full-length coordinates
            raise InvalidJWK(f"x and y of a {crv} key are {size} octets each")
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(
                _CURVE_OBJECTS[crv], b"\x04" + xb + yb
            )
        except ValueError as exc:
            raise InvalidJWK("the point is not on the curve") from exc
        public = {"kty": "EC", "crv": crv, "x": x, "y": y}  # the members RFC 7518 §6.2.1 names
        if "kid" in jwk:
            public["kid"] = jwk["kid"]
        return cls(key, public, algorithm)

    @classmethod
    def from_cryptography(
        cls, key: ec.EllipticCurvePublicKey, *, kid: str | None = None
    ) -> PublicKey:
        """Wrap a ``cryptography`` public key (for example a certificate's)."""
        curves = {"secp256r1": "P-256", "secp384r1": "P-384"}
        if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name not in curves:
            raise InvalidJWK("only EC keys on curves P-256 and P-384 are accepted")
        crv = curves[key.curve.name]
        size = _ALGORITHMS[_CURVES[crv]][0]
        numbers = key.public_numbers()
        jwk: dict[str, Any] = {
            "kty": "EC",
            "crv": crv,
            "x": b64url_encode(numbers.x.to_bytes(size, "big")),
            "y": b64url_encode(numbers.y.to_bytes(size, "big")),
        }
        if kid is not None:
            jwk["kid"] = kid
        return cls(key=key, jwk=jwk, algorithm=_CURVES[crv])

    @property
    def kid(self) -> str | None:
        kid = self.jwk.get("kid")
        return kid if isinstance(kid, str) else None

    def thumbprint(self) -> str:
        """RFC 7638 thumbprint of this key."""
        return jwk_thumbprint(self.jwk)

    def to_jwk(self) -> dict[str, Any]:
        """The public JWK (never any private member)."""
        return dict(self.jwk)


@dataclass(frozen=True, slots=True)
class PrivateKey:
    """A P-256 signing key; ``public`` is what others may see."""

    key: ec.EllipticCurvePrivateKey
    public: PublicKey = field(repr=False)

    @classmethod
    def generate(cls, *, kid: str | None = None, crv: str = "P-256") -> PrivateKey:
        """A fresh EC key (P-256 unless told) from the operating system's CSPRNG.

        ``kid`` defaults to the RFC 7638 thumbprint of the public key.
        """
        curve = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}[crv]
        return cls.from_cryptography(ec.generate_private_key(curve()), kid=kid)

    @classmethod
    def from_cryptography(
        cls, key: ec.EllipticCurvePrivateKey, *, kid: str | None = None
    ) -> PrivateKey:
        return cls._with_kid(key, PublicKey.from_cryptography(key.public_key()), kid)

    @classmethod
    def _with_kid(
        cls, key: ec.EllipticCurvePrivateKey, public: PublicKey, kid: str | None
    ) -> PrivateKey:
        """``public`` (without ``kid``) named ``kid``, or by its RFC 7638 thumbprint."""
        kid = kid or public.thumbprint()
        named = PublicKey(public.key, {**public.jwk, "kid": kid}, public.algorithm)
        return cls(key=key, public=named)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> PrivateKey:
        """RFC 7517 §4: import a private EC JWK (with ``d``)."""
        key = _private_ec_key(jwk)
        members = _public_members(jwk)
        public = PublicKey(key.public_key(), members, _CURVES[members["crv"]])
        return cls._with_kid(key, public, _private_kid(jwk))

    @property
    def kid(self) -> str:
        kid = self.public.kid
        assert kid is not None  # noqa: S101 - from_cryptography always sets one
        return kid

    def to_private_jwk(self) -> dict[str, Any]:
        """The private JWK, for storage by its owner only."""
        size = _ALGORITHMS[self.public.algorithm][0]
        d = self.key.private_numbers().private_value.to_bytes(size, "big")
        return {**self.public.to_jwk(), "d": b64url_encode(d)}

    def sign_raw(self, signing_input: bytes) -> bytes:
        """RFC 7518 §3.4: an ECDSA signature as R || S (64 octets for ES256), never DER."""
        algorithm = self.public.algorithm
        size = _ALGORITHMS[algorithm][0]
        der = self.key.sign(signing_input, _ECDSA[algorithm])
        r, s = decode_dss_signature(der)
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")


# --- compact JWS -----------------------------------------------------------------------------


class ParsedJWS(NamedTuple):
    """A compact JWS split into its parts (RFC 7515 §7.1); ``verified`` says if checked."""

    header: Mapping[str, Any]
    payload: Mapping[str, Any]
    signing_input: bytes
    signature: bytes
    verified: bool = False


def sign_jws(
    payload: Mapping[str, Any],
    key: PrivateKey,
    *,
    typ: str,
    headers: Mapping[str, Any] | None = None,
    include_kid: bool = True,
) -> str:
    """RFC 7515 §5.1: sign ``payload`` as a compact JWS with ES256 and explicit ``typ``."""
    header: dict[str, Any] = {"alg": key.public.algorithm, "typ": typ}
    if include_kid:
        header["kid"] = key.kid
    header.update(headers or {})
    signing_input = (
        b64url_encode(json_dumps(header)) + "." + b64url_encode(json_dumps(dict(payload)))
    ).encode("ascii")
    return signing_input.decode("ascii") + "." + b64url_encode(key.sign_raw(signing_input))


class _HeaderCache:
    """Decoded JWS Protected Headers (RFC 7515 §5.2 steps 2-4), by their encoded segment.

    Every credential an issuer signs with one key carries the same header (``alg``, ``typ``,
    ``kid``, its ``x5c`` chain), and every KB-JWT of a wallet the same ``alg`` and ``typ``:
    decoding it again costs more than looking it up. Decoding is a function of the segment
    alone, so a hit is what decoding would give; a segment that fails to decode is never kept,
    and fails again each time. Only headers whose members are strings, numbers, booleans,
    ``null`` or arrays of those are kept, and each hit is a fresh copy, so no caller can
    change what the next one gets. Bounded; oldest out first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[str, dict[str, Any]] = {}

    def get(self, segment: str) -> dict[str, Any] | None:
        cached = self._entries.get(segment)
        return None if cached is None else _flat_copy(cached)

    def put(self, segment: str, header: dict[str, Any]) -> None:
        if not all(_flat_member(value) for value in header.values()):
            return
        if len(self._entries) >= self.size:
            self._entries.pop(next(iter(self._entries)), None)
        self._entries[segment] = _flat_copy(header)


_SCALARS: Final = (str, int, float, bool, type(None))


def _flat_copy(header: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a header of :func:`_flat_member` members that shares nothing mutable."""
    return {name: list(value) if type(value) is list else value for name, value in header.items()}


def _flat_member(value: Any) -> bool:
    """A scalar, or an array of scalars: copied fully by copying the array."""
    if type(value) is list:
        return all(type(item) in _SCALARS for item in value)
    return type(value) in _SCALARS


_JWS_HEADERS = _HeaderCache(64)


def _split_jws(
    token: str, *, max_size: int, what: str
) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """RFC 7515 §5.2 steps 1-6: split and decode a compact JWS."""
    if not isinstance(token, str) or not token:
        raise EmptyInput(f"{what} is empty")
    if len(token) > max_size:
        raise InputTooLarge(f"{what} is longer than {max_size} characters")
    parts = token.split(".")
    if len(parts) != 3:  # noqa: PLR2004 - header.payload.signature
        raise WrongSegmentCount(f"{what} has {len(parts)} segments, not 3")
    header = _JWS_HEADERS.get(parts[0])
    if header is None:
        header = json_loads(b64url_decode(parts[0], what=what), what=f"{what} header")
        if not isinstance(header, dict):
            raise InvalidJSON(f"{what} header is not a JSON object")
        _JWS_HEADERS.put(parts[0], header)
    payload = json_loads(b64url_decode(parts[1], what=what), what=f"{what} payload")
    if not isinstance(payload, dict):
        raise InvalidJSON(f"{what} payload is not a JSON object")
    signature = b64url_decode(parts[2], what=f"{what} signature")
    return header, payload, token[: len(parts[0]) + len(parts[1]) + 1].encode("ascii"), signature


def parse_jws(token: str, *, max_size: int = MAX_JWS_SIZE, what: str = "JWS") -> ParsedJWS:
    """RFC 7515 §5.2 steps 1-6: split and decode a compact JWS, without verifying it."""
    return ParsedJWS(*_split_jws(token, max_size=max_size, what=what))


def _normalise_typ(value: str) -> str:
    """RFC 7515 §4.1.9: media types compare case-insensitively; ``application/`` optional."""
    lowered = value.lower()
    return lowered.removeprefix("application/")


def check_header(
    header: Mapping[str, Any],
    *,
    typ: str | Collection[str] | None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    allow_header_jwk: bool = False,
) -> str:
    """Check a JWS header before any signature work; return its ``alg``."""
    allowed = (algorithms,) if isinstance(algorithms, str) else algorithms
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none" or alg not in allowed:
        raise AlgorithmNotAllowed(f"algorithm {alg!r} is not allowed")
    crit = header.get("crit", ())
    if "crit" in header and (  # RFC 7515 §4.1.11: a non-empty array of understood names
        not isinstance(crit, list)
        or not crit
        or not all(isinstance(name, str) and name in _UNDERSTOOD_CRIT for name in crit)
    ):
        raise CriticalHeaderUnsupported(f"unsupported crit {crit!r}")
    if not header.keys().isdisjoint(_HEADER_KEY_PARAMETERS):
        for name in _HEADER_KEY_PARAMETERS:
            if name in header and not (name == "jwk" and allow_header_jwk):
                raise KeyFromHeaderRefused(f"header parameter {name!r} is not accepted")
    if typ is not None:
        wanted = (typ,) if isinstance(typ, str) else typ
        got = header.get("typ")
        if not isinstance(got, str) or _normalise_typ(got) not in map(_normalise_typ, wanted):
            expected = sorted({_normalise_typ(t) for t in wanted})
            raise TypMismatch(f"typ {got!r} is not {' or '.join(expected)!r}")
    return alg


def verify_signature(parsed: ParsedJWS, key: PublicKey, alg: str) -> None:
    """RFC 7515 §5.2 step 8 with RFC 7518 §3.4: ECDSA over the signing input, R || S."""
    if key.algorithm != alg or alg not in _ALGORITHMS:
        raise KeyAlgorithmMismatch(f"the key is for {key.algorithm}, the JWS says {alg}")
    size = _ALGORITHMS[alg][0]
    if len(parsed.signature) != 2 * size:
        raise SignatureEncodingInvalid(
            f"an {alg} signature is {2 * size} octets (R || S), not {len(parsed.signature)}"
        )
    r = int.from_bytes(parsed.signature[:size], "big")
    s = int.from_bytes(parsed.signature[size:], "big")
    try:
        key.key.verify(encode_dss_signature(r, s), parsed.signing_input, _ECDSA[alg])
    except InvalidSignature as exc:
        raise SignatureInvalid("the signature does not verify with the expected key") from exc


KeySource = PublicKey | Callable[[Mapping[str, Any], Mapping[str, Any]], PublicKey]
"""A key, or a resolver called with the (untrusted) header and payload that returns one."""


def verify_jws(
    token: str | ParsedJWS,
    key: KeySource,
    *,
    typ: str | Collection[str] | None,
    algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    allow_header_jwk: bool = False,
    max_size: int = MAX_JWS_SIZE,
    what: str = "JWS",
) -> ParsedJWS:
    """RFC 7515 §5.2: parse, check the header (RFC 8725), resolve the key, verify.

    ``key`` is the caller's: a :class:`PublicKey` or a resolver. A resolver sees the header
    and payload only to pick among keys the caller already trusts (``kid``, ``iss``, ``x5c``
    against trust anchors); it must never trust a key because the token carries it.
    """
    if isinstance(token, ParsedJWS):
        header, payload, signing_input, signature = (
            token.header,
            token.payload,
            token.signing_input,
            token.signature,
        )
    else:
        header, payload, signing_input, signature = _split_jws(token, max_size=max_size, what=what)
    alg = check_header(header, typ=typ, algorithms=algorithms, allow_header_jwk=allow_header_jwk)
    public = key if isinstance(key, PublicKey) else key(header, payload)
    parsed = ParsedJWS(header, payload, signing_input, signature, verified=True)
    verify_signature(parsed, public, alg)  # raises, so no caller sees ``verified`` unearned
    return parsed


# --- x5c -------------------------------------------------------------------------------------


def certificate_from_der_b64(value: str) -> x509.Certificate:
    """RFC 7515 §4.1.6: an ``x5c`` entry is standard base64 (not base64url) DER."""
    try:
        return x509.load_der_x509_certificate(base64.b64decode(value, validate=True))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise CertificateChainInvalid("an x5c entry is not a base64 DER certificate") from exc


def _ee_key_usage(_policy: Policy, _cert: x509.Certificate, usage: x509.KeyUsage | None) -> None:
    """RFC 5280 §4.2.1.3: a key usage extension, if present, must allow signatures."""
    if usage is not None and not usage.digital_signature:
        raise ValueError("the signing certificate's key usage lacks digitalSignature")


def _ee_not_a_ca(
    _policy: Policy, _cert: x509.Certificate, constraints: x509.BasicConstraints | None
) -> None:
    """RFC 5280 §4.2.1.9: the signer is an end entity, not a CA signing with its own key."""
    if constraints is not None and constraints.ca:
        raise ValueError("the signing certificate is a CA certificate")


_EE_POLICY: Final = (
    ExtensionPolicy.permit_all()
    .may_be_present(x509.KeyUsage, Criticality.AGNOSTIC, _ee_key_usage)
    .may_be_present(x509.BasicConstraints, Criticality.AGNOSTIC, _ee_not_a_ca)
)
"""End-entity rules: no EKU or SAN is required (a JWS signer is not a TLS client), but the
key must be for signing and the certificate must not be a CA's."""


def verify_x5c_chain(
    x5c: Sequence[str],
    trust_anchors: Sequence[x509.Certificate],
    *,
    now: datetime,
    max_depth: int = 4,
) -> tuple[x509.Certificate, PublicKey]:
    """RFC 7515 §4.1.6 and RFC 5280 §6: validate ``x5c`` up to a configured trust anchor.

    The first certificate is the signer's; the rest are intermediates. Path building,
    signatures, validity at ``now``, basic constraints and key usage are checked by
    ``cryptography``'s RFC 5280 verifier (CAs by its Web PKI defaults, the signer by
    ``_EE_POLICY``). Returns the leaf and its public key.
    """
    if not isinstance(x5c, list | tuple) or not x5c or len(x5c) > max_depth:
        raise CertificateChainInvalid("x5c must be a non-empty list of at most a few certificates")
    if not trust_anchors:
        raise CertificateChainInvalid("no trust anchors are configured")
    if not all(isinstance(entry, str) for entry in x5c):
        raise CertificateChainInvalid("x5c entries must be base64 strings (RFC 7515 §4.1.6)")
    anchors = tuple(trust_anchors)
    # The anchors by identity: each entry holds its anchors, so no other object can take
    # their ids while it lives (hashing or comparing certificates costs as much as a lookup).
    cache_key = (tuple(x5c), tuple(map(id, anchors)), max_depth)
    moment = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
    cached = _VERIFIED_CHAINS.get(cache_key)
    if cached is not None and cached.valid_from <= moment <= cached.valid_until:
        return cached.leaf, cached.key
    certificates, key = _verify_x5c_chain(x5c, anchors, now=now, max_depth=max_depth)
    _VERIFIED_CHAINS.put(cache_key, key, certificates, anchors)
    return certificates[0], key


@dataclass(frozen=True, slots=True)
class _VerifiedChain:
    leaf: x509.Certificate
    key: PublicKey
    valid_from: datetime
    valid_until: datetime
    anchors: tuple[x509.Certificate, ...]
    """Kept alive with the entry: the cache key holds their ids."""


class _ChainCache:
    """Chains that passed :func:`verify_x5c_chain`, by their ``x5c``, anchors and depth.

    Every presentation of a credential carries the same issuer chain; building and checking
    its path again costs more than verifying the signatures it is for. A hit is used only
    while ``now`` lies within every certificate's validity (what the verifier checks of time),
    so the answer is the one a fresh verification would give. Bounded; oldest out first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[Any, _VerifiedChain] = {}

    def get(self, key: Any) -> _VerifiedChain | None:
        return self._entries.get(key)

    def put(
        self,
        key: Any,
        public: PublicKey,
        certificates: list[x509.Certificate],
        anchors: tuple[x509.Certificate, ...],
    ) -> None:
        """``certificates``: the leaf first, then the intermediates; with the configured
        ``anchors`` their validity bounds the answer."""
        if len(self._entries) >= self.size:
            self._entries.pop(next(iter(self._entries)), None)
        chain = [*certificates, *anchors]
        self._entries[key] = _VerifiedChain(
            certificates[0],
            public,
            valid_from=max(c.not_valid_before_utc for c in chain),
            valid_until=min(c.not_valid_after_utc for c in chain),
            anchors=anchors,
        )


_VERIFIED_CHAINS = _ChainCache(256)


def x5c_key_resolver(
    trust_anchors: Sequence[x509.Certificate],
    *,
    at: float,
    found: list[x509.Certificate],
    what: str,
) -> Callable[[Mapping[str, Any], Mapping[str, Any]], PublicKey]:
    """A key source for :func:`verify_jws`: the key of the leaf of the header's ``x5c`` chain
    to one of ``trust_anchors`` (:func:`verify_x5c_chain`, valid at ``at``), appended to
    ``found``. The chain must leave the anchor out: an anchor is configured, never sent (HAIP
    1.0 §5 for Request Objects, §4.4.1 for wallet attestations), so a self-signed signer is
    refused. Every failure is :class:`CertificateChainInvalid`."""
    anchors = {anchor.public_bytes(Encoding.DER) for anchor in trust_anchors}

    def resolve(header: Mapping[str, Any], _payload: Mapping[str, Any]) -> PublicKey:
        x5c = header.get("x5c")
        if not isinstance(x5c, list) or not all(isinstance(entry, str) for entry in x5c):
            raise CertificateChainInvalid(f"{what} has no x5c certificate chain")
        for entry in x5c:
            if certificate_from_der_b64(entry).public_bytes(Encoding.DER) in anchors:
                raise CertificateChainInvalid("x5c must leave out the trust anchor (HAIP 1.0 §5)")
        leaf, key = verify_x5c_chain(x5c, trust_anchors, now=datetime.fromtimestamp(at, UTC))
        found.append(leaf)
        return key

    return resolve


def _verify_x5c_chain(
    x5c: Sequence[str],
    trust_anchors: Sequence[x509.Certificate],
    *,
    now: datetime,
    max_depth: int,
) -> tuple[list[x509.Certificate], PublicKey]:
    certificates = [certificate_from_der_b64(entry) for entry in x5c]
    verifier = (
        PolicyBuilder()
        .store(Store(list(trust_anchors)))
        .time(now)
        .max_chain_depth(max_depth)
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=_EE_POLICY,
        )
        .build_client_verifier()
    )
    try:
        verifier.verify(certificates[0], certificates[1:])
    except VerificationError as exc:
        raise CertificateChainInvalid(f"the x5c chain is not trusted: {exc}") from exc
    leaf_key = certificates[0].public_key()
    if not isinstance(leaf_key, ec.EllipticCurvePublicKey):
        raise CertificateChainInvalid("the signing certificate does not hold an EC key")
    try:
        return certificates, PublicKey.from_cryptography(leaf_key)
    except InvalidJWK as exc:
        raise CertificateChainInvalid("the signing certificate's key is not usable") from exc


# --- compact JWE (RFC 7516): OpenID4VP response encryption ---------------------------------------

JWE_ALGORITHM: Final = "ECDH-ES"
"""RFC 7518 §4.6 direct key agreement, the one ``alg`` HAIP 1.0 §5 mandates (with P-256)."""
JWE_ENCRYPTIONS: Final = ("A128GCM", "A256GCM")
"""RFC 7518 §5.3; HAIP 1.0 §5: a verifier supports and lists both."""
MAX_JWE_SIZE: Final = 1024 * 1024
"""Upper bound on one compact JWE (characters); larger inputs are refused before parsing."""
MAX_JWE_PLAINTEXT: Final = 512 * 1024
"""Upper bound on a JWE plaintext (octets), checked on the ciphertext before decrypting (AES GCM
ciphertext is as long as its plaintext) and before encrypting."""
_JWE_HEADER_PARAMETERS: Final = frozenset({"alg", "enc", "kid", "epk", "apu", "apv", "typ", "cty"})
"""RFC 7516 §4.1 and RFC 7518 §4.6.1: what an ``ECDH-ES`` response header may hold."""
_GCM_IV_OCTETS: Final = 12
"""RFC 7518 §5.3: a 96-bit initialization vector."""
_GCM_TAG_OCTETS: Final = 16
"""RFC 7518 §5.3: a 128-bit authentication tag."""
_JWE_SEGMENTS: Final = 5
_JWS_SEGMENTS: Final = 3


def _p256_public_key(jwk: Mapping[str, Any], *, what: str) -> PublicKey:
    """RFC 7518 §6.2.1: a public P-256 key from the members every EC JWK has (``use`` and
    ``alg`` are the caller's to check)."""
    if not isinstance(jwk, Mapping):
        raise InvalidJWK(f"{what} is not a JSON object")
    public = PublicKey.from_jwk({k: jwk[k] for k in ("kty", "crv", "x", "y", "d") if k in jwk})
    if public.jwk["crv"] != "P-256":
        raise InvalidJWK(f"{what} is not on curve P-256")
    return public


@dataclass(frozen=True, slots=True)
class EncryptionKey:
    """An ``ECDH-ES`` P-256 key pair for response encryption (OpenID4VP 1.0 §8.3).

    The verifier makes a fresh one per request (HAIP 1.0 §5) and sends :meth:`public_jwk` in
    ``client_metadata.jwks``; the private half stays with the transaction.
    """

    key: ec.EllipticCurvePrivateKey = field(repr=False)
    kid: str

    @classmethod
    def generate(cls, *, kid: str | None = None) -> EncryptionKey:
        """A fresh P-256 key from the operating system's CSPRNG; ``kid`` defaults to the RFC
        7638 thumbprint (OpenID4VP 1.0 §5.1: unique within the request)."""
        key = ec.generate_private_key(ec.SECP256R1())
        return cls(key=key, kid=kid or PublicKey.from_cryptography(key.public_key()).thumbprint())

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> EncryptionKey:
        """RFC 7517 §4: a private P-256 JWK (with ``d``), for encryption if it says (§4.2)."""
        if not isinstance(jwk, Mapping) or jwk.get("use", "enc") != "enc":
            raise InvalidJWK("the JWK is not for encryption")
        if jwk.get("alg", JWE_ALGORITHM) != JWE_ALGORITHM or jwk.get("crv") != "P-256":
            raise InvalidJWK("an encryption key is an ECDH-ES key on curve P-256")
        key = _private_ec_key(jwk)  # as PrivateKey.from_jwk, without a PrivateKey to make
        return cls(key=key, kid=_private_kid(jwk))

    def public_jwk(self) -> dict[str, Any]:
        """OpenID4VP 1.0 §5.1 ``jwks`` and §8.3: the public key with ``kid``, ``use: enc`` and
        ``alg: ECDH-ES`` (the ``alg`` member MUST be present)."""
        public = PublicKey.from_cryptography(self.key.public_key()).to_jwk()
        return {**public, "kid": self.kid, "use": "enc", "alg": JWE_ALGORITHM}

    def to_private_jwk(self) -> dict[str, Any]:
        """The private JWK, for storage by its owner only."""
        private = PrivateKey.from_cryptography(self.key, kid=self.kid).to_private_jwk()
        return {**private, "use": "enc", "alg": JWE_ALGORITHM}


def encrypt_jwe(
    plaintext: bytes,
    recipient: Mapping[str, Any],
    *,
    enc: str,
    max_plaintext: int = MAX_JWE_PLAINTEXT,
) -> str:
    """RFC 7516 §5.1 with OpenID4VP 1.0 §8.3: encrypt to the verifier's public JWK.

    The JWK must say ``alg: ECDH-ES`` (the JWE ``alg`` equals it) and be a P-256 key; its
    ``kid``, when present, is copied into the header. jwcrypto makes the ephemeral key (``epk``)
    and does the key agreement (RFC 7518 §4.6.2) and AES GCM.
    """
    if not isinstance(recipient, Mapping) or recipient.get("alg") != JWE_ALGORITHM:
        raise JWEAlgorithmNotAllowed("the recipient's JWK must have alg ECDH-ES")
    if recipient.get("use", "enc") != "enc":
        raise InvalidJWK("the recipient's JWK is not for encryption")
    if enc not in JWE_ENCRYPTIONS:
        raise JWEEncryptionNotAllowed(f"enc {enc!r} is not one of {list(JWE_ENCRYPTIONS)}")
    if len(plaintext) > max_plaintext:
        raise InputTooLarge(f"the plaintext is longer than {max_plaintext} octets")
    public = _p256_public_key(recipient, what="the recipient's JWK")
    header: dict[str, Any] = {"alg": JWE_ALGORITHM, "enc": enc}
    kid = recipient.get("kid")
    if kid is not None:
        if not isinstance(kid, str):
            raise InvalidJWK("the recipient's kid is not a string")
        header["kid"] = kid
    token = _jwe.JWE(plaintext, protected=json_dumps(header).decode("utf-8"))
    token.add_recipient(_jwk.JWK.from_pyca(public.key))
    compact: str = token.serialize(compact=True)
    return compact


class DecryptedJWE(NamedTuple):
    """A JWE that decrypted with one of the caller's keys (RFC 7516 §5.2)."""

    header: Mapping[str, Any]
    plaintext: bytes
    key: EncryptionKey


def _refuse_plaintext(token: str) -> None:
    """OpenID4VP 1.0 §8.3: a JWS, an unsecured JWT or bare JSON where a JWE is required."""
    if token.lstrip().startswith("{"):
        try:
            document = json_loads(token, what="the response")
        except StandardsError:
            document = None
        if isinstance(document, dict) and "ciphertext" in document:
            raise WrongJWESegmentCount("a JWT is a compact JWE, not the JSON serialization")
        raise EncryptionRequired("plain JSON was sent where an encrypted JWT is required")
    if token.count(".") == _JWS_SEGMENTS - 1:
        raise EncryptionRequired("a JWS or unsecured JWT was sent where a JWE is required")


def _check_jwe_header(header: Mapping[str, Any]) -> PublicKey:
    """RFC 7516 §5.2 steps 3-5 before any key is used: only allow-listed parameters. Returns
    the ephemeral public key (``epk``)."""
    if "zip" in header:
        raise JWECompressionRefused("compressed JWE plaintext is not accepted")
    if "crit" in header:  # RFC 7516 §4.1.13 (RFC 7515 §4.1.11): none is understood
        raise JWEHeaderNotAllowed("no crit header parameter is understood")
    unknown = sorted(set(header) - _JWE_HEADER_PARAMETERS)
    if unknown:
        raise JWEHeaderNotAllowed(f"header parameters {unknown} are not accepted")
    if header.get("alg") != JWE_ALGORITHM:
        raise JWEAlgorithmNotAllowed(f"alg {header.get('alg')!r} is not {JWE_ALGORITHM}")
    if header.get("enc") not in JWE_ENCRYPTIONS:
        raise JWEEncryptionNotAllowed(f"enc {header.get('enc')!r} is not accepted")
    if not isinstance(header.get("kid"), str):
        raise JWEKeyUnknown("the JWE names no kid")
    if "epk" not in header:
        raise EphemeralKeyInvalid("the ECDH-ES header has no epk (RFC 7518 §4.6.1.1)")
    try:
        return _p256_public_key(header["epk"], what="epk")
    except InvalidJWK as exc:
        raise EphemeralKeyInvalid(f"epk is not a public P-256 key: {exc.detail}") from exc


class _SplitJWE(NamedTuple):
    header: dict[str, Any]
    epk: PublicKey
    protected: bytes
    """The protected header as sent (base64url, ASCII): the AAD of AES GCM (RFC 7516 §5.2
    step 14)."""
    segments: list[bytes]
    """Encrypted key, initialization vector, ciphertext and tag, decoded."""


def _split_jwe(token: str, *, max_size: int) -> _SplitJWE:
    """RFC 7516 §5.2 steps 1-3 and §7.1: five base64url segments and a JSON object header."""
    if not isinstance(token, str) or not token:
        raise EmptyInput("the JWE is empty")
    if len(token) > max_size:
        raise InputTooLarge(f"the JWE is longer than {max_size} characters")
    _refuse_plaintext(token)
    parts = token.split(".")
    if len(parts) != _JWE_SEGMENTS:
        raise WrongJWESegmentCount(f"the JWE has {len(parts)} segments, not {_JWE_SEGMENTS}")
    header = json_loads(b64url_decode(parts[0], what="the JWE header"), what="the JWE header")
    if not isinstance(header, dict):
        raise InvalidJSON("the JWE header is not a JSON object")
    epk = _check_jwe_header(header)
    names = ("encrypted key", "initialization vector", "ciphertext", "tag")
    segments = [
        b64url_decode(part, what=f"the JWE {n}") for part, n in zip(parts[1:], names, strict=True)
    ]
    return _SplitJWE(header, epk, parts[0].encode("ascii"), segments)


def read_jwe_header(token: str, *, max_size: int = MAX_JWE_SIZE) -> Mapping[str, Any]:
    """RFC 7516 §5.2 steps 1-5, no key needed: the allow-listed protected header.

    A verifier reads ``kid`` here to find the request (and its key) a response answers; the
    header is only authenticated once :func:`decrypt_jwe` has succeeded.
    """
    return _split_jwe(token, max_size=max_size).header


def decrypt_jwe(
    token: str,
    keys: EncryptionKey | Sequence[EncryptionKey],
    *,
    encryptions: Collection[str] = JWE_ENCRYPTIONS,
    max_size: int = MAX_JWE_SIZE,
    max_plaintext: int = MAX_JWE_PLAINTEXT,
) -> DecryptedJWE:
    """RFC 7516 §5.2 with OpenID4VP 1.0 §8.3: decrypt a response with the caller's key.

    ``keys`` are the private keys of this request, ``encryptions`` the ``enc`` values it
    offered (``encrypted_response_enc_values_supported``). The header is allow-listed, ``kid``
    must name one of ``keys``, the IV and tag have GCM's sizes, the Encrypted Key is empty
    (direct key agreement) and the ciphertext within ``max_plaintext``; then ECDH-ES (RFC 7518
    §4.6.2) and AES GCM (§5.3) with ``cryptography``, and a failed tag rejects the token.
    """
    header, epk, protected, segments = _split_jwe(token, max_size=max_size)
    encrypted_key, iv, ciphertext, tag = segments
    enc = header["enc"]
    if enc not in encryptions:
        raise JWEEncryptionNotAllowed(f"enc {enc!r} was not offered for this request")
    candidates = (keys,) if isinstance(keys, EncryptionKey) else tuple(keys)
    key = next((k for k in candidates if k.kid == header["kid"]), None)
    if key is None:
        raise JWEKeyUnknown("the JWE is encrypted to a key this request does not hold")
    if encrypted_key:
        raise JWEMalformed("with ECDH-ES the JWE Encrypted Key is empty (RFC 7518 §4.6)")
    if len(iv) != _GCM_IV_OCTETS or len(tag) != _GCM_TAG_OCTETS:
        raise JWEMalformed("AES GCM takes a 96-bit IV and a 128-bit tag (RFC 7518 §5.3)")
    if len(ciphertext) > max_plaintext:
        raise InputTooLarge(f"the JWE plaintext is longer than {max_plaintext} octets")
    party_u = _party_info(header, "apu")
    party_v = _party_info(header, "apv")
    try:
        shared = key.key.exchange(ec.ECDH(), epk.key)
    except ValueError as exc:  # pragma: no cover - epk was checked to be a P-256 point
        raise DecryptionFailed("the key agreement failed") from exc
    cek = _concat_kdf(shared, enc, party_u, party_v)
    try:
        plaintext = AESGCM(cek).decrypt(iv, ciphertext + tag, protected)
    except InvalidTag as exc:
        raise DecryptionFailed("the JWE does not decrypt: its tag does not verify") from exc
    return DecryptedJWE(header, plaintext, key)


_GCM_KEY_OCTETS: Final[Mapping[str, int]] = {"A128GCM": 16, "A256GCM": 32}


def _party_info(header: Mapping[str, Any], name: str) -> bytes:
    """RFC 7518 §4.6.1.2-3: ``apu`` and ``apv`` are base64url when present."""
    value = header.get(name)
    if value is None:
        return b""
    if not isinstance(value, str):
        raise JWEMalformed(f"{name} must be a base64url string")
    return b64url_decode(value, what=name)


def _concat_kdf(shared: bytes, enc: str, party_u: bytes, party_v: bytes) -> bytes:
    """RFC 7518 §4.6.2: the Concat KDF of NIST SP 800-56A §5.8.1 with SHA-256 for direct key
    agreement: AlgorithmID is ``enc``, each field length-prefixed (32-bit big-endian),
    SuppPubInfo the key length in bits. A 128- or 256-bit key takes one round of SHA-256."""
    octets = _GCM_KEY_OCTETS[enc]
    algorithm = enc.encode("ascii")
    other_info = b"".join(
        (
            len(algorithm).to_bytes(4, "big"),
            algorithm,
            len(party_u).to_bytes(4, "big"),
            party_u,
            len(party_v).to_bytes(4, "big"),
            party_v,
            (8 * octets).to_bytes(4, "big"),
        )
    )
    return hashlib.sha256(b"\x00\x00\x00\x01" + shared + other_info).digest()[:octets]
