"""Database engines for the issuer: SQLite (embedded default, WAL) or PostgreSQL.

Piccolo binds each table to an engine; the issuer binds its own tables to its own engine at
start-up, so that several services (each with its own database) can share one process in tests.
Piccolo's migration runner finds its engine through ``PICCOLO_CONF``; :func:`piccolo_conf`
points it at ours for the duration of a migration.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiosqlite
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType
from piccolo.table import Table

__all__ = ["PooledSQLiteEngine", "bind", "engine_from_url", "piccolo_conf", "write_transaction"]


def engine_from_url(url: str) -> Engine:  # type: ignore[type-arg]
    """``sqlite:///path`` or ``postgresql://user:password@host:port/database``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A generous busy timeout: several workers write the same file; WAL (set at migration)
        # lets readers go on while one of them writes.
        return PooledSQLiteEngine(path=str(path), timeout=30)
    if parts.scheme in {"postgres", "postgresql"}:
        return PostgresEngine(
            config={
                "host": parts.hostname or "127.0.0.1",
                "port": parts.port or 5432,
                "user": parts.username or "postgres",
                "password": parts.password or "",
                "database": parts.path.lstrip("/") or "postgres",
            }
        )
    raise ValueError(f"unsupported database URL scheme {parts.scheme!r}")


def bind(engine: Engine, tables: tuple[type[Table], ...]) -> None:  # type: ignore[type-arg]
    """Point each table at ``engine``."""
    for table in tables:
        table._meta.db = engine


@contextmanager
def piccolo_conf(module: str, engine: Engine) -> Iterator[None]:  # type: ignore[type-arg]
    """Let Piccolo's migration machinery find ``engine`` through ``module.DB``."""
    import importlib  # noqa: PLC0415 - the conf module is only needed while migrating

    conf = importlib.import_module(module)
    previous_env = os.environ.get("PICCOLO_CONF")
    previous_db = getattr(conf, "DB", None)
    os.environ["PICCOLO_CONF"] = module
    conf.DB = engine  # type: ignore[attr-defined]
    Migration._meta.db = engine
    # A migration's own tables (``RawTable`` for raw SQL) keep the engine they first found;
    # a second migration in this process (another database) must not run them on the first.
    # Piccolo imports migration files by file name: ``issuer_2026_...``.
    for table in _subclasses(Table):
        if table.__module__.startswith("issuer_"):
            table._meta.db = engine
    try:
        yield
    finally:
        conf.DB = previous_db  # type: ignore[attr-defined]
        if previous_env is None:
            os.environ.pop("PICCOLO_CONF", None)
        else:
            os.environ["PICCOLO_CONF"] = previous_env


def _subclasses(cls: type[Table]) -> list[type[Table]]:
    found: list[type[Table]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def write_transaction(table: type[Table]) -> Any:
    """A transaction that takes the write lock at once (SQLite ``BEGIN IMMEDIATE``).

    A deferred SQLite transaction that reads first and writes later can fail with "database
    is locked" when another worker wrote in between; taking the lock up front makes it wait
    instead (up to the busy timeout). PostgreSQL's default transaction is fine as it is.
    """
    engine = table._meta.db
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, keeping connections for queries outside transactions.

    Piccolo's ``SQLiteEngine`` opens a new aiosqlite connection (and with it a new thread)
    for every query; under load that, not the database, limits the issuer. While the app
    runs (between :meth:`open_pool` and :meth:`close_pool`, called by its lifespan) idle
    connections are kept and reused; each is used by one query at a time, so every query
    still runs in autocommit as before; write transactions borrow one too. Outside the app
    (CLI commands, migrations) nothing is kept, so no connection thread outlives its work.

    SQLite has one writer. Two writers of one worker that collide do not queue: the loser
    sleeps in SQLite's busy handler (1, 2, 5, 10 ... 100 ms) and tries again, which under
    load wastes far more time than the writes take. So while the pool is open, a worker's
    writes (autocommit INSERT/UPDATE/DELETE, and ``BEGIN IMMEDIATE`` transactions) take
    turns on an asyncio lock; reads never wait (WAL). Workers still meet in the busy handler.
    """

    _WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    """Statements that write (Piccolo marks only INSERTs in ``query_type``, so read the SQL)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[aiosqlite.Connection] = []
        self._pool_size = 0
        self._writer: asyncio.Lock | None = None

    def open_pool(self, size: int) -> None:
        """Start pooling; call from the event loop that serves the app."""
        self._pool_size = size
        self._writer = asyncio.Lock()

    def writer(self) -> asyncio.Lock | contextlib.nullcontext[None]:
        return self._writer if self._writer is not None else contextlib.nullcontext()

    async def close_pool(self) -> None:
        self._pool_size = 0
        self._writer = None
        while self._idle:
            await self._idle.pop().close()

    async def acquire(self) -> aiosqlite.Connection:
        """An idle connection, or a new one."""
        return self._idle.pop() if self._idle else await self.get_connection()

    async def release(self, connection: aiosqlite.Connection) -> None:
        """Keep ``connection`` for the next query while the pool is open; close it otherwise."""
        if len(self._idle) < self._pool_size:
            self._idle.append(connection)
        else:
            await connection.close()

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,  # noqa: FBT001, FBT002 - Piccolo's signature
    ) -> SQLiteTransaction:
        if not self._pool_size:
            return super().transaction(transaction_type, allow_nested)
        return _PooledTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: type[Table] | None = None,
    ) -> Any:
        if not self._pool_size:
            return await super()._run_in_new_connection(query, args, query_type, table)
        writes = query.lstrip()[:7].upper().startswith(self._WRITES)
        async with self.writer() if writes else contextlib.nullcontext():
            connection = await self.acquire()
            try:
                async with connection.execute(query, args or []) as cursor:
                    # Fetch first: an UPDATE ... RETURNING is still "in progress" until its
                    # rows are read, and COMMIT would fail (or leave the write lock held).
                    rows = await cursor.fetchall()
                await connection.commit()
            except BaseException:
                await connection.close()  # never hand a connection in an unknown state back
                raise
            await self.release(connection)
        return rows


class _PooledTransaction(SQLiteTransaction):
    """Piccolo's SQLite transaction on a borrowed connection, given back instead of closed."""

    engine: PooledSQLiteEngine

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.acquire()

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is None and self.transaction_type != TransactionType.deferred:
            await self.engine.writer().__aenter__()  # released in __aexit__
            try:
                return await super().__aenter__()
            except BaseException:
                await self._release_writer()
                raise
        return await super().__aenter__()

    async def _release_writer(self) -> None:
        if self.transaction_type != TransactionType.deferred:
            await self.engine.writer().__aexit__(None, None, None)

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            return await self._finish(exception)
        finally:
            await self._release_writer()

    async def _finish(self, exception: Any) -> bool:
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()  # type: ignore[no-untyped-call]
            elif not self._committed and not self._rolled_back:
                await self.commit()  # type: ignore[no-untyped-call]
        except BaseException:
            await self.connection.close()
            self.engine.current_transaction.reset(self.context)
            raise
        await self.engine.release(self.connection)
        self.engine.current_transaction.reset(self.context)
        return exception is None
