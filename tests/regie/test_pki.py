"""The demo CA (``regie.pki``): made once and reloaded, private files, chains that validate."""

from __future__ import annotations

import ipaddress
import os
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import PolicyBuilder, Store

from regie import pki
from regie.pki import CA_CERTIFICATE, CA_KEY, DemoCA, KeyFileError
from standards import jose
from standards.errors import CertificateChainInvalid
from standards.sd_jwt_vc import TrustedIssuers

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ISSUER = "https://gemeente.example/boxtel"


@pytest.fixture
def ca(tmp_path: Path) -> DemoCA:
    return DemoCA.load_or_create(tmp_path / "ca", now=NOW)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".tmp"))


# --- the CA ---


def test_ca_is_created_once_and_reloaded_identical(tmp_path: Path) -> None:
    first = DemoCA.load_or_create(tmp_path / "ca", now=NOW)
    again = DemoCA.load_or_create(tmp_path / "ca", now=NOW + timedelta(days=40))
    assert again.certificate == first.certificate
    assert again.key.private_numbers() == first.key.private_numbers()
    assert again.fingerprint == first.fingerprint
    assert again.certificate_path == tmp_path / "ca" / CA_CERTIFICATE


def test_ca_files_private_key_mode_600_certificate_public(ca: DemoCA) -> None:
    assert mode(ca.certificate_path.parent / CA_KEY) == 0o600
    assert mode(ca.certificate_path) == 0o644
    assert mode(ca.certificate_path.parent) == 0o700
    assert leftovers(ca.certificate_path.parent) == []


def test_ca_certificate_is_a_p256_root_that_signs_end_entities_only(ca: DemoCA) -> None:
    certificate = ca.certificate
    assert certificate.subject == certificate.issuer
    name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert name == "Regie Demo CA (niet voor productie / not for production)"
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical
    assert (constraints.value.ca, constraints.value.path_length) == (True, 0)
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.key_cert_sign
    assert usage.value.crl_sign
    assert not usage.value.digital_signature
    assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
    assert certificate.not_valid_after_utc - NOW >= timedelta(days=3649)
    assert ca.certificate_pem().startswith("-----BEGIN CERTIFICATE-----")
    assert len(ca.fingerprint.split(":")) == 32


def test_ca_made_by_processes_starting_together_is_one_ca(tmp_path: Path) -> None:
    made: list[str] = []

    def make() -> None:
        made.append(DemoCA.load_or_create(tmp_path / "ca", now=NOW).fingerprint)

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 8
    assert len(set(made)) == 1


def test_ca_certificate_lost_after_a_crash_is_remade_for_the_same_key(tmp_path: Path) -> None:
    first = DemoCA.load_or_create(tmp_path / "ca", now=NOW)
    first.certificate_path.unlink()
    again = DemoCA.load_or_create(tmp_path / "ca", now=NOW)
    assert again.key.private_numbers() == first.key.private_numbers()
    assert again.certificate.public_key() == first.certificate.public_key()


def _readable_key(directory: Path) -> None:
    (directory / CA_KEY).chmod(0o644)


def _key_missing(directory: Path) -> None:
    (directory / CA_KEY).unlink()


def _key_not_pem(directory: Path) -> None:
    (directory / CA_KEY).write_bytes(b"not a key")


