"""The issuer's signing keys (``issuer.keys``): made on first start, private on disk, rotated
without a gap for credentials already issued."""

from __future__ import annotations

import json
import pathlib
import stat
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from issuer.keys import INDEX_FILE, KeyStore, key_path, read_index
from regie.pki import DemoCA, KeyFileError
from standards import jose
from standards.errors import IssuerKeyUnresolved, SignatureInvalid
from standards.sd_jwt_vc import JwtVcIssuerMetadata, TrustedIssuers

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ISSUER = "https://gemeente.example/boxtel"
LIFETIME = timedelta(days=365)


@pytest.fixture
def ca(tmp_path: Path) -> DemoCA:
    return DemoCA.load_or_create(tmp_path / "ca", now=NOW)


@pytest.fixture
def key_dir(tmp_path: Path) -> Path:
    return tmp_path / "issuer" / "keys"


@pytest.fixture
def open_store(ca: DemoCA, key_dir: Path) -> Callable[..., KeyStore]:
    def open_store(**options: Any) -> KeyStore:
        settings: dict[str, Any] = {"ca": ca, "issuer_id": ISSUER, "now": NOW}
        return KeyStore(key_dir, **(settings | options))

    return open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def sign(key: jose.PrivateKey, x5c: list[str] | None = None) -> str:
    headers = {"x5c": x5c} if x5c else None
    return jose.sign_jws({"iss": ISSUER, "iat": 1}, key, typ="dc+sd-jwt", headers=headers)


def verify_with_jwks(token: str, jwks: dict[str, list[dict[str, Any]]]) -> None:
    """What a verifier does with the JWT VC issuer metadata: pick the key by kid."""
    metadata = JwtVcIssuerMetadata.parse({"issuer": ISSUER, "jwks": jwks}, expected_issuer=ISSUER)
    trusted = TrustedIssuers(metadata={ISSUER: metadata})
    jose.verify_jws(token, trusted.resolve, typ="dc+sd-jwt")


# --- first start ---


def test_first_start_makes_a_private_key_with_a_certificate_naming_the_issuer(
    open_store: Callable[..., KeyStore], key_dir: Path, ca: DemoCA
) -> None:
    store = open_store()
    key, chain = store.active()
    assert key.kid == key.public.thumbprint()
    assert mode(key_path(key_dir, key.kid)) == 0o600
    assert mode(key_dir / INDEX_FILE) == 0o600
    assert mode(key_dir) == 0o700
    leaf, public = jose.verify_x5c_chain(chain, [ca.certificate], now=NOW)
    assert public.thumbprint() == key.kid
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == [ISSUER]
    assert san.get_values_for_type(x509.DNSName) == ["gemeente.example"]
    assert leaf.not_valid_after_utc >= NOW + 2 * LIFETIME - timedelta(days=1)
    (record,) = store.records
    assert (record.kid, record.status, record.created_at, record.retire_after) == (
        key.kid,
        "active",
        NOW,
        None,
    )


def test_second_start_loads_the_same_key(open_store: Callable[..., KeyStore]) -> None:
    first, first_chain = open_store().active()
    again, again_chain = open_store(now=NOW + timedelta(days=3)).active()
    assert again.kid == first.kid
    assert again.key.private_numbers() == first.key.private_numbers()
    assert again_chain == first_chain


def test_workers_starting_together_share_one_key(open_store: Callable[..., KeyStore]) -> None:
    kids: list[str] = []

    def start() -> None:
        kids.append(open_store().active()[0].kid)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kids) == 6
    assert len(set(kids)) == 1


def test_issuer_on_an_ip_address_is_named_by_san_uri_only(ca: DemoCA, key_dir: Path) -> None:
    store = KeyStore(key_dir, ca=ca, issuer_id="http://127.0.0.1:8001", now=NOW)
    leaf, _ = jose.verify_x5c_chain(store.active()[1], [ca.certificate], now=NOW)
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == ["http://127.0.0.1:8001"]
    assert san.get_values_for_type(x509.DNSName) == []


def test_without_a_ca_there_is_no_x5c(key_dir: Path) -> None:
    store = KeyStore(key_dir, ca=None, issuer_id=ISSUER, now=NOW)
    assert store.active()[1] == []
    assert "x5c" not in store.jwks(NOW)["keys"][0]


def test_issuer_id_without_a_host_is_refused(key_dir: Path) -> None:
    with pytest.raises(ValueError, match="not a URL with a host"):
        KeyStore(key_dir, ca=None, issuer_id="boxtel", now=NOW)


# --- unsafe or damaged files ---


def _the_key_file(key_dir: Path) -> Path:
    return next(key_dir.glob("signing-key-*"))


