"""A second round: follow-up questions sent to a candidate by a new link, their drafts and
answers; and ``evaluations.round_number``, the round of the text an evaluation judged.

Existing evaluations judged the first answers, so the column is added with the default 1, by a
plain ``ALTER TABLE`` (as in 0002: no copy of a table other tables refer to).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)
#: Tables in creation order (each refers only to tables before it).
_TABLES = ("follow_up_rounds", "follow_up_questions", "follow_up_drafts", "follow_up_answers")


def _table(name: str, *columns: sa.Column[Any] | sa.Constraint) -> None:
    """Create ``name`` with an id, ``created_at`` and an index on every foreign key."""
    op.create_table(
        name,
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", _TIME, nullable=False),
        *columns,
    )
    for column in columns:
        if isinstance(column, sa.Column) and column.foreign_keys:
            op.create_index(f"ix_{name}_{column.name}", name, [column.name])


def _fk(column: str, target: str, nullable: bool = False) -> sa.Column[Any]:
    on_delete = "SET NULL" if nullable else "CASCADE"
    return sa.Column(
        column,
        sa.String(32),
        sa.ForeignKey(f"{target}.id", ondelete=on_delete),
        nullable=nullable,
    )


def upgrade() -> None:
    _table(
        "follow_up_rounds",
        _fk("interview_id", "interviews"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("invite_token_hash", sa.String(64), nullable=False),
        sa.Column("expires_at", _TIME, nullable=False),
        sa.Column("opened_at", _TIME),
        sa.Column("submitted_at", _TIME),
        _fk("evaluation_job_id", "evaluation_jobs", nullable=True),
        sa.UniqueConstraint("interview_id", "number"),
        sa.UniqueConstraint("invite_token_hash"),
    )
    _table(
        "follow_up_questions",
        _fk("round_id", "follow_up_rounds"),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("round_id", "question_id", "position"),
    )
    for name in ("follow_up_drafts", "follow_up_answers"):
        extra = (
            [sa.Column("updated_at", _TIME, nullable=False)] if name == "follow_up_drafts" else []
        )
        _table(
            name,
            _fk("follow_up_question_id", "follow_up_questions"),
            sa.Column("text", sa.Text(), nullable=False),
            *extra,
            sa.UniqueConstraint("follow_up_question_id"),
        )
    op.add_column(
        "evaluations",
        sa.Column("round_number", sa.Integer(), nullable=False, server_default="1"),
    )


def downgrade() -> None:
    op.drop_column("evaluations", "round_number")
    for name in reversed(_TABLES):
        op.drop_table(name)
