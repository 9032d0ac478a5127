"""OpenID4VCI 1.0 (``../shared/specs/openid4vci-1_0.md``): the spec's inline examples, round
trips of every message, the offer link, the well-known URLs, and key proofs from creation to
verification. Bad inputs are battery rows (``cases_oid4vci.py``)."""

from __future__ import annotations

import inspect
import json
from typing import Any
from urllib.parse import parse_qs

import pytest

from standards import errors
from standards.errors import (
    InvalidNonce,
    IssuerResponseInvalid,
    ProofKeyInvalid,
    StandardsError,
    TokenRequestInvalid,
    TxCodeWrong,
)
from standards.jose import PrivateKey, b64url_encode, json_dumps, parse_jws
from standards.oid4vci import (
    PRE_AUTHORIZED_CODE_GRANT,
    PROOF_TYP,
    AuthorizationServerMetadata,
    ClaimDescription,
    CredentialConfiguration,
    CredentialIssuerMetadata,
    CredentialOffer,
    CredentialRequest,
    CredentialResponse,
    Grants,
    NonceResponse,
    NotificationRequest,
    PreAuthorizedCodeGrant,
    ProofPolicy,
    TokenRequest,
    TokenResponse,
    TxCode,
    authorization_server_metadata_url,
    create_proof_jwt,
    credential_issuer_metadata_url,
    credential_offer_link,
    error_response,
    parse_credential_offer_link,
    verify_proof_jwt,
    verify_proofs,
)
from standards.oid4vci.client import (
    credential_request_body,
    issued_credentials,
    notification_request_body,
    pre_authorized_code_grant,
    token_request_form,
)

ISSUER = "https://gemeente.example.nl"
NOW = 1_700_000_000


def _joined(text: str) -> str:
    """A spec example "with line breaks within values for display purposes only"."""
    return "".join(line.strip() for line in text.strip().splitlines())


# --- §4.1: Credential Offer -----------------------------------------------------------------

SPEC_OFFER_GET = _joined(
    """
    /credential_offer?
    credential_offer=%7B%22credential_issuer%22:%22https://credential-issuer.exam
    ple.com%22,%22credential_configuration_ids%22:%5B%22UniversityDegree_JWT%22,%
    22org.iso.18013.5.1.mDL%22%5D,%22grants%22:%7B%22urn:ietf:params:oauth:grant-
    type:pre-authorized_code%22:%7B%22pre-authorized_code%22:%22oaKazRN8I0IbtZ0C7
    JuMn5%22,%22tx_code%22:%7B%7D%7D%7D%7D
    """
)
"""§4.1.2, first example (an offer by value sent to the wallet's offer endpoint)."""

SPEC_OFFER_NATIVE = _joined(
    """
    openid-credential-offer://?
    credential_offer=%7B%22credential_issuer%22:%22https://credential-issuer.exam
    ple.com%22,%22credential_configuration_ids%22:%5B%22org.iso.18013.5.1.mDL%22%
    5D,%22grants%22:%7B%22urn:ietf:params:oauth:grant-type:pre-authorized_code%22
    :%7B%22pre-authorized_code%22:%22oaKazRN8I0IbtZ0C7JuMn5%22,%22tx_code%22:%7B%
    22input_mode%22:%22text%22,%22description%22:%22Please%20enter%20the%20serial
    %20number%20of%20your%20physical%20drivers%20license%22%7D%7D%7D%7D
    """
)
"""§4.1.2, second example (a QR code or native app link, by value)."""

SPEC_OFFER_BY_REFERENCE = _joined(
    """
    openid-credential-offer://?
    credential_offer_uri=https%3A%2F%2Fserver%2Eexample%2Ecom%2Fcredential-offer
    %2FGkurKxf5T0Y-mnPFCHqWOMiZi4VS138cQO_V7PZHAdM
    """
)
"""§4.1.3 example."""


def test_spec_offer_by_value_at_wallet_endpoint() -> None:
    link = parse_credential_offer_link("https://wallet.example.org" + SPEC_OFFER_GET)
    assert link.offer_uri is None
    offer = link.offer
    assert offer is not None
    assert offer.credential_issuer == "https://credential-issuer.example.com"
    assert offer.credential_configuration_ids == ("UniversityDegree_JWT", "org.iso.18013.5.1.mDL")
    grant = pre_authorized_code_grant(offer)
    assert grant.pre_authorized_code == "oaKazRN8I0IbtZ0C7JuMn5"
    assert grant.tx_code == TxCode()  # present but empty: a code is still required


