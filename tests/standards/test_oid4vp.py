"""OpenID4VP 1.0 (``standards.oid4vp``): the Request Object from creation to the wallet's
verification, the link and the POST to the Request URI, the whole presentation from the
wallet's choice to the verifier's check in both Response Modes and both ``enc`` values, and
error responses. Bad inputs are battery rows (``cases_oid4vp.py``)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from standards import dcql, errors, jose, oid4vp
from standards.errors import AccessDenied, NoMatchingCredentials, StandardsError
from standards.sd_jwt_vc import issue_credential
from tests.standards import oid4vp_world as w


@pytest.mark.parametrize(
    "client_id", [w.CLIENT_ID, w.CLIENT_ID_HASH], ids=["x509_san_dns", "x509_hash"]
)
def test_request_object_round_trip(client_id: str) -> None:
    """§5, §5.9.3: what the verifier signs, the wallet verifies, for both prefixes."""
    request = oid4vp.AuthorizationRequest.parse(w.good_request(client_id=client_id))
    key = oid4vp.create_request_object(request, w.RP.leaf_key, w.RP.x5c)
    header = jose.parse_jws(key).header
    assert header["typ"] == "oauth-authz-req+jwt"
    assert header["alg"] == "ES256"
    assert header["x5c"] == w.RP.x5c
    verified = oid4vp.verify_request_object(
        key, client_id=client_id, trust_anchors=[w.ANCHOR], now=w.NOW
    )
    assert str(verified.client_id) == client_id
    assert verified.certificate == w.LEAF
    assert verified.request == request
    assert verified.request.aud == oid4vp.SELF_ISSUED_AUDIENCE


def test_request_carries_what_haip_asks() -> None:
    """HAIP 1.0 §5: direct_post.jwt, a fresh ECDH-ES P-256 key, both enc values listed."""
    request = oid4vp.AuthorizationRequest.parse(w.good_request())
    assert request.response_type == "vp_token"
    assert request.response_mode == oid4vp.DIRECT_POST_JWT
    metadata = request.client_metadata
    assert metadata is not None
    assert metadata.jwks == {"keys": [w.ENCRYPTION.public_jwk()]}
    assert metadata.enc_values == ("A128GCM", "A256GCM")
    assert metadata.vp_formats_supported == oid4vp.VP_FORMATS_SUPPORTED
    assert request.exp - (request.iat or 0) == 300
    assert request.dcql_query == w.QUERY


def test_direct_post_fallback_has_no_encryption_metadata() -> None:
    request = oid4vp.authorization_request(
        client_id=w.CLIENT_ID,
        response_uri=f"https://{w.RP_HOST}/r",
        dcql_query=w.QUERY,
        nonce=w.NONCE,
        state=w.STATE,
        issued_at=w.NOW,
        encryption_key=None,
    )
    assert request.response_mode == oid4vp.DIRECT_POST
    assert request.client_metadata is not None
    assert request.client_metadata.jwks is None


def test_wallet_nonce_round_trip() -> None:
    """§5.10: the wallet posts a nonce, the verifier signs it into the Request Object."""
    form = oid4vp.request_uri_post_form(
        wallet_nonce="qPmxiNFCR3QTm19POc8u", wallet_metadata={"vp_formats_supported": {}}
    )
    posted = oid4vp.parse_request_uri_post(form)
    assert posted.wallet_metadata == {"vp_formats_supported": {}}
    assert posted.wallet_nonce is not None
    token = w.request_object(w.good_request(wallet_nonce=posted.wallet_nonce))
    verified = oid4vp.verify_request_object(
        token,
        client_id=w.CLIENT_ID,
        trust_anchors=[w.ANCHOR],
        now=w.NOW,
        wallet_nonce=posted.wallet_nonce,
    )
    assert verified.request.wallet_nonce == "qPmxiNFCR3QTm19POc8u"
    assert oid4vp.parse_request_uri_post({}) == oid4vp.RequestUriPost(None, None)


@pytest.mark.parametrize("method", [None, "get", "post"])
def test_link_round_trip(method: str | None) -> None:
    """§5 by reference: the QR code's and button's link."""
    request_uri = f"https://{w.RP_HOST}/oid4vp/request/abc?x=1"
    link = oid4vp.authorization_request_link(
        client_id=w.CLIENT_ID,
        request_uri=request_uri,
        request_uri_method=method,  # type: ignore[arg-type]
    )
    assert link.startswith("openid4vp://?client_id=x509_san_dns%3A")
    assert parse_qs(urlsplit(link).query)["request_uri"] == [request_uri]
    parsed = oid4vp.parse_authorization_request_link(link)
    assert parsed == oid4vp.RequestLink(w.CLIENT_ID, request_uri, method)  # type: ignore[arg-type]


def test_link_to_a_web_wallet_reads_its_fragment() -> None:
    """§5: the same-device button to a web wallet (``VERIFIER_WALLET_URL``) carries the
    parameters after the app's route in the fragment."""
    request_uri = f"https://{w.RP_HOST}/oid4vp/request/abc"
    link = oid4vp.authorization_request_link(
        client_id=w.CLIENT_ID,
        request_uri=request_uri,
        request_uri_method="post",
        endpoint="https://wallet.example/#/present",
    )
    assert link.startswith("https://wallet.example/#/present?client_id=")
    parsed = oid4vp.parse_authorization_request_link(link)
    assert parsed == oid4vp.RequestLink(w.CLIENT_ID, request_uri, "post")


