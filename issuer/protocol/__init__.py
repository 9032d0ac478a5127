"""The issuer's HTTP endpoints for wallets: OpenID4VCI 1.0, metadata and status lists.

Thin controllers: parse, call :class:`issuer.issuance.Issuance`, shape the response. Errors
answer ``{"error", "error_description"}`` (see :mod:`regie.web.errors`).
"""
