"""bench.stack_ceiling: the reference servers really do their floor's work, and the report
holds every row to its service's best floor."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature

from bench.stack_ceiling import _FloorWork, _requests, _Row, report


def _tampered(body: bytes) -> bytes:
    request = json.loads(body)
    header, payload, signature = request["proofs"]["jwt"][0].split(".")
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    request["proofs"]["jwt"] = [f"{header}.{payload}.{flipped}"]
    return json.dumps(request).encode()


def test_the_issuer_server_checks_the_proof_signature() -> None:
    work = _FloorWork("issuer", None)
    valid = _requests("issuer", 1)[0]
    asyncio.run(work.handle(valid))
    with pytest.raises(InvalidSignature):
        asyncio.run(work.handle(_tampered(valid)))


def test_a_server_with_a_database_commits_one_row_per_request(tmp_path: Path) -> None:
    database = tmp_path / "ceiling.sqlite"

    async def scenario() -> None:
        work = _FloorWork("verifier", str(database))
        await work.open()
        try:
            for body in _requests("verifier", 3):
                await work.handle(body)
        finally:
            await work.close()

    asyncio.run(scenario())
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM ceiling").fetchone() == (3,)


def test_the_report_holds_each_row_to_its_services_best_floor() -> None:
    rows = [
        _Row("issuer", "bare", 2000, lower_floor=3000),
        _Row("issuer", "the issuer, 1 proof(s)", 500, lower_floor=4000),
        _Row("verifier", "bare", 900, lower_floor=1000),
    ]
    lines = [" ".join(line.split()) for line in report(rows).splitlines()]
    assert lines[1:] == [
        "issuer: lower floor 4000/s; the 50 % target allows 500 us per credential",
        "bare 2000/s 500 us 50.0% of the floor",
        "the issuer, 1 proof(s) 500/s 2000 us 12.5% of the floor",
        "verifier: lower floor 1000/s; the 50 % target allows 2000 us per response",
        "bare 900/s 1111 us 90.0% of the floor",
    ]
