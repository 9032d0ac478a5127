"""OpenID4VCI 1.0 §11 (Notification Endpoint): the wallet tells the issuer what became of the
credentials of one Credential Response. Idempotent (§11): a repeated identical notification
succeeds; an unknown ``notification_id`` is the issuer's to report
(:class:`~standards.errors.InvalidNotificationId`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr

from standards.errors import InvalidNotificationRequest
from standards.oid4vci._base import Message

__all__ = ["NotificationEvent", "NotificationRequest"]

NotificationEvent = Literal["credential_accepted", "credential_failure", "credential_deleted"]
"""§11.1 ``event``: case-sensitive, one of three."""


class NotificationRequest(Message):
    """OpenID4VCI 1.0 §11.1; a fault is ``invalid_notification_request`` (§11.3)."""

    invalid = InvalidNotificationRequest
    notification_id: StrictStr = Field(min_length=1)
    event: NotificationEvent
    event_description: StrictStr | None = Field(
        default=None, pattern=r"^[\x20-\x21\x23-\x5B\x5D-\x7E]*$"
    )
    """§11.1: ASCII without ``"`` and ``\\``."""
