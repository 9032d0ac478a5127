"""The wallet provider refuses a NUL character in an address with 400 before any route
(:mod:`regie.web.nul`), as the issuer and the verifier do."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient


def test_a_nul_in_the_address_is_400(client: TestClient[Litestar]) -> None:
    for path in ("/api/mailboxes/a%00b", "/?q=%00"):
        answer = client.get(path)
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"] == "invalid_request"
