"""The statuses a case goes through, and the texts the resident gets at each change."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CaseStatusCode"]


class CaseStatusCode(StrEnum):
    """A case's status (the ZGW ``statustype`` of our catalogue), stored by its Dutch name."""

    RECEIVED = "ontvangen"
    IN_TREATMENT = "in_behandeling"
    MORE_INFORMATION_NEEDED = "meer_informatie_nodig"
    DECIDED = "besloten"

    @property
    def label_nl(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    @property
    def message_nl(self) -> str:
        return _MESSAGES[self][0]

    @property
    def message_en(self) -> str:
        return _MESSAGES[self][1]

    @property
    def final(self) -> bool:
        """The last status: the case has its result (ZGW sets ``einddatum``)."""
        return self is CaseStatusCode.DECIDED


_LABELS = {
    CaseStatusCode.RECEIVED: ("Ontvangen", "Received"),
    CaseStatusCode.IN_TREATMENT: ("In behandeling", "In treatment"),
    CaseStatusCode.MORE_INFORMATION_NEEDED: ("Meer informatie nodig", "More information needed"),
    CaseStatusCode.DECIDED: ("Besloten", "Decided"),
}

_MESSAGES = {
    CaseStatusCode.RECEIVED: (
        "We hebben uw aanvraag {identification} ontvangen.",
        "We have received your application {identification}.",
    ),
    CaseStatusCode.IN_TREATMENT: (
        "We werken nu aan uw aanvraag {identification}.",
        "We are now working on your application {identification}.",
    ),
    CaseStatusCode.MORE_INFORMATION_NEEDED: (
        "We hebben meer informatie van u nodig voor aanvraag {identification}.",
        "We need more information from you for application {identification}.",
    ),
    CaseStatusCode.DECIDED: (
        "Er is een besluit over uw aanvraag {identification}.",
        "A decision has been made on your application {identification}.",
    ),
}
