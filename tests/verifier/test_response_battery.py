"""The verifier's protocol battery: one row per attack, named after the section it guards.

Every row drives a real transaction over HTTP (credentials from the real issuer app, the test
wallet) and asserts the HTTP status, the spec's ``error`` code, the code the transaction keeps,
that the transaction can no longer be used (``failed``, or ``responded`` untouched where a
genuine result must survive, see :func:`verifier.transactions.respond`), and that no claims,
evidence or case were stored: the resident's browser then tries the intake with every proof the
flow gave it (:meth:`World.intake`, which does make a case after a good response) and is
refused.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from issuer.credential_status import CredentialStatus, change_status
from issuer.credentials.catalogue import PERSOON_VCT
from issuer.db.tables import IssuedCredential
from standards.jose import b64url_decode, b64url_encode, encrypt_jwe, json_dumps
from standards.oid4vp import (
    VerifiedRequest,
    direct_post_form,
    direct_post_jwt_form,
    present_credential,
)
from standards.oid4vp.response import select_encryption
from tests.issuer.conftest import Offers
from tests.issuer.holder import TestHolder
from tests.verifier.conftest import VERIFIER_URL
from tests.verifier.wallet import TestWallet, wallet_with_credentials
from verifier import transactions
from verifier.cases.form import load_form_fields
from verifier.db.tables import Case, PresentationTransaction, RelyingParty, UseCase
from verifier.protocol.routes import POLL_SECRET_HEADER
from verifier.state import VerifierState

T = PresentationTransaction
WOONSTICHTING = "inschrijven-woningzoekende"
WOONSTICHTING_PARTY = "woonstichting-de-kempen"
PARKEREN = "parkeervergunning-bewoners"


@dataclass
class World:
    """One test's verifier, issuer and wallet, and helpers to start and inspect transactions."""

    client: TestClient[Litestar]
    issuer: TestClient[Litestar]
    state: VerifierState
    wallet: TestWallet

    def run(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self.client.portal() as portal:
            return portal.call(lambda: call(*args, **kwargs))

    def start(self, use_case: str = WOONSTICHTING, *, same_device: bool = False) -> Flow:
        started = self.run(transactions.start, self.state, use_case, same_device=same_device)
        return Flow(self, started)

    def row(self, transaction_id: str) -> dict[str, Any]:
        row = self.run(T.select().where(T.transaction_id == transaction_id).first)
        assert row is not None
        return dict(row)

    def cases(self) -> int:
        return int(self.run(Case.count))

    def intake(self, flow: Flow, answer: dict[str, Any]) -> int:
        """Try to make a case of ``flow`` as the resident's browser does after a good response
        (``tests/verifier/cases/test_intake_flow.py``): post the flow's proof to
        ``/intake/{id}`` (the poll secret, and the ``response_code`` of the response's
        ``answer`` when it redirects), open the form and submit it, every field filled in.
        Returns the status of the first step that refused (the intake answers 404), or of the
        submit (303 to the case number) when none did."""
        path = f"/intake/{flow.transaction_id}"
        proof = {"poll_secret": flow.started.poll_secret}
        if "redirect_uri" in answer:
            query = parse_qs(urlsplit(answer["redirect_uri"]).query)
            proof["response_code"] = query["response_code"][0]
        entry = self.client.post(path, data=proof, follow_redirects=False)
        if entry.status_code != 303:
            return entry.status_code
        page = self.client.get(path, follow_redirects=False)
        if page.status_code != 200:
            return page.status_code
        token = re.search(r'name="intake_token" value="([0-9a-f]+)"', page.text)
        assert token is not None, page.text
        use_case = self.run(
            UseCase.select(UseCase.form_fields)
            .where(UseCase.id == self.row(flow.transaction_id)["use_case"])
            .first
        )
        fields = {
            f.name: f.options[0].value if f.options else "2026-12-01" if f.kind == "date" else "X1"
            for f in load_form_fields(use_case["form_fields"])
        }
        submit = self.client.post(
            f"{path}/submit",
            data={"intake_token": token.group(1), **fields},
            follow_redirects=False,
        )
        return submit.status_code


@dataclass
class Flow:
    world: World
    started: transactions.Started
    _request: VerifiedRequest | None = None

    @property
    def request(self) -> VerifiedRequest:
        if self._request is None:
            self._request = self.world.wallet.fetch_request(self.started.link)
        return self._request

    @property
    def request_path(self) -> str:
        uri = unquote(self.started.link.split("request_uri=")[1].split("&")[0])
        return uri.removeprefix(VERIFIER_URL)

    @property
    def transaction_id(self) -> str:
        return self.started.transaction_id

    def vp_token(self, **kwargs: Any) -> dict[str, tuple[str, ...]]:
        return self.world.wallet.vp_token(self.request, **kwargs)

    def form(self, vp_token: dict[str, tuple[str, ...]] | None = None) -> dict[str, str]:
        return self.world.wallet.form(self.request, vp_token or self.vp_token())

    def encrypted(self, payload: bytes, *, enc: str = "A128GCM") -> dict[str, str]:
        metadata = self.request.request.client_metadata
        assert metadata is not None
        recipient, _ = select_encryption(metadata)
        return {"response": encrypt_jwe(payload, recipient, enc=enc)}

    def post(self, form: dict[str, str]) -> httpx.Response:
        response: httpx.Response = self.world.wallet.post(self.request, form)
        return response

    def present(self, vct: str, claims: list[str], **kw: Any) -> str:
        """One presentation of the held credential of ``vct`` disclosing ``claims``."""
        held = next(c for c in self.world.wallet.credentials if c.verified.vct == vct)
        request = self.request.request
        return present_credential(
            held.verified,
            [(c,) for c in claims],
            holder_key=held.key,
            client_id=kw.get("aud", request.client_id),
            nonce=kw.get("nonce", request.nonce),
            issued_at=int(time.time()),
        )


@pytest.fixture
def world(
    holder: TestHolder,
    offers: Offers,
    issuer_client: TestClient[Litestar],
    verifier_client: TestClient[Litestar],
    verifier_state: VerifierState,
) -> World:
    wallet = wallet_with_credentials(holder, offers, verifier_client, verifier_state)
    return World(verifier_client, issuer_client, verifier_state, wallet)


def _with_header(token: str, **changes: Any) -> str:
    """The JWE with its protected header changed (the checks run before decryption)."""
    head, rest = token.split(".", 1)
    header = json.loads(b64url_decode(head))
    header.update(changes)
    return b64url_encode(json_dumps(header)) + "." + rest


def _vct(world: World, query_id: str) -> str:
    flow_query = world.run(
        UseCase.select(UseCase.dcql_query).where(UseCase.slug == WOONSTICHTING).first
    )
    query = flow_query["dcql_query"]
    query = json.loads(query) if isinstance(query, str) else query
    return str(
        next(c["meta"]["vct_values"][0] for c in query["credentials"] if c["id"] == query_id)
    )


def _set_status(world: World, status: CredentialStatus) -> None:
    with world.issuer.portal() as portal:
        rows = portal.call(IssuedCredential.select(IssuedCredential.credential_id).run)
        for row in rows:
            portal.call(
                partial(
                    change_status,
                    row["credential_id"],
                    status,
                    actor="test",
                    reason="battery",
                    now=datetime.now(UTC),
                )
            )


class Unreachable(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("status list host down", request=request)


# --- the rows ----------------------------------------------------------------------------------
# Each attack takes the world and a started flow and returns the HTTP response it provoked.


def unknown_transaction(world: World, flow: Flow) -> httpx.Response:
    return world.client.post("/oid4vp/response/unknown-request", data=flow.form())


def expired_transaction(world: World, flow: Flow) -> httpx.Response:
    form = flow.form()
    past = datetime.now(UTC) - timedelta(seconds=1)
    world.run(T.update({T.expires_at: past}).where(T.transaction_id == flow.transaction_id).run)
    return flow.post(form)


def state_of_another_transaction(world: World, flow: Flow) -> httpx.Response:
    other = world.start()
    metadata = flow.request.request.client_metadata
    assert metadata is not None
    return flow.post(
        direct_post_jwt_form(flow.vp_token(), other.request.request.state, metadata=metadata)
    )


def error_response_without_state(world: World, flow: Flow) -> httpx.Response:
    """Anyone who knows the Response URI posts a decline; the request sent a ``state``."""
    return flow.post({"error": "access_denied"})


def error_response_of_another_state(world: World, flow: Flow) -> httpx.Response:
    other = world.start().request.request.state
    assert other is not None
    return flow.post({"error": "access_denied", "state": other})


def encrypted_error_response_of_another_state(world: World, flow: Flow) -> httpx.Response:
    """§8.3: the error response as the JWE payload, to this transaction's key, but with the
    ``state`` of another transaction."""
    other = world.start().request.request.state
    return flow.post(flow.encrypted(json_dumps({"error": "access_denied", "state": other})))


def reused_failed_transaction(world: World, flow: Flow) -> httpx.Response:
    bad = flow.post(flow.encrypted(b"not json"))
    assert bad.status_code == 400
    return flow.post(flow.form())


def response_replayed_to_another_transaction(world: World, flow: Flow) -> httpx.Response:
    other = world.start()
    form = other.form()
    return flow.post(form)


def vp_token_not_json(world: World, flow: Flow) -> httpx.Response:
    payload = json_dumps({"vp_token": "{not json", "state": flow.request.request.state})
    return flow.post(flow.encrypted(payload))


def payload_not_json(world: World, flow: Flow) -> httpx.Response:
    return flow.post(flow.encrypted(b"{not json"))


def unknown_dcql_id(world: World, flow: Flow) -> httpx.Response:
    token = flow.vp_token()
    token["onbekend"] = token["persoon"]
    return flow.post(flow.form(token))


def several_presentations_without_multiple(world: World, flow: Flow) -> httpx.Response:
    token = flow.vp_token()
    token["persoon"] = (*token["persoon"], *flow.vp_token()["persoon"])
    return flow.post(flow.form(token))


def required_claim_missing(world: World, flow: Flow) -> httpx.Response:
    token = flow.vp_token()
    token["persoon"] = (
        flow.present(_vct(world, "persoon"), ["given_name", "birthdate", "age_over_18"]),
    )
    return flow.post(flow.form(token))


def vct_not_allowed(world: World, flow: Flow) -> httpx.Response:
    token = flow.vp_token()
    token["huishouden"] = (flow.present(_vct(world, "adres"), ["city"]),)
    return flow.post(flow.form(token))


def claims_not_requested(world: World, flow: Flow) -> httpx.Response:
    """The wallet discloses the BSN and nationalities besides what the housing corporation
    asked (and is registered for): the KB-JWT covers them, so the response is refused."""
    asked = ["given_name", "family_name", "birthdate", "age_over_18"]
    token = flow.vp_token()
    token["persoon"] = (flow.present(_vct(world, "persoon"), [*asked, "bsn", "nationalities"]),)
    return flow.post(flow.form(token))


def claims_beyond_registration(world: World, flow: Flow) -> httpx.Response:
    """The housing corporation's registration is narrowed after the transaction started (no
    more birthdate), so what the transaction asks is beyond it now: the Request Object is
    refused (a request never asks beyond the registration as it is when the request is built;
    edits of the use case itself no longer touch an open transaction, which keeps its query)."""
    party = WOONSTICHTING_PARTY
    row = world.run(
        RelyingParty.select(RelyingParty.allowed_claims).where(RelyingParty.slug == party).first
    )
    allowed = row["allowed_claims"]
    allowed = json.loads(allowed) if isinstance(allowed, str) else allowed
    allowed[PERSOON_VCT] = [p for p in allowed[PERSOON_VCT] if p != ["birthdate"]]
    world.run(
        RelyingParty.update({RelyingParty.allowed_claims: allowed})
        .where(RelyingParty.slug == party)
        .run
    )
    return world.client.post(flow.request_path, data={})


def use_case_withdrawn(world: World, flow: Flow) -> httpx.Response:
    """The relying party stops offering the use case while the resident is answering."""
    form = flow.form()
    world.run(UseCase.update({UseCase.active: False}).where(UseCase.slug == WOONSTICHTING).run)
    return flow.post(form)


def revoked(world: World, flow: Flow) -> httpx.Response:
    _set_status(world, CredentialStatus.REVOKED)
    return flow.post(flow.form())


def suspended(world: World, flow: Flow) -> httpx.Response:
    _set_status(world, CredentialStatus.SUSPENDED)
    return flow.post(flow.form())


def untrusted_issuer(world: World, flow: Flow) -> httpx.Response:
    world.state.trust.issuers = ("https://issuer.elders.example",)
    return flow.post(flow.form())


def nonce_of_another_transaction(world: World, flow: Flow) -> httpx.Response:
    other = world.start()
    return flow.post(flow.form(flow.vp_token(nonce=other.request.request.nonce)))


def key_binding_missing(world: World, flow: Flow) -> httpx.Response:
    """Every presentation as an SD-JWT without its KB-JWT (cut after the last ``~``): a
    replayed credential, not bound to this transaction."""
    token = {
        query_id: tuple(p[: p.rindex("~") + 1] for p in presentations)
        for query_id, presentations in flow.vp_token().items()
    }
    return flow.post(flow.form(token))


def kb_aud_without_prefix(world: World, flow: Flow) -> httpx.Response:
    client_id = flow.request.request.client_id
    return flow.post(flow.form(flow.vp_token(aud=client_id.split(":", 1)[1])))


def kb_aud_of_another_relying_party(world: World, flow: Flow) -> httpx.Response:
    other = world.state.signers["vergunningen-boxtel"].client_id
    return flow.post(flow.form(flow.vp_token(aud=other)))


def jwe_wrong_kid(world: World, flow: Flow) -> httpx.Response:
    form = flow.form()
    return flow.post({"response": _with_header(form["response"], kid="another-key")})


def jwe_wrong_enc(world: World, flow: Flow) -> httpx.Response:
    form = flow.form()
    return flow.post({"response": _with_header(form["response"], enc="A192GCM")})


def jwe_alg_mismatch(world: World, flow: Flow) -> httpx.Response:
    form = flow.form()
    return flow.post({"response": _with_header(form["response"], alg="ECDH-ES+A128KW")})


def plaintext_when_encryption_required(world: World, flow: Flow) -> httpx.Response:
    return flow.post(direct_post_form(flow.vp_token(), flow.request.request.state))


def body_over_size_limit(world: World, flow: Flow) -> httpx.Response:
    limit = world.state.settings.max_response_bytes
    return flow.post({**flow.form(), "padding": "x" * limit})


def status_list_unreachable(world: World, flow: Flow) -> httpx.Response:
    world.state.status_lists.http = httpx.AsyncClient(transport=Unreachable())
    return flow.post(flow.form())


@dataclass(frozen=True)
class Row:
    attack: Callable[[World, Flow], httpx.Response]
    status: int
    error: str | None
    """The ``error`` of a 4xx answer's body (RFC 6749 §5.2): the post was no answer to this
    transaction; ``None`` for a response the verifier read and refused (:func:`refused`)."""
    stored: str | None
    """The code the transaction keeps; ``None`` when no transaction is touched."""
    ends: str = "failed"
    """The status it is left in: ``failed``, or ``expired`` when time ran out."""


def refused(attack: Callable[[World, Flow], httpx.Response], stored: str) -> Row:
    """A response to this transaction that a check of §8.6 (VP Token Validation) refuses: the
    Response URI has processed it, so 200 (§8.2), ``refused`` naming the check."""
    return Row(attack, 200, None, stored)


BATTERY = {
    # §8.2 / §13.3: the Response URI names a transaction the verifier made, while it is open.
    "s8.2-unknown-transaction": Row(unknown_transaction, 404, "not_found", None),
    "s5.10-expired-transaction": Row(
        expired_transaction, 400, "invalid_request", "verifier.transaction_expired", "expired"
    ),
    "s8.2-state-of-another-transaction": Row(
        state_of_another_transaction, 400, "invalid_request", "oid4vp.state_mismatch"
    ),
    # §14.3.2, RFC 6749 §4.1.2.1: an error response carries the request's state too.
    "s14.3.2-error-response-without-state": Row(
        error_response_without_state, 400, "invalid_request", "oid4vp.state_mismatch"
    ),
    "s14.3.2-error-response-of-another-state": Row(
        error_response_of_another_state, 400, "invalid_request", "oid4vp.state_mismatch"
    ),
    "s8.3-encrypted-error-response-of-another-state": Row(
        encrypted_error_response_of_another_state,
        400,
        "invalid_request",
        "oid4vp.state_mismatch",
    ),
    "s13.3-reused-failed-transaction": Row(
        reused_failed_transaction, 400, "invalid_request", "oid4vp.response_invalid"
    ),
    "s14.1-response-replayed-to-another-transaction": Row(
        response_replayed_to_another_transaction, 400, "invalid_request", "jose.jwe_kid_unknown"
    ),
    # §8.1: vp_token is a JSON object of Credential Query ids.
    "s8.1-vp-token-not-json": Row(
        vp_token_not_json, 400, "invalid_request", "oid4vp.vp_token_malformed"
    ),
    "s8.3.1-payload-not-json": Row(
        payload_not_json, 400, "invalid_request", "oid4vp.response_invalid"
    ),
    # §6 DCQL, §8.6: the verifier checks the response against its own query.
    "s6.1-unknown-dcql-id": refused(unknown_dcql_id, "dcql.unknown_credential_query_id"),
    "s6.1-several-presentations-without-multiple": refused(
        several_presentations_without_multiple, "dcql.multiple_not_allowed"
    ),
    "s6.3-required-claim-missing": refused(required_claim_missing, "dcql.claim_missing"),
    "s6.1-vct-not-allowed": refused(vct_not_allowed, "dcql.vct_not_allowed"),
    "s6.4-claims-not-requested": refused(claims_not_requested, "dcql.claims_not_requested"),
    "s5.1-claims-beyond-registration": Row(
        claims_beyond_registration, 400, "invalid_request", "dcql.beyond_registration"
    ),
    "s5.1-use-case-withdrawn": refused(use_case_withdrawn, "verifier.transaction_unknown"),
    # Token Status List §8, SD-JWT VC §3.2.2.2: status and trust.
    "tsl8-revoked": refused(revoked, "verifier.credential_revoked"),
    "tsl8-suspended": refused(suspended, "verifier.credential_suspended"),
    "tsl8-status-list-unreachable": refused(status_list_unreachable, "verifier.status_unavailable"),
    "sdjwtvc-untrusted-issuer": refused(untrusted_issuer, "verifier.issuer_not_trusted"),
    # §14.1.2: Key Binding names this transaction's nonce and the full client_id.
    "s14.1-nonce-of-another-transaction": refused(
        nonce_of_another_transaction, "sd_jwt.kb_nonce_mismatch"
    ),
    "s6.1-presentation-without-key-binding": refused(
        key_binding_missing, "sd_jwt.key_binding_missing"
    ),
    "s5.9-kb-aud-without-prefix": refused(kb_aud_without_prefix, "sd_jwt.kb_aud_mismatch"),
    "s14.1-kb-aud-of-another-relying-party": refused(
        kb_aud_of_another_relying_party, "sd_jwt.kb_aud_mismatch"
    ),
    # §8.3: the JWE is to this transaction's key, with an offered enc, alg ECDH-ES.
    "s8.3-jwe-wrong-kid": Row(jwe_wrong_kid, 400, "invalid_request", "jose.jwe_kid_unknown"),
    "s8.3-jwe-wrong-enc": Row(jwe_wrong_enc, 400, "invalid_request", "jose.jwe_enc_not_allowed"),
    "s8.3-jwe-alg-mismatch": Row(
        jwe_alg_mismatch, 400, "invalid_request", "jose.jwe_alg_not_allowed"
    ),
    "s8.3-plaintext-when-encryption-required": Row(
        plaintext_when_encryption_required, 400, "invalid_request", "jose.jwe_required"
    ),
    "rfc6749-body-over-size-limit": Row(
        body_over_size_limit, 413, "request_too_large", "verifier.response_too_large"
    ),
}


@pytest.mark.parametrize("same_device", [False, True], ids=["cross-device", "same-device"])
@pytest.mark.parametrize("name", list(BATTERY))
def test_battery(world: World, name: str, same_device: bool) -> None:
    row = BATTERY[name]
    flow = world.start(same_device=same_device)
    response = row.attack(world, flow)
    assert response.status_code == row.status, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    stored = world.row(flow.transaction_id)
    if row.error is None:  # read and refused: 200, the nonce is used up (§8.2, §8.6)
        assert body.pop("refused") == row.stored
        assert stored["nonce_consumed_at"] is not None
        _refusal_told(world, flow, body, row.stored or "")
    else:  # no answer to this transaction: an OAuth error, never a redirect (RFC 6749 §5.2)
        assert sorted(body) == ["error", "error_description"]
        assert body["error"] == row.error
        assert body["error_description"]
        assert stored["nonce_consumed_at"] is None
    if row.stored is None:
        assert stored["status"] in ("created", "fetched")
    else:
        assert (stored["status"], stored["error"]) == (row.ends, row.stored)
        # the RP page learns it, and shows a fresh QR code for "expired"
        polled = world.client.get(
            f"/verify/{flow.transaction_id}/status",
            headers={POLL_SECRET_HEADER: flow.started.poll_secret},
        )
        assert polled.json()["status"] == row.ends
        # unusable: the Request Object cannot be fetched again, so no wallet can answer it
        again = world.client.get(flow.request_path)
        assert (again.status_code, again.json()["error"]) == (400, "invalid_request")
    assert stored["verified_claims"] is None
    assert stored["evidence"] is None
    assert world.run(transactions.completed, flow.transaction_id) is None
    # the resident's browser, with every proof the flow gave it, cannot make a case of it
    assert world.intake(flow, body) == 404
    assert world.cases() == 0


@pytest.mark.parametrize("same_device", [False, True], ids=["cross-device", "same-device"])
def test_the_batterys_intake_makes_a_case_of_a_good_response(
    world: World, same_device: bool
) -> None:
    """The battery's "no case" check can fail: after a good response the same attempt
    (:meth:`World.intake`) makes the case."""
    flow = world.start(same_device=same_device)
    response = flow.post(flow.form())
    assert response.status_code == 200, response.text
    assert world.intake(flow, response.json()) == 303
    assert world.cases() == 1


def _refusal_told(world: World, flow: Flow, body: dict[str, Any], code: str) -> None:
    """Same-device the refused response's answer sends the resident to the result page, which
    says which check refused it (§8.2 ``redirect_uri`` with a fresh ``response_code``);
    cross-device the answer holds nothing more: the RP page polls ``failed``."""
    if not world.row(flow.transaction_id)["same_device"]:
        assert body == {}
        return
    assert list(body) == ["redirect_uri"]
    redirect = body["redirect_uri"]
    assert redirect.startswith(f"{VERIFIER_URL}/verify/{flow.transaction_id}/result?")
    page = world.client.get(redirect.removeprefix(VERIFIER_URL))
    assert page.status_code == 200
    assert f'data-refusal="{code}"' in page.text
    assert world.client.get(f"/verify/{flow.transaction_id}/result").status_code == 404


def test_request_object_of_an_unknown_transaction_is_not_found(world: World) -> None:
    response = world.client.get("/oid4vp/request/unknown-request")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


def test_s14_1_replayed_response_keeps_the_genuine_result(world: World) -> None:
    """§14.1: a replay is refused and changes nothing; the genuine result stays usable."""
    flow = world.start(same_device=True)
    form = flow.form()
    first = flow.post(form)
    assert first.status_code == 200, first.text
    for _ in range(2):
        replay = flow.post(form)
        assert replay.status_code == 400
        assert replay.json()["error"] == "invalid_request"
        assert replay.json()["error_description"] == "the transaction is responded"
    stored = world.row(flow.transaction_id)
    assert (stored["status"], stored["error"]) == ("responded", None)
    assert stored["verified_claims"] is not None
    redirect = first.json()["redirect_uri"].removeprefix(VERIFIER_URL)
    assert world.client.get(redirect).status_code == 200
    done = world.run(transactions.completed, flow.transaction_id)
    assert done is not None
    assert done.verified_claims["persoon"]["claims"]["given_name"]


@pytest.mark.parametrize("code", [None, "", "wrong", "x" * 43])
def test_s8_2_result_needs_the_response_code(world: World, code: str | None) -> None:
    """Same-device: the result is released only with the ``response_code`` the wallet got
    (§8.2 and the implementation considerations of direct_post); a wrong code releases
    nothing and does not spoil the genuine one."""
    flow = world.start(same_device=True)
    answer = flow.post(flow.form())
    assert answer.status_code == 200, answer.text
    query = "" if code is None else f"?response_code={code}"
    refused = world.client.get(f"/verify/{flow.transaction_id}/result{query}")
    assert refused.status_code == 404
    assert world.run(transactions.completed, flow.transaction_id) is None
    assert world.row(flow.transaction_id)["result_released_at"] is None
    assert world.cases() == 0
    released = world.client.get(answer.json()["redirect_uri"].removeprefix(VERIFIER_URL))
    assert released.status_code == 200
    assert world.run(transactions.completed, flow.transaction_id) is not None


def test_cross_device_result_needs_the_poll_secret(world: World) -> None:
    flow = world.start()
    assert flow.post(flow.form()).status_code == 200
    for data in ({}, {"poll_secret": "wrong"}):
        refused = world.client.post(f"/verify/{flow.transaction_id}/result", data=data)
        assert refused.status_code == 404
    assert world.run(transactions.completed, flow.transaction_id) is None
    ok = world.client.post(
        f"/verify/{flow.transaction_id}/result", data={"poll_secret": flow.started.poll_secret}
    )
    assert ok.status_code == 200


def test_tsl8_unreachable_status_list_is_accepted_when_configured(world: World) -> None:
    """``VERIFIER_REJECT_WHEN_STATUS_UNREACHABLE=false``: the credential is accepted unchecked."""
    world.state.status_lists.http = httpx.AsyncClient(transport=Unreachable())
    world.state.status_lists.reject_when_unreachable = False
    flow = world.start()
    response = flow.post(flow.form())
    assert response.status_code == 200, response.text
    assert world.row(flow.transaction_id)["status"] == "responded"


def test_a_wallet_error_response_fails_the_transaction(world: World) -> None:
    """§8.5: the wallet declines; the answer is 200 {} and the transaction keeps the error."""
    flow = world.start()
    state = flow.request.request.state
    assert state is not None
    response = flow.post({"error": "access_denied", "state": state})
    assert (response.status_code, response.json()) == (200, {})
    stored = world.row(flow.transaction_id)
    assert (stored["status"], stored["error"]) == ("failed", "wallet.access_denied")
    assert stored["verified_claims"] is None


@pytest.mark.parametrize("same_device", [False, True], ids=["cross-device", "same-device"])
def test_s8_3_an_encrypted_error_response_fails_the_transaction(
    world: World, same_device: bool
) -> None:
    """§8.3 with §8.5: the wallet declines inside the JWE, with the request's ``state``: the
    same as a decline in the clear (200, ``wallet.access_denied``, the nonce used up)."""
    flow = world.start(same_device=same_device)
    state = flow.request.request.state
    payload = {"error": "access_denied", "error_description": "nee", "state": state}
    response = flow.post(flow.encrypted(json_dumps(payload)))
    assert response.status_code == 200, response.text
    assert ("redirect_uri" in response.json()) is same_device
    stored = world.row(flow.transaction_id)
    assert (stored["status"], stored["error"]) == ("failed", "wallet.access_denied")
    assert stored["nonce_consumed_at"] is not None
    assert world.intake(flow, response.json()) == 404
    assert world.cases() == 0


@pytest.mark.parametrize("revoke", [False, True])
def test_tsl11_3_status_list_trusted_by_the_pinned_ca_without_metadata(
    world: World, revoke: bool
) -> None:
    """The issuer's JWT VC Issuer Metadata cannot be fetched: the credentials and their Status
    List Token are both trusted by their ``x5c`` chains up to the pinned demo CA."""
    world.state.trust.http = httpx.AsyncClient(transport=Unreachable())
    if revoke:
        _set_status(world, CredentialStatus.REVOKED)
    flow = world.start()
    response = flow.post(flow.form())
    assert world.state.trust.policy().metadata == {}  # no metadata was used
    stored = world.row(flow.transaction_id)
    if revoke:
        assert (response.status_code, response.json()) == (
            200,
            {"refused": "verifier.credential_revoked"},
        )
        assert (stored["status"], stored["error"]) == ("failed", "verifier.credential_revoked")
    else:
        assert response.status_code == 200, response.text
        assert stored["status"] == "responded"


def test_the_relying_partys_page_says_why_a_response_was_refused(world: World) -> None:
    """Cross-device, the RP page polls ``failed`` and posts its poll secret to the result page
    (``poll.js``), which says in plain words which check refused the response, here Token
    Status List §7.1 INVALID; without the secret it tells nothing."""
    _set_status(world, CredentialStatus.REVOKED)
    flow = world.start()
    assert flow.post(flow.form()).json() == {"refused": "verifier.credential_revoked"}
    secret = flow.started.poll_secret
    status = f"/verify/{flow.transaction_id}/status"
    poll = world.client.get(status, headers={POLL_SECRET_HEADER: secret})
    assert poll.json() == {"status": "failed"}
    result = f"/verify/{flow.transaction_id}/result"
    wrong = world.client.post(result, data={"poll_secret": "x"})
    assert wrong.status_code == 404
    assert "data-refusal" not in wrong.text
    page = world.client.post(result, data={"poll_secret": secret})
    assert page.status_code == 200
    assert 'data-refusal="verifier.credential_revoked"' in page.text
    assert "Waarom niet: De uitgever heeft deze gegevens ingetrokken." in page.text
    english = world.client.post(f"{result}?lang=en", data={"poll_secret": secret})
    assert "Why not: The issuer has withdrawn this data." in english.text
    again = f'href="/verify/{WOONSTICHTING}?lang=en">Start again</a>'
    assert again in english.text  # a new request for the same use case
    assert world.client.get(f"/verify/{WOONSTICHTING}?lang=en").status_code == 200


def test_s8_2_same_device_refusal_sends_the_resident_to_the_reason(world: World) -> None:
    """Same-device, a refused response is answered 200 with a ``redirect_uri`` (§8.2: the
    Response URI processed it) and ``refused``; the result page, opened with its
    ``response_code`` only, says why in Dutch and English and releases no result; a replay of
    the response changes nothing (§14.1)."""
    _set_status(world, CredentialStatus.REVOKED)
    flow = world.start(same_device=True)
    form = flow.form()
    answer = flow.post(form)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert sorted(body) == ["redirect_uri", "refused"]
    assert body["refused"] == "verifier.credential_revoked"
    result = body["redirect_uri"].removeprefix(VERIFIER_URL)
    page = world.client.get(result)
    assert page.status_code == 200
    assert "Het delen is niet gelukt." in page.text
    assert "Waarom niet: De uitgever heeft deze gegevens ingetrokken." in page.text
    assert (
        "Why not: The issuer has withdrawn this data." in world.client.get(f"{result}&lang=en").text
    )
    path = f"/verify/{flow.transaction_id}/result"
    for wrong in (path, f"{path}?response_code=wrong"):
        refused_page = world.client.get(wrong)
        assert refused_page.status_code == 404
        assert "data-refusal" not in refused_page.text
    replay = flow.post(form)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_request")
    assert "redirect_uri" not in replay.json()
    stored = world.row(flow.transaction_id)
    assert (stored["status"], stored["error"]) == ("failed", "verifier.credential_revoked")
    assert world.run(transactions.completed, flow.transaction_id) is None
    assert world.intake(flow, body) == 404
    assert world.cases() == 0


@pytest.fixture
def plain_world(world: World) -> World:
    """``VERIFIER_RESPONSE_MODE=direct_post``: the configurable fallback without encryption."""
    world.state.settings = world.state.settings.model_copy(update={"response_mode": "direct_post"})
    return world


def test_s8_2_direct_post_fallback_is_accepted(plain_world: World) -> None:
    flow = plain_world.start()
    assert flow.request.request.response_mode == "direct_post"
    assert flow.request.request.client_metadata is None or not (
        flow.request.request.client_metadata.jwks
    )
    response = flow.post(flow.form())
    assert response.status_code == 200, response.text
    assert plain_world.row(flow.transaction_id)["status"] == "responded"


@pytest.mark.parametrize(
    ("vp_token", "stored"),
    [
        ("{not json", "oid4vp.vp_token_malformed"),
        ('["a list"]', "oid4vp.vp_token_malformed"),
        ('{"persoon": "not an array"}', "oid4vp.vp_token_malformed"),
    ],
)
def test_s8_1_vp_token_not_json_in_direct_post(
    plain_world: World, vp_token: str, stored: str
) -> None:
    flow = plain_world.start()
    state = flow.request.request.state
    assert state is not None
    response = flow.post({"vp_token": vp_token, "state": state})
    assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
    row = plain_world.row(flow.transaction_id)
    assert (row["status"], row["error"], row["verified_claims"]) == ("failed", stored, None)
    assert plain_world.intake(flow, response.json()) == 404
    assert plain_world.cases() == 0