@pytest.mark.parametrize("file_mode", [0o640, 0o604, 0o644, 0o660])
@pytest.mark.parametrize("which", ["key", "index"])
def test_file_others_can_read_is_refused_with_the_fix(
    open_store: Callable[..., KeyStore], key_dir: Path, which: str, file_mode: int
) -> None:
    open_store()
    path = _the_key_file(key_dir) if which == "key" else key_dir / INDEX_FILE
    path.chmod(file_mode)
    with pytest.raises(KeyFileError) as refused:
        open_store()
    fix = f"chmod 600 {path.resolve()}"
    assert fix in refused.value.nl
    assert fix in refused.value.en
    assert f"leesbaar voor anderen (rechten {file_mode:o})" in refused.value.nl
    assert f"can be read by others (mode {file_mode:o})" in refused.value.en


IndexEdit = Callable[[dict[str, Any], Path], None]


def _in_index(edit: IndexEdit) -> Callable[[Path], None]:
    """A damage to the index file: read it, let ``edit`` change it, write it back."""

    def spoil(key_dir: Path) -> None:
        index = json.loads((key_dir / INDEX_FILE).read_text())
        edit(index, key_dir)
        (key_dir / INDEX_FILE).write_text(json.dumps(index))

    return spoil


def _other_point() -> dict[str, str]:
    other = jose.PrivateKey.generate().public.jwk
    return {"x": other["x"], "y": other["y"]}


def _index_not_json(key_dir: Path) -> None:
    (key_dir / INDEX_FILE).write_text("{")


def _key_file_missing(key_dir: Path) -> None:
    _the_key_file(key_dir).unlink()


def _key_file_not_a_key(key_dir: Path) -> None:
    _the_key_file(key_dir).write_text('{"kty": "EC"}')


def _key_file_holds_another_key(key_dir: Path) -> None:
    _the_key_file(key_dir).write_bytes(jose.json_dumps(jose.PrivateKey.generate().to_private_jwk()))


def _private_jwk(key_dir: Path) -> dict[str, str]:
    jwk: dict[str, str] = json.loads(_the_key_file(key_dir).read_text())
    return jwk


DAMAGED_INDEX: dict[str, IndexEdit] = {
    "private-member-in-index": lambda index, key_dir: index["keys"][0]["jwk"].update(
        d=_private_jwk(key_dir)["d"]
    ),
    "kid-not-the-thumbprint": lambda index, _: index["keys"][0]["jwk"].update(_other_point()),
    "point-not-on-the-curve": lambda index, _: index["keys"][0]["jwk"].update(
        x=_other_point()["x"]
    ),
    "two-active-keys": lambda index, _: index["keys"].append(index["keys"][0]),
    "kid-listed-twice": lambda index, _: index["keys"].append(
        index["keys"][0] | {"retired_at": "2025-03-01T12:00:00Z"}
    ),
    "kid-with-a-path": lambda index, _: index["keys"][0].update(kid="../../etc/passwd"),
    "unknown-version": lambda index, _: index.update(version=2),
}

DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    **{name: (_in_index(edit), "is damaged or unknown") for name, edit in DAMAGED_INDEX.items()},
    "index-not-json": (_index_not_json, "is damaged or unknown"),
    "key-file-missing": (_key_file_missing, "is missing"),
    "key-file-not-a-key": (_key_file_not_a_key, "is not a usable key"),
    "key-file-holds-another-key": (_key_file_holds_another_key, "holds another key than"),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_key_files_are_refused(
    open_store: Callable[..., KeyStore],
    key_dir: Path,
    damage: tuple[Callable[[Path], None], str],
) -> None:
    spoil, english = damage
    open_store()
    spoil(key_dir)
    with pytest.raises(KeyFileError) as refused:
        open_store()
    assert english in refused.value.en
    assert refused.value.nl != refused.value.en


# --- rotation ---


def test_rotate_makes_a_new_active_key_and_keeps_the_old_one_published(
    open_store: Callable[..., KeyStore],
) -> None:
    store = open_store()
    old, _ = store.active()
    rotated_at = NOW + timedelta(days=100)
    new = store.rotate(rotated_at)
    assert new.kid != old.kid
    assert store.active()[0].kid == new.kid
    assert new.created_at == rotated_at
    retired = next(record for record in store.records if record.kid == old.kid)
    assert (retired.status, retired.retired_at, retired.retire_after) == (
        "retired",
        rotated_at,
        rotated_at + LIFETIME,
    )
    just_before = rotated_at + LIFETIME - timedelta(seconds=1)
    assert [key["kid"] for key in store.jwks(just_before)["keys"]] == [old.kid, new.kid]
    assert [key["kid"] for key in store.jwks(rotated_at + LIFETIME)["keys"]] == [new.kid]


