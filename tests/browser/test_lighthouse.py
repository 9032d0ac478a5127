"""Issue 7, accessibility: Lighthouse (``tools/lighthouse``, pinned) scores accessibility 100 and
best practices at least 95 on the wallet's main screens and the relying parties' pages, driven
through the story in Debian's Chromium (:mod:`tests.browser.lighthouse`); ``make lighthouse``
runs the same audit and writes ``docs/accessibility.md``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Playwright

from tests.browser.lighthouse import THRESHOLDS, Audit, Step, audit_regie, write_report
from tests.browser.world import World

A11Y_AUDITS = 15
"""Fewer accessibility audits applying to a page means the page was not what it should be."""


@pytest.mark.timeout(900)
def test_every_audited_page_meets_the_floors(
    world: World, playwright: Playwright, chromium: Path
) -> None:
    audit = audit_regie(world, playwright, chromium, None)
    modes = [step.mode for step in audit.steps]
    assert modes.count("navigation") == 4
    assert modes.count("snapshot") == 17
    assert all(step.checked["accessibility"] >= A11Y_AUDITS for step in audit.steps)
    failures = {step.name: step.problems() for step in audit.failures()}
    assert failures == {}


def step(name: str, accessibility: int, best_practices: int) -> Step:
    return Step(
        name=name,
        mode="snapshot",
        url="http://127.0.0.1:1/",
        report=None,
        warnings=[],
        scores={"accessibility": accessibility, "best-practices": best_practices},
        checked={"accessibility": 20, "best-practices": 6},
        failing=[],
    )


def test_the_floors_are_the_issues() -> None:
    assert THRESHOLDS == {"accessibility": 100, "best-practices": 95}
    assert step("a", 100, 95).passes()
    assert not step("b", 99, 100).passes()
    assert not step("c", 100, 94).passes()


def test_the_report_replaces_only_its_table(tmp_path: Path) -> None:
    path = tmp_path / "accessibility.md"
    audit = Audit("12.8.2", [step("Wallet: instellingen", 100, 96)])
    write_report(audit, path, datetime(2026, 11, 24, tzinfo=UTC))
    first = path.read_text(encoding="utf-8")
    assert "| Wallet: instellingen | snapshot | 100 (20) | 96 (6) | 2026-11-24 | 12.8.2 |" in first
    table = first[first.index("<!-- lighthouse:start") :]
    path.write_text(f"# Title\n\nOur words.\n\n{table}After.\n", encoding="utf-8")
    write_report(Audit("12.8.3", [step("Wallet: geschiedenis", 100, 100)]), path, datetime.now(UTC))
    second = path.read_text(encoding="utf-8")
    assert second.startswith("# Title\n\nOur words.\n\n")
    assert second.endswith("<!-- lighthouse:end -->\nAfter.\n")
    assert "instellingen" not in second
    assert "| Wallet: geschiedenis | snapshot | 100 (20) | 100 (6) |" in second
