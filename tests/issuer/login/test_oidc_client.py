"""The OpenID Connect client against the test provider: the flow, and every refusal."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from issuer.login import errors
from issuer.login.oidc import PendingLogin
from standards.jose import PrivateKey, b64url_encode, json_dumps, sign_jws
from tests.issuer.login.conftest import CLIENT_ID, ISSUER, JAN, Login, claims_of

pytestmark = pytest.mark.anyio


async def test_login_returns_the_bsn_from_a_verified_id_token(login: Login) -> None:
    params, pending = await login.begin()
    result = await login.client.finish(params, pending)
    assert result.bsn == JAN
    assert result.subject != JAN  # a pairwise subject, not the BSN
    assert login.provider.requests == [
        "/test-idp/.well-known/openid-configuration",
        "/test-idp/token",
        "/test-idp/jwks",
    ]


async def test_authorization_url_carries_pkce_s256_state_and_nonce(login: Login) -> None:
    url, pending = await login.client.start()
    assert url.startswith(f"{ISSUER}/authorize?")
    assert "code_challenge_method=S256" in url
    assert f"state={pending.state}" in url
    assert f"nonce={pending.nonce}" in url
    assert pending.verifier not in url  # only its hash travels through the browser


async def test_metadata_and_keys_are_cached_between_logins(login: Login) -> None:
    for _ in range(2):
        params, pending = await login.begin()
        await login.client.finish(params, pending)
    assert login.provider.requests.count("/test-idp/jwks") == 1
    assert login.provider.requests.count("/test-idp/.well-known/openid-configuration") == 1


# --- the authorization response ---------------------------------------------------------------


async def test_rfc6749_10_12_wrong_state_refused(login: Login) -> None:
    params, pending = await login.begin()
    with pytest.raises(errors.StateMismatch):
        await login.client.finish({**params, "state": "someone-elses"}, pending)


async def test_rfc9207_wrong_iss_parameter_refused(login: Login) -> None:
    params, pending = await login.begin()
    with pytest.raises(errors.ResponseIssuerMismatch):
        await login.client.finish({**params, "iss": "http://127.0.0.1:9999/idp"}, pending)


async def test_rfc9207_missing_iss_refused_when_the_provider_sends_it(login: Login) -> None:
    params, pending = await login.begin()
    del params["iss"]
    with pytest.raises(errors.ResponseIssuerMismatch):
        await login.client.finish(params, pending)


async def test_no_pending_login_refused(login: Login) -> None:
    params, _ = await login.begin()
    with pytest.raises(errors.LoginExpired):
        await login.client.finish(params, None)


async def test_pending_login_too_old_refused(login: Login) -> None:
    params, pending = await login.begin()
    login.clock.now += 601
    with pytest.raises(errors.LoginExpired):
        await login.client.finish(params, pending)


async def test_access_denied_is_a_cancelled_login(login: Login) -> None:
    _, pending = await login.begin()
    params = {"error": "access_denied", "state": pending.state, "iss": ISSUER}
    with pytest.raises(errors.LoginCancelled):
        await login.client.finish(params, pending)


async def test_other_provider_error_refused(login: Login) -> None:
    _, pending = await login.begin()
    params = {"error": "server_error", "state": pending.state, "iss": ISSUER}
    with pytest.raises(errors.ProviderError):
        await login.client.finish(params, pending)


# --- the token request (the provider's checks) ------------------------------------------------


async def test_rfc7636_4_6_wrong_verifier_refused(login: Login) -> None:
    params, pending = await login.begin()
    other = replace(pending, verifier="x" * 43)
    with pytest.raises(errors.TokenRequestRefused):
        await login.client.finish(params, other)


async def test_rfc6749_4_1_2_reused_code_refused(login: Login) -> None:
    params, pending = await login.begin()
    await login.client.finish(params, pending)
    with pytest.raises(errors.TokenRequestRefused):
        await login.client.finish(params, pending)


async def test_rfc6749_4_1_2_expired_code_refused(login: Login) -> None:
    params, pending = await login.begin()
    login.clock.now += 61
    with pytest.raises(errors.TokenRequestRefused):
        await login.client.finish(params, pending)


async def test_tampered_code_refused(login: Login) -> None:
    params, pending = await login.begin()
    code = params["code"]
    tampered = code[:-2] + ("AA" if code[-2:] != "AA" else "BB")
    with pytest.raises(errors.TokenRequestRefused):
        await login.client.finish({**params, "code": tampered}, pending)


async def test_wrong_client_secret_refused(login: Login) -> None:
    params, pending = await login.begin()
    login.client.config = replace(login.client.config, client_secret="wrong")
    with pytest.raises(errors.TokenRequestRefused):
        await login.client.finish(params, pending)


async def test_code_bound_to_its_redirect_uri(login: Login) -> None:
    params, pending = await login.begin()
    login.client.config = replace(login.client.config, redirect_uri="http://127.0.0.1:8001/other")
    with pytest.raises(errors.TokenRequestRefused):
        await login.client.finish(params, pending)


# --- the ID token (OpenID Connect Core 1.0 §3.1.3.7) -------------------------------------------

Forge = Callable[[dict[str, Any], PrivateKey], str]


def _signed(change: Callable[[dict[str, Any]], None], *, key: PrivateKey | None = None) -> Forge:
    def forge(claims: dict[str, Any], provider_key: PrivateKey) -> str:
        change(claims)
        return sign_jws(claims, key or provider_key, typ="JWT")

    return forge


def _other_key_same_kid(claims: dict[str, Any], provider_key: PrivateKey) -> str:
    impostor = PrivateKey.generate(kid=provider_key.kid)
    return sign_jws(claims, impostor, typ="JWT")


def _alg_none(claims: dict[str, Any], provider_key: PrivateKey) -> str:
    header = b64url_encode(json_dumps({"alg": "none", "kid": provider_key.kid}))
    return f"{header}.{b64url_encode(json_dumps(claims))}."


def _set(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda claims: claims.__setitem__(name, value)


def _shift(name: str, seconds: int) -> Callable[[dict[str, Any]], None]:
    return lambda claims: claims.__setitem__(name, claims[name] + seconds)


def _drop(name: str) -> Callable[[dict[str, Any]], None]:
    return lambda claims: claims.pop(name)


ID_TOKEN_ATTACKS: dict[str, tuple[Forge, type[errors.LoginFailed]]] = {
    "step2_wrong_iss": (
        _signed(_set("iss", "http://127.0.0.1:9999")),
        errors.IdTokenIssuerMismatch,
    ),
    "step3_wrong_aud": (_signed(_set("aud", "another-client")), errors.IdTokenAudienceMismatch),
    "step3_aud_list_without_us": (
        _signed(_set("aud", ["a", "b"])),
        errors.IdTokenAudienceMismatch,
    ),
    "step4_several_aud_without_azp": (
        _signed(_set("aud", [CLIENT_ID, "another-client"])),
        errors.IdTokenAudienceMismatch,
    ),
    "step5_azp_names_another_party": (
        _signed(_set("azp", "another-client")),
        errors.IdTokenAudienceMismatch,
    ),
    "step6_signed_by_another_key": (
        _signed(lambda _: None, key=PrivateKey.generate()),
        errors.IdTokenSignatureInvalid,
    ),
    "step6_another_key_with_the_providers_kid": (
        _other_key_same_kid,
        errors.IdTokenSignatureInvalid,
    ),
    "step6_alg_none": (_alg_none, errors.IdTokenSignatureInvalid),
    "step9_expired": (_signed(_shift("exp", -400)), errors.IdTokenExpired),
    "step10_iat_in_the_future": (_signed(_shift("iat", 3600)), errors.IdTokenIatInvalid),
    "step10_iat_long_ago": (_signed(_shift("iat", -3600)), errors.IdTokenIatInvalid),
    "step11_wrong_nonce": (_signed(_set("nonce", "another-nonce")), errors.IdTokenNonceMismatch),
    "step11_no_nonce": (_signed(_drop("nonce")), errors.IdTokenNonceMismatch),
    "no_sub": (_signed(_drop("sub")), errors.IdTokenMalformed),
    "exp_not_a_number": (_signed(_set("exp", "tomorrow")), errors.IdTokenMalformed),
    "not_a_jws": (lambda _claims, _key: "not-a-jwt", errors.IdTokenMalformed),
    "bsn_missing": (_signed(_drop("bsn")), errors.BsnMissing),
    "bsn_fails_the_11_test": (_signed(_set("bsn", "123456789")), errors.BsnInvalid),
}


@pytest.mark.parametrize(("forge", "refused"), ID_TOKEN_ATTACKS.values(), ids=ID_TOKEN_ATTACKS)
async def test_oidc_core_3_1_3_7_forged_id_token_refused(
    login: Login, provider_key: PrivateKey, forge: Forge, refused: type[errors.LoginFailed]
) -> None:
    def forged(body: dict[str, Any]) -> httpx.Response:
        return httpx.Response(
            200, json={**body, "id_token": forge(claims_of(body["id_token"]), provider_key)}
        )

    login.provider.token_response = forged
    params, pending = await login.begin()
    with pytest.raises(refused):
        await login.client.finish(params, pending)


async def test_unknown_kid_fetches_the_jwks_again_once(login: Login) -> None:
    params, pending = await login.begin()
    await login.client.finish(params, pending)  # keys cached now
    login.provider.idp.key = PrivateKey.generate()  # the provider rotates its key
    login.clock.now += 120
    params, pending = await login.begin()
    result = await login.client.finish(params, pending)
    assert result.bsn == JAN
    assert login.provider.requests.count("/test-idp/jwks") == 2


# --- the provider itself ------------------------------------------------------------------------


async def test_discovery_naming_another_issuer_refused(login: Login) -> None:
    login.provider.metadata_override = {"issuer": "http://127.0.0.1:9999/idp"}
    with pytest.raises(errors.ProviderMetadataInvalid):
        await login.client.start()


async def test_discovery_with_insecure_endpoint_refused(login: Login) -> None:
    login.provider.metadata_override = {"token_endpoint": "http://idp.example/token"}
    with pytest.raises(errors.ProviderMetadataInvalid):
        await login.client.start()


async def test_provider_without_s256_refused(login: Login) -> None:
    login.provider.metadata_override = {"code_challenge_methods_supported": ["plain"]}
    with pytest.raises(errors.ProviderMetadataInvalid):
        await login.client.start()


async def test_unreachable_provider_is_unavailable(login: Login) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    login.client.http = httpx.AsyncClient(transport=httpx.MockTransport(down))
    with pytest.raises(errors.ProviderUnavailable):
        await login.client.start()


async def test_token_endpoint_server_error_is_unavailable(login: Login) -> None:
    login.provider.token_response = lambda _body: httpx.Response(502, text="bad gateway")
    params, pending = await login.begin()
    with pytest.raises(errors.ProviderUnavailable):
        await login.client.finish(params, pending)


def test_pending_login_survives_the_session_and_refuses_junk() -> None:
    pending = PendingLogin("s", "n", "v", 1)
    assert PendingLogin.from_session(pending.to_session()) == pending
    assert PendingLogin.from_session({"state": "s"}) is None
    assert PendingLogin.from_session("junk") is None


# --- RS256 (OpenID Connect Core 1.0 §15.1; RFC 7518 §3.3), as DigiD brokers sign ---------------

RSA_KID = "broker-rsa-1"
Sign = Callable[[dict[str, Any]], str]
"""Makes the ID token the provider answers with, from the claims it would have signed."""
Attack = Callable[[rsa.RSAPrivateKey, PrivateKey], tuple[list[dict[str, Any]], Sign]]
"""From the broker's RSA key and the test provider's EC key: the JWKS served, and the signer."""


def _rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _rsa_jwk(key: rsa.RSAPrivateKey, kid: str = RSA_KID) -> dict[str, Any]:
    numbers = key.public_key().public_numbers()
    size = (numbers.n.bit_length() + 7) // 8
    return {
        "kty": "RSA",
        "kid": kid,
        "use": "sig",
        "alg": "RS256",
        "n": b64url_encode(numbers.n.to_bytes(size, "big")),
        "e": b64url_encode(numbers.e.to_bytes(3, "big")),
    }


def _rs256(claims: dict[str, Any], key: rsa.RSAPrivateKey, *, kid: str = RSA_KID) -> str:
    header = b64url_encode(json_dumps({"alg": "RS256", "typ": "JWT", "kid": kid}))
    signing_input = f"{header}.{b64url_encode(json_dumps(claims))}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url_encode(signature)}"


def _broker(
    login: Login, jwks_keys: list[dict[str, Any]], sign: Callable[[dict[str, Any]], str]
) -> None:
    """The provider publishes ``jwks_keys`` and answers with an ID token ``sign`` makes."""
    login.provider.jwks_override = {"keys": jwks_keys}
    login.provider.token_response = lambda body: httpx.Response(
        200, json={**body, "id_token": sign(claims_of(body["id_token"]))}
    )


async def test_an_rs256_id_token_from_the_providers_rsa_key_logs_in(
    login: Login, provider_key: PrivateKey
) -> None:
    broker = _rsa_key()
    _broker(login, [provider_key.public.to_jwk(), _rsa_jwk(broker)], lambda c: _rs256(c, broker))
    params, pending = await login.begin()
    assert (await login.client.finish(params, pending)).bsn == JAN


RS256_ATTACKS: dict[
    str,
    Callable[
        [rsa.RSAPrivateKey, PrivateKey],
        tuple[list[dict[str, Any]], Callable[[dict[str, Any]], str]],
    ],
] = {
    "another_rsa_key_with_the_providers_kid": lambda broker, _: (
        [_rsa_jwk(broker)],
        lambda c: _rs256(c, _rsa_key()),
    ),
    "rsa_key_under_2048_bits": lambda _, __: (
        [_rsa_jwk(small := _rsa_key(1024))],
        lambda c: _rs256(c, small),
    ),
    "es256_token_naming_the_rsa_kid": lambda broker, _: (
        [_rsa_jwk(broker)],
        lambda c: sign_jws(c, PrivateKey.generate(kid=RSA_KID), typ="JWT"),
    ),
    "rs256_token_naming_the_ec_kid": lambda broker, provider: (
        [provider.public.to_jwk(), _rsa_jwk(broker)],
        lambda c: _rs256(c, broker, kid=provider.kid),
    ),
    "hs256_with_the_rsa_public_key_as_secret": lambda broker, _: (
        [_rsa_jwk(broker)],
        lambda c: _hs256_confusion(c, broker),
    ),
}


def _hs256_confusion(claims: dict[str, Any], key: rsa.RSAPrivateKey) -> str:
    """RFC 8725 §2.1: the public key used as an HMAC secret; the algorithm list refuses it."""
    header = b64url_encode(json_dumps({"alg": "HS256", "kid": RSA_KID}))
    signing_input = f"{header}.{b64url_encode(json_dumps(claims))}"
    secret = json_dumps(_rsa_jwk(key))
    return f"{signing_input}.{b64url_encode(hmac.digest(secret, signing_input.encode(), 'sha256'))}"


@pytest.mark.parametrize("attack", RS256_ATTACKS.values(), ids=RS256_ATTACKS)
async def test_rfc7518_3_3_forged_rs256_id_token_refused(
    login: Login, provider_key: PrivateKey, attack: Attack
) -> None:
    jwks_keys, sign = attack(_rsa_key(), provider_key)
    _broker(login, jwks_keys, sign)
    params, pending = await login.begin()
    with pytest.raises(errors.IdTokenSignatureInvalid):
        await login.client.finish(params, pending)
