"""What the issuer's handlers share, made once at start-up (``app.state.issuer``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeAlias

from litestar.di import NamedDependency

from issuer.client_attestation import WalletAttestations
from issuer.issuance import Issuance
from issuer.keys import KeyStore
from issuer.register.source import RegisterSource
from issuer.settings import IssuerSettings
from issuer.status_lists import StatusLists

__all__ = ["Issuer", "IssuerState"]


@dataclass
class IssuerState:
    """Settings and services; handlers get it injected as ``state``."""

    settings: IssuerSettings
    keys: KeyStore
    register: RegisterSource
    status_lists: StatusLists
    issuance: Issuance
    clock: Callable[[], datetime]
    engine: Any
    attestations: WalletAttestations


Issuer: TypeAlias = NamedDependency[IssuerState]
"""How a handler asks for the state: ``issuer: Issuer``."""
