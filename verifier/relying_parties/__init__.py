"""The relying parties: their registrations, signing keys and certificates, and use cases
(seeded when absent, then edited by the party's officers: :mod:`.use_cases`)."""

from verifier.relying_parties.keys import Signer, load_signer
from verifier.relying_parties.seeded import PARTIES, USE_CASES, seed, signers

__all__ = ["PARTIES", "USE_CASES", "Signer", "load_signer", "seed", "signers"]
