"""Whether the municipality may issue credentials about a person, and what to tell them if not.

The register decides it (see :meth:`issuer.register.model.Persoon.eligibility`); this module holds
the outcome and the texts. The texts are shown to residents: plain Dutch (B1) with English, saying
what is the matter, why we cannot help, and what they can do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = ["MESSAGES", "Eligibility", "Message", "Refusal"]


class Refusal(StrEnum):
    """Why the municipality does not issue; the value is the stable machine code."""

    DECEASED = "deceased"
    UNKNOWN_ADDRESS = "unknown_address"
    EMIGRATED = "emigrated"
    REGISTRATION_ENDED = "registration_ended"


@dataclass(frozen=True, slots=True)
class Message:
    nl: str
    en: str


MESSAGES: Final[dict[Refusal, Message]] = {
    Refusal.DECEASED: Message(
        nl=(
            "Volgens de Basisregistratie Personen (BRP) is deze persoon overleden. "
            "Daarom kunnen wij voor deze persoon geen gegevens in een wallet zetten. "
            "Klopt dit niet? Neem dan contact op met de gemeente."
        ),
        en=(
            "According to the Personal Records Database (BRP), this person has died. "
            "That is why we cannot put details about this person in a wallet. "
            "Is this not right? Then please contact the municipality."
        ),
    ),
    Refusal.UNKNOWN_ADDRESS: Message(
        nl=(
            "In de Basisregistratie Personen (BRP) staat niet waar u woont. "
            "Daarom kunnen wij uw gegevens nu niet in uw wallet zetten. "
            "Geef uw adres door aan de gemeente waar u woont. Daarna kunt u het opnieuw proberen."
        ),
        en=(
            "The Personal Records Database (BRP) does not show where you live. "
            "That is why we cannot put your details in your wallet now. "
            "Please give your address to the municipality where you live. Then you can try again."
        ),
    ),
    Refusal.EMIGRATED: Message(
        nl=(
            "Volgens de Basisregistratie Personen (BRP) woont u in het buitenland. "
            "Daarom kunnen wij uw gegevens niet in uw wallet zetten. "
            "Woont u weer in Nederland? Schrijf u dan in bij de gemeente waar u woont."
        ),
        en=(
            "According to the Personal Records Database (BRP), you live abroad. "
            "That is why we cannot put your details in your wallet. "
            "Do you live in the Netherlands again? Then register with the municipality "
            "where you live."
        ),
    ),
    Refusal.REGISTRATION_ENDED: Message(
        nl=(
            "Uw inschrijving in de Basisregistratie Personen (BRP) is gestopt. "
            "Daarom kunnen wij uw gegevens niet in uw wallet zetten. "
            "Heeft u vragen? Neem dan contact op met de gemeente."
        ),
        en=(
            "Your registration in the Personal Records Database (BRP) has ended. "
            "That is why we cannot put your details in your wallet. "
            "Do you have questions? Then please contact the municipality."
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The outcome: eligible when ``refusal`` is ``None``, otherwise the reason and its texts."""

    refusal: Refusal | None = None

    @property
    def eligible(self) -> bool:
        return self.refusal is None

    @property
    def code(self) -> str | None:
        return self.refusal.value if self.refusal else None

    @property
    def message(self) -> Message | None:
        """What to tell the resident, in Dutch and English; ``None`` when eligible."""
        return MESSAGES[self.refusal] if self.refusal else None
