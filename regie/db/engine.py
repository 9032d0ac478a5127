"""Database engines for the services: SQLite (embedded default, WAL) or PostgreSQL.

Piccolo binds each table to an engine; each service binds its own tables to its own engine at
start-up, so that several services (each with its own database) can share one process in tests.
Piccolo's migration runner finds its engine through ``PICCOLO_CONF``; :func:`piccolo_conf`
points it at ours for the duration of a migration.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiosqlite
import asyncpg
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

__all__ = [
    "PooledSQLiteEngine",
    "Sql",
    "Statement",
    "Step",
    "StepRefused",
    "atomic",
    "bind",
    "close_pool",
    "engine_from_url",
    "fetch",
    "is_unique_violation",
    "open_pool",
    "piccolo_conf",
    "write_transaction",
]


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


async def open_pool(engine: Engine, size: int) -> None:  # type: ignore[type-arg]
    """A service's lifespan, after migrating: one pool per worker (PostgreSQL connections, or
    SQLite reader threads and one writer); without one every query opens a connection."""
    if isinstance(engine, PostgresEngine):
        # asyncpg opens 10 at once by default, and refuses a max_size below its min_size
        await engine.start_connection_pool(
            min_size=min(size, 10), max_size=size, reset=_keep_session
        )
    elif isinstance(engine, PooledSQLiteEngine):
        engine.open_pool(size)


async def _keep_session(_connection: asyncpg.Connection) -> None:
    """A pooled connection goes back as it is. asyncpg's default reset sends ``RESET ALL``,
    ``UNLISTEN *``, ``CLOSE ALL`` and ``pg_advisory_unlock_all()``: a round trip after every
    query, for session state the services never set (their advisory locks are taken while
    migrating, on connections of their own). An open transaction is still rolled back (asyncpg
    does that before calling this)."""


async def close_pool(engine: Engine) -> None:  # type: ignore[type-arg]
    """A service's lifespan, at shutdown: close what :func:`open_pool` opened."""
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
    elif isinstance(engine, PooledSQLiteEngine):
        await engine.close_pool()


def is_unique_violation(exc: BaseException) -> bool:
    """SQLite's and PostgreSQL's way of saying a unique index refused a row."""
    if isinstance(exc, sqlite3.IntegrityError):
        return "UNIQUE" in str(exc)
    return isinstance(exc, asyncpg.UniqueViolationError)


def bind(engine: Engine, tables: tuple[type[Table], ...]) -> None:  # type: ignore[type-arg]
    """Point each table at ``engine``."""
    for table in tables:
        table._meta.db = engine


@contextmanager
def piccolo_conf(module: str, engine: Engine, app_name: str) -> Iterator[None]:  # type: ignore[type-arg]
    """Let Piccolo's migration machinery find ``engine`` through ``module.DB`` while the
    migrations of the Piccolo app ``app_name`` run."""
    import importlib  # noqa: PLC0415 - the conf module is only needed while migrating

    conf = importlib.import_module(module)
    previous_env = os.environ.get("PICCOLO_CONF")
    previous_db = getattr(conf, "DB", None)
    os.environ["PICCOLO_CONF"] = module
    conf.DB = engine  # type: ignore[attr-defined]
    Migration._meta.db = engine
    # A migration's own tables (``RawTable`` for raw SQL) keep the engine they first found;
    # a second migration in this process (another database) must not run them on the first.
    # Piccolo imports migration files by file name (``issuer_2026_...``), a test by its
    # package path (``issuer.db.migrations.issuer_2026_...``): the last part names the app.
    for table in _subclasses(Table):
        if table.__module__.rpartition(".")[2].startswith(f"{app_name}_"):
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


class Sql:
    """One SQL statement, written once with SQLite's ``?`` placeholders; PostgreSQL (asyncpg)
    gets them numbered ``$1, $2, ...``, or its own text where the dialects differ.

    For the few hot statements a service runs on every request, where building the query with
    Piccolo costs more than running it. Values go in as parameters, never into the text, and
    are stored as Piccolo stores them (its SQLite adapters are registered for every
    ``sqlite3`` connection; JSON columns take the text of :func:`piccolo.utils.encoding.dump_json`),
    so Piccolo reads the rows back as its own.
    """

    __slots__ = ("postgres", "sqlite")

    def __init__(self, sqlite: str, *, postgres: str | None = None) -> None:
        self.sqlite = sqlite
        self.postgres = postgres if postgres is not None else _numbered(sqlite)

    def text(self, engine: Engine) -> str:  # type: ignore[type-arg]
        """The text for ``engine``'s dialect."""
        return self.postgres if isinstance(engine, PostgresEngine) else self.sqlite


