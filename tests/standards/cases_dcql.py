"""Battery rows for ``standards.dcql`` (OpenID4VP 1.0 §6, §7, §8.1): broken queries, VP Tokens
that do not answer their query (the verifier's own check, §14.9), queries beyond a relying
party's registration, and a wallet that cannot answer.

Each row changes one thing of ``QUERY`` (name, birth date and address of a person credential,
age or birth date from a second one) or of what is presented for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from standards import dcql
from standards.errors import (
    ClaimsBeyondRegistration,
    ClaimSetsUnsatisfied,
    ClaimsPathInvalid,
    ClaimValueMismatch,
    CredentialSetsUnsatisfied,
    DCQLClaimIdMissing,
    DCQLIdDuplicate,
    DCQLIdInvalid,
    DCQLMetaInvalid,
    DCQLQueryInvalid,
    DCQLReferenceUnknown,
    KeyBindingMissing,
    NoMatchingCredentials,
    RequestedClaimMissing,
    RequiredCredentialMissing,
    TooManyPresentations,
    UnknownCredentialQueryId,
    VctNotAllowed,
    VpTokenMalformed,
)
from tests.standards.battery import Case

__all__ = ["CASES", "PERSON", "PERSON_VCT", "QUERY", "REGISTRATION"]

PERSON_VCT = "https://gemeente.example.nl/vct/persoonsgegevens"
ADDRESS_VCT = "https://gemeente.example.nl/vct/woonadres"
QUERY: Mapping[str, Any] = {
    "credentials": [
        {
            "id": "persoon",
            "format": "dc+sd-jwt",
            "meta": {"vct_values": [PERSON_VCT]},
            "claims": [
                {"path": ["given_name"]},
                {"path": ["birthdate"]},
                {"path": ["nationalities", None], "values": ["NL"]},
            ],
        },
        {
            "id": "adres",
            "format": "dc+sd-jwt",
            "meta": {"vct_values": [ADDRESS_VCT]},
            "claims": [
                {"id": "straat", "path": ["address", "street_address"]},
                {"id": "plaats", "path": ["address", "locality"]},
                {"id": "postcode", "path": ["address", "postal_code"]},
            ],
            "claim_sets": [["postcode"], ["straat", "plaats"]],
        },
    ]
}
PERSON: Mapping[str, Any] = {
    "vct": PERSON_VCT,
    "given_name": "Anna",
    "birthdate": "1990-01-01",
    "age_over_18": True,
    "nationalities": ["NL", "BE"],
}
ADDRESS: Mapping[str, Any] = {
    "vct": ADDRESS_VCT,
    "address": {"street_address": "Markt 1", "locality": "Boxtel"},
}
REGISTRATION: dcql.Registration = {
    PERSON_VCT: [("given_name",), ("birthdate",), ("nationalities", None)],
    ADDRESS_VCT: [("address",)],
}


def _credential(index: int, **changes: Any) -> dict[str, Any]:
    return {**QUERY["credentials"][index], **changes}


def _query(*credentials: Mapping[str, Any], **top: Any) -> dict[str, Any]:
    return {"credentials": list(credentials) or list(QUERY["credentials"]), **top}


def parse(*credentials: Mapping[str, Any], **top: Any) -> dcql.DCQLQuery:
    return dcql.DCQLQuery.parse(_query(*credentials, **top))


def _claims(*claims: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    return _credential(0, claims=list(claims), **changes)


def _presented(claims: Mapping[str, Any], *, bound: bool = True) -> dcql.PresentedCredential:
    return dcql.PresentedCredential(str(claims["vct"]), claims, bound)


def check(
    presented: Mapping[str, Sequence[dcql.PresentedCredential]],
    query: dcql.DCQLQuery | None = None,
) -> object:
    return dcql.check_presentations(query or dcql.DCQLQuery.parse(QUERY), presented)


def _both(**person: Any) -> dict[str, list[dcql.PresentedCredential]]:
    return {"persoon": [_presented({**PERSON, **person})], "adres": [_presented(ADDRESS)]}


def _without(claims: Mapping[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in claims.items() if k != name}


_OPTIONAL_SETS = {
    "credential_sets": [{"options": [["persoon"]]}, {"options": [["adres"]], "required": False}]
}


def _beyond(*paths: Sequence[Any], vct: str = PERSON_VCT, **changes: Any) -> None:
    credential = _credential(0, meta={"vct_values": [vct]}, **changes)
    credential["claims"] = [{"path": list(p)} for p in paths]
    dcql.check_within_registration(parse(credential), REGISTRATION)


def _select(held: Sequence[dcql.HeldCredential], **top: Any) -> dcql.Selection:
    return dcql.select_credentials(parse(**top), held)


CASES: list[Case] = [
    # --- §6: the query object -------------------------------------------------------------------
    Case("oid4vp_6_credentials_missing", lambda: dcql.DCQLQuery.parse({}), DCQLQueryInvalid),
    Case(
        "oid4vp_6_credentials_empty",
        lambda: dcql.DCQLQuery.parse({"credentials": []}),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_credential_sets_empty",
        lambda: parse(credential_sets=[]),
        DCQLQueryInvalid,
    ),
    # --- §6.1: Credential Queries ---------------------------------------------------------------
    Case("oid4vp_6_1_id_empty", lambda: parse(_credential(0, id="")), DCQLIdInvalid),
    Case("oid4vp_6_1_id_bad_character", lambda: parse(_credential(0, id="pid.1")), DCQLIdInvalid),
    Case(
        "oid4vp_6_1_id_trailing_newline", lambda: parse(_credential(0, id="pid\n")), DCQLIdInvalid
    ),
    Case(
        "oid4vp_6_1_id_duplicate",
        lambda: parse(_credential(0), _credential(1, id="persoon")),
        DCQLIdDuplicate,
    ),
    Case(
        "oid4vp_6_1_format_missing",
        lambda: parse({k: v for k, v in QUERY["credentials"][0].items() if k != "format"}),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_1_meta_missing",
        lambda: parse({k: v for k, v in QUERY["credentials"][0].items() if k != "meta"}),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_1_multiple_not_boolean",
        lambda: parse(_credential(0, multiple="true")),
        DCQLQueryInvalid,
    ),
    Case("oid4vp_6_1_claims_empty", lambda: parse(_credential(0, claims=[])), DCQLQueryInvalid),
    Case(
        "oid4vp_6_1_same_claim_twice",
        lambda: parse(_claims({"path": ["given_name"]}, {"path": ["given_name"]})),
        DCQLIdDuplicate,
    ),
    Case(
        "oid4vp_b_3_5_vct_values_missing", lambda: parse(_credential(0, meta={})), DCQLMetaInvalid
    ),
    Case(
        "oid4vp_b_3_5_vct_values_empty",
        lambda: parse(_credential(0, meta={"vct_values": []})),
        DCQLMetaInvalid,
    ),
    Case(
        "oid4vp_b_3_5_vct_values_not_strings",
        lambda: parse(_credential(0, meta={"vct_values": [1]})),
        DCQLMetaInvalid,
    ),
    # --- §6.2: Credential Set Queries -----------------------------------------------------------
    Case(
        "oid4vp_6_2_options_empty",
        lambda: parse(credential_sets=[{"options": []}]),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_2_option_empty",
        lambda: parse(credential_sets=[{"options": [[]]}]),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_2_unknown_credential_id",
        lambda: parse(credential_sets=[{"options": [["persoon", "rijbewijs"]]}]),
        DCQLReferenceUnknown,
    ),
    # --- §6.3 and §6.4.1: Claims Queries and claim_sets -----------------------------------------
    Case(
        "oid4vp_6_3_claim_id_missing_with_claim_sets",
        lambda: parse(
            _claims(
                {"id": "a", "path": ["given_name"]}, {"path": ["birthdate"]}, claim_sets=[["a"]]
            )
        ),
        DCQLClaimIdMissing,
    ),
    Case(
        "oid4vp_6_4_1_claim_sets_without_claims",
        lambda: parse(
            {k: v for k, v in _credential(1).items() if k != "claims"},
        ),
        DCQLClaimIdMissing,
    ),
    Case(
        "oid4vp_6_3_claim_id_duplicate",
        lambda: parse(_claims({"id": "a", "path": ["given_name"]}, {"id": "a", "path": ["x"]})),
        DCQLIdDuplicate,
    ),
    Case(
        "oid4vp_6_3_claim_id_bad_character",
        lambda: parse(_claims({"id": "naam/voornaam", "path": ["given_name"]})),
        DCQLIdInvalid,
    ),
    Case(
        "oid4vp_6_1_claim_sets_unknown_claim_id",
        lambda: parse(_credential(1, claim_sets=[["postcode"], ["huisnummer"]])),
        DCQLReferenceUnknown,
    ),
    Case(
        "oid4vp_6_3_values_empty",
        lambda: parse(_claims({"path": ["given_name"], "values": []})),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_3_values_float",
        lambda: parse(_claims({"path": ["height"], "values": [1.5]})),
        DCQLQueryInvalid,
    ),
    Case(
        "oid4vp_6_3_values_object",
        lambda: parse(_claims({"path": ["address"], "values": [{"locality": "Boxtel"}]})),
        DCQLQueryInvalid,
    ),
    # --- §7: claims path pointers -----------------------------------------------------------------
    Case("oid4vp_7_path_empty", lambda: parse(_claims({"path": []})), ClaimsPathInvalid),
    Case("oid4vp_7_path_not_an_array", lambda: parse(_claims({"path": "name"})), ClaimsPathInvalid),
    Case(
        "oid4vp_7_path_negative_index",
        lambda: parse(_claims({"path": ["a", -1]})),
        ClaimsPathInvalid,
    ),
    Case("oid4vp_7_path_boolean", lambda: parse(_claims({"path": ["a", True]})), ClaimsPathInvalid),
    Case("oid4vp_7_path_float", lambda: parse(_claims({"path": ["a", 1.0]})), ClaimsPathInvalid),
    Case("oid4vp_7_path_object", lambda: parse(_claims({"path": [{"a": 1}]})), ClaimsPathInvalid),
    Case("oid4vp_7_path_missing", lambda: parse(_claims({"id": "a"})), DCQLQueryInvalid),
    Case(
        "oid4vp_7_1_1_step_2_1_key_in_non_object",
        lambda: dcql.process_claims_path({"a": [1]}, ("a", "b")),
        RequestedClaimMissing,
    ),
    Case(
        "oid4vp_7_1_1_step_2_2_null_on_non_array",
        lambda: dcql.process_claims_path({"a": {"b": 1}}, ("a", None)),
        RequestedClaimMissing,
    ),
    Case(
        "oid4vp_7_1_1_step_2_3_index_on_non_array",
        lambda: dcql.process_claims_path({"a": "text"}, ("a", 0)),
        RequestedClaimMissing,
    ),
    Case(
        "oid4vp_7_1_1_step_3_index_out_of_range",
        lambda: dcql.process_claims_path({"a": [1]}, ("a", 1)),
        RequestedClaimMissing,
    ),
    Case(
        "oid4vp_7_1_1_step_3_key_missing",
        lambda: dcql.process_claims_path({"a": {}}, ("a", "b")),
        RequestedClaimMissing,
    ),
    # --- §8.1 and §6.4: the verifier's check of the VP Token --------------------------------------
    Case(
        "oid4vp_8_1_unknown_credential_query_id",
        lambda: check({**_both(), "rijbewijs": [_presented(PERSON)]}),
        UnknownCredentialQueryId,
    ),
    Case(
        "oid4vp_6_4_1_multiple_false_two_presentations",
        lambda: check({**_both(), "persoon": [_presented(PERSON), _presented(PERSON)]}),
        TooManyPresentations,
    ),
    Case(
        "oid4vp_8_1_empty_presentation_array",
        lambda: check({**_both(), "adres": []}),
        VpTokenMalformed,
    ),
    Case(
        "oid4vp_6_4_2_required_credential_missing",
        lambda: check({"persoon": [_presented(PERSON)]}),
        RequiredCredentialMissing,
    ),
    Case(
        "oid4vp_6_4_2_required_credential_set_unmet",
        lambda: check({"adres": [_presented(ADDRESS)]}, parse(**_OPTIONAL_SETS)),
        CredentialSetsUnsatisfied,
    ),
    Case(
        "oid4vp_b_3_5_vct_not_allowed",
        lambda: check({**_both(), "adres": [_presented({**ADDRESS, "vct": PERSON_VCT})]}),
        VctNotAllowed,
    ),
    Case(
        "oid4vp_6_4_1_required_claim_missing",
        lambda: check({**_both(), "persoon": [_presented(_without(PERSON, "birthdate"))]}),
        RequestedClaimMissing,
    ),
    Case(
        "oid4vp_6_3_claim_value_mismatch",
        lambda: check(_both(nationalities=["BE"])),
        ClaimValueMismatch,
    ),
    Case(
        "oid4vp_6_3_claim_value_type_mismatch",
        lambda: check(
            {"persoon": [_presented(PERSON)]},
            parse(_claims({"path": ["age_over_18"], "values": [1]})),
        ),
        ClaimValueMismatch,
    ),
    Case(
        "oid4vp_6_4_1_claim_sets_unmet",
        lambda: check(
            {**_both(), "adres": [_presented({**ADDRESS, "address": {"locality": "X"}})]}
        ),
        ClaimSetsUnsatisfied,
    ),
    Case(
        "oid4vp_6_1_holder_binding_required",
        lambda: check({**_both(), "persoon": [_presented(PERSON, bound=False)]}),
        KeyBindingMissing,
    ),
    # --- over-asking: the query against the relying party's registration ------------------------
    Case(
        "oid4vp_15_4_2_claim_beyond_registration",
        lambda: _beyond(["given_name"], ["bsn"]),
        ClaimsBeyondRegistration,
    ),
    Case(
        "oid4vp_15_4_2_parent_of_registered_claim",
        lambda: _beyond(["nationalities"]),
        ClaimsBeyondRegistration,
    ),
    Case(
        "oid4vp_15_3_type_not_registered",
        lambda: _beyond(["given_name"], vct="https://other.example/vct/diploma"),
        ClaimsBeyondRegistration,
    ),
    Case(
        "oid4vp_15_3_format_not_registered",
        lambda: dcql.check_within_registration(
            parse({"id": "mdl", "format": "mso_mdoc", "meta": {"doctype_value": "x"}}),
            REGISTRATION,
        ),
        ClaimsBeyondRegistration,
    ),
    Case(
        "oid4vp_15_4_2_all_elements_where_one_registered",
        lambda: dcql.check_within_registration(
            parse(_claims({"path": ["nationalities", None]})),
            {PERSON_VCT: [("nationalities", 0)]},
        ),
        ClaimsBeyondRegistration,
    ),
    # --- §6.4.2: the wallet cannot answer -------------------------------------------------------
    Case(
        "oid4vp_6_4_2_wallet_lacks_required_credential",
        lambda: _select([dcql.HeldCredential("p1", PERSON_VCT, PERSON)]),
        NoMatchingCredentials,
    ),
    Case(
        "oid4vp_6_4_2_wallet_lacks_required_set",
        lambda: _select([dcql.HeldCredential("a1", ADDRESS_VCT, ADDRESS)], **_OPTIONAL_SETS),
        NoMatchingCredentials,
    ),
    Case(
        "oid4vp_b_3_wallet_credential_without_holder_binding",
        lambda: _select(
            [
                dcql.HeldCredential("p1", PERSON_VCT, PERSON, holder_bound=False),
                dcql.HeldCredential("a1", ADDRESS_VCT, ADDRESS),
            ]
        ),
        NoMatchingCredentials,
    ),
]
