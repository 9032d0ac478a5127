"""What the benchmarks issue and present: one SD-JWT VC with 10 selectively disclosable claims."""

from __future__ import annotations

from standards import jose
from standards.sd_jwt import IssuedSDJWT
from standards.sd_jwt_vc import issue_credential

__all__ = ["CLAIMS", "ISSUER", "NOW", "sample_credential"]

NOW = 1_790_000_000
ISSUER = "https://issuer.bench.example"
CLAIMS = {f"claim_{i}": f"value {i}" for i in range(10)}


def sample_credential(issuer: jose.PrivateKey, holder: jose.PrivateKey) -> IssuedSDJWT:
    """An SD-JWT VC of :data:`CLAIMS`, every claim disclosable, bound to ``holder``."""
    return issue_credential(
        vct="https://bench.example/vct",
        issuer=ISSUER,
        claims=CLAIMS,
        disclosable=[(name,) for name in CLAIMS],
        key=issuer,
        holder_key=holder.public,
        issued_at=NOW,
        expires_at=NOW + 3600,
        status={"status_list": {"idx": 7, "uri": f"{ISSUER}/status/1"}},
    )
