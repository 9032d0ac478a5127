"""A wallet instance's account over HTTP: attestation, revocation code and revocation, backup.

Every call but ``revoke`` is made by the instance itself (header ``Wallet-Instance-Proof``,
see :mod:`wallet_api.inbox_api`); ``revoke`` is made from another phone with the revocation
code, because the lost one's key is gone with it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, get, post, put
from litestar.datastructures import State
from litestar.params import HeaderParameter, JSONBody, QueryParameter
from litestar.response import Response
from pydantic import BaseModel, ConfigDict, Field

from wallet_api.attestation import (
    attestation_claims,
    new_revocation_code,
    revoke_instance,
    sign_attestation,
)
from wallet_api.backup import Precondition, read_backup, write_backup
from wallet_api.errors import WalletError
from wallet_api.inbox_api import NO_STORE, InstanceId, Proof, too_large, wallet_instance
from wallet_api.provider import ProviderState
from wallet_api.state import WalletState

__all__ = ["AccountController", "BackupController", "PushKeyController"]

BackupKey = Annotated[str, HeaderParameter(name="Backup-Key", max_length=512)]


class Revocation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    revocation_code: str = Field(min_length=16, max_length=128)


class AccountController(Controller):
    """Attestations and revocation of one wallet instance."""

    path = "/api/wallet-instances/{instance_id:str}"

    @post("/attestation", status_code=201, name="account:attestation")
    async def attestation(
        self, state: State, instance_id: InstanceId, proof: Proof
    ) -> Response[dict[str, Any]]:
        """OpenID4VCI 1.0 Appendix E: a fresh, short-lived wallet attestation."""
        wallet: WalletState = state.wallet
        provider: ProviderState = state.provider
        settings = wallet.settings
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            claims = attestation_claims(
                instance,
                provider=settings.public_url,
                wallet_name=settings.wallet_name,
                now=wallet.clock(),
                ttl=timedelta(seconds=settings.attestation_ttl_seconds),
            )
        x5c = provider.keys.x5c(wallet.clock())
        token = sign_attestation(claims, provider.keys.attestation_key, x5c)
        expires = datetime.fromtimestamp(claims["exp"], UTC).isoformat()
        return Response(
            {"attestation": token, "expires_at": expires}, status_code=201, headers=NO_STORE
        )

    @post("/revocation-code", status_code=201, name="account:revocation-code")
    async def revocation_code(
        self, state: State, instance_id: InstanceId, proof: Proof
    ) -> Response[dict[str, str]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            code = await new_revocation_code(session, instance, now=wallet.clock())
        return Response({"revocation_code": code}, status_code=201, headers=NO_STORE)

    @post("/revoke", status_code=200, name="account:revoke")
    async def revoke(
        self, state: State, instance_id: InstanceId, data: JSONBody[Revocation]
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await revoke_instance(
                session, instance_id, code=data.revocation_code, now=wallet.clock()
            )
            body = {"id": instance.id, "status": instance.status}
        return Response(body, headers=NO_STORE)


class BackupController(Controller):
    """The instance's encrypted backup (see :mod:`wallet_api.backup`)."""

    path = "/api/wallet-instances/{instance_id:str}/backup"

    @put("/", name="backup:write")
    async def write(  # noqa: PLR0917 - Litestar passes parameters by name
        self,
        state: State,
        instance_id: InstanceId,
        proof: Proof,
        backup_key: BackupKey,
        request: Request[Any, Any, Any],
        if_match: Annotated[
            str | None, HeaderParameter(name="If-Match", max_length=64, required=False)
        ] = None,
        if_none_match: Annotated[
            str | None, HeaderParameter(name="If-None-Match", max_length=8, required=False)
        ] = None,
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        limit = wallet.settings.backup_max_bytes
        ciphertext = await request.body()
        if len(ciphertext) > limit:
            raise too_large(limit, "The backup is too large.", "De back-up is te groot.")
        if not ciphertext:
            raise WalletError(
                "invalid_request",
                400,
                title_en="The backup is empty.",
                title_nl="De back-up is leeg.",
            )
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            version = await write_backup(
                session,
                instance,
                backup_key=backup_key,
                ciphertext=ciphertext,
                precondition=Precondition(if_match, if_none_match),
                keep=wallet.settings.backup_versions_kept,
                now=wallet.clock(),
            )
        return Response(
            {"version": version, "size": len(ciphertext)},
            headers={**NO_STORE, "ETag": f'"{version}"'},
        )

    @get("/", name="backup:read")
    async def read(
        self,
        state: State,
        instance_id: InstanceId,
        proof: Proof,
        backup_key: BackupKey,
        version: Annotated[int | None, QueryParameter(ge=1)] = None,
    ) -> Response[bytes]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            await wallet_instance(session, wallet, instance_id, proof)
            stored = await read_backup(session, backup_key=backup_key, version=version)
        return Response(
            stored.ciphertext,
            media_type="application/octet-stream",
            headers={**NO_STORE, "ETag": stored.etag},
        )


class PushKeyController(Controller):
    """The VAPID public key the wallet subscribes with (W3C Push API ``applicationServerKey``)."""

    path = "/api/push"

    @get("/vapid-public-key", name="push:key")
    async def key(self, state: State) -> dict[str, str]:
        provider: ProviderState = state.provider
        return {"application_server_key": provider.keys.application_server_key}
