"""The relying parties' signers: one key and certificate per party, kept across starts, and a
new certificate when the public URL's host changes (an ``x509_san_dns`` client id names it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from regie.pki import DemoCA
from verifier.relying_parties.keys import Signer, load_signer


def _signer(tmp_path: Path, dns_name: str, *, use_san_dns: bool = True) -> Signer:
    now = datetime.now(UTC)
    ca = DemoCA.load_or_create(tmp_path / "ca", now=now)
    return load_signer(
        tmp_path / "keys",
        slug="woonstichting",
        legal_name="Woonstichting De Kempen",
        dns_name=dns_name,
        use_san_dns=use_san_dns,
        ca=ca,
        now=now,
    )


def test_the_certificate_is_kept_across_starts(tmp_path: Path) -> None:
    first = _signer(tmp_path, "127.0.0.1")
    again = _signer(tmp_path, "127.0.0.1")
    assert again.certificate == first.certificate
    assert again.client_id == "x509_san_dns:127.0.0.1"
    assert (tmp_path / "keys" / "woonstichting.jwk").stat().st_mode & 0o777 == 0o600


def test_a_new_host_name_gets_a_new_certificate_for_the_same_key(tmp_path: Path) -> None:
    first = _signer(tmp_path, "127.0.0.1")
    renamed = _signer(tmp_path, "verifier.localhost")
    assert renamed.client_id == "x509_san_dns:verifier.localhost"
    assert renamed.certificate != first.certificate
    assert renamed.key.kid == first.key.kid
