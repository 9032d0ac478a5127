"""The wallet app (``pwa/``) as static files, with the headers an installable app needs.

- ``/`` is the app's shell (``index.html``); the issuer's same-device button opens
  ``{wallet_url}/#/offer?...``, so everything after ``#`` stays in the browser.
- Every file of ``pwa/`` at its own path, with the right content type (``.webmanifest`` as
  ``application/manifest+json``, ``.js`` and ``.mjs`` as ``text/javascript``), revalidated on
  every load (``no-cache``: the service worker's versioned cache is what works offline).
- ``/sw.js`` carries ``Service-Worker-Allowed: /``, so it controls the whole origin.
- ``/shell.js`` (made here, imported by the service worker): the app shell to precache, every
  file of ``pwa/`` and the ``/static`` files ``index.html`` links, with a version that is the
  hash of their contents. Any change to a shell file makes a new version, so the browser
  installs the new worker (which re-checks imported scripts) and drops the old cache; nobody
  has to remember to bump a number.
- The app's own scripts are served minified (``rjsmin``: comments and spare white space out,
  cached per file version), so a phone downloads less; the files in ``pwa/`` keep their
  comments. ``WALLET_MINIFY_SCRIPTS=false`` serves them as written (for debugging). The
  vendored third-party files (``pwa/vendor/``) are served as they came.
- The vendored NL Design System CSS comes from the shared ``/static`` folder of every service.
- Strict CSP: scripts only from this origin (no inline script or style); the app may fetch
  from issuers and verifiers on https (and on loopback, for the local demo).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
from functools import lru_cache
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from litestar import Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Response
from rjsmin import jsmin

from regie.web.pages import SHARED_STATIC, static_files

__all__ = [
    "PWA",
    "app_shell",
    "content_security_policy",
    "minified_script",
    "pwa_router",
    "shared_static",
]

PWA: Final = Path(__file__).resolve().parents[1] / "pwa"
"""The wallet app, a static folder next to the packages (in the wheel: force-included)."""

_TYPES: Final = {
    ".webmanifest": "application/manifest+json",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".html": "text/html",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
}
_LOOPBACK: Final = ("127.0.0.1", "localhost", "::1")


def content_security_policy(public_url: str) -> str:
    """CSP Level 3 for the wallet app; loopback origins only while the app itself is on one."""
    connect = ["'self'", "https:"]
    if urlsplit(public_url).hostname in _LOOPBACK:
        # the local demo: services on loopback, also by name (``verifier.localhost``, RFC 6761)
        connect += ["http://127.0.0.1:*", "http://localhost:*", "http://*.localhost:*"]
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            f"connect-src {' '.join(connect)}",
            "manifest-src 'self'",
            "worker-src 'self'",
            "media-src 'self' blob: mediastream:",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        )
    )


def _security_headers(public_url: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(public_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
        "Cache-Control": "no-cache",
    }


def _resolve(file_path: str) -> Path:
    """The file under ``pwa/`` that ``file_path`` names; nothing outside it, no dot files."""
    parts = [part for part in file_path.split("/") if part]
    if not parts or any(part.startswith(".") or "\\" in part for part in parts):
        raise NotFoundException()
    candidate = PWA.joinpath(*parts).resolve()
    if not candidate.is_relative_to(PWA) or not candidate.is_file():
        raise NotFoundException()
    return candidate


_NOT_SHELL: Final = frozenset({"sw.js", "README.md"})
_STATIC_LINK: Final = re.compile(r'href="(/static/[^"]+)"')


def app_shell() -> tuple[str, list[str]]:
    """The shell's version (SHA-256 over every shell file's path and bytes) and its paths:
    ``/``, every file under ``pwa/`` (not the worker itself, not the README) and the
    ``/static`` files ``index.html`` links to."""
    files = sorted(
        path
        for path in PWA.rglob("*")
        if path.is_file()
        and path.relative_to(PWA).as_posix() not in _NOT_SHELL
        and not any(part.startswith(".") for part in path.relative_to(PWA).parts)
    )
    entries = [(f"/{path.relative_to(PWA).as_posix()}", path) for path in files]
    index = (PWA / "index.html").read_text(encoding="utf-8")
    for href in _STATIC_LINK.findall(index):
        entries.append((href, SHARED_STATIC / href.removeprefix("/static/")))
    digest = hashlib.sha256()
    for url, path in entries:
        digest.update(url.encode() + b"\0" + path.read_bytes() + b"\0")
    urls = ["/", *(url for url, _ in entries if url != "/index.html")]
    return digest.hexdigest()[:16], urls


@lru_cache(maxsize=256)
def _minified(path: Path, version: tuple[int, int]) -> str:
    del version  # part of the cache key: a changed file is minified again
    minified: str = jsmin(path.read_text(encoding="utf-8"))
    return minified


def minified_script(path: Path) -> str:
    """The script at ``path`` without comments and spare white space (rjsmin keeps strings,
    template literals and regular expressions as written)."""
    stat = path.stat()
    return _minified(path, (stat.st_mtime_ns, stat.st_size))


def _is_own_script(path: Path) -> bool:
    return path.suffix in {".js", ".mjs"} and "vendor" not in path.relative_to(PWA).parts


def _file(path: Path, headers: dict[str, str]) -> File:
    media_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    return File(
        path,
        media_type=media_type or "application/octet-stream",
        headers=headers,
        content_disposition_type="inline",
    )


def pwa_router(public_url: str, *, minify_scripts: bool = True) -> Router:
    """``/`` (the shell) and every file of ``pwa/`` with its headers; the app's own scripts
    minified unless ``minify_scripts`` is off."""
    headers = _security_headers(public_url)

    @get("/", include_in_schema=False, name="wallet:shell")
    async def shell() -> File:
        return _file(PWA / "index.html", headers)

    @get("/shell.js", include_in_schema=False, name="wallet:shell-list")
    async def shell_list() -> Response[str]:
        version, urls = app_shell()
        body = (
            "// The app shell, made by wallet_api/web.py from the files of pwa/.\n"
            f"self.SHELL_VERSION = {json.dumps('regie-wallet-shell-' + version)};\n"
            f"self.SHELL = {json.dumps(urls, indent=2)};\n"
        )
        return Response(body, media_type="text/javascript", headers=headers)

    @get("/{file_path:path}", include_in_schema=False, name="wallet:file")
    async def pwa_file(file_path: FromPath[str]) -> File | Response[str]:
        path = _resolve(file_path)
        extra = {"Service-Worker-Allowed": "/"} if path == PWA / "sw.js" else {}
        if minify_scripts and _is_own_script(path):
            return Response(
                minified_script(path), media_type="text/javascript", headers={**headers, **extra}
            )
        return _file(path, {**headers, **extra})

    return Router(path="/", route_handlers=[shell, shell_list, pwa_file])


def shared_static() -> Router:
    """``/static``: the vendored NL Design System CSS every Regie service serves."""
    return static_files()
