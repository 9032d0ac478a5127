"""Rendering the resident's pages: the language, the message catalogue, and friendly errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from litestar import Request
from litestar.exceptions import HTTPException
from litestar.response import Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from issuer.register.errors import RegisterUnavailable
from issuer.web.session import LANG_COOKIE
from regie.web.i18n import (
    SHARED_MESSAGES,
    Catalogue,
    Translator,
    choose_language,
    language_cookies,
)
from regie.web.pages import page_headers

__all__ = ["CATALOGUE", "MESSAGES", "Page", "Pages"]

log = logging.getLogger(__name__)

MESSAGES: Final = Path(__file__).with_name("messages")
CATALOGUE: Final = Catalogue.load(SHARED_MESSAGES, MESSAGES)
"""Every text of the issuer's pages, Dutch and English."""
PAGE_HEADERS: Final = {
    **{header.name: str(header.value) for header in page_headers()},
    "Cache-Control": "no-store",
}
"""Every page, error pages too: the security headers, and never stored (personal data,
form tokens)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page being rendered: its request, language and texts."""

    request: Request[Any, Any, Any]
    t: Translator
    remember_language: bool
    secure: bool
    logged_in: bool
    municipality: str

    def render(self, template: str, *, status: int = 200, **context: Any) -> Template:
        lang = self.t.lang
        other = "en" if lang == "nl" else "nl"
        cookies = language_cookies(
            LANG_COOKIE, lang, remember=self.remember_language, secure=self.secure
        )
        return Template(
            template_name=template,
            context={
                "lang": lang,
                "t": self.t,
                "other_lang": other,
                "switch_href": f"{self.request.url.path}?lang={other}",
                "site_title": self.t("site.title", municipality=self.municipality),
                "municipality": self.municipality,
                "logged_in": self.logged_in,
                **context,
            },
            status_code=status,
            cookies=cookies,
            headers=PAGE_HEADERS,
        )

    def error(self, message: str, *, status: int, retry: str | None = None) -> Template:
        """The error page: what happened, in plain words, and a way on."""
        return self.render("issuer/error.html", status=status, message=message, retry=retry)


@dataclass(frozen=True, slots=True)
class Pages:
    """Makes a :class:`Page` for a request, and the exception handlers for the page routes."""

    secure: bool
    municipality: str
    resident: Callable[[Request[Any, Any, Any]], str | None]
    """The logged-in resident's BSN, for the header's log-out button."""

    def page(self, request: Request[Any, Any, Any]) -> Page:
        lang, remember = choose_language(
            request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)
        )
        logged_in = self.resident(request) is not None
        return Page(
            request, CATALOGUE.translator(lang), remember, self.secure, logged_in, self.municipality
        )

    def exception_handlers(self) -> dict[type[Exception] | int, Any]:
        """Errors on a page are pages too: never JSON, never a bare 500."""

        def http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Template:
            page = self.page(request)
            key = {404: "error.not_found", 403: "error.form_expired"}.get(
                exc.status_code, "error.bad_request"
            )
            status = exc.status_code if 400 <= exc.status_code < 500 else 400  # noqa: PLR2004
            return page.error(page.t(key), status=status)

        def unavailable(request: Request[Any, Any, Any], exc: RegisterUnavailable) -> Template:
            log.warning("register unavailable: %s", exc)
            page = self.page(request)
            return page.error(page.t("error.unavailable"), status=503)

        def unexpected(request: Request[Any, Any, Any], exc: Exception) -> Template:
            log.exception("unexpected error on a page", exc_info=exc)
            page = self.page(request)
            return page.error(page.t("error.server"), status=500)

        return {
            HTTPException: http_error,
            RegisterUnavailable: unavailable,
            HTTP_500_INTERNAL_SERVER_ERROR: unexpected,
        }
