"""The issuer's signing keys: ES256 keys on disk, outside the database, rotated without a gap.

Each key is a private JWK (RFC 7517) in its own file, mode 600, named by its ``kid``, the
RFC 7638 thumbprint. A small index (``keys.json``, mode 600 too) holds what is public: each
key's public JWK, its ``x5c`` chain from the demo CA (RFC 7515 §4.1.6; SAN URI = the
issuer identifier, as SD-JWT VC §2.5 lets a verifier check), and when it was created and
retired. Every write is atomic and made under an exclusive lock, so workers that start together
share one key, and ``regie keys rotate`` can run while the issuer serves.

Rotation: the new key signs from then on; the old one stays in the JWKS until every credential
it signed has expired (``retire_after`` = retired at + the longest credential lifetime), and
:meth:`KeyStore.prune` deletes it after that.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from cryptography import x509
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from regie.pki import (
    DemoCA,
    KeyFileError,
    exclusive_lock,
    read_private_file,
    write_file_atomically,
    x5c,
)
from standards import jose
from standards.errors import StandardsError

__all__ = [
    "DEFAULT_MAX_LIFETIME",
    "INDEX_FILE",
    "KeyIndex",
    "KeyRecord",
    "KeyStore",
    "default_key_dir",
    "key_path",
    "load_private_key",
    "read_index",
]

INDEX_FILE: Final = "keys.json"
DEFAULT_MAX_LIFETIME: Final = timedelta(days=365)
"""The longest a credential lives (the issuer's default expiry: one year)."""
_PUBLIC_MEMBERS: Final = frozenset({"kty", "crv", "x", "y", "kid"})


def default_key_dir(data_dir: Path) -> Path:
    """Where the issuer's keys live under the ``regie`` data directory (its settings agree)."""
    return data_dir / "issuer" / "keys"


class KeyRecord(BaseModel):
    """One signing key as the index keeps it: public material and dates only."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kid: str = Field(pattern=r"^[A-Za-z0-9_-]{43}$")
    """RFC 7638 SHA-256 thumbprint; also names the key's file."""
    created_at: AwareDatetime
    retired_at: AwareDatetime | None = None
    retire_after: AwareDatetime | None = None
    """When the last credential this key signed has expired; the key leaves the JWKS then."""
    jwk: dict[str, str]
    x5c: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _public_and_named_by_thumbprint(self) -> KeyRecord:
        if not set(self.jwk) <= _PUBLIC_MEMBERS:  # never a private member such as "d"
            raise ValueError("the index holds only public JWK members")
        try:
            thumbprint = jose.PublicKey.from_jwk(self.jwk).thumbprint()
        except StandardsError as exc:
            raise ValueError(f"not a usable public key: {exc}") from exc
        if thumbprint != self.kid or self.jwk.get("kid") != self.kid:
            raise ValueError("kid is not the key's RFC 7638 thumbprint")
        return self

    @property
    def status(self) -> Literal["active", "retired"]:
        return "active" if self.retired_at is None else "retired"

    def published(self, now: datetime) -> bool:
        """In the JWKS at ``now``: active, or retired with credentials that may still live."""
        return self.retire_after is None or now < self.retire_after


class KeyIndex(BaseModel):
    """The index file: who the keys are for, and every key still kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = 1
    issuer_id: str
    subject_cn: str
    keys: tuple[KeyRecord, ...]

    @model_validator(mode="after")
    def _one_active_key(self) -> KeyIndex:
        if sum(record.retired_at is None for record in self.keys) != 1:
            raise ValueError("exactly one key is active")
        if len({record.kid for record in self.keys}) != len(self.keys):
            raise ValueError("a kid is listed twice")
        return self

    @property
    def active(self) -> KeyRecord:
        return next(record for record in self.keys if record.retired_at is None)


def read_index(directory: Path) -> KeyIndex | None:
    """The index in ``directory``, or ``None`` when no key was made there yet."""
    path = directory / INDEX_FILE
    try:
        data = read_private_file(path)
    except FileNotFoundError:
        return None
    try:
        return KeyIndex.model_validate_json(data)
    except ValidationError as exc:
        raise KeyFileError(
            f"{path} is beschadigd of onbekend: {exc.error_count()} fout(en).",
            f"{path} is damaged or unknown: {exc.error_count()} error(s).",
        ) from exc


def key_path(directory: Path, kid: str) -> Path:
    """The private JWK file of key ``kid`` (a base64url thumbprint: safe in a file name)."""
    return directory / f"signing-key-{kid}.jwk.json"


def load_private_key(directory: Path, kid: str) -> jose.PrivateKey:
    """Key ``kid`` from its file, refused when others can read it or it is another key."""
    path = key_path(directory, kid)
    try:
        key = jose.PrivateKey.from_jwk(jose.json_loads(read_private_file(path)))
    except FileNotFoundError as exc:
        raise KeyFileError(
            f"Het sleutelbestand {path} ontbreekt.", f"The key file {path} is missing."
        ) from exc
    except StandardsError as exc:
        raise KeyFileError(
            f"{path} is geen bruikbare sleutel.", f"{path} is not a usable key."
        ) from exc
    if key.public.thumbprint() != kid:
        raise KeyFileError(
            f"{path} hoort bij een andere sleutel dan {kid}.",
            f"{path} holds another key than {kid}.",
        )
    return key


def _stamp(path: Path) -> tuple[int, int, int]:
    status = path.stat()
    return status.st_ino, status.st_mtime_ns, status.st_size


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class KeyStore:
    """The issuer's signing keys in ``directory``; the first key is made on first start."""

    def __init__(
        self,
        directory: Path,
        *,
        ca: DemoCA | None,
        issuer_id: str,
        now: datetime,
        max_lifetime: timedelta = DEFAULT_MAX_LIFETIME,
        subject_cn: str | None = None,
    ) -> None:
        host = urlsplit(issuer_id).hostname
        if not host:
            raise ValueError(f"issuer id {issuer_id!r} is not a URL with a host")
        self._directory = directory
        self._index_path = directory / INDEX_FILE
        self._ca = ca
        self._issuer_id = issuer_id
        self._host = host
        self._subject_cn = subject_cn or host
        self._max_lifetime = max_lifetime
        self._signing: dict[str, jose.PrivateKey] = {}
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._change(now, lambda index: index)
        self.active()  # load the signing key now: an unusable key file stops the start

    # --- reading -----------------------------------------------------------------------------

    @property
    def records(self) -> tuple[KeyRecord, ...]:
        """Every key kept, oldest first (public material and dates only)."""
        self._reload_if_changed()
        return self._index.keys

    def active(self) -> tuple[jose.PrivateKey, list[str]]:
        """The key that signs now, and its ``x5c`` chain (empty without a CA)."""
        self._reload_if_changed()
        record = self._index.active
        key = self._signing.get(record.kid)
        if key is None:
            key = self._signing[record.kid] = load_private_key(self._directory, record.kid)
        return key, list(record.x5c)

    def jwks(self, now: datetime) -> dict[str, list[dict[str, Any]]]:
        """RFC 7517 §5 JWK Set: the active key and the retired keys still published at ``now``."""
        keys: list[dict[str, Any]] = []
        for record in self.records:
            if record.published(now):
                jwk: dict[str, Any] = {**record.jwk, "use": "sig", "alg": "ES256"}
                if record.x5c:
                    jwk["x5c"] = list(record.x5c)
                keys.append(jwk)
        return {"keys": keys}

    # --- changing ----------------------------------------------------------------------------

    def rotate(self, now: datetime) -> KeyRecord:
        """Make a new key the signing key; the old one stays published until ``retire_after``."""

        def retire_and_add(index: KeyIndex) -> KeyIndex:
            retire = {"retired_at": now, "retire_after": now + self._max_lifetime}
            kept = tuple(
                r.model_copy(update=retire) if r.retired_at is None else r for r in index.keys
            )
            return index.model_copy(update={"keys": (*kept, self._new_key(now))})

        self._change(now, retire_and_add)
        return self._index.active

    def prune(self, now: datetime) -> list[str]:
        """Delete the retired keys whose credentials have all expired; return their kids."""

        def drop_expired(index: KeyIndex) -> KeyIndex:
            kept = tuple(record for record in index.keys if record.published(now))
            return index.model_copy(update={"keys": kept})

        before = {record.kid for record in self.records}
        self._change(now, drop_expired)
        gone = sorted(before - {record.kid for record in self._index.keys})
        for kid in gone:  # after the index no longer names them
            key_path(self._directory, kid).unlink(missing_ok=True)
            self._signing.pop(kid, None)
        return gone

    def refresh(self, now: datetime) -> None:
        """Pick up a rotation made elsewhere, and renew the active key's certificate when it
        would expire before a credential signed at ``now`` (a stat and a comparison when
        nothing is due, so the issuer may call it before every signature)."""
        self._reload_if_changed()
        if now >= self._renew_at:
            self._change(now, lambda index: index)

    # --- internals ---------------------------------------------------------------------------

    def _change(self, now: datetime, edit: Callable[[KeyIndex], KeyIndex]) -> None:
        """Read, edit, renew certificates and write the index, under the lock."""
        with exclusive_lock(self._directory / ".keys.lock"):
            current = read_index(self._directory)
            if current is None:
                first = self._new_key(now)
                index = KeyIndex(
                    issuer_id=self._issuer_id, subject_cn=self._subject_cn, keys=(first,)
                )
            else:
                index = edit(current)
            index = self._with_current_certificate(index, now)
            if index != current:
                data = index.model_dump_json(indent=2).encode("utf-8")
                write_file_atomically(self._index_path, data)
            self._remember(index, _stamp(self._index_path))

    def _reload_if_changed(self) -> None:
        stamp = _stamp(self._index_path)
        if stamp != self._stamp:
            index = read_index(self._directory)
            if index is None:  # pragma: no cover - removed between stat and read
                raise KeyFileError(
                    f"{self._index_path} is verdwenen.", f"{self._index_path} has disappeared."
                )
            self._remember(index, stamp)

    def _remember(self, index: KeyIndex, stamp: tuple[int, int, int]) -> None:
        """Keep ``index`` as read at ``stamp``, and when the active certificate needs renewal:
        a lifetime before it ends, unless it already lasts as long as the CA."""
        self._index, self._stamp = index, stamp
        self._renew_at = datetime.max.replace(tzinfo=UTC)
        if self._ca is None:
            return
        try:
            leaf = jose.certificate_from_der_b64(index.active.x5c[0])
        except (IndexError, StandardsError):
            self._renew_at = datetime.min.replace(tzinfo=UTC)  # no usable certificate: now
            return
        if leaf.not_valid_after_utc < self._ca.certificate.not_valid_after_utc:
            self._renew_at = leaf.not_valid_after_utc - self._max_lifetime

    def _new_key(self, now: datetime) -> KeyRecord:
        key = jose.PrivateKey.generate()
        write_file_atomically(
            key_path(self._directory, key.kid), jose.json_dumps(key.to_private_jwk())
        )
        self._signing[key.kid] = key
        return KeyRecord(
            kid=key.kid,
            created_at=now,
            jwk=key.public.to_jwk(),
            x5c=self._certify(key.public, now),
        )

    def _certify(self, public: jose.PublicKey, now: datetime) -> tuple[str, ...]:
        if self._ca is None:
            return ()
        certificate = self._ca.issue_signing_certificate(
            public.key,
            subject_cn=self._subject_cn,
            san_uris=[self._issuer_id],
            san_dns=[] if _is_ip(self._host) else [self._host],
            # twice the credential lifetime: the key can sign for a lifetime before renewal
            days=2 * self._max_lifetime.days,
            now=now,
        )
        return tuple(x5c([certificate]))

    def _certificate_due(self, record: KeyRecord, now: datetime) -> bool:
        """True when the record has no valid chain to the CA naming this issuer, or the chain
        ends before a credential signed now would (unless the CA itself ends sooner)."""
        assert self._ca is not None  # noqa: S101 - callers check
        try:
            leaf, key = jose.verify_x5c_chain(list(record.x5c), [self._ca.certificate], now=now)
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except (StandardsError, x509.ExtensionNotFound):
            return True
        needed = min(now + self._max_lifetime, self._ca.certificate.not_valid_after_utc)
        return (
            key.thumbprint() != record.kid
            or self._issuer_id not in san.get_values_for_type(x509.UniformResourceIdentifier)
            or leaf.not_valid_after_utc < needed
        )

    def _with_current_certificate(self, index: KeyIndex, now: datetime) -> KeyIndex:
        """This issuer's name on the index, and a current certificate on the active key."""
        active = index.active
        if self._ca is not None and self._certificate_due(active, now):
            public = jose.PublicKey.from_jwk(active.jwk)
            renewed = active.model_copy(update={"x5c": self._certify(public, now)})
            keys = tuple(renewed if r.kid == active.kid else r for r in index.keys)
            index = index.model_copy(update={"keys": keys})
        if (index.issuer_id, index.subject_cn) != (self._issuer_id, self._subject_cn):
            index = index.model_copy(
                update={"issuer_id": self._issuer_id, "subject_cn": self._subject_cn}
            )
        return index
