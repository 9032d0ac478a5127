"""The three credentials of Gemeente Boxtel, as SD-JWT VC types (``dc+sd-jwt``).

Each type has a stable ``vct`` (SD-JWT VC §2.2.2.1), a Type Metadata document with names in
Dutch and English (SD-JWT VC §5), and a builder from a register record. Every claim is
selectively disclosable (``sd: always``); the registered claims (``iss exp cnf vct status``)
never are (SD-JWT VC §2.2.2.3), which :func:`standards.sd_jwt_vc.issue_credential` enforces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from issuer.register.model import Persoon
from standards.sd_jwt import ClaimPath
from standards.sd_jwt_vc import TypeMetadata

__all__ = ["CATALOGUE", "CredentialType", "credential_type"]

AGE_PREDICATES = (12, 16, 18, 21, 65)
"""``age_over_NN`` claims: a verifier can learn "18 or older" without the birth date."""

Builder = Callable[[Persoon, Sequence[Persoon], date], dict[str, Any]]


@dataclass(frozen=True)
class CredentialType:
    """One credential configuration (OpenID4VCI §12.2.4) and how to fill it."""

    configuration_id: str
    vct: str
    metadata: TypeMetadata
    build: Builder
    needs_household: bool = False
    """Whether :attr:`build` needs everyone at the person's address (one more register call)."""

    def disclosable(self, claims: Mapping[str, Any]) -> list[ClaimPath]:
        """The paths to make disclosable: those the metadata marks ``always`` that are present.

        A ``null`` in a path (every array element) is kept, so array elements become
        Disclosures of their own (RFC 9901 §4.2.2) inside a disclosable array.
        """
        return [path for path in self.metadata.selectively_disclosable() if _present(claims, path)]


def _present(claims: Any, path: ClaimPath) -> bool:
    if not path:
        return True
    head, rest = path[0], path[1:]
    if head is None:
        return isinstance(claims, list) and bool(claims) and all(_present(c, rest) for c in claims)
    if isinstance(head, str):
        return isinstance(claims, dict) and head in claims and _present(claims[head], rest)
    return False


def _claim(path: Sequence[str | None], nl: str, en: str) -> dict[str, Any]:
    return {
        "path": list(path),
        "sd": "always",
        "display": [{"locale": "nl", "label": nl}, {"locale": "en", "label": en}],
    }


def _metadata(
    vct: str, nl: tuple[str, str], en: tuple[str, str], claims: list[dict[str, Any]]
) -> TypeMetadata:
    return TypeMetadata.parse(
        {
            "vct": vct,
            "name": en[0],
            "display": [
                {"locale": "nl", "name": nl[0], "description": nl[1]},
                {"locale": "en", "name": en[0], "description": en[1]},
            ],
            "claims": claims,
        },
        require_locales=("nl", "en"),
    )


# --- Persoonsgegevens -------------------------------------------------------------------------


def _person(person: Persoon, _household: Sequence[Persoon], today: date) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "given_name": person.given_names,
        "family_name": person.family_name,
        "birthdate": person.birthdate.isoformat() if person.birthdate else None,
        "bsn": person.bsn,
        "nationalities": list(person.nationality_descriptions),
        "place_of_birth": person.place_of_birth,
    }
    for years in AGE_PREDICATES:  # absent when the register's birth date cannot tell
        claims[f"age_over_{years}"] = person.age_predicate(years, today)
    return {name: value for name, value in claims.items() if value not in (None, [])}


