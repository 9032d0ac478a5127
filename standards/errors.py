"""One exception hierarchy for every check the standards core can fail.

Each class stands for one failed check. It carries:

- ``code``: a stable machine code (``"sd_jwt.unreferenced_disclosure"``), for logs, tests and
  translation tables; it never changes once released;
- ``error``: the protocol error code the specifications define for it (OAuth 2.0 / OpenID4VCI
  §8.3.1.2 / OpenID4VP §8.5), used by the web layer's one error handler;
- ``title_en`` and ``title_nl``: a plain sentence for people, in English and Dutch (B1);
- ``detail``: the specific reason for this instance, in English, for logs and developers.

Modelled on pyjwt's ``ExpiredSignatureError``/``InvalidAudienceError``: catch
:class:`StandardsError` for "not valid", or a subclass for one precise reason.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AlgorithmNotAllowed",
    "AudienceMismatch",
    "BadBase64",
    "CertificateChainInvalid",
    "ClaimNameCollision",
    "CriticalHeaderUnsupported",
    "DecompressionLimitExceeded",
    "DisclosureInvalidName",
    "DisclosureMalformed",
    "DisclosureWrongKind",
    "DuplicateDigest",
    "DuplicateDisclosure",
    "DuplicateJSONKey",
    "EmptyInput",
    "ExpectedPresentationWithKeyBinding",
    "HolderKeyMissing",
    "InputTooLarge",
    "InvalidJSON",
    "InvalidJWK",
    "InvalidUTF8",
    "IssuerKeyUnresolved",
    "IssuerMetadataInvalid",
    "IssuerMismatch",
    "KeyAlgorithmMismatch",
    "KeyBindingIatInvalid",
    "KeyBindingMissing",
    "KeyBindingUnexpected",
    "KeyFromHeaderRefused",
    "LimitExceeded",
    "MalformedInput",
    "MissingClaim",
    "MissingTrailingTilde",
    "MissingVct",
    "NonceMismatch",
    "ProtectedClaimDisclosable",
    "SdHashMismatch",
    "SelectionInvalid",
    "SignatureEncodingInvalid",
    "SignatureInvalid",
    "StandardsError",
    "StatusIndexInvalid",
    "StatusListInvalid",
    "StatusListSubjectMismatch",
    "TokenExpired",
    "TokenNotYetValid",
    "TypMismatch",
    "TypeMetadataInvalid",
    "UnreferencedDisclosure",
    "UnsupportedHashAlgorithm",
    "WrongSegmentCount",
]


class StandardsError(Exception):
    """A check of the standards core failed; the input is not valid."""

    code: ClassVar[str] = "invalid"
    error: ClassVar[str] = "invalid_request"
    title_en: ClassVar[str] = "The data could not be checked."
    title_nl: ClassVar[str] = "De gegevens konden niet worden gecontroleerd."

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.title_en
        super().__init__(self.detail)

    def as_dict(self) -> dict[str, str]:
        """The error as plain data: machine code, protocol error, and human texts."""
        return {
            "code": self.code,
            "error": self.error,
            "detail": self.detail,
            "title_en": self.title_en,
            "title_nl": self.title_nl,
        }


# --- parsing: the input is not even well-formed -------------------------------------------


class MalformedInput(StandardsError):
    """The input is not in the expected serialization."""

    code = "malformed"
    title_en = "The data is damaged or in the wrong format."
    title_nl = "De gegevens zijn beschadigd of hebben een verkeerde vorm."


class EmptyInput(MalformedInput):
    code = "malformed.empty"
    title_en = "No data was received."
    title_nl = "Er zijn geen gegevens ontvangen."


class InputTooLarge(MalformedInput):
    code = "malformed.too_large"
    title_en = "The data is larger than allowed."
    title_nl = "De gegevens zijn groter dan toegestaan."


class WrongSegmentCount(MalformedInput):
    """RFC 7515 §7.1: a compact JWS has exactly three base64url segments."""

    code = "malformed.jws_segments"


class BadBase64(MalformedInput):
    """RFC 7515 §2 / RFC 4648 §5: base64url without padding, nothing else."""

    code = "malformed.base64url"


class InvalidUTF8(MalformedInput):
    code = "malformed.utf8"


class InvalidJSON(MalformedInput):
    code = "malformed.json"


class DuplicateJSONKey(MalformedInput):
    """RFC 7515 §5.2 step 4 / RFC 7519 §7.2 step 9: duplicate member names are rejected."""

    code = "malformed.json_duplicate_key"


class MissingTrailingTilde(MalformedInput):
    """RFC 9901 §4: an SD-JWT without Key Binding ends with ``~``."""

    code = "sd_jwt.missing_trailing_tilde"


class LimitExceeded(MalformedInput):
    """A configured processing limit (nesting depth, disclosure count) was exceeded."""

    code = "malformed.limit_exceeded"


# --- JOSE ----------------------------------------------------------------------------------


class AlgorithmNotAllowed(StandardsError):
    """RFC 8725 §3.1/§3.2 and RFC 9901 §7.1 step 2.1: only allow-listed algorithms."""

    code = "jose.algorithm_not_allowed"
    title_en = "The data is signed in a way that is not accepted."
    title_nl = "De gegevens zijn ondertekend op een manier die niet wordt geaccepteerd."


class KeyAlgorithmMismatch(StandardsError):
    """RFC 7518 §3.4: ES256 requires a P-256 key; the key and ``alg`` must agree."""

    code = "jose.key_algorithm_mismatch"
    title_en = "The signature does not match the key."
    title_nl = "De handtekening past niet bij de sleutel."


class TypMismatch(StandardsError):
    """RFC 8725 §3.11: explicit typing; the ``typ`` header must be the expected one."""

    code = "jose.typ_mismatch"


class CriticalHeaderUnsupported(StandardsError):
    """RFC 7515 §4.1.11: a ``crit`` header we do not understand makes the JWS invalid."""

    code = "jose.crit_unsupported"


class KeyFromHeaderRefused(StandardsError):
    """RFC 8725 §3.10: the verification key never comes from the token under check."""

    code = "jose.key_from_header_refused"
    title_en = "The data tries to supply its own key; that is not accepted."
    title_nl = "De gegevens geven zelf een sleutel mee; dat wordt niet geaccepteerd."


class SignatureEncodingInvalid(StandardsError):
    """RFC 7518 §3.4: an ES256 signature is R || S, 64 octets, not DER."""

    code = "jose.signature_encoding"
    title_en = "The signature is not valid."
    title_nl = "De handtekening is niet geldig."


class SignatureInvalid(StandardsError):
    """RFC 7515 §5.2 step 8: the signature does not verify with the expected key."""

    code = "jose.signature_invalid"
    title_en = "The signature is not valid."
    title_nl = "De handtekening is niet geldig."


class InvalidJWK(StandardsError):
    """RFC 7517 §4: the JWK is not a usable key of the expected kind."""

    code = "jose.invalid_jwk"


class CertificateChainInvalid(StandardsError):
    """RFC 7515 §4.1.6 / RFC 5280 §6: the x5c chain does not lead to a trust anchor."""

    code = "jose.x5c_untrusted"
    title_en = "The sender could not be trusted."
    title_nl = "De afzender kon niet worden vertrouwd."


# --- JWT claims ------------------------------------------------------------------------------


class MissingClaim(StandardsError):
    """A claim the specification requires is absent or of the wrong type."""

    code = "jwt.missing_claim"


class TokenExpired(StandardsError):
    """RFC 7519 §4.1.4: the current time is at or after ``exp`` (plus allowed skew)."""

    code = "jwt.expired"
    title_en = "The data has expired."
    title_nl = "De gegevens zijn verlopen."


class TokenNotYetValid(StandardsError):
    """RFC 7519 §4.1.5: the current time is before ``nbf`` (minus allowed skew)."""

    code = "jwt.not_yet_valid"
    title_en = "The data is not valid yet."
    title_nl = "De gegevens zijn nog niet geldig."


class IssuerMismatch(StandardsError):
    """RFC 9901 §7.1 step 2.3: the issuer is not the expected one."""

    code = "jwt.issuer_mismatch"
    title_en = "The data comes from an unexpected issuer."
    title_nl = "De gegevens komen van een onverwachte uitgever."


class IssuerKeyUnresolved(StandardsError):
    """SD-JWT VC §2.5 (Issuer Verification Key Discovery): no permitted key for the issuer."""

    code = "jwt.issuer_key_unresolved"
    title_en = "The issuer of the data is not known or not trusted."
    title_nl = "De uitgever van de gegevens is onbekend of wordt niet vertrouwd."


# --- RFC 9901 SD-JWT ----------------------------------------------------------------------------


class UnsupportedHashAlgorithm(StandardsError):
    """RFC 9901 §4.1.1 and §7.1 step 2.5: ``_sd_alg`` must be understood, top level only."""

    code = "sd_jwt.unsupported_sd_alg"


class DisclosureMalformed(StandardsError):
    """RFC 9901 §4.2: a Disclosure is a base64url JSON array of 2 or 3 elements."""

    code = "sd_jwt.disclosure_malformed"


class DisclosureWrongKind(StandardsError):
    """RFC 9901 §7.1 steps 3.3.2.1 and 3.3.3.1: 3 elements in ``_sd``, 2 elements in ``...``."""

    code = "sd_jwt.disclosure_wrong_kind"


class DisclosureInvalidName(StandardsError):
    """RFC 9901 §7.1 step 3.3.2.2: a claim name must not be ``_sd`` or ``...``."""

    code = "sd_jwt.disclosure_invalid_name"


class ClaimNameCollision(StandardsError):
    """RFC 9901 §7.1 step 3.3.2.3: the claim name already exists at that level."""

    code = "sd_jwt.claim_name_collision"


class DuplicateDigest(StandardsError):
    """RFC 9901 §7.1 step 4: a digest appears more than once."""

    code = "sd_jwt.duplicate_digest"


class DuplicateDisclosure(StandardsError):
    """RFC 9901 §4: a Disclosure must not be sent more than once."""

    code = "sd_jwt.duplicate_disclosure"


class UnreferencedDisclosure(StandardsError):
    """RFC 9901 §7.1 step 5: every Disclosure must be referenced by a digest."""

    code = "sd_jwt.unreferenced_disclosure"


class SelectionInvalid(StandardsError):
    """RFC 9901 §7.2: the holder asked to disclose a claim path the credential does not hold."""

    code = "sd_jwt.selection_invalid"


class KeyBindingUnexpected(StandardsError):
    """RFC 9901 §7.2: a holder receiving an SD-JWT+KB from the issuer must reject it."""

    code = "sd_jwt.key_binding_unexpected"


class ExpectedPresentationWithKeyBinding(MalformedInput):
    """RFC 9901 §4: the final component of an SD-JWT+KB must be a KB-JWT."""

    code = "sd_jwt.kb_jwt_malformed"


class KeyBindingMissing(StandardsError):
    """RFC 9901 §7.3 step 2: Key Binding is required but no KB-JWT was presented."""

    code = "sd_jwt.key_binding_missing"
    title_en = "The data was not shown from the holder's own device."
    title_nl = "De gegevens zijn niet vanaf het eigen apparaat van de houder gedeeld."


class HolderKeyMissing(StandardsError):
    """RFC 9901 §4.1.2 / §7.3 step 5.1: the SD-JWT names no usable holder key (``cnf.jwk``)."""

    code = "sd_jwt.holder_key_missing"


class KeyBindingIatInvalid(StandardsError):
    """RFC 9901 §7.3 step 5.5: the KB-JWT ``iat`` is missing or outside the window."""

    code = "sd_jwt.kb_iat_invalid"


class NonceMismatch(StandardsError):
    """RFC 9901 §7.3 step 5.6: the KB-JWT ``nonce`` is not the one this verifier issued."""

    code = "sd_jwt.kb_nonce_mismatch"


class AudienceMismatch(StandardsError):
    """RFC 9901 §7.3 step 5.6 and §4.3: ``aud`` is one string naming this verifier."""

    code = "sd_jwt.kb_aud_mismatch"


class SdHashMismatch(StandardsError):
    """RFC 9901 §7.3 step 5.7: ``sd_hash`` does not cover exactly what was presented."""

    code = "sd_jwt.sd_hash_mismatch"


# --- SD-JWT VC ------------------------------------------------------------------------------


class ProtectedClaimDisclosable(StandardsError):
    """SD-JWT VC §2.2.2.3 (Registered JWT Claims): ``iss nbf exp cnf vct vct#integrity
    aka_vcts status`` and their sub-claims are never in Disclosures."""

    code = "sd_jwt_vc.claim_must_not_be_disclosable"


class MissingVct(MissingClaim):
    """SD-JWT VC §2.2.2.1: ``vct`` is REQUIRED, a case-sensitive string."""

    code = "sd_jwt_vc.missing_vct"


class IssuerMetadataInvalid(StandardsError):
    """SD-JWT VC §4.3 (JWT VC Issuer Metadata Validation): ``issuer`` must equal ``iss``."""

    code = "sd_jwt_vc.issuer_metadata_invalid"


class TypeMetadataInvalid(StandardsError):
    """SD-JWT VC §5 (Type Metadata): a type metadata document is not valid."""

    code = "sd_jwt_vc.type_metadata_invalid"


# --- Token Status List ------------------------------------------------------------------------


class StatusListInvalid(StandardsError):
    """Token Status List §4/§5: the status list or its token is not valid."""

    code = "status_list.invalid"
    title_en = "The status of the data could not be checked."
    title_nl = "De status van de gegevens kon niet worden gecontroleerd."


class StatusListSubjectMismatch(StatusListInvalid):
    """Token Status List §8.3 step 4a: the token's ``sub`` must equal the referenced uri."""

    code = "status_list.sub_mismatch"


class StatusIndexInvalid(StatusListInvalid):
    """Token Status List §6.2 / §8.3 step 6: ``idx`` is a non-negative index inside the list."""

    code = "status_list.index_invalid"


class DecompressionLimitExceeded(StatusListInvalid):
    """Token Status List §8.3 step 5: Regie refuses to inflate ``lst`` beyond a bound (a
    safeguard of its own: the spec names no limit, a compressed bomb would exhaust memory)."""

    code = "status_list.decompression_limit"
