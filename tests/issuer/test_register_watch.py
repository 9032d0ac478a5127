"""Register changes: a move revokes the address credentials and queues re-issue prompts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import AuditEntry, FollowedPerson, IssuedCredential, ReissuePrompt
from issuer.register.datum import volledige_datum
from issuer.register.errors import RegisterUnavailable
from issuer.register.model import Adres, Naam, OpschortingBijhouding, Overlijden, Waardetabel
from issuer.register.seeded import SeededRegister
from issuer.register_watch import Report, check_register, run_periodically
from issuer.state import IssuerState
from standards.status_list import Status
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder
from tests.issuer.test_issuance_flow import _keys, _status

JAN_WILLEM = "999993653"  # Rechterstraat 12A, with three others
ELINE = "999993203"  # alone at Clarissenstraat 4-3
TYPES = ["persoonsgegevens", "woonadres", "huishouden"]


class Watch:
    """The issuer, its seeded register and a holder with Jan Willem's three credentials."""

    def __init__(
        self, client: TestClient[Litestar], state: IssuerState, holder: TestHolder, offers: Offers
    ) -> None:
        self.client = client
        self.state = state
        offer = offers.create(TYPES, bsn=JAN_WILLEM)
        self.held = holder.receive(offers.uri(offer), offer.tx_code, copies=2)
        assert isinstance(state.register, SeededRegister)
        self.register: SeededRegister = state.register

    def check(self) -> Report:
        with self.client.portal() as portal:
            report: Report = portal.call(check_register, self.state, datetime.now(UTC))
        return report

    def run(self, query: Any) -> Any:
        with self.client.portal() as portal:
            return portal.call(query.run)

    def statuses(self) -> dict[str, list[Status | int]]:
        keys = _keys(self.client)
        found: dict[str, list[Status | int]] = {}
        for credential in self.held:
            name = credential.verified.vct.split(":")[-2]
            found.setdefault(name, []).append(_status(self.client, credential, keys))
        return found

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.run(IssuedCredential.select(IssuedCredential.status)),
            self.run(ReissuePrompt.select()),
            self.run(AuditEntry.select(AuditEntry.id)),
            self.run(FollowedPerson.select(FollowedPerson.fingerprint)),
        )

    def move_in_with_eline(self) -> None:
        eline = next(p for p in self.register.all_persons() if p.bsn == ELINE)
        assert isinstance(eline.verblijfplaats, Adres)
        self.register.apply_change(
            JAN_WILLEM,
            verblijfplaats=eline.verblijfplaats.model_copy(
                update={"datum_van": volledige_datum(datetime.now(UTC).date())}
            ),
        )


@pytest.fixture
def watch(
    issuer_client: TestClient[Litestar],
    issuer_state: IssuerState,
    holder: TestHolder,
    offers: Offers,
) -> Watch:
    return Watch(issuer_client, issuer_state, holder, offers)


