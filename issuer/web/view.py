"""What the resident sees of each credential: its name, what it is for, and their own values.

The values are built exactly as the credential will hold them (the catalogue's builders), and
labelled with the type metadata's names for the page's language, so the page shows what goes
into the wallet, not a paraphrase of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from issuer.credentials import CATALOGUE, CredentialType
from issuer.register.datum import lang_formaat
from issuer.register.model import Persoon
from regie.web.i18n import Translator

__all__ = ["ClaimRow", "CredentialView", "credential_views", "format_date"]

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTHS_EN: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class ClaimRow:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class CredentialView:
    configuration_id: str
    name: str
    description: str
    claims: tuple[ClaimRow, ...]


def format_date(value: date, lang: str) -> str:
    """``14 maart 1979`` or ``14 March 1979``."""
    if lang == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return lang_formaat(value)


def _value(value: Any, t: Translator) -> str:
    if isinstance(value, bool):
        return t("value.yes") if value else t("value.no")
    if isinstance(value, list):
        return ", ".join(_value(item, t) for item in value)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return format_date(date.fromisoformat(value), t.lang)
    return str(value)


def _view(
    credential: CredentialType,
    person: Persoon,
    household: Sequence[Persoon],
    today: date,
    t: Translator,
) -> CredentialView:
    claims = credential.build(person, household, today)
    metadata = credential.metadata
    rows = tuple(
        ClaimRow(metadata.claim_label(claim.path, t.lang), _value(claims[name], t))
        for claim in metadata.claims
        if len(claim.path) == 1 and isinstance(name := claim.path[0], str) and name in claims
    )
    description = next((d.description for d in metadata.display if d.locale == t.lang), None)
    return CredentialView(
        configuration_id=credential.configuration_id,
        name=metadata.display_name(t.lang),
        description=description or "",
        claims=rows,
    )


def credential_views(
    person: Persoon, household: Sequence[Persoon], today: date, t: Translator
) -> list[CredentialView]:
    """Every credential the issuer offers, filled with this person's values."""
    return [_view(credential, person, household, today, t) for credential in CATALOGUE.values()]