def test_spec_offer_by_value_native_link() -> None:
    offer = parse_credential_offer_link(SPEC_OFFER_NATIVE).offer
    assert offer is not None
    tx_code = pre_authorized_code_grant(offer).tx_code
    assert tx_code is not None
    assert tx_code.input_mode == "text"
    assert tx_code.description == "Please enter the serial number of your physical drivers license"


def test_spec_offer_by_reference() -> None:
    link = parse_credential_offer_link(SPEC_OFFER_BY_REFERENCE)
    assert link.offer is None
    assert link.offer_uri == (
        "https://server.example.com/credential-offer/GkurKxf5T0Y-mnPFCHqWOMiZi4VS138cQO_V7PZHAdM"
    )


def _regie_offer() -> CredentialOffer:
    grant = PreAuthorizedCodeGrant(
        pre_authorized_code="Wq9H1x2A", tx_code=TxCode(input_mode="numeric", length=6)
    )
    return CredentialOffer(
        credential_issuer=ISSUER,
        credential_configuration_ids=("persoonsgegevens", "woonadres"),
        grants=Grants(pre_authorized_code=grant),
    )


def test_offer_wire_names() -> None:
    assert _regie_offer().to_json() == {
        "credential_issuer": ISSUER,
        "credential_configuration_ids": ["persoonsgegevens", "woonadres"],
        "grants": {
            PRE_AUTHORIZED_CODE_GRANT: {
                "pre-authorized_code": "Wq9H1x2A",
                "tx_code": {"input_mode": "numeric", "length": 6},
            }
        },
    }


def test_offer_link_by_reference_round_trip() -> None:
    uri = f"{ISSUER}/credential-offer/5c1d?lang=nl"
    link = credential_offer_link(offer_uri=uri)
    assert link.startswith("openid-credential-offer://?credential_offer_uri=https%3A%2F%2F")
    assert parse_credential_offer_link(link).offer_uri == uri


def test_offer_link_by_value_round_trip() -> None:
    offer = _regie_offer()
    link = credential_offer_link(offer=offer)
    assert " " not in link
    assert parse_credential_offer_link(link).offer == offer


def test_offer_link_to_wallet_endpoint_with_query() -> None:
    uri = f"{ISSUER}/credential-offer/5c1d"
    link = credential_offer_link(offer_uri=uri, endpoint="https://wallet.example.org/add?x=1")
    assert link.startswith("https://wallet.example.org/add?x=1&credential_offer_uri=")
    assert parse_credential_offer_link(link).offer_uri == uri


def test_offer_keeps_but_ignores_unknown_parameters() -> None:
    """§4.1.1: "The Wallet MUST ignore any unrecognized parameters"."""
    document = {**_regie_offer().to_json(), "x_campaign": "boxtel"}
    offer = CredentialOffer.parse(document)
    assert offer == CredentialOffer.parse(document)
    assert offer.model_extra == {"x_campaign": "boxtel"}


def test_offer_tx_code_description_of_300_characters_is_allowed() -> None:
    grant = PreAuthorizedCodeGrant(pre_authorized_code="c", tx_code=TxCode(description="é" * 300))
    assert grant.tx_code is not None
    assert len(grant.tx_code.description or "") == 300


def test_offer_link_needs_exactly_one_of_offer_and_uri() -> None:
    with pytest.raises(errors.CredentialOfferLinkInvalid):
        credential_offer_link()
    with pytest.raises(errors.CredentialOfferLinkInvalid):
        credential_offer_link(offer_uri="http://insecure.example/offer")


# --- §6: Token Endpoint -----------------------------------------------------------------------

SPEC_TOKEN_REQUEST = _joined(
    """
    grant_type=urn:ietf:params:oauth:grant-type:pre-authorized_code
    &pre-authorized_code=SplxlOBeZQQYbYS6WxSbIA
    &tx_code=493536
    &authorization_details=%5B%7B%22type%22%3A%20%22openid_credential%22%2C%20%22
        credential_configuration_id%22%3A%20%22UniversityDegreeCredential%22%7D%5D
    """
)
"""§6.1.1 example (pre-authorized code flow, no client authentication)."""

