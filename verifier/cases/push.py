"""Push an exported case to a configured ZGW Zaken API (1.x), safely repeatable.

The Zaken API assigns its own URLs, so the push finds or creates the zaak by
``identificatie`` + ``bronorganisatie``, then adds the statuses, the applicant's rol, the
zaakeigenschappen and the resultaat that the remote zaak does not have yet. A push that failed
half-way is simply pushed again later: nothing is sent twice. Authentication is a bearer token
(the Zaken API's JWT, made by whoever configures the endpoint).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from verifier.cases.zgw import ZgwCase

__all__ = ["PushFailed", "ZgwEndpoint", "push_case"]

_CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
_READ_ONLY = ("url", "uuid", "status", "resultaat")


class PushFailed(Exception):
    """The Zaken API could not be reached or refused a request; the case stays queued."""


@dataclass(frozen=True, slots=True)
class ZgwEndpoint:
    """Where to push: the Zaken API root (``https://zaken.example/api/v1``) and its token."""

    api_root: str
    token: str
    timeout: float = 10.0


class _Client:
    def __init__(self, http: httpx.AsyncClient, endpoint: ZgwEndpoint) -> None:
        self.http = http
        self.root = endpoint.api_root.rstrip("/")
        self.headers = {"Authorization": f"Bearer {endpoint.token}", **_CRS}
        self.timeout = endpoint.timeout

    async def _send(self, method: str, path: str, **kwargs: Any) -> Any:
        url = path if path.startswith(("http://", "https://")) else f"{self.root}{path}"
        try:
            response = await self.http.request(
                method, url, headers=self.headers, timeout=self.timeout, **kwargs
            )
        except httpx.HTTPError as exc:
            raise PushFailed(f"{method} {url}: {type(exc).__name__}: {exc}") from exc
        if response.status_code >= 300:  # noqa: PLR2004 - HTTP success range
            raise PushFailed(f"{method} {url}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise PushFailed(f"{method} {url}: not JSON") from exc

    async def results(self, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
        """A list endpoint: paginated (``{"results": [...]}``) or a plain array."""
        body = await self._send("GET", path, params=params)
        rows = body.get("results", []) if isinstance(body, dict) else body
        return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []

    async def create(self, path: str, resource: dict[str, Any]) -> dict[str, Any]:
        body = {key: value for key, value in resource.items() if key not in _READ_ONLY}
        created = await self._send("POST", path, json=body)
        if not isinstance(created, dict) or not isinstance(created.get("url"), str):
            raise PushFailed(f"POST {path}: no url in the answer")
        return created


def _missing(
    wanted: Iterable[dict[str, Any]], present: list[dict[str, Any]], *keys: str
) -> list[dict[str, Any]]:
    seen = {tuple(str(row.get(key)) for key in keys) for row in present}
    return [row for row in wanted if tuple(str(row.get(key)) for key in keys) not in seen]


async def push_case(http: httpx.AsyncClient, endpoint: ZgwEndpoint, case: ZgwCase) -> str:
    """Bring the remote Zaken API up to date with ``case``; return the remote zaak URL.

    Raises :class:`PushFailed` on any transport error or non-2xx answer.
    """
    client = _Client(http, endpoint)
    document = case.wire()
    zaak = document["zaak"]
    found = await client.results(
        "/zaken",
        {"identificatie": zaak["identificatie"], "bronorganisatie": zaak["bronorganisatie"]},
    )
    remote = found[0] if found else await client.create("/zaken", zaak)
    remote_url: str = remote["url"]
    by_zaak = {"zaak": remote_url}

    def to_remote(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**row, "zaak": remote_url} for row in rows]

    present = await client.results("/statussen", by_zaak)
    for row in _missing(document["statussen"], present, "statustype", "datumStatusGezet"):
        await client.create("/statussen", {**row, "zaak": remote_url})
    present = await client.results("/rollen", by_zaak)
    for row in _missing(to_remote(document["rollen"]), present, "roltype"):
        await client.create("/rollen", row)
    eigenschappen = f"{remote_url}/zaakeigenschappen"
    present = await client.results(eigenschappen, {})
    for row in _missing(to_remote(document["zaakeigenschappen"]), present, "eigenschap"):
        await client.create(eigenschappen, row)
    if document["resultaat"] is not None and not await client.results("/resultaten", by_zaak):
        await client.create("/resultaten", {**document["resultaat"], "zaak": remote_url})
    return remote_url