def test_retire_after_follows_the_longest_credential_lifetime(
    open_store: Callable[..., KeyStore],
) -> None:
    store = open_store(max_lifetime=timedelta(days=30))
    old = store.active()[0].kid
    store.rotate(NOW)
    retired = next(record for record in store.records if record.kid == old)
    assert retired.retire_after == NOW + timedelta(days=30)


def test_prune_deletes_a_retired_key_only_after_its_credentials_expired(
    open_store: Callable[..., KeyStore], key_dir: Path
) -> None:
    store = open_store()
    old = store.active()[0].kid
    store.rotate(NOW)
    assert store.prune(NOW + LIFETIME - timedelta(seconds=1)) == []
    assert key_path(key_dir, old).exists()
    assert store.prune(NOW + LIFETIME) == [old]
    assert not key_path(key_dir, old).exists()
    assert [record.kid for record in store.records] == [store.active()[0].kid]
    assert store.prune(NOW + 2 * LIFETIME) == []


def test_credential_signed_with_the_old_key_verifies_during_the_overlap(
    open_store: Callable[..., KeyStore], ca: DemoCA
) -> None:
    store = open_store()
    old_key, old_chain = store.active()
    credential = sign(old_key)
    store.rotate(NOW)
    during = NOW + LIFETIME - timedelta(days=1)
    verify_with_jwks(credential, store.jwks(during))
    verify_with_jwks(sign(store.active()[0]), store.jwks(during))
    # and by x5c, for a verifier that trusts the demo CA instead of the JWKS
    by_certificate = TrustedIssuers(trust_anchors=[ca.certificate], now=lambda: during)
    jose.verify_jws(sign(old_key, old_chain), by_certificate.resolve, typ="dc+sd-jwt")


def test_credential_of_a_pruned_key_no_longer_verifies(
    open_store: Callable[..., KeyStore],
) -> None:
    store = open_store()
    credential = sign(store.active()[0])
    store.rotate(NOW)
    store.prune(NOW + LIFETIME)
    with pytest.raises(IssuerKeyUnresolved):
        verify_with_jwks(credential, store.jwks(NOW + LIFETIME))


def test_jwks_never_holds_private_material(
    open_store: Callable[..., KeyStore], key_dir: Path
) -> None:
    store = open_store()
    store.rotate(NOW)
    store.rotate(NOW + timedelta(days=1))
    jwks = store.jwks(NOW + timedelta(days=2))
    assert len(jwks["keys"]) == 3
    for jwk in jwks["keys"]:
        assert "d" not in jwk
        assert set(jwk) == {"kty", "crv", "x", "y", "kid", "use", "alg", "x5c"}
        assert (jwk["use"], jwk["alg"]) == ("sig", "ES256")
        jose.PublicKey.from_jwk(jwk)  # refuses a JWK with "d"
    private_values = {json.loads(path.read_text())["d"] for path in key_dir.glob("signing-key-*")}
    index_text = (key_dir / INDEX_FILE).read_text()
    assert len(private_values) == 3
    assert not any(value in index_text for value in private_values)


def test_jwks_x5c_belongs_to_its_key(open_store: Callable[..., KeyStore], ca: DemoCA) -> None:
    store = open_store()
    store.rotate(NOW)
    for jwk in store.jwks(NOW)["keys"]:
        _, public = jose.verify_x5c_chain(jwk["x5c"], [ca.certificate], now=NOW)
        assert public.thumbprint() == jwk["kid"]


def test_wrong_key_does_not_verify(open_store: Callable[..., KeyStore]) -> None:
    store = open_store()
    forged = jose.sign_jws(
        {"iss": ISSUER},
        jose.PrivateKey.generate(kid=store.active()[0].kid),
        typ="dc+sd-jwt",
    )
    with pytest.raises(SignatureInvalid):
        verify_with_jwks(forged, store.jwks(NOW))


def test_a_rotation_elsewhere_is_picked_up_without_a_restart(
    open_store: Callable[..., KeyStore],
) -> None:
    serving = open_store()
    before = serving.active()[0].kid
    rotated = open_store().rotate(NOW + timedelta(days=1))  # regie keys rotate, another process
    assert rotated.kid != before
    assert serving.active()[0].kid == rotated.kid
    assert len(serving.jwks(NOW + timedelta(days=1))["keys"]) == 2


