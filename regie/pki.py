"""The local demo certificate authority that ``regie`` generates, and private files on disk.

Production uses certificates from a real CA; the embedded default is this one, a real CA all
the same: an EC P-256 root (RFC 5280 §4.2.1.9 basic constraints, §4.2.1.3 key usage
``keyCertSign``/``cRLSign``) that signs the issuer's and relying parties' end-entity
certificates, so ``x5c`` chains (RFC 7515 §4.1.6) are checked for real in the demo too.

Private material is written with file mode 600, atomically (a temporary file created with
``O_CREAT | O_EXCL``, then ``os.replace``), and refused when others can read it.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import ipaddress
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from regie.bilingual import BilingualError

__all__ = [
    "CA_CERTIFICATE",
    "CA_KEY",
    "CA_NAME",
    "CA_VALIDITY",
    "DemoCA",
    "KeyFileError",
    "default_ca_dir",
    "exclusive_lock",
    "load_or_create_private_file",
    "read_private_file",
    "self_signed_ca",
    "write_file_atomically",
    "x5c",
]

CA_NAME: Final = "Regie Demo CA (niet voor productie / not for production)"
CA_CERTIFICATE: Final = "ca.pem"
CA_KEY: Final = "ca-key.pem"
CA_VALIDITY: Final = timedelta(days=3650)
PRIVATE_MODE: Final = 0o600
_BACKDATE: Final = timedelta(hours=1)
"""Certificates start an hour before ``now``, so a verifier whose clock lags still accepts."""


class KeyFileError(BilingualError):
    """A key or certificate file that cannot be used; ``nl`` and ``en`` say why and what to do."""


def default_ca_dir(data_dir: Path) -> Path:
    """Where the demo CA lives under a data directory (the issuer's settings agree)."""
    return data_dir / "ca"


# --- private files ---------------------------------------------------------------------------


def write_file_atomically(path: Path, data: bytes, *, mode: int = PRIVATE_MODE) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part.

    The temporary file is created with ``O_CREAT | O_EXCL`` and ``mode`` (never wider), synced,
    then renamed over ``path``; on any failure it is removed.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    descriptor = os.open(temporary, flags, mode)
    try:
        try:
            os.fchmod(descriptor, mode)  # the umask may have narrowed it; make it exact
            os.write(descriptor, data)  # one call: regular files take the whole buffer
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        temporary.replace(path)  # os.replace: atomic on POSIX
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)


