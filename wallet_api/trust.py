"""``GET /api/trust-list``: whom the wallet app trusts, as its provider configures it.

- ``issuers``: ``[{"issuer", "name"}]``, the Credential Issuer Identifiers (OpenID4VCI 1.0
  §12.2.1, compared as exact strings) the app takes credentials from without the
  untrusted-issuer warning (``WALLET_TRUSTED_ISSUERS``).
- ``relying_party_anchors``: base64 DER certificates (RFC 7515 §4.1.6 encoding, as in
  ``x5c``) that a relying party's request object chain must end at (OpenID4VP 1.0 §5.9.3,
  HAIP 1.0 §5: the anchor itself is never in ``x5c``): the demo CA
  (``WALLET_TRUST_DEMO_CA``, read from ``ca_dir/ca.pem`` on each request, since the issuer or
  verifier makes it, perhaps after the wallet provider started) and the PEM files of
  ``WALLET_RELYING_PARTY_ANCHOR_FILES`` (read once at start-up; a file that is no CA
  certificate stops the start with a message in Dutch and English).
- ``relying_parties``: ``[{"client_id", "registration": {vct: [claims path]}}]``, what each
  known relying party is registered for (OpenID4VP 1.0 §15.3); empty: the app checks none.

Public information, not personal data: the app (same origin) keeps the last good copy for
use offline. ``Cache-Control: no-cache``: always revalidated.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from litestar import get
from litestar.datastructures import State
from litestar.response import Response

from regie.bilingual import BilingualError
from regie.pki import CA_CERTIFICATE
from wallet_api.settings import WalletSettings
from wallet_api.state import WalletState

__all__ = [
    "TRUST_LIST_PATH",
    "TrustAnchorError",
    "read_anchors",
    "trust_list",
    "trust_list_handler",
]

TRUST_LIST_PATH: Final = "/api/trust-list"
HEADERS: Final = {"Cache-Control": "no-cache"}


class TrustAnchorError(BilingualError):
    """A configured trust anchor file that cannot be used."""


def _anchor(certificate: x509.Certificate, path: Path) -> str:
    """RFC 5280 §4.2.1.9: an anchor signs certificates, so it is a CA certificate."""
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        is_ca = constraints.value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise TrustAnchorError(
            f"{path} bevat een certificaat dat geen CA is; een vertrouwensanker moet een "
            "CA-certificaat zijn.",
            f"{path} holds a certificate that is no CA; a trust anchor must be a CA certificate.",
        )
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode("ascii")


def read_anchors(paths: list[Path]) -> list[str]:
    """Every certificate in the PEM files ``paths``, as base64 DER; :class:`TrustAnchorError`
    for a file that is missing, holds no PEM certificate, or a certificate that is no CA."""
    anchors: list[str] = []
    for path in paths:
        try:
            certificates = x509.load_pem_x509_certificates(path.read_bytes())
        except OSError as exc:
            raise TrustAnchorError(
                f"Het vertrouwensanker {path} is niet te lezen ({exc.strerror}).",
                f"The trust anchor {path} cannot be read ({exc.strerror}).",
            ) from exc
        except ValueError as exc:
            raise TrustAnchorError(
                f"{path} bevat geen leesbaar PEM-certificaat.",
                f"{path} holds no readable PEM certificate.",
            ) from exc
        anchors.extend(_anchor(certificate, path) for certificate in certificates)
    return anchors


def _demo_ca(settings: WalletSettings) -> list[str]:
    path = settings.resolved_ca_dir() / CA_CERTIFICATE
    if not settings.trust_demo_ca or not path.is_file():
        return []
    return read_anchors([path])


def trust_list(settings: WalletSettings, configured_anchors: list[str]) -> dict[str, Any]:
    """The document ``GET /api/trust-list`` answers (see the module docstring)."""
    anchors = [*_demo_ca(settings), *configured_anchors]
    return {
        "issuers": [issuer.model_dump() for issuer in settings.trusted_issuers],
        "relying_party_anchors": list(dict.fromkeys(anchors)),
        "relying_parties": [party.model_dump() for party in settings.relying_parties],
    }


def trust_list_handler(settings: WalletSettings) -> Any:
    """The route, with the configured anchor files read (and checked) once, now."""
    configured = read_anchors(list(settings.relying_party_anchor_files))

    @get(TRUST_LIST_PATH, name="wallet:trust-list", include_in_schema=False)
    async def answer(state: State) -> Response[dict[str, Any]]:
        wallet: WalletState = state.wallet
        return Response(trust_list(wallet.settings, configured), headers=HEADERS)

    return answer
