"""The municipality's population register (BRP), shaped like Haal Centraal BRP Personen (v2).

The issuer asks the register who a resident is, where they live and with whom, and whether it may
issue at all. :class:`RegisterSource` is the interface; :class:`SeededRegister` is the embedded
default (test persons in Boxtel, ``data/personen.json``) and :class:`HaalCentraalRegister` the
production client for a Haal Centraal endpoint. :mod:`issuer.register.testserver` serves any
register as such an endpoint, for tests and the demo. :mod:`issuer.register.changes` tells the
issuer whose record changed since it issued.

Modules: :mod:`.model` (the person), :mod:`.datum` (dates and ages), :mod:`.eligibility`
(may we issue, and the texts if not), :mod:`.bsn` (the 11-test), :mod:`.errors`, :mod:`.api`
(request and response bodies), :mod:`.source`, :mod:`.seeded`, :mod:`.haal_centraal`,
:mod:`.changes`, :mod:`.testserver`.
"""

from issuer.register.bsn import is_valid_bsn, require_valid_bsn
from issuer.register.changes import Aspect, Change, Fingerprint, find_changes, take_fingerprint
from issuer.register.eligibility import Eligibility, Message, Refusal
from issuer.register.errors import InvalidBsn, RegisterError, RegisterUnavailable
from issuer.register.haal_centraal import HaalCentraalRegister
from issuer.register.model import Address, Persoon
from issuer.register.seeded import SeededRegister
from issuer.register.source import RegisterSource

__all__ = [
    "Address",
    "Aspect",
    "Change",
    "Eligibility",
    "Fingerprint",
    "HaalCentraalRegister",
    "InvalidBsn",
    "Message",
    "Persoon",
    "Refusal",
    "RegisterError",
    "RegisterSource",
    "RegisterUnavailable",
    "SeededRegister",
    "find_changes",
    "is_valid_bsn",
    "require_valid_bsn",
    "take_fingerprint",
]
