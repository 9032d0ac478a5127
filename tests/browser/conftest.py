"""Browser tests: Debian's Chromium driven by Playwright, against real servers.

Fixtures for every wallet browser test:

- ``world`` (session): the issuer, verifier and wallet provider as ``regie serve`` processes
  on 127.0.0.1 with temporary data directories; ``wallet_url``, ``issuer_url`` and
  ``verifier_url`` start the one a test needs (the verifier also starts the issuer).
- ``browser`` (module) and ``page`` (a fresh off-the-record context per test); ``dutch_page``
  the same with ``locale="nl-NL"``; ``phone`` and ``desktop`` a phone's and a computer's
  screen, in Dutch.
- ``installable_page``: a page in a Chromium with a profile on disk (install checks refuse
  incognito contexts).
- ``camera``: ``camera(code)`` starts a Chromium whose camera shows ``code`` as a QR code (a
  Y4M video, :mod:`tests.browser.camera`) and returns a page in it; ``code`` is a text, or
  the real code of an issuer's or verifier's page
  (``matrix_from_svg(page.locator("svg.regie-qr").evaluate("e => e.outerHTML"))``).
- ``camera_phone``: the resident's phone (a phone's screen, in Dutch) with a camera that shows
  nothing yet; ``camera_phone.point_at(code)`` before each scan (one wallet, several codes).

Every test here is marked ``browser``; without Chromium they fail, saying how to install it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.browser.camera import Matrix, write_qr_video
from tests.browser.chromium import MISSING, chromium_path, launch, launch_persistent
from tests.browser.wallet import CameraPhone, desktop_context, phone_context
from tests.browser.world import World

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Path:
    found = chromium_path()
    if found is None:
        pytest.fail(MISSING, pytrace=False)
    return found


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Per module, not per session: while Playwright's sync API runs, its event loop counts as
    running in this thread, and the other tests this process runs (``asyncio.run``) fail."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium: Path) -> Iterator[Browser]:
    launched = launch(playwright, chromium)
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page on a phone's screen (390 x 844, touch), in Dutch."""
    context = phone_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    """A page on a computer's screen (1280 x 800), in Dutch."""
    context = desktop_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def dutch_page(browser: Browser) -> Iterator[Page]:
    """Like ``page``, with ``locale="nl-NL"``: the wallet speaks Dutch (assert Dutch texts)."""
    context = browser.new_context(locale="nl-NL")
    yield context.new_page()
    context.close()


@pytest.fixture
def installable_page(playwright: Playwright, chromium: Path, tmp_path: Path) -> Iterator[Page]:
    context = launch_persistent(playwright, chromium, tmp_path / "profile")
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


@pytest.fixture
def camera(
    playwright: Playwright, chromium: Path, tmp_path: Path
) -> Iterator[Callable[[str | Matrix], Page]]:
    """``camera(code)``: a page in a Chromium whose camera shows ``code`` as a QR code."""
    browsers: list[Browser] = []

    def open_with(code: str | Matrix) -> Page:
        video = write_qr_video(code, tmp_path / f"camera-{len(browsers)}.y4m")
        browsers.append(launch(playwright, chromium, camera=video))
        return browsers[-1].new_context().new_page()

    yield open_with
    for launched in browsers:
        launched.close()


@pytest.fixture
def camera_phone(playwright: Playwright, chromium: Path, tmp_path: Path) -> Iterator[CameraPhone]:
    """A phone's screen in a Chromium whose camera shows a blank picture until pointed at a code
    (:meth:`CameraPhone.point_at`)."""
    video = write_qr_video([[False] * 21] * 21, tmp_path / "phone-camera.y4m")
    launched = launch(playwright, chromium, camera=video)
    yield CameraPhone(phone_context(launched).new_page(), video)
    launched.close()


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    started = World(tmp_path_factory.mktemp("world"))
    yield started
    started.close()


@pytest.fixture(scope="session")
def wallet_url(world: World) -> str:
    return world.start("wallet")


@pytest.fixture(scope="session")
def issuer_url(world: World) -> str:
    return world.start("issuer")


@pytest.fixture(scope="session")
def verifier_url(world: World) -> str:
    return world.start("verifier")
