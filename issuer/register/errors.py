"""What can go wrong when the issuer asks the population register (BRP) about a person.

Each class stands for one failure and carries, like :mod:`standards.errors`:

- ``code``: a stable machine code, for logs, tests and translation tables;
- ``title_nl`` and ``title_en``: a plain sentence for the resident, in Dutch (B1) and English;
- ``detail``: the specific reason for this instance, in English, for logs and developers. It never
  holds personal data (no BSN, no name), so it can be logged as it is.

A person the register does not know is not an error: the lookups return ``None`` (or leave the
person out). A person the register knows but for whom the municipality must not issue
(deceased, emigrated, unknown address) is not an error either: see
:meth:`issuer.register.model.Persoon.eligibility`.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = ["InvalidBsn", "RegisterError", "RegisterUnavailable"]


class RegisterError(Exception):
    """A lookup in the population register could not be done."""

    code: ClassVar[str] = "register"
    title_nl: ClassVar[str] = "Wij kunnen uw gegevens nu niet ophalen."
    title_en: ClassVar[str] = "We cannot get your details right now."

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.title_en
        super().__init__(self.detail)


class InvalidBsn(RegisterError, ValueError):
    """The citizen service number fails the 11-test (or is not nine digits): no lookup is done."""

    code = "register.invalid_bsn"
    title_nl = (
        "Dit burgerservicenummer (BSN) klopt niet. Controleer het nummer en probeer het opnieuw."
    )
    title_en = "This citizen service number (BSN) is not valid. Check the number and try again."


class RegisterUnavailable(RegisterError):
    """The register did not answer usefully: network, timeout, refused key, 5xx, bad response.

    ``reason`` says which (``network``, ``timeout``, ``unauthorized``, ``rejected``,
    ``rate_limited``, ``server_error``, ``unexpected_status``, ``response_too_large``,
    ``invalid_response``); ``status`` is the HTTP status where there was one.
    """

    code = "register.unavailable"
    title_nl = (
        "Wij kunnen uw gegevens nu niet ophalen bij de Basisregistratie Personen (BRP). "
        "Dat ligt niet aan u. Probeer het over een paar minuten opnieuw."
    )
    title_en = (
        "We cannot get your details from the Personal Records Database (BRP) right now. "
        "This is not your fault. Please try again in a few minutes."
    )

    def __init__(self, detail: str, *, reason: str, status: int | None = None) -> None:
        self.reason = reason
        self.status = status
        super().__init__(detail)
