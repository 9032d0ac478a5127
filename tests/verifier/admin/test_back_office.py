"""The officers' back office over HTTP: login, forms scoped to the officer's relying party,
audit rows and queued messages; no case table to browse around the scope."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.admin.back_office import add_officer, logged_in, submit_form
from tests.verifier.cases.world import NOW, VERIFIED_CLAIMS, verified_transaction
from verifier.cases.intake import open_case
from verifier.db.tables import AuditEntry, ResidentMessage

URL = "http://127.0.0.1:8002"
PARKING = (
    "vergunningen-boxtel",
    "parkeervergunning-bewoners",
    {"kenteken": "AB-123-C", "ingangsdatum": "2026-12-01"},
)
HOUSING = (
    "woonstichting-de-kempen",
    "inschrijven-woningzoekende",
    {"inkomensgroep": "tot € 30.000", "voorkeursgebied": "Liempde"},
)


@pytest.fixture
def client(standalone_verifier: TestClient[Litestar]) -> TestClient[Litestar]:
    return standalone_verifier


def _case(
    client: TestClient[Litestar],
    use_case: str,
    form: dict[str, str],
    verified_claims: dict[str, Any] = VERIFIED_CLAIMS,
) -> str:
    state = client.app.state["verifier"]

    async def run() -> str:
        transaction_id, _ = await verified_transaction(
            state, use_case, released=True, verified_claims=verified_claims
        )
        opened = await open_case(transaction_id, form, now=NOW, retention=timedelta(days=9))
        return opened.identification

    with client.portal() as portal:
        return portal.call(run)


@pytest.fixture
def cases(client: TestClient[Litestar]) -> dict[str, str]:
    parking = _case(client, PARKING[1], PARKING[2])
    housing = _case(client, HOUSING[1], HOUSING[2])
    add_officer(client, "piet-parkeren", PARKING[0])
    return {"parking": parking, "housing": housing}


def test_back_office_needs_login(client: TestClient[Litestar]) -> None:
    assert client.get("/admin/api/forms/").status_code == 401
    assert client.get("/admin", follow_redirects=False).status_code == 308


def test_officer_views_own_case_with_provenance(
    client: TestClient[Litestar], cases: dict[str, str]
) -> None:
    headers = logged_in(client, "piet-parkeren")
    assert client.get("/admin/api/tables/").json() == []  # no table to browse past the scope
    answer = submit_form(client, headers, "Zaak bekijken", {"identification": cases["parking"]})
    assert answer.status_code == 200, answer.text
    text = answer.json()["custom_form_success"]
    assert "Jansen" in text
    assert "http://127.0.0.1:8001" in text
    assert "kenteken: AB-123-C" in text


def test_officer_reads_a_boolean_claim_as_the_intake_shows_it(
    client: TestClient[Litestar],
) -> None:
    """age_over_18 reads "ja / yes", as on the resident's intake form, not Python's "True"."""
    persoon = VERIFIED_CLAIMS["persoon"]
    claims = {**VERIFIED_CLAIMS, "persoon": {**persoon, "claims": {"age_over_18": True}}}
    housing = _case(client, HOUSING[1], HOUSING[2], claims)
    add_officer(client, "wim-wonen", HOUSING[0])
    headers = logged_in(client, "wim-wonen")
    answer = submit_form(client, headers, "Zaak bekijken", {"identification": housing})
    assert answer.status_code == 200, answer.text
    text = answer.json()["custom_form_success"]
    assert "age_over_18: ja / yes (" in text
    assert "True" not in text


def test_officer_cannot_read_or_change_another_partys_case(
    client: TestClient[Litestar], cases: dict[str, str]
) -> None:
    headers = logged_in(client, "piet-parkeren")
    for form, data in (
        ("Zaak bekijken", {"identification": cases["housing"]}),
        ("ZGW-export", {"identification": cases["housing"]}),
        ("Bewijs opnieuw", {"identification": cases["housing"]}),
        ("Status wijzigen", {"identification": cases["housing"], "status": "in_behandeling"}),
    ):
        answer = submit_form(client, headers, form, data)
        assert answer.status_code >= 400, answer.text
        assert "Jansen" not in answer.text
        assert "appartement" not in answer.text
    listed = submit_form(client, headers, "Mijn zaken", {})
    assert cases["parking"] in listed.text
    assert cases["housing"] not in listed.text
    with client.portal() as portal:
        messages = portal.call(ResidentMessage.count().run)
    assert messages == 2  # only the two 'ontvangen' messages


def test_status_change_is_audited_and_queues_a_message(
    client: TestClient[Litestar], cases: dict[str, str]
) -> None:
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(
        client,
        headers,
        "Status wijzigen",
        {"identification": cases["parking"], "status": "besloten", "result": "toegekend"},
    )
    assert answer.status_code == 200, answer.text
    with client.portal() as portal:
        audit = portal.call(
            AuditEntry.select(AuditEntry.actor, AuditEntry.subject)
            .where(AuditEntry.action == "case.status_changed")
            .run
        )
        messages = portal.call(
            ResidentMessage.select(ResidentMessage.text_en).order_by(ResidentMessage.id).run
        )
    assert audit == [{"actor": "piet-parkeren", "subject": cases["parking"]}]
    assert "toegekend" in messages[-1]["text_en"]


def test_reverify_reports_on_the_evidence(
    client: TestClient[Litestar], cases: dict[str, str]
) -> None:
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(client, headers, "Bewijs opnieuw", {"identification": cases["parking"]})
    assert answer.status_code == 200, answer.text
    assert "not valid" in answer.text  # the stand-in evidence is no real presentation
    with client.portal() as portal:
        audit = portal.call(
            AuditEntry.select(AuditEntry.detail)
            .where(AuditEntry.action == "case.reverified")
            .output(load_json=True)
            .run
        )
    assert audit[0]["detail"]["ok"] is False


def test_zgw_export_of_own_case(client: TestClient[Litestar], cases: dict[str, str]) -> None:
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(client, headers, "ZGW-export", {"identification": cases["parking"]})
    assert answer.status_code == 200, answer.text
    document = json.loads(answer.json()["custom_form_success"])
    assert document["zaak"]["identificatie"] == cases["parking"]
    assert document["rollen"][0]["betrokkeneType"] == "natuurlijk_persoon"
    properties = {p["naam"]: p["waarde"] for p in document["zaakeigenschappen"]}
    assert properties == {"kenteken": "AB-123-C", "ingangsdatum": "2026-12-01"}