def test_rotation_that_fails_to_write_leaves_the_keys_as_they_were(
    open_store: Callable[..., KeyStore], key_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store()
    before = store.active()[0].kid
    index_before = (key_dir / INDEX_FILE).read_bytes()
    replace = pathlib.Path.replace

    def fail_on_index(self: Path, target: Path) -> Path:
        if Path(target).name == INDEX_FILE:
            raise OSError(28, "No space left on device")
        return replace(self, target)

    monkeypatch.setattr(pathlib.Path, "replace", fail_on_index)
    with pytest.raises(OSError, match="No space left"):
        store.rotate(NOW)
    monkeypatch.undo()
    assert (key_dir / INDEX_FILE).read_bytes() == index_before
    assert [path.name for path in key_dir.iterdir() if path.name.endswith(".tmp")] == []
    assert open_store().active()[0].kid == before


# --- certificates over time ---


def test_refresh_renews_a_certificate_that_would_end_before_a_new_credential(
    open_store: Callable[..., KeyStore], ca: DemoCA
) -> None:
    store = open_store(max_lifetime=timedelta(days=30))
    key, chain = store.active()
    store.refresh(NOW + timedelta(days=29))
    assert store.active()[1] == chain
    later = NOW + timedelta(days=31)
    store.refresh(later)
    renewed_key, renewed = store.active()
    assert renewed_key.kid == key.kid
    assert renewed != chain
    leaf, _ = jose.verify_x5c_chain(renewed, [ca.certificate], now=later)
    assert leaf.not_valid_after_utc >= later + timedelta(days=30)


def test_a_new_issuer_id_gets_a_new_certificate_for_the_same_key(
    open_store: Callable[..., KeyStore], ca: DemoCA, key_dir: Path
) -> None:
    key, _ = open_store().active()
    moved = "https://boxtel.example"
    store = open_store(issuer_id=moved)
    same, chain = store.active()
    assert same.kid == key.kid
    leaf, _ = jose.verify_x5c_chain(chain, [ca.certificate], now=NOW)
    san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.UniformResourceIdentifier) == [moved]
    index = read_index(key_dir)
    assert index is not None
    assert index.issuer_id == moved


def test_a_new_demo_ca_gets_a_new_certificate_for_the_same_key(
    open_store: Callable[..., KeyStore], tmp_path: Path
) -> None:
    key, _ = open_store().active()
    other = DemoCA.load_or_create(tmp_path / "other-ca", now=NOW)
    same, chain = open_store(ca=other).active()
    assert same.kid == key.kid
    jose.verify_x5c_chain(chain, [other.certificate], now=NOW)


def test_read_index_of_an_empty_folder_is_none(tmp_path: Path) -> None:
    assert read_index(tmp_path) is None


def test_a_key_rotated_without_the_ca_gets_a_certificate_on_refresh(
    open_store: Callable[..., KeyStore], ca: DemoCA
) -> None:
    serving = open_store()
    rotated = open_store(ca=None).rotate(NOW)
    assert rotated.x5c == ()
    serving.refresh(NOW)
    key, chain = serving.active()
    assert key.kid == rotated.kid
    _, public = jose.verify_x5c_chain(chain, [ca.certificate], now=NOW)
    assert public.thumbprint() == rotated.kid


def test_a_certificate_that_lasts_as_long_as_the_ca_is_not_renewed_again(
    open_store: Callable[..., KeyStore], ca: DemoCA, key_dir: Path
) -> None:
    late = ca.certificate.not_valid_after_utc - timedelta(days=100)
    store = open_store(now=late)
    chain = store.active()[1]
    assert jose.certificate_from_der_b64(chain[0]).not_valid_after_utc == (
        ca.certificate.not_valid_after_utc
    )
    written = (key_dir / INDEX_FILE).stat().st_mtime_ns
    store.refresh(late + timedelta(days=50))
    assert store.active()[1] == chain
    assert (key_dir / INDEX_FILE).stat().st_mtime_ns == written


def test_issuer_start_up_prunes_expired_retired_keys(tmp_path: Path) -> None:
    from litestar.testing import TestClient  # noqa: PLC0415 - only this test starts the app

    from issuer.app import create_app  # noqa: PLC0415
    from issuer.settings import IssuerSettings  # noqa: PLC0415

    settings = IssuerSettings(
        data_dir=tmp_path / "issuer", ca_dir=tmp_path / "ca", status_list_size=4096
    )
    with TestClient(create_app(settings, clock=lambda: NOW)):
        pass
    store = KeyStore(
        settings.resolved_key_dir(),
        ca=DemoCA.load_or_create(tmp_path / "ca", now=NOW),
        issuer_id=settings.public_url,
        now=NOW,
        max_lifetime=LIFETIME,
    )
    old = store.active()[0].kid
    store.rotate(NOW)
    later = NOW + LIFETIME + timedelta(days=1)
    with TestClient(create_app(settings, clock=lambda: later)):
        pass
    index = read_index(settings.resolved_key_dir())
    assert index is not None
    assert old not in {record.kid for record in index.keys}
    assert not key_path(settings.resolved_key_dir(), old).exists()
