"""A small in-process Zaken API: a real HTTP handler (ASGI) standing in for a ZGW endpoint.

It keeps what it is sent in memory, checks the bearer token, assigns its own URLs as a real
Zaken API does, filters lists by ``zaak`` / ``identificatie``, and can be told to fail a path.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

ROOT = "http://zaken.test/api/v1"
TOKEN = "zgw-test-token"

Scope = dict[str, Any]


@dataclass
class ZakenApi:
    resources: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fail_paths: set[str] = field(default_factory=set)
    requests: list[tuple[str, str]] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        path: str = scope["path"].removeprefix("/api/v1")
        method: str = scope["method"]
        self.requests.append((method, path))
        headers = dict(scope["headers"])
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if headers.get(b"authorization") != f"Bearer {TOKEN}".encode():
            await _answer(send, 403, {"detail": "forbidden"})
            return
        if any(path.startswith(prefix) for prefix in self.fail_paths):
            await _answer(send, 500, {"detail": "broken"})
            return
        kind = "zaakeigenschappen" if path.endswith("/zaakeigenschappen") else path.strip("/")
        rows = self.resources.setdefault(kind, [])
        if method == "GET":
            query = {k: v[0] for k, v in parse_qs(scope["query_string"].decode()).items()}
            if kind == "zaakeigenschappen":
                query = {"zaak": f"{ROOT}{path.removesuffix('/zaakeigenschappen')}"}
            found = [r for r in rows if all(r.get(k) == v for k, v in query.items())]
            await _answer(send, 200, {"count": len(found), "results": found})
            return
        resource = json.loads(body)
        assert "url" not in resource  # read-only fields are not sent
        new_uuid = str(uuid.uuid4())
        resource |= {"url": f"{ROOT}/{kind}/{new_uuid}", "uuid": new_uuid}
        if kind == "zaken":
            resource["url"] = f"{ROOT}/zaken/{new_uuid}"
        rows.append(resource)
        await _answer(send, 201, resource)


async def _answer(send: Any, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": data})
