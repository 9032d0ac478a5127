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
    "AccessDenied",
    "AlgorithmNotAllowed",
    "AudienceMismatch",
    "AuthorizationRequestInvalid",
    "AuthorizationRequestLinkInvalid",
    "AuthorizationResponseInvalid",
    "AuthorizationServerMetadataInvalid",
    "BadBase64",
    "BatchSizeExceeded",
    "CertificateChainInvalid",
    "ClaimNameCollision",
    "ClaimSetsUnsatisfied",
    "ClaimValueMismatch",
    "ClaimsBeyondRegistration",
    "ClaimsNotRequested",
    "ClaimsPathInvalid",
    "ClientAttestationAlgorithmNotAllowed",
    "ClientAttestationClaimsInvalid",
    "ClientAttestationClientIdMismatch",
    "ClientAttestationExpired",
    "ClientAttestationHeaderInvalid",
    "ClientAttestationInvalid",
    "ClientAttestationKeyInvalid",
    "ClientAttestationMalformed",
    "ClientAttestationMissing",
    "ClientAttestationNotYetValid",
    "ClientAttestationPopAudienceMismatch",
    "ClientAttestationPopChallengeMismatch",
    "ClientAttestationPopIssuerMismatch",
    "ClientAttestationPopJtiInvalid",
    "ClientAttestationPopReplayed",
    "ClientAttestationPopSignatureInvalid",
    "ClientAttestationPopTimeInvalid",
    "ClientAttestationPopTypMismatch",
    "ClientAttestationSignatureInvalid",
    "ClientAttestationTypMismatch",
    "ClientAttestationUntrusted",
    "ClientIdCertificateMismatch",
    "ClientIdMismatch",
    "ClientIdPrefixUnsupported",
    "CredentialIssuerMetadataInvalid",
    "CredentialOfferInvalid",
    "CredentialOfferLinkInvalid",
    "CredentialRequestDenied",
    "CredentialSetsUnsatisfied",
    "CriticalHeaderUnsupported",
    "DCQLClaimIdMissing",
    "DCQLIdDuplicate",
    "DCQLIdInvalid",
    "DCQLMetaInvalid",
    "DCQLQueryInvalid",
    "DCQLReferenceUnknown",
    "DecompressionLimitExceeded",
    "DecryptionFailed",
    "DisclosureInvalidName",
    "DisclosureMalformed",
    "DisclosureWrongKind",
    "DuplicateDigest",
    "DuplicateDisclosure",
    "DuplicateJSONKey",
    "EmptyInput",
    "EncryptionRequired",
    "EphemeralKeyInvalid",
    "ExpectedPresentationWithKeyBinding",
    "HolderBindingWaived",
    "HolderKeyMissing",
    "InputTooLarge",
    "InvalidClient",
    "InvalidCredentialRequest",
    "InvalidEncryptionParameters",
    "InvalidGrant",
    "InvalidJSON",
    "InvalidJWK",
    "InvalidNonce",
    "InvalidNotificationId",
    "InvalidNotificationRequest",
    "InvalidProof",
    "InvalidRequestUriMethod",
    "InvalidScope",
    "InvalidTransactionData",
    "InvalidUTF8",
    "InvalidVerifierClient",
    "IssuerKeyUnresolved",
    "IssuerMetadataInvalid",
    "IssuerMismatch",
    "IssuerResponseInvalid",
    "JWEAlgorithmNotAllowed",
    "JWECompressionRefused",
    "JWEEncryptionNotAllowed",
    "JWEHeaderNotAllowed",
    "JWEKeyUnknown",
    "JWEMalformed",
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
    "NoMatchingCredentials",
    "NonceMismatch",
    "PreAuthorizedCodeInvalid",
    "PresentationsDoNotMatchQuery",
    "ProofAlgorithmNotAllowed",
    "ProofAudienceMismatch",
    "ProofIatInvalid",
    "ProofIssuerMismatch",
    "ProofKeyInvalid",
    "ProofKeyReferenceInvalid",
    "ProofKeyReused",
    "ProofMalformed",
    "ProofNonceMissing",
    "ProofSignatureInvalid",
    "ProofTypMismatch",
    "ProofTypeUnsupported",
    "ProofsMalformed",
    "ProofsMissing",
    "ProtectedClaimDisclosable",
    "RequestObjectInvalid",
    "RequestedClaimMissing",
    "RequiredCredentialMissing",
    "ResponseUriNotAllowed",
    "SdHashMismatch",
    "SelectionInvalid",
    "SignatureEncodingInvalid",
    "SignatureInvalid",
    "StandardsError",
    "StateMismatch",
    "StatusIndexInvalid",
    "StatusListInvalid",
    "StatusListSubjectMismatch",
    "TokenExpired",
    "TokenNotYetValid",
    "TokenRequestInvalid",
    "TooManyPresentations",
    "TxCodeMissing",
    "TxCodeUnexpected",
    "TxCodeWrong",
    "TypMismatch",
    "TypeMetadataInvalid",
    "UnknownCredentialConfiguration",
    "UnknownCredentialIdentifier",
    "UnknownCredentialQueryId",
    "UnreferencedDisclosure",
    "UnsupportedGrantType",
    "UnsupportedHashAlgorithm",
    "VctNotAllowed",
    "VerifierResponseInvalid",
    "VpFormatsNotSupported",
    "VpTokenMalformed",
    "WalletNonceMismatch",
    "WalletUnavailable",
    "WrongJWESegmentCount",
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


