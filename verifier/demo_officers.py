"""Test accounts for officers, in the demo only (``VERIFIER_DEMO_OFFICERS=true``, which
``regie demo`` sets): one per relying party, ``demo-{slug}``, with a random password.

The passwords are made on first start and kept in ``DATA_DIR/demo-officers.txt`` (mode 600),
clearly marked as test accounts; none is written in the code. A verifier with an ``https``
public URL refuses to make them: production officers come from ``regie verifier officer add``.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from regie.accounts import create_account
from regie.pki import load_or_create_private_file
from verifier.db.tables import Officer, OfficerRelyingParty, RelyingParty
from verifier.state import VerifierState

__all__ = ["FILE", "demo_officers_lifespan", "ensure_demo_officers"]

FILE = "demo-officers.txt"
HEADER = "TESTACCOUNTS, alleen voor de demo / TEST ACCOUNTS, demo only"
log = logging.getLogger(__name__)


def _passwords(slugs: list[str]) -> bytes:
    accounts = {f"demo-{slug}": secrets.token_urlsafe(12) for slug in slugs}
    return (HEADER + "\n" + json.dumps(accounts, indent=2) + "\n").encode()


async def ensure_demo_officers(state: VerifierState) -> dict[str, str]:
    """Make the missing demo officers; ``{username: password}`` as kept in the file."""
    if state.settings.https:
        raise ValueError("VERIFIER_DEMO_OFFICERS is for the local demo, not for https")
    parties = {row["slug"]: row["id"] for row in await RelyingParty.select()}
    path = state.settings.data_dir / FILE
    raw = load_or_create_private_file(path, lambda: _passwords(sorted(parties)))
    accounts: dict[str, str] = json.loads(raw.decode().split("\n", 1)[1])
    for username, password in accounts.items():
        party = parties.get(username.removeprefix("demo-"))
        if party is None:
            continue
        officer = await create_account(
            Officer, username, password, superuser=False, email_domain="demo.invalid"
        )
        if officer is not None:
            await OfficerRelyingParty(officer=officer.id, relying_party=party).save()
    log.warning("demo officers (test accounts): usernames and passwords in %s", path)
    return accounts


def demo_officers_lifespan(
    state: VerifierState,
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A lifespan that makes the demo officers at start-up when the setting asks for them."""

    @asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        if state.settings.demo_officers:
            await ensure_demo_officers(state)
        yield

    return lifespan
