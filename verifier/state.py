"""What the verifier's handlers share, made once at start-up (``app.state.verifier``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias

import httpx
from litestar.di import NamedDependency

from verifier.relying_parties import Signer
from verifier.settings import VerifierSettings
from verifier.verification.status import StatusLists
from verifier.verification.trust import TrustList

__all__ = ["Verifier", "VerifierState"]


@dataclass
class VerifierState:
    """Settings and services; handlers get it injected as ``verifier``."""

    settings: VerifierSettings
    signers: dict[str, Signer]
    """Per relying party slug."""
    secret: bytes
    trust: TrustList
    status_lists: StatusLists
    http: httpx.AsyncClient
    clock: Callable[[], datetime]
    engine: Any


Verifier: TypeAlias = NamedDependency[VerifierState]
"""How a handler asks for the state: ``verifier: Verifier``."""
