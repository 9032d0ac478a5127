"""RFC 7636: the S256 challenge, and which verifiers the provider accepts."""

from __future__ import annotations

import pytest

from issuer.login.pkce import new_verifier, s256_challenge, verifier_matches

# RFC 7636 Appendix B
RFC7636_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC7636_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_rfc7636_appendix_b_vector() -> None:
    assert s256_challenge(RFC7636_VERIFIER) == RFC7636_CHALLENGE
    assert verifier_matches(RFC7636_VERIFIER, RFC7636_CHALLENGE)


def test_new_verifiers_are_43_characters_and_differ() -> None:
    first, second = new_verifier(), new_verifier()
    assert len(first) == 43
    assert first != second
    assert verifier_matches(first, s256_challenge(first))


@pytest.mark.parametrize(
    "verifier",
    [
        pytest.param(RFC7636_VERIFIER[:-1] + "l", id="other_verifier"),
        pytest.param(RFC7636_VERIFIER[:42], id="rfc7636_4_1_too_short"),
        pytest.param("a" * 129, id="rfc7636_4_1_too_long"),
        pytest.param(RFC7636_VERIFIER[:-1] + "+", id="rfc7636_4_1_outside_unreserved"),
        pytest.param(RFC7636_CHALLENGE, id="plain_challenge_as_verifier"),
    ],
)
def test_rfc7636_4_6_wrong_verifier_refused(verifier: str) -> None:
    assert not verifier_matches(verifier, RFC7636_CHALLENGE)
