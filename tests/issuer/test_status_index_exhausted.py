"""No free status list index found: a temporary condition, not a refusal.

OpenID4VCI 1.0 §8.3.1.2 says a wallet SHOULD treat ``credential_request_denied`` as final, so
an index the draws could not find is 503 ``temporarily_unavailable`` with ``Retry-After``
instead; nothing is issued, and the same c_nonce and access token work once an index is free.
Both ways the draw can give up are provoked: by the lookup before signing (a list counted as
full enough, :meth:`issuer.status_lists.StatusLists.check_first`), and by the unique index
refusing every attempt to record the batch (a list counted as nearly empty)."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.db.tables import IssuedCredential
from issuer.state import IssuerState
from regie.web.errors import RETRY_AFTER_SECONDS
from tests.issuer.test_credential_endpoint import Session, _body, _count, session

__all__ = ["session"]  # the fixture


def _taken_index(client: TestClient[Litestar]) -> int:
    with client.portal() as portal:
        row = portal.call(IssuedCredential.select(IssuedCredential.status_index).first().run)
    assert row is not None
    return int(row["status_index"])


@pytest.mark.parametrize("looked_up_first", [True, False], ids=["lookup", "unique-index"])
def test_oid4vci_8_3_1_2_no_free_status_index_is_temporary(
    session: Session,
    issuer_state: IssuerState,
    monkeypatch: pytest.MonkeyPatch,
    looked_up_first: bool,
) -> None:
    assert session.ask(_body(session.proofs())).status_code == 200  # takes one index
    taken = _taken_index(session.client)
    lists: Any = issuer_state.status_lists
    monkeypatch.setattr(lists, "randbelow", lambda _size: taken)  # every draw collides
    monkeypatch.setattr(lists, "check_first", lambda *_: looked_up_first)
    nonce = session.holder.nonce()
    response = session.ask(_body(session.proofs(nonce=nonce), "woonadres"))
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    body = response.json()
    assert body["error"] == "temporarily_unavailable"
    assert "Please try again" in body["error_description"]  # English
    assert "Probeer het zo nog eens" in body["error_description"]  # Dutch
    assert _count(session.client, IssuedCredential) == 1  # nothing issued
    monkeypatch.undo()
    again = session.ask(_body(session.proofs(nonce=nonce), "woonadres"))
    assert again.status_code == 200, again.text  # the c_nonce and the token were not used up
    assert _count(session.client, IssuedCredential) == 2
