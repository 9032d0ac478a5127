"""RFC 9901 round trips as properties (hypothesis).

Random claim trees, a random choice of what is selectively disclosable (object members and
array elements, nested choices giving recursive Disclosures, §4.2.6) and a random choice of
what is disclosed: the Verifier sees exactly the disclosed claims plus the always-visible ones
(§7.1, §7.3). An independent reference, :func:`expected_view`, says what that is.

Then integrity: any single changed character, in any part, is rejected; and no edit of a
presentation, nor any shape of a signed payload, makes the verifier fail with anything but a
:class:`StandardsError`.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import random
from collections.abc import Collection, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standards.errors import BadBase64, StandardsError
from standards.jose import PrivateKey, b64url_decode, b64url_encode, json_dumps, sign_jws
from standards.sd_jwt import (
    ClaimPath,
    Disclosure,
    IssuedSDJWT,
    KeyBindingPolicy,
    VerifiedSDJWT,
    create_presentation,
    issue_sd_jwt,
    select_disclosures,
    verify_issuance,
    verify_presentation,
)
from standards.sd_jwt.disclosures import digest
from standards.sd_jwt.serialization import join_sd_jwt

TYP = "example+sd-jwt"
NOW = 1_700_000_000
AUDIENCE = "https://verifier.example.org"
NONCE = "4b1d0c3e"
ISSUER = PrivateKey.generate()
HOLDER = PrivateKey.generate()
POLICY = KeyBindingPolicy(audience=AUDIENCE, nonce=NONCE)
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Names come from letters that cannot spell ``_sd``, ``...``, ``_sd_alg``, ``cnf`` (set by
# the Issuer for the holder key) or ``exp``/``nbf``/``iat`` (checked against the clock).
NAMES = st.text(alphabet="abcdgkmoquvwxyzäß_", min_size=1, max_size=3)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"), max_size=6)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=4),
    max_leaves=12,
)
CLAIMS = st.dictionaries(NAMES, VALUES, min_size=1, max_size=5)


def _clock() -> float:
    return float(NOW)


@st.composite
def _subsets(draw: st.DrawFn, items: Collection[ClaimPath]) -> frozenset[ClaimPath]:
    """Each item in or out by a coin flip (``st.sets`` would favour small subsets)."""
    return frozenset(item for item in sorted(items, key=repr) if draw(st.booleans()))


def claim_paths(value: Any, path: ClaimPath = ()) -> Iterator[ClaimPath]:
    """Every object member and array element beneath ``value``, parents before children."""
    children: Collection[tuple[str | int, Any]] = ()
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = list(enumerate(value))
    for step, child in children:
        yield (*path, step)
        yield from claim_paths(child, (*path, step))


def _is_prefix(shorter: ClaimPath, longer: ClaimPath) -> bool:
    return len(shorter) <= len(longer) and longer[: len(shorter)] == shorter


def expected_view(
    value: Any, disclosable: Collection[ClaimPath], disclosed: Collection[ClaimPath]
) -> Any:
    """The Processed SD-JWT Payload a Verifier should see, from the original claims.

    A disclosable claim that is not disclosed is gone, and with it everything beneath it:
    so a nested claim shows only if every disclosable claim enclosing it is disclosed too
    (§4.2.6). An undisclosed array element is removed, not left as a gap (§7.1 step 3.4).
    """

    def hidden(path: ClaimPath) -> bool:
        return path in disclosable and path not in disclosed

    def walk(node: Any, path: ClaimPath) -> Any:
        if isinstance(node, dict):
            return {
                name: walk(child, (*path, name))
                for name, child in node.items()
                if not hidden((*path, name))
            }
        if isinstance(node, list):
            return [
                walk(child, (*path, index))
                for index, child in enumerate(node)
                if not hidden((*path, index))
            ]
        return node

    return walk(value, ())


def _issue(claims: dict[str, Any], disclosable: Collection[ClaimPath], seed: int) -> IssuedSDJWT:
    return issue_sd_jwt(
        claims,
        disclosable=list(disclosable),
        key=ISSUER,
        typ=TYP,
        holder_key=HOLDER.public,
        decoys=seed % 3,
        random=random.Random(seed).randbytes,
    )


def _holder_view(issued: IssuedSDJWT) -> VerifiedSDJWT:
    return verify_issuance(issued.compact, issuer_key=ISSUER.public, typ=TYP, now=_clock)


def _present(issuer_jwt: str, disclosures: list[Disclosure]) -> str:
    return create_presentation(
        issuer_jwt,
        disclosures,
        holder_key=HOLDER,
        audience=AUDIENCE,
        nonce=NONCE,
        issued_at=NOW,
    )


def _verify(presentation: str) -> VerifiedSDJWT:
    return verify_presentation(
        presentation, issuer_key=ISSUER.public, typ=TYP, key_binding=POLICY, now=_clock
    )


@st.composite
def credentials(
    draw: st.DrawFn,
) -> tuple[dict[str, Any], frozenset[ClaimPath], IssuedSDJWT]:
    claims = draw(CLAIMS)
    paths = list(claim_paths(claims))
    disclosable = draw(_subsets(paths))
    seed = draw(st.integers(min_value=0, max_value=2**32))
    return claims, disclosable, _issue(claims, disclosable, seed)


@PROPERTY
@given(credential=credentials(), data=st.data())
def test_verifier_sees_exactly_the_disclosed_and_visible_claims(
    credential: tuple[dict[str, Any], frozenset[ClaimPath], IssuedSDJWT], data: st.DataObject
) -> None:
    claims, disclosable, issued = credential
    holder = _holder_view(issued)
    assert holder.claims == {**claims, "cnf": {"jwk": HOLDER.public.to_jwk()}}
    by_path = {item.path: item.disclosure for item in holder.disclosures}
    assert set(by_path) == disclosable  # one Disclosure per disclosable claim

    # Any subset may be chosen; only those that connect to the Issuer-signed JWT through
    # disclosed ancestors can be sent (§4.2.6), the rest would be unreferenced.
    selected = data.draw(_subsets(disclosable))
    sent = [
        path
        for path in by_path
        if path in selected
        and all(a in selected for a in disclosable if a != path and _is_prefix(a, path))
    ]
    order = data.draw(st.permutations(sent))
    verified = _verify(_present(issued.issuer_jwt, [by_path[path] for path in order]))

    expected = expected_view(claims, disclosable, selected)
    assert verified.claims == {**expected, "cnf": {"jwk": HOLDER.public.to_jwk()}}
    assert len(verified.disclosures) == len(sent)


@PROPERTY
@given(credential=credentials(), data=st.data())
def test_selecting_claim_paths_reveals_them_with_their_enclosing_and_inner_claims(
    credential: tuple[dict[str, Any], frozenset[ClaimPath], IssuedSDJWT], data: st.DataObject
) -> None:
    """§7.2: choosing a path sends what encloses it and everything beneath it."""
    claims, disclosable, issued = credential
    holder = _holder_view(issued)
    asked = data.draw(_subsets(list(claim_paths(claims))))
    chosen = select_disclosures(holder, asked)
    verified = _verify(_present(issued.issuer_jwt, list(chosen)))

    revealed = {d for d in disclosable if any(_is_prefix(d, p) or _is_prefix(p, d) for p in asked)}
    expected = expected_view(claims, disclosable, revealed)
    assert verified.claims == {**expected, "cnf": {"jwk": HOLDER.public.to_jwk()}}
    assert len(chosen) == len(revealed)


# --- integrity -----------------------------------------------------------------------------


def _components(presentation: str) -> list[range]:
    """The character ranges of each part: Issuer-signed JWT, each Disclosure, the KB-JWT."""
    ranges: list[range] = []
    start = 0
    for part in presentation.split("~"):
        if part:
            ranges.append(range(start, start + len(part)))
        start += len(part) + 1
    return ranges


def _lenient_b64(segment: str) -> bytes | None:
    """What a lax decoder makes of ``segment`` (pad bits ignored), or ``None``."""
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None


def _segment_at(text: str, index: int) -> str:
    start = max(text.rfind(".", 0, index), text.rfind("~", 0, index)) + 1
    ends = [e for e in (text.find(".", index), text.find("~", index)) if e != -1]
    return text[start : min(ends, default=len(text))]


@PROPERTY
@given(credential=credentials(), data=st.data())
def test_any_single_changed_character_is_rejected(
    credential: tuple[dict[str, Any], frozenset[ClaimPath], IssuedSDJWT], data: st.DataObject
) -> None:
    """One character changed in each part in turn (and one separator) must not verify.

    A change can leave the decoded bytes as they were only in the last character of a
    base64url segment, in bits beyond the data (RFC 4648 §3.5). Such a change is not let
    through either: strict decoding refuses non-zero pad bits (``BadBase64``). Where that is
    the case the test says so and expects exactly that error.
    """
    _, _, issued = credential
    original = _present(issued.issuer_jwt, list(issued.disclosures))
    _verify(original)  # the untouched presentation verifies

    separators = [i for i, char in enumerate(original) if char in ".~"]
    positions = [data.draw(st.sampled_from(part)) for part in _components(original)]
    positions.append(data.draw(st.sampled_from(separators)))
    for index in positions:
        choices = [char for char in B64URL + ".~" if char != original[index]]
        replacement = data.draw(st.sampled_from(choices))
        tampered = original[:index] + replacement + original[index + 1 :]
        assert tampered != original
        expected: type[StandardsError] = StandardsError
        if replacement not in ".~" and original[index] not in ".~":
            before, after = _segment_at(original, index), _segment_at(tampered, index)
            if _lenient_b64(before) == _lenient_b64(after):
                expected = BadBase64  # only the unused bits changed
        with pytest.raises(expected):
            _verify(tampered)


def test_a_change_in_unused_bits_only_is_refused_as_bad_base64() -> None:
    """The one change that keeps the decoded bytes: the last character's pad bits."""
    issued = _issue({"given_name": "Jan"}, [("given_name",)], seed=1)
    presentation = _present(issued.issuer_jwt, list(issued.disclosures))
    signature = presentation.split("~")[-1].split(".")[2]  # 64 octets: 86 chars, 4 pad bits
    last = B64URL.index(signature[-1])
    assert last & 0b1111 == 0
    same_bytes = signature[:-1] + B64URL[last | 0b0001]
    assert _lenient_b64(same_bytes) == b64url_decode(signature)
    with pytest.raises(BadBase64):
        _verify(presentation.replace(signature, same_bytes))


