"""The demo world for browser tests: the issuer, the verifier and the wallet provider as real
``regie serve`` processes on 127.0.0.1, each on a free port with its own data directory (the
demo CA shared by the issuer and the verifier), started on first use.

``untrusting_wallet`` is a second wallet provider whose trust list names no issuer (every
offer gets the untrusted-issuer warning) and whose only relying-party anchor is another CA
than the demo CA (every request of the world's verifier is refused); the issuer and the
verifier accept both origins."""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from regie.pki import DemoCA
from regie.processes import LOCALHOST, Server, free_port, running
from verifier.relying_parties.seeded import PARTIES

__all__ = ["READY", "World"]

READY = {
    "issuer": "/.well-known/openid-credential-issuer",
    "verifier": "/verify/parkeervergunning-bewoners",
    "wallet": "/manifest.webmanifest",
}
"""The path that answers 200 once each service is up."""
SERVICE = {"untrusting_wallet": "wallet"}
"""The ``regie serve`` service of a world member whose name is not a service's."""


def _registered() -> list[dict[str, object]]:
    """The housing corporation's registration as the wallet's provider lists it (its
    ``x509_san_dns`` client id is the verifier's host); the permit desk is left out, so the
    wallet warns that it does not know its registration."""
    (party,) = (p for p in PARTIES if p.san_dns)
    registration = {
        vct: [list(path) for path in paths] for vct, paths in party.allowed_claims.items()
    }
    return [{"client_id": f"x509_san_dns:{LOCALHOST}", "registration": registration}]


def _url(port: int) -> str:
    return f"http://{LOCALHOST}:{port}"


@dataclass
class World:
    """Ports and folders decided up front (each service knows the others' URLs); servers
    started when a test first asks for them, stopped with :meth:`close`."""

    root: Path
    ports: dict[str, int] = field(
        default_factory=lambda: {
            name: free_port() for name in ("issuer", "verifier", "wallet", "untrusting_wallet")
        }
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
        wallets = [self.url("wallet"), self.url("untrusting_wallet")]
        settings = {
            "issuer": {
                "ISSUER_PUBLIC_URL": issuer,
                "ISSUER_DATA_DIR": str(self.root / "issuer"),
                "ISSUER_CA_DIR": ca,
                "ISSUER_WALLET_URL": self.url("wallet"),
                "ISSUER_WALLET_ORIGINS": json.dumps(wallets[1:]),
                "ISSUER_REGISTER_CHECK_SECONDS": "0",
            },
            "verifier": {
                "VERIFIER_PUBLIC_URL": self.url("verifier"),
                "VERIFIER_DATA_DIR": str(self.root / "verifier"),
                "VERIFIER_CA_DIR": ca,
                "VERIFIER_TRUSTED_ISSUERS": json.dumps([issuer]),
                "VERIFIER_ISSUER_NAMES": json.dumps({issuer: "Gemeente Boxtel"}),
                "VERIFIER_CASE_TASKS_SECONDS": "0",
                "VERIFIER_WALLET_URL": self.url("wallet"),
                "VERIFIER_WALLET_ORIGINS": json.dumps(wallets),
            },
            "wallet": {
                "WALLET_PUBLIC_URL": self.url("wallet"),
                "WALLET_DATA_DIR": str(self.root / "wallet"),
                "WALLET_TRUSTED_ISSUERS": json.dumps(
                    [{"issuer": issuer, "name": "Gemeente Boxtel"}]
                ),
                "WALLET_RELYING_PARTIES": json.dumps(_registered()),
            },
            "untrusting_wallet": {
                "WALLET_PUBLIC_URL": self.url("untrusting_wallet"),
                "WALLET_DATA_DIR": str(self.root / "untrusting_wallet"),
                "WALLET_TRUSTED_ISSUERS": "[]",
                "WALLET_TRUST_DEMO_CA": "false",
                "WALLET_RELYING_PARTY_ANCHOR_FILES": json.dumps([str(self.other_ca())]),
            },
        }
        return {**base, **settings[service]}

    def other_ca(self) -> Path:
        """A CA that certifies none of this world's parties (made on first use)."""
        return DemoCA.load_or_create(self.root / "other-ca", now=datetime.now(UTC)).certificate_path

    def start(self, service: str) -> str:
        """Start ``service`` unless it runs; its base URL once it answers."""
        if service == "verifier":
            self.start("issuer")  # the issuer makes the demo CA the verifier also uses
        if service not in self.servers:
            self.servers[service] = self._stack.enter_context(
                running(
                    SERVICE.get(service, service),
                    self.env(service),
                    port=self.ports[service],
                    ready_path=READY[SERVICE.get(service, service)],
                )
            )
        return self.servers[service].url

    def close(self) -> None:
        self._stack.close()
