"""The production register: an HTTP client for a Haal Centraal BRP Personen endpoint (v2).

``HaalCentraalRegister(base_url, api_key)`` posts to ``{base_url}/personen`` with the key in the
``X-API-KEY`` header, asks for :data:`~issuer.register.api.FIELDS`, and parses the answers
strictly into :class:`~issuer.register.model.Persoon`. Up to 20 BSNs go in one request; a
dwelling's residents come from ``ZoekMetAdresseerbaarObjectIdentificatie``.

Whatever keeps the register from answering usefully becomes
:class:`~issuer.register.errors.RegisterUnavailable` with a ``reason``: no connection or a
timeout, a refused key (401/403), a refused request (400), too many requests (429), a server
error (5xx), a response larger than ``max_response_bytes``, or a body that is not what the API
promises. A 404, like an empty ``personen`` list, means "not found". Messages never carry the
API key or personal data.

The API has no feed of changes; see :mod:`issuer.register.changes` for how the issuer polls.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Final, Self

import httpx
from pydantic import ValidationError

from issuer.register.api import (
    FIELDS,
    MAX_BSNS,
    PERSONEN_PATH,
    PersonenQueryResponse,
    RaadpleegMetBurgerservicenummer,
    ZoekMetAdresseerbaarObjectIdentificatie,
)
from issuer.register.errors import RegisterUnavailable
from issuer.register.model import Persoon
from issuer.register.source import BaseRegister

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "DEFAULT_TIMEOUT", "HaalCentraalRegister"]

DEFAULT_TIMEOUT: Final = 10.0
"""Seconds to wait for the register (connect, and each read) before giving up."""
DEFAULT_MAX_RESPONSE_BYTES: Final = 4 * 1024 * 1024
"""A dwelling with many residents (a care home) stays well below this."""

HTTP_NOT_FOUND: Final = 404
HTTP_BAD_REQUEST: Final = 400
HTTP_TOO_MANY_REQUESTS: Final = 429
HTTP_SERVER_ERROR: Final = 500


def _unavailable_for_status(status: int) -> RegisterUnavailable:
    if status in (401, 403):
        reason, what = "unauthorized", "refused the API key"
    elif status == HTTP_BAD_REQUEST:
        reason, what = "rejected", "refused the request"
    elif status == HTTP_TOO_MANY_REQUESTS:
        reason, what = "rate_limited", "asked to slow down"
    elif status >= HTTP_SERVER_ERROR:
        reason, what = "server_error", "failed"
    else:
        reason, what = "unexpected_status", "answered unexpectedly"
    return RegisterUnavailable(f"the register {what} (HTTP {status})", reason=reason, status=status)


class HaalCentraalRegister(BaseRegister):
    """A :class:`~issuer.register.source.RegisterSource` over the Haal Centraal API."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        client: httpx.AsyncClient | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._url = base_url.rstrip("/") + PERSONEN_PATH
        self._headers = {"X-API-KEY": api_key, "Accept": "application/json"}
        self._timeout = httpx.Timeout(timeout)
        self._owns_client = client is None
        self._client = client if client is not None else httpx.AsyncClient()
        self._max_response_bytes = max_response_bytes

    def __repr__(self) -> str:
        return f"HaalCentraalRegister({self._url!r})"  # never the key

    async def aclose(self) -> None:
        """Close the HTTP client, if this register made it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _raadpleeg(self, bsns: Sequence[str]) -> list[Persoon]:
        found: list[Persoon] = []
        for start in range(0, len(bsns), MAX_BSNS):
            query = RaadpleegMetBurgerservicenummer(
                type="RaadpleegMetBurgerservicenummer",
                burgerservicenummer=tuple(bsns[start : start + MAX_BSNS]),
                fields=FIELDS,
            )
            found.extend(await self._post(query))
        return found

    async def _zoek_bewoners(self, adresseerbaar_object_identificatie: str) -> list[Persoon]:
        query = ZoekMetAdresseerbaarObjectIdentificatie(
            type="ZoekMetAdresseerbaarObjectIdentificatie",
            adresseerbaar_object_identificatie=adresseerbaar_object_identificatie,
            fields=FIELDS,
        )
        return await self._post(query)

    async def _post(
        self, query: RaadpleegMetBurgerservicenummer | ZoekMetAdresseerbaarObjectIdentificatie
    ) -> list[Persoon]:
        body = await self._send(query.to_wire())
        if body is None:
            return []
        try:
            answer = PersonenQueryResponse.model_validate_json(body)
        except ValidationError as exc:
            # Not chained: pydantic's message quotes the input, which is personal data.
            raise RegisterUnavailable(
                f"the register's answer is not a valid {query.type} response "
                f"({exc.error_count()} errors)",
                reason="invalid_response",
            ) from None
        if answer.type != query.type:
            raise RegisterUnavailable(
                f"the register answered a {answer.type!r} to a {query.type!r}",
                reason="invalid_response",
            )
        if isinstance(query, RaadpleegMetBurgerservicenummer) and any(
            person.bsn not in query.burgerservicenummer for person in answer.personen
        ):
            raise RegisterUnavailable(
                "the register returned a person that was not asked for",
                reason="invalid_response",
            )
        return list(answer.personen)

    async def _send(self, payload: dict[str, object]) -> bytes | None:
        """POST ``payload``; the body of a 200, ``None`` for a 404, or RegisterUnavailable."""
        try:
            async with self._client.stream(
                "POST", self._url, json=payload, headers=self._headers, timeout=self._timeout
            ) as response:
                if response.status_code == HTTP_NOT_FOUND:
                    return None
                if response.status_code != httpx.codes.OK:
                    raise _unavailable_for_status(response.status_code)
                return await self._read_bounded(response)
        except httpx.TimeoutException as exc:
            raise RegisterUnavailable(
                f"the register did not answer in time ({type(exc).__name__})", reason="timeout"
            ) from exc
        except httpx.HTTPError as exc:
            raise RegisterUnavailable(
                f"the register could not be reached ({type(exc).__name__})", reason="network"
            ) from exc

    async def _read_bounded(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_response_bytes:
            raise self._too_large()
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self._max_response_bytes:
                raise self._too_large()
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self) -> RegisterUnavailable:
        return RegisterUnavailable(
            f"the register's answer is larger than {self._max_response_bytes} bytes",
            reason="response_too_large",
        )
