"""The resident's pages: start, which credentials, the offer (QR code, button, code), log out."""

from __future__ import annotations

import hmac
from typing import Any, Final
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect
from markupsafe import Markup

from issuer.credentials import CATALOGUE
from issuer.mailbox import RENEW_PARAM
from issuer.register.eligibility import MESSAGES
from issuer.register.model import Persoon
from issuer.web.render import Page
from issuer.web.session import SessionOffer
from issuer.web.site import Site
from issuer.web.view import credential_views
from regie.web.qr import qr_svg
from standards.oid4vci import credential_offer_link

__all__ = ["WALLET_OFFER_PATH", "ResidentPages", "asked_renewal", "renewal_path"]

WALLET_OFFER_PATH: Final = "/#/offer"
"""The wallet app's offer screen: ``{wallet_url}/#/offer?credential_offer_uri=...``.

In the fragment, so the offer's address never reaches the wallet's server or its logs."""
_MAX_CHOICES: Final = 10
DUTCH_TIME: Final = ZoneInfo("Europe/Amsterdam")


def asked_renewal(value: object) -> str | None:
    """The credential configuration a re-issue prompt's button asks for (issuer.mailbox
    :func:`~issuer.mailbox.reissue_url`), only if the catalogue knows it: the value never
    becomes a URL of its own, so the parameter cannot redirect anywhere else."""
    return value if isinstance(value, str) and value in CATALOGUE else None


def renewal_path(path: str, configuration_id: str | None) -> str:
    """``path`` with the known ``configuration_id`` to tick, or ``path`` alone."""
    if configuration_id is None:
        return path
    return f"{path}?{urlencode({RENEW_PARAM: configuration_id})}"


def _not_logged_in(page: Page) -> Response[Any]:
    return page.render("issuer/start.html", status=401, notice=page.t("start.session_expired"))


class ResidentPages(Controller):
    """``/``, ``/credentials``, ``/offers``, ``/offers/{offer_id}``, ``/logout``."""

    @get("/", name="start")
    async def start(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        return site.pages.page(request).render("issuer/start.html")

    @get("/credentials", name="credentials")
    async def credentials(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        """The choice; ``?credential=ID`` (a re-issue prompt's button) ticks only that one,
        and sends a resident who is not logged in to the login first, which comes back here."""
        page = site.pages.page(request)
        renew = asked_renewal(request.query_params.get(RENEW_PARAM))
        bsn = site.resident(request)
        if bsn is None:
            if renew is not None:
                return Redirect(renewal_path("/login", renew), status_code=303)
            return _not_logged_in(page)
        return await _choice(page, site, bsn, renew=renew)

    @post("/offers", name="create_offer")
    async def create_offer(self, request: Request[Any, Any, Any], site: Site) -> Response[Any]:
        page = site.pages.page(request)
        bsn = site.resident(request)
        if bsn is None:
            return _not_logged_in(page)
        form = await request.form()
        asked = [value for value in form.getall("credential", []) if isinstance(value, str)]
        chosen = [c for c in dict.fromkeys(asked[:_MAX_CHOICES]) if c in CATALOGUE]
        if not chosen:
            return await _choice(page, site, bsn, error=page.t("credentials.choose_one"))
        person = await site.state.register.get_person(bsn)
        if person is None or not person.eligibility().eligible:
            return await _choice(page, site, bsn)  # shows why, and offers nothing
        offer = await site.state.issuance.create_offer(bsn, chosen)
        request.session["offer"] = SessionOffer(
            offer.offer_id, offer.tx_code, offer.expires_at, offer.configuration_ids
        ).to_session()
        return Redirect(f"/offers/{offer.offer_id}", status_code=303)

    @get("/offers/{offer_id:str}", name="offer")
    async def offer(
        self, request: Request[Any, Any, Any], site: Site, offer_id: FromPath[str]
    ) -> Response[Any]:
        page = site.pages.page(request)
        if site.resident(request) is None:
            return _not_logged_in(page)
        offer = SessionOffer.from_session(request.session.get("offer"))
        if offer is None or not hmac.compare_digest(offer.offer_id, offer_id):
            return page.error(page.t("offer.not_found"), status=404, retry="/credentials")
        settings = site.state.settings
        now = site.now()
        expired = now >= offer.expires_at
        used = not expired and await site.state.issuance.offer_document(offer_id) is None
        offer_uri = f"{settings.public_url}/credential-offer/{offer_id}"
        link = credential_offer_link(offer_uri=offer_uri)
        names = [CATALOGUE[c].metadata.display_name(page.t.lang) for c in offer.configuration_ids]
        return page.render(
            "issuer/offer.html",
            offer=offer,
            expired=expired,
            used=used,
            link=link,
            same_device=credential_offer_link(
                offer_uri=offer_uri, endpoint=settings.wallet_url.rstrip("/") + WALLET_OFFER_PATH
            ),
            qr=Markup(qr_svg(link, label=page.t("offer.qr_label"))),  # noqa: S704 - escaped SVG
            tx_groups=[offer.tx_code[i : i + 3] for i in range(0, len(offer.tx_code), 3)],
            seconds_left=max(0, int((offer.expires_at - now).total_seconds())),
            minutes=round(settings.offer_ttl_seconds / 60),
            until=offer.expires_at.astimezone(DUTCH_TIME).strftime("%H:%M"),
            names=names,
        )

    @post("/logout", name="logout")
    async def logout(self, request: Request[Any, Any, Any]) -> Response[Any]:
        request.clear_session()
        return Redirect("/", status_code=303)


async def _choice(
    page: Page, site: Site, bsn: str, *, error: str | None = None, renew: str | None = None
) -> Response[Any]:
    """The credentials page: what is available and what it holds, or why there is nothing;
    every credential ticked, or only ``renew``."""
    register = site.state.register
    person = await register.get_person(bsn)
    if person is None:
        return page.render("issuer/refused.html", status=403, message=page.t("refused.unknown"))
    refusal = person.eligibility().refusal
    if refusal is not None:
        message = MESSAGES[refusal]
        text = message.en if page.t.lang == "en" else message.nl
        return page.render("issuer/refused.html", status=403, message=text, person=_name(person))
    household = await register.get_household(person)
    views = credential_views(person, household, site.state.issuance.today(), page.t)
    return page.render(
        "issuer/credentials.html",
        status=400 if error else 200,
        person=_name(person),
        credentials=views,
        error=error,
        renew=next((view for view in views if view.configuration_id == renew), None),
    )


def _name(person: Persoon) -> str:
    return person.full_name or person.bsn
