"""A small OpenID4VP world for the tests: a trust anchor and a relying party's certificate
(``x509_san_dns`` and ``x509_hash``), an issuer, a holder with two SD-JWT VCs, a DCQL query
and a request; each helper builds one good message that a test or battery row then changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from standards import dcql, jose, oid4vp
from standards.sd_jwt_vc import VerifiedCredential, issue_credential, verify_credential
from tests.standards.pki_vc import make_issuer_chain

__all__ = [
    "ADDRESS_VCT",
    "ANCHOR",
    "CLIENT_ID",
    "CLIENT_ID_HASH",
    "ENCRYPTION",
    "HOLDER",
    "ISSUER",
    "ISSUER_KEY",
    "LEAF",
    "NONCE",
    "NOW",
    "PERSON_VCT",
    "QUERY",
    "RP",
    "RP_HOST",
    "STATE",
    "credentials",
    "good_request",
    "presentations",
    "request_object",
    "response_form",
]

NOW = 1_700_000_000
RP_HOST = "woonstichting.example.nl"
RP = make_issuer_chain(datetime.fromtimestamp(NOW, UTC), dns_names=[RP_HOST])
ANCHOR = RP.root
LEAF = jose.certificate_from_der_b64(RP.x5c[0])
CLIENT_ID = oid4vp.client_id_for(LEAF, dns_name=RP_HOST)
CLIENT_ID_HASH = oid4vp.client_id_for(LEAF)
ISSUER = "https://gemeente.example.nl"
ISSUER_KEY = jose.PrivateKey.generate(kid="issuer-1")
HOLDER = jose.PrivateKey.generate()
ENCRYPTION = jose.EncryptionKey.generate()
NONCE = oid4vp.new_nonce()
STATE = oid4vp.new_nonce()
PERSON_VCT = "https://gemeente.example.nl/vct/persoonsgegevens"
ADDRESS_VCT = "https://gemeente.example.nl/vct/woonadres"
QUERY = dcql.DCQLQuery.parse(
    {
        "credentials": [
            {
                "id": "persoon",
                "format": "dc+sd-jwt",
                "meta": {"vct_values": [PERSON_VCT]},
                "claims": [{"path": ["given_name"]}, {"path": ["birthdate"]}],
            },
            {
                "id": "adres",
                "format": "dc+sd-jwt",
                "meta": {"vct_values": [ADDRESS_VCT]},
                "claims": [{"path": ["address", "locality"]}],
            },
        ]
    }
)


def _issue(vct: str, claims: Mapping[str, Any], disclosable: list[tuple[str, ...]]) -> str:
    issued = issue_credential(
        vct=vct,
        issuer=ISSUER,
        claims=claims,
        disclosable=disclosable,
        key=ISSUER_KEY,
        holder_key=HOLDER.public,
        issued_at=NOW - 60,
        expires_at=NOW + 86_400,
    )
    return issued.compact


def credentials() -> dict[str, VerifiedCredential]:
    """The holder's two credentials, as the wallet verified and stored them."""
    person = _issue(
        PERSON_VCT,
        {"given_name": "Anna", "family_name": "Jansen", "birthdate": "1990-01-01"},
        [("given_name",), ("family_name",), ("birthdate",)],
    )
    address = _issue(
        ADDRESS_VCT,
        {"address": {"street_address": "Markt 1", "locality": "Boxtel"}},
        [("address", "street_address"), ("address", "locality")],
    )
    return {
        name: verify_credential(sd_jwt, issuer_key=ISSUER_KEY.public, now=lambda: NOW)
        for name, sd_jwt in (("person", person), ("address", address))
    }


def presentations(
    *, client_id: str = CLIENT_ID, nonce: str = NONCE, query: dcql.DCQLQuery = QUERY
) -> dict[str, tuple[str, ...]]:
    """The wallet's VP Token for ``query``: select (§6.4), then present with Key Binding."""
    held = credentials()
    selection = dcql.select_credentials(
        query, [dcql.HeldCredential(name, c.vct, c.claims) for name, c in held.items()]
    )
    return {
        query_id: (
            oid4vp.present_credential(
                held[candidate.credential.ref],
                candidate.paths,
                holder_key=HOLDER,
                client_id=client_id,
                nonce=nonce,
                issued_at=NOW,
            ),
        )
        for query_id, candidate in selection.chosen.items()
    }


def good_request(**changes: Any) -> dict[str, Any]:
    """The verifier's request (§5) as JSON, with ``changes`` applied."""
    request = oid4vp.authorization_request(
        client_id=CLIENT_ID,
        response_uri=f"https://{RP_HOST}/oid4vp/response",
        dcql_query=QUERY,
        nonce=NONCE,
        state=STATE,
        issued_at=NOW,
        encryption_key=ENCRYPTION,
    )
    document = {**request.to_json(), **changes}
    return {k: v for k, v in document.items() if v is not None}


def request_object(
    payload: Mapping[str, Any] | None = None,
    *,
    key: jose.PrivateKey = RP.leaf_key,
    headers: Mapping[str, Any] | None = None,
    typ: str = oid4vp.REQUEST_OBJECT_TYP,
) -> str:
    """The Request Object signed by the relying party's leaf with ``x5c`` in its header."""
    return jose.sign_jws(
        dict(payload if payload is not None else good_request()),
        key,
        typ=typ,
        headers={"x5c": RP.x5c, **(headers or {})},
        include_kid=False,
    )


def response_form(vp_token: Mapping[str, Any] | None = None, **payload: Any) -> dict[str, str]:
    """A ``direct_post.jwt`` form (§8.3.1) encrypting ``vp_token`` and ``state``."""
    body = {"vp_token": vp_token if vp_token is not None else presentations(), "state": STATE}
    body = {**body, **payload}
    plaintext = jose.json_dumps({k: v for k, v in body.items() if v is not None})
    return {"response": jose.encrypt_jwe(plaintext, ENCRYPTION.public_jwk(), enc="A256GCM")}
