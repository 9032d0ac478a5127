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
from collections.abc import Mapping
from urllib.parse import SplitResult, parse_qs, quote, urlencode, urlsplit

from standards.errors import StandardsError

__all__ = [
    "identifier_url_parts",
    "is_loopback_host",
    "link_parameters",
    "link_with_query",
    "secure_url_parts",
    "split_url",
]


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


def split_url(value: object) -> SplitResult | None:
    """``urlsplit``, or ``None`` for what is no URL (it raises ``ValueError`` on a broken
    IPv6 literal such as ``https://[::1``, and its ``port`` on a port that is not a number
    from 0 to 65535, RFC 3986 §3.2.3)."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value)
        _ = parts.hostname, parts.port  # parsed when asked, and may raise then
    except ValueError:
        return None
    return parts


def secure_url_parts(value: object) -> SplitResult | None:
    """The parts of ``value`` if it is an absolute https URL with a host, or http to loopback.

    ``None`` for anything else, including strings ``urlsplit`` cannot parse.
    """
    parts = split_url(value)
    if parts is None or not parts.hostname:
        return None
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(parts.hostname)):
        return parts
    return None


def identifier_url_parts(value: object) -> SplitResult | None:
    """An issuer identifier (OpenID4VCI 1.0 §12.2.1, SD-JWT VC §4): a secure URL with host,
    optional port and path, and no query or fragment, not even an empty ``?`` or ``#``."""
    parts = secure_url_parts(value)
    if parts is None or parts.query or parts.fragment or "?" in str(value) or "#" in str(value):
        return None
    return parts


def link_with_query(endpoint: str, query: Mapping[str, str]) -> str:
    """``endpoint`` (a wallet's scheme such as ``openid4vp://`` or an https URL, perhaps with a
    query of its own) with ``query`` added, every value percent-encoded."""
    separator = "&" if "?" in endpoint else "?"
    return endpoint + separator + urlencode(query, quote_via=quote)


def link_parameters(
    link: object, *, max_size: int, error: type[StandardsError], what: str
) -> dict[str, list[str]]:
    """The query parameters of a scanned or clicked link (each name with all its values);
    ``error`` for anything that is not a URL of at most ``max_size`` characters. A link to a
    web wallet carries them after its route in the fragment
    (``https://wallet.example/#/present?client_id=...``), read the same way."""
    if not isinstance(link, str) or len(link) > max_size:
        raise error(f"the {what} is not text of a reasonable size")
    try:
        parts = urlsplit(link)
        query = parts.query
        if not query and "?" in parts.fragment:
            query = parts.fragment.split("?", 1)[1]
        return parse_qs(query, keep_blank_values=True)
    except ValueError as exc:
        raise error(f"the {what} is not a URL") from exc
