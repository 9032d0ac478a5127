"""The refusal a resident whose address the register does not know reads, word for word: what
is the matter, why we cannot help, and what to do, in plain Dutch (B1) and plain English."""

from __future__ import annotations

from issuer.register.eligibility import MESSAGES, Refusal


def test_unknown_address_tells_the_resident_to_give_the_address_to_the_municipality() -> None:
    message = MESSAGES[Refusal.UNKNOWN_ADDRESS]
    assert message.nl == (
        "In de Basisregistratie Personen (BRP) staat niet waar u woont. "
        "Daarom kunnen wij uw gegevens nu niet in uw wallet zetten. "
        "Geef uw adres door aan de gemeente waar u woont. Daarna kunt u het opnieuw proberen."
    )
    assert message.en == (
        "The Personal Records Database (BRP) does not show where you live. "
        "That is why we cannot put your details in your wallet now. "
        "Please give your address to the municipality where you live. Then you can try again."
    )
