"""The issuer as it runs: uvicorn on a free loopback port, the login's own HTTP client.

Nothing is injected here: ``create_app`` makes its production HTTP client, and the OpenID Connect
client reaches the test provider over TCP, exactly as ``regie serve issuer`` does.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from issuer.app import create_app
from issuer.settings import IssuerSettings
from tests.issuer.web.browser import forms


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    public_url = f"http://127.0.0.1:{_free_port()}"
    settings = IssuerSettings(
        public_url=public_url,
        data_dir=tmp_path / "issuer",
        ca_dir=tmp_path / "ca",
        status_list_size=4096,
    )
    port = int(public_url.rsplit(":", 1)[1])
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield public_url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_login_over_real_http_with_the_production_client(served: str) -> None:
    with httpx.Client(base_url=served, timeout=10) as browser:
        to_provider = browser.get("/login")
        assert to_provider.status_code == 303
        page = browser.get(to_provider.headers["location"])
        assert "geen echte DigiD" in page.text
        form = next(f for f in forms(page.text) if f.value("bsn") == "999993653")
        to_callback = browser.post(form.action, data=dict(form.fields))
        assert to_callback.status_code == 303
        landed = browser.get(to_callback.headers["location"])
        assert landed.status_code == 303, landed.text
        assert landed.headers["location"] == "/credentials"
        page = browser.get("/credentials")
        assert page.status_code == 200
        assert "U bent ingelogd als Jan Willem van der Berg" in page.text