# --- JOSE: JWE (RFC 7516) for OpenID4VP response encryption ---------------------------------


class EncryptionRequired(StandardsError):
    """OpenID4VP 1.0 §8.3 and HAIP 1.0 §5.1: the response must be an encrypted JWT (RFC 7516
    JWE); a JWS, an unsecured JWT or plain JSON is refused where encryption is required."""

    code = "jose.jwe_required"
    title_en = "The answer was not encrypted."
    title_nl = "Het antwoord was niet versleuteld."


class WrongJWESegmentCount(MalformedInput):
    """RFC 7516 §7.1: a compact JWE has exactly five base64url segments."""

    code = "malformed.jwe_segments"


class JWEMalformed(MalformedInput):
    """RFC 7518 §4.6 and §5.3: with ``ECDH-ES`` (direct key agreement) the JWE Encrypted Key is
    empty; an AES GCM initialization vector is 96 bits and its tag 128 bits."""

    code = "malformed.jwe"


class JWEAlgorithmNotAllowed(StandardsError):
    """RFC 8725 §3.1, OpenID4VP 1.0 §8.3 (the JWE ``alg`` equals the ``alg`` of the chosen
    JWK) and HAIP 1.0 §5: key agreement is ``ECDH-ES``, nothing else."""

    code = "jose.jwe_alg_not_allowed"
    title_en = "The answer is encrypted in a way that is not accepted."
    title_nl = "Het antwoord is versleuteld op een manier die niet wordt geaccepteerd."


class JWEEncryptionNotAllowed(StandardsError):
    """OpenID4VP 1.0 §8.3: ``enc`` is one of ``encrypted_response_enc_values_supported``
    (HAIP 1.0 §5: ``A128GCM`` and ``A256GCM``)."""

    code = "jose.jwe_enc_not_allowed"
    title_en = "The answer is encrypted in a way that is not accepted."
    title_nl = "Het antwoord is versleuteld op een manier die niet wordt geaccepteerd."


class JWEKeyUnknown(StandardsError):
    """OpenID4VP 1.0 §8.3 and RFC 7516 §4.1.6: ``kid`` names the key the verifier gave for
    this request; any other key, or none, is refused."""

    code = "jose.jwe_kid_unknown"
    title_en = "The answer is encrypted for another request."
    title_nl = "Het antwoord is versleuteld voor een ander verzoek."


class EphemeralKeyInvalid(StandardsError):
    """RFC 7518 §4.6.1.1: ``epk`` is REQUIRED, a public EC key on the recipient's curve
    (P-256); a point off the curve is refused (the invalid-curve attack, RFC 8725 §3.4)."""

    code = "jose.jwe_epk_invalid"


class JWEHeaderNotAllowed(StandardsError):
    """RFC 8725 §3.1 and RFC 7516 §4.1.13: only the header parameters Regie allow-lists
    (``alg enc kid epk apu apv typ cty``); ``crit`` names none Regie understands."""

    code = "jose.jwe_header_not_allowed"


class JWECompressionRefused(JWEHeaderNotAllowed):
    """RFC 8725 §3.6: compression of encryption inputs SHOULD NOT be done; a ``zip`` header
    (RFC 7516 §4.1.3) is refused, and so is any decompression bomb behind it."""

    code = "jose.jwe_zip_refused"


class DecryptionFailed(StandardsError):
    """RFC 7516 §5.2 step 14-16: the content does not decrypt with the agreed key; the JWE was
    altered, or was not made for this key."""

    code = "jose.jwe_decryption_failed"
    title_en = "The answer could not be decrypted."
    title_nl = "Het antwoord kon niet worden ontsleuteld."


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


# --- OpenID4VCI ------------------------------------------------------------------------------
# OpenID for Verifiable Credential Issuance 1.0: the errors the issuer returns (``error`` is
# the spec's code) and the ones a wallet meets when the issuer's messages do not hold.


class TokenRequestInvalid(StandardsError):
    """OpenID4VCI 1.0 §6.3 and RFC 6749 §5.2 ``invalid_request``: a parameter is missing,
    repeated or of the wrong form."""

    code = "oid4vci.invalid_request"
    error = "invalid_request"
    title_en = "The request for access is incomplete or wrong."
    title_nl = "Het verzoek om toegang is onvolledig of niet juist."


class TxCodeMissing(TokenRequestInvalid):
    """OpenID4VCI 1.0 §6.3: the offer asked for a Transaction Code and none was sent."""

    code = "oid4vci.tx_code_missing"
    title_en = "The code is missing. Enter the code you were given."
    title_nl = "De code ontbreekt. Vul de code in die u heeft gekregen."


