"""RFC 7636 (PKCE): the code verifier and its ``S256`` challenge, for client and provider."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Final

from standards.jose import b64url_encode

__all__ = ["new_verifier", "s256_challenge", "verifier_matches"]

_VERIFIER: Final = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
"""RFC 7636 §4.1: 43 to 128 characters from the unreserved set."""


def new_verifier() -> str:
    """RFC 7636 §4.1: 32 random octets, base64url-encoded (43 characters)."""
    return secrets.token_urlsafe(32)


def s256_challenge(verifier: str) -> str:
    """RFC 7636 §4.2: ``BASE64URL(SHA256(ASCII(code_verifier)))``."""
    return b64url_encode(hashlib.sha256(verifier.encode("ascii")).digest())


def verifier_matches(verifier: str, challenge: str) -> bool:
    """RFC 7636 §4.6: the verifier is well formed and its S256 challenge is ``challenge``."""
    if not _VERIFIER.fullmatch(verifier):
        return False
    return hmac.compare_digest(s256_challenge(verifier), challenge)