def _numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, ...`` (the text holds no other ``?``)."""
    parts = sql.split("?")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]


@dataclass(frozen=True, slots=True)
class Statement:
    """:class:`Sql` with its parameters; ``many``: ``args`` is a sequence of parameter rows,
    run with ``executemany`` (no rows come back)."""

    sql: Sql
    args: Sequence[Any] = ()
    many: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One statement of :func:`atomic`: a Piccolo query string or a :class:`Statement`, and
    whether it must return a row (an ``UPDATE ... RETURNING`` that finds nothing refuses the
    whole transaction)."""

    query: QueryString | Statement
    required: bool = False

    def __post_init__(self) -> None:
        if self.required and isinstance(self.query, Statement) and self.query.many:
            raise ValueError("an executemany step returns no rows, so it cannot be required")


class StepRefused(Exception):
    """A required step found no row; the transaction was rolled back."""

    def __init__(self, index: int) -> None:
        super().__init__(f"step {index} found no row")
        self.index = index


_Compiled = tuple[str, Sequence[Any], bool]
"""A step as its engine runs it: SQL text, parameters (rows of them for executemany), many."""


def _compile(step: Step, engine: Engine) -> _Compiled:  # type: ignore[type-arg]
    query = step.query
    if isinstance(query, Statement):
        return query.sql.text(engine), query.args, query.many
    sql, args = query.compile_string(engine_type=engine.engine_type)
    return sql, args, False


async def atomic(table: type[Table], steps: Sequence[Step]) -> list[list[dict[str, Any]]]:
    """Run ``steps`` in one write transaction on ``table``'s engine: all of them or none.

    Returns each step's rows. Raises :class:`StepRefused` (and writes nothing) when a required
    step found no row, and the database's own error (say, a unique violation) as it is. On the
    pooled SQLite engine the whole transaction is one call into its writer thread, so SQLite's
    write lock is held for the statements alone, not for trips through the event loop; on
    PostgreSQL it runs on one connection of the pool with asyncpg, statement after statement.
    """
    engine = table._meta.db
    if isinstance(engine, PooledSQLiteEngine):
        return await engine.run_atomic(steps)
    if isinstance(engine, PostgresEngine):
        return await _atomic_postgres(engine, steps)
    if isinstance(engine, SQLiteEngine):
        return await _atomic_in_transaction(engine, steps)
    raise TypeError(f"no atomic transactions on {type(engine).__name__}")


async def fetch(table: type[Table], statement: Statement) -> list[dict[str, Any]]:
    """The rows of one reading :class:`Statement` on ``table``'s engine (outside a
    transaction): the pooled SQLite engine's connection on the event loop's thread (point
    lookups, see :meth:`PooledSQLiteEngine.fetch`), or a pooled asyncpg connection."""
    engine = table._meta.db
    sql, args = statement.sql.text(engine), list(statement.args)
    if isinstance(engine, PooledSQLiteEngine):
        return await engine.fetch(sql, args)
    if isinstance(engine, PostgresEngine):
        if engine.pool is not None:
            return [dict(row) for row in await engine.pool.fetch(sql, *args)]
        return [dict(row) for row in await engine._run_in_new_connection(sql, args)]
    if isinstance(engine, SQLiteEngine):
        rows: list[dict[str, Any]] = await engine._run_in_new_connection(sql, args)
        return rows
    raise TypeError(f"no raw statements on {type(engine).__name__}")


@contextlib.asynccontextmanager
async def _postgres_connection(engine: PostgresEngine) -> AsyncIterator[asyncpg.Connection]:
    if engine.pool is not None:
        async with engine.pool.acquire() as connection:
            yield connection
        return
    connection = await engine.get_new_connection()
    try:
        yield connection
    finally:
        await connection.close()


async def _atomic_postgres(
    engine: PostgresEngine, steps: Sequence[Step]
) -> list[list[dict[str, Any]]]:
    """:func:`atomic` on one asyncpg connection (prepared statements cached per connection).

    One statement is a transaction of its own (PostgreSQL's autocommit): it is sent alone,
    without ``BEGIN`` and ``COMMIT`` round trips; one that finds no row has written nothing."""
    compiled = [_compile(step, engine) for step in steps]
    if len(compiled) == 1 and not compiled[0][2]:
        sql, args, _ = compiled[0]
        async with _postgres_connection(engine) as connection:
            rows = [dict(row) for row in await connection.fetch(sql, *args)]
        if steps[0].required and not rows:
            raise StepRefused(0)
        return [rows]
    results: list[list[dict[str, Any]]] = []
    async with _postgres_connection(engine) as connection, connection.transaction():
        for index, (sql, args, many) in enumerate(compiled):
            if many:
                await connection.executemany(sql, args)
                results.append([])
                continue
            rows = [dict(row) for row in await connection.fetch(sql, *args)]
            if steps[index].required and not rows:
                raise StepRefused(index)
            results.append(rows)
    return results


