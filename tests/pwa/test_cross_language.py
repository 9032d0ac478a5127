"""Cross-language: the wallet's JavaScript (``pwa/js``, run by Node through
``tests/pwa/js/driver.mjs``) against the Python issuer and verifier apps of the fixtures.

(a) credentials issued by the Python issuer are received and verified by the JavaScript
OpenID4VCI client; (b) a presentation made by the JavaScript wallet (KB-JWT, JWE) is accepted
by the Python verifier; (c) a tampered one is refused. Also: the JavaScript DER reader reads
the demo CA's and the test PKI's certificates as ``cryptography`` does.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from litestar import Litestar
from litestar.testing import TestClient

from standards.jose import PublicKey
from standards.sd_jwt_vc import JwtVcIssuerMetadata, TrustedIssuers, verify_credential
from tests.issuer.conftest import PUBLIC_URL as ISSUER_URL
from tests.issuer.conftest import Offers
from tests.pwa.pki_fixture import FIXTURE, build_fixture
from tests.pwa.proxy import forwarding_server
from tests.verifier.conftest import VERIFIER_URL
from tests.verifier.test_presentation_flow import row_of, start
from tests.verifier.wallet import ALL_CREDENTIALS
from verifier import transactions
from verifier.protocol.routes import POLL_SECRET_HEADER
from verifier.state import VerifierState

DRIVER = Path(__file__).resolve().parent / "js" / "driver.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is not installed (make test-js says how to install it)"
)


def run_driver(command: dict[str, Any]) -> dict[str, Any]:
    assert NODE is not None
    done = subprocess.run(  # noqa: S603 - our own driver, our own input
        [NODE, str(DRIVER)],
        input=json.dumps(command),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
def issuer_proxy(issuer_client: TestClient[Litestar]) -> Iterator[str]:
    with forwarding_server(issuer_client) as url:
        yield url


@pytest.fixture
def proxies(issuer_proxy: str, verifier_client: TestClient[Litestar]) -> Iterator[tuple[str, str]]:
    """The issuer's and the verifier's loopback URLs, in that order."""
    with forwarding_server(verifier_client) as url:
        yield issuer_proxy, url


def offer_link(offers: Offers, configuration_ids: list[str]) -> tuple[str, str]:
    offer = offers.create(configuration_ids)
    link = f"openid-credential-offer://?credential_offer_uri={offers.uri(offer)}"
    return link, offer.tx_code


def receive(
    link: str, tx_code: str, trust_list: list[dict[str, Any]], issuer_proxy: str
) -> dict[str, Any]:
    """The JavaScript OpenID4VCI client's whole flow, from the offer link on."""
    routes = {ISSUER_URL: issuer_proxy}
    return run_driver(
        {"command": "receive", "link": link, "tx_code": tx_code, "trust_list": trust_list}
        | {"routes": routes}
    )


def ca_pem(state: VerifierState) -> str:
    return (state.settings.resolved_ca_dir() / "ca.pem").read_text(encoding="ascii")


def test_a_js_wallet_receives_and_verifies_python_issued_credentials(
    offers: Offers, issuer_proxy: str, issuer_client: TestClient[Litestar]
) -> None:
    link, tx_code = offer_link(offers, ["persoonsgegevens", "woonadres"])
    result = receive(link, tx_code, [{"issuer": ISSUER_URL}], issuer_proxy)
    assert result["ok"], result
    assert result["session"]["status"] == "ready"
    received = {r["configuration_id"]: r for r in result["received"]}
    assert set(received) == {"persoonsgegevens", "woonadres"}
    assert received["persoonsgegevens"]["display"]["nl"]
    assert received["persoonsgegevens"]["display"]["en"]
    document = issuer_client.get("/.well-known/jwt-vc-issuer").json()
    trusted = TrustedIssuers(
        metadata={ISSUER_URL: JwtVcIssuerMetadata.parse(document, expected_issuer=ISSUER_URL)}
    )
    for credential in received.values():
        assert len(credential["copies"]) == 3  # the fixture issuer's batch_size
        thumbprints = {c["holder_thumbprint"] for c in credential["copies"]}
        assert len(thumbprints) == 3  # one device key per copy
        for copy in credential["copies"]:
            assert copy["private_key_extractable"] is False
            python = verify_credential(copy["compact"], issuer_key=trusted.resolve)
            assert python.claims == copy["claims"]  # both languages process it alike
            assert python.holder_key is not None
            assert python.holder_key.thumbprint() == copy["holder_thumbprint"]


