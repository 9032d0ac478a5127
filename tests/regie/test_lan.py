"""``regie demo --lan``: the LAN CA and server certificate, the address, the QR code for the
phone, and every part answering over HTTPS with a chain up to the generated CA."""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.verification import (
    PolicyBuilder,
    ServerVerifier,
    Store,
    VerificationError,
)

from regie import lan
from regie.cli import EXIT_UNAVAILABLE, main
from regie.lan import LanCertificates, NotALanAddress
from regie.pki import DemoCA
from tests.regie.running_demo import start_demo

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
JSQR = ROOT / "pwa" / "vendor" / "jsqr" / "jsQR.js"


def certificate(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def verify_chain(files: LanCertificates, host: str, now: datetime = NOW) -> None:
    """RFC 5280 path validation (name constraints included) as a browser does for ``host``."""
    verifier = (
        PolicyBuilder()
        .store(Store([certificate(files.ca)]))
        .time(now)
        .build_server_verifier(x509.IPAddress(ipaddress.ip_address(host)))
    )
    verifier.verify(certificate(files.certificate), [])


# --- certificates ----------------------------------------------------------------------------


def test_lan_ca_and_server_certificate_for_the_lan_address(tmp_path: Path) -> None:
    files = lan.lan_certificates(tmp_path, "192.168.1.23", now=NOW)
    assert files.ca == tmp_path / "lan" / "lan-ca.pem"
    ca, server = certificate(files.ca), certificate(files.certificate)
    assert "Regie demo LAN CA" in ca.subject.rfc4514_string()
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0
    assert ca.not_valid_after_utc - NOW <= timedelta(days=825)
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("192.168.1.23")]
    assert names.get_values_for_type(x509.DNSName) == ["localhost", "*.localhost"]
    usage = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert server.not_valid_after_utc - server.not_valid_before_utc <= timedelta(days=398)
    assert stat.S_IMODE(files.key.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "lan" / "lan-ca-key.pem").stat().st_mode) == 0o600
    assert files.trust.read_text().endswith(files.ca.read_text())
    verify_chain(files, "192.168.1.23")


def test_lan_ca_is_not_the_demo_ca_and_may_only_certify_local_addresses(tmp_path: Path) -> None:
    files = lan.lan_certificates(tmp_path, "10.0.0.7", now=NOW)
    constraints = certificate(files.ca).extensions.get_extension_for_class(x509.NameConstraints)
    assert constraints.critical
    permitted = constraints.value.permitted_subtrees or []
    assert x509.DNSName("localhost") in permitted
    assert x509.IPAddress(ipaddress.ip_network("192.168.0.0/16")) in permitted
    assert not (tmp_path / "ca").exists()  # the signing demo CA is another one


def test_a_new_address_gets_a_new_server_certificate_from_the_same_ca(tmp_path: Path) -> None:
    first = lan.lan_certificates(tmp_path, "192.168.1.23", now=NOW)
    ca, server = first.ca.read_bytes(), first.certificate.read_bytes()
    assert lan.lan_certificates(tmp_path, "192.168.1.23", now=NOW).certificate.read_bytes() == (
        server
    )
    moved = lan.lan_certificates(tmp_path, "10.1.2.3", now=NOW)
    assert moved.ca.read_bytes() == ca  # the phone keeps trusting it
    assert moved.certificate.read_bytes() != server
    verify_chain(moved, "10.1.2.3")
    later = NOW + timedelta(days=380)  # near the end: made again
    renewed = lan.lan_certificates(tmp_path, "10.1.2.3", now=later)
    verify_chain(renewed, "10.1.2.3", later)


# --- the address -----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["192.168.1.5", "10.0.0.2", "172.20.1.1", "127.0.0.1", "fd00::5"])
def test_local_addresses_are_accepted(host: str) -> None:
    assert lan.check_host(host) == host


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "wallet.example.nl", "224.0.0.1"])  # noqa: S104
def test_other_hosts_are_refused_in_dutch_and_english(host: str) -> None:
    with pytest.raises(NotALanAddress) as refused:
        lan.check_host(host)
    assert host in refused.value.nl
    assert host in refused.value.en


def test_detected_address_is_the_one_of_the_default_route() -> None:
    """What the kernel picks as source address towards the internet (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("198.51.100.1", 53))
        expected = probe.getsockname()[0]
    assert lan.detect_host() == expected


def rogue(files: LanCertificates, name: x509.DNSName | x509.IPAddress) -> x509.Certificate:
    """A certificate the LAN CA's key signs for ``name``, as a thief of that key could."""
    key = serialization.load_pem_private_key(
        (files.ca.parent / "lan-ca-key.pem").read_bytes(), password=None
    )
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    ca = DemoCA(certificate=certificate(files.ca), key=key, certificate_path=files.ca)
    leaf = ec.generate_private_key(ec.SECP256R1()).public_key()
    return ca._end_entity(leaf, subject_cn="rogue", names=[name], days=30, now=NOW).sign(
        key, hashes.SHA256()
    )


def server_verifier(files: LanCertificates, name: x509.DNSName | x509.IPAddress) -> ServerVerifier:
    return (
        PolicyBuilder().store(Store([certificate(files.ca)])).time(NOW).build_server_verifier(name)
    )


@pytest.mark.parametrize(
    "name",
    [
        x509.IPAddress(ipaddress.ip_address("8.8.8.8")),
        x509.IPAddress(ipaddress.ip_address("192.0.2.99")),
        x509.DNSName("bank.example"),
    ],
)
def test_rfc5280_4_2_1_10_the_lan_ca_cannot_vouch_for_internet_sites(
    tmp_path: Path, name: x509.DNSName | x509.IPAddress
) -> None:
    files = lan.lan_certificates(tmp_path, "192.168.1.23", now=NOW)
    with pytest.raises(VerificationError, match="no permitted name constraints matched"):
        server_verifier(files, name).verify(rogue(files, name), [])


