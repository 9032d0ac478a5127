"""Run one service's ASGI application on a local address.

The ASGI server (uvicorn) is not a dependency yet: it arrives with the first service (issue 3).
Until then :func:`run` raises :class:`ServerMissingError` with a message for the user.
"""

import importlib

__all__ = ["LOCALHOST", "ServerMissingError", "run"]

LOCALHOST = "127.0.0.1"


class ServerMissingError(RuntimeError):
    """No ASGI server is installed to run a service with."""


def run(app: object, *, host: str, port: int) -> None:
    """Serve ``app`` on ``host:port`` until interrupted."""
    try:
        uvicorn = importlib.import_module("uvicorn")
    except ModuleNotFoundError as exc:
        raise ServerMissingError(
            "Er is geen ASGI-server (uvicorn) geïnstalleerd.\n"
            "regie: No ASGI server (uvicorn) is installed."
        ) from exc
    uvicorn.run(app, host=host, port=port)