def test_a_js_wallet_follows_the_issuers_x5c_to_the_demo_ca(
    offers: Offers, issuer_proxy: str, verifier_state: VerifierState
) -> None:
    link, tx_code = offer_link(offers, ["persoonsgegevens"])
    trust = [{"issuer": ISSUER_URL, "trustAnchors": [ca_pem(verifier_state)]}]
    result = receive(link, tx_code, trust, issuer_proxy)
    assert result["ok"], result
    assert len(result["received"][0]["copies"]) == 3


def test_a_js_wallet_reports_an_untrusted_issuer_and_issues_nothing(
    offers: Offers, issuer_proxy: str, issuer_client: TestClient[Litestar]
) -> None:
    link, tx_code = offer_link(offers, ["persoonsgegevens"])
    result = receive(link, tx_code, [{"issuer": "https://gemeente.example.nl"}], issuer_proxy)
    assert result["ok"], result
    assert result["session"]["status"] == "untrusted_issuer"
    assert result["received"] == []


def test_a_wrong_transaction_code_is_the_issuers_invalid_grant(
    offers: Offers, issuer_proxy: str
) -> None:
    link, tx_code = offer_link(offers, ["persoonsgegevens"])
    wrong = "0" * len(tx_code) if tx_code != "0" * len(tx_code) else "1" * len(tx_code)
    result = receive(link, wrong, [{"issuer": ISSUER_URL}], issuer_proxy)
    assert not result["ok"]
    assert result["code"] == "server_error"
    assert result["error"] == "invalid_grant"


@dataclass(frozen=True)
class Scene:
    """The issuer and verifier apps, reachable from Node through their proxies."""

    offers: Offers
    verifier: TestClient[Litestar]
    state: VerifierState
    proxies: tuple[str, str]


@pytest.fixture
def scene(
    offers: Offers,
    verifier_client: TestClient[Litestar],
    verifier_state: VerifierState,
    proxies: tuple[str, str],
) -> Scene:
    return Scene(offers, verifier_client, verifier_state, proxies)


def present(
    scene: Scene,
    *,
    use_case: str = "inschrijven-woningzoekende",
    tamper: str | None = None,
    decline: bool = False,
) -> tuple[dict[str, Any], str, str]:
    """Receive every credential, then answer a fresh request of ``use_case``."""
    link, tx_code = offer_link(scene.offers, ALL_CREDENTIALS)
    transaction_id, secret, request_link = start(scene.verifier, use_case)
    issuer_proxy, verifier_proxy = scene.proxies
    result = run_driver(
        {
            "command": "receive_and_present",
            "link": link,
            "tx_code": tx_code,
            "trust_list": [{"issuer": ISSUER_URL}],
            "routes": {ISSUER_URL: issuer_proxy, VERIFIER_URL: verifier_proxy},
            "request_link": request_link,
            "trust_anchors": [ca_pem(scene.state)],
            "tamper": tamper,
            "decline": decline,
        }
    )
    assert result["ok"], result
    return result, transaction_id, secret


def poll(client: TestClient[Litestar], transaction_id: str, secret: str) -> str:
    answer = client.get(f"/verify/{transaction_id}/status", headers={POLL_SECRET_HEADER: secret})
    status: str = answer.json()["status"]
    return status


