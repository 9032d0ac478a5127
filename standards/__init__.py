"""Regie's standards core: pure-Python implementations of the specifications Regie speaks.

One module per standard (see ``../shared/specs``):

- :mod:`standards.jose`: JWS/JWK (RFC 7515, 7517, 7518, 7638) and x5c chains; the only
  module that touches jwcrypto.
- :mod:`standards.sd_jwt`: RFC 9901 Selective Disclosure for JWTs.
- :mod:`standards.sd_jwt_vc`: SD-JWT-based Verifiable Digital Credentials (``dc+sd-jwt``).
- :mod:`standards.status_list`: Token Status List.
- :mod:`standards.errors`: one exception hierarchy for every failed check.

Nothing here imports a web framework or a database, or reads the environment; the clock and
randomness are parameters.
"""
