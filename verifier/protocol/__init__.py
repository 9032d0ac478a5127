"""The verifier's OpenID4VP endpoints: Request URI (§5.10), Response URI (§8.2), polling."""

from verifier.protocol.routes import protocol_handlers

__all__ = ["protocol_handlers"]
