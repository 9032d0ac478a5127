"""The services' database engines: :func:`atomic` is all or nothing on every engine it runs on.

Three ways a transaction runs: the pooled SQLite engine while the app runs (one call into its
writer thread), the same engine outside the app (Piccolo's own transaction), and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from piccolo.columns import Integer, Varchar
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from regie.db.engine import (
    PooledSQLiteEngine,
    Sql,
    Statement,
    Step,
    StepRefused,
    atomic,
    bind,
    close_pool,
    engine_from_url,
    fetch,
    open_pool,
)
from tests.issuer.postgres import create_database, drop_database


class Slot(Table, tablename="engine_test_slot"):
    """A row with a unique name and a counter, enough to see what a transaction left behind."""

    name = Varchar(length=32, unique=True)
    uses = Integer(default=0)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    url = create_database("engine", migrated=False)
    yield url
    drop_database(url)


@asynccontextmanager
async def _engine(kind: str, tmp_path: Path, postgres_url: str) -> AsyncIterator[Engine]:  # type: ignore[type-arg]
    url = postgres_url if kind == "postgres" else f"sqlite:///{tmp_path / 'engine.sqlite'}"
    engine = engine_from_url(url)
    bind(engine, (Slot,))
    await Slot.create_table(if_not_exists=True)
    await Slot.delete(force=True)
    await Slot.insert(Slot(name="a"), Slot(name="b"))
    pooled = kind != "sqlite"  # as the services' lifespans run them
    if pooled:
        await open_pool(engine, 4)
    try:
        yield engine
    finally:
        if pooled:
            await close_pool(engine)


KINDS = ["sqlite-pooled", "sqlite", "postgres"]


def _use(name: str) -> Step:
    query = Slot.update({Slot.uses: Slot.uses + 1}).where(Slot.name == name).returning(Slot.name)
    return Step(query.querystrings[0], required=True)


def _insert(name: str) -> Step:
    return Step(Slot.insert(Slot(name=name)).querystrings[0])


async def _state() -> dict[str, int]:
    rows = await Slot.select(Slot.name, Slot.uses).order_by(Slot.name)
    return {row["name"]: row["uses"] for row in rows}


@pytest.mark.parametrize("kind", KINDS)
def test_atomic_commits_every_step_and_returns_their_rows(
    kind: str, tmp_path: Path, postgres_url: str
) -> None:
    async def run() -> None:
        async with _engine(kind, tmp_path, postgres_url):
            results = await atomic(Slot, [_use("a"), _insert("c"), _use("b")])
            assert results[0] == [{"name": "a"}]
            assert results[2] == [{"name": "b"}]
            assert await _state() == {"a": 1, "b": 1, "c": 0}

    asyncio.run(run())


@pytest.mark.parametrize("kind", KINDS)
def test_atomic_required_step_without_row_refuses_and_writes_nothing(
    kind: str, tmp_path: Path, postgres_url: str
) -> None:
    async def run() -> None:
        async with _engine(kind, tmp_path, postgres_url):
            with pytest.raises(StepRefused) as refused:
                await atomic(Slot, [_use("a"), _insert("c"), _use("missing"), _use("b")])
            assert refused.value.index == 2
            assert await _state() == {"a": 0, "b": 0}
            with pytest.raises(StepRefused):  # one statement alone (PostgreSQL: autocommit)
                await atomic(Slot, [_use("missing")])

    asyncio.run(run())


@pytest.mark.parametrize("kind", KINDS)
def test_atomic_database_error_rolls_back_earlier_steps(
    kind: str, tmp_path: Path, postgres_url: str
) -> None:
    async def run() -> None:
        async with _engine(kind, tmp_path, postgres_url):
            with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
                await atomic(Slot, [_use("a"), _insert("b")])
            assert await _state() == {"a": 0, "b": 0}
            await atomic(Slot, [_use("a")])  # the engine is usable afterwards
            assert await _state() == {"a": 1, "b": 0}

    asyncio.run(run())


def test_pooled_engine_serves_concurrent_reads_and_writes_and_closes(tmp_path: Path) -> None:
    async def run() -> None:
        async with _engine("sqlite-pooled", tmp_path, "") as engine:
            assert isinstance(engine, PooledSQLiteEngine)
            names = [f"n{i}" for i in range(40)]
            await asyncio.gather(*(Slot.insert(Slot(name=name)).run() for name in names))
            counts = await asyncio.gather(*(Slot.count().run() for _ in range(20)))
            assert all(count >= len(names) for count in counts)
            assert await Slot.count() == len(names) + 2
        assert engine._connections == []  # close_pool closed every thread's connection

    asyncio.run(run())


@pytest.mark.parametrize("kind", ["sqlite-pooled", "postgres"])
def test_open_pool_and_close_pool_serve_both_engines(
    kind: str, tmp_path: Path, postgres_url: str
) -> None:
    """The lifespans' :func:`open_pool` / :func:`close_pool`: a pool while the app runs."""

    async def run() -> None:
        async with _engine(kind, tmp_path, postgres_url) as engine:
            if isinstance(engine, PostgresEngine):
                assert engine.pool is not None
            else:
                assert isinstance(engine, PooledSQLiteEngine)
                assert engine._pool_size == 4
            assert await atomic(Slot, [_use("a")]) == [[{"name": "a"}]]
        if isinstance(engine, PostgresEngine):
            assert engine.pool is None
        else:
            assert engine._pool_size == 0

    asyncio.run(run())


