"""The shipped migrations build the schema the tables describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from panelist.server import db
from panelist.server.tables import Base
from tests.server.conftest import Databases


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
