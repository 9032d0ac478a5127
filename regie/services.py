"""The services ``regie`` can run, and how a service plugs in.

A service plugs in by having an entry in :data:`SERVICES` whose ``module`` can be imported and
defines ``create_app()``, a factory returning the service's ASGI application. If the service keeps
a database, the same module may define ``migrate()``, which ``regie migrate`` calls. Until its
module exists, a service is listed as "not built yet", with the issue that brings it.

:func:`wiring` is how the parts find each other: each one's data directory under one root and
the others' URLs, for ``regie demo`` and the browser tests' world alike.
"""

import importlib
import importlib.util
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

__all__ = ["SERVICES", "Built", "Service", "load", "wiring"]


@dataclass(frozen=True, slots=True)
class Service:
    """One service of the demo world, as the command line shows and starts it."""

    name: str
    """Name on the command line: ``regie serve <name>``."""
    module: str
    """Import path of the module that defines ``create_app()``."""
    title: str
    """Who runs it, as the start screen names it."""
    role_nl: str
    role_en: str
    issue: int
    """The issue that builds it."""
    port: int
    """Default port on 127.0.0.1."""
    pages: tuple[tuple[str, str, str], ...] = ()
    """Pages worth opening once it runs, for the start screen: (path, Dutch, English)."""
    ready_path: str = "/"
    """A path that answers 200 once the service is up."""


@dataclass(frozen=True, slots=True)
class Built:
    """A service whose module exists: its app factory and, if it has a database, its migrations."""

    create_app: Callable[[], object]
    migrate: Callable[[], None] | None


SERVICES: Final[tuple[Service, ...]] = (
    Service(
        name="issuer",
        module="issuer.app",
        title="Gemeente Boxtel",
        role_nl="geeft gecontroleerde gegevens uit (OpenID4VCI)",
        role_en="credential issuer (OpenID4VCI)",
        issue=3,
        port=8001,
        pages=(
            ("/", "inloggen en gegevens ophalen", "log in and fetch your data"),
            ("/admin/", "backoffice voor medewerkers", "back office for staff"),
        ),
        ready_path="/.well-known/openid-credential-issuer",
    ),
    Service(
        name="verifier",
        module="verifier.app",
        title="Woningcorporatie en vergunningenloket",
        role_nl="dienstverleners: vragen gegevens op en openen een zaak (OpenID4VP)",
        role_en="relying parties: verify claims and open a case (OpenID4VP)",
        issue=4,
        port=8002,
        pages=(
            (
                "/verify/inschrijven-woningzoekende",
                "Woonstichting De Kempen: inschrijven als woningzoekende",
                "register as a home seeker",
            ),
            (
                "/verify/parkeervergunning-bewoners",
                "Gemeente Boxtel: parkeervergunning voor bewoners",
                "residents' parking permit",
            ),
            ("/admin/", "backoffice voor medewerkers", "back office for officers"),
        ),
        ready_path="/verify/parkeervergunning-bewoners",
    ),
    Service(
        name="wallet",
        module="wallet_api.app",
        title="Wallet provider + wallet app",
        role_nl="de wallet-app op je telefoon en de dienst erachter",
        role_en="the wallet app on the phone and the service behind it",
        issue=5,
        port=8003,
        pages=(
            (
                "/",
                "de wallet-app (installeer hem op je telefoon)",
                "the wallet app (install it on your phone)",
            ),
        ),
        ready_path="/manifest.webmanifest",
    ),
)


def _module_exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError as exc:  # a parent package is missing
        if exc.name is not None and (module + ".").startswith(exc.name + "."):
            return False
        raise


def load(service: Service) -> Built | None:
    """Return the built service, or ``None`` while it is not built yet.

    A service is built when its module exists and defines a callable ``create_app``. Errors raised
    while importing a module that does exist are real bugs and propagate.
    """
    if not _module_exists(service.module):
        return None
    module = importlib.import_module(service.module)
    create_app = getattr(module, "create_app", None)
    if not callable(create_app):
        return None
    migrate = getattr(module, "migrate", None)
    return Built(create_app=create_app, migrate=migrate if callable(migrate) else None)


def wiring(urls: Mapping[str, str], root: Path) -> dict[str, dict[str, str]]:
    """Each service's settings (environment variables) in a world where ``urls`` maps
    ``issuer``, ``verifier`` and ``wallet`` to their base URLs: a data directory each under
    ``root`` (``root/issuer``, ``root/verifier``, ``root/wallet``; the demo CA in
    ``root/ca``), the verifier and the wallet trusting this issuer, the issuer requiring this
    wallet's attestations (OpenID4VCI 1.0 Appendix E), and the issuer and the
    verifier sending residents to this wallet, and the wallet knowing the housing corporation's
    registration (so its consent screen checks it; the permit desk, not listed, gets the
    wallet's warning). ``docs/configuration.md`` has every setting."""
    issuer, verifier, wallet = urls["issuer"], urls["verifier"], urls["wallet"]
    municipality = SERVICES[0].title
    ca = str(root / "ca")
    return {
        "issuer": {
            "ISSUER_PUBLIC_URL": issuer,
            "ISSUER_DATA_DIR": str(root / "issuer"),
            "ISSUER_CA_DIR": ca,
            "ISSUER_WALLET_URL": wallet,
            # this world's wallet always shows its provider's attestation (certified by the demo
            # CA, which the issuer trusts by default), so the issuer asks for it
            "ISSUER_WALLET_ATTESTATION": "required",
        },
        "verifier": {
            "VERIFIER_PUBLIC_URL": verifier,
            "VERIFIER_DATA_DIR": str(root / "verifier"),
            "VERIFIER_CA_DIR": ca,
            "VERIFIER_TRUSTED_ISSUERS": json.dumps([issuer]),
            "VERIFIER_ISSUER_NAMES": json.dumps({issuer: municipality}),
            "VERIFIER_WALLET_URL": wallet,
            "VERIFIER_WALLET_ORIGINS": json.dumps([wallet]),
        },
        "wallet": {
            "WALLET_PUBLIC_URL": wallet,
            "WALLET_DATA_DIR": str(root / "wallet"),
            "WALLET_CA_DIR": ca,
            "WALLET_TRUSTED_ISSUERS": json.dumps([{"issuer": issuer, "name": municipality}]),
            "WALLET_RELYING_PARTIES": json.dumps(_registered(verifier)),
        },
    }


def _registered(verifier: str) -> list[dict[str, object]]:
    """The housing corporation's registration as the wallet's provider lists it: its
    ``x509_san_dns`` client id is the verifier's host (OpenID4VP 1.0 §5.9.3)."""
    from verifier.relying_parties.seeded import PARTIES  # noqa: PLC0415 - the verifier's data

    (party,) = (p for p in PARTIES if p.san_dns)
    registration = {
        vct: [list(path) for path in paths] for vct, paths in party.allowed_claims.items()
    }
    host = urlsplit(verifier).hostname
    return [{"client_id": f"x509_san_dns:{host}", "registration": registration}]
