"""The issuer's status lists (Token Status List): random indices, revocation, signed tokens.

Each issued credential copy gets an index drawn at random from an open list (§12.3: random
indices keep verifiers from learning issuance order); a unique constraint on (list, index)
makes concurrent workers safe. The list's bits are not stored separately: a token is built
from the credentials whose status is not ``valid``, so the register is the only truth, and
``version`` (raised on every change) keys the cache and the ETag.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from issuer.credential_status import CredentialStatus
from issuer.db.tables import IssuedCredential, StatusListRecord
from standards.jose import PrivateKey
from standards.status_list import Status, StatusList, create_status_list_token

__all__ = ["CHECK_FIRST_ABOVE", "STATUS_BITS", "STATUS_OF", "SignedStatusList", "StatusLists"]

STATUS_BITS = 2
"""Two bits: VALID, INVALID (revoked) and SUSPENDED (Token Status List §7.1)."""

STATUS_OF = {
    CredentialStatus.VALID: Status.VALID,
    CredentialStatus.REVOKED: Status.INVALID,
    CredentialStatus.SUSPENDED: Status.SUSPENDED,
}
"""How the register's statuses are written in the list (Token Status List §7.1)."""

FILL_LIMIT = 0.5
"""A list takes new indices until half full, so a random index stays hard to guess."""

RECHECK_SECONDS = 10
"""How often a worker looks again at which list is open and how full it is."""

CHECK_FIRST_ABOVE = 0.01
"""The chance, above which a batch's random indices are first looked up in the register, that
one of them is taken already. Below it (a list that is still nearly empty) the unique index
alone catches the rare collision, and the batch is drawn and signed again: cheaper, on
average, than a query on every issuance."""


@dataclass(frozen=True, slots=True)
class SignedStatusList:
    """A Status List Token (§5.1) as served, with its cache validators."""

    token: str
    etag: str
    version: int
    issued_at: int
    kid: str | None = None
    """The signing key's id: a rotated key signs the list again."""


class StatusLists:
    """Allocation and publication of the issuer's status lists."""

    def __init__(
        self,
        *,
        size: int,
        ttl: int,
        uri_for: Callable[[str], str],
        randbelow: Callable[[int], int] = secrets.randbelow,
    ) -> None:
        self.size = size
        self.ttl = ttl
        self.uri_for = uri_for
        self.randbelow = randbelow
        self._cache: dict[str, SignedStatusList] = {}
        self._open: tuple[StatusListRecord, datetime] | None = None

    async def open_list(self, now: datetime) -> StatusListRecord:
        """The list new credentials go into; a fresh one when the last is filled enough.

        Looked up at most every :data:`RECHECK_SECONDS` per worker, not per credential: how
        full a list is only decides when to open the next one, so it may lag a little, and
        the hot row is not written by every issuance (which serialised concurrent writers).
        """
        cached = self._open
        if cached is not None and (now - cached[1]).total_seconds() < RECHECK_SECONDS:
            return cached[0]
        current = (
            await StatusListRecord.objects().order_by(StatusListRecord.id, ascending=False).first()
        )
        if current is not None:
            used = await IssuedCredential.count().where(IssuedCredential.status_list == current.id)
            await StatusListRecord.update({StatusListRecord.allocated: used}).where(
                StatusListRecord.id == current.id
            )
            current.allocated = used
            if used >= int(self.size * FILL_LIMIT):
                current = None
        if current is None:
            current = StatusListRecord(
                list_id=secrets.token_hex(8), bits=STATUS_BITS, size=self.size, updated_at=now
            )
            await current.save()
        self._open = (current, now)
        return current

    def draw_index(self, status_list: StatusListRecord) -> int:
        """A random index; the caller inserts it and draws again if it was taken."""
        return self.randbelow(int(status_list.size))

    def check_first(self, status_list: StatusListRecord, count: int) -> bool:
        """Whether ``count`` random indices are likely enough to hit a taken one that they
        should be looked up before signing (:data:`CHECK_FIRST_ABOVE`). The list's fill is
        the one counted at the last :meth:`open_list` (at most :data:`RECHECK_SECONDS` old)."""
        return count * int(status_list.allocated) > CHECK_FIRST_ABOVE * int(status_list.size)

    async def signed(
        self, list_id: str, key: PrivateKey, now: datetime, x5c: Sequence[str] = ()
    ) -> SignedStatusList | None:
        """The current Status List Token of ``list_id``, rebuilt only when its version moved
        (or the signing key did). ``x5c``, the key's chain from the demo CA, goes in its
        header, so verifiers that pin the CA check it without fetching the issuer's metadata."""
        record = await StatusListRecord.objects().where(StatusListRecord.list_id == list_id).first()
        if record is None:
            return None
        issued_at = int(now.timestamp())
        cached = self._cache.get(list_id)
        if (
            cached is not None
            and cached.version == record.version
            and cached.kid == key.kid
            and issued_at - cached.issued_at < self.ttl // 2
        ):
            return cached
        statuses = StatusList(int(record.size), bits=int(record.bits))
        rows = (
            await IssuedCredential.select(IssuedCredential.status_index, IssuedCredential.status)
            .where(
                (IssuedCredential.status_list == record.id)
                & (IssuedCredential.status != CredentialStatus.VALID.value)
            )
            .run()
        )
        for row in rows:
            statuses.set(int(row["status_index"]), STATUS_OF[CredentialStatus(row["status"])])
        token = create_status_list_token(
            statuses,
            key,
            uri=self.uri_for(list_id),
            now=issued_at,
            exp=issued_at + 2 * self.ttl,
            ttl=self.ttl,
            x5c=x5c,
        )
        etag = '"' + hashlib.sha256(token.encode("ascii")).hexdigest()[:32] + '"'
        signed = SignedStatusList(
            token=token,
            etag=etag,
            version=int(record.version),
            issued_at=issued_at,
            kid=key.kid,
        )
        self._cache[list_id] = signed
        return signed