def test_a_lan_on_public_addresses_gets_a_ca_for_that_address_too(tmp_path: Path) -> None:
    files = lan.lan_certificates(tmp_path, "192.0.2.2", now=NOW)
    verify_chain(files, "192.0.2.2")
    other = x509.IPAddress(ipaddress.ip_address("192.0.2.3"))
    with pytest.raises(VerificationError, match="no permitted name constraints matched"):
        server_verifier(files, other).verify(rogue(files, other), [])


def test_demo_refuses_a_host_that_is_no_address(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--lan", "--host", "wallet.example.nl"]) == EXIT_UNAVAILABLE
    assert "'wallet.example.nl' is not an IP address" in capsys.readouterr().err


def test_serve_wants_both_tls_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "issuer", "--tls-cert", "server.pem"]) == EXIT_UNAVAILABLE
    assert "--tls-cert and --tls-key go together: give both." in capsys.readouterr().err


# --- the phone -------------------------------------------------------------------------------


def matrix_from_terminal(text: str) -> list[list[bool]]:
    """The modules of a QR code printed with half blocks: each character is two rows."""
    top = {"█": True, "▀": True, "▄": False, "\xa0": False}
    bottom = {"█": True, "▀": False, "▄": True, "\xa0": False}
    rows: list[list[bool]] = []
    for line in text.splitlines():
        rows.append([top[c] for c in line])
        rows.append([bottom[c] for c in line])
    return rows


def decode(matrix: list[list[bool]]) -> str:
    """Read a QR code with jsQR, the decoder the wallet app scans with (node)."""
    script = f"""
    const jsQR = require({json.dumps(str(JSQR))});
    const matrix = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const scale = 4, size = matrix.length * scale, pixels = new Uint8ClampedArray(size * size * 4);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {{
      const v = matrix[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      pixels.set([v, v, v, 255], (y * size + x) * 4);
    }}
    const code = jsQR(pixels, size, size);
    process.stdout.write(code ? code.data : "");
    """
    done = subprocess.run(  # noqa: S603 - our own script
        ["node", "-e", script],  # noqa: S607 - node from PATH, as `make test` requires
        input=json.dumps(matrix),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def square(matrix: list[list[bool]]) -> list[list[bool]]:
    """Drop the padding row half blocks add to an odd-sized code."""
    return matrix[: len(matrix[0])]


def test_terminal_qr_code_opens_the_wallet() -> None:
    url = "https://192.168.1.23:8003/"
    assert decode(square(matrix_from_terminal(lan.terminal_qr(url, tty=False)))) == url


def test_phone_instructions_are_three_lines_naming_the_ca_file(tmp_path: Path) -> None:
    text = lan.phone_instructions(tmp_path / "lan-ca.pem")
    first, android, ios = text.splitlines()
    assert str(tmp_path / "lan-ca.pem") in first
    assert android.startswith("Android: Instellingen > Beveiliging")
    assert "Install a certificate > CA certificate" in android
    assert ios.startswith("iOS: ")
    assert "Certificate Trust Settings" in ios


# --- the real command ------------------------------------------------------------------------


def password_of(screen: str, username: str) -> str:
    line = next(line for line in screen.splitlines() if line.startswith(f"    {username}  "))
    return line.split()[1]


def logs_in(url: str, username: str, password: str, trusted: ssl.SSLContext) -> bool:
    """A back-office login over https, as the browser sends it (piccolo-admin checks the CSRF
    token and, over https, that the Origin is the site's own host)."""
    with httpx.Client(base_url=url, verify=trusted, timeout=10) as browser:
        browser.get("/admin/")
        csrf = browser.cookies["csrftoken"]
        headers = {"X-CSRFToken": csrf, "Origin": url}
        credentials = {"username": username, "password": password}
        login = browser.post("/admin/public/login/", json=credentials, headers=headers)
        return login.is_success and browser.get("/admin/api/user/").json()["username"] == username


def test_lan_demo_answers_over_https_with_a_chain_to_the_generated_ca(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    demo = start_demo(data_dir, "--lan", "--host", "127.0.0.1")
    try:
        issuer, verifier, wallet = (f"https://127.0.0.1:{port}" for port in demo.ports)
        trusted = ssl.create_default_context(cafile=data_dir / "lan" / "lan-ca.pem")
        for url, path in (
            (issuer, "/.well-known/openid-credential-issuer"),
            (verifier, "/verify/parkeervergunning-bewoners"),
            (wallet, "/manifest.webmanifest"),
        ):
            assert httpx.get(url + path, verify=trusted, timeout=10).status_code == 200
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(wallet + "/", timeout=10)  # the public roots alone do not trust it
        metadata = httpx.get(f"{issuer}/.well-known/openid-credential-issuer", verify=trusted)
        assert metadata.json()["credential_issuer"] == issuer
        out = demo.output
        assert f"open the wallet at {wallet}/ then go to the municipality at {issuer}/" in out
        assert "    demo-woonstichting-de-kempen  " in out  # made by the demo over https
        assert f"CA-bestand / CA file: {data_dir / 'lan' / 'lan-ca.pem'}" in out
        for url, username in ((issuer, "demo-medewerker"), (verifier, "demo-vergunningen-boxtel")):
            assert logs_in(url, username, password_of(out, username), trusted)
        qr = out.split(f"then scan this code: {wallet}/\n", 1)[1].split("\nStoppen", 1)[0]
        assert decode(square(matrix_from_terminal(qr.strip("\n")))) == f"{wallet}/"
        assert demo.interrupt() == 0
    finally:
        demo.kill()
