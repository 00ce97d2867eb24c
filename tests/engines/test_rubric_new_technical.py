"""A technical question from a field that appears nowhere else, answered at every level.

Answers and reference points are written here; the expected levels are the author's reading of
the anchored scale. The test checks ordering, and that a confident wrong answer is caught.
"""

from __future__ import annotations

import pytest

from panelist.engines.rubric import RubricEngine
from panelist.models import Evaluation, QuestionType
from tests.conftest import level_agreement, request_for

QUESTION = (
    "A query that filters a 50-million-row orders table by customer_id and sorts by "
    "created_at has become slow. How would you use indexes to speed it up, and what are the "
    "trade-offs?"
)
POINTS = [
    (
        "Checks the query plan (EXPLAIN / EXPLAIN ANALYZE) to confirm a sequential scan or a "
        "sort is the bottleneck before changing anything."
    ),
    (
        "Adds a composite index on (customer_id, created_at) so the filter and the sort are "
        "both served by the index, in that column order."
    ),
    (
        "A covering index (INCLUDE columns) can avoid reading the table at all for the "
        "selected columns."
    ),
    (
        "Indexes slow down writes (inserts, updates) and take disk space and memory, so each "
        "one must earn its keep."
    ),
    (
        "On a large production table the index should be built without blocking writes, e.g. "
        "CREATE INDEX CONCURRENTLY, and verified afterwards with the plan and timings."
    ),
]
#: Answers keyed by the level the author expects.
ANSWERS = {
    95: (
        "First I'd run EXPLAIN ANALYZE on the query to see where the time goes; on a table "
        "that size I'd expect a sequential scan plus an in-memory or on-disk sort. The fix is"
        " usually a composite index on (customer_id, created_at): the leading column serves "
        "the equality filter and the second gives rows already in created_at order, so the "
        "sort disappears. If the query only selects a few columns, I'd add them with INCLUDE "
        "to make it a covering index and get an index-only scan. Because the table is large "
        "and live, I'd build it with CREATE INDEX CONCURRENTLY so writes aren't blocked, then"
        " re-run the plan to confirm the index is used and compare timings. The trade-offs "
        "are slower inserts and updates, since every index has to be maintained, plus disk "
        "and memory for the index, so I'd check whether existing single-column indexes become"
        " redundant and drop them."
    ),
    88: (
        "Check EXPLAIN ANALYZE first. Then add a composite index on (customer_id, "
        "created_at), in that order, so the filter and the ORDER BY both use it and the sort "
        "step goes away. Build it with CREATE INDEX CONCURRENTLY to avoid locking writes, and"
        " confirm with the plan afterwards. The cost is slower writes and extra storage for "
        "the index."
    ),
    58: (
        "I'd add an index on customer_id because that's what the query filters on, and that "
        "should make it much faster than scanning the whole table. Maybe also an index on "
        "created_at for the sorting. Indexes do take some space, but for a read-heavy table "
        "that's usually fine."
    ),
    20: (
        "Indexes don't really help with sorting, so I'd just add a separate index on "
        "customer_id. Writes aren't affected by indexes at all, so there's no real trade-off;"
        " you can add as many as you like. If it's still slow, the table is simply too big "
        "and should be moved to a NoSQL database."
    ),
    15: (
        "PostgreSQL, MySQL, B-tree, hash index, GIN, GiST, BRIN, EXPLAIN, query planner, "
        "partitioning, sharding, caching, Redis, read replicas, denormalisation, materialized"
        " views."
    ),
    5: ("I'm not sure, I haven't worked much with databases."),
}


@pytest.fixture(scope="module")
def scored(engine: RubricEngine) -> dict[int, Evaluation]:
    return {
        level: engine.evaluate(
            request_for(answer, QUESTION, qtype=QuestionType.TECHNICAL, reference_points=POINTS)
        )
        for level, answer in ANSWERS.items()
    }


def test_answers_are_ordered_as_their_levels(scored: dict[int, Evaluation]) -> None:
    assert level_agreement(scored) >= 0.8


def test_correct_answers_score_high_and_a_confident_wrong_one_low(
    scored: dict[int, Evaluation],
) -> None:
    assert scored[95].score >= 85
    assert scored[88].score >= 65
    wrong = scored[20]
    assert wrong.score <= 35
    assert {"contradicts_reference", "possible_contradiction"} & {f.code for f in wrong.flags}
    assert all(scored[level].score <= 15 for level in (15, 5))


OPEN_QUESTION = "How would you design a rate limiter for a public REST API?"
OPEN_ANSWERS = {
    "design": (
        "I would use a token bucket per API key, stored in Redis so every API node shares the "
        "same counters. Each request runs a small Lua script that refills the bucket based on "
        "elapsed time and takes a token atomically, which avoids race conditions between nodes. "
        "Limits would be configurable per plan, for example 100 requests per second for paid "
        "keys and 10 for free ones. When a bucket is empty the API returns 429 with a "
        "Retry-After header so clients can back off. If Redis is unavailable I would keep a "
        "local in-memory limit as a backstop, because blocking all traffic is worse than "
        "briefly exceeding a quota."
    ),
    "sketch": (
        "I would count the number of requests each user makes and block them if they make too "
        "many. You can store the counts in a database. When they are blocked you return an "
        "error. This protects the API from being overloaded."
    ),
    "platitudes": (
        "Rate limiting is very important for APIs. It is a best practice and every company "
        "should do it. It helps with security and performance and makes the system more "
        "scalable and robust."
    ),
}


def test_without_reference_points_a_design_beats_a_sketch_and_platitudes(
    engine: RubricEngine,
) -> None:
    scores = {
        name: engine.evaluate(request_for(answer, OPEN_QUESTION, qtype=QuestionType.TECHNICAL))
        for name, answer in OPEN_ANSWERS.items()
    }
    assert scores["design"].score >= 75
    assert scores["sketch"].score <= scores["design"].score - 25
    assert scores["platitudes"].score <= 35
    assert "padding" in {f.code for f in scores["platitudes"].flags}
