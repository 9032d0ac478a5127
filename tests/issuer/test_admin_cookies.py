"""The issuer's and the verifier's back offices on one host (as ``make demo`` runs them, on
127.0.0.1 with two ports) keep their staff logged in side by side: a browser sends every
cookie of a host to each of its ports (RFC 6265 §8.5), so each back office has a session
cookie of its own name, scoped to ``/admin/``, that is none of the resident pages' either."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.admin import SESSION_COOKIE as ISSUER_ADMIN_SESSION
from issuer.web.session import CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE
from tests.issuer.test_admin_status_list import staff_login
from tests.verifier.admin.back_office import add_officer, logged_in
from verifier.admin import SESSION_COOKIE as VERIFIER_ADMIN_SESSION
from verifier.app import create_app as create_verifier
from verifier.settings import VerifierSettings

VERIFIER_URL = "http://127.0.0.1:8002"


@pytest.fixture
def verifier_client(tmp_path: Path) -> Iterator[TestClient[Litestar]]:
    settings = VerifierSettings(
        public_url=VERIFIER_URL, data_dir=tmp_path / "verifier", ca_dir=tmp_path / "ca"
    )
    with TestClient(create_verifier(settings), base_url=VERIFIER_URL) as client:
        yield client


@pytest.fixture
def browser(
    issuer_client: TestClient[Litestar], verifier_client: TestClient[Litestar]
) -> tuple[TestClient[Litestar], TestClient[Litestar]]:
    """Both services seen from one browser: one cookie jar for the host 127.0.0.1."""
    verifier_client.cookies.jar = issuer_client.cookies.jar
    return issuer_client, verifier_client


def _cookie_names(client: TestClient[Litestar]) -> dict[str, str]:
    return {cookie.name: cookie.path for cookie in client.cookies.jar}


def test_both_back_offices_stay_logged_in_in_one_browser(
    browser: tuple[TestClient[Litestar], TestClient[Litestar]],
) -> None:
    issuer, verifier = browser
    issuer_headers = staff_login(issuer)
    assert issuer.get("/admin/api/tables/").status_code == 200
    add_officer(verifier, "piet-parkeren", "vergunningen-boxtel")
    verifier_headers = logged_in(verifier, "piet-parkeren")
    assert verifier.get("/admin/api/forms/").status_code == 200
    assert issuer.get("/admin/api/tables/").status_code == 200  # still logged in
    assert issuer.get("/admin/api/user/").json()["username"] == "sam"
    assert verifier.get("/admin/api/user/").json()["username"] == "piet-parkeren"
    cookies = _cookie_names(issuer)
    assert cookies[ISSUER_ADMIN_SESSION] == "/admin/"
    assert cookies[VERIFIER_ADMIN_SESSION] == "/admin/"
    assert "id" not in cookies
    # Logging out of one leaves the other logged in.
    assert issuer.post("/admin/public/logout/", headers=issuer_headers).status_code == 200
    assert issuer.get("/admin/api/tables/").status_code == 401
    assert verifier.get("/admin/api/forms/").status_code == 200
    assert verifier.post("/admin/public/logout/", headers=verifier_headers).status_code == 200
    assert verifier.get("/admin/api/forms/").status_code == 401


def test_the_back_office_cookie_is_none_of_the_resident_pages(
    issuer_client: TestClient[Litestar],
) -> None:
    """A resident page and the back office in one browser: each keeps its own cookies."""
    issuer_client.get("/?lang=en")
    staff_login(issuer_client)
    cookies = _cookie_names(issuer_client)
    assert cookies[ISSUER_ADMIN_SESSION] == "/admin/"
    assert {CSRF_COOKIE, LANG_COOKIE} <= set(cookies)
    assert ISSUER_ADMIN_SESSION not in {SESSION_COOKIE, CSRF_COOKIE, LANG_COOKIE, "csrftoken"}
    assert issuer_client.get("/?lang=nl").status_code == 200
    assert issuer_client.get("/admin/api/tables/").status_code == 200


def test_a_cookie_named_id_is_no_session(issuer_client: TestClient[Litestar]) -> None:
    """A cookie ``id`` (piccolo-admin's own name, perhaps another app's on this host) never
    reaches the back office, and does not hide the staff's own session either."""
    staff_login(issuer_client)
    token = issuer_client.cookies.get(ISSUER_ADMIN_SESSION)
    assert token
    issuer_client.cookies.set("id", "someone-elses", domain="127.0.0.1", path="/")
    assert issuer_client.get("/admin/api/tables/").status_code == 200
    issuer_client.cookies.delete(ISSUER_ADMIN_SESSION)
    issuer_client.cookies.set("id", token, domain="127.0.0.1", path="/")
    assert issuer_client.get("/admin/api/tables/").status_code == 401