@pytest.mark.parametrize("use_case", ["inschrijven-woningzoekende", "parkeervergunning-bewoners"])
def test_b_python_verifier_accepts_the_js_wallets_presentation(scene: Scene, use_case: str) -> None:
    verifier_client = scene.verifier
    result, transaction_id, secret = present(scene, use_case=use_case)
    assert result["response"]["ok"], result["response"]
    assert result["response_mode"] == "direct_post.jwt"
    assert result["relying_party"]["name"]
    assert poll(verifier_client, transaction_id, secret) == "responded"
    released = verifier_client.post(
        f"/verify/{transaction_id}/result", data={"poll_secret": secret}
    )
    assert released.status_code == 200
    with verifier_client.portal() as portal:
        done = portal.call(transactions.completed, transaction_id)
    assert done is not None
    persoon = done.verified_claims["persoon"]
    assert persoon["issuer"] == ISSUER_URL
    disclosed = {p[0] for p in result["disclosed"]["persoon"]}
    assert set(persoon["claims"]) == disclosed  # exactly what the wallet chose, no more
    assert row_of(verifier_client, transaction_id)["request_uri_id"]


REFUSED: Final = {
    "extra_disclosure": "sd_jwt.sd_hash_mismatch",  # RFC 9901 §7.3 step 5.7: sd_hash covers it
    "issuer_payload": "jose.signature_invalid",  # RFC 9901 §7.1: the issuer's signature
    "kb_signature": "jose.signature_invalid",  # RFC 9901 §7.3 step 5.3: the KB-JWT's signature
}
"""The check that refuses each tampered presentation (its StandardsError code)."""


@pytest.mark.parametrize("tamper", sorted(REFUSED))
def test_c_python_verifier_refuses_a_tampered_js_presentation(scene: Scene, tamper: str) -> None:
    """A well-formed response whose presentation a check refuses is processed (OpenID4VP 1.0
    §8.2: 200) and names the refusing check in ``refused``; the transaction failed."""
    result, transaction_id, secret = present(scene, tamper=tamper)
    response = result["response"]
    assert response["ok"], response
    assert response["refused"] == REFUSED[tamper], response
    assert response["redirectUri"] is None  # cross-device: the relying party's page says why
    assert poll(scene.verifier, transaction_id, secret) == "failed"


def test_c_declining_sends_access_denied(scene: Scene) -> None:
    result, transaction_id, secret = present(scene, decline=True)
    assert result["response"]["status"] == 200, result
    assert poll(scene.verifier, transaction_id, secret) not in {"created", "responded"}


def _certificates(verifier_state: VerifierState) -> list[x509.Certificate]:
    demo_ca = x509.load_pem_x509_certificate(ca_pem(verifier_state).encode("ascii"))
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    chain = [x509.load_der_x509_certificate(base64.b64decode(e)) for e in fixture["x5c"]]
    return [demo_ca, *chain]


def test_js_der_reader_agrees_with_cryptography(verifier_state: VerifierState) -> None:
    for certificate in _certificates(verifier_state):
        der = certificate.public_bytes(serialization.Encoding.DER)
        result = run_driver(
            {"command": "parse_certificate", "der_b64": base64.b64encode(der).decode("ascii")}
        )
        assert result["ok"], result
        assert result["not_before"] == int(certificate.not_valid_before_utc.timestamp())
        assert result["not_after"] == int(certificate.not_valid_after_utc.timestamp())
        common_name = certificate.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
        assert result["subject"].get("CN") == (common_name[0].value if common_name else None)
        try:
            san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            dns = san.value.get_values_for_type(x509.DNSName)
            uris = san.value.get_values_for_type(x509.UniformResourceIdentifier)
        except x509.ExtensionNotFound:
            dns, uris = [], []
        assert result["dns_names"] == dns
        assert result["uris"] == uris


def test_pki_fixture_is_what_the_generator_makes() -> None:
    """The committed fixture has the generator's shape (keys differ on every run)."""
    committed = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert set(committed) == set(build_fixture())
    leaf = x509.load_der_x509_certificate(base64.b64decode(committed["x5c"][0]))
    key = PublicKey.from_jwk({k: v for k, v in committed["leaf_private_jwk"].items() if k != "d"})
    public = leaf.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    assert public.public_numbers() == key.key.public_numbers()
