"""The issuer on a clock the test moves by hand, starting on the seeded register's peildatum.

The register's calendar follows the same clock, so ages and households are those the seed data
describe; the test holder dates its key proofs and checks its credentials by it too.
"""

from __future__ import annotations

from litestar import Litestar

from issuer.app import create_app
from issuer.register.seeded import AMSTERDAM, SeededRegister
from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from tests.issuer.holder import TestHolder
from tests.issuer.web.browser import Clock

__all__ = ["clocked_app", "on_the_clock"]


def clocked_app(settings: IssuerSettings) -> Litestar:
    """The issuer (and its seeded register) on a :class:`Clock` of its own."""
    clock = Clock()
    register = SeededRegister.load(clock=lambda: clock().astimezone(AMSTERDAM).date())
    return create_app(settings, clock=clock, register=register)


def on_the_clock(holder: TestHolder, state: IssuerState) -> Clock:
    """The issuer's clock, which ``holder`` follows from now on."""
    clock = state.clock
    assert isinstance(clock, Clock), "the issuer was not made by clocked_app"
    holder.now = lambda: clock().timestamp()
    return clock