def _key_not_p256(directory: Path) -> None:
    key = ec.generate_private_key(ec.SECP384R1())
    pki.write_file_atomically(
        directory / CA_KEY,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def _certificate_not_pem(directory: Path) -> None:
    (directory / CA_CERTIFICATE).write_bytes(b"not a certificate")


def _certificate_of_another_ca(directory: Path) -> None:
    other = DemoCA.load_or_create(directory.parent / "other", now=NOW)
    (directory / CA_CERTIFICATE).write_bytes(other.certificate_pem().encode())


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "key-readable-by-others": (_readable_key, "chmod 600"),
    "certificate-without-key": (_key_missing, "without ca-key.pem"),
    "key-not-pem": (_key_not_pem, "not a readable PEM key"),
    "key-not-p256": (_key_not_p256, "not a P-256 key"),
    "certificate-not-pem": (_certificate_not_pem, "not a readable PEM certificate"),
    "certificate-of-another-key": (_certificate_of_another_ca, "does not belong to the key"),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_ca_is_refused_in_dutch_and_english(
    tmp_path: Path, damage: tuple[Callable[[Path], None], str]
) -> None:
    spoil, english = damage
    DemoCA.load_or_create(tmp_path / "ca", now=NOW)
    spoil(tmp_path / "ca")
    with pytest.raises(KeyFileError) as refused:
        DemoCA.load_or_create(tmp_path / "ca", now=NOW)
    assert english in refused.value.en
    assert refused.value.nl != refused.value.en
    assert str(refused.value) == refused.value.en


def test_unsafe_key_message_says_how_to_fix_it(ca: DemoCA) -> None:
    key_path = ca.certificate_path.parent / CA_KEY
    key_path.chmod(0o640)
    with pytest.raises(KeyFileError) as refused:
        DemoCA.load_or_create(ca.certificate_path.parent, now=NOW)
    assert f"chmod 600 {key_path.resolve()}" in refused.value.nl
    assert f"chmod 600 {key_path.resolve()}" in refused.value.en
    assert "leesbaar voor anderen (rechten 640)" in refused.value.nl
    assert "can be read by others (mode 640)" in refused.value.en


def test_expired_ca_is_refused(ca: DemoCA) -> None:
    with pytest.raises(KeyFileError, match="has expired"):
        DemoCA.load_or_create(ca.certificate_path.parent, now=NOW + timedelta(days=3651))


# --- end-entity certificates ---


def test_signing_certificate_validates_with_standards_and_names_the_issuer(ca: DemoCA) -> None:
    signer = jose.PrivateKey.generate()
    leaf = ca.issue_signing_certificate(
        signer.public.key,
        subject_cn="Gemeente Boxtel",
        san_uris=[ISSUER],
        san_dns=["gemeente.example"],
        days=30,
        now=NOW,
    )
    chain = pki.x5c([leaf])
    certificate, key = jose.verify_x5c_chain(chain, [ca.certificate], now=NOW)
    assert key.thumbprint() == signer.kid
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == [ISSUER]
    assert san.get_values_for_type(x509.DNSName) == ["gemeente.example"]
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # A verifier that trusts the demo CA takes this issuer's key from the x5c header.
    trusted = TrustedIssuers(trust_anchors=[ca.certificate], now=lambda: NOW)
    resolved = trusted.resolve({"x5c": chain}, {"iss": ISSUER})
    assert resolved.thumbprint() == signer.kid


def test_relying_party_certificate_for_an_x509_san_dns_client_id(ca: DemoCA) -> None:
    signer = jose.PrivateKey.generate()
    leaf = ca.issue_signing_certificate(
        signer.public.key,
        subject_cn="Woonstichting De Kempen",
        san_dns=["rp.example"],
        days=30,
        now=NOW,
    )
    certificate, _ = jose.verify_x5c_chain(pki.x5c([leaf]), [ca.certificate], now=NOW)
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["rp.example"]
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == []


def test_x5c_is_standard_base64_der(ca: DemoCA) -> None:
    (entry,) = pki.x5c([ca.certificate])
    assert jose.certificate_from_der_b64(entry) == ca.certificate


def test_certificate_of_another_ca_is_not_trusted(ca: DemoCA, tmp_path: Path) -> None:
    other = DemoCA.load_or_create(tmp_path / "other", now=NOW)
    leaf = other.issue_signing_certificate(
        jose.PrivateKey.generate().public.key, subject_cn="x", san_uris=[ISSUER], days=30, now=NOW
    )
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(pki.x5c([leaf]), [ca.certificate], now=NOW)


def test_certificate_never_outlives_the_ca_and_expires_on_time(ca: DemoCA) -> None:
    key = jose.PrivateKey.generate().public.key
    long = ca.issue_signing_certificate(key, subject_cn="x", days=100_000, now=NOW)
    assert long.not_valid_after_utc == ca.certificate.not_valid_after_utc
    short = ca.issue_signing_certificate(key, subject_cn="x", days=10, now=NOW)
    assert short.not_valid_after_utc == NOW + timedelta(days=10)
    assert short.not_valid_before_utc < NOW
    with pytest.raises(CertificateChainInvalid):
        jose.verify_x5c_chain(pki.x5c([short]), [ca.certificate], now=NOW + timedelta(days=11))


def test_tls_certificate_passes_web_pki_server_verification(ca: DemoCA) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = ca.issue_tls_certificate(
        key.public_key(),
        subject_cn="regie.local",
        san_dns=["regie.local"],
        san_ips=["192.168.1.20"],
        now=NOW,
    )
    eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert certificate.not_valid_after_utc == NOW + timedelta(days=397)
    builder = PolicyBuilder().store(Store([ca.certificate])).time(NOW)
    for name in (
        x509.DNSName("regie.local"),
        x509.IPAddress(ipaddress.ip_address("192.168.1.20")),
    ):
        chain = builder.build_server_verifier(name).verify(certificate, [])
        assert chain[-1] == ca.certificate


def test_tls_certificate_needs_a_name(ca: DemoCA) -> None:
    with pytest.raises(ValueError, match="at least one DNS name or IP address"):
        ca.issue_tls_certificate(
            ec.generate_private_key(ec.SECP256R1()).public_key(), subject_cn="x", now=NOW
        )


# --- private files ---


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    pki.write_file_atomically(target, b"one")
    pki.write_file_atomically(target, b"two")
    assert pki.read_private_file(target) == b"two"
    assert mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_atomic_write_that_fails_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "secret.json"
    pki.write_file_atomically(target, b"old")

    def disk_full(_descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        pki.write_file_atomically(target, b"new, but never complete")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


def test_atomic_write_makes_a_too_open_file_private(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    target.write_bytes(b"old")
    target.chmod(0o666)
    pki.write_file_atomically(target, b"new")
    assert mode(target) == 0o600


def test_reading_a_folder_as_a_private_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="not a regular file"):
        pki.read_private_file(tmp_path)


def test_reading_a_private_file_through_a_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    pki.write_file_atomically(target, b"{}")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    with pytest.raises(OSError, match="symbolic links"):
        pki.read_private_file(link)