SPEC_TOKEN_RESPONSE: dict[str, Any] = json.loads(
    """
{
  "access_token": "eyJhbGciOiJSUzI1NiIsInR5cCI6Ikp..sHQ",
  "token_type": "Bearer",
  "expires_in": 86400,
  "authorization_details": [
    {
      "type": "openid_credential",
      "credential_configuration_id": "UniversityDegreeCredential",
      "credential_identifiers": [
        "CivilEngineeringDegree-2023",
        "ElectricalEngineeringDegree-2023"
      ]
    }
  ]
}
"""
)
"""§6.2 example."""


def test_spec_token_request() -> None:
    request = TokenRequest.from_form(parse_qs(SPEC_TOKEN_REQUEST, keep_blank_values=True))
    assert request.grant_type == PRE_AUTHORIZED_CODE_GRANT
    assert request.pre_authorized_code == "SplxlOBeZQQYbYS6WxSbIA"
    assert request.tx_code == "493536"
    assert request.client_id is None
    assert request.model_extra is not None
    assert "authorization_details" in request.model_extra  # §6.1: unknown, kept, ignored
    request.check_tx_code_presence(expected=True)


def test_spec_token_request_from_raw_body() -> None:
    request = TokenRequest.from_body(SPEC_TOKEN_REQUEST.encode("utf-8"))
    assert request.pre_authorized_code == "SplxlOBeZQQYbYS6WxSbIA"


def test_token_request_empty_tx_code_counts_as_absent() -> None:
    """RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were
    omitted"."""
    form = {"grant_type": PRE_AUTHORIZED_CODE_GRANT, "pre-authorized_code": "c", "tx_code": ""}
    request = TokenRequest.from_form(form)
    assert request.tx_code is None
    request.check_tx_code_presence(expected=False)


def test_token_request_form_round_trip() -> None:
    form = token_request_form(pre_authorized_code_grant(_regie_offer()), tx_code="012345")
    assert form == {
        "grant_type": PRE_AUTHORIZED_CODE_GRANT,
        "pre-authorized_code": "Wq9H1x2A",
        "tx_code": "012345",
    }
    assert TokenRequest.from_form(form).to_form() == form


def test_token_request_with_client_id_when_anonymous_access_is_off() -> None:
    form = {**token_request_form(pre_authorized_code_grant(_regie_offer())), "client_id": "w"}
    assert TokenRequest.from_form(form, anonymous_access=False).client_id == "w"


def test_spec_token_response_round_trip() -> None:
    response = TokenResponse.parse(SPEC_TOKEN_RESPONSE)
    assert response.authorization_details is not None
    assert response.authorization_details[0].credential_identifiers == (
        "CivilEngineeringDegree-2023",
        "ElectricalEngineeringDegree-2023",
    )
    assert response.to_json() == SPEC_TOKEN_RESPONSE


def test_spec_token_error_response() -> None:
    """§6.3 example: ``{"error": "invalid_request"}``; the description is for developers."""
    body = error_response(TokenRequestInvalid('tx_code is "missing" — ¿'))
    assert body == {"error": "invalid_request", "error_description": "tx_code is ?missing? ? ?"}
    assert error_response(TxCodeWrong())["error"] == "invalid_grant"


# --- §7 / §8: Nonce and Credential Endpoints ---------------------------------------------------


def test_spec_nonce_response() -> None:
    """§7.2 example."""
    document = {"c_nonce": "wKI4LT17ac15ES9bw8ac4"}
    assert NonceResponse.parse(document).to_json() == document


SPEC_CREDENTIAL_REQUESTS: list[dict[str, Any]] = [
    {
        "credential_configuration_id": "org.iso.18013.5.1.mDL",
        "proofs": {
            "jwt": [
                _joined(
                    """
                    eyJraWQiOiJkaWQ6ZXhhbXBsZTplYmZlYjFmNzEyZWJjNmYxYzI3NmUxMmVjMjEva2V5cy8x
                    IiwiYWxnIjoiRVMyNTYiLCJ0eXAiOiJKV1QifQ
                    """
                )
            ]
        },
    },
    {
        "credential_identifier": "CivilEngineeringDegree-2023",
        "proofs": {
            "jwt": [
                _joined(
                    """
                    eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0
                    eSI6IkVDIiwiY3J2IjoiUC0yNTYiLCJ4IjoiblVXQW9BdjNYWml0aDhFN2kxOU9kYXhPTFlG
                    T3dNLVoyRXVNMDJUaXJUNCIsInkiOiJIc2tIVThCalVpMVU5WHFpN1N3bWo4Z3dBS18weGtj
                    RGpFV183MVNvc0VZIn19
                    """
                ),
                _joined(
                    """
                    eyJraWQiOiJkaWQ6ZXhhbXBsZTplYmZlYjFmNzEyZWJjNmYxYzI3NmUxMmVjMjEva2V5cy8x
                    IiwiYWxnIjoiRVMyNTYiLCJ0eXAiOiJKV1QifQ
                    """
                ),
            ]
        },
    },
]
"""§8.2, the two ``jwt`` examples (their proofs are truncated in the spec; the request is read
here, the proofs are verified separately)."""


