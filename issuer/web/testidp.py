"""The embedded test provider on HTTP (``/test-idp``), mounted only with ``ISSUER_LOGIN=test``.

TEST ENVIRONMENT ONLY: see :mod:`issuer.login.testidp`. The authorize page is a page like the
resident's (session-free, CSRF-protected form, security headers); discovery, JWKS and the token
endpoint are JSON and answer OAuth errors.
"""

from __future__ import annotations

from typing import Any, Final

from litestar import Request, Response, get, post
from litestar.response import Redirect

from issuer.login.testidp import TestIdpError, TestProvider
from issuer.web.render import Page
from issuer.web.site import Site
from regie.web.errors import ProtocolError

__all__ = ["test_idp_api", "test_idp_pages"]

_NO_STORE: Final = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _provider(site: Site) -> TestProvider:
    if site.provider is None:  # pragma: no cover - the routes exist only with a provider
        raise ProtocolError("not_found", "the test login is not enabled", status_code=404)
    return site.provider


def _single(items: list[tuple[str, Any]]) -> dict[str, str]:
    """The parameters, each once and as text (a repeated one is left out: the check fails)."""
    seen: dict[str, str] = {}
    repeated: set[str] = set()
    for name, value in items:
        if name in seen:
            repeated.add(name)
        if isinstance(value, str):
            seen[name] = value
    return {name: value for name, value in seen.items() if name not in repeated}


def _refuse(
    page: Page, provider: TestProvider, params: dict[str, str], exc: TestIdpError
) -> Response[Any]:
    """RFC 6749 §4.1.2.1: back to the client when it is known; otherwise say so here."""
    try:
        provider.client_and_redirect(params)
    except TestIdpError:
        return page.error(page.t("test_idp.bad_request"), status=400)
    return Redirect(provider.error_redirect(params, exc), status_code=303)


@get("/test-idp/authorize", name="test_idp_authorize")
async def authorize_page(request: Request[Any, Any, Any], site: Site) -> Response[Any]:
    """The clearly marked test login: pick one of the seeded test persons."""
    provider = _provider(site)
    page = site.pages.page(request)
    params = _single(list(request.query_params.multi_items()))
    try:
        authorization = provider.authorization_request(params)
    except TestIdpError as exc:
        return _refuse(page, provider, params, exc)
    return page.render(
        "issuer/test_idp.html",
        persons=provider.persons,
        hidden=authorization.as_form(),
    )


@post("/test-idp/authorize", name="test_idp_choose")
async def choose(request: Request[Any, Any, Any], site: Site) -> Response[Any]:
    """A person was picked (or the login cancelled): back to the client with a code."""
    provider = _provider(site)
    page = site.pages.page(request)
    form = await request.form()
    params = _single(list(form.multi_items()))
    try:
        authorization = provider.authorization_request(params)
        if "cancel" in params:
            return Redirect(provider.cancel(authorization), status_code=303)
        return Redirect(provider.approve(authorization, params.get("bsn", "")), status_code=303)
    except TestIdpError as exc:
        return _refuse(page, provider, params, exc)


@get("/.well-known/openid-configuration", name="test_idp_metadata")
async def metadata(site: Site) -> Response[dict[str, Any]]:
    return Response(_provider(site).metadata())


@get("/jwks", name="test_idp_jwks")
async def jwks(site: Site) -> Response[dict[str, Any]]:
    return Response(_provider(site).jwks(), media_type="application/jwk-set+json")


@post("/token", name="test_idp_token", status_code=200)
async def token(request: Request[Any, Any, Any], site: Site) -> Response[dict[str, Any]]:
    """RFC 6749 §4.1.3: the code and PKCE verifier for an ID token (never cached, §5.1)."""
    form = await request.form()
    try:
        body = _provider(site).token(_single(list(form.multi_items())))
    except TestIdpError as exc:
        raise ProtocolError(exc.error, exc.description, status_code=exc.status_code) from exc
    return Response(body, headers=_NO_STORE)


test_idp_pages: Final = [authorize_page, choose]
test_idp_api: Final = [metadata, jwks, token]