def test_client_id_prefixes() -> None:
    """§5.9.1 and §5.9.3."""
    assert oid4vp.parse_client_id("x509_san_dns:a.example:8443") == oid4vp.ClientId(
        "x509_san_dns", "a.example:8443"
    )
    assert "x509_hash:" + oid4vp.x509_hash(w.LEAF) == w.CLIENT_ID_HASH
    assert len(jose.b64url_decode(oid4vp.x509_hash(w.LEAF))) == 32


# --- the whole presentation -----------------------------------------------------------------------


@pytest.mark.parametrize("enc", ["A128GCM", "A256GCM"])
def test_presentation_direct_post_jwt(enc: str) -> None:
    """Wallet: verify the request, choose (§6.4), present, encrypt (§8.3.1). Verifier:
    decrypt, verify every presentation and the VP Token against the query (§8.6)."""
    request_object = w.request_object(
        w.good_request(
            client_metadata={
                **w.good_request()["client_metadata"],
                "encrypted_response_enc_values_supported": [enc],
            }
        )
    )
    verified = oid4vp.verify_request_object(
        request_object, client_id=w.CLIENT_ID, trust_anchors=[w.ANCHOR], now=w.NOW
    )
    request = verified.request
    assert request.client_metadata is not None
    vp_token = w.presentations(client_id=request.client_id, nonce=request.nonce)
    form = oid4vp.direct_post_jwt_form(vp_token, request.state, metadata=request.client_metadata)
    assert set(form) == {"response"}

    response = oid4vp.parse_authorization_response(
        form,
        response_mode=oid4vp.DIRECT_POST_JWT,
        decryption_keys=[w.ENCRYPTION],
        expected_state=w.STATE,
    )
    assert isinstance(response, oid4vp.AuthorizationResponse)
    assert response.encryption is not None
    assert response.encryption["enc"] == enc
    assert response.encryption["kid"] == w.ENCRYPTION.kid
    result = oid4vp.verify_vp_token(
        response.vp_token,
        query=w.QUERY,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issuer_key=w.ISSUER_KEY.public,
        now=lambda: w.NOW,
    )
    assert {k: [m.claims for m in v] for k, v in result.matched.items()} == {
        "persoon": [{("given_name",): ("Anna",), ("birthdate",): ("1990-01-01",)}],
        "adres": [{("address", "locality"): ("Boxtel",)}],
    }
    person = result.credentials["persoon"][0]
    assert "family_name" not in person.claims  # §6.4: not asked, not disclosed
    assert person.issuer == w.ISSUER


def test_presentation_direct_post() -> None:
    """§8.2: the fallback without encryption, the same result."""
    form = oid4vp.direct_post_form(w.presentations(), w.STATE)
    response = oid4vp.parse_authorization_response(
        form, response_mode=oid4vp.DIRECT_POST, expected_state=w.STATE
    )
    assert isinstance(response, oid4vp.AuthorizationResponse)
    assert response.encryption is None
    result = oid4vp.verify_vp_token(
        response.vp_token,
        query=w.QUERY,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issuer_key=w.ISSUER_KEY.public,
        now=lambda: w.NOW,
    )
    assert set(result.matched) == {"persoon", "adres"}