async def _atomic_in_transaction(
    engine: SQLiteEngine, steps: Sequence[Step]
) -> list[list[dict[str, Any]]]:
    """:func:`atomic` through Piccolo's own SQLite transaction (outside the app)."""
    results: list[list[dict[str, Any]]] = []
    transaction = engine.transaction(transaction_type=TransactionType.immediate)
    async with transaction:
        connection: aiosqlite.Connection = transaction.connection
        for index, step in enumerate(steps):
            sql, args, many = _compile(step, engine)
            if many:
                await connection.executemany(sql, args)
                results.append([])
                continue
            async with connection.execute(sql, args) as cursor:
                rows = [dict(row) for row in await cursor.fetchall()]
            if step.required and not rows:
                raise StepRefused(index)
            results.append(rows)
    return results


def _required(steps: Sequence[Step]) -> frozenset[int]:
    return frozenset(i for i, step in enumerate(steps) if step.required)


GROUP_LIMIT = 64
"""At most this many write transactions share one commit (see ``PooledSQLiteEngine._submit``)."""


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, with threads that keep their connections while the app runs.

    Piccolo's ``SQLiteEngine`` opens a new aiosqlite connection (and with it a new thread)
    for every query, and each query then hops between the event loop and that thread several
    times (execute, fetch, close, commit). Under load every hop waits behind other requests'
    work on the loop, and a writer holding SQLite's lock holds it for all its hops. So while
    the app runs (between :meth:`open_pool` and :meth:`close_pool`, called by its lifespan) a
    query outside a transaction is one call into a thread that keeps its own connection:
    Piccolo's reads go to a pool of reader threads, writes to the one writer thread, and
    :meth:`atomic` runs a whole write transaction as one call there; the services' own raw
    point lookups (:func:`fetch`) run on the event loop's thread, which is cheaper than the
    trip to a thread and back. Outside the app (CLI
    commands, migrations) Piccolo's own behaviour is kept, so no thread outlives its work.

    SQLite has one writer. Two writers of one worker that collide do not queue: the loser
    sleeps in SQLite's busy handler (1, 2, 5, 10 ... 100 ms) and tries again, which under
    load wastes far more time than the writes take. So a worker's writes take turns on an
    asyncio lock (the writer thread's, and Piccolo's ``BEGIN IMMEDIATE`` transactions on
    aiosqlite connections); reads never wait (WAL). Workers still meet in the busy handler.
    Writes that queue up behind one another share one commit (group commit, see
    :meth:`_submit`), so a busy worker syncs the WAL once per group, not once per write.
    """

    _WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    """Statements that write (Piccolo marks only INSERTs in ``query_type``, so read the SQL)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queued: list[
            tuple[list[_Compiled], frozenset[int], asyncio.Future[list[list[dict[str, Any]]]]]
        ] = []
        self._committer: asyncio.Future[None] | None = None
        self._idle: list[aiosqlite.Connection] = []
        self._pool_size = 0
        self._writer: asyncio.Lock | None = None
        self._readers: ThreadPoolExecutor | None = None
        self._write_thread: ThreadPoolExecutor | None = None
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()

    def open_pool(self, size: int) -> None:
        """Start pooling; call from the event loop that serves the app."""
        self._pool_size = size
        self._writer = asyncio.Lock()
        self._readers = ThreadPoolExecutor(size, thread_name_prefix="sqlite-reader")
        self._write_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer")

    def writer(self) -> asyncio.Lock | contextlib.nullcontext[None]:
        return self._writer if self._writer is not None else contextlib.nullcontext()

    async def close_pool(self) -> None:
        if self._committer is not None:
            await self._committer  # what was queued is committed (or failed) first
            self._committer = None
        self._pool_size = 0
        self._writer = None
        for executor in (self._readers, self._write_thread):
            if executor is not None:
                await asyncio.to_thread(executor.shutdown)
        self._readers = self._write_thread = None
        with self._connections_lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()
        while self._idle:
            await self._idle.pop().close()

    async def acquire(self) -> aiosqlite.Connection:
        """An idle aiosqlite connection (for a Piccolo transaction), or a new one."""
        return self._idle.pop() if self._idle else await self.get_connection()

    async def release(self, connection: aiosqlite.Connection) -> None:
        """Keep ``connection`` for the next transaction while the pool is open."""
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
        readers, write_thread = self._readers, self._write_thread
        if readers is None or write_thread is None:
            return await super()._run_in_new_connection(query, args, query_type, table)
        loop = asyncio.get_running_loop()
        statement: _Compiled = (query, list(args or []), False)
        if not query.lstrip()[:7].upper().startswith(self._WRITES):
            return await loop.run_in_executor(readers, self._read, query, list(args or []))
        results = await self._submit([statement], frozenset())
        return results[0]

    async def fetch(self, query: str, args: list[Any]) -> list[dict[str, Any]]:
        """The rows of one read while the pool is open (see :func:`fetch`), on the event loop's
        own thread and connection: the services' raw reads are lookups by a unique index (tens
        of microseconds), and in WAL mode a reader never waits for the writer, so the trip to a
        reader thread and back would cost more than the read."""
        if self._readers is None:
            rows: list[dict[str, Any]] = await super()._run_in_new_connection(query, args)
            return rows
        return self._read(query, args)

    async def run_atomic(self, steps: Sequence[Step]) -> list[list[dict[str, Any]]]:
        """Run ``steps`` in one ``BEGIN IMMEDIATE`` transaction; see :func:`atomic`."""
        statements = [_compile(step, self) for step in steps]
        write_thread = self._write_thread
        if write_thread is None:  # outside the app: one connection of Piccolo's kind
            return await _atomic_in_transaction(self, steps)
        return await self._submit(statements, _required(steps))

    async def _submit(
        self, statements: list[_Compiled], required: frozenset[int]
    ) -> list[list[dict[str, Any]]]:
        """Queue one write transaction for the writer thread and wait until it is committed.

        Group commit: the writer takes every transaction queued meanwhile (up to
        :data:`GROUP_LIMIT`) into one ``BEGIN IMMEDIATE`` ... ``COMMIT``, each inside its own
        ``SAVEPOINT``, so one sync of the WAL serves them all. Each stays all or nothing on
        its own (a refused step or a failed statement rolls back to its savepoint and raises
        to its caller alone), and none is answered before the group's ``COMMIT``; a failed
        ``COMMIT`` fails them all, having written nothing.
        """
        future: asyncio.Future[list[list[dict[str, Any]]]] = (
            asyncio.get_running_loop().create_future()
        )
        self._queued.append((statements, required, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.ensure_future(self._commit_queued())
        return await future

    async def _commit_queued(self) -> None:
        """The writer's loop: commit what is queued, group after group, until none is left."""
        loop = asyncio.get_running_loop()
        while self._queued:
            group, self._queued = self._queued[:GROUP_LIMIT], self._queued[GROUP_LIMIT:]
            jobs = [(statements, required) for statements, required, _ in group]
            try:
                async with self.writer():
                    outcomes = await loop.run_in_executor(
                        self._write_thread, self._write_group, jobs
                    )
            except Exception as exc:  # noqa: BLE001 - handed to every waiting caller
                outcomes = [exc] * len(group)
            for (_, _, future), outcome in zip(group, outcomes, strict=True):
                if future.done():  # the caller was cancelled
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

    # --- in the reader and writer threads ---------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            kwargs = {**self.connection_kwargs, "check_same_thread": False}
            connection = sqlite3.connect(**kwargs)
            connection.row_factory = dict_factory
            connection.execute("PRAGMA foreign_keys = 1")
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    def _read(self, query: str, args: list[Any]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._connection().execute(query, args).fetchall()
        return rows

    def _write_group(
        self, jobs: list[tuple[list[_Compiled], frozenset[int]]]
    ) -> list[list[list[dict[str, Any]]] | Exception]:
        """Run each job's statements in one immediate transaction, each job all or nothing in
        its own savepoint; return each job's rows or its exception (see :meth:`_submit`)."""
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        outcomes: list[list[list[dict[str, Any]]] | Exception] = []
        try:
            if len(jobs) == 1:  # the transaction itself is the savepoint
                outcomes.append(_run_statements(connection, *jobs[0]))
            else:
                outcomes = [_run_in_savepoint(connection, *job) for job in jobs]
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return outcomes


def _run_in_savepoint(
    connection: sqlite3.Connection, statements: list[_Compiled], required: frozenset[int]
) -> list[list[dict[str, Any]]] | Exception:
    """One job of a group commit: its rows, or the exception that rolled back its savepoint.
    An error the savepoint cannot undo (the rollback itself fails) propagates, failing the
    whole group."""
    connection.execute("SAVEPOINT regie_job")
    try:
        results = _run_statements(connection, statements, required)
    except (StepRefused, sqlite3.Error) as exc:
        connection.execute("ROLLBACK TO regie_job")
        connection.execute("RELEASE regie_job")
        return exc
    connection.execute("RELEASE regie_job")
    return results


def _run_statements(
    connection: sqlite3.Connection,
    statements: list[_Compiled],
    required: frozenset[int],
) -> list[list[dict[str, Any]]]:
    results: list[list[dict[str, Any]]] = []
    for index, (query, args, many) in enumerate(statements):
        if many:
            connection.executemany(query, args)
            results.append([])
            continue
        # Fetch before COMMIT: an UPDATE ... RETURNING is "in progress" until its rows are read.
        rows = connection.execute(query, args).fetchall()
        if index in required and not rows:
            raise StepRefused(index)
        results.append(rows)
    return results


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
