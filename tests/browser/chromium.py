"""Debian's Chromium, driven by Playwright for Python (never a browser Playwright downloads).

``.ci/run`` installs the ``chromium`` package; ``make test`` refuses to run without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Final

from playwright.sync_api import Browser, BrowserContext, Playwright

__all__ = [
    "CHROMIUM",
    "FLAGS",
    "MISSING",
    "camera_flags",
    "chromium_path",
    "launch",
    "launch_persistent",
]

CHROMIUM: Final = Path("/usr/bin/chromium")
FLAGS: Final = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")
MISSING: Final = (
    "Chromium ontbreekt: installeer het Debian-pakket `chromium` (apt-get install chromium; "
    ".ci/run doet dat). / Chromium is missing: install Debian's `chromium` package "
    "(apt-get install chromium; .ci/run does)."
)


def chromium_path() -> Path | None:
    """The system Chromium, or ``None`` when it is not installed."""
    if CHROMIUM.is_file():
        return CHROMIUM
    found = shutil.which("chromium")
    return Path(found) if found else None


def camera_flags(video: Path) -> tuple[str, ...]:
    """Chromium plays ``video`` (Y4M) as the camera and grants camera access without asking."""
    return (
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )


def launch(playwright: Playwright, executable: Path, *, camera: Path | None = None) -> Browser:
    """Headless Chromium with our flags (and the fake camera showing ``camera``)."""
    args = [*FLAGS, *(camera_flags(camera) if camera else ())]
    return playwright.chromium.launch(executable_path=executable, args=args, headless=True)


def launch_persistent(playwright: Playwright, executable: Path, profile: Path) -> BrowserContext:
    """Chromium with a profile on disk: not off the record, as the install checks need (an
    incognito context is never installable: ``in-incognito``)."""
    return playwright.chromium.launch_persistent_context(
        profile, executable_path=executable, args=list(FLAGS), headless=True
    )
