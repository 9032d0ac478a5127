"""``regie demo --lan``: the demo over HTTPS on the machine's address in the local network.

A phone is a real client only in a secure context: browsers give camera access
(``getUserMedia``) and service workers only to ``https`` origins (and to loopback, which a
phone cannot use). So ``--lan`` serves every part over TLS on the LAN address, with a server
certificate from a local CA of its own, the "Regie demo LAN CA", which the resident installs
on the phone once:

- The CA (``DATA_DIR/lan/lan-ca.pem``, key ``lan-ca-key.pem`` mode 600) is an EC P-256 root,
  valid for :data:`CA_VALIDITY`, that may sign end entities only (RFC 5280 §4.2.1.9
  ``pathLenConstraint`` 0) and only for private and loopback addresses and ``localhost``
  names (§4.2.1.10 name constraints; a LAN on public addresses adds the demo's own): installed
  on a phone, it cannot vouch for sites on the internet, should its key ever leak.
- The server certificate (``server.pem``, key ``server-key.pem``) names the LAN address as
  ``iPAddress`` and ``localhost``/``*.localhost`` as ``dNSName`` (browsers read only the SAN,
  RFC 6125 §6.4.4), is valid 397 days (the longest browsers accept), and is made again when
  the address changes or it nears its end; the CA on the phone stays the same.
- ``trust.pem``: the public roots (certifi) plus this CA, for the services' own HTTPS calls to
  each other (``SSL_CERT_FILE``).
"""

from __future__ import annotations

import io
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

import certifi
import qrcode
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from regie.bilingual import BilingualError
from regie.pki import (  # the demo CA's names and key usage, for a CA of the same family
    DemoCA,
    load_or_create_private_file,
    self_signed_ca,
    write_file_atomically,
)

__all__ = [
    "CA_NAME",
    "CA_VALIDITY",
    "LAN_DIR",
    "PRIVATE_NETWORKS",
    "LanCertificates",
    "NotALanAddress",
    "detect_host",
    "lan_certificates",
    "phone_instructions",
    "terminal_qr",
]

LAN_DIR: Final = "lan"
CA_NAME: Final = "Regie demo LAN CA (niet voor productie / not for production)"
CA_VALIDITY: Final = timedelta(days=825)
SERVER_VALIDITY_DAYS: Final = 397
RENEW_BEFORE: Final = timedelta(days=30)
PRIVATE_NETWORKS: Final = tuple(
    ipaddress.ip_network(network)
    for network in (
        "10.0.0.0/8",  # RFC 1918
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",  # RFC 6598 shared address space (carrier NAT, Tailscale)
        "169.254.0.0/16",  # link-local
        "127.0.0.0/8",
        "fc00::/7",  # RFC 4193 unique local
        "fe80::/10",
        "::1/128",
    )
)
"""The addresses the LAN CA may certify (its name constraints), with the demo's own address
if that is outside them."""
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_PROBE: Final = ("192.0.2.1", 9)
"""RFC 5737 TEST-NET-1: connecting a UDP socket sends nothing, it only picks the route."""


class NotALanAddress(BilingualError):
    """The address is no private or loopback address, or none could be found."""


def detect_host() -> str:
    """The address of the interface of the default route: a connected UDP socket's own address
    (no packet is sent). :class:`NotALanAddress` without a usable route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE)
        except OSError as exc:
            raise NotALanAddress(
                "geen netwerk gevonden; geef het adres op met --host.",
                "no network found; give the address with --host.",
            ) from exc
        address: str = probe.getsockname()[0]
    return check_host(address)


def check_host(host: str) -> str:
    """``host`` when it is an IP address a phone can connect to (not ``0.0.0.0``, not
    multicast); else :class:`NotALanAddress`."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError as exc:
        raise NotALanAddress(
            f"{host!r} is geen IP-adres; geef het adres van deze computer in het lokale netwerk.",
            f"{host!r} is not an IP address; give this computer's address in the local network.",
        ) from exc
    if address.is_unspecified or address.is_multicast:
        raise NotALanAddress(
            f"{host} is niet het adres van één computer; geef het adres in het lokale netwerk.",
            f"{host} is not the address of one computer; give the address in the local network.",
        )
    return host


@dataclass(frozen=True, slots=True)
class LanCertificates:
    """The files ``--lan`` serves and trusts with."""

    ca: Path
    """The CA certificate to install on the phone (``lan-ca.pem``)."""
    certificate: Path
    key: Path
    trust: Path
    """certifi's roots plus the LAN CA, for ``SSL_CERT_FILE``."""


def _pem_key() -> bytes:
    return ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _load_key(pem: bytes) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the LAN CA key is not an EC key")
    return key


def _networks(host: str) -> list[IPNetwork]:
    """What the CA may certify: the private networks, and ``host`` itself if it is outside."""
    address = ipaddress.ip_address(host)
    own = [] if _permitted(PRIVATE_NETWORKS, host) else [ipaddress.ip_network(address)]
    return [*PRIVATE_NETWORKS, *own]


