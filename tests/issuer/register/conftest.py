"""Fixtures for the register tests: the seeded register on its peildatum."""

from __future__ import annotations

from datetime import date

import pytest

from issuer.register.seeded import SeededRegister

PEILDATUM = date(2026, 11, 24)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def register() -> SeededRegister:
    """The committed test persons, with the clock on the dataset's peildatum."""
    return SeededRegister.load(clock=lambda: PEILDATUM)
