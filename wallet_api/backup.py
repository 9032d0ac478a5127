"""Encrypted backups: opaque ciphertext, size-limited, versioned with optimistic concurrency.

The wallet derives two values from the resident's recovery phrase: the key that encrypts the
backup (it never leaves the phone) and a *backup key* it sends as the ``Backup-Key`` header.
The provider stores only the SHA-256 of the backup key (the lookup) and the ciphertext, so a
restore on a new phone, with a new wallet instance, finds the backup from the phrase alone,
and neither the provider nor a copy of its database can read it.

Writing needs an active wallet instance (its proof) and a precondition (RFC 9110 §13.1):
``If-None-Match: *`` for the first version, ``If-Match: "<version>"`` for every next one; a
write against another version is refused with 412 and the current ``ETag``, a write without a
precondition with 428 (RFC 6585 §3). The newest ``WALLET_BACKUP_VERSIONS_KEPT`` versions are
kept; older ones are removed. One backup per wallet instance: the instance that writes a backup
becomes its owner (a restored wallet takes over the backup it was restored from).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from wallet_api.db.models import WalletInstance
from wallet_api.db.provider import Backup, BackupVersion
from wallet_api.errors import WalletError

__all__ = ["Precondition", "StoredBackup", "lookup_of", "read_backup", "write_backup"]

_ETAG = re.compile(r'(?:W/)?"(\d{1,9})"')
MIN_KEY_LENGTH: Final = 32


@dataclass(frozen=True, slots=True)
class Precondition:
    """``If-Match`` (the version the wallet read) or ``If-None-Match: *`` (a first backup)."""

    if_match: str | None
    if_none_match: str | None


@dataclass(frozen=True, slots=True)
class StoredBackup:
    version: int
    ciphertext: bytes
    created_at: datetime

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def lookup_of(backup_key: str) -> str:
    """The stored lookup for a backup key (at least 32 characters: 192 bits or more)."""
    if len(backup_key) < MIN_KEY_LENGTH or len(backup_key) > 512:  # noqa: PLR2004
        raise WalletError(
            "invalid_request",
            400,
            title_en="The backup key must be 32 to 512 characters.",
            title_nl="De back-upsleutel moet 32 tot 512 tekens lang zijn.",
        )
    return hashlib.sha256(backup_key.encode("utf-8")).hexdigest()


def _failed(current: int | None) -> WalletError:
    return WalletError(
        "version_conflict",
        412,
        title_en="The backup changed meanwhile; read the newest version first.",
        title_nl="De back-up is intussen veranderd. Haal eerst de nieuwste versie op.",
        detail_en=f"the current version is {current}" if current else "there is no backup yet",
    )


def _expected(precondition: Precondition) -> int | None:
    """The version the write expects: ``None`` for "no backup yet" (``If-None-Match: *``)."""
    if precondition.if_match is None and precondition.if_none_match is None:
        raise WalletError(
            "precondition_required",
            428,
            title_en='Say which version you replace: If-Match: "<version>" (or If-None-Match: *).',
            title_nl=(
                'Geef aan welke versie u vervangt: If-Match: "<versie>" (of If-None-Match: *).'
            ),
        )
    if precondition.if_match is None:
        if precondition.if_none_match != "*":
            raise _failed(None)
        return None
    match = _ETAG.fullmatch(precondition.if_match.strip())
    if match is None:
        raise WalletError(
            "invalid_request",
            400,
            title_en='If-Match must be a version as "<number>".',
            title_nl='If-Match moet een versie zijn als "<nummer>".',
        )
    return int(match.group(1))


async def _drop_other_backup(session: AsyncSession, instance: WalletInstance, lookup: str) -> None:
    """One backup per instance: a backup under a new recovery phrase replaces the old one."""
    other = await session.scalar(
        select(Backup.lookup).where(Backup.instance_id == instance.id, Backup.lookup != lookup)
    )
    if other is not None:
        await session.execute(delete(BackupVersion).where(BackupVersion.lookup == other))
        await session.execute(delete(Backup).where(Backup.lookup == other))


async def write_backup(
    session: AsyncSession,
    instance: WalletInstance,
    *,
    backup_key: str,
    ciphertext: bytes,
    precondition: Precondition,
    keep: int,
    now: datetime,
) -> int:
    """Store ``ciphertext`` as the next version; returns the new version number."""
    lookup = lookup_of(backup_key)
    expected = _expected(precondition)
    current = await session.scalar(select(Backup.version).where(Backup.lookup == lookup))
    await _drop_other_backup(session, instance, lookup)
    if expected is None:
        if current is not None:
            raise _failed(current)
        version = 1
        session.add(Backup(lookup=lookup, instance_id=instance.id, version=1, updated_at=now))
    else:
        changed = await session.execute(
            update(Backup)
            .where(Backup.lookup == lookup, Backup.version == expected)
            .values(version=expected + 1, instance_id=instance.id, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 0) != 1:  # another write came first
            raise _failed(current)
        version = expected + 1
    session.add(
        BackupVersion(
            lookup=lookup,
            version=version,
            ciphertext=ciphertext,
            size=len(ciphertext),
            created_at=now,
        )
    )
    try:
        await session.flush()
    except IntegrityError as exc:  # two first writes at once, or the instance owns another
        raise _failed(current) from exc
    await session.execute(
        delete(BackupVersion).where(
            BackupVersion.lookup == lookup, BackupVersion.version <= version - keep
        )
    )
    return version


async def read_backup(
    session: AsyncSession, *, backup_key: str, version: int | None
) -> StoredBackup:
    """The newest version of the backup (or ``version``, while it is kept)."""
    lookup = lookup_of(backup_key)
    query = select(BackupVersion).where(BackupVersion.lookup == lookup)
    if version is not None:
        query = query.where(BackupVersion.version == version)
    row = await session.scalar(query.order_by(BackupVersion.version.desc()).limit(1))
    if row is None:
        raise WalletError(
            "not_found",
            404,
            title_en="There is no backup for this recovery phrase (or not this version).",
            title_nl="Er is geen back-up bij deze herstelzin (of niet deze versie).",
        )
    return StoredBackup(row.version, row.ciphertext, row.created_at)
