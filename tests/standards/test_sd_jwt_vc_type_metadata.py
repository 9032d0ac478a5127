"""SD-JWT VC §5 (Type Metadata): the spec's example document, display names per locale,
claim labels, ``sd`` (§5.6.4), Regie's required locales, and invalid documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from standards.errors import TypeMetadataInvalid
from standards.sd_jwt_vc import TypeMetadata

EXAMPLE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "type_metadata_example.json").read_text("utf-8")
)
"""SD-JWT VC Appendix "Example Type Metadata" (Figure: Example Type Metadata Document)."""

VCT = "https://gemeente.example.nl/credentials/brp-persoon/v1"
REGIE: dict[str, Any] = {
    "vct": VCT,
    "display": [
        {"locale": "nl", "name": "Persoonsgegevens"},
        {"locale": "en", "name": "Personal data"},
    ],
    "claims": [
        {
            "path": ["given_name"],
            "display": [{"locale": "nl", "label": "Voornaam"}, {"locale": "en", "label": "Name"}],
            "sd": "always",
        },
        {
            "path": ["address", "locality"],
            "display": [
                {"locale": "en", "label": "Town"},
                {"locale": "nl", "label": "Woonplaats"},
            ],
            "sd": "never",
        },
    ],
}


def _without_display(document: dict[str, Any], locale: str, *, claim: int | None) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(document))
    holder = copy if claim is None else copy["claims"][claim]
    holder["display"] = [d for d in holder["display"] if d["locale"] != locale]
    return copy


def _claim(**changes: Any) -> dict[str, Any]:
    return {"vct": VCT, "claims": [{"path": ["given_name"], **changes}]}


# --- the spec's example ------------------------------------------------------------------


def test_spec_example_parses() -> None:
    metadata = TypeMetadata.parse(EXAMPLE)
    assert metadata.vct == "https://betelgeuse.example.com/education_credential/v42"
    assert metadata.extends == "https://galaxy.example.com/galactic-education-credential/v2"
    assert [d.locale for d in metadata.display] == ["en-US", "de-DE"]
    assert len(metadata.claims) == 7
    degrees = metadata.claim(["degrees", None, "date_awarded"])
    assert degrees is not None
    assert degrees.sd == "always"
    name = metadata.claim(["name"])
    assert name is not None
    assert name.mandatory is True
    street = metadata.claim(["address", "street_address"])
    assert street is not None
    assert street.svg_id == "address_street_address"


def test_spec_example_survives_a_round_trip() -> None:
    """§5.2: members not understood (``rendering``, ``extends#integrity``) are kept."""
    metadata = TypeMetadata.parse(EXAMPLE)
    document = metadata.to_document()
    assert document["extends#integrity"] == EXAMPLE["extends#integrity"]
    assert document["display"][0]["rendering"] == EXAMPLE["display"][0]["rendering"]
    assert TypeMetadata.parse(document) == metadata


@pytest.mark.parametrize(
    ("locale", "name"),
    [
        ("en-US", "Betelgeuse Education Credential"),  # exact
        ("de-de", "Betelgeuse-Bildungsnachweis"),  # exact, tags are case-insensitive
        ("de", "Betelgeuse-Bildungsnachweis"),  # same language
        ("de-AT", "Betelgeuse-Bildungsnachweis"),  # same language, other region
        ("en-GB", "Betelgeuse Education Credential"),
        ("nl", "Betelgeuse Education Credential"),  # the first one
    ],
)
def test_display_name_per_locale_with_fallback(locale: str, name: str) -> None:
    assert TypeMetadata.parse(EXAMPLE).display_name(locale) == name


def test_display_name_without_display_falls_back_to_name_then_vct() -> None:
    assert TypeMetadata.parse({"vct": VCT, "name": "BRP"}).display_name("nl") == "BRP"
    assert TypeMetadata.parse({"vct": VCT}).display_name("nl") == VCT


@pytest.mark.parametrize(
    ("path", "locale", "label"),
    [
        (["name"], "en-US", "Name"),
        (["name"], "de", "Vor- und Nachname"),
        (["address", "street_address"], "de-DE", "Straße"),
        (["degrees", None, "field_of_study"], "en", "Field of Study"),
        (["degrees", None, "date_awarded"], "fr", "Verleihungsdatum"),  # first one: de-DE
        (["degrees", None], "en-US", "degrees"),  # no display: the last name in the path
        (["nickname"], "en-US", "nickname"),  # not described at all
    ],
)
def test_claim_label(path: list[str | None], locale: str, label: str) -> None:
    assert TypeMetadata.parse(EXAMPLE).claim_label(path, locale) == label


def test_selectively_disclosable_and_never_disclosable() -> None:
    """§5.6.4, and the four ``degrees`` definitions the spec explains below its example."""
    metadata = TypeMetadata.parse(EXAMPLE)
    assert metadata.selectively_disclosable() == (
        ("name",),
        ("address",),
        ("address", "street_address"),
        ("degrees", None),
        ("degrees", None, "date_awarded"),
    )
    assert metadata.never_disclosable() == (("degrees",), ("degrees", None, "field_of_study"))


def test_sd_defaults_to_allowed() -> None:
    metadata = TypeMetadata.parse(_claim())
    assert metadata.claims[0].sd == "allowed"
    assert metadata.claims[0].mandatory is False
    assert metadata.selectively_disclosable() == ()
    assert metadata.never_disclosable() == ()


# --- Regie's locales ------------------------------------------------------------------------


def test_regie_document_with_nl_and_en() -> None:
    metadata = TypeMetadata.parse(REGIE, require_locales=("nl", "en"))
    assert metadata.display_name("nl") == "Persoonsgegevens"
    assert metadata.display_name("nl-BE") == "Persoonsgegevens"
    assert metadata.display_name("en") == "Personal data"
    assert metadata.claim_label(["address", "locality"], "nl") == "Woonplaats"
    assert metadata.claim_label(["address", "locality"], "en-GB") == "Town"


@pytest.mark.parametrize(
    "document",
    [
        _without_display(REGIE, "nl", claim=None),
        _without_display(REGIE, "en", claim=None),
        _without_display(REGIE, "nl", claim=0),
        _without_display(REGIE, "en", claim=1),
        EXAMPLE,
    ],
    ids=["type_lacks_nl", "type_lacks_en", "claim_lacks_nl", "claim_lacks_en", "spec_example"],
)
def test_required_locales_refuse_a_document_lacking_one(document: dict[str, Any]) -> None:
    TypeMetadata.parse(document)  # fine without the requirement
    with pytest.raises(TypeMetadataInvalid):
        TypeMetadata.parse(document, require_locales=("nl", "en"))


# --- invalid documents (§5.2, §5.6) -----------------------------------------------------------

INVALID: dict[str, Any] = {
    "not_an_object": [EXAMPLE],
    "missing_vct": {k: v for k, v in EXAMPLE.items() if k != "vct"},
    "vct_empty": {"vct": ""},
    "vct_not_a_string": {"vct": 42},
    "display_not_an_array": {"vct": VCT, "display": {"locale": "nl", "name": "x"}},
    "display_without_locale": {"vct": VCT, "display": [{"name": "x"}]},
    "display_without_name": {"vct": VCT, "display": [{"locale": "nl"}]},
    "claims_not_an_array": {"vct": VCT, "claims": {"path": ["a"]}},
    "claim_without_path": {"vct": VCT, "claims": [{"sd": "always"}]},
    "path_empty": _claim(path=[]),
    "path_not_an_array": _claim(path="given_name"),
    "path_negative_int": _claim(path=["degrees", -1]),
    "path_boolean": _claim(path=["degrees", True]),
    "path_float": _claim(path=["degrees", 1.0]),
    "path_object": _claim(path=[{"name": "a"}]),
    "sd_bad_value": _claim(sd="sometimes"),
    "sd_boolean": _claim(sd=True),
    "mandatory_string": _claim(mandatory="yes"),
    "mandatory_int": _claim(mandatory=1),
    "claim_display_without_label": _claim(display=[{"locale": "nl"}]),
}


@pytest.mark.parametrize("document", INVALID.values(), ids=INVALID.keys())
def test_invalid_document_is_refused(document: Any) -> None:
    with pytest.raises(TypeMetadataInvalid):
        TypeMetadata.parse(document)
