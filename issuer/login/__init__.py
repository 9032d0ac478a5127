"""How a resident logs in: OpenID Connect with PKCE, and the embedded test provider.

:mod:`.oidc` is the client (production and embedded default alike), :mod:`.id_token` the ID
token checks, :mod:`.pkce` RFC 7636, :mod:`.errors` every way a login can fail, and
:mod:`.testidp` the clearly marked test provider over the seeded persons (:mod:`.testpersons`).
"""

from issuer.login.errors import LoginFailed
from issuer.login.oidc import LoginResult, OidcClient, OidcConfig, PendingLogin, ProviderMetadata

__all__ = [
    "LoginFailed",
    "LoginResult",
    "OidcClient",
    "OidcConfig",
    "PendingLogin",
    "ProviderMetadata",
]
