"""OpenID4VCI §6: the token endpoint's errors, and that nothing is consumed by a failure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.settings import IssuerSettings
from standards.oid4vci import PRE_AUTHORIZED_CODE_GRANT
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder


def _form(code: str, **extra: str) -> dict[str, str]:
    return {"grant_type": PRE_AUTHORIZED_CODE_GRANT, "pre-authorized_code": code, **extra}


def _code(holder: TestHolder, offers: Offers) -> tuple[str, str]:
    offer = offers.create(["persoonsgegevens"])
    document = holder.fetch_offer(offers.uri(offer))
    grant = document.pre_authorized_code_grant
    assert grant is not None
    return grant.pre_authorized_code, offer.tx_code


def test_token_response_is_not_cached(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    code, tx_code = _code(holder, offers)
    response = issuer_client.post("/token", data=_form(code, tx_code=tx_code))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] > 0


@pytest.mark.parametrize(
    ("name", "form", "status", "error"),
    [
        (
            "oid4vci_6_1_wrong_grant_type",
            {"grant_type": "authorization_code", "code": "x"},
            400,
            "unsupported_grant_type",
        ),
        ("oid4vci_6_1_no_grant_type", {"pre-authorized_code": "x"}, 400, "invalid_request"),
        ("oid4vci_6_1_no_code", {"grant_type": PRE_AUTHORIZED_CODE_GRANT}, 400, "invalid_request"),
        ("oid4vci_6_3_unknown_code", _form("not-a-code", tx_code="123456"), 400, "invalid_grant"),
    ],
)
def test_token_request_errors(
    issuer_client: TestClient[Litestar], name: str, form: dict[str, str], status: int, error: str
) -> None:
    response = issuer_client.post("/token", data=form)
    assert response.status_code == status, name
    assert response.json()["error"] == error
    assert response.headers["cache-control"] == "no-store"


ALLOWED_DESCRIPTION = re.compile(r"[\x20-\x21\x23-\x5B\x5D-\x7E]*")
"""RFC 6749 §5.2 (OpenID4VCI §6.3): what an ``error_description`` may hold."""


@pytest.mark.parametrize(
    ("name", "body", "error"),
    [
        ("rfc6749_5_2_grant_type_not_echoed", "grant_type=%C3%A9%22%5Cx", "unsupported_grant_type"),
        ("rfc6749_5_2_grant_type_bad_percent_utf8", "grant_type=%FF%FE", "unsupported_grant_type"),
        ("rfc6749_4_1_3_form_not_utf8", b'grant_type=\xe9"\\x', "invalid_request"),
    ],
)
def test_error_description_holds_only_allowed_characters(
    issuer_client: TestClient[Litestar], name: str, body: str | bytes, error: str
) -> None:
    response = issuer_client.post(
        "/token", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 400, name
    assert response.json()["error"] == error
    description = response.json()["error_description"]
    assert ALLOWED_DESCRIPTION.fullmatch(description), description
    assert "?" not in description, description  # nothing replaced: the value is not echoed


def test_missing_tx_code_is_invalid_request_and_consumes_nothing(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    code, tx_code = _code(holder, offers)
    response = issuer_client.post("/token", data=_form(code))
    assert response.json()["error"] == "invalid_request"
    assert issuer_client.post("/token", data=_form(code, tx_code=tx_code)).status_code == 200


def test_wrong_tx_code_is_counted_then_locks_the_offer(
    holder: TestHolder,
    offers: Offers,
    issuer_client: TestClient[Litestar],
    issuer_settings: IssuerSettings,
) -> None:
    code, tx_code = _code(holder, offers)
    wrong = "1" * len(tx_code) if tx_code != "1" * len(tx_code) else "2" * len(tx_code)
    for _ in range(issuer_settings.tx_code_max_attempts - 1):
        response = issuer_client.post("/token", data=_form(code, tx_code=wrong))
        assert response.json()["error"] == "invalid_grant"
    # One attempt left: the right code still works here, so a typo costs nothing...
    # ...but we spend it on one more wrong try: the offer locks, and the right code is refused.
    issuer_client.post("/token", data=_form(code, tx_code=wrong))
    locked = issuer_client.post("/token", data=_form(code, tx_code=tx_code))
    assert locked.status_code == 400
    assert locked.json()["error"] == "invalid_grant"
    assert "locked" in locked.json()["error_description"]


def test_a_wrong_tx_code_does_not_use_up_the_offer(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    code, tx_code = _code(holder, offers)
    wrong = "0" * len(tx_code) if tx_code != "0" * len(tx_code) else "9" * len(tx_code)
    assert issuer_client.post("/token", data=_form(code, tx_code=wrong)).status_code == 400
    assert issuer_client.post("/token", data=_form(code, tx_code=tx_code)).status_code == 200


def test_pre_authorized_code_is_single_use(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> None:
    offer = offers.create(["persoonsgegevens"])
    offer_path = offers.uri(offer).removeprefix(holder.issuer)
    assert issuer_client.get(offer_path).status_code == 200
    grant = holder.fetch_offer(offers.uri(offer)).pre_authorized_code_grant
    assert grant is not None
    form = _form(grant.pre_authorized_code, tx_code=offer.tx_code)
    assert issuer_client.post("/token", data=form).status_code == 200
    again = issuer_client.post("/token", data=form)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    # The offer document is gone once redeemed (§4.1: single use).
    assert issuer_client.get(offer_path).status_code == 404


def test_expired_offer_is_refused(
    holder: TestHolder,
    offers: Offers,
    issuer_client: TestClient[Litestar],
    issuer_state: object,
    issuer_settings: IssuerSettings,
) -> None:
    code, tx_code = _code(holder, offers)
    state = issuer_state
    real_clock = state.issuance.clock  # type: ignore[attr-defined]
    later = real_clock() + timedelta(seconds=issuer_settings.offer_ttl_seconds + 1)
    state.issuance.clock = lambda: later  # type: ignore[attr-defined]
    response = issuer_client.post("/token", data=_form(code, tx_code=tx_code))
    assert response.json()["error"] == "invalid_grant"