@pytest.mark.parametrize("document", SPEC_CREDENTIAL_REQUESTS, ids=["by_configuration", "batch"])
def test_spec_credential_request(document: dict[str, Any]) -> None:
    request = CredentialRequest.from_body(document, batch_size=2)
    assert request.jwt_proofs == tuple(document["proofs"]["jwt"])
    assert request.to_json() == document


def test_credential_request_without_proofs_when_not_required() -> None:
    request = CredentialRequest.from_body(
        {"credential_configuration_id": "x"}, proofs_required=False
    )
    assert request.jwt_proofs == ()


SPEC_CREDENTIAL_RESPONSES: list[dict[str, Any]] = [
    {"credentials": [{"credential": "LUpixVCWJk0eOt4CXQe1NXK....WZwmhmn9OQp6YxX0a2L"}]},
    {
        "credentials": [
            {"credential": "LUpixVCWJk0eOt4CXQe1NXK....WZwmhmn9OQp6YxX0a2L"},
            {"credential": "YXNkZnNhZGZkamZqZGFza23....29tZTIzMjMyMzIzMjMy"},
        ],
        "notification_id": "3fwe98js",
    },
    {"transaction_id": "8xLOxBtZp8", "interval": 3600},
]
"""§8.3, the three examples."""


@pytest.mark.parametrize(
    "document", SPEC_CREDENTIAL_RESPONSES, ids=["one", "batch_with_notification", "deferred"]
)
def test_spec_credential_response_round_trip(document: dict[str, Any]) -> None:
    assert CredentialResponse.parse(document).to_json() == document


def test_credential_response_issued_and_read_back() -> None:
    body = CredentialResponse.issued(["a~", "b~"], notification_id="n-1").to_json()
    assert body == {
        "credentials": [{"credential": "a~"}, {"credential": "b~"}],
        "notification_id": "n-1",
    }
    assert issued_credentials(body) == ("a~", "b~")


def test_issued_credentials_refuses_deferral_and_objects() -> None:
    with pytest.raises(IssuerResponseInvalid):
        issued_credentials(SPEC_CREDENTIAL_RESPONSES[2])
    with pytest.raises(IssuerResponseInvalid):
        issued_credentials({"credentials": [{"credential": {"mdoc": "x"}}]})


# --- §11: Notification -------------------------------------------------------------------------

SPEC_NOTIFICATIONS: list[dict[str, Any]] = [
    {"notification_id": "3fwe98js", "event": "credential_accepted"},
    {
        "notification_id": "3fwe98js",
        "event": "credential_failure",
        "event_description": "Could not store the Credential. Out of storage.",
    },
]
"""§11.1, the two examples."""


@pytest.mark.parametrize("document", SPEC_NOTIFICATIONS, ids=["accepted", "failure"])
def test_spec_notification_round_trip(document: dict[str, Any]) -> None:
    assert NotificationRequest.parse(document).to_json() == document


def test_notification_request_body() -> None:
    body = notification_request_body("n-1", "credential_deleted")
    assert body == {"notification_id": "n-1", "event": "credential_deleted"}


# --- §12: metadata -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identifier", "url"),
    [  # §12.2.2, the two examples, then a port and a root path
        (
            "https://issuer.example.com/tenant",
            "https://issuer.example.com/.well-known/openid-credential-issuer/tenant",
        ),
        (
            "https://tenant.issuer.example.com",
            "https://tenant.issuer.example.com/.well-known/openid-credential-issuer",
        ),
        (
            "https://localhost:8443/boxtel",
            "https://localhost:8443/.well-known/openid-credential-issuer/boxtel",
        ),
        (
            "https://issuer.example.com/",
            "https://issuer.example.com/.well-known/openid-credential-issuer",
        ),
    ],
)
def test_credential_issuer_metadata_url(identifier: str, url: str) -> None:
    assert credential_issuer_metadata_url(identifier) == url


