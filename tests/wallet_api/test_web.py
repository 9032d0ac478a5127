"""The wallet app as the browser gets it from wallet_api: types, caching, CSP, the worker's
scope, the shared NL Design System CSS, and nothing outside ``pwa/``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.web.resident import WALLET_OFFER_PATH
from tests.wallet_api.conftest import PUBLIC_URL
from wallet_api import web
from wallet_api.app import create_app
from wallet_api.settings import WalletSettings
from wallet_api.web import PWA, app_shell, content_security_policy, minified_script

Client = TestClient[Litestar]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/css/wallet.css", "text/css; charset=utf-8"),
        ("/icons/icon-192.png", "image/png"),
        ("/icons/maskable-512.png", "image/png"),
    ],
)
def test_app_files_with_their_type(client: Client, path: str, content_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.headers["cache-control"] == "no-cache"  # revalidated on every load
    assert response.headers["x-content-type-options"] == "nosniff"


def test_shell_security_headers(client: Client) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["permissions-policy"].startswith("camera=(self)")
    assert "<script>" not in response.text  # every script is a file (strict CSP)
    assert 'href="/manifest.webmanifest"' in response.text


def test_loopback_connect_only_for_a_loopback_app() -> None:
    loopback = content_security_policy("http://127.0.0.1:8003")
    assert "http://127.0.0.1:*" in loopback
    assert "http://*.localhost:*" in loopback  # the README's verifier.localhost
    production = content_security_policy("https://wallet.example.nl")
    assert "http:" not in production.replace("https:", "")


def test_service_worker_controls_the_whole_origin(client: Client) -> None:
    assert client.get("/sw.js").headers["service-worker-allowed"] == "/"
    assert "service-worker-allowed" not in client.get("/app.js").headers


def test_manifest_meets_install_criteria(client: Client) -> None:
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200
        width = int.from_bytes(png.content[16:20], "big")
        assert f"{width}x{width}" == icon["sizes"]


def test_shared_nl_design_system_css(client: Client) -> None:
    response = client.get("/static/vendor/@utrecht/component-library-css@9.0.4/index.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


def test_service_worker_precaches_files_that_exist(client: Client) -> None:
    response = client.get("/shell.js")
    assert response.headers["content-type"].startswith("text/javascript")
    body = response.text
    urls = json.loads(body.split("self.SHELL = ", 1)[1].rstrip().rstrip(";"))
    assert {"/", "/app.js", "/js/router.js", "/manifest.webmanifest"} <= set(urls)
    assert "/sw.js" not in urls
    assert "/README.md" not in urls
    for path in urls:
        assert client.get(path).status_code == 200, path


def test_every_app_file_is_in_the_shell() -> None:
    _, urls = app_shell()
    for path in PWA.rglob("*.js"):
        if path.name != "sw.js":
            assert f"/{path.relative_to(PWA).as_posix()}" in urls, path


def test_the_shell_version_follows_the_contents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed shell file is a new version, so the browser installs the new worker."""
    copy = tmp_path / "pwa"
    shutil.copytree(PWA, copy)
    monkeypatch.setattr(web, "PWA", copy)
    before, _ = app_shell()
    (copy / "css" / "wallet.css").write_text("/* changed */\n", encoding="utf-8")
    after, _ = app_shell()
    assert before != after
    monkeypatch.setattr(web, "PWA", PWA)
    assert app_shell()[0] == app_shell()[0]


@pytest.mark.parametrize(
    "path",
    ["/nope.js", "/../pyproject.toml", "/%2e%2e/pyproject.toml", "/.hidden", "/icons/", "/css/.x"],
)
def test_nothing_outside_the_app(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_offer_link_of_the_issuer_opens_the_shell(client: Client) -> None:
    """The issuer's same-device button: ``{ISSUER_WALLET_URL}/#/offer?...``; the fragment
    never reaches the server, so the shell must be at ``/``."""
    assert WALLET_OFFER_PATH.startswith("/#")
    assert client.get(WALLET_OFFER_PATH.split("#", 1)[0]).status_code == 200


def _own_scripts() -> list[Path]:
    return sorted(p for p in PWA.rglob("*.js") if "vendor" not in p.relative_to(PWA).parts)


def test_the_apps_own_scripts_are_served_minified(client: Client) -> None:
    source = (PWA / "js" / "vault.js").read_text(encoding="utf-8")
    served = client.get("/js/vault.js")
    assert served.headers["content-type"].startswith("text/javascript")
    assert "PBKDF2_ITERATIONS" in served.text
    assert "/**" in source
    assert "/**" not in served.text
    assert len(served.text) < len(source) * 0.8
    assert served.headers["content-security-policy"].startswith("default-src 'none'")


def test_vendored_files_are_served_as_they_came(client: Client) -> None:
    for path in PWA.joinpath("vendor").rglob("*.js"):
        relative = path.relative_to(PWA).as_posix()
        assert client.get(f"/{relative}").content == path.read_bytes(), relative


def test_minifying_can_be_switched_off(tmp_path: Path) -> None:
    settings = WalletSettings(public_url=PUBLIC_URL, data_dir=tmp_path, minify_scripts=False)
    with TestClient(create_app(settings), base_url=PUBLIC_URL) as plain:
        assert plain.get("/js/vault.js").content == (PWA / "js" / "vault.js").read_bytes()


def test_every_minified_script_still_parses() -> None:
    """rjsmin keeps strings, template literals and regular expressions; node checks the syntax
    of each served script (the browser tests then run the served app as a whole)."""
    node = shutil.which("node")
    assert node is not None, "make test needs Node.js (.ci/run installs it)"
    for path in _own_scripts():
        kind = "commonjs" if path.name == "sw.js" else "module"
        checked = subprocess.run(  # noqa: S603 - node from PATH, our own files
            [node, "--check", f"--input-type={kind}"],
            input=minified_script(path),
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, f"{path}: {checked.stderr}"
