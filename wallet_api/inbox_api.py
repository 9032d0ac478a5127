"""The inbox over HTTP: mailboxes, messages, read receipts and push subscriptions.

Two kinds of callers, each authenticated its own way:

- the wallet, as its registered instance: the header ``Wallet-Instance-Proof`` carries a proof
  over a fresh challenge, signed with the instance key (:func:`wallet_api.instances.
  authenticate_instance`), on every call under ``/api/wallet-instances/{id}/...``;
- a relying party (or the issuer), at the mailbox's capability URL ``/api/mailboxes/{token}``:
  its messages and state queries are JWS signed with the key of its certificate
  (:mod:`wallet_api.senders`).

Thin handlers: parse, call :mod:`wallet_api.mailboxes` and :mod:`wallet_api.push` in one
transaction, shape the answer.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, delete, get, post, put
from litestar.datastructures import State
from litestar.params import HeaderParameter, JSONBody, PathParameter, QueryParameter
from litestar.response import Response
from pydantic import BaseModel, ConfigDict, Field

from wallet_api.db.models import WalletInstance
from wallet_api.db.provider import Mailbox, MailboxMessage
from wallet_api.errors import WalletError
from wallet_api.instances import ProofCheck, authenticate_instance
from wallet_api.mailboxes import (
    IMPORTANCE,
    MessageLimits,
    create_mailbox,
    delete_mailbox,
    find_message,
    mailbox_url,
    mark_read,
    open_mailbox,
    store_message,
    wallet_messages,
)
from wallet_api.provider import ProviderState
from wallet_api.push import queue_push, subscribe, unsubscribe
from wallet_api.senders import (
    MESSAGE_TYP,
    SENDER_PROOF_TYP,
    SenderCheck,
    check_sender_id,
    sender_of,
    verify_sender_jws,
)
from wallet_api.state import WalletState

__all__ = [
    "MailboxController",
    "WalletInboxController",
    "proof_check",
    "too_large",
    "wallet_instance",
]

NO_STORE = {"Cache-Control": "no-store"}
InstanceId = Annotated[str, PathParameter(max_length=64)]
Token = Annotated[str, PathParameter(max_length=64)]
Proof = Annotated[str, HeaderParameter(name="Wallet-Instance-Proof", max_length=4096)]


def too_large(limit: int, title_en: str, title_nl: str) -> WalletError:
    """413 ``request_too_large`` with the limit that applies."""
    return WalletError(
        "request_too_large",
        413,
        title_en=title_en,
        title_nl=title_nl,
        detail_en=f"at most {limit} bytes",
        detail_nl=f"hoogstens {limit} bytes",
    )


def proof_check(wallet: WalletState) -> ProofCheck:
    return ProofCheck(
        audience=wallet.settings.public_url,
        now=wallet.clock(),
        max_age=timedelta(seconds=wallet.settings.proof_max_age_seconds),
    )


async def wallet_instance(
    session: Any, wallet: WalletState, instance_id: str, proof: str
) -> WalletInstance:
    """The active instance ``instance_id`` once its proof holds (used up in ``session``)."""
    instance: WalletInstance = await authenticate_instance(
        session, instance_id, proof=proof, check=proof_check(wallet)
    )
    return instance


class NewMailbox(BaseModel):
    """``POST .../mailboxes``: the key messages are encrypted to, and the sender if known."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    encryption_key: dict[str, Any] = Field(max_length=16)
    sender: str | None = Field(default=None, min_length=3, max_length=300)


class ReadReceipts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ids: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(max_length=200)