def _types(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(str(row["credential_configuration_id"]) for row in rows)


def test_nothing_changed_nothing_happens(watch: Watch) -> None:
    before = watch.snapshot()
    assert watch.check() == Report(checked=1)
    assert watch.snapshot()[:3] == before[:3]


def test_a_move_revokes_address_and_household_and_queues_prompts(watch: Watch) -> None:
    watch.move_in_with_eline()

    report = watch.check()

    assert (report.checked, report.changed, len(report.revoked), report.prompts) == (1, 1, 4, 2)
    assert watch.statuses() == {
        "persoonsgegevens": [Status.VALID, Status.VALID],
        "woonadres": [Status.INVALID, Status.INVALID],
        "huishouden": [Status.INVALID, Status.INVALID],
    }
    prompts = watch.run(ReissuePrompt.select())
    assert _types(prompts) == ["huishouden", "woonadres"]
    assert all(p["delivered_at"] is None for p in prompts)
    audit = watch.run(AuditEntry.select().where(AuditEntry.actor == "register"))
    actions = sorted(row["action"] for row in audit)
    assert actions == [
        *["credential.revoked"] * 4,
        "register.changed",
        *["reissue.queued"] * 2,
    ]
    assert {row["subject"] for row in audit if row["action"] == "credential.revoked"} == set(
        report.revoked
    )
    # Idempotent: the fingerprint is up to date, so a second run finds nothing to do.
    before = watch.snapshot()
    assert watch.check() == Report(checked=1)
    assert watch.snapshot()[:3] == before[:3]


def test_a_prompt_is_not_queued_twice(watch: Watch) -> None:
    watch.move_in_with_eline()
    watch.check()
    watch.register.apply_change(JAN_WILLEM, naam=Naam(voornamen="Jan", geslachtsnaam="Berg"))
    watch.move_in_with_eline()  # nothing new: still with Eline

    report = watch.check()

    assert report.prompts == 1  # persoonsgegevens; woonadres and huishouden already wait
    assert _types(watch.run(ReissuePrompt.select())) == [
        "huishouden",
        "persoonsgegevens",
        "woonadres",
    ]


def test_a_name_change_revokes_persoonsgegevens_only(watch: Watch) -> None:
    watch.register.apply_change(
        JAN_WILLEM, naam=Naam(voornamen="Jan Willem", geslachtsnaam="Van den Berg")
    )

    report = watch.check()

    assert (len(report.revoked), report.prompts) == (2, 1)
    assert watch.statuses() == {
        "persoonsgegevens": [Status.INVALID, Status.INVALID],
        "woonadres": [Status.VALID, Status.VALID],
        "huishouden": [Status.VALID, Status.VALID],
    }
    assert _types(watch.run(ReissuePrompt.select())) == ["persoonsgegevens"]


def test_a_death_revokes_everything_without_a_prompt(watch: Watch) -> None:
    watch.register.apply_change(
        JAN_WILLEM,
        overlijden=Overlijden(datum=volledige_datum(datetime.now(UTC).date())),
        opschorting_bijhouding=OpschortingBijhouding(reden=Waardetabel(code="O")),
    )

    report = watch.check()

    assert (len(report.revoked), report.prompts, report.unfollowed) == (6, 0, 1)
    assert {s for statuses in watch.statuses().values() for s in statuses} == {Status.INVALID}
    assert watch.run(ReissuePrompt.select()) == []
    assert watch.run(FollowedPerson.select()) == []
    assert watch.check() == Report()


def test_a_new_credential_after_the_move_stays_valid(
    watch: Watch, holder: TestHolder, offers: Offers
) -> None:
    watch.move_in_with_eline()
    offer = offers.create(["woonadres"], bsn=JAN_WILLEM)
    [fresh] = holder.receive(offers.uri(offer), offer.tx_code)

    report = watch.check()

    assert len(report.revoked) == 4
    assert _types(watch.run(ReissuePrompt.select())) == ["huishouden"]
    assert _status(watch.client, fresh, _keys(watch.client)) == Status.VALID


def test_register_unavailable_changes_nothing(
    watch: Watch, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unavailable(*_: object) -> None:
        raise RegisterUnavailable("no answer", reason="network")

    watch.move_in_with_eline()
    monkeypatch.setattr(watch.register, "get_persons", unavailable)
    before = watch.snapshot()

    assert watch.check() == Report(checked=1, unavailable="network")
    assert watch.snapshot() == before


def test_periodic_check_survives_an_unavailable_register(
    watch: Watch, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    async def unavailable(*_: object) -> None:
        calls.append("asked")
        raise RegisterUnavailable("no answer", reason="timeout")

    monkeypatch.setattr(watch.register, "get_persons", unavailable)

    async def run_a_while() -> bool:
        task = asyncio.create_task(run_periodically(watch.state, 0.01))
        await asyncio.sleep(0.2)
        alive = not task.done()
        task.cancel()
        return alive

    with watch.client.portal() as portal:
        assert portal.call(run_a_while)
    assert len(calls) >= 2


def test_the_followed_bsn_is_not_stored_in_clear(watch: Watch) -> None:
    rows = watch.run(FollowedPerson.raw("SELECT * FROM followed_person"))
    assert len(rows) == 1
    assert JAN_WILLEM not in str(rows)
    assert rows[0]["bsn_hash"] == watch.state.issuance.bsn_hash(JAN_WILLEM)
    sealed = rows[0]["sealed_bsn"]
    assert watch.state.issuance.seal.open(sealed, rows[0]["bsn_hash"]) == JAN_WILLEM
