"""Piccolo app config: the verifier's tables and where their migrations live."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from verifier.db.tables import TABLES

__all__ = ["APP_CONFIG"]

APP_CONFIG = AppConfig(
    app_name="verifier",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=list(TABLES),
)
