"""Scoring without storing: the output of ``panelist score``, nothing written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, func, select

from panelist.api import score_lines
from panelist.loaders import BatchItem, BatchLine
from panelist.server.tables import Base
from tests.server.conftest import Databases, new_org, settings_for

ITEM = {
    "id": "a1",
    "question": "What does a readiness probe decide?",
    "answer": "Whether the pod gets traffic: failing pods are taken out of the service.",
    "reference_points": ["Whether the pod receives traffic"],
}


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {
            name: connection.scalar(select(func.count()).select_from(table)) or 0
            for name, table in Base.metadata.tables.items()
        }
    engine.dispose()
    return counts


def test_score_one_and_batch_store_nothing(databases: Databases, start_server: Any) -> None:
    live = start_server(settings_for(databases.new(), worker=False))
    client = new_org(live).client("read")
    before = _counts(live.settings.database_url)

    one = client.post("/score", json=ITEM)
    assert one.status_code == 200, one.text
    (expected,) = score_lines([BatchLine(1, "a1", BatchItem(**ITEM), None)], engine="rubric")
    assert one.json() == expected

    batch = client.post("/score/batch", json=[ITEM, {"id": "b2", "question": "Why?"}, ITEM])
    assert batch.status_code == 200, batch.text
    records = batch.json()
    assert records[0] == records[2] == expected
    assert records[1] == {"id": "b2", "error": "item 2: field answer: Field required"}
    assert _counts(live.settings.database_url) == before