def _permitted(networks: Iterable[IPNetwork], host: str) -> bool:
    address = ipaddress.ip_address(host)
    return any(address.version == net.version and address in net for net in networks)


def _ca_certificate(key: ec.EllipticCurvePrivateKey, host: str, now: datetime) -> x509.Certificate:
    """RFC 5280: §4.2.1.9 CA, path length 0; §4.2.1.3 ``keyCertSign``/``cRLSign``; §4.2.1.10
    name constraints (critical): private and loopback addresses (and ``host``), ``localhost``
    names."""
    constraints = x509.NameConstraints(
        permitted_subtrees=[
            x509.DNSName("localhost"),
            *(x509.IPAddress(network) for network in _networks(host)),
        ],
        excluded_subtrees=None,
    )
    return self_signed_ca(key, now, name=CA_NAME, validity=CA_VALIDITY, constraints=constraints)


def _permits(ca: x509.Certificate, host: str) -> bool:
    constraints = ca.extensions.get_extension_for_class(x509.NameConstraints).value
    names = constraints.permitted_subtrees or []
    values = (name.value for name in names if isinstance(name, x509.IPAddress))
    return _permitted((value for value in values if isinstance(value, IPNetwork)), host)


def _lan_ca(directory: Path, host: str, now: datetime) -> DemoCA:
    """The LAN CA; a new certificate (the phone must trust it again) only when it nears its
    end or may not certify ``host`` (a public address it was not made for)."""
    key = _load_key(load_or_create_private_file(directory / "lan-ca-key.pem", _pem_key))
    path = directory / "lan-ca.pem"
    certificate = x509.load_pem_x509_certificate(path.read_bytes()) if path.exists() else None
    if (
        certificate is None
        or certificate.public_key() != key.public_key()
        or certificate.not_valid_after_utc <= now + RENEW_BEFORE
        or not _permits(certificate, host)
    ):
        certificate = _ca_certificate(key, host, now)
        pem = certificate.public_bytes(serialization.Encoding.PEM)
        write_file_atomically(path, pem, mode=0o644)
    return DemoCA(certificate=certificate, key=key, certificate_path=path)


def _current(path: Path, ca: DemoCA, host: str, now: datetime) -> bool:
    """Whether the server certificate at ``path`` is from ``ca``, names ``host`` and lasts."""
    if not path.exists():
        return False
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    certificate.verify_directly_issued_by(ca.certificate)  # InvalidSignature if another CA's
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return (
        ipaddress.ip_address(host) in names.get_values_for_type(x509.IPAddress)
        and certificate.not_valid_after_utc > now + RENEW_BEFORE
    )


def lan_certificates(data_dir: Path, host: str, *, now: datetime) -> LanCertificates:
    """The LAN CA (made once) and a server certificate for ``host`` (made again when ``host``
    changes or the certificate nears its end), under ``DATA_DIR/lan``."""
    directory = data_dir / LAN_DIR
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    ca = _lan_ca(directory, host, now)
    certificate_path, key_path = directory / "server.pem", directory / "server-key.pem"
    try:
        current = _current(certificate_path, ca, host, now)
    except (ValueError, TypeError, InvalidSignature, x509.ExtensionNotFound):
        current = False  # damaged, or not ours: make a new one
    if not current:
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = ca.issue_tls_certificate(
            key.public_key(),
            subject_cn=host,
            san_dns=["localhost", "*.localhost"],
            san_ips=[host],
            days=SERVER_VALIDITY_DAYS,
            now=now,
        )
        private = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_file_atomically(key_path, private)
        write_file_atomically(
            certificate_path, certificate.public_bytes(serialization.Encoding.PEM), mode=0o644
        )
    trust = directory / "trust.pem"
    bundle = Path(certifi.where()).read_bytes() + b"\n" + ca.certificate_pem().encode()
    write_file_atomically(trust, bundle, mode=0o644)
    return LanCertificates(
        ca=ca.certificate_path, certificate=certificate_path, key=key_path, trust=trust
    )


def terminal_qr(text: str, *, tty: bool) -> str:
    """``text`` as a QR code in half-block characters; ``tty``: black on white by ANSI colours
    (a dark terminal otherwise shows it inverted, which not every camera reads)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, tty=tty)
    return out.getvalue()


def phone_instructions(ca: Path) -> str:
    """How to trust the LAN CA on a phone, in three lines (each Dutch, then English)."""
    return (
        f"CA-bestand / CA file: {ca} (stuur het naar je telefoon / send it to your phone)\n"
        "Android: Instellingen > Beveiliging > Versleuteling en inloggegevens > Certificaat "
        "installeren > CA-certificaat (Settings > Security > Encryption & credentials > "
        "Install a certificate > CA certificate)\n"
        "iOS: open het bestand, Instellingen > Profiel gedownload > Installeer, dan Algemeen > "
        "Info > Certificaatvertrouwen: aanzetten (Settings > Profile Downloaded > Install, then "
        "General > About > Certificate Trust Settings: turn on)"
    )
