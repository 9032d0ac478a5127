"""Logging in and coming back: ``/login`` starts the OpenID Connect flow, the callback ends it."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.response import Redirect

from issuer.login.errors import LoginFailed, ProviderError
from issuer.login.oidc import PendingLogin
from issuer.mailbox import RENEW_PARAM
from issuer.web.resident import asked_renewal, renewal_path
from issuer.web.site import Site

__all__ = ["LoginPages"]

log = logging.getLogger(__name__)


class LoginPages(Controller):
    """``/login`` and ``/login/callback``."""

    @get("/login", name="login")
    async def login(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        """Start afresh: a new session holding only the pending login (and the credential a
        re-issue prompt asks for, ``?credential=ID``, if the catalogue knows it), then to the
        provider."""
        page = site.pages.page(request)
        renew = asked_renewal(request.query_params.get(RENEW_PARAM))
        try:
            url, pending = await site.oidc.start()
        except LoginFailed as exc:
            log.warning("login could not start: %s (%s)", exc.code, exc)
            retry = renewal_path("/login", renew)
            return page.error(page.t(exc.message), status=exc.status_code, retry=retry)
        session: dict[str, Any] = {"login": pending.to_session()}
        if renew is not None:
            session["renew"] = renew
        request.set_session(session)
        return Redirect(url, status_code=303)

    @get("/login/callback", name="login_callback")
    async def callback(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        """The provider sends the browser back here with a code (or an error)."""
        page = site.pages.page(request)
        pending = PendingLogin.from_session(request.session.get("login"))
        renew = asked_renewal(request.session.get("renew"))
        request.clear_session()  # the pending login is used once, whatever happens next
        try:
            params = _single_values(request)
            result = await site.oidc.finish(params, pending)
        except LoginFailed as exc:
            log.info("login failed: %s (%s)", exc.code, exc)
            retry = renewal_path("/login", renew)
            return page.error(page.t(exc.message), status=exc.status_code, retry=retry)
        request.set_session({"bsn": result.bsn, "login_at": int(site.now().timestamp())})
        return Redirect(renewal_path("/credentials", renew), status_code=303)


def _single_values(request: Request[Any, Any, Any]) -> dict[str, str]:
    """RFC 6749 §3.1: a parameter sent more than once makes the response invalid."""
    params: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in params:
            raise ProviderError(f"the parameter {name!r} was sent twice")
        params[name] = value
    return params
