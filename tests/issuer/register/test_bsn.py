"""The BSN 11-test: valid and invalid numbers, as data."""

from __future__ import annotations

import pytest

from issuer.register.bsn import TEST_RANGE, is_valid_bsn, require_valid_bsn
from issuer.register.errors import InvalidBsn

VALID = {
    "haal_centraal_example": "999993653",
    "first_in_test_range": "999990007",
    "test_range_ending_in_zero": "999990020",
    "leading_zero": "012345672",
    "old_style_eight_digits_padded": "010000008",
    "classic_example": "111222333",
    "all_nines_but_the_check": "999999990",
}

INVALID = {
    "empty": "",
    "eight_digits": "99999365",
    "ten_digits": "9999936530",
    "check_digit_off_by_one": "999993654",
    "two_digits_swapped": "999996353",
    "all_zeros_passes_the_sum_but_is_no_number": "000000000",
    "letters": "99999365A",
    "spaces_around": " 999993653",
    "inner_space": "9999 93653",
    "arabic_indic_digits": "".join(chr(0x0660 + int(d)) for d in "999993653"),
    "fullwidth_digits": "".join(chr(0xFF10 + int(d)) for d in "999993653"),
    "sign": "+99993653",
    "newline_after": "999993653\n",
}


@pytest.mark.parametrize("bsn", VALID.values(), ids=VALID.keys())
def test_valid_bsn_passes(bsn: str) -> None:
    assert is_valid_bsn(bsn)
    assert require_valid_bsn(bsn) == bsn


@pytest.mark.parametrize("bsn", INVALID.values(), ids=INVALID.keys())
def test_invalid_bsn_is_refused(bsn: str) -> None:
    assert not is_valid_bsn(bsn)
    with pytest.raises(InvalidBsn) as caught:
        require_valid_bsn(bsn)
    assert caught.value.code == "register.invalid_bsn"
    assert "BSN" in caught.value.title_nl
    assert bsn.strip() == "" or bsn.strip() not in str(caught.value), "the number is personal data"


def test_only_one_check_digit_completes_a_number() -> None:
    """Changing only the check digit: exactly one of 0-9 passes, or none (weight -1, mod 11)."""
    passing = [d for d in "0123456789" if is_valid_bsn(f"99999365{d}")]
    assert passing == ["3"]


def test_the_test_range_holds_about_one_in_eleven_valid_numbers() -> None:
    count = sum(is_valid_bsn(str(n)) for n in TEST_RANGE)
    assert count == 909
