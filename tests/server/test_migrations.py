"""The shipped migrations build the schema the tables describe, on SQLite and PostgreSQL, and
upgrade a database holding data without losing any."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from panelist.server import db
from panelist.server.security import check_password, hash_password
from panelist.server.tables import (
    ApiToken,
    Base,
    EvaluationRow,
    FollowUpAnswerRow,
    FollowUpQuestion,
    FollowUpRound,
    User,
    UTCDateTime,
)
from tests.server.conftest import PASSWORD, Databases


def test_upgrade_head_matches_the_tables_and_downgrades(databases: Databases) -> None:
    engine = db.connect(databases.new())
    try:
        db.migrate(engine)
        db.migrate(engine)  # every start runs it: a no-op at head
        assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {
            "alembic_version"
        }
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
            assert context.get_current_revision() == head
        db.downgrade(engine)
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        db.migrate(engine)
        assert "answers" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_every_table_has_an_id_and_created_at() -> None:
    for table in Base.metadata.tables.values():
        assert {"id", "created_at"} <= set(table.columns.keys()), table.name


def _table(name: str, *columns: str, **types: Any) -> sa.TableClause:
    """A lightweight table for inserting rows as revision 0001 had them."""
    return sa.table(
        name, *(sa.column(c) for c in columns), *(sa.column(c, t) for c, t in types.items())
    )


def test_0002_adds_the_user_columns_keeping_the_data_of_0001(databases: Databases) -> None:
    engine = db.connect(databases.new())
    moment = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    try:
        db.migrate(engine, "0001")
        with engine.begin() as connection:
            connection.execute(
                _table("organisations", "id", "name", created_at=UTCDateTime()).insert(),
                {"id": "o1", "name": "Acme", "created_at": moment},
            )
            connection.execute(
                _table(
                    "users",
                    "id",
                    "organisation_id",
                    "email",
                    "password_hash",
                    "role",
                    created_at=UTCDateTime(),
                ).insert(),
                {
                    "id": "u1",
                    "organisation_id": "o1",
                    "email": "a@example.org",
                    "password_hash": hash_password(PASSWORD),
                    "role": "admin",
                    "created_at": moment,
                },
            )
            connection.execute(
                _table(
                    "api_tokens",
                    "id",
                    "user_id",
                    "name",
                    "token_hash",
                    "prefix",
                    created_at=UTCDateTime(),
                    scopes=sa.JSON(),
                ).insert(),
                {
                    "id": "t1",
                    "user_id": "u1",
                    "name": "ci",
                    "token_hash": "0" * 64,
                    "prefix": "pnl_abcdef",
                    "scopes": ["read"],
                    "created_at": moment,
                },
            )

        db.migrate(engine)
        columns = {c["name"]: c for c in inspect(engine).get_columns("users")}
        for name in ("sessions_valid_after", "disabled_at"):
            assert columns[name]["nullable"], name
        with db.sessions(engine)() as session:
            user = session.get_one(User, "u1")
            assert (user.email, user.role, user.created_at) == ("a@example.org", "admin", moment)
            assert user.disabled_at is None and user.sessions_valid_after is None
            assert check_password(user.password_hash, PASSWORD)
            assert session.get_one(ApiToken, "t1").scopes == ["read"]
            user.disabled_at = user.sessions_valid_after = moment
            session.commit()

        db.downgrade(engine, "0001")  # drops the columns, not the rows (nor, by cascade, tokens)
        assert "disabled_at" not in {c["name"] for c in inspect(engine).get_columns("users")}
        with engine.connect() as connection:
            for table in ("organisations", "users", "api_tokens"):
                count = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                assert count == 1, table
        db.migrate(engine)
        with db.sessions(engine)() as session:
            assert session.get_one(User, "u1").disabled_at is None
    finally:
        engine.dispose()


_MOMENT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
#: An evaluated interview as revision 0002 stored it, table by table.
_ROWS_0002: list[tuple[str, dict[str, Any]]] = [
    ("organisations", {"id": "o1", "name": "Acme"}),
    ("jobs", {"id": "j1", "organisation_id": "o1", "title": "T", "description": ""}),
    ("question_sets", {"id": "s1", "organisation_id": "o1", "job_id": "j1", "name": "n"}),
    ("questions", {"id": "q1", "question_set_id": "s1", "position": 0, "question_id": "Q1"}),
    ("candidates", {"id": "c1", "organisation_id": "o1", "name": "Ada", "email": ""}),
    (
        "interviews",
        {
            "id": "i1",
            "organisation_id": "o1",
            "question_set_id": "s1",
            "candidate_id": "c1",
            "status": "evaluated",
            "practice_feedback": False,
            "invite_token_hash": "1" * 64,
        },
    ),
    ("answers", {"id": "a1", "interview_id": "i1", "question_id": "Q1", "text": "We did."}),
    (
        "evaluation_jobs",
        {"id": "ej1", "interview_id": "i1", "status": "done", "attempts": 1, "done": 1},
    ),
    (
        "evaluations",
        {
            "id": "e1",
            "answer_id": "a1",
            "evaluation_job_id": "ej1",
            "score": 40,
            "result": {"question_id": "Q1", "score": 40},
            "engine": "rubric",
            "engine_version": "1",
            "settings": {},
        },
    ),
]
#: Columns every row of a table needs that the rows above leave out.
_FILL: dict[str, dict[str, Any]] = {
    "jobs": {"updated_at": _MOMENT},
    "question_sets": {"role": "r"},
    "questions": {
        "text": "Why?",
        "type": "behavioral",
        "reference_points": [],
        "alternative_answers": [],
        "anchors": [],
    },
    "interviews": {"expires_at": _MOMENT},
}
_JSON = {"reference_points", "alternative_answers", "anchors", "result", "settings"}


def _insert(connection: sa.Connection, name: str, values: dict[str, Any]) -> None:
    """One row as revision 0002 had it (JSON and time columns typed, the rest as given)."""
    row = {"created_at": _MOMENT, **_FILL.get(name, {}), **values}
    columns = [
        sa.column(c, UTCDateTime() if c.endswith("_at") else sa.JSON() if c in _JSON else None)
        for c in row
    ]
    connection.execute(sa.table(name, *columns).insert(), row)


def test_0003_adds_follow_up_rounds_keeping_the_evaluations_of_0002(databases: Databases) -> None:
    engine = db.connect(databases.new())
    try:
        db.migrate(engine, "0002")
        with engine.begin() as connection:
            for name, values in _ROWS_0002:
                _insert(connection, name, values)

        db.migrate(engine)
        tables = set(inspect(engine).get_table_names())
        assert {"follow_up_rounds", "follow_up_questions", "follow_up_answers"} <= tables
        with db.sessions(engine)() as session:
            evaluation = session.get_one(EvaluationRow, "e1")
            assert (evaluation.score, evaluation.round_number) == (40, 1)
            found = FollowUpRound(
                interview_id="i1", number=2, invite_token_hash="2" * 64, expires_at=_MOMENT
            )
            session.add(found)
            session.flush()
            asked = FollowUpQuestion(round_id=found.id, question_id="Q1", position=1, text="You?")
            session.add(asked)
            session.flush()
            session.add(FollowUpAnswerRow(follow_up_question_id=asked.id, text="I did."))
            again = {c: getattr(evaluation, c) for c in ("answer_id", "evaluation_job_id")}
            session.add(
                EvaluationRow(
                    **again,
                    score=70,
                    result={},
                    engine="rubric",
                    engine_version="1",
                    settings={},
                    round_number=2,
                )
            )
            session.commit()

        db.downgrade(engine, "0002")  # drops the rounds and the column, not the evaluations
        tables = set(inspect(engine).get_table_names())
        assert not {t for t in tables if t.startswith("follow_up")}
        assert "round_number" not in {c["name"] for c in inspect(engine).get_columns("evaluations")}
        with engine.connect() as connection:
            for table, count in (("evaluations", 2), ("answers", 1), ("interviews", 1)):
                found_count = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                assert found_count == count, table
        db.migrate(engine)
        with db.sessions(engine)() as session:
            assert {e.round_number for e in session.scalars(sa.select(EvaluationRow))} == {1}
    finally:
        engine.dispose()
