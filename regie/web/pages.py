"""Server-rendered pages for every Regie service: templates, static files, security headers.

- Templates: Jinja, autoescaped, from the shared folder (``regie/base.html``: the page layout
  with skip link, language switch and NL Design System classes) plus each service's own.
- Static files: the vendored NL Design System CSS (``static/vendor``, see its README) and a
  small layout stylesheet, plus each service's own files, under ``/static``.
- Security headers for pages: a strict Content Security Policy (no inline script or style, so
  every script is a file under ``/static``), ``nosniff``, no referrer, no framing; and
  ``Cache-Control: no-store`` on pages that show personal data or carry a form token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from litestar import Response
from litestar.datastructures import CacheControlHeader, ResponseHeader
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.router import Router
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

__all__ = [
    "NO_STORE",
    "PAGE_CSP",
    "SHARED_STATIC",
    "SHARED_TEMPLATES",
    "STYLESHEETS",
    "page_headers",
    "static_files",
    "template_config",
]

SHARED_TEMPLATES: Final = Path(__file__).with_name("templates")
SHARED_STATIC: Final = Path(__file__).with_name("static")

PAGE_CSP: Final = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
"""CSP Level 3: only our own files; ``data:`` images for the CSS icons and QR codes."""

NO_STORE: Final = CacheControlHeader(no_store=True)

STYLESHEETS: Final = (
    "/static/vendor/@utrecht/component-library-css@9.0.4/index.css",
    "/static/vendor/@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1/theme.css",
    "/static/regie.css",
)
"""What every page links, in order: the vendored CSS (see its README), then our layout."""


def page_headers() -> list[ResponseHeader]:
    """The security headers every HTML page carries."""
    return [
        ResponseHeader(name="Content-Security-Policy", value=PAGE_CSP),
        ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
        ResponseHeader(name="Referrer-Policy", value="no-referrer"),
        ResponseHeader(name="X-Frame-Options", value="DENY"),
        ResponseHeader(name="Cross-Origin-Opener-Policy", value="same-origin"),
    ]


def _globals(engine: JinjaTemplateEngine) -> None:
    engine.engine.globals["stylesheets"] = STYLESHEETS


def template_config(*directories: Path) -> TemplateConfig[JinjaTemplateEngine]:
    """Jinja over the shared templates and the service's own (searched in that order)."""
    return TemplateConfig(
        directory=[SHARED_TEMPLATES, *directories],
        engine=JinjaTemplateEngine,
        engine_callback=_globals,
    )


def static_files(*directories: Path, path: str = "/static") -> Router:
    """The shared static files and the service's own (the first folder holding a file wins)."""
    return create_static_files_router(
        path=path,
        directories=[SHARED_STATIC, *directories],
        cache_control=CacheControlHeader(public=True, max_age=3600),
        after_request=_nosniff,
        include_in_schema=False,
        name="static",
    )


async def _nosniff(response: Response[Any]) -> Response[Any]:
    """Static files are served as the type their name says, never sniffed (CSS, JS)."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
