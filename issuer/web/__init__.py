"""The resident's pages at the municipality: log in, choose credentials, get the offer.

Server-rendered (Jinja) with NL Design System CSS, Dutch (B1) by default with English; every
text comes from the message catalogue in ``messages/``. :func:`resident_site` builds it all;
:mod:`.resident`, :mod:`.login` and :mod:`.testidp` are the controllers, :mod:`.session` the
encrypted session cookie, :mod:`.view` what each credential shows, :mod:`.qr` the QR code.
"""

from issuer.web.site import ResidentSite, resident_site

__all__ = ["ResidentSite", "resident_site"]
