"""The officers' back office audits what the forms refuse and who comes and goes: an attempt
to reach another relying party's case (``case.access_refused``, answered exactly as a case
that does not exist), logins, failed logins and logouts."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from tests.verifier.admin import test_back_office as back_office
from tests.verifier.admin.back_office import PASSWORD, add_officer, logged_in, login, submit_form
from verifier.db.tables import AuditEntry

client = back_office.client
cases = back_office.cases

NO_SUCH_CASE = "ZAAK-2026-999999"
FORMS = {
    "Zaak bekijken": ("view", {}),
    "ZGW-export": ("zgw_export", {}),
    "Bewijs opnieuw": ("reverify", {}),
    "Status wijzigen": ("status", {"status": "in_behandeling"}),
}


def audit_rows(client: TestClient[Litestar], table: Any, *actions: str) -> list[dict[str, Any]]:
    """Who did which of ``actions`` to what, in order, from a service's audit ``table``."""
    with client.portal() as portal:
        rows: list[dict[str, Any]] = portal.call(
            table.select(table.actor, table.action, table.subject, table.detail)
            .where(table.action.is_in(list(actions)))
            .order_by(table.id)
            .output(load_json=True)
            .run
        )
    return rows


def staff_row(actor: str, action: str, **detail: Any) -> dict[str, Any]:
    """An audit row of a login, failed login or logout (no subject)."""
    return {"actor": actor, "action": action, "subject": None, "detail": detail}


def _audit(client: TestClient[Litestar], *actions: str) -> list[dict[str, Any]]:
    return audit_rows(client, AuditEntry, *actions)


def test_reaching_for_another_partys_case_is_audited_and_answered_as_no_case(
    client: TestClient[Litestar], cases: dict[str, str]
) -> None:
    headers = logged_in(client, "piet-parkeren")
    expected = []
    for form, (name, extra) in FORMS.items():
        answers = [
            submit_form(client, headers, form, {"identification": case, **extra})
            for case in (cases["housing"], NO_SUCH_CASE)
        ]
        other, missing = answers
        assert other.status_code == missing.status_code >= 400
        assert other.text == missing.text  # the officer cannot tell the two apart
        expected += [
            {
                "actor": "piet-parkeren",
                "action": "case.access_refused",
                "subject": case,
                "detail": {"form": name},
            }
            for case in (cases["housing"], NO_SUCH_CASE)
        ]
    assert _audit(client, "case.access_refused") == expected
    own = submit_form(client, headers, "Zaak bekijken", {"identification": cases["parking"]})
    assert own.status_code == 200
    assert len(_audit(client, "case.access_refused")) == len(expected)


def test_logins_failed_logins_and_logouts_are_audited(client: TestClient[Litestar]) -> None:
    add_officer(client, "piet-parkeren", "vergunningen-boxtel")
    wrong, _ = login(client, "piet-parkeren", "niet-het-wachtwoord")
    assert wrong.status_code == 401
    typo, _ = login(client, "Geheim-wachtwoord-123", PASSWORD)  # a password in the wrong field
    assert typo.status_code == 401
    headers = logged_in(client, "piet-parkeren")
    assert client.post("/admin/public/logout/", headers=headers).status_code == 200
    rows = _audit(client, "staff.login", "staff.login_failed", "staff.logout")
    assert rows == [
        staff_row("piet-parkeren", "staff.login_failed", status=401, known_username=True),
        staff_row("-", "staff.login_failed", status=401, known_username=False),
        staff_row("piet-parkeren", "staff.login"),
        staff_row("piet-parkeren", "staff.logout"),
    ]
    assert "Geheim" not in str(_audit(client, *{row["action"] for row in rows}))


def test_use_case_reads_and_refused_attempts_are_audited(client: TestClient[Litestar]) -> None:
    """Every back-office action leaves a row: listing and viewing use cases, reaching for
    another party's use case (answered as one that does not exist) and an edit the checks
    refuse (nothing of it written; the row says why)."""
    parking, housing = "parkeervergunning-bewoners", "inschrijven-woningzoekende"
    add_officer(client, "piet-parkeren", "vergunningen-boxtel")
    headers = logged_in(client, "piet-parkeren")
    assert submit_form(client, headers, "Gebruiksdoelen", {}).status_code == 200
    assert submit_form(client, headers, "Gebruiksdoel bekijken", {"slug": parking}).is_success
    for form in ("Gebruiksdoel bekijken", "Gebruiksdoel wijzigen"):
        other, missing = (
            submit_form(client, headers, form, {"slug": slug}) for slug in (housing, "bestaat-niet")
        )
        assert other.status_code == missing.status_code == 422
        assert other.text.replace(housing, "x") == missing.text.replace("bestaat-niet", "x")
    refused = submit_form(
        client, headers, "Gebruiksdoel wijzigen", {"slug": parking, "case_type": "   "}
    )
    assert refused.status_code == 422
    rows = _audit(
        client,
        "use_case.listed",
        "use_case.viewed",
        "use_case.access_refused",
        "use_case.edit_refused",
    )
    actor = "piet-parkeren"
    assert rows == [
        {"actor": actor, "action": "use_case.listed", "subject": None, "detail": {}},
        {"actor": actor, "action": "use_case.viewed", "subject": parking, "detail": {}},
        *(
            {
                "actor": actor,
                "action": "use_case.access_refused",
                "subject": slug,
                "detail": {"form": form},
            }
            for form in ("view", "edit")
            for slug in (housing, "bestaat-niet")
        ),
        {
            "actor": actor,
            "action": "use_case.edit_refused",
            "subject": parking,
            "detail": {"reason": "Please fill in the case type."},
        },
    ]


def test_a_refused_status_change_is_audited(
    client: TestClient[Litestar], cases: dict[str, str]
) -> None:
    headers = logged_in(client, "piet-parkeren")
    decided_without_outcome = {"identification": cases["parking"], "status": "besloten"}
    refused = submit_form(client, headers, "Status wijzigen", decided_without_outcome)
    assert refused.status_code == 422
    assert _audit(client, "case.status_refused") == [
        {
            "actor": "piet-parkeren",
            "action": "case.status_refused",
            "subject": cases["parking"],
            "detail": {"status": "besloten", "reason": "Please enter the outcome."},
        }
    ]