PERSOON_VCT = "urn:nl:gemeente:regie:persoonsgegevens:1"
PERSOONSGEGEVENS = CredentialType(
    configuration_id="persoonsgegevens",
    vct=PERSOON_VCT,
    metadata=_metadata(
        PERSOON_VCT,
        ("Persoonsgegevens", "Uw naam, geboortedatum, BSN en nationaliteit uit de BRP."),
        ("Personal details", "Your name, date of birth, BSN and nationality from the BRP."),
        [
            _claim(["given_name"], "Voornamen", "Given names"),
            _claim(["family_name"], "Achternaam", "Family name"),
            _claim(["birthdate"], "Geboortedatum", "Date of birth"),
            _claim(["bsn"], "Burgerservicenummer (BSN)", "Citizen service number (BSN)"),
            _claim(["nationalities"], "Nationaliteit", "Nationality"),
            _claim(["place_of_birth"], "Geboorteplaats", "Place of birth"),
            *(
                _claim([f"age_over_{n}"], f"{n} jaar of ouder", f"Aged {n} or over")
                for n in AGE_PREDICATES
            ),
        ],
    ),
    build=_person,
)

# --- Woonadres ----------------------------------------------------------------------------------


def _address(person: Persoon, _household: Sequence[Persoon], _today: date) -> dict[str, Any]:
    address = person.address
    if address is None:  # eligibility refuses these persons before building
        return {}
    claims: dict[str, Any] = {
        "street": address.street,
        "house_number": address.house_number,
        "house_letter": address.house_letter,
        "house_number_addition": address.house_number_addition,
        "postal_code": address.postal_code,
        "city": address.city,
        "municipality": address.municipality,
        "address_since": person.address_since.isoformat() if person.address_since else None,
    }
    return {name: value for name, value in claims.items() if value is not None}


WOONADRES_VCT = "urn:nl:gemeente:regie:woonadres:1"
WOONADRES = CredentialType(
    configuration_id="woonadres",
    vct=WOONADRES_VCT,
    metadata=_metadata(
        WOONADRES_VCT,
        ("Woonadres", "Het adres waar u volgens de BRP woont, en sinds wanneer."),
        ("Home address", "The address where you live according to the BRP, and since when."),
        [
            _claim(["street"], "Straat", "Street"),
            _claim(["house_number"], "Huisnummer", "House number"),
            _claim(["house_letter"], "Huisletter", "House letter"),
            _claim(["house_number_addition"], "Toevoeging", "Addition"),
            _claim(["postal_code"], "Postcode", "Postal code"),
            _claim(["city"], "Woonplaats", "City"),
            _claim(["municipality"], "Gemeente", "Municipality"),
            _claim(["address_since"], "Woont hier sinds", "Living here since"),
        ],
    ),
    build=_address,
)

# --- Huishouden ---------------------------------------------------------------------------------


def _household(person: Persoon, household: Sequence[Persoon], today: date) -> dict[str, Any]:
    residents = [p for p in household if not p.is_deceased] or [person]
    adults = sum(1 for p in residents if p.age_over(18, today))
    others = [p.full_name for p in residents if p.bsn != person.bsn and p.full_name]
    claims: dict[str, Any] = {
        "number_of_residents": len(residents),
        "adults": adults,
        "minors": len(residents) - adults,
    }
    if others:
        claims["co_residents"] = others
    return claims


HUISHOUDEN_VCT = "urn:nl:gemeente:regie:huishouden:1"
HUISHOUDEN = CredentialType(
    configuration_id="huishouden",
    vct=HUISHOUDEN_VCT,
    metadata=_metadata(
        HUISHOUDEN_VCT,
        ("Huishouden", "Hoeveel mensen er op uw adres wonen, volwassenen en kinderen."),
        ("Household", "How many people live at your address, adults and children."),
        [
            _claim(["number_of_residents"], "Aantal bewoners", "Number of residents"),
            _claim(["adults"], "Volwassenen", "Adults"),
            _claim(["minors"], "Kinderen (onder 18)", "Children (under 18)"),
            _claim(["co_residents"], "Medebewoners", "Co-residents"),
            _claim(["co_residents", None], "Naam medebewoner", "Co-resident's name"),
        ],
    ),
    build=_household,
    needs_household=True,
)

CATALOGUE: Mapping[str, CredentialType] = {
    t.configuration_id: t for t in (PERSOONSGEGEVENS, WOONADRES, HUISHOUDEN)
}


def credential_type(configuration_id: str) -> CredentialType | None:
    return CATALOGUE.get(configuration_id)
