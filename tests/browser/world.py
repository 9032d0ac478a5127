"""The demo world for browser tests: the issuer, the verifier and the wallet provider as real
``regie serve`` processes on 127.0.0.1, each on a free port with its own data directory (the
demo CA shared by the issuer and the verifier), started on first use."""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from regie.processes import LOCALHOST, Server, free_port, running

__all__ = ["READY", "World"]

READY = {
    "issuer": "/.well-known/openid-credential-issuer",
    "verifier": "/verify/parkeervergunning-bewoners",
    "wallet": "/manifest.webmanifest",
}
"""The path that answers 200 once each service is up."""


def _url(port: int) -> str:
    return f"http://{LOCALHOST}:{port}"


@dataclass
class World:
    """Ports and folders decided up front (each service knows the others' URLs); servers
    started when a test first asks for them, stopped with :meth:`close`."""

    root: Path
    ports: dict[str, int] = field(
        default_factory=lambda: {name: free_port() for name in ("issuer", "verifier", "wallet")}
    )
    servers: dict[str, Server] = field(default_factory=dict)
    _stack: ExitStack = field(default_factory=ExitStack)

    def url(self, service: str) -> str:
        return _url(self.ports[service])

    def env(self, service: str) -> dict[str, str]:
        """The service's settings: its defaults, on this world's ports and folders."""
        base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("ISSUER_", "VERIFIER_", "WALLET_", "REGIE_"))
        }
        issuer, ca = self.url("issuer"), str(self.root / "ca")
        settings = {
            "issuer": {
                "ISSUER_PUBLIC_URL": issuer,
                "ISSUER_DATA_DIR": str(self.root / "issuer"),
                "ISSUER_CA_DIR": ca,
                "ISSUER_WALLET_URL": self.url("wallet"),
                "ISSUER_REGISTER_CHECK_SECONDS": "0",
            },
            "verifier": {
                "VERIFIER_PUBLIC_URL": self.url("verifier"),
                "VERIFIER_DATA_DIR": str(self.root / "verifier"),
                "VERIFIER_CA_DIR": ca,
                "VERIFIER_TRUSTED_ISSUERS": json.dumps([issuer]),
                "VERIFIER_ISSUER_NAMES": json.dumps({issuer: "Gemeente Boxtel"}),
                "VERIFIER_CASE_TASKS_SECONDS": "0",
                "VERIFIER_WALLET_ORIGINS": json.dumps([self.url("wallet")]),
            },
            "wallet": {
                "WALLET_PUBLIC_URL": self.url("wallet"),
                "WALLET_DATA_DIR": str(self.root / "wallet"),
            },
        }
        return {**base, **settings[service]}

    def start(self, service: str) -> str:
        """Start ``service`` unless it runs; its base URL once it answers."""
        if service == "verifier":
            self.start("issuer")  # the issuer makes the demo CA the verifier also uses
        if service not in self.servers:
            self.servers[service] = self._stack.enter_context(
                running(
                    service,
                    self.env(service),
                    port=self.ports[service],
                    ready_path=READY[service],
                )
            )
        return self.servers[service].url

    def close(self) -> None:
        self._stack.close()
