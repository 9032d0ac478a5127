"""The demo world for browser tests: the issuer, the verifier and the wallet provider as real
``regie serve`` processes on 127.0.0.1, each on a free port with its own data directory (the
demo CA shared by the issuer and the verifier), started on first use.

``untrusting_wallet`` is a second wallet provider whose trust list names no issuer (every
offer gets the untrusted-issuer warning) and whose only relying-party anchor is another CA
than the demo CA (every request of the world's verifier is refused); the issuer and the
verifier accept both origins. ``short_verifier`` is a second verifier whose requests (QR codes)
expire after 30 s, the least ``VERIFIER_TRANSACTION_TTL_SECONDS`` allows (the expired-QR
story waits for that, not 120 s); the world's verifiers fetch the issuer's status list for
every presentation (``VERIFIER_STATUS_LIST_CACHE_SECONDS`` 0), so a revocation counts at once;
they post the residents' messages every second and ask whether one was read 2 s after its
delivery (``VERIFIER_MAILBOX_STATE_CHECK_SECONDS``, a minute by default)."""

from __future__ import annotations

import json
import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from regie.pki import DemoCA
from regie.processes import LOCALHOST, Server, free_port, running
from regie.services import wiring

__all__ = ["READY", "World"]

READY = {
    "issuer": "/.well-known/openid-credential-issuer",
    "verifier": "/verify/parkeervergunning-bewoners",
    "wallet": "/manifest.webmanifest",
}
"""The path that answers 200 once each service is up."""
SERVICE = {"untrusting_wallet": "wallet", "short_verifier": "verifier"}
"""The ``regie serve`` service of a world member whose name is not a service's."""


def _url(port: int) -> str:
    return f"http://{LOCALHOST}:{port}"


@dataclass
class World:
    """Ports and folders decided up front (each service knows the others' URLs); servers
    started when a test first asks for them, stopped with :meth:`close`."""

    root: Path
    ports: dict[str, int] = field(
        default_factory=lambda: {
            name: free_port()
            for name in ("issuer", "verifier", "wallet", "untrusting_wallet", "short_verifier")
        }
    )
    servers: dict[str, Server] = field(default_factory=dict)
    _stack: ExitStack = field(default_factory=ExitStack)

    def url(self, service: str) -> str:
        return _url(self.ports[service])

    def env(self, service: str) -> dict[str, str]:
        """The service's settings: wired as ``regie demo`` wires them
        (:func:`regie.services.wiring`), on this world's ports and folders."""
        base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("ISSUER_", "VERIFIER_", "WALLET_", "REGIE_"))
        }
        wired = wiring({name: self.url(name) for name in READY}, self.root)
        wallets = [self.url("wallet"), self.url("untrusting_wallet")]
        verifier = {
            **wired["verifier"],
            "VERIFIER_CASE_TASKS_SECONDS": "0",
            "VERIFIER_WALLET_ORIGINS": json.dumps(wallets),
            "VERIFIER_DEMO_OFFICERS": "true",  # test_inbox logs in as an officer
            "VERIFIER_STATUS_LIST_CACHE_SECONDS": "0",  # test_story_refusals revokes
            # messages posted every second, read receipts asked for 2 s after delivery (not a
            # minute): test_inbox and the Boxtel story wait for the back office to say "read"
            "VERIFIER_MAILBOX_DELIVERY_SECONDS": "1",
            "VERIFIER_MAILBOX_STATE_CHECK_SECONDS": "2",
        }
        settings = {
            "issuer": {
                **wired["issuer"],
                "ISSUER_WALLET_ORIGINS": json.dumps(wallets[1:]),
                "ISSUER_REGISTER_CHECK_SECONDS": "0",
            },
            "verifier": verifier,
            "short_verifier": {
                **verifier,
                "VERIFIER_PUBLIC_URL": self.url("short_verifier"),
                "VERIFIER_DATA_DIR": str(self.root / "short_verifier"),
                "VERIFIER_TRANSACTION_TTL_SECONDS": "30",
            },
            "wallet": {
                **wired["wallet"],
                # every call as a wallet instance takes a challenge (a POST the provider limits
                # per address): all the world's phones share 127.0.0.1 (test_inbox, test_backup)
                "WALLET_REGISTRATION_RATE_LIMIT": "600",
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
        if SERVICE.get(service, service) == "verifier":
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
