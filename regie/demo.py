"""``regie demo``: the start screen, then every built service in its own process.

Services that are not built yet are listed with the issue that brings them. Ctrl-C stops
everything; if one service stops by itself, the demo stops the others and fails.
"""

import os
import subprocess
import sys
import time
from collections.abc import Sequence

from regie import services
from regie.serving import LOCALHOST

__all__ = ["DEMO_ENVIRONMENT", "POLL_SECONDS", "run_demo", "start_screen"]

POLL_SECONDS = 0.5
DEMO_ENVIRONMENT = {"VERIFIER_DEMO_OFFICERS": "true"}
"""Settings for the demo only: the verifier makes test officers (passwords in
``data/verifier/demo-officers.txt``)."""

_INTRO = """\
Regie — regie op eigen gegevens

Gegevens die de gemeente heeft gecontroleerd, in je eigen wallet.
Je deelt alleen wat een dienst nodig heeft.
Data the municipality has validated, in your own wallet.
You share only what a service needs.

Onderdelen / Parts
"""

_NOTHING_TO_START = """\
Nog niets om te starten: geen enkel onderdeel is al gebouwd.
Nothing to start yet: none of the parts is built.
Al klaar: de standards-bibliotheek (standards/), getest met `make test`.
Ready today: the standards library (standards/), tested by `make test`."""


_OFFICERS = """\
Backoffice van de verifier (/admin/): testaccounts voor medewerkers staan in
data/verifier/demo-officers.txt. Verifier back office (/admin/): officers' test accounts are in
data/verifier/demo-officers.txt.
"""


def _part(service: services.Service, *, built: bool) -> str:
    if built:
        state = f"draait op / running at http://{LOCALHOST}:{service.port}"
    else:
        state = (
            f"nog niet gebouwd, komt met issue {service.issue} / "
            f"not built yet, arrives with issue {service.issue}"
        )
    indent = " " * 12
    pages = "".join(
        f"{indent}  http://{LOCALHOST}:{service.port}{path}\n{indent}    {nl}\n{indent}    {en}\n"
        for path, nl, en in (service.pages if built else ())
    )
    return (
        f"  {service.name:<10}{service.title}\n"
        f"{indent}{service.role_nl}\n"
        f"{indent}{service.role_en}\n"
        f"{indent}{state}\n"
        f"{pages}"
    )


def start_screen(parts: Sequence[tuple[services.Service, bool]]) -> str:
    """The text ``regie demo`` shows first: each part, running or with the issue that brings it."""
    return _INTRO + "\n".join(_part(service, built=built) for service, built in parts)


def _run_all(built: Sequence[services.Service]) -> int:
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and arguments, no shell
            [sys.executable, "-m", "regie", "serve", service.name, "--port", str(service.port)],
            env={**os.environ, **DEMO_ENVIRONMENT},
        )
        for service in built
    ]
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print("\nGestopt. / Stopped.")
        status = 0
    else:
        for service, process in zip(built, processes, strict=True):
            if process.poll() is not None:
                code = process.returncode
                print(
                    f"regie: '{service.name}' is gestopt (code {code}); de demo stopt.\n"
                    f"regie: '{service.name}' stopped (code {code}); stopping the demo.",
                    file=sys.stderr,
                )
        status = 1
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            process.wait()
    return status


def run_demo() -> int:
    """Show the start screen and run the built services until Ctrl-C; return the exit code."""
    parts = [(service, services.load(service) is not None) for service in services.SERVICES]
    print(start_screen(parts))
    built = [service for service, is_built in parts if is_built]
    if not built:
        print(_NOTHING_TO_START)
        return 0
    if any(service.name == "verifier" for service in built):
        print(_OFFICERS)
    return _run_all(built)
