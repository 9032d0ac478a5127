"""``/api/wallet-instances``: register a wallet instance, read its status, delete it.

Thin handlers: parse, call :mod:`wallet_api.instances` in one transaction, shape the answer.
Challenge and registration requests are rate-limited per address.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post
from litestar.datastructures import State
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import HeaderParameter, JSONBody, PathParameter
from litestar.response import Response
from pydantic import BaseModel, ConfigDict, Field

from wallet_api.db.models import WalletInstance
from wallet_api.instances import (
    ProofCheck,
    delete_instance,
    find_instance,
    new_challenge,
    register_instance,
)
from wallet_api.state import WalletState

__all__ = ["WalletInstanceController", "rate_limit"]

NO_STORE = {"Cache-Control": "no-store"}


class Registration(BaseModel):
    """``POST /api/wallet-instances``: the app's public key and its signed challenge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    public_key: dict[str, Any] = Field(max_length=16)
    """A public JWK, P-256 (``kty`` ``EC``, ``crv``, ``x``, ``y``)."""
    proof: str = Field(min_length=1, max_length=4096)
    """Compact JWS ``wallet-instance-proof+jwt`` over the challenge's nonce."""


def rate_limit(per_minute: int) -> RateLimitConfig:
    """Per address and worker, on the POSTs (challenges and registrations)."""
    return RateLimitConfig(
        rate_limit=("minute", per_minute),
        check_throttle_handler=_is_post,
        set_rate_limit_headers=True,
    )


def _is_post(request: Request[Any, Any, Any]) -> bool:
    return request.method == "POST"


def _instance(instance: WalletInstance) -> dict[str, Any]:
    return {
        "id": instance.id,
        "status": instance.status,
        "created_at": instance.created_at.isoformat(),
        "deleted_at": instance.deleted_at.isoformat() if instance.deleted_at else None,
    }


def _check(wallet: WalletState) -> ProofCheck:
    return ProofCheck(
        audience=wallet.settings.public_url,
        now=wallet.clock(),
        max_age=timedelta(seconds=wallet.settings.proof_max_age_seconds),
    )


class WalletInstanceController(Controller):
    """The wallet instance registration API."""

    path = "/api/wallet-instances"

    @post("/challenges", status_code=201, name="wallet-instances:challenge")
    async def challenge(self, state: State) -> Response[dict[str, str]]:
        wallet: WalletState = state.wallet
        now: datetime = wallet.clock()
        ttl = timedelta(seconds=wallet.settings.challenge_ttl_seconds)
        async with wallet.sessions.begin() as session:
            made = await new_challenge(session, now=now, ttl=ttl)
        body = {"nonce": made.nonce, "expires_at": made.expires_at.isoformat()}
        return Response(body, status_code=201, headers=NO_STORE)

    @post("/", status_code=201, name="wallet-instances:register")
    async def register(
        self, state: State, data: JSONBody[Registration]
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await register_instance(
                session, public_key=data.public_key, proof=data.proof, check=_check(wallet)
            )
            body = _instance(instance)
        location = f"/api/wallet-instances/{instance.id}"
        return Response(body, status_code=201, headers={**NO_STORE, "Location": location})

    @get("/{instance_id:str}", name="wallet-instances:status")
    async def status(
        self, state: State, instance_id: Annotated[str, PathParameter(max_length=64)]
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions() as session:
            body = _instance(await find_instance(session, instance_id))
        return Response(body, headers=NO_STORE)

    @delete("/{instance_id:str}", status_code=204, name="wallet-instances:delete")
    async def remove(
        self,
        state: State,
        instance_id: Annotated[str, PathParameter(max_length=64)],
        proof: Annotated[str, HeaderParameter(name="Wallet-Instance-Proof", max_length=4096)],
    ) -> Response[None]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            await delete_instance(session, instance_id, proof=proof, check=_check(wallet))
        return Response(None, status_code=204, headers=NO_STORE)
