"""A small browser for the resident's pages: reads forms off a page and submits them.

The login goes through the real OpenID Connect client: the issuer's HTTP client for its
provider is routed (``httpx.ASGITransport``) to the same app, so the client fetches the test
provider's metadata and JWKS and redeems the code over HTTP, as it would in production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from litestar import Litestar
from litestar.testing import TestClient
from litestar.types import Receive, Scope, Send

from issuer.app import create_app
from issuer.settings import IssuerSettings

__all__ = [
    "PEILDATUM_NOON",
    "PUBLIC_URL",
    "Browser",
    "Clock",
    "Form",
    "LateApp",
    "forms",
    "resident_app",
]

PUBLIC_URL = "http://127.0.0.1:8001"
PEILDATUM_NOON = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
"""The seeded register's day, at noon in Boxtel."""


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = PEILDATUM_NOON

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class LateApp:
    """An ASGI app that forwards to one set after construction (the app routes to itself)."""

    app: Litestar | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        await self.app(scope, receive, send)


def resident_app(
    tmp_path: Path, clock: Callable[[], datetime], **settings: Any
) -> tuple[Litestar, httpx.AsyncClient]:
    """The issuer with its login's HTTP client routed to itself."""
    late = LateApp()
    transport = httpx.ASGITransport(app=late)  # type: ignore[arg-type]  # Litestar's scope types
    http = httpx.AsyncClient(transport=transport, base_url=PUBLIC_URL)
    config = IssuerSettings(
        **{
            "public_url": PUBLIC_URL,
            "data_dir": tmp_path / "issuer",
            "ca_dir": tmp_path / "ca",
            "status_list_size": 4096,
            **settings,
        }
    )
    app = create_app(config, clock=clock, login_http=http)
    late.app = app
    return app, http


@dataclass
class Form:
    """One ``<form>``: where it goes and what it would send."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def data(
        self, *, without: tuple[str, ...] = (), button: str | None = None
    ) -> list[tuple[str, str]]:
        sent = [(n, v) for n, v in self.fields if n not in without]
        sent += [(n, v) for n, v in self.buttons if n == button]
        return sent


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif self.forms and tag == "input":
            kind = a.get("type", "text")
            if kind == "checkbox" and "checked" not in a:
                return
            if "name" in a:
                self.forms[-1].fields.append((a["name"], a.get("value", "")))
        elif self.forms and tag == "button" and "name" in a:
            self.forms[-1].buttons.append((a["name"], a.get("value", "")))


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


class Browser:
    """A resident's browser on the issuer: cookies kept, redirects followed one at a time."""

    def __init__(self, client: TestClient[Litestar]) -> None:
        self.client = client

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, follow_redirects=False, **kwargs)

    def follow(self, response: httpx.Response, limit: int = 5) -> httpx.Response:
        for _ in range(limit):
            if response.status_code not in {301, 302, 303, 307, 308}:
                return response
            response = self.get(response.headers["location"])
        raise AssertionError("too many redirects")

    def submit(self, form: Form, data: list[tuple[str, str]] | None = None) -> httpx.Response:
        return self.post(form.action, data if data is not None else form.data())

    def post(self, url: str, data: list[tuple[str, str]]) -> httpx.Response:
        """A form post as a browser sends it (repeated names kept, in order)."""
        return self.client.post(
            url,
            content=urlencode(data),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )

    def start_login(self) -> httpx.Response:
        """``/login`` → the test provider's page listing the persons."""
        response = self.get("/login")
        assert response.status_code == 303, response.text
        page = self.get(response.headers["location"])
        assert page.status_code == 200, page.text
        return page

    def person_form(self, page: httpx.Response, bsn: str) -> Form:
        return next(f for f in forms(page.text) if f.value("bsn") == bsn)

    def login(self, bsn: str) -> httpx.Response:
        """Log in as ``bsn`` through the test provider; the page the resident lands on."""
        page = self.start_login()
        return self.follow(self.submit(self.person_form(page, bsn)))

    def iter_forms(self, response: httpx.Response) -> Iterator[Form]:
        yield from forms(response.text)