def test_authorization_server_metadata_url() -> None:
    """RFC 8414 §3.1."""
    assert authorization_server_metadata_url("https://as.example.com/issuer1") == (
        "https://as.example.com/.well-known/oauth-authorization-server/issuer1"
    )


@pytest.mark.parametrize(
    "identifier", ["http://issuer.example.com", "https://issuer.example.com?t=1", "issuer"]
)
def test_metadata_url_refuses_what_is_no_issuer_identifier(identifier: str) -> None:
    with pytest.raises(errors.CredentialIssuerMetadataInvalid):
        credential_issuer_metadata_url(identifier)


REGIE_METADATA: dict[str, Any] = {
    "credential_issuer": ISSUER,
    "credential_endpoint": f"{ISSUER}/credential",
    "nonce_endpoint": f"{ISSUER}/nonce",
    "notification_endpoint": f"{ISSUER}/notification",
    "batch_credential_issuance": {"batch_size": 5},
    "display": [
        {"name": "Gemeente Boxtel", "locale": "nl", "logo": {"uri": f"{ISSUER}/logo.svg"}},
        {"name": "Municipality of Boxtel", "locale": "en"},
    ],
    "credential_configurations_supported": {
        "persoonsgegevens": {
            "format": "dc+sd-jwt",
            "scope": "persoonsgegevens",
            "vct": f"{ISSUER}/credentials/persoonsgegevens/v1",
            "cryptographic_binding_methods_supported": ["jwk"],
            "credential_signing_alg_values_supported": ["ES256"],
            "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"]}},
            "credential_metadata": {
                "display": [
                    {"name": "Persoonsgegevens", "locale": "nl", "background_color": "#154273"},
                    {"name": "Personal data", "locale": "en"},
                ],
                "claims": [
                    {
                        "path": ["given_name"],
                        "mandatory": True,
                        "display": [
                            {"name": "Voornamen", "locale": "nl"},
                            {"name": "Given names", "locale": "en"},
                        ],
                    },
                    {"path": ["nationalities", None]},
                    {"path": ["address"]},
                    {"path": ["address", "street"]},
                    {"path": ["address", "house_number"]},
                ],
            },
        }
    },
}
"""Regie's issuer metadata in the shape of §12.2.4 with the SD-JWT VC profile (Appendix A.3.2):
``vct`` at the top of the configuration, ``display`` and ``claims`` in ``credential_metadata``."""


def test_regie_metadata_round_trip() -> None:
    metadata = CredentialIssuerMetadata.parse(REGIE_METADATA, expected_issuer=ISSUER)
    assert metadata.to_json() == REGIE_METADATA
    assert metadata.batch_size == 5
    assert metadata.authorization_server_ids == (ISSUER,)
    configuration = metadata.configuration("persoonsgegevens")
    assert configuration.requires_proofs
    assert configuration.vct == f"{ISSUER}/credentials/persoonsgegevens/v1"


def test_metadata_built_from_models() -> None:
    configuration = CredentialConfiguration(format="mso_mdoc", scope="mdl")
    assert not configuration.requires_proofs
    claim = ClaimDescription(path=("address", "street"))
    assert claim.model_dump(exclude_none=True) == {"path": ("address", "street")}
    metadata = CredentialIssuerMetadata(
        credential_issuer=ISSUER,
        authorization_servers=("https://as.example.com",),
        credential_endpoint=f"{ISSUER}/credential",
        credential_configurations_supported={"mdl": configuration},
    )
    assert metadata.batch_size == 1
    assert metadata.authorization_server_ids == ("https://as.example.com",)


def test_authorization_server_metadata_round_trip() -> None:
    document = {
        "issuer": ISSUER,
        "token_endpoint": f"{ISSUER}/token",
        "grant_types_supported": [PRE_AUTHORIZED_CODE_GRANT],
        "pre-authorized_grant_anonymous_access_supported": True,
    }
    metadata = AuthorizationServerMetadata.parse(document, expected_issuer=ISSUER)
    assert metadata.pre_authorized_grant_anonymous_access_supported
    assert metadata.to_json() == document
    assert not AuthorizationServerMetadata.parse(
        {"issuer": ISSUER, "token_endpoint": f"{ISSUER}/token"}
    ).pre_authorized_grant_anonymous_access_supported  # §12.3: "The default is false"


