"""What the wallet provider's issue-6 tests share: a wallet that proves its instance on every
call, senders (relying parties) with certificates from a test CA, mailbox keys, and a local
push service that records what it gets and fails on demand."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from litestar import Litestar
from litestar.testing import TestClient

from regie.pki import DemoCA
from regie.pki import x5c as x5c_of
from standards.jose import EncryptionKey, PrivateKey, b64url_encode, encrypt_jwe, sign_jws
from standards.oid4vp.client_id import x509_hash
from tests.wallet_api.conftest import WalletKey, challenge, register
from wallet_api.senders import MESSAGE_TYP, SENDER_PROOF_TYP

Client = TestClient[Litestar]


@dataclass(frozen=True)
class Wallet:
    """A registered wallet instance and the proofs it signs, one per call."""

    client: Client
    key: WalletKey
    instance_id: str

    def headers(self, **more: str) -> dict[str, str]:
        return {"Wallet-Instance-Proof": self.key.proof(challenge(self.client)), **more}

    @property
    def base(self) -> str:
        return f"/api/wallet-instances/{self.instance_id}"

    def new_mailbox(self, sender: str | None = None) -> tuple[str, EncryptionKey]:
        """A mailbox (its URL) and the private key its messages are encrypted to."""
        _, url, key = self.new_mailbox_with_id(sender)
        return url, key

    def new_mailbox_with_id(self, sender: str | None = None) -> tuple[str, str, EncryptionKey]:
        """A mailbox: its id (the wallet's handle on it), its URL and its private key."""
        key = EncryptionKey.generate()
        body: dict[str, Any] = {"encryption_key": key.public_jwk()}
        if sender is not None:
            body["sender"] = sender
        response = self.client.post(f"{self.base}/mailboxes", json=body, headers=self.headers())
        assert response.status_code == 201, response.text
        answer: dict[str, str] = response.json()
        return answer["id"], answer["url"], key

    def delete_mailbox(self, mailbox_id: str, **headers: str) -> Any:
        """``DELETE .../mailboxes/{id}`` with a fresh proof (unless ``headers`` give one)."""
        return self.client.delete(
            f"{self.base}/mailboxes/{mailbox_id}", headers=headers or self.headers()
        )

    def messages(self) -> list[dict[str, Any]]:
        response = self.client.get(f"{self.base}/messages", headers=self.headers())
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages


def new_wallet(client: Client) -> Wallet:
    key = WalletKey(PrivateKey.generate())
    return Wallet(client, key, register(client, key))


@dataclass(frozen=True)
class Sender:
    """A relying party: its key and certificate, and the JWS it signs."""

    key: PrivateKey
    chain: list[Any]

    @property
    def client_id(self) -> str:
        return f"x509_hash:{x509_hash(self.chain[0])}"

    def message(
        self,
        url: str,
        content: str,
        *,
        jti: str | None = None,
        kind: str = "status",
        importance: str = "normal",
        iat: int | None = None,
        typ: str = MESSAGE_TYP,
        **extra: Any,
    ) -> str:
        payload = {
            "aud": url,
            "iat": int(time.time()) if iat is None else iat,
            "jti": jti or secrets.token_urlsafe(12),
            "kind": kind,
            "importance": importance,
            "content": content,
            **extra,
        }
        return sign_jws(payload, self.key, typ=typ, headers={"x5c": x5c_of(self.chain)})

    def proof(self, url: str) -> str:
        payload = {"aud": url, "iat": int(time.time())}
        return sign_jws(
            payload, self.key, typ=SENDER_PROOF_TYP, headers={"x5c": x5c_of(self.chain)}
        )


def new_sender(ca: DemoCA, name: str, dns: str, *, uri: str | None = None) -> Sender:
    """A sender certified by ``ca``: SAN DNS ``dns`` (a relying party), or SAN URI ``uri`` (an
    issuer naming its identifier)."""
    key = PrivateKey.generate()
    certificate = ca.issue_signing_certificate(
        key.key.public_key(),
        subject_cn=name,
        san_dns=[] if uri else [dns],
        san_uris=[uri] if uri else [],
        days=30,
        now=datetime.now(UTC),
    )
    return Sender(key, [certificate])


def sender_ca(tmp_path: Path) -> DemoCA:
    """The demo CA the app under test trusts (``data_dir/../ca``, as the settings default)."""
    return DemoCA.load_or_create(tmp_path / "ca", now=datetime.now(UTC))


def encrypt_to(url_key: dict[str, Any], text: str) -> str:
    return encrypt_jwe(json.dumps({"text": text}).encode(), url_key, enc="A128GCM")


def path_of(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8003")


@dataclass
class PushService:
    """A push service on 127.0.0.1: records every push, answers ``fail_with`` while
    ``failures`` last."""

    failures: int = 0
    fail_with: int = 500
    received: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def endpoint(self, name: str = "sub1") -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}"


@contextmanager
def push_service() -> Iterator[PushService]:
    service = PushService()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with service.lock:
                service.attempts += 1
                failing = service.failures > 0
                if failing:
                    service.failures -= 1
                else:
                    service.received.append(
                        {
                            "path": self.path,
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "body": body,
                        }
                    )
            self.send_response(service.fail_with if failing else 201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class BrowserPushKeys:
    """What a browser keeps for its push subscription (RFC 8291 §3): the ``p256dh`` key pair
    and the ``auth`` secret; it decrypts what the push service delivers."""

    private: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def generate(cls) -> BrowserPushKeys:
        return cls(ec.generate_private_key(ec.SECP256R1()), secrets.token_bytes(16))

    def subscription(self, endpoint: str) -> dict[str, Any]:
        point = self.private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": endpoint,
            "keys": {"p256dh": b64url_encode(point), "auth": b64url_encode(self.auth)},
        }

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plaintext = http_ece.decrypt(
            body, private_key=self.private, auth_secret=self.auth, version="aes128gcm"
        )
        decoded: dict[str, Any] = json.loads(plaintext)
        return decoded


def wait_for(condition: Any, *, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)
