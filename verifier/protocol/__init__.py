"""The verifier's OpenID4VP endpoints: Request URI (§5.10), Response URI (§8.2), polling."""

from verifier.protocol.routes import (
    page_handlers,
    protocol_handlers,
    request_object_handlers,
    response_handlers,
)

__all__ = ["page_handlers", "protocol_handlers", "request_object_handlers", "response_handlers"]
