"""Learning that the register changed: fingerprints of a person, compared later.

Haal Centraal BRP Personen has no feed of changes, so the issuer asks again about the persons it
holds credentials for and compares with what it saw when it issued. It keeps, per person, the
BSN and a :class:`Fingerprint`: one keyed digest (HMAC-SHA256) per part of the record that a
credential is made from. The digests hold no readable personal data; the key is the issuer's
(the same secret it keys its BSN hashes with will do), so nobody without it can test a guess
such as "does this digest belong to Markt 1?".

:func:`find_changes` polls one register for many persons (in batches, one search per dwelling)
and reports who changed in what: :class:`Aspect` ``person`` (name, birth, nationality),
``address`` (the residence and municipality), ``household`` (who else lives there), ``status``
(died, emigrated, address unknown) — or that the register no longer knows the BSN (``gone``).
For a change in ``address`` the issuer revokes the address credential and queues a re-issue
prompt; the new fingerprint in each :class:`Change` is what it stores afterwards.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Final

from issuer.register.model import Persoon
from issuer.register.source import RegisterSource

__all__ = ["Aspect", "Change", "Fingerprint", "find_changes", "fingerprint", "take_fingerprint"]


class Aspect(StrEnum):
    PERSON = "person"
    ADDRESS = "address"
    HOUSEHOLD = "household"
    STATUS = "status"
    GONE = "gone"


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Keyed digests of the parts of one person's record (hex HMAC-SHA256, one per aspect)."""

    bsn: str
    person: str
    address: str
    household: str
    status: str

    def differences(self, other: Fingerprint) -> frozenset[Aspect]:
        return frozenset(
            Aspect(field.name)
            for field in fields(self)
            if field.name != "bsn" and getattr(self, field.name) != getattr(other, field.name)
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One person whose record differs from their fingerprint."""

    bsn: str
    aspects: frozenset[Aspect]
    person: Persoon | None
    """The record now; ``None`` when the register no longer knows the BSN."""
    fingerprint: Fingerprint | None
    """The fingerprint to keep from now on; ``None`` with ``person``."""


_CANONICAL: Final[Callable[[object], str]] = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":")
).encode
"""Built once (``json.dumps`` with arguments builds an encoder on every call); what it writes
must never change, or every stored fingerprint would read as a change."""


def _digest(key: bytes, value: object) -> str:
    return hmac.digest(key, _CANONICAL(value).encode(), "sha256").hex()


def fingerprint(person: Persoon, household: Sequence[Persoon], *, key: bytes) -> Fingerprint:
    """The fingerprint of ``person``, living with ``household`` (as ``get_household`` says)."""
    wire = person.to_wire()
    return Fingerprint(
        bsn=person.bsn,
        person=_digest(key, [wire.get(part) for part in ("naam", "geboorte", "nationaliteiten")]),
        address=_digest(key, [wire.get("verblijfplaats"), wire.get("gemeenteVanInschrijving")]),
        household=_digest(key, sorted(member.bsn for member in household)),
        status=_digest(key, person.eligibility().code),
    )


async def take_fingerprint(source: RegisterSource, person: Persoon, *, key: bytes) -> Fingerprint:
    """The fingerprint of ``person`` now, asking ``source`` for their household."""
    return fingerprint(person, await source.get_household(person), key=key)


async def find_changes(
    source: RegisterSource, known: Iterable[Fingerprint], *, key: bytes
) -> list[Change]:
    """Ask ``source`` about every known person and report those whose record changed."""
    previous = {seen.bsn: seen for seen in known}
    current = await source.get_persons(previous)
    households: dict[str, list[Persoon]] = {}
    changes: list[Change] = []
    for bsn, before in previous.items():
        person = current.get(bsn)
        if person is None:
            changes.append(Change(bsn, frozenset({Aspect.GONE}), None, None))
            continue
        dwelling = person.household_key
        if dwelling is not None and dwelling not in households:
            households[dwelling] = await source.residents(dwelling)
        now = fingerprint(person, households.get(dwelling or "", []), key=key)
        if aspects := before.differences(now):
            changes.append(Change(bsn, aspects, person, now))
    return changes