USE = Sql('UPDATE "engine_test_slot" SET "uses" = "uses" + ? WHERE "name" = ? RETURNING "name"')
INSERT = Sql('INSERT INTO "engine_test_slot" ("name", "uses") VALUES (?, ?)')
USES = Sql('SELECT "uses" FROM "engine_test_slot" WHERE "name" = ?')


def test_sql_numbers_placeholders_for_postgres() -> None:
    assert USE.postgres == (
        'UPDATE "engine_test_slot" SET "uses" = "uses" + $1 WHERE "name" = $2 RETURNING "name"'
    )
    assert Sql("SELECT ?", postgres="SELECT $1::int").postgres == "SELECT $1::int"


def test_executemany_step_cannot_be_required() -> None:
    with pytest.raises(ValueError, match="executemany"):
        Step(Statement(INSERT, [("x", 0)], many=True), required=True)


@pytest.mark.parametrize("kind", KINDS)
def test_atomic_runs_plain_sql_statements_and_executemany(
    kind: str, tmp_path: Path, postgres_url: str
) -> None:
    async def run() -> None:
        async with _engine(kind, tmp_path, postgres_url):
            results = await atomic(
                Slot,
                [
                    Step(Statement(USE, (2, "a")), required=True),
                    Step(Statement(INSERT, [("c", 5), ("d", 6)], many=True)),
                    _use("b"),
                ],
            )
            assert results == [[{"name": "a"}], [], [{"name": "b"}]]
            assert await _state() == {"a": 2, "b": 1, "c": 5, "d": 6}
            assert await fetch(Slot, Statement(USES, ("d",))) == [{"uses": 6}]
            assert await fetch(Slot, Statement(USES, ("missing",))) == []

    asyncio.run(run())


@pytest.mark.parametrize("kind", KINDS)
def test_atomic_plain_sql_required_step_refuses_and_executemany_is_rolled_back(
    kind: str, tmp_path: Path, postgres_url: str
) -> None:
    async def run() -> None:
        async with _engine(kind, tmp_path, postgres_url):
            with pytest.raises(StepRefused) as refused:
                await atomic(
                    Slot,
                    [
                        Step(Statement(INSERT, [("c", 1), ("d", 1)], many=True)),
                        Step(Statement(USE, (1, "missing")), required=True),
                    ],
                )
            assert refused.value.index == 1
            with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
                await atomic(
                    Slot,
                    [
                        Step(Statement(USE, (1, "a")), required=True),
                        Step(Statement(INSERT, [("e", 1), ("b", 1)], many=True)),
                    ],
                )
            assert await _state() == {"a": 0, "b": 0}

    asyncio.run(run())


def test_pooled_engine_commits_queued_transactions_together_each_all_or_nothing(
    tmp_path: Path,
) -> None:
    """Group commit: transactions queued behind one another share a commit, and each keeps
    its own outcome: the refused one and the one a unique index refuses write nothing, the
    others everything."""

    async def run() -> None:
        async with _engine("sqlite-pooled", tmp_path, "") as engine:
            assert isinstance(engine, PooledSQLiteEngine)
            jobs = [
                [_use("a"), _insert("n0")],
                [_insert("n1"), _use("missing")],  # refused at step 1
                [_use("b"), _insert("n2")],
                [_insert("n3"), _insert("a")],  # "a" exists: unique violation
                [_use("a"), _use("b"), _insert("n4")],
            ]
            outcomes = await asyncio.gather(
                *(atomic(Slot, steps) for steps in jobs), return_exceptions=True
            )
            assert isinstance(outcomes[1], StepRefused)
            assert outcomes[1].index == 1
            assert isinstance(outcomes[3], sqlite3.IntegrityError)
            assert [outcomes[i][0] for i in (0, 2, 4)] == [  # type: ignore[index]
                [{"name": "a"}],
                [{"name": "b"}],
                [{"name": "a"}],
            ]
            assert await _state() == {"a": 2, "b": 2, "n0": 0, "n2": 0, "n4": 0}
            # plain writes outside atomic() are queued the same way
            await asyncio.gather(*(Slot.insert(Slot(name=f"p{i}")).run() for i in range(10)))
            assert await Slot.count() == 15

    asyncio.run(run())