class TxCodeUnexpected(TokenRequestInvalid):
    """OpenID4VCI 1.0 §6.3: a Transaction Code was sent that the offer did not ask for."""

    code = "oid4vci.tx_code_unexpected"
    title_en = "A code was sent that was not asked for."
    title_nl = "Er is een code meegestuurd die niet nodig was."


class UnsupportedGrantType(StandardsError):
    """RFC 6749 §5.2 ``unsupported_grant_type``: only the Pre-Authorized Code grant
    (OpenID4VCI 1.0 §4.1.1) is served."""

    code = "oid4vci.unsupported_grant_type"
    error = "unsupported_grant_type"
    title_en = "This way of getting access is not supported."
    title_nl = "Deze manier om toegang te krijgen wordt niet ondersteund."


class InvalidGrant(StandardsError):
    """OpenID4VCI 1.0 §6.3 and RFC 6749 §5.2 ``invalid_grant``."""

    code = "oid4vci.invalid_grant"
    error = "invalid_grant"
    title_en = "The offer is not valid (any more)."
    title_nl = "Het aanbod is niet (meer) geldig."


class PreAuthorizedCodeInvalid(InvalidGrant):
    """OpenID4VCI 1.0 §6.3: the Pre-Authorized Code is wrong, expired or already used (§4.1.1:
    it is short-lived and single use)."""

    code = "oid4vci.pre_authorized_code_invalid"
    title_en = "The offer has expired or was already used. Ask for a new one."
    title_nl = "Het aanbod is verlopen of al gebruikt. Vraag een nieuw aanbod aan."


class TxCodeWrong(InvalidGrant):
    """OpenID4VCI 1.0 §6.3: the Transaction Code is not the one the issuer gave."""

    code = "oid4vci.tx_code_wrong"
    title_en = "The code is not correct."
    title_nl = "De code klopt niet."


class InvalidClient(StandardsError):
    """OpenID4VCI 1.0 §6.3 ``invalid_client``: no ``client_id`` while the Authorization Server
    does not allow anonymous access (§12.3)."""

    code = "oid4vci.invalid_client"
    error = "invalid_client"
    title_en = "The wallet app could not be identified."
    title_nl = "De wallet-app kon niet worden herkend."


