"""Officers edit their relying party's use cases in the back office: checked as a whole (the
DCQL query within the registration, the form fields well formed), audited, scoped to their
party in the data layer, and used by the next transaction."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.credentials.catalogue import PERSOON_VCT, WOONADRES_VCT
from standards.dcql import DCQLQuery
from tests.verifier.admin.back_office import add_officer, logged_in, submit_form
from verifier.db.tables import AuditEntry, PresentationTransaction, RelyingParty, UseCase
from verifier.relying_parties.use_cases import (
    UseCaseChanges,
    UseCaseNotFound,
    edit_use_case,
    use_case_for_officer,
)

PARKING = "parkeervergunning-bewoners"
HOUSING = "inschrijven-woningzoekende"
EDIT = "Gebruiksdoel wijzigen"
NARROWER = {
    "credentials": [
        {
            "id": "adres",
            "format": "dc+sd-jwt",
            "meta": {"vct_values": [WOONADRES_VCT]},
            "claims": [{"path": ["postal_code"]}, {"path": ["house_number"]}],
        }
    ]
}
BINDING_WAIVED = {
    "credentials": [{**NARROWER["credentials"][0], "require_cryptographic_holder_binding": False}]
}
"""Within the registration, but without Key Binding (HAIP 1.0 §6.1.1.1): refused."""
OVER_ASKING = {
    "credentials": [
        {
            "id": "persoon",
            "format": "dc+sd-jwt",
            "meta": {"vct_values": [PERSOON_VCT]},
            "claims": [{"path": ["family_name"]}, {"path": ["birthdate"]}],
        }
    ]
}


@pytest.fixture
def client(standalone_verifier: TestClient[Litestar]) -> TestClient[Litestar]:
    add_officer(standalone_verifier, "piet-parkeren", "vergunningen-boxtel")
    add_officer(standalone_verifier, "wim-wonen", "woonstichting-de-kempen")
    return standalone_verifier


def _stored(client: TestClient[Litestar], slug: str) -> dict[str, Any]:
    with client.portal() as portal:
        row = portal.call(
            UseCase.select().where(UseCase.slug == slug).output(load_json=True).first().run
        )
    assert row is not None
    return dict(row)


def _audit(client: TestClient[Litestar], action: str = "use_case.edited") -> list[dict[str, Any]]:
    with client.portal() as portal:
        rows = portal.call(
            AuditEntry.select(AuditEntry.actor, AuditEntry.subject, AuditEntry.detail)
            .where(AuditEntry.action == action)
            .output(load_json=True)
            .run
        )
    return list(rows)


def _request_object_query(client: TestClient[Litestar], slug: str) -> Any:
    """Start a transaction on the RP page and read the ``dcql_query`` of its request object."""
    page = client.get(f"/verify/{slug}")
    assert page.status_code == 200, page.text
    found = re.search(r'data-status-url="/verify/([^/]+)/status"', page.text)
    assert found
    with client.portal() as portal:
        row = portal.call(
            PresentationTransaction.select(PresentationTransaction.request_uri_id)
            .where(PresentationTransaction.transaction_id == found.group(1))
            .first()
            .run
        )
    assert row is not None
    token = client.get(f"/oid4vp/request/{row['request_uri_id']}")
    assert token.status_code == 200, token.text
    payload = token.text.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["dcql_query"]


def test_edit_is_saved_audited_and_used_by_the_next_transaction(
    client: TestClient[Litestar],
) -> None:
    before = _stored(client, PARKING)
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(
        client,
        headers,
        EDIT,
        {
            "slug": PARKING,
            "title_en": "  Parking permit for residents  ",
            "dcql_query": json.dumps(NARROWER),
            "form_fields": "",  # empty: kept
        },
    )
    assert answer.status_code == 200, answer.text
    assert "Opgeslagen / saved" in answer.json()["custom_form_success"]
    after = _stored(client, PARKING)
    assert after["title_en"] == "Parking permit for residents"
    assert after["dcql_query"] == NARROWER
    assert after["form_fields"] == before["form_fields"]
    assert after["title_nl"] == before["title_nl"]
    [audit] = _audit(client)
    assert audit["actor"] == "piet-parkeren"
    assert audit["subject"] == PARKING
    assert audit["detail"]["changed"] == ["dcql_query", "title_en"]
    assert audit["detail"]["before"]["dcql_query"] == before["dcql_query"]
    asked = _request_object_query(client, PARKING)
    assert DCQLQuery.parse(asked) == DCQLQuery.parse(NARROWER)
    assert [c["id"] for c in asked["credentials"]] == ["adres"]


def test_view_and_list_show_only_the_officers_own_use_cases(client: TestClient[Litestar]) -> None:
    headers = logged_in(client, "piet-parkeren")
    listed = submit_form(client, headers, "Gebruiksdoelen", {})
    assert listed.status_code == 200, listed.text
    assert PARKING in listed.text
    assert HOUSING not in listed.text
    viewed = submit_form(client, headers, "Gebruiksdoel bekijken", {"slug": PARKING})
    assert viewed.status_code == 200, viewed.text
    assert '"kenteken"' in viewed.json()["custom_form_success"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dcql_query": json.dumps(OVER_ASKING)}, "beyond the registration|more than the"),
        ({"dcql_query": json.dumps(BINDING_WAIVED)}, "resident's own device"),
        ({"dcql_query": '{"credentials": ['}, "not valid JSON"),
        ({"dcql_query": '{"credentials": []}'}, "DCQL query is not valid"),
        ({"form_fields": "[{"}, "not valid JSON"),
        (
            {
                "form_fields": json.dumps(
                    [{"name": "kleur", "label_nl": "Kleur", "label_en": "Colour", "kind": "colour"}]
                )
            },
            "kind 'colour' is unknown",
        ),
        (
            {
                "form_fields": json.dumps(
                    [
                        {"name": "a", "label_nl": "A", "label_en": "A", "kind": "text"},
                        {"name": "a", "label_nl": "B", "label_en": "B", "kind": "date"},
                    ]
                )
            },
            "appears more than once",
        ),
        (
            {
                "form_fields": json.dumps(
                    [{"name": "wijk", "label_nl": "Wijk", "label_en": "Area", "kind": "select"}]
                )
            },
            "select without options",
        ),
        (
            {
                "form_fields": json.dumps(
                    [
                        {
                            "name": "kenteken",
                            "label_nl": "K",
                            "label_en": "P",
                            "kind": "text",
                            "pattern": "(",
                        }
                    ]
                )
            },
            "'kenteken': the pattern is not a valid regular expression",
        ),
        (
            {
                "form_fields": json.dumps(
                    [
                        {
                            "name": "kenteken",
                            "label_nl": "K",
                            "label_en": "P",
                            "kind": "text",
                            "pattern": "([A-Z0-9]|[A-Z0-9]{2})+",
                        }
                    ]
                )
            },
            "'kenteken': the pattern is too slow",
        ),
        ({"form_fields": json.dumps({"name": "a"})}, "JSON list of objects"),
        ({"case_type": "   "}, "fill in the case type"),
    ],
)
def test_an_invalid_edit_is_refused_and_nothing_is_written(
    client: TestClient[Litestar], data: dict[str, str], message: str
) -> None:
    before = _stored(client, PARKING)
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(client, headers, EDIT, {"slug": PARKING, "title_nl": "Nieuw", **data})
    assert answer.status_code == 422, answer.text
    error = answer.json()["custom_form_error"]
    assert re.search(message, error), error
    assert " / " in error  # Dutch and English
    assert _stored(client, PARKING) == before
    assert _audit(client) == []


def test_over_asking_is_refused_with_a_dutch_and_english_reason(
    client: TestClient[Litestar],
) -> None:
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(
        client, headers, EDIT, {"slug": PARKING, "dcql_query": json.dumps(OVER_ASKING)}
    )
    error = answer.json()["custom_form_error"]
    assert "vraagt meer dan de registratie" in error
    assert "asks for more than the organisation's registration allows" in error


def test_an_officer_of_another_party_can_neither_read_nor_edit(
    client: TestClient[Litestar],
) -> None:
    before = _stored(client, HOUSING)
    headers = logged_in(client, "piet-parkeren")
    for form, data in (
        ("Gebruiksdoel bekijken", {"slug": HOUSING}),
        (EDIT, {"slug": HOUSING, "title_nl": "Overgenomen", "active": False}),
    ):
        answer = submit_form(client, headers, form, data)
        assert answer.status_code == 422, answer.text
        assert "may not manage it" in answer.text
        assert "inkomensgroep" not in answer.text
    assert _stored(client, HOUSING) == before
    assert _audit(client) == []


def test_the_scope_holds_in_the_data_layer(client: TestClient[Litestar]) -> None:
    state = client.app.state["verifier"]
    with client.portal() as portal:
        housing = portal.call(_party_id, "woonstichting-de-kempen")
        for call in (
            lambda: use_case_for_officer(PARKING, [housing]),
            lambda: use_case_for_officer(PARKING, []),
            lambda: edit_use_case(
                PARKING,
                UseCaseChanges(active=False),
                actor="wim-wonen",
                relying_parties=[housing],
                now=state.clock(),
            ),
        ):
            with pytest.raises(UseCaseNotFound):
                portal.call(call)
    assert _stored(client, PARKING)["active"] is True


async def _party_id(slug: str) -> int:
    row = await RelyingParty.select(RelyingParty.id).where(RelyingParty.slug == slug).first()
    assert row is not None
    return int(row["id"])


def test_an_inactive_use_case_starts_no_transaction(client: TestClient[Litestar]) -> None:
    headers = logged_in(client, "wim-wonen")
    answer = submit_form(client, headers, EDIT, {"slug": HOUSING, "active": False})
    assert answer.status_code == 200, answer.text
    assert "niet actief / inactive" in answer.text
    for lang, text in (("nl", "bestaat niet (meer)"), ("en", "does not exist (any more)")):
        page = client.get(f"/verify/{HOUSING}?lang={lang}")
        assert page.status_code == 404
        assert text in page.text
    same_device = client.post(f"/verify/{HOUSING}/same-device", follow_redirects=False)
    assert same_device.status_code == 404
    with client.portal() as portal:
        assert portal.call(PresentationTransaction.count().run) == 0
    assert submit_form(client, headers, EDIT, {"slug": HOUSING, "active": True}).status_code == 200
    assert client.get(f"/verify/{HOUSING}").status_code == 200


@pytest.mark.parametrize(
    "purpose_id",
    [
        "woningtoewijzing",  # another party's registered purpose
        "reclame",  # nobody's
    ],
)
def test_oid4vp_15_3_a_purpose_outside_the_registration_is_refused(
    client: TestClient[Litestar], purpose_id: str
) -> None:
    before = _stored(client, PARKING)
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(
        client, headers, EDIT, {"slug": PARKING, "title_nl": "Nieuw", "purpose_id": purpose_id}
    )
    assert answer.status_code == 422, answer.text
    error = answer.json()["custom_form_error"]
    assert f"Het doel '{purpose_id}' staat niet in de registratie van de organisatie" in error
    assert f"The purpose '{purpose_id}' is not in the organisation's registration" in error
    assert "parkeervergunning" in error  # what may be chosen
    assert _stored(client, PARKING) == before
    assert _audit(client) == []
    [refused] = _audit(client, "use_case.edit_refused")
    assert (refused["actor"], refused["subject"]) == ("piet-parkeren", PARKING)
    assert "is not in the organisation's registration" in refused["detail"]["reason"]


def test_oid4vp_15_3_a_use_case_without_a_purpose_must_be_given_one(
    client: TestClient[Litestar],
) -> None:
    """A use case that lost its purpose (SQL by hand) cannot be saved without choosing one."""
    with client.portal() as portal:
        portal.call(UseCase.update({UseCase.purpose_id: None}).where(UseCase.slug == PARKING).run)
    headers = logged_in(client, "piet-parkeren")
    answer = submit_form(client, headers, EDIT, {"slug": PARKING, "title_nl": "Nieuw"})
    assert answer.status_code == 422, answer.text
    error = answer.json()["custom_form_error"]
    assert "Kies het doel uit de registratie van de organisatie: parkeervergunning" in error
    assert "choose the purpose from the organisation's registration: parkeervergunning" in error
    assert _stored(client, PARKING)["title_nl"] != "Nieuw"
    saved = submit_form(
        client, headers, EDIT, {"slug": PARKING, "purpose_id": " parkeervergunning "}
    )
    assert saved.status_code == 200, saved.text
    assert _stored(client, PARKING)["purpose_id"] == "parkeervergunning"


def test_oid4vp_15_3_another_registered_purpose_is_saved_shown_and_audited(
    client: TestClient[Litestar],
) -> None:
    headers = logged_in(client, "wim-wonen")
    viewed = submit_form(client, headers, "Gebruiksdoel bekijken", {"slug": HOUSING})
    assert viewed.status_code == 200, viewed.text
    assert (
        "purpose_id (geregistreerd doel / registered purpose): woningtoewijzing: "
        "Huurwoningen toewijzen" in viewed.json()["custom_form_success"]
    )
    answer = submit_form(client, headers, EDIT, {"slug": HOUSING, "purpose_id": "huurcontract"})
    assert answer.status_code == 200, answer.text
    shown = answer.json()["custom_form_success"]
    assert "registered purpose): huurcontract: Een huurcontract afsluiten" in shown
    assert "/ Signing a tenancy agreement" in shown
    assert _stored(client, HOUSING)["purpose_id"] == "huurcontract"
    [audit] = _audit(client)
    assert audit["detail"]["changed"] == ["purpose_id"]
    assert audit["detail"]["before"] == {"purpose_id": "woningtoewijzing"}
    assert audit["detail"]["after"] == {"purpose_id": "huurcontract"}
    assert client.get(f"/verify/{HOUSING}").status_code == 200
