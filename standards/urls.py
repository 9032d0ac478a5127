"""Which URLs count as secure: ``https``, or ``http`` on the machine itself.

The specifications require ``https`` for identifiers and endpoints (OpenID4VCI 1.0 §12.2.1,
SD-JWT VC §4). Regie's embedded demo runs every service on the loopback interface over plain
``http`` (``make demo``); browsers treat such origins as secure contexts (W3C Secure Contexts
§3.1, "potentially trustworthy origin": ``127.0.0.0/8``, ``::1``, ``localhost`` and
``*.localhost``), and no network can come between the parties. So the one exception accepted
here is ``http`` to a loopback host; everything else must be ``https``.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

__all__ = ["is_loopback_host", "secure_url_parts"]


def is_loopback_host(host: str | None) -> bool:
    """W3C Secure Contexts §3.1: ``localhost``, ``*.localhost``, ``127.0.0.0/8`` or ``::1``."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def secure_url_parts(value: object) -> SplitResult | None:
    """The parts of ``value`` if it is an absolute https URL with a host, or http to loopback.

    ``None`` for anything else, including strings ``urlsplit`` cannot parse.
    """
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a broken IPv6 literal such as ``https://[::1``
        return None
    if not host:
        return None
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host)):
        return parts
    return None