class PushSettings(BaseModel):
    """``PUT .../push``: the Push API subscription and the resident's choice per sender."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subscription: dict[str, Any] = Field(max_length=8)
    allow_by_default: bool = True
    senders: dict[Annotated[str, Field(max_length=300)], bool] = Field(default_factory=dict)


def _message(message: MailboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "mailbox": message.mailbox_id,
        "sender": message.sender,
        "kind": message.kind,
        "importance": message.importance,
        "content": message.content,
        "received_at": message.received_at.isoformat(),
        "read_at": message.read_at.isoformat() if message.read_at else None,
    }


def _state(message: MailboxMessage) -> dict[str, Any]:
    """What the sender may know: when the message arrived, reached the wallet, was read."""
    state = "read" if message.read_at else "delivered" if message.fetched_at else "received"
    return {
        "id": message.id,
        "jti": message.jti,
        "state": state,
        "received_at": message.received_at.isoformat(),
        "delivered_at": message.fetched_at.isoformat() if message.fetched_at else None,
        "read_at": message.read_at.isoformat() if message.read_at else None,
    }


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise WalletError(
            "invalid_request",
            400,
            title_en="since must be an ISO 8601 date-time with a time zone.",
            title_nl="since moet een ISO 8601-tijdstip met tijdzone zijn.",
        )
    return moment


class WalletInboxController(Controller):
    """The wallet's side: make and delete mailboxes, fetch messages, send read receipts, push
    settings."""

    path = "/api/wallet-instances/{instance_id:str}"

    @post("/mailboxes", status_code=201, name="inbox:new-mailbox")
    async def new_mailbox(
        self, state: State, instance_id: InstanceId, proof: Proof, data: JSONBody[NewMailbox]
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        sender = check_sender_id(data.sender) if data.sender is not None else None
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            mailbox, token = await create_mailbox(
                session,
                instance,
                encryption_key=data.encryption_key,
                sender=sender,
                now=wallet.clock(),
            )
            body = {
                "id": mailbox.id,
                "url": mailbox_url(wallet.settings.public_url, token),
                "sender": mailbox.sender,
            }
        return Response(body, status_code=201, headers=NO_STORE)

    @delete("/mailboxes/{mailbox_id:str}", status_code=204, name="inbox:delete-mailbox")
    async def delete_unused_mailbox(
        self,
        state: State,
        instance_id: InstanceId,
        proof: Proof,
        mailbox_id: Annotated[str, PathParameter(max_length=32)],
    ) -> None:
        """A mailbox that reached nobody (the case did not go through); kept once it holds a
        message (``mailbox_in_use``, 409)."""
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            await delete_mailbox(session, instance, mailbox_id)

    @get("/messages", name="inbox:messages")
    async def messages(
        self,
        state: State,
        instance_id: InstanceId,
        proof: Proof,
        since: Annotated[str | None, QueryParameter(max_length=64)] = None,
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            rows = await wallet_messages(session, instance, since=_since(since), now=wallet.clock())
            body = {"messages": [_message(message) for message, _ in rows]}
        return Response(body, headers=NO_STORE)

    @post("/messages/read", status_code=200, name="inbox:read")
    async def read(
        self, state: State, instance_id: InstanceId, proof: Proof, data: JSONBody[ReadReceipts]
    ) -> Response[dict[str, int]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            changed = await mark_read(session, instance, data.ids, now=wallet.clock())
        return Response({"read": changed}, headers=NO_STORE)

    @put("/push", name="inbox:push")
    async def push_settings(
        self, state: State, instance_id: InstanceId, proof: Proof, data: JSONBody[PushSettings]
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            instance = await wallet_instance(session, wallet, instance_id, proof)
            row = await subscribe(
                session,
                instance,
                subscription=data.subscription,
                allow_by_default=data.allow_by_default,
                senders=data.senders,
                now=wallet.clock(),
            )
            body = {"allow_by_default": row.allow_by_default, "senders": row.senders}
        return Response(body, headers=NO_STORE)

    @delete("/push", status_code=204, name="inbox:push-off")
    async def push_off(self, state: State, instance_id: InstanceId, proof: Proof) -> None:
        wallet: WalletState = state.wallet
        async with wallet.sessions.begin() as session:
            await unsubscribe(session, await wallet_instance(session, wallet, instance_id, proof))


def _sender_check(wallet: WalletState, provider: ProviderState, url: str) -> SenderCheck:
    return SenderCheck(
        audience=url,
        now=wallet.clock(),
        max_age=timedelta(seconds=wallet.settings.mailbox_message_max_age_seconds),
        anchors=provider.keys.trust_anchors(),
    )


def _public(mailbox: Mailbox, max_bytes: int) -> dict[str, Any]:
    return {
        "encryption_key": mailbox.encryption_key,
        "sender": mailbox.sender,
        "message_typ": MESSAGE_TYP,
        "importance": list(IMPORTANCE),
        "max_message_bytes": max_bytes,
    }


class MailboxController(Controller):
    """The senders' side, at the capability URL: read the key, post, ask a message's state."""

    path = "/api/mailboxes/{token:str}"

    @get("/", name="mailbox:key")
    async def key(self, state: State, token: Token) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        async with wallet.sessions() as session:
            mailbox = await open_mailbox(session, token)
        return Response(
            _public(mailbox, wallet.settings.mailbox_max_message_bytes), headers=NO_STORE
        )

    @post("/messages", status_code=201, name="mailbox:post")
    async def post_message(
        self, state: State, token: Token, request: Request[Any, Any, Any]
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        provider: ProviderState = state.provider
        limit = wallet.settings.mailbox_max_message_bytes
        body = await request.body()
        if len(body) > limit:
            raise too_large(limit, "The message is too large.", "Het bericht is te groot.")
        url = mailbox_url(wallet.settings.public_url, token)
        verified = verify_sender_jws(
            body.decode("ascii", errors="replace").strip(),
            typ=MESSAGE_TYP,
            check=_sender_check(wallet, provider, url),
            max_size=limit,
        )
        now = wallet.clock()
        async with wallet.sessions.begin() as session:
            mailbox = await open_mailbox(session, token, for_update=True)
            message, created = await store_message(
                session,
                mailbox,
                leaf=verified.leaf,
                payload=verified.payload,
                limits=MessageLimits(per_hour=wallet.settings.mailbox_rate_limit, now=now),
            )
            pushed = created and await queue_push(session, message, mailbox, now=now)
            answer = _state(message)
        if pushed:
            provider.pusher.wake()
        location = f"{url}/messages/{message.id}"
        return Response(
            answer, status_code=201 if created else 200, headers={**NO_STORE, "Location": location}
        )

    @get("/messages/{message_id:str}", name="mailbox:state")
    async def message_state(
        self,
        state: State,
        token: Token,
        message_id: Annotated[str, PathParameter(max_length=32)],
        proof: Annotated[str, HeaderParameter(name="Mailbox-Sender-Proof", max_length=65536)],
    ) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        provider: ProviderState = state.provider
        url = mailbox_url(wallet.settings.public_url, token)
        verified = verify_sender_jws(
            proof, typ=SENDER_PROOF_TYP, check=_sender_check(wallet, provider, url), max_size=65536
        )
        async with wallet.sessions() as session:
            mailbox = await open_mailbox(session, token)
            if mailbox.sender is None:
                raise WalletError(
                    "not_found", 404, title_en="No such message.", title_nl="Geen zo'n bericht."
                )
            sender_of(verified.leaf, mailbox.sender)
            message = await find_message(session, mailbox, message_id)
        return Response(_state(message), headers=NO_STORE)
