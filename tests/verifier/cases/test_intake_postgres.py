"""Concurrent submits on PostgreSQL (production mode): one case per transaction, and distinct
consecutive numbers for different transactions, with real concurrent connections; the values
in the order the use case's query asks, though jsonb keeps no key order."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from piccolo.engine.postgres import PostgresEngine

from regie.db.engine import bind, engine_from_url
from tests.issuer.postgres import create_database, drop_database
from tests.verifier.cases.world import DCQL_QUERY, NOW, add_relying_party, add_transaction
from verifier.cases.applicant import load_applicant
from verifier.cases.intake import OpenedCase, open_case
from verifier.db.migrate import migrate
from verifier.db.tables import TABLES, Case

FORM = {"income_bracket": "high"}


@pytest.fixture
def postgres_verifier(worker_id: str) -> Iterator[str]:
    url = create_database(f"verifier_{worker_id}", migrated=False)
    yield url
    drop_database(url)


def test_concurrent_submits_on_postgres(postgres_verifier: str) -> None:
    async def run() -> tuple[list[OpenedCase], list[OpenedCase], int, list[str]]:
        engine = engine_from_url(postgres_verifier)
        assert isinstance(engine, PostgresEngine)
        bind(engine, TABLES)
        await migrate(engine)
        await engine.start_connection_pool(max_size=10)
        try:
            _, use_case = await add_relying_party()
            same = await add_transaction(use_case)
            others = [await add_transaction(use_case) for _ in range(5)]
            retention = timedelta(days=1)
            repeated = await asyncio.gather(
                *(open_case(same, FORM, now=NOW, retention=retention) for _ in range(8))
            )
            distinct = await asyncio.gather(
                *(open_case(t, FORM, now=NOW, retention=retention) for t in others)
            )
            first = await Case.select(Case.applicant).where(
                Case.identification == "ZAAK-2026-000001"
            )
            order = [value.name for value in load_applicant(first[0]["applicant"])]
            return list(repeated), list(distinct), await Case.count(), order
        finally:
            await engine.close_connection_pool()

    repeated, distinct, count, order = asyncio.run(run())
    assert len({case.identification for case in repeated}) == 1
    assert sum(case.created for case in repeated) == 1
    assert sorted(case.identification for case in distinct) == [
        f"ZAAK-2026-{n:06d}" for n in range(2, 7)
    ]
    assert count == 6
    assert order == [
        claim["path"][0]
        for credential in DCQL_QUERY["credentials"]
        for claim in credential["claims"]
    ]