class InvalidCredentialRequest(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``invalid_credential_request``: missing, unsupported or
    repeated parameter, or otherwise malformed."""

    code = "oid4vci.invalid_credential_request"
    error = "invalid_credential_request"
    title_en = "The request for the credential is not correct."
    title_nl = "De aanvraag voor de gegevens klopt niet."


class BatchSizeExceeded(InvalidCredentialRequest):
    """OpenID4VCI 1.0 §12.2.4 ``batch_size``: more key proofs than the issuer accepts at once
    (an unsupported parameter value, §8.3.1.2)."""

    code = "oid4vci.batch_size_exceeded"
    title_en = "Too many copies were requested at once."
    title_nl = "Er zijn te veel kopieën tegelijk gevraagd."


class UnknownCredentialConfiguration(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``unknown_credential_configuration``."""

    code = "oid4vci.unknown_credential_configuration"
    error = "unknown_credential_configuration"
    title_en = "This kind of credential is not issued here."
    title_nl = "Dit soort gegevens wordt hier niet uitgegeven."


class UnknownCredentialIdentifier(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``unknown_credential_identifier``."""

    code = "oid4vci.unknown_credential_identifier"
    error = "unknown_credential_identifier"
    title_en = "The requested credential is not known."
    title_nl = "De gevraagde gegevens zijn niet bekend."


class InvalidProof(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``invalid_proof``: ``proofs`` is missing, a key proof is
    invalid, or a key proof holds no ``c_nonce``. The subclasses name the failed check."""

    code = "oid4vci.invalid_proof"
    error = "invalid_proof"
    title_en = "The wallet's proof of its key is not valid."
    title_nl = "Het bewijs van de sleutel van de wallet is niet geldig."


class ProofsMissing(InvalidProof):
    """OpenID4VCI 1.0 §8.2 and §8.3.1.2 (1): ``proofs`` is required when the configuration has
    ``proof_types_supported``; the drafts' singular ``proof`` is gone in 1.0."""

    code = "oid4vci.proofs_missing"


class ProofsMalformed(InvalidProof):
    """OpenID4VCI 1.0 §8.2: ``proofs`` holds exactly one proof type, a non-empty array."""

    code = "oid4vci.proofs_malformed"


class ProofTypeUnsupported(InvalidProof):
    """OpenID4VCI 1.0 §8.2 and Appendix F: the proof type is not in ``proof_types_supported``."""

    code = "oid4vci.proof_type_unsupported"


class ProofMalformed(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1: a ``jwt`` key proof is a compact JWS (RFC 7515 §7.1)."""

    code = "oid4vci.proof_malformed"


class ProofTypMismatch(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1 and F.4: ``typ`` is ``openid4vci-proof+jwt``."""

    code = "oid4vci.proof_typ_mismatch"


class ProofAlgorithmNotAllowed(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1 and F.4: ``alg`` is an allowed asymmetric algorithm, never
    ``none`` or a MAC."""

    code = "oid4vci.proof_algorithm_not_allowed"


class ProofKeyReferenceInvalid(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1: exactly one of ``kid``, ``jwk``, ``x5c``; Regie binds to
    ``jwk`` only (``cryptographic_binding_methods_supported: ["jwk"]``)."""

    code = "oid4vci.proof_key_reference_invalid"


class ProofKeyInvalid(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.4: the header ``jwk`` is a usable public key, not a private
    key, and fits ``alg``."""

    code = "oid4vci.proof_key_invalid"


class ProofSignatureInvalid(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.4: the signature verifies with the key in the header."""

    code = "oid4vci.proof_signature_invalid"


class ProofAudienceMismatch(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1: ``aud`` is one string, the Credential Issuer Identifier."""

    code = "oid4vci.proof_aud_mismatch"


class ProofIatInvalid(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1 and F.4, §13.8: ``iat`` is a number inside the window."""

    code = "oid4vci.proof_iat_invalid"
    title_en = "The proof is too old or dated in the future. Check the clock of your phone."
    title_nl = (
        "Het bewijs is te oud of heeft een datum in de toekomst. "
        "Kijk of de klok van uw telefoon goed staat."
    )


class ProofIssuerMismatch(InvalidProof):
    """OpenID4VCI 1.0 Appendix F.1: ``iss`` is the ``client_id``, and absent after anonymous
    access to the token endpoint."""

    code = "oid4vci.proof_iss_mismatch"


class ProofNonceMissing(InvalidProof):
    """OpenID4VCI 1.0 §8.3.1.2 ``invalid_proof`` (3) and Appendix F.1: with a Nonce Endpoint,
    ``nonce`` is required, a string."""

    code = "oid4vci.proof_nonce_missing"


class ProofKeyReused(InvalidProof):
    """OpenID4VCI 1.0 §8.3: each key binds at most one credential; Regie refuses a batch that
    names one key twice rather than silently issuing fewer."""

    code = "oid4vci.proof_key_reused"


class InvalidNonce(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``invalid_nonce``: a key proof's ``nonce`` is not a current
    ``c_nonce``; the wallet fetches a new one (§7)."""

    code = "oid4vci.invalid_nonce"
    error = "invalid_nonce"
    title_en = "The request has expired. Please try again."
    title_nl = "Het verzoek is verlopen. Probeer het opnieuw."


class InvalidEncryptionParameters(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``invalid_encryption_parameters``."""

    code = "oid4vci.invalid_encryption_parameters"
    error = "invalid_encryption_parameters"
    title_en = "The settings for encryption are not correct."
    title_nl = "De instellingen voor versleuteling kloppen niet."


class CredentialRequestDenied(StandardsError):
    """OpenID4VCI 1.0 §8.3.1.2 ``credential_request_denied``: the wallet should not retry."""

    code = "oid4vci.credential_request_denied"
    error = "credential_request_denied"
    title_en = "The credential cannot be issued."
    title_nl = "De gegevens kunnen niet worden uitgegeven."


class InvalidNotificationId(StandardsError):
    """OpenID4VCI 1.0 §11.3 ``invalid_notification_id``."""

    code = "oid4vci.invalid_notification_id"
    error = "invalid_notification_id"
    title_en = "The message is about an unknown issuance."
    title_nl = "Het bericht gaat over een onbekende uitgifte."


class InvalidNotificationRequest(StandardsError):
    """OpenID4VCI 1.0 §11.3 ``invalid_notification_request``."""

    code = "oid4vci.invalid_notification_request"
    error = "invalid_notification_request"
    title_en = "The message is incomplete or wrong."
    title_nl = "Het bericht is onvolledig of niet juist."


class CredentialOfferInvalid(StandardsError):
    """OpenID4VCI 1.0 §4.1.1: the Credential Offer object breaks a rule (wallet side)."""

    code = "oid4vci.credential_offer_invalid"
    title_en = "The offer is damaged or incomplete."
    title_nl = "Het aanbod is beschadigd of onvolledig."


class CredentialOfferLinkInvalid(CredentialOfferInvalid):
    """OpenID4VCI 1.0 §4.1: a link carries exactly one of ``credential_offer`` and
    ``credential_offer_uri`` (an https URL)."""

    code = "oid4vci.credential_offer_link_invalid"
    title_en = "The link or QR code is not a valid offer."
    title_nl = "De link of QR-code is geen geldig aanbod."


class CredentialIssuerMetadataInvalid(StandardsError):
    """OpenID4VCI 1.0 §12.2: the Credential Issuer Metadata breaks a rule (wallet side)."""

    code = "oid4vci.credential_issuer_metadata_invalid"
    title_en = "The information about the issuer is not valid."
    title_nl = "De informatie over de uitgever is niet geldig."


class AuthorizationServerMetadataInvalid(StandardsError):
    """OpenID4VCI 1.0 §12.3 and RFC 8414 §3.3: the Authorization Server Metadata breaks a rule."""

    code = "oid4vci.authorization_server_metadata_invalid"
    title_en = "The information about the issuer is not valid."
    title_nl = "De informatie over de uitgever is niet geldig."


class IssuerResponseInvalid(StandardsError):
    """OpenID4VCI 1.0 §6.2, §7.2, §8.3: a token, nonce or credential response breaks a rule
    (wallet side)."""

    code = "oid4vci.issuer_response_invalid"
    title_en = "The issuer sent an answer that cannot be used."
    title_nl = "De uitgever stuurde een antwoord dat niet bruikbaar is."


# --- OAuth 2.0 Attestation-Based Client Authentication ------------------------------------------
# draft-ietf-oauth-attestation-based-client-auth-07 ("ABCA"), as OpenID4VCI 1.0 Appendix E and
# HAIP 1.0 §4.4.1 use it: every failed check of a wallet attestation or its proof of possession
# is a failed client authentication, ``invalid_client`` (RFC 6749 §5.2; ABCA §6.2).


class ClientAttestationInvalid(InvalidClient):
    """ABCA §6.2 and §9: the wallet attestation or its proof of possession does not hold."""

    code = "client_attestation.invalid"
    title_en = "The wallet app could not prove that it is a trusted wallet."
    title_nl = "De wallet-app kon niet aantonen dat hij een vertrouwde wallet is."


class ClientAttestationMissing(ClientAttestationInvalid):
    """OpenID4VCI 1.0 Appendix E and RFC 6749 §5.2: this Authorization Server requires a
    wallet attestation, and the request carries none."""

    code = "client_attestation.missing"
    title_en = "The wallet app did not show that it is a trusted wallet."
    title_nl = "De wallet-app liet niet zien dat hij een vertrouwde wallet is."


class ClientAttestationHeaderInvalid(ClientAttestationInvalid):
    """ABCA §6.1 and §6.2 steps 1-2: precisely one ``OAuth-Client-Attestation`` and one
    ``OAuth-Client-Attestation-PoP`` header field, each a token68 value."""

    code = "client_attestation.header_invalid"


class ClientAttestationMalformed(ClientAttestationInvalid):
    """ABCA §6.2 steps 1-2 and §9 step 1: each header holds one well-formed JWT."""

    code = "client_attestation.malformed"


class ClientAttestationAlgorithmNotAllowed(ClientAttestationInvalid):
    """ABCA §9 step 4: an asymmetric ``alg`` the server accepts (ES256), never ``none``."""

    code = "client_attestation.alg_not_allowed"


class ClientAttestationTypMismatch(ClientAttestationInvalid):
    """ABCA §5.1: the Client Attestation JWT is typed ``oauth-client-attestation+jwt``."""

    code = "client_attestation.typ_mismatch"


class ClientAttestationUntrusted(ClientAttestationInvalid):
    """ABCA §9 step 5, OpenID4VCI 1.0 Appendix E and HAIP 1.0 §4.4.1: the ``x5c`` chain, without
    its trust anchor, leads to a wallet provider the issuer trusts, whose certificate names the
    attestation's ``iss``."""

    code = "client_attestation.untrusted"
    title_en = "The wallet app comes from a wallet provider this organisation does not trust."
    title_nl = "De wallet-app komt van een wallet-aanbieder die deze organisatie niet vertrouwt."


class ClientAttestationSignatureInvalid(ClientAttestationInvalid):
    """ABCA §9 step 5: the attestation's signature verifies with its certificate's key."""

    code = "client_attestation.signature_invalid"


class ClientAttestationClaimsInvalid(ClientAttestationInvalid):
    """ABCA §5.1: ``iss``, ``sub`` (the client_id), ``exp`` and ``cnf`` are present and typed."""

    code = "client_attestation.claims_invalid"


class ClientAttestationExpired(ClientAttestationInvalid):
    """ABCA §5.1 ``exp``: an expired attestation is refused (allowing for clock skew)."""

    code = "client_attestation.expired"
    title_en = "The proof of the wallet app has expired. Try again."
    title_nl = "Het bewijs van de wallet-app is verlopen. Probeer het opnieuw."


class ClientAttestationNotYetValid(ClientAttestationInvalid):
    """ABCA §5.1 ``nbf`` and ``iat``: an attestation is not used before its time."""

    code = "client_attestation.not_yet_valid"


class ClientAttestationKeyInvalid(ClientAttestationInvalid):
    """ABCA §5.1 ``cnf`` (RFC 7800 ``jwk``) and §9 step 6: a usable public key, never a
    private one."""

    code = "client_attestation.key_invalid"


class ClientAttestationPopTypMismatch(ClientAttestationInvalid):
    """ABCA §5.2: the PoP JWT is typed ``oauth-client-attestation-pop+jwt``."""

    code = "client_attestation.pop_typ_mismatch"


class ClientAttestationPopSignatureInvalid(ClientAttestationInvalid):
    """ABCA §6.2 step 3 and §9 step 7: the PoP verifies with the attestation's ``cnf`` key."""

    code = "client_attestation.pop_signature_invalid"


class ClientAttestationPopIssuerMismatch(ClientAttestationInvalid):
    """ABCA §5.2 ``iss`` and rule 4: the PoP's ``iss`` is the attestation's ``sub``."""

    code = "client_attestation.pop_iss_mismatch"


class ClientAttestationPopAudienceMismatch(ClientAttestationInvalid):
    """ABCA §5.2 ``aud`` and §9 step 10: the Authorization Server's RFC 8414 issuer
    identifier."""

    code = "client_attestation.pop_aud_mismatch"


class ClientAttestationPopJtiInvalid(ClientAttestationInvalid):
    """ABCA §5.2 ``jti``: a unique identifier, a non-empty string."""

    code = "client_attestation.pop_jti_invalid"


class ClientAttestationPopTimeInvalid(ClientAttestationInvalid):
    """ABCA §5.2 ``iat`` and §9 step 9: created within the server's window (and not before
    ``nbf``, not after an ``exp``)."""

    code = "client_attestation.pop_time_invalid"
    title_en = "The proof of the wallet app is too old. Try again."
    title_nl = "Het bewijs van de wallet-app is te oud. Probeer het opnieuw."


class ClientAttestationPopChallengeMismatch(ClientAttestationInvalid):
    """ABCA §5.2 ``challenge`` and §9 step 8: the challenge the server provided."""

    code = "client_attestation.pop_challenge_mismatch"


class ClientAttestationPopReplayed(ClientAttestationInvalid):
    """ABCA §12.1 and §9 step 12: a PoP (by its ``jti``) is accepted once."""

    code = "client_attestation.pop_replayed"


class ClientAttestationClientIdMismatch(ClientAttestationInvalid):
    """ABCA §6.3 and §9 step 13: a ``client_id`` in the request is the attestation's ``sub``
    and the PoP's ``iss``."""

    code = "client_attestation.client_id_mismatch"


# --- OpenID4VP ----------------------------------------------------------------------------------
# OpenID for Verifiable Presentations 1.0: the error codes of §8.5 (the wallet sends them to the
# verifier, ``error`` is the spec's code), and the checks both sides make of the other's messages.


class AuthorizationRequestInvalid(StandardsError):
    """OpenID4VP 1.0 §8.5 ``invalid_request``: the Authorization Request breaks a rule of §5."""

    code = "oid4vp.invalid_request"
    error = "invalid_request"
    title_en = "The request for your data is not valid."
    title_nl = "Het verzoek om uw gegevens is niet geldig."


class RequestObjectInvalid(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5 and RFC 9101 §6.3: a parameter of the signed Request Object is
    missing, repeated or of the wrong form (``response_type``, ``nonce``, ``aud``, ...)."""

    code = "oid4vp.request_object_invalid"


class AuthorizationRequestLinkInvalid(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5 and HAIP 1.0 §5.1: the link carries ``client_id`` and ``request_uri``
    (an https URL) once each; Regie takes signed requests by reference only."""

    code = "oid4vp.request_link_invalid"
    title_en = "The link or QR code is not a valid request."
    title_nl = "De link of QR-code is geen geldig verzoek."


class ClientIdPrefixUnsupported(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5.9.3 and §8.5: Regie supports the Client Identifier Prefixes
    ``x509_san_dns`` and ``x509_hash`` (HAIP 1.0 §5), and no other."""

    code = "oid4vp.client_id_prefix_unsupported"


class ClientIdMismatch(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5.10.1: the ``client_id`` of the link and of the Request Object are
    identical, prefix included."""

    code = "oid4vp.client_id_mismatch"


class ClientIdCertificateMismatch(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5.9.3: an ``x509_san_dns`` client id is a dNSName SAN of the leaf
    certificate; an ``x509_hash`` one is the base64url SHA-256 of its DER."""

    code = "oid4vp.client_id_certificate_mismatch"
    title_en = "The request does not come from who it says."
    title_nl = "Het verzoek komt niet van wie het zegt."


class ResponseUriNotAllowed(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5.9.3 and §8.2: with ``x509_san_dns`` the host of ``response_uri`` is the
    client id's DNS name; ``redirect_uri`` is not sent with ``direct_post``."""

    code = "oid4vp.response_uri_not_allowed"


class WalletNonceMismatch(AuthorizationRequestInvalid):
    """OpenID4VP 1.0 §5.10.1: the Request Object carries the ``wallet_nonce`` the wallet
    posted."""

    code = "oid4vp.wallet_nonce_mismatch"


class InvalidScope(StandardsError):
    """OpenID4VP 1.0 §8.5 ``invalid_scope``: Regie maps no scope to a DCQL query (§5.5)."""

    code = "oid4vp.invalid_scope"
    error = "invalid_scope"
    title_en = "The request asks for data in a way that is not known."
    title_nl = "Het verzoek vraagt gegevens op een onbekende manier."


class InvalidVerifierClient(StandardsError):
    """OpenID4VP 1.0 §8.5 ``invalid_client``: ``client_metadata`` was sent while the wallet
    knows the verifier's metadata already."""

    code = "oid4vp.invalid_client"
    error = "invalid_client"
    title_en = "The organisation asking for your data could not be identified."
    title_nl = "De organisatie die om uw gegevens vraagt, kon niet worden herkend."


class AccessDenied(StandardsError):
    """OpenID4VP 1.0 §8.5 ``access_denied``: the wallet lacks the credentials, or the holder
    declined or could not be authenticated."""

    code = "oid4vp.access_denied"
    error = "access_denied"
    title_en = "The data was not shared."
    title_nl = "De gegevens zijn niet gedeeld."


class VpFormatsNotSupported(StandardsError):
    """OpenID4VP 1.0 §8.5 ``vp_formats_not_supported``: none of the requested formats; Regie
    presents ``dc+sd-jwt`` only (HAIP 1.0 §5.3.2)."""

    code = "oid4vp.vp_formats_not_supported"
    error = "vp_formats_not_supported"
    title_en = "This kind of data cannot be shared from this wallet."
    title_nl = "Dit soort gegevens kan niet vanuit deze wallet worden gedeeld."


class InvalidRequestUriMethod(StandardsError):
    """OpenID4VP 1.0 §5.1 and §8.5 ``invalid_request_uri_method``: ``request_uri_method`` is
    ``get`` or ``post`` (case-sensitive), and only sent with ``request_uri``."""

    code = "oid4vp.invalid_request_uri_method"
    error = "invalid_request_uri_method"
    title_en = "The request cannot be fetched this way."
    title_nl = "Het verzoek kan zo niet worden opgehaald."


class InvalidTransactionData(StandardsError):
    """OpenID4VP 1.0 §5.1, §8.4 and §8.5 ``invalid_transaction_data``: Regie supports no
    transaction data type, so a request carrying ``transaction_data`` is rejected."""

    code = "oid4vp.invalid_transaction_data"
    error = "invalid_transaction_data"
    title_en = "The request holds a transaction that cannot be handled."
    title_nl = "Het verzoek bevat een transactie die niet kan worden verwerkt."


class WalletUnavailable(StandardsError):
    """OpenID4VP 1.0 §8.5 ``wallet_unavailable``: the wallet could not be invoked."""

    code = "oid4vp.wallet_unavailable"
    error = "wallet_unavailable"
    title_en = "The wallet could not be opened."
    title_nl = "De wallet kon niet worden geopend."


class AuthorizationResponseInvalid(StandardsError):
    """OpenID4VP 1.0 §8 and RFC 6749 §4.1.2: the Authorization Response lacks a parameter,
    repeats one, or is not the form its Response Mode (§8.2, §8.3.1) prescribes."""

    code = "oid4vp.response_invalid"
    error = "invalid_request"
    title_en = "The answer from the wallet is not valid."
    title_nl = "Het antwoord van de wallet is niet geldig."


class VpTokenMalformed(AuthorizationResponseInvalid):
    """OpenID4VP 1.0 §8.1: ``vp_token`` is a JSON object whose keys are Credential Query ids
    and whose values are non-empty arrays of presentations (strings for ``dc+sd-jwt``)."""

    code = "oid4vp.vp_token_malformed"


class StateMismatch(AuthorizationResponseInvalid):
    """OpenID4VP 1.0 §5.2, §5.3 and §14.3.2: the response carries the ``state`` of the request
    it answers."""

    code = "oid4vp.state_mismatch"


class VerifierResponseInvalid(StandardsError):
    """OpenID4VP 1.0 §8.2: the Response URI answers with a JSON object whose optional
    ``redirect_uri`` is an absolute URI (wallet side)."""

    code = "oid4vp.verifier_response_invalid"
    title_en = "The organisation sent an answer that cannot be used."
    title_nl = "De organisatie stuurde een antwoord dat niet bruikbaar is."


# --- DCQL ------------------------------------------------------------------------------------
# OpenID4VP 1.0 §6 (Digital Credentials Query Language) and §7 (claims path pointers): the rules
# of a query, and the verifier's own check of what was presented against it (§6.4, §8.6, §14.9).


class DCQLQueryInvalid(StandardsError):
    """OpenID4VP 1.0 §6: the DCQL query breaks a rule of §6.1-§6.3."""

    code = "dcql.query_invalid"
    title_en = "The request for your data is not valid."
    title_nl = "Het verzoek om uw gegevens is niet geldig."


class DCQLIdInvalid(DCQLQueryInvalid):
    """OpenID4VP 1.0 §6.1 and §6.3: an ``id`` is a non-empty string of alphanumeric, ``_`` and
    ``-`` characters."""

    code = "dcql.id_invalid"


class DCQLIdDuplicate(DCQLQueryInvalid):
    """OpenID4VP 1.0 §6.1 and §6.3: a Credential Query ``id`` appears once in the request, a
    claim ``id`` once in its ``claims`` array; §6.1: no claim is pointed to twice."""

    code = "dcql.id_duplicate"


class DCQLClaimIdMissing(DCQLQueryInvalid):
    """OpenID4VP 1.0 §6.3: a claim's ``id`` is REQUIRED when ``claim_sets`` is present;
    §6.4.1: ``claim_sets`` is not present without ``claims``."""

    code = "dcql.claim_id_missing"


class DCQLReferenceUnknown(DCQLQueryInvalid):
    """OpenID4VP 1.0 §6.1 and §6.2: ``claim_sets`` name claim ids of their Credential Query,
    ``credential_sets`` options name Credential Query ids."""

    code = "dcql.reference_unknown"


class ClaimsPathInvalid(DCQLQueryInvalid):
    """OpenID4VP 1.0 §7: a claims path pointer is a non-empty array of strings, nulls and
    non-negative integers."""

    code = "dcql.claims_path_invalid"


class DCQLMetaInvalid(DCQLQueryInvalid):
    """OpenID4VP 1.0 §6.1 ``meta`` and Appendix B.3.5: for ``dc+sd-jwt``, ``vct_values`` is
    REQUIRED, a non-empty array of strings."""

    code = "dcql.meta_invalid"


class PresentationsDoNotMatchQuery(StandardsError):
    """OpenID4VP 1.0 §8.6 step 3 and §14.9: what was presented does not satisfy the query;
    the verifier checks this itself and never relies on the wallet."""

    code = "dcql.result_invalid"
    title_en = "The data shared does not match what was asked for."
    title_nl = "De gedeelde gegevens passen niet bij wat is gevraagd."


class UnknownCredentialQueryId(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §8.1: every ``vp_token`` key is the ``id`` of a Credential Query."""

    code = "dcql.unknown_credential_query_id"


class TooManyPresentations(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.1 ``multiple`` and §8.1: without ``multiple: true`` the array holds
    exactly one presentation."""

    code = "dcql.multiple_not_allowed"


class RequiredCredentialMissing(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.4.2: without ``credential_sets`` every Credential Query is answered."""

    code = "dcql.required_credential_missing"


class CredentialSetsUnsatisfied(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.2 and §6.4.2: every required Credential Set Query is satisfied by one
    of its ``options``."""

    code = "dcql.credential_sets_unsatisfied"


class ClaimsNotRequested(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.4 ("Wallets MUST NOT send selectively disclosable claims that have
    not been selected"), §15.4 (selective disclosure as data minimisation) and §14.9 (the
    verifier checks this itself): a presentation discloses a claim its query did not ask
    for. The verifier cannot drop it, as the Key Binding JWT's ``sd_hash`` covers every
    Disclosure (RFC 9901 §4.3.1), so the response is refused and nothing of it is kept."""

    code = "dcql.claims_not_requested"
    title_en = "The wallet shared more data than was asked for."
    title_nl = "De wallet deelde meer gegevens dan gevraagd."


class VctNotAllowed(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 Appendix B.3.5: the credential's ``vct`` is one of ``meta.vct_values``."""

    code = "dcql.vct_not_allowed"


class RequestedClaimMissing(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.4.1 and §7.1.1 step 3: a requested claim path selects nothing in the
    presented credential."""

    code = "dcql.claim_missing"


class ClaimValueMismatch(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.3 ``values`` and §6.4.1: no selected claim has one of the expected
    values (type and value both match exactly)."""

    code = "dcql.claim_value_mismatch"


class ClaimSetsUnsatisfied(PresentationsDoNotMatchQuery):
    """OpenID4VP 1.0 §6.4.1: with ``claim_sets``, the claims of at least one option are all
    present."""

    code = "dcql.claim_sets_unsatisfied"


class ClaimsBeyondRegistration(StandardsError):
    """OpenID4VP 1.0 §15.4.2 (strictly necessary claims) and §15.3 (purpose legitimacy): the
    query asks for a credential type or claim the relying party is not registered for."""

    code = "dcql.beyond_registration"
    title_en = "The organisation asks for more data than it is allowed to."
    title_nl = "De organisatie vraagt meer gegevens dan zij mag vragen."


class HolderBindingWaived(StandardsError):
    """HAIP 1.0 §6.1.1.1: a credential with Cryptographic Holder Binding is always presented
    with a KB-JWT, so a Credential Query that waives it (OpenID4VP 1.0 §6.1
    ``require_cryptographic_holder_binding: false``) asks for what no presentation of such a
    credential may be; the verifier refuses the query (Regie's credentials are all bound)."""

    code = "dcql.holder_binding_waived"
    title_en = "The organisation asks for the data without proof that it comes from your device."
    title_nl = "De organisatie vraagt de gegevens zonder bewijs dat ze van uw apparaat komen."


class NoMatchingCredentials(AccessDenied):
    """OpenID4VP 1.0 §6.4.2 and §8.5 ``access_denied``: the wallet cannot deliver every
    non-optional credential, so it returns none (wallet side)."""

    code = "dcql.no_matching_credentials"
    title_en = "You do not have the data that is asked for."
    title_nl = "U heeft de gevraagde gegevens niet."
