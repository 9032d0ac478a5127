"""Status changes race each other: a revocation stays final, and the audit log tells the
history that holds (Token Status List §7.1: INVALID is permanent).

Each race suspends a copy, then revokes it and lifts the suspension at the same moment
(``asyncio.gather``). Whichever is first wins; the other is refused with nothing written,
so the audit rows chain (each one's ``from`` is the status the previous one set) and end
at the status the register holds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer import credential_status
from issuer.credential_status import (
    CredentialStatus,
    StatusChangedMeanwhile,
    StatusChangeRefused,
    change_status,
)
from issuer.db.tables import AuditEntry, IssuedCredential, StatusListRecord
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder

_TARGET = {
    "credential.revoked": CredentialStatus.REVOKED,
    "credential.suspended": CredentialStatus.SUSPENDED,
    "credential.reinstated": CredentialStatus.VALID,
}


@pytest.fixture
def credential_ids(
    holder: TestHolder, offers: Offers, issuer_client: TestClient[Litestar]
) -> list[str]:
    """One batch (three copies) in the register."""
    offer = offers.create(["woonadres"])
    holder.receive(offers.uri(offer), offer.tx_code, copies=3)
    with issuer_client.portal() as portal:
        rows = portal.call(IssuedCredential.select(IssuedCredential.credential_id).run)
    return [str(row["credential_id"]) for row in rows]


async def _change(credential_id: str, new: CredentialStatus, actor: str) -> None:
    await change_status(credential_id, new, actor=actor, reason="test", now=datetime.now(UTC))


async def _race(credential_id: str, first: CredentialStatus, second: CredentialStatus) -> list[Any]:
    """``first`` by anne and ``second`` by bert at the same moment; what each call ended in."""
    return list(
        await asyncio.gather(
            _change(credential_id, first, "anne"),
            _change(credential_id, second, "bert"),
            return_exceptions=True,
        )
    )


async def _history(credential_id: str) -> tuple[CredentialStatus, list[dict[str, Any]]]:
    row = await IssuedCredential.select(IssuedCredential.status).where(
        IssuedCredential.credential_id == credential_id
    )
    audit = (
        await AuditEntry.select()
        .where((AuditEntry.subject == credential_id) & AuditEntry.action.is_in(list(_TARGET)))
        .order_by(AuditEntry.id)
        .output(load_json=True)
    )
    return CredentialStatus(row[0]["status"]), audit


def _assert_chain(held: CredentialStatus, audit: list[dict[str, Any]]) -> None:
    """The audited changes follow each other and end at what the register holds."""
    status = CredentialStatus.VALID
    for entry in audit:
        assert entry["detail"]["from"] == status.value, audit
        assert status != CredentialStatus.REVOKED, "a change after the revocation was audited"
        status = _TARGET[entry["action"]]
    assert status == held


def test_revoking_while_the_suspension_is_lifted_leaves_one_true_history(
    credential_ids: list[str], issuer_client: TestClient[Litestar]
) -> None:
    """Either order may win, or both may be made one after the other (lifted, then revoked);
    never both from the suspension, and a revocation that was made holds."""
    with issuer_client.portal() as portal:
        for credential_id in credential_ids:
            portal.call(_change, credential_id, CredentialStatus.SUSPENDED, "anne")
            outcomes = portal.call(
                _race, credential_id, CredentialStatus.REVOKED, CredentialStatus.VALID
            )
            held, audit = portal.call(_history, credential_id)
            _assert_chain(held, audit)
            assert all(o is None or isinstance(o, StatusChangeRefused) for o in outcomes)
            assert len(audit) == 1 + sum(o is None for o in outcomes)  # each made change once
            revoke, reinstate = outcomes
            if revoke is None:
                assert held == CredentialStatus.REVOKED
            elif reinstate is None:
                assert held == CredentialStatus.VALID


def _meanwhile(monkeypatch: pytest.MonkeyPatch, other: Callable[[], Awaitable[None]]) -> None:
    """Make ``other`` land between the next change's read of the status and its write."""
    read = credential_status._current
    pending = [other]

    async def read_then_other(credential_id: str) -> dict[str, Any] | None:
        row = await read(credential_id)
        if pending:
            await pending.pop()()
        return row

    monkeypatch.setattr(credential_status, "_current", read_then_other)


MEANWHILE = {
    "revoked-while-lifting": (CredentialStatus.REVOKED, CredentialStatus.VALID),
    "lifted-while-revoking": (CredentialStatus.VALID, CredentialStatus.REVOKED),
}
"""Bert's change made meanwhile, and Anne's that comes too late."""


@pytest.mark.parametrize("case", MEANWHILE)
def test_a_change_made_meanwhile_is_not_overwritten_and_is_named(
    credential_ids: list[str],
    issuer_client: TestClient[Litestar],
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    """Bert lifts the suspension (or revokes) while Anne's change is on its way: Anne's is
    refused with nothing written, and told in Dutch and English what the status is now."""
    other, mine = MEANWHILE[case]
    [credential_id, *_] = credential_ids
    with issuer_client.portal() as portal:
        portal.call(_change, credential_id, CredentialStatus.SUSPENDED, "anne")
        [before] = portal.call(StatusListRecord.select(StatusListRecord.version).run)
        _meanwhile(monkeypatch, lambda: _change(credential_id, other, "bert"))
        with pytest.raises(StatusChangedMeanwhile) as refused:
            portal.call(_change, credential_id, mine, "anne")
        held, audit = portal.call(_history, credential_id)
        [after] = portal.call(StatusListRecord.select(StatusListRecord.version).run)
    assert held == other == refused.value.now
    assert [(entry["actor"], _TARGET[entry["action"]]) for entry in audit] == [
        ("anne", CredentialStatus.SUSPENDED),
        ("bert", other),
    ]
    assert after["version"] == before["version"] + 1  # bert's change alone
    label_nl, label_en = {
        CredentialStatus.REVOKED: ("ingetrokken", "revoked"),
        CredentialStatus.VALID: ("geldig", "valid"),
    }[other]
    assert refused.value.message_nl == (
        f"Iemand anders heeft de status van dit gegeven net gewijzigd. Het is nu {label_nl}. "
        "Er is niets veranderd. Kijk of uw wijziging nog nodig is."
    )
    assert refused.value.message_en == (
        f"Someone else has just changed the status of this credential. It is now {label_en}. "
        "Nothing was changed. Check whether your change is still needed."
    )


def test_the_same_revocation_twice_at_once_is_made_once(
    credential_ids: list[str], issuer_client: TestClient[Litestar]
) -> None:
    [credential_id, *_] = credential_ids
    with issuer_client.portal() as portal:
        outcomes = portal.call(
            _race, credential_id, CredentialStatus.REVOKED, CredentialStatus.REVOKED
        )
        held, audit = portal.call(_history, credential_id)
    assert outcomes == [None, None]
    assert held == CredentialStatus.REVOKED
    assert [entry["action"] for entry in audit] == ["credential.revoked"]
