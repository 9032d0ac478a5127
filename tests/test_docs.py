"""The documentation matches the code: docs/configuration.md names every setting and variable
the code reads, and the README and docs/*.md link only to files, headings and ``make`` targets
that exist."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from pydantic_settings import BaseSettings

from issuer.settings import IssuerSettings
from tests.browser.test_story_boxtel import SCREENSHOTS
from verifier.settings import VerifierSettings
from wallet_api.settings import WalletSettings

ROOT = Path(__file__).resolve().parents[1]
CONFIGURATION = ROOT / "docs" / "configuration.md"
README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS: list[type[BaseSettings]] = [IssuerSettings, VerifierSettings, WalletSettings]
SOURCES = ("bench", "issuer", "regie", "standards", "tests", "verifier", "wallet_api")

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
"""A Markdown link or image: ``[text](target)``, ``![alt](target)``."""
MAKE = re.compile(r"`make ([a-z][a-z-]*)")
"""A target the text tells to run: ``make demo``, ``make test PYTEST_WORKERS=0``."""
TARGET = re.compile(r"^([a-z][a-z -]*):(?!=)", re.MULTILINE)
"""A rule in the Makefile: ``demo: ...``, ``venv bootstrap: ...`` (not ``VAR := ...``)."""
MAKE_VARIABLE = re.compile(r"^(?:export )?([A-Z][A-Z_]*) \?=", re.MULTILINE)
"""A variable the Makefile lets its caller set: ``PYTEST_WORKERS ?= auto``."""
REGIE_VARIABLE = re.compile(r"""["'](REGIE_[A-Z0-9_]+)["']""")
"""An environment variable of Regie's own named in the code: ``os.environ.get("REGIE_...")``."""


def _variables() -> list[str]:
    names: list[str] = []
    for settings in SETTINGS:
        prefix = str(settings.model_config.get("env_prefix", ""))
        names.extend(f"{prefix}{field}".upper() for field in settings.model_fields)
    return names


def _regie_variables() -> list[str]:
    found = {
        name
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*.py")
        for name in REGIE_VARIABLE.findall(path.read_text(encoding="utf-8"))
    }
    return sorted(found)


@pytest.mark.parametrize(
    "variable",
    _variables() + _regie_variables() + MAKE_VARIABLE.findall(MAKEFILE.read_text(encoding="utf-8")),
)
def test_every_setting_is_documented(variable: str) -> None:
    assert f"`{variable}`" in CONFIGURATION.read_text(encoding="utf-8")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(document: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def _links() -> list[tuple[str, str]]:
    """Every link to something local in the documents: (document, target)."""
    found: set[tuple[str, str]] = set()
    for document in DOCUMENTS:
        text = re.sub(r"```.*?```", "", document.read_text(encoding="utf-8"), flags=re.DOTALL)
        name = str(document.relative_to(ROOT))
        found.update(
            (name, target)
            for target in LINK.findall(text)
            if not re.match(r"^[a-z][a-z0-9+.-]*:", target)  # https:, mailto:, ...
        )
    return sorted(found)


@pytest.mark.parametrize(("document", "target"), _links())
def test_every_local_link_leads_somewhere(document: str, target: str) -> None:
    """Files (the walkthrough's screenshots among them) exist; ``#anchors`` are headings."""
    path, _, anchor = unquote(target).partition("#")
    linked = (ROOT / document).parent / path if path else ROOT / document
    assert linked.exists(), f"{document} links to {target}, which does not exist"
    if anchor and linked.suffix == ".md":
        assert anchor in _anchors(linked), f"{document} links to {target}: no such heading"


def _make_targets() -> list[str]:
    named = {
        target
        for document in DOCUMENTS
        for target in MAKE.findall(document.read_text(encoding="utf-8"))
    }
    return sorted(named)


@pytest.mark.parametrize("target", _make_targets())
def test_every_make_target_named_exists(target: str) -> None:
    rules = {
        name
        for line in TARGET.findall(MAKEFILE.read_text(encoding="utf-8"))
        for name in line.split()
    }
    assert target in rules, f"the documentation names `make {target}`; the Makefile has no rule"


@pytest.mark.parametrize("name", SCREENSHOTS)
def test_every_screenshot_of_the_boxtel_story_is_there_and_in_the_readme(name: str) -> None:
    """The Boxtel story (``make screenshots``) takes these pictures; the README shows them."""
    picture = ROOT / "docs" / "screenshots" / name
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{picture}: make screenshots"
    assert f"(docs/screenshots/{name})" in README.read_text(encoding="utf-8")
