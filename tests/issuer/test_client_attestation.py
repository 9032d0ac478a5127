"""Wallet attestations at the token endpoint (OpenID4VCI 1.0 Appendix E; OAuth 2.0
Attestation-Based Client Authentication draft -07, "ABCA"; ``issuer.client_attestation``).

The attestations are signed by the wallet provider's own code (``wallet_api.attestation``) with a
certificate from the issuer's demo CA, as in the demo. Each refusal is ``invalid_client`` (401,
RFC 6749 §5.2), never a 500, and uses up nothing: the same code is redeemed afterwards.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.app import create_app
from issuer.db.tables import AuditEntry
from issuer.settings import IssuerSettings
from regie.pki import DemoCA
from regie.pki import x5c as x5c_of
from standards.jose import PrivateKey
from standards.oid4vci import PRE_AUTHORIZED_CODE_GRANT, create_client_attestation_pop
from tests.issuer.conftest import PUBLIC_URL, Offers
from tests.issuer.holder import TestHolder
from wallet_api.attestation import attestation_claims, sign_attestation
from wallet_api.db.models import WalletInstance

PROVIDER = "http://127.0.0.1:8003"
WALLET_NAME = "Regie wallet"


@dataclass
class Provider:
    """A wallet provider as ``wallet_api`` is one: a key, its certificate chain."""

    key: PrivateKey
    x5c: list[str]

    def attestation(self, instance: PrivateKey, *, ttl: int = 900, **changes: Any) -> str:
        row = WalletInstance(id="i", status="active", public_key=dict(instance.public.jwk))
        claims = attestation_claims(
            row,
            provider=PROVIDER,
            wallet_name=WALLET_NAME,
            now=datetime.now(UTC),
            ttl=timedelta(seconds=ttl),
        )
        return sign_attestation({**claims, **changes}, self.key, self.x5c)


def provider_of(ca_dir: Path) -> Provider:
    ca = DemoCA.load_or_create(ca_dir, now=datetime.now(UTC))
    key = PrivateKey.generate()
    certificate = ca.issue_signing_certificate(
        key.key.public_key(),
        subject_cn=WALLET_NAME,
        san_uris=[PROVIDER],
        days=30,
        now=datetime.now(UTC),
    )
    return Provider(key, x5c_of([certificate]))


@dataclass
class Wallet:
    """One wallet instance of ``provider``: its attestation headers for a token request."""

    provider: Provider
    instance: PrivateKey

    def headers(self, *, attestation: str | None = None, **pop: Any) -> dict[str, str]:
        proof = create_client_attestation_pop(
            pop.pop("key", self.instance),
            client_id=PROVIDER,
            audience=pop.pop("audience", PUBLIC_URL),
            issued_at=pop.pop("issued_at", int(time.time())),
            **pop,
        )
        return {
            "OAuth-Client-Attestation": attestation or self.provider.attestation(self.instance),
            "OAuth-Client-Attestation-PoP": proof,
        }


@pytest.fixture
def wallet(issuer_settings: IssuerSettings, issuer_client: TestClient[Litestar]) -> Wallet:
    assert issuer_client  # the app made the demo CA in ca_dir
    return Wallet(provider_of(issuer_settings.resolved_ca_dir()), PrivateKey.generate())


@pytest.fixture
def required(issuer_settings: IssuerSettings) -> Iterator[TestClient[Litestar]]:
    """An issuer that requires wallet attestations, on the same data and CA."""
    settings = issuer_settings.model_copy(update={"wallet_attestation": "required"})
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as client:
        yield client


def _form(code: str, tx_code: str, **extra: str) -> dict[str, str]:
    return {
        "grant_type": PRE_AUTHORIZED_CODE_GRANT,
        "pre-authorized_code": code,
        "tx_code": tx_code,
        **extra,
    }


def _code(holder: TestHolder, offers: Offers) -> tuple[str, str]:
    offer = offers.create(["persoonsgegevens"])
    grant = holder.fetch_offer(offers.uri(offer)).pre_authorized_code_grant
    assert grant is not None
    return grant.pre_authorized_code, offer.tx_code


def _audit_rows(client: TestClient[Litestar]) -> list[dict[str, Any]]:
    with client.portal() as portal:
        rows: list[dict[str, Any]] = portal.call(
            AuditEntry.select().where(AuditEntry.action == "token.wallet_attested").run
        )
    return rows


def test_appendix_e_a_valid_wallet_attestation_gets_an_access_token(
    wallet: Wallet, holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    code, tx_code = _code(holder, offers)
    response = issuer_client.post("/token", data=_form(code, tx_code), headers=wallet.headers())
    assert response.status_code == 200, response.text
    (row,) = _audit_rows(issuer_client)
    assert row["actor"] == "wallet"
    assert row["subject"] == PROVIDER
    detail = row["detail"] if isinstance(row["detail"], dict) else json.loads(row["detail"])
    assert detail == {"wallet_provider": PROVIDER, "wallet_name": WALLET_NAME}
    assert wallet.instance.public.jwk["x"] not in json.dumps(row, default=str)  # no instance key


def test_abca_6_3_client_id_equal_to_the_attestations_sub_is_accepted(
    wallet: Wallet, holder: TestHolder, offers: Offers, required: TestClient[Litestar]
) -> None:
    code, tx_code = _code(holder, offers)
    form = _form(code, tx_code, client_id=PROVIDER)
    response = required.post("/token", data=form, headers=wallet.headers())
    assert response.status_code == 200, response.text


def test_optional_attestation_lets_a_wallet_without_one_in(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    code, tx_code = _code(holder, offers)
    assert issuer_client.post("/token", data=_form(code, tx_code)).status_code == 200
    assert _audit_rows(issuer_client) == []


Refusal = Callable[[Wallet, Provider], tuple[dict[str, str], dict[str, str]]]
STRANGER = PrivateKey.generate()
REFUSALS: dict[str, Refusal] = {
    "appendix_e_missing_when_required": lambda _w, _o: ({}, {}),
    "abca_6_2_pop_header_missing": lambda w, _o: (
        {},
        {"OAuth-Client-Attestation": w.provider.attestation(w.instance)},
    ),
    "abca_6_1_garbage_headers": lambda _w, _o: (
        {},
        {"OAuth-Client-Attestation": "x y", "OAuth-Client-Attestation-PoP": "z"},
    ),
    "abca_5_1_attestation_expired": lambda w, _o: (
        {},
        w.headers(attestation=w.provider.attestation(w.instance, ttl=-120)),
    ),
    "abca_9_step5_attestation_signature_by_another_key": lambda w, _o: (
        {},
        w.headers(attestation=Provider(STRANGER, w.provider.x5c).attestation(w.instance)),
    ),
    "abca_9_step5_chain_to_an_untrusted_ca": lambda w, o: (
        {},
        w.headers(attestation=o.attestation(w.instance)),
    ),
    "abca_9_step7_pop_signed_by_another_key": lambda w, _o: ({}, w.headers(key=STRANGER)),
    "abca_9_step9_pop_too_old": lambda w, _o: ({}, w.headers(issued_at=int(time.time()) - 3600)),
    "abca_9_step10_pop_for_another_issuer": lambda w, _o: (
        {},
        w.headers(audience="https://elders.example.nl"),
    ),
    "abca_6_3_client_id_is_not_the_sub": lambda w, _o: (
        {"client_id": "https://other.example"},
        w.headers(),
    ),
}
"""Name (the check) → the extra form fields and the headers of a request that is refused."""


@pytest.fixture
def other_provider(tmp_path: Path) -> Provider:
    """A wallet provider certified by a CA the issuer does not trust."""
    return provider_of(tmp_path / "other-ca")


@pytest.mark.parametrize("name", REFUSALS)
def test_a_refused_attestation_is_invalid_client_and_uses_up_nothing(
    name: str,
    wallet: Wallet,
    other_provider: Provider,
    required: TestClient[Litestar],
    offers: Offers,
) -> None:
    extra, headers = REFUSALS[name](wallet, other_provider)
    holder = TestHolder(required, PUBLIC_URL)
    code, tx_code = _code(holder, offers)
    response = required.post("/token", data=_form(code, tx_code, **extra), headers=headers)
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_client"
    again = required.post("/token", data=_form(code, tx_code), headers=wallet.headers())
    assert again.status_code == 200, again.text


def test_abca_12_1_a_pop_is_accepted_once(
    wallet: Wallet, holder: TestHolder, offers: Offers, required: TestClient[Litestar]
) -> None:
    headers = wallet.headers(jti="once")
    first, second = _code(holder, offers), _code(holder, offers)
    assert required.post("/token", data=_form(*first), headers=headers).status_code == 200
    replay = required.post("/token", data=_form(*second), headers=headers)
    assert replay.status_code == 401
    assert replay.json()["error"] == "invalid_client"
    assert "used before" in replay.json()["error_description"]


def test_the_issuer_advertises_what_it_requires(
    issuer_client: TestClient[Litestar],
    required: TestClient[Litestar],
    issuer_settings: IssuerSettings,
) -> None:
    optional = issuer_client.get("/.well-known/oauth-authorization-server").json()
    assert optional["token_endpoint_auth_methods_supported"] == ["attest_jwt_client_auth", "none"]
    assert optional["client_attestation_signing_alg_values_supported"] == ["ES256"]
    assert optional["client_attestation_pop_signing_alg_values_supported"] == ["ES256"]
    assert optional["pre-authorized_grant_anonymous_access_supported"] is True
    strict = required.get("/.well-known/oauth-authorization-server").json()
    assert strict["token_endpoint_auth_methods_supported"] == ["attest_jwt_client_auth"]
    assert strict["pre-authorized_grant_anonymous_access_supported"] is False
    off = issuer_settings.model_copy(update={"wallet_attestation": "off"})
    with TestClient(create_app(off), base_url=PUBLIC_URL) as client:
        silent = client.get("/.well-known/oauth-authorization-server").json()
    assert "token_endpoint_auth_methods_supported" not in silent
    assert silent["pre-authorized_grant_anonymous_access_supported"] is True


def test_off_ignores_the_headers(
    issuer_settings: IssuerSettings, holder: TestHolder, offers: Offers
) -> None:
    off = issuer_settings.model_copy(update={"wallet_attestation": "off"})
    code, tx_code = _code(holder, offers)
    garbage = {"OAuth-Client-Attestation": "x", "OAuth-Client-Attestation-PoP": "y"}
    with TestClient(create_app(off), base_url=PUBLIC_URL) as client:
        assert client.post("/token", data=_form(code, tx_code), headers=garbage).status_code == 200


def test_the_wallet_origin_may_send_the_attestation_headers(
    issuer_client: TestClient[Litestar],
) -> None:
    asked = {
        "Origin": "http://127.0.0.1:8003",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": (
            "content-type, oauth-client-attestation, oauth-client-attestation-pop"
        ),
    }
    response = issuer_client.options("/token", headers=asked)
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert {"oauth-client-attestation", "oauth-client-attestation-pop"} <= allowed
