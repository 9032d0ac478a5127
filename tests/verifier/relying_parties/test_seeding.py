"""Seeding at start-up inserts what is missing and keeps what staff edited; only a seeded
party's certificate and client id follow the verifier's host, and its registered purposes
follow the seed."""

from __future__ import annotations

import asyncio
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from litestar.testing import TestClient
from piccolo.engine.base import Engine

from regie.pki import DemoCA
from verifier.app import create_app
from verifier.cases.form import load_form_fields
from verifier.db.tables import RelyingParty, UseCase
from verifier.relying_parties import PARTIES, USE_CASES, seed, signers
from verifier.relying_parties.use_cases import UseCaseChanges, check_use_case, edit_use_case
from verifier.settings import VerifierSettings

PARKING = "parkeervergunning-bewoners"


def _settings(tmp_path: Path, url: str) -> VerifierSettings:
    return VerifierSettings(public_url=url, data_dir=tmp_path / "verifier", ca_dir=tmp_path / "ca")


def _rows(client: TestClient[Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    with client.portal() as portal:
        use_case = portal.call(
            UseCase.select().where(UseCase.slug == PARKING).output(load_json=True).first().run
        )
        party = portal.call(
            RelyingParty.select()
            .where(RelyingParty.slug == "vergunningen-boxtel")
            .output(load_json=True)
            .first()
            .run
        )
    assert use_case is not None
    assert party is not None
    return dict(use_case), dict(party)


def test_an_edited_use_case_survives_a_restart(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "http://127.0.0.1:8002")
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        state = client.app.state["verifier"]
        _, party = _rows(client)
        with client.portal() as portal:
            portal.call(
                lambda: edit_use_case(
                    PARKING,
                    UseCaseChanges(purpose_en="Edited by staff.", active=False),
                    actor="staff",
                    relying_parties=[party["id"]],
                    now=state.clock(),
                )
            )
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        use_case, _ = _rows(client)
        assert use_case["purpose_en"] == "Edited by staff."
        assert use_case["active"] is False
        assert client.get(f"/verify/{PARKING}").status_code == 404


def test_a_new_host_refreshes_the_certificate_and_keeps_the_edits(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "http://127.0.0.1:8002")
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        use_case, party = _rows(client)
        with client.portal() as portal:
            portal.call(
                RelyingParty.update({RelyingParty.legal_name: "Balie Boxtel"})
                .where(RelyingParty.id == party["id"])
                .run
            )
            portal.call(
                UseCase.update({UseCase.title_nl: "Eigen titel"})
                .where(UseCase.id == use_case["id"])
                .run
            )
        housing = client.get("/verify/inschrijven-woningzoekende")
        assert housing.status_code == 200
    moved = _settings(tmp_path, "http://verifier.localhost:8002")
    with TestClient(create_app(moved), base_url=moved.public_url) as client:
        use_case_after, party_after = _rows(client)
        with client.portal() as portal:
            housing_party = portal.call(
                RelyingParty.select(RelyingParty.client_id)
                .where(RelyingParty.slug == "woonstichting-de-kempen")
                .first()
                .run
            )
    assert housing_party == {"client_id": "x509_san_dns:verifier.localhost"}
    assert party_after["certificate_chain"] != party["certificate_chain"]
    assert party_after["client_id"].startswith("x509_hash:")
    assert party_after["legal_name"] == "Balie Boxtel"
    assert use_case_after["title_nl"] == "Eigen titel"


def test_two_workers_seeding_together_insert_each_row_once(
    tmp_path: Path,
    verifier_db: Engine,  # type: ignore[type-arg]
) -> None:
    now = datetime.now(UTC)
    ca = DemoCA.load_or_create(tmp_path / "ca", now=now)
    parties = signers(tmp_path / "keys", public_url="http://127.0.0.1:8002", ca=ca, now=now)

    async def run() -> tuple[int, int]:
        await asyncio.gather(seed(parties), seed(parties))
        await seed(parties)
        return await RelyingParty.count(), await UseCase.count()

    assert asyncio.run(run()) == (len(PARTIES), len(USE_CASES))


def test_every_seeded_use_case_passes_the_back_office_check() -> None:
    parties = {party.slug: party for party in PARTIES}
    for use_case in USE_CASES:
        check_use_case(
            {
                **{f.name: getattr(use_case, f.name) for f in fields(use_case)},
                "dcql_query": dict(use_case.dcql_query),
                "form_fields": [dict(f) for f in use_case.form_fields],
            },
            parties[use_case.party].allowed_claims,
            parties[use_case.party].purposes,
        )


def test_every_seeded_choice_has_an_english_label() -> None:
    """The English intake form shows English options ("no preference", "up to € 30,000")."""
    english = {
        option.value: option.label_en
        for use_case in USE_CASES
        for field in load_form_fields([dict(f) for f in use_case.form_fields])
        for option in field.options
    }
    assert english["geen voorkeur"] == "no preference"
    assert english["tot € 30.000"] == "up to € 30,000"
    assert english["€ 47.000 of meer"] == "€ 47,000 or more"
    assert english["Liempde"] == "Liempde"


def _purposes(client: TestClient[Any]) -> dict[str, tuple[list[str], dict[str, Any]]]:
    """Per seeded party: its registered purposes' ids, and its use cases' ``purpose_id``."""
    with client.portal() as portal:
        parties = portal.call(
            RelyingParty.select(RelyingParty.slug, RelyingParty.purposes).output(load_json=True).run
        )
        use_cases = portal.call(
            UseCase.select(
                UseCase.slug,
                UseCase.purpose_id,
                UseCase.relying_party._.slug.as_alias("party"),
            ).run
        )
    return {
        party["slug"]: (
            [purpose["id"] for purpose in party["purposes"]],
            {u["slug"]: u["purpose_id"] for u in use_cases if u["party"] == party["slug"]},
        )
        for party in parties
    }


def _party_id(client: TestClient[Any], slug: str) -> int:
    with client.portal() as portal:
        row = portal.call(
            RelyingParty.select(RelyingParty.id).where(RelyingParty.slug == slug).first().run
        )
    assert row is not None
    return int(row["id"])


def test_oid4vp_15_3_seeded_parties_register_purposes_their_use_cases_serve(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path, "http://127.0.0.1:8002")
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        seeded = _purposes(client)
        _, party = _rows(client)
    assert seeded == {
        "woonstichting-de-kempen": (
            ["woningtoewijzing", "huurcontract"],
            {"inschrijven-woningzoekende": "woningtoewijzing"},
        ),
        "vergunningen-boxtel": (["parkeervergunning"], {PARKING: "parkeervergunning"}),
    }
    [parking] = party["purposes"]
    assert parking["nl"].startswith("Parkeervergunningen voor bewoners")
    assert parking["en"].startswith("Parking permits for residents")


def test_a_missing_purpose_is_seeded_once_and_an_officers_choice_stays(tmp_path: Path) -> None:
    """A database from before purposes were registered: its parties have none and its seeded
    use cases no ``purpose_id``. The next start registers the purposes and gives each seeded
    use case its own, once: an officer's later choice survives the next restart."""
    settings = _settings(tmp_path, "http://127.0.0.1:8002")
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        with client.portal() as portal:
            portal.call(RelyingParty.update({RelyingParty.purposes: []}, force=True).run)
            portal.call(UseCase.update({UseCase.purpose_id: None}, force=True).run)
        assert _purposes(client)["vergunningen-boxtel"] == ([], {PARKING: None})
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        assert _purposes(client)["vergunningen-boxtel"] == (
            ["parkeervergunning"],
            {PARKING: "parkeervergunning"},
        )
        housing_party = _party_id(client, "woonstichting-de-kempen")
        state = client.app.state["verifier"]
        with client.portal() as portal:
            portal.call(
                lambda: edit_use_case(
                    "inschrijven-woningzoekende",
                    UseCaseChanges(purpose_id="huurcontract"),
                    actor="staff",
                    relying_parties=[housing_party],
                    now=state.clock(),
                )
            )
    with TestClient(create_app(settings), base_url=settings.public_url) as client:
        housing = _purposes(client)["woonstichting-de-kempen"]
    assert housing[1] == {"inschrijven-woningzoekende": "huurcontract"}
