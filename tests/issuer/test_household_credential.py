"""The Huishouden credential of a large family, issued over HTTP and checked with ``standards``:
the counts on the register's peildatum, and the co-residents' names only as a selectively
disclosable array whose every name is a Disclosure of its own (RFC 9901 §4.2.2, §4.2.6)."""

from __future__ import annotations

import json

import pytest
from litestar import Litestar

from issuer.settings import IssuerSettings
from issuer.state import IssuerState
from standards.sd_jwt import KeyBindingPolicy, create_presentation, select_disclosures
from standards.sd_jwt.disclosures import ClaimPath
from standards.sd_jwt_vc import verify_credential_presentation
from tests.issuer.clocked import clocked_app, on_the_clock
from tests.issuer.conftest import Offers
from tests.issuer.holder import HeldCredential, TestHolder

PIETER = ("999990962", "Pieter Hendriks")
"""Seven at 88 in Boxtel: two parents, and Daan, who is 17 on the peildatum (18 on 10 December
2026), with four younger children."""
CO_RESIDENTS = [
    "Anne-Marie Verhoeven",
    "Daan Hendriks",
    "Sanne Hendriks",
    "Bram Hendriks",
    "Fleur Hendriks",
    "Noor Hendriks",
]
VERIFIER = "https://verifier.example"


@pytest.fixture
def issuer_app(issuer_settings: IssuerSettings) -> Litestar:
    return clocked_app(issuer_settings)


@pytest.fixture
def household(holder: TestHolder, offers: Offers, issuer_state: IssuerState) -> HeldCredential:
    """Pieter's Huishouden credential, as the test holder received and verified it."""
    on_the_clock(holder, issuer_state)
    offer = offers.create(["huishouden"], bsn=PIETER[0])
    [held] = holder.receive(offers.uri(offer), offer.tx_code)
    return held


def test_household_counts_residents_adults_and_minors(household: HeldCredential) -> None:
    claims = household.verified.claims
    assert household.verified.vct == "urn:nl:gemeente:regie:huishouden:1"
    assert (claims["number_of_residents"], claims["adults"], claims["minors"]) == (7, 2, 5)
    # Everyone else at the address, by name; not Pieter himself.
    assert sorted(claims["co_residents"]) == sorted(CO_RESIDENTS)


def test_co_residents_are_a_disclosable_array_of_disclosable_names(
    household: HeldCredential,
) -> None:
    sd_jwt = household.verified.sd_jwt
    by_path = {claim.path: claim for claim in sd_jwt.disclosures}
    # The array is one Disclosure, holding nothing but digests (§4.2.4.2) ...
    array = by_path[("co_residents",)]
    assert array.disclosure.name == "co_residents"
    assert len(array.disclosure.value) == len(CO_RESIDENTS)
    assert all(set(element) == {"..."} for element in array.disclosure.value)
    # ... and each name a Disclosure of its own inside it (§4.2.6 recursive disclosure).
    names = [by_path[("co_residents", i)] for i in range(len(CO_RESIDENTS))]
    assert all(name.disclosure.is_array_element for name in names)
    assert sorted(name.disclosure.value for name in names) == sorted(CO_RESIDENTS)
    array_digest = array.disclosure.digest(sd_jwt.sd_alg)
    assert all(name.ancestors == (array_digest,) for name in names)
    # The counts are disclosable as well; the signed payload names no one and counts nothing.
    assert {("number_of_residents",), ("adults",), ("minors",)} <= set(by_path)
    signed = json.dumps(sd_jwt.issuer_payload, ensure_ascii=False)
    for text in [*CO_RESIDENTS, PIETER[1], "co_residents", "number_of_residents", "minors"]:
        assert text not in signed


def _present(holder: TestHolder, held: HeldCredential, paths: list[ClaimPath]) -> dict[str, object]:
    """What a verifier sees of ``held`` when the holder discloses ``paths`` (with Key Binding)."""
    sd_jwt = held.verified.sd_jwt
    presentation = create_presentation(
        sd_jwt.parts.issuer_jwt,
        select_disclosures(sd_jwt, paths),
        holder_key=held.key,
        audience=VERIFIER,
        nonce="n-1",
        issued_at=int(holder.now()),
    )
    verified = verify_credential_presentation(
        presentation,
        issuer_key=holder.trusted_issuers().resolve,
        key_binding=KeyBindingPolicy(audience=VERIFIER, nonce="n-1"),
        now=holder.now,
    )
    return dict(verified.claims)


def test_a_verifier_learns_one_name_or_none(holder: TestHolder, household: HeldCredential) -> None:
    """The holder can show the count of minors without a name, or one co-resident alone."""
    counts = _present(holder, household, [("minors",)])
    assert counts["minors"] == 5
    assert "co_residents" not in counts
    text = json.dumps(counts, ensure_ascii=False)
    assert not [name for name in CO_RESIDENTS if name in text]
    one = _present(holder, household, [("co_residents", 0)])
    shown = one["co_residents"]
    assert isinstance(shown, list)
    assert len(shown) == 1
    assert shown[0] in CO_RESIDENTS
    assert "minors" not in one
