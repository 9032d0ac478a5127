"""Logging in and coming back: ``/login`` starts the OpenID Connect flow, the callback ends it."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.response import Redirect

from issuer.login.errors import LoginFailed, ProviderError
from issuer.login.oidc import PendingLogin
from issuer.web.site import Site

__all__ = ["LoginPages"]

log = logging.getLogger(__name__)


class LoginPages(Controller):
    """``/login`` and ``/login/callback``."""

    @get("/login", name="login")
    async def login(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        """Start afresh: a new session holding only the pending login, then to the provider."""
        page = site.pages.page(request)
        try:
            url, pending = await site.oidc.start()
        except LoginFailed as exc:
            log.warning("login could not start: %s (%s)", exc.code, exc)
            return page.error(page.t(exc.message), status=exc.status_code, retry="/login")
        request.set_session({"login": pending.to_session()})
        return Redirect(url, status_code=303)

    @get("/login/callback", name="login_callback")
    async def callback(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        """The provider sends the browser back here with a code (or an error)."""
        page = site.pages.page(request)
        pending = PendingLogin.from_session(request.session.get("login"))
        request.clear_session()  # the pending login is used once, whatever happens next
        try:
            params = _single_values(request)
            result = await site.oidc.finish(params, pending)
        except LoginFailed as exc:
            log.info("login failed: %s (%s)", exc.code, exc)
            return page.error(page.t(exc.message), status=exc.status_code, retry="/login")
        request.set_session({"bsn": result.bsn, "login_at": int(site.now().timestamp())})
        return Redirect("/credentials", status_code=303)


def _single_values(request: Request[Any, Any, Any]) -> dict[str, str]:
    """RFC 6749 §3.1: a parameter sent more than once makes the response invalid."""
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in params:
            raise ProviderError(f"the parameter {name!r} was sent twice")
        params[name] = value
    return params