def test_wallet_without_the_credentials_answers_access_denied() -> None:
    """§6.4.2 and §8.5: no matching credentials, so an unencrypted error response."""
    query = dcql.DCQLQuery.parse(
        {
            "credentials": [
                {"id": "rijbewijs", "format": "dc+sd-jwt", "meta": {"vct_values": ["urn:x"]}}
            ]
        }
    )
    with pytest.raises(NoMatchingCredentials) as info:
        w.presentations(query=query)
    form = oid4vp.error_response_form(info.value, w.STATE)
    assert form["error"] == "access_denied"
    response = oid4vp.parse_authorization_response(
        form, response_mode=oid4vp.DIRECT_POST_JWT, decryption_keys=[w.ENCRYPTION]
    )
    assert response == oid4vp.AuthorizationErrorResponse(
        "access_denied", form["error_description"], w.STATE
    )
    assert isinstance(info.value, AccessDenied)


def test_verifier_response_redirect() -> None:
    """§8.2: the Response URI's answer, with a ``response_code`` in the redirect."""
    answer = oid4vp.VerifierResponse(redirect_uri=f"https://{w.RP_HOST}/done?response_code=x")
    assert oid4vp.VerifierResponse.parse(answer.to_json()) == answer
    assert oid4vp.VerifierResponse.parse({}).redirect_uri is None


def test_wallet_prefers_a256gcm() -> None:
    """HAIP 1.0 §5: a wallet supporting both SHOULD use A256GCM."""
    metadata = oid4vp.ClientMetadata.model_validate(w.good_request()["client_metadata"])
    jwk, enc = oid4vp.select_encryption(metadata)
    assert enc == "A256GCM"
    assert jwk == w.ENCRYPTION.public_jwk()


# --- §8.5: the error codes ---------------------------------------------------------------------

SPEC = Path(__file__).resolve().parents[3] / "shared" / "specs" / "openid4vp-1_0.md"


def _spec_error_codes() -> set[str]:
    """The codes §8.5 lists, read from the spec."""
    text = SPEC.read_text(encoding="utf-8")
    start = text.index("## Error Response {#error-response}")
    section = text[start : text.index("## VP Token Validation", start)]
    return set(re.findall(r"^`([a-z_]+)`:", section, re.MULTILINE))


def _oid4vp_errors() -> list[type[StandardsError]]:
    classes = [getattr(errors, name) for name in errors.__all__]
    return [c for c in classes if c.code.startswith(("oid4vp.", "dcql."))]


def test_every_8_5_error_code_has_a_class() -> None:
    codes = _spec_error_codes()
    assert "wallet_unavailable" in codes
    assert {cls.error for cls in _oid4vp_errors()} >= codes


def test_oid4vp_errors_have_unique_codes_and_both_titles() -> None:
    classes = _oid4vp_errors()
    assert len({cls.code for cls in classes}) == len(classes)
    for cls in classes:
        assert cls.title_en != StandardsError.title_en, cls.__name__
        assert cls.title_nl != StandardsError.title_nl, cls.__name__


def test_a_waived_query_accepts_a_bound_credential_with_key_binding() -> None:
    """§6.1 with HAIP 1.0 §6.1.1.1: a query may waive holder binding; a credential that has a
    ``cnf`` still comes with a KB-JWT, which is checked and accepted."""
    waived = dcql.DCQLQuery.parse(
        {
            "credentials": [
                {
                    **w.QUERY.to_json()["credentials"][0],
                    "require_cryptographic_holder_binding": False,
                }
            ]
        }
    )
    presented = w.presentations(query=waived)
    verified = oid4vp.verify_vp_token(
        presented,
        query=waived,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issuer_key=w.ISSUER_KEY.public,
        now=lambda: w.NOW,
    )
    assert verified.credentials["persoon"][0].sd_jwt.key_binding is not None


def test_a_waived_query_accepts_an_unbound_credential_without_key_binding() -> None:
    """§6.1: without a ``cnf`` in the credential and with the query waiving binding, an SD-JWT
    without a KB-JWT is accepted (HAIP 1.0 §6.1.1.1 asks a KB-JWT only of bound ones)."""
    unbound = issue_credential(
        vct=w.PERSON_VCT,
        issuer=w.ISSUER,
        claims={"given_name": "Anna"},
        disclosable=[("given_name",)],
        key=w.ISSUER_KEY,
        holder_key=None,
        issued_at=w.NOW - 60,
        expires_at=w.NOW + 60,
    ).compact
    verified = oid4vp.verify_presentation(
        unbound,
        client_id=w.CLIENT_ID,
        nonce=w.NONCE,
        issuer_key=w.ISSUER_KEY.public,
        require_holder_binding=False,
        now=lambda: w.NOW,
    )
    assert verified.holder_key is None
    assert verified.claims["given_name"] == "Anna"