def read_private_file(path: Path) -> bytes:
    """Read a private file, refusing it when it is not a regular file or others can read it."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise KeyFileError(f"{path} is geen gewoon bestand.", f"{path} is not a regular file.")
        mode = stat.S_IMODE(status.st_mode)
        if mode & 0o077:
            shown = path.resolve()
            raise KeyFileError(
                f"{shown} is leesbaar voor anderen (rechten {mode:03o}). "
                f"Maak het bestand privé met: chmod 600 {shown}",
                f"{shown} can be read by others (mode {mode:03o}). "
                f"Make the file private with: chmod 600 {shown}",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (created if absent): one writer across processes.

    Two workers that start together must not both create a key or a CA.
    """
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, PRIVATE_MODE)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def load_or_create_private_file(path: Path, make: Callable[[], bytes]) -> bytes:
    """The private file at ``path``, written from ``make()`` on first use (mode 600).

    Workers that start together make it once: the check and the write happen under one
    :func:`exclusive_lock`, and the write is atomic.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(path.with_name(f".{path.name}.lock")):
        if not path.exists():
            write_file_atomically(path, make())
        return read_private_file(path)


# --- certificates ----------------------------------------------------------------------------


def x5c(chain: Iterable[x509.Certificate]) -> list[str]:
    """RFC 7515 §4.1.6: each certificate as standard base64 (not base64url) of its DER."""
    return [
        base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode("ascii")
        for certificate in chain
    ]


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Regie demo"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_usage(*, signature: bool) -> x509.KeyUsage:
    """RFC 5280 §4.2.1.3: ``digitalSignature`` for an end entity, else ``keyCertSign`` and
    ``cRLSign`` for the CA."""
    return x509.KeyUsage(
        digital_signature=signature,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signature,
        crl_sign=not signature,
        encipher_only=False,
        decipher_only=False,
    )


def self_signed_ca(
    key: ec.EllipticCurvePrivateKey,
    now: datetime,
    *,
    name: str = CA_NAME,
    validity: timedelta = CA_VALIDITY,
    constraints: x509.NameConstraints | None = None,
) -> x509.Certificate:
    """A self-signed CA certificate (RFC 5280 §4.2.1.9 path length 0: it signs end entities
    only, never another CA; §4.2.1.3 ``keyCertSign``/``cRLSign``), with critical name
    ``constraints`` (§4.2.1.10) when given; the demo CA's name and lifetime by default."""
    public = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + validity)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signature=False), critical=True)
    )
    if constraints is not None:
        builder = builder.add_extension(constraints, critical=True)
    return (
        builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(read_private_file(path), password=None)
    except ValueError as exc:
        raise KeyFileError(
            f"{path} is geen leesbare PEM-sleutel.", f"{path} is not a readable PEM key."
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise KeyFileError(f"{path} is geen P-256-sleutel.", f"{path} is not a P-256 key.")
    return key


def _load_certificate(path: Path, key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    try:
        certificate = x509.load_pem_x509_certificate(path.read_bytes())
    except ValueError as exc:
        raise KeyFileError(
            f"{path} is geen leesbaar PEM-certificaat.",
            f"{path} is not a readable PEM certificate.",
        ) from exc
    if certificate.public_key() != key.public_key():
        raise KeyFileError(
            f"{path} hoort niet bij de sleutel ernaast. "
            "Verwijder de map om een nieuwe CA te maken.",
            f"{path} does not belong to the key next to it. Remove the folder to make a new CA.",
        )
    return certificate


@dataclass(frozen=True, slots=True)
class DemoCA:
    """The demo root CA: its certificate (the trust anchor), its key, and where they are kept."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey = field(repr=False)
    certificate_path: Path

    @classmethod
    def load_or_create(cls, directory: Path, *, now: datetime) -> DemoCA:
        """Load the CA in ``directory``, creating it (``ca.pem``, ``ca-key.pem``) the first time.

        Idempotent and safe when several processes start at once (an exclusive lock).
        """
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_path, certificate_path = directory / CA_KEY, directory / CA_CERTIFICATE
        with exclusive_lock(directory / ".ca.lock"):
            if key_path.exists():
                key = _load_key(key_path)
            elif certificate_path.exists():
                raise KeyFileError(
                    f"{certificate_path} staat er zonder {key_path.name}. "
                    "Verwijder de map om een nieuwe CA te maken.",
                    f"{certificate_path} is there without {key_path.name}. "
                    "Remove the folder to make a new CA.",
                )
            else:
                key = ec.generate_private_key(ec.SECP256R1())
                pem = key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
                write_file_atomically(key_path, pem)
            if certificate_path.exists():
                certificate = _load_certificate(certificate_path, key)
            else:  # a new CA, or a crash after the key was written: same key, new certificate
                certificate = self_signed_ca(key, now)
                pem = certificate.public_bytes(serialization.Encoding.PEM)
                write_file_atomically(certificate_path, pem, mode=0o644)
        if certificate.not_valid_after_utc <= now:
            raise KeyFileError(
                f"De demo-CA in {directory} is verlopen. Verwijder de map om een nieuwe te maken.",
                f"The demo CA in {directory} has expired. Remove the folder to make a new one.",
            )
        return cls(certificate=certificate, key=key, certificate_path=certificate_path)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate's DER, as colon-separated hex pairs."""
        return self.certificate.fingerprint(hashes.SHA256()).hex(":").upper()

    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def _end_entity(
        self,
        public_key: ec.EllipticCurvePublicKey,
        *,
        subject_cn: str,
        names: list[x509.GeneralName],
        days: int,
        now: datetime,
    ) -> x509.CertificateBuilder:
        """RFC 5280 end entity: not a CA, names as SAN, never valid beyond the CA itself."""
        not_after = min(now + timedelta(days=days), self.certificate.not_valid_after_utc)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(subject_cn))
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _BACKDATE)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(signature=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        return builder

    def issue_signing_certificate(
        self,
        public_key: ec.EllipticCurvePublicKey,
        *,
        subject_cn: str,
        san_uris: Iterable[str] = (),
        san_dns: Iterable[str] = (),
        days: int,
        now: datetime,
    ) -> x509.Certificate:
        """A certificate for a JWS signer (``digitalSignature``): an issuer names itself by
        SAN URI, a relying party with an ``x509_san_dns`` client id by SAN DNS name."""
        names: list[x509.GeneralName] = [x509.UniformResourceIdentifier(u) for u in san_uris]
        names += [x509.DNSName(name) for name in san_dns]
        builder = self._end_entity(
            public_key, subject_cn=subject_cn, names=names, days=days, now=now
        )
        return builder.sign(self.key, hashes.SHA256())

    def issue_tls_certificate(
        self,
        public_key: ec.EllipticCurvePublicKey,
        *,
        subject_cn: str,
        san_dns: Iterable[str] = (),
        san_ips: Iterable[str] = (),
        days: int = 397,
        now: datetime,
    ) -> x509.Certificate:
        """A TLS server certificate (``serverAuth``) for the demo on a local network.

        Browsers take only SAN names (RFC 6125 §6.4.4); 397 days is the longest they accept.
        """
        names: list[x509.GeneralName] = [x509.DNSName(name) for name in san_dns]
        names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in san_ips]
        if not names:
            raise ValueError("a TLS certificate needs at least one DNS name or IP address")
        builder = self._end_entity(
            public_key, subject_cn=subject_cn, names=names, days=days, now=now
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        return builder.sign(self.key, hashes.SHA256())
