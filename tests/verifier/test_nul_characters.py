"""The verifier refuses a NUL character in an address with 400 before any route
(:mod:`regie.web.nul`): on PostgreSQL a lookup with one would otherwise fail in the driver."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient


@pytest.mark.parametrize(
    "path",
    [
        "/verify/inschrijven-woningzoekende%00",
        "/oid4vp/request/a%00b",
        "/verify/abc/status?x=%00",
        "/intake/a%00b",
    ],
)
def test_a_nul_in_the_address_is_400(verifier_client: TestClient[Litestar], path: str) -> None:
    answer = verifier_client.get(path)
    assert answer.status_code == 400, answer.text
    assert answer.json()["title_nl"] == "Dit webadres klopt niet."
