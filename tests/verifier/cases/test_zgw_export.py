"""The ZGW Zaken API export of a case, and its push to a Zaken API (in process, over HTTP)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
from piccolo.engine.base import Engine

from tests.verifier.cases.world import ISSUER, NOW, add_relying_party, add_transaction
from tests.verifier.cases.zaken_api import ROOT, TOKEN, ZakenApi
from verifier.cases.export import export_case, push_pending
from verifier.cases.intake import open_case
from verifier.cases.push import ZgwEndpoint
from verifier.db.tables import Case, CaseStatus

API_ROOT = "https://verifier.test/zgw/api/v1"
RSIN = "002220647"


def _case() -> int:
    async def make() -> int:
        _, use_case = await add_relying_party()
        transaction_id = await add_transaction(use_case)
        opened = await open_case(
            transaction_id, {"income_bracket": "low"}, now=NOW, retention=timedelta(days=1)
        )
        return opened.id

    return asyncio.run(make())


def _export(case_id: int) -> dict[str, Any]:
    document = asyncio.run(export_case(case_id, api_root=API_ROOT, bronorganisatie=RSIN))
    assert document is not None
    return document.wire()


def test_export_has_zaak_status_rol_and_zaakeigenschap(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    document = _export(_case())
    zaak = document["zaak"]
    assert zaak["identificatie"] == "ZAAK-2026-000001"
    assert zaak["bronorganisatie"] == zaak["verantwoordelijkeOrganisatie"] == RSIN
    assert zaak["zaaktype"] == "https://catalogi.example/zaaktypen/woonstichting"
    assert zaak["startdatum"] == zaak["registratiedatum"] == "2026-11-24"
    assert zaak["einddatum"] is None
    assert zaak["url"] == f"{API_ROOT}/zaken/{zaak['uuid']}"
    uuid.UUID(zaak["uuid"])
    [status] = document["statussen"]
    assert status["statustype"] == f"{zaak['zaaktype']}/statustypen/ontvangen"
    assert status["indicatieLaatstGezetteStatus"] is True
    assert zaak["status"] == status["url"]
    [rol] = document["rollen"]
    assert rol["betrokkeneType"] == "natuurlijk_persoon"
    assert rol["omschrijvingGeneriek"] == "initiator"
    assert rol["betrokkeneIdentificatie"]["geslachtsnaam"] == "Jansen"
    assert rol["betrokkeneIdentificatie"]["inpBsn"] is None  # not disclosed, not invented
    assert rol["betrokkeneIdentificatie"]["verblijfsadres"]["aoaPostcode"] == "5281AB"
    herkomst = {h["naam"]: h for h in rol["herkomst"]}
    assert herkomst["given_name"]["uitgever"] == ISSUER
    assert herkomst["given_name"]["vct"] == "urn:nl:gemeente:regie:persoonsgegevens:1"
    assert herkomst["city"]["credentialQueryId"] == "adres"
    assert [(e["naam"], e["waarde"]) for e in document["zaakeigenschappen"]] == [
        ("income_bracket", "low")
    ]
    assert document["resultaat"] is None


def test_export_is_stable(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()
    assert _export(case_id) == _export(case_id)


def _push(api: Any, token: str = TOKEN, limit: int = 50) -> Any:
    """One push round against ``api`` (an ASGI app standing in for the Zaken API)."""

    async def run() -> Any:
        transport = httpx.ASGITransport(app=api)
        async with httpx.AsyncClient(transport=transport) as http:
            return await push_pending(
                http,
                ZgwEndpoint(api_root=ROOT, token=token),
                api_root=API_ROOT,
                bronorganisatie=RSIN,
                now=NOW,
                limit=limit,
            )

    return asyncio.run(run())


def _stored(case_id: int) -> dict[str, Any]:
    row = asyncio.run(Case.select().where(Case.id == case_id).first().run())
    assert row is not None
    return row


def test_push_creates_the_zaak_and_its_parts(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()
    api = ZakenApi()
    report = _push(api)
    assert report.pushed == ["ZAAK-2026-000001"]
    [zaak] = api.resources["zaken"]
    assert zaak["identificatie"] == "ZAAK-2026-000001"
    assert len(api.resources["statussen"]) == len(api.resources["rollen"]) == 1
    assert api.resources["rollen"][0]["zaak"] == zaak["url"]
    assert api.resources["zaakeigenschappen"][0]["waarde"] == "low"
    assert _stored(case_id)["pushed_at"] == NOW
    assert _push(api).pushed == []  # nothing queued any more


def test_push_failure_is_recorded_and_retried_without_duplicates(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()
    api = ZakenApi(fail_paths={"/rollen"})
    report = _push(api)
    assert list(report.failed) == ["ZAAK-2026-000001"]
    stored = _stored(case_id)
    assert stored["pushed_at"] is None
    assert "HTTP 500" in stored["push_error"]
    assert stored["applicant"]  # the case is kept whole

    api.fail_paths.clear()
    assert _push(api).pushed == ["ZAAK-2026-000001"]
    assert len(api.resources["zaken"]) == 1  # found again, not made twice
    assert len(api.resources["statussen"]) == 1
    assert len(api.resources["rollen"]) == 1
    assert _stored(case_id)["push_error"] is None


def test_push_with_a_wrong_token_is_refused_and_kept(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()
    api = ZakenApi()
    report = _push(api, token="wrong")
    assert "HTTP 403" in report.failed["ZAAK-2026-000001"]
    assert _stored(case_id)["pushed_at"] is None


def test_push_to_an_unreachable_endpoint_is_recorded(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()

    async def run() -> Any:
        async with httpx.AsyncClient() as http:
            return await push_pending(
                http,
                ZgwEndpoint(api_root="http://127.0.0.1:9/api/v1", token=TOKEN, timeout=2),
                api_root=API_ROOT,
                bronorganisatie=RSIN,
                now=NOW,
            )

    report = asyncio.run(run())
    assert "ConnectError" in report.failed["ZAAK-2026-000001"]
    assert "ConnectError" in _stored(case_id)["push_error"]


def test_status_set_during_a_push_queues_the_case_again(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()
    api = ZakenApi()

    async def slow_api(scope: Any, receive: Any, send: Any) -> None:
        if scope["method"] == "POST" and scope["path"].endswith("/rollen"):
            await CaseStatus(
                case=case_id, status="in_behandeling", set_at=NOW, set_by="officer"
            ).save()
        await api(scope, receive, send)

    _push(slow_api)
    assert _stored(case_id)["pushed_at"] is None  # pushed again next round, with the new status


def test_the_result_type_url_is_a_slug_of_the_officers_result(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    case_id = _case()
    asyncio.run(
        Case.update({Case.result: "Vergunning verleend tot 2027 (zône B)!"})
        .where(Case.id == case_id)
        .run()
    )
    document = _export(case_id)
    resultaat = document["resultaat"]
    zaaktype = document["zaak"]["zaaktype"]
    assert resultaat["resultaattype"] == (
        f"{zaaktype}/resultaattypen/vergunning-verleend-tot-2027-zone-b"
    )
    assert resultaat["toelichting"] == "Vergunning verleend tot 2027 (zône B)!"


def test_a_case_that_keeps_failing_does_not_hold_back_newer_ones(verifier_db: Engine) -> None:  # type: ignore[type-arg]
    async def two_cases() -> tuple[int, int]:
        _, use_case = await add_relying_party()
        opened = [
            await open_case(
                await add_transaction(use_case),
                {"income_bracket": "low"},
                now=NOW,
                retention=timedelta(days=1),
            )
            for _ in range(2)
        ]
        return opened[0].id, opened[1].id

    failing, newer = asyncio.run(two_cases())
    asyncio.run(Case.update({Case.push_error: "HTTP 400 refused"}).where(Case.id == failing).run())

    report = _push(ZakenApi(), limit=1)
    assert report.pushed == [_stored(newer)["identification"]]
    assert _stored(failing)["pushed_at"] is None
