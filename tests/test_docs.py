"""The documentation names every setting a service reads (docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from issuer.settings import IssuerSettings
from verifier.settings import VerifierSettings
from wallet_api.settings import WalletSettings

CONFIGURATION = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"
SETTINGS: list[type[BaseSettings]] = [IssuerSettings, VerifierSettings, WalletSettings]


def _variables() -> list[str]:
    names: list[str] = []
    for settings in SETTINGS:
        prefix = str(settings.model_config.get("env_prefix", ""))
        names.extend(f"{prefix}{field}".upper() for field in settings.model_fields)
    return names


@pytest.mark.parametrize("variable", _variables())
def test_every_setting_is_documented(variable: str) -> None:
    assert f"`{variable}`" in CONFIGURATION.read_text(encoding="utf-8")
