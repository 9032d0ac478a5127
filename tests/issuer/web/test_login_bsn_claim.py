"""Production login (``ISSUER_LOGIN=oidc``) takes the BSN from the claim
``ISSUER_OIDC_BSN_CLAIM`` names (brokers name it differently), through the issuer's routes to a
provider outside it; an ID token without that claim logs no one in, and says so."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.app import create_app
from issuer.login.testidp import RegisteredClient, TestProvider
from issuer.login.testpersons import TestPerson
from issuer.settings import IssuerSettings
from standards.jose import PrivateKey
from tests.issuer.login.conftest import Provider
from tests.issuer.web.browser import PUBLIC_URL, Browser, Clock

BROKER = "https://broker.example/test-idp"
CLIENT_ID = "gemeente-boxtel"
SECRET = "broker-client-secret"
PIETER = TestPerson("999990962", "Pieter Hendriks", "", "")
JAN = TestPerson("999993653", "Jan Willem van der Berg", "", "")


def _issuer(
    tmp_path: Path, *, sends: str, configured: str | None
) -> Iterator[tuple[Browser, Provider]]:
    """The issuer with a provider (the broker) that puts the BSN in the claim ``sends``;
    ``configured`` is ISSUER_OIDC_BSN_CLAIM (``None``: left at its default)."""
    clock = Clock()
    broker = Provider(
        TestProvider(
            issuer=BROKER,
            key=PrivateKey.generate(),
            secret=b"b" * 32,
            clients=[RegisteredClient(CLIENT_ID, (f"{PUBLIC_URL}/login/callback",), SECRET)],
            persons=(JAN, PIETER),
            used_codes=tmp_path / "broker-used-codes",
            bsn_claim=sends,
            clock=lambda: clock().timestamp(),
        )
    )
    settings = IssuerSettings(
        public_url=PUBLIC_URL,
        data_dir=tmp_path / "issuer",
        ca_dir=tmp_path / "ca",
        status_list_size=4096,
        login="oidc",
        oidc_issuer=BROKER,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=SECRET,
    )
    if configured is not None:
        settings = settings.model_copy(update={"oidc_bsn_claim": configured})
    http = httpx.AsyncClient(transport=httpx.MockTransport(broker.handle))
    app: Litestar = create_app(settings, clock=clock, login_http=http)
    with TestClient(app, base_url=PUBLIC_URL) as client:
        yield Browser(client), broker


def _log_in(browser: Browser, broker: Provider, person: TestPerson) -> httpx.Response:
    """``/login`` → the broker (the person logs in there) → the callback; its answer."""
    start = browser.get("/login")
    assert start.status_code == 303, start.text
    assert start.headers["location"].startswith(f"{BROKER}/authorize?")
    params = broker.authorize(start.headers["location"], person.bsn)
    return browser.get(f"/login/callback?{urlencode(params)}")


@pytest.fixture
def issuer(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Browser, Provider]]:
    """``request.param``: the claim the broker sends, and the one configured (or ``None``).
    Started before the test runs, so that its logging is set up before pytest captures it."""
    sends, configured = request.param
    yield from _issuer(tmp_path, sends=sends, configured=configured)


@pytest.mark.parametrize("issuer", [("brp_bsn", "brp_bsn")], indirect=True)
def test_the_configured_claim_logs_in_the_person_it_names(
    issuer: tuple[Browser, Provider],
) -> None:
    browser, broker = issuer
    page = browser.follow(_log_in(browser, broker, PIETER))
    assert page.status_code == 200
    assert "U bent ingelogd als Pieter Hendriks" in page.text
    assert broker.requests.count("/test-idp/token") == 1


@pytest.mark.parametrize(
    ("issuer", "missing"),
    [(("brp_bsn", None), "bsn"), (("bsn", "brp_bsn"), "brp_bsn")],
    ids=["default_claim_absent", "configured_claim_absent"],
    indirect=["issuer"],
)
def test_an_id_token_without_the_claim_logs_no_one_in(
    issuer: tuple[Browser, Provider], caplog: pytest.LogCaptureFixture, missing: str
) -> None:
    browser, broker = issuer
    with caplog.at_level(logging.INFO, logger="issuer.web.login"):
        refused = _log_in(browser, broker, PIETER)
    assert refused.status_code == 400
    assert refused.headers["content-type"].startswith("text/html")
    assert "Inloggen is niet gelukt" in refused.text
    assert "Pieter" not in refused.text
    # The log says which claim was missing, for whoever set up the broker.
    [record] = [r for r in caplog.records if r.name == "issuer.web.login"]
    assert f"bsn_missing (the ID token has no {missing!r} claim)" in record.getMessage()
    # Not logged in: the credentials page is not for this browser.
    assert browser.get("/credentials").status_code == 401