@PROPERTY
@given(credential=credentials(), data=st.data())
def test_arbitrary_edits_raise_only_standards_errors(
    credential: tuple[dict[str, Any], frozenset[ClaimPath], IssuedSDJWT], data: st.DataObject
) -> None:
    """Whatever is inserted or deleted, the verifier fails with its own errors, never a crash."""
    _, _, issued = credential
    text = _present(issued.issuer_jwt, list(issued.disclosures))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        index = data.draw(st.integers(min_value=0, max_value=len(text)))
        if data.draw(st.booleans()) and index < len(text):
            text = text[:index] + text[index + 1 :]
        else:
            text = text[:index] + data.draw(st.characters()) + text[index:]
    with contextlib.suppress(StandardsError):
        _verify(text)


# Names that steer processing, so that signed but ill-formed payloads reach every §7.1 branch.
_AWKWARD_NAMES = st.sampled_from(["_sd", "...", "_sd_alg", "given_name", "exp", "nbf", "cnf"])
_AWKWARD_SCALARS = SCALARS | st.sampled_from(["sha-256", "md5", ""])


def _awkward_values(digests: list[str], max_leaves: int) -> st.SearchStrategy[Any]:
    leaves = _AWKWARD_SCALARS | st.sampled_from(digests or ["none"])
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(_AWKWARD_NAMES, inner, max_size=3)
            | st.lists(st.fixed_dictionaries({"...": inner}), max_size=2)
        ),
        max_leaves=max_leaves,
    )


@PROPERTY
@given(data=st.data())
def test_signed_payloads_of_any_shape_raise_only_standards_errors(data: st.DataObject) -> None:
    """An Issuer's key signed it, yet ``_sd``, ``...`` and Disclosures may be any shape."""
    disclosures: list[str] = []
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        value = _awkward_values([digest(d) for d in disclosures], max_leaves=5)
        array = data.draw(
            st.tuples(st.text(max_size=3), _AWKWARD_NAMES, value).map(list)
            | st.tuples(st.text(max_size=3), value).map(list)
            | st.lists(value, max_size=4)
        )
        disclosures.append(b64url_encode(json_dumps(array)))
    payload = data.draw(
        st.dictionaries(
            _AWKWARD_NAMES, _awkward_values([digest(d) for d in disclosures], 10), max_size=5
        )
    )
    sent = data.draw(st.lists(st.sampled_from(disclosures), max_size=5)) if disclosures else []
    presentation = join_sd_jwt(sign_jws(payload, ISSUER, typ=TYP), sent)
    with contextlib.suppress(StandardsError):
        verify_presentation(
            presentation, issuer_key=ISSUER.public, typ=TYP, key_binding=None, now=_clock
        )