# --- Appendix F: key proofs ----------------------------------------------------------------------

SPEC_PROOF = _joined(
    """
    eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCIsImFsZyI6IkVTMjU2Iiwiand
    rIjp7Imt0eSI6IkVDIiwiY3J2IjoiUC0yNTYiLCJ4IjoiblVXQW9BdjNYWml0aDh
    FN2kxOU9kYXhPTFlGT3dNLVoyRXVNMDJUaXJUNCIsInkiOiJIc2tIVThCalVpMVU
    5WHFpN1N3bWo4Z3dBS18weGtjRGpFV183MVNvc0VZIn19.eyJhdWQiOiJodHRwcz
    ovL2NyZWRlbnRpYWwtaXNzdWVyLmV4YW1wbGUuY29tIiwiaWF0IjoxNzAxOTYwND
    Q0LCJub25jZSI6IkxhclJHU2JtVVBZdFJZTzZCUTR5bjgifQ.-a3EDsxClUB4O3L
    eDD5DVGEnNMT01FCQW4P6-2-BNBqc_Zxf0Qw4CWayLEpqkAomlkLb9zioZoipdP-
    jvh1WlA
    """
)
"""Appendix F.1 example: a real ES256 proof by the key in its header."""


def test_spec_proof_verifies() -> None:
    policy = ProofPolicy(
        audience="https://credential-issuer.example.com", expected_nonce="LarRGSbmUPYtRYO6BQ4yn8"
    )
    verified = verify_proof_jwt(SPEC_PROOF, policy, now=lambda: 1701960444.0)
    assert verified.nonce == "LarRGSbmUPYtRYO6BQ4yn8"
    assert verified.iat == 1701960444
    assert verified.holder_key.jwk == {
        "kty": "EC",
        "crv": "P-256",
        "x": "nUWAoAv3XZith8E7i19OdaxOLYFOwM-Z2EuM02TirT4",
        "y": "HskHU8BjUi1U9Xqi7Swmj8gwAK_0xkcDjEW_71SosEY",
    }


def test_spec_proof_with_a_later_nonce_is_invalid_nonce() -> None:
    policy = ProofPolicy(audience="https://credential-issuer.example.com", expected_nonce="new")
    with pytest.raises(InvalidNonce) as info:
        verify_proof_jwt(SPEC_PROOF, policy, now=lambda: 1701960444.0)
    assert error_response(info.value)["error"] == "invalid_nonce"


def test_proof_shape() -> None:
    """Appendix F.1: ``typ``, ``alg``, bare public ``jwk``; ``aud``, ``iat``, ``nonce``; no
    ``iss`` after anonymous access."""
    holder = PrivateKey.generate()
    parsed = parse_jws(create_proof_jwt(holder, audience=ISSUER, nonce="n", issued_at=NOW))
    assert parsed.header == {
        "alg": "ES256",
        "typ": PROOF_TYP,
        "jwk": {k: holder.public.jwk[k] for k in ("kty", "crv", "x", "y")},
    }
    assert parsed.payload == {"aud": ISSUER, "iat": NOW, "nonce": "n"}


def test_proof_round_trip_leaves_freshness_to_the_caller() -> None:
    holder = PrivateKey.generate()
    proof = create_proof_jwt(holder, audience=ISSUER, nonce="from-the-db", issued_at=NOW)
    verified = verify_proof_jwt(proof, ProofPolicy(audience=ISSUER), now=lambda: NOW + 10.0)
    assert verified.nonce == "from-the-db"  # the issuer consumes it atomically
    assert verified.holder_key.thumbprint() == holder.public.thumbprint()


def test_proof_with_client_id_and_without_nonce_endpoint() -> None:
    holder = PrivateKey.generate()
    proof = create_proof_jwt(holder, audience=ISSUER, nonce=None, issued_at=NOW, client_id="w")
    policy = ProofPolicy(audience=ISSUER, client_id="w", require_nonce=False)
    assert verify_proof_jwt(proof, policy, now=lambda: float(NOW)).nonce is None


