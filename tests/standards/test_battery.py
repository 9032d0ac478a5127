"""Runs every row of the bad-input battery (see ``battery.py``)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.standards
from tests.standards.battery import Case


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in pkgutil.iter_modules(tests.standards.__path__):
        if module.name.startswith("cases_"):
            cases.extend(importlib.import_module(f"tests.standards.{module.name}").CASES)
    return cases


CASES = _all_cases()


def test_battery_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_battery(case: Case) -> None:
    with pytest.raises(case.expected) as info:
        case.run()
    assert type(info.value) is case.expected, f"{type(info.value).__name__}: {info.value}"
    assert info.value.code == case.expected.code
