"""How the verifier's pages are rendered: the language (``?lang=`` first, then the cookie that
remembers it), the texts, the header's party and the security headers.

The language is remembered in a cookie because a resident's flow leaves the verifier's pages
and comes back without ``?lang``: the wallet sends them to the result page (same-device
``redirect_uri``), the forms post to their own addresses. Without the cookie a resident who
chose English would be back in Dutch after sharing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from litestar import Request
from litestar.response import Template

from regie.web.i18n import Catalogue, Translator, choose_language, language_cookies
from regie.web.pages import page_headers

__all__ = ["HEADERS", "LANG_COOKIE", "render_page", "translator"]

LANG_COOKIE: Final = "regie_verifier_lang"

HEADERS: Final = {**{h.name: str(h.value) for h in page_headers()}, "Cache-Control": "no-store"}
"""Every page's security headers; no page is cached (they hold one transaction's state)."""


def _language(request: Request[Any, Any, Any]) -> tuple[str, bool]:
    return choose_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def translator(request: Request[Any, Any, Any], catalogue: Catalogue) -> Translator:
    """The texts of the page's language."""
    lang, _ = _language(request)
    return catalogue.translator(lang)


def render_page(
    request: Request[Any, Any, Any],
    catalogue: Catalogue,
    template: str,
    party: str,
    *,
    status: int = 200,
    headers: Mapping[str, str] = HEADERS,
    **context: Any,
) -> Template:
    """``template`` in the page's language, with the language switch, the site title naming
    ``party``, and the language cookie when ``?lang`` chose another language."""
    lang, remember = _language(request)
    t = catalogue.translator(lang)
    other = "en" if lang == "nl" else "nl"
    secure = request.app.state["verifier"].settings.https
    return Template(
        template_name=template,
        context={
            "lang": lang,
            "t": t,
            "other_lang": other,
            "switch_href": f"{request.url.path}?lang={other}",
            "site_title": t("site.title", party=party),
            **context,
        },
        status_code=status,
        headers=dict(headers),
        cookies=language_cookies(LANG_COOKIE, lang, remember=remember, secure=secure),
    )