CLIENT_ID = "https://wallet-provider.example.org"
ISS_ACCEPTED: dict[str, tuple[str | None, str | None]] = {
    "oid4vci_f1_iss_omitted_after_anonymous_access": (None, None),
    "oid4vci_f1_iss_omitted_by_an_authenticated_client": (None, CLIENT_ID),
    "oid4vci_f1_iss_is_the_authenticated_client_id": (CLIENT_ID, CLIENT_ID),
}
"""Appendix F.1 ``iss``, OPTIONAL: name → (the proof's ``iss``, the ``client_id`` the access
token was issued to). The refusals are rows of the battery (``cases_oid4vci``)."""


@pytest.mark.parametrize("name", ISS_ACCEPTED)
def test_proof_iss_accepted(name: str) -> None:
    iss, client_id = ISS_ACCEPTED[name]
    holder = PrivateKey.generate()
    proof = create_proof_jwt(holder, audience=ISSUER, nonce="n", issued_at=NOW, client_id=iss)
    policy = ProofPolicy(audience=ISSUER, client_id=client_id)
    verified = verify_proof_jwt(proof, policy, now=lambda: float(NOW))
    assert verified.holder_key.thumbprint() == holder.public.thumbprint()


def test_proof_on_p384_when_the_policy_allows_es384() -> None:
    holder = PrivateKey.generate(crv="P-384")
    proof = create_proof_jwt(holder, audience=ISSUER, nonce="n", issued_at=NOW)
    policy = ProofPolicy(audience=ISSUER, algorithms=("ES256", "ES384"))
    assert verify_proof_jwt(proof, policy, now=lambda: float(NOW)).holder_key.algorithm == "ES384"
    with pytest.raises(errors.ProofAlgorithmNotAllowed):
        verify_proof_jwt(proof, ProofPolicy(audience=ISSUER), now=lambda: float(NOW))


def test_batch_request_from_client_verifies_per_key() -> None:
    holders = [PrivateKey.generate() for _ in range(5)]
    body = credential_request_body(
        holder_keys=holders,
        audience=ISSUER,
        nonce="n-1",
        issued_at=NOW,
        credential_configuration_id="persoonsgegevens",
    )
    request = CredentialRequest.from_body(body, batch_size=5)
    verified = verify_proofs(
        request.jwt_proofs, ProofPolicy(audience=ISSUER, expected_nonce="n-1"), now=lambda: NOW
    )
    assert [v.holder_key.thumbprint() for v in verified] == [h.public.thumbprint() for h in holders]
    assert {v.nonce for v in verified} == {"n-1"}


def test_proof_key_errors_keep_their_cause() -> None:
    holder = PrivateKey.generate()
    proof = create_proof_jwt(holder, audience=ISSUER, nonce="n", issued_at=NOW)
    header = {**parse_jws(proof).header, "jwk": holder.to_private_jwk()}
    forged = b64url_encode(json_dumps(header)) + "." + proof.split(".", 1)[1]
    with pytest.raises(ProofKeyInvalid) as info:
        verify_proof_jwt(forged, ProofPolicy(audience=ISSUER), now=lambda: float(NOW))
    assert isinstance(info.value.__cause__, errors.InvalidJWK)


# --- errors ---------------------------------------------------------------------------------

SPEC_ERROR_CODES = {
    "invalid_request",  # §6.3
    "invalid_grant",
    "invalid_client",
    "unsupported_grant_type",
    "invalid_credential_request",  # §8.3.1.2
    "unknown_credential_configuration",
    "unknown_credential_identifier",
    "invalid_proof",
    "invalid_nonce",
    "invalid_encryption_parameters",
    "credential_request_denied",
    "invalid_notification_id",  # §11.3
    "invalid_notification_request",
}


def _oid4vci_errors() -> list[type[StandardsError]]:
    return [
        cls
        for _, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, StandardsError) and cls.code.startswith("oid4vci.")
    ]


def test_every_spec_error_code_has_a_class() -> None:
    assert {cls.error for cls in _oid4vci_errors()} >= SPEC_ERROR_CODES


def test_oid4vci_errors_have_unique_codes_and_both_titles() -> None:
    classes = _oid4vci_errors()
    assert len({cls.code for cls in classes}) == len(classes)
    for cls in classes:
        assert cls.title_en != StandardsError.title_en, cls.__name__
        assert cls.title_nl != StandardsError.title_nl, cls.__name__
        assert cls.__name__ in errors.__all__
