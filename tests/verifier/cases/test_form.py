"""The intake form's extra fields: validation of what the resident types, patterns included.

Staff write the patterns; a resident's value must never be able to hold a worker up on one
(catastrophic backtracking): matching has a time limit, and the back office refuses a pattern
that already runs out of it on plain values."""

from __future__ import annotations

import logging
import time

import pytest
from pydantic import ValidationError

from verifier.cases.form import FormField, too_slow, validate_properties

PLATE = FormField(
    name="kenteken",
    label_nl="Kenteken",
    label_en="Licence plate",
    pattern=r"[A-Z0-9]{1,3}(-[A-Z0-9]{1,3}){2}",
)
SLOW = FormField(name="code", label_nl="Code", label_en="Code", pattern=r"(a|aa)+")


def test_a_value_the_pattern_matches_in_full_is_kept() -> None:
    assert validate_properties([PLATE], {"kenteken": " AB-123-C "}) == (
        {"kenteken": "AB-123-C"},
        {},
    )


def test_a_value_the_pattern_does_not_match_is_refused_in_dutch_and_english() -> None:
    values, errors = validate_properties([PLATE], {"kenteken": "AB-123-C-extra"})
    assert values == {}
    assert errors["kenteken"].nl == "Dit klopt niet. Kijk het nog eens na."
    assert errors["kenteken"].en == "This is not valid. Please check it."


def test_a_pattern_that_backtracks_catastrophically_gives_up_in_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``(a|aa)+`` on 60 ``a`` and a ``!`` would take ages; the match gives up after the limit,
    the value is not accepted, the resident is told it cannot be checked now, staff are told
    in the log."""
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="verifier.cases.form"):
        values, errors = validate_properties([SLOW], {"code": "a" * 60 + "!"})
    assert time.perf_counter() - started < 2
    assert values == {}
    assert errors["code"].nl == "We kunnen dit nu niet controleren. Probeer het later nog eens."
    assert errors["code"].en == "We cannot check this right now. Please try again later."
    assert "'code': its pattern took over" in caplog.text
    assert validate_properties([SLOW], {"code": "aaaa"}) == ({"code": "aaaa"}, {})


@pytest.mark.parametrize(
    ("pattern", "slow"),
    [
        (r"(a|aa)+", True),
        (r"(\d|\d\d)+", True),
        (r"( |  )+", True),
        (r"[A-Z0-9]{1,3}(-[A-Z0-9]{1,3}){2}", False),
        (r"[1-9][0-9]{3} ?[A-Z]{2}", False),
        (r"(a+)+", False),  # regex sees through this classic one
    ],
)
def test_too_slow_finds_patterns_that_get_stuck_on_plain_values(pattern: str, slow: bool) -> None:
    assert too_slow(pattern) is slow


def test_a_pattern_that_does_not_compile_is_no_field() -> None:
    with pytest.raises(ValidationError, match="not a valid regular expression"):
        FormField(name="a", label_nl="A", label_en="A", pattern="(")
