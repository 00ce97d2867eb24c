"""The initial schema: organisations, users, tokens, jobs, question sets, candidates,
interviews, drafts, answers, the evaluation queue, evaluations and reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)
#: Tables in creation order (each refers only to tables before it).
_TABLES = (
    "organisations",
    "users",
    "api_tokens",
    "jobs",
    "question_sets",
    "questions",
    "candidates",
    "interviews",
    "drafts",
    "answers",
    "evaluation_jobs",
    "evaluations",
    "reports",
)


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


def _fk(column: str, target: str) -> sa.Column[Any]:
    return sa.Column(
        column, sa.String(32), sa.ForeignKey(f"{target}.id", ondelete="CASCADE"), nullable=False
    )


def _text(column: str, length: int | None = None, nullable: bool = False) -> sa.Column[Any]:
    kind = sa.String(length) if length else sa.Text()
    return sa.Column(column, kind, nullable=nullable)


def upgrade() -> None:
    _table("organisations", _text("name", 200), sa.UniqueConstraint("name"))
    _table(
        "users",
        _fk("organisation_id", "organisations"),
        _text("email", 320),
        _text("password_hash", 200),
        _text("role", 20),
        sa.UniqueConstraint("email"),
    )
    _table(
        "api_tokens",
        _fk("user_id", "users"),
        _text("name", 200),
        _text("token_hash", 64),
        _text("prefix", 16),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("last_used_at", _TIME),
        sa.Column("revoked_at", _TIME),
        sa.UniqueConstraint("token_hash"),
    )
    _table(
        "jobs",
        _fk("organisation_id", "organisations"),
        _text("title", 300),
        _text("description"),
        sa.Column("updated_at", _TIME, nullable=False),
    )
    _table(
        "question_sets",
        _fk("organisation_id", "organisations"),
        _fk("job_id", "jobs"),
        _text("name", 300),
        _text("role", 300),
    )
    _table(
        "questions",
        _fk("question_set_id", "question_sets"),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("question_id", 200),
        _text("text"),
        _text("type", 20),
        _text("competency", 300, nullable=True),
        sa.Column("reference_points", sa.JSON(), nullable=False),
        _text("reference_answer", nullable=True),
        sa.Column("alternative_answers", sa.JSON(), nullable=False),
        sa.Column("anchors", sa.JSON(), nullable=False),
        sa.UniqueConstraint("question_set_id", "question_id"),
    )
    _table(
        "candidates",
        _fk("organisation_id", "organisations"),
        _text("name", 300),
        _text("email", 320),
    )
    _table(
        "interviews",
        _fk("organisation_id", "organisations"),
        _fk("question_set_id", "question_sets"),
        _fk("candidate_id", "candidates"),
        _text("status", 20),
        sa.Column("practice_feedback", sa.Boolean(), nullable=False),
        _text("invite_token_hash", 64),
        sa.Column("expires_at", _TIME, nullable=False),
        sa.Column("opened_at", _TIME),
        sa.Column("submitted_at", _TIME),
        sa.UniqueConstraint("invite_token_hash"),
    )
    op.create_index("ix_interviews_status", "interviews", ["status"])
    for name in ("drafts", "answers"):
        extra = [sa.Column("updated_at", _TIME, nullable=False)] if name == "drafts" else []
        _table(
            name,
            _fk("interview_id", "interviews"),
            _text("question_id", 200),
            _text("text"),
            *extra,
            sa.UniqueConstraint("interview_id", "question_id"),
        )
    _table(
        "evaluation_jobs",
        _fk("interview_id", "interviews"),
        _text("status", 20),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        _text("error", nullable=True),
        sa.Column("started_at", _TIME),
        sa.Column("finished_at", _TIME),
    )
    op.create_index("ix_evaluation_jobs_status", "evaluation_jobs", ["status"])
    _table(
        "evaluations",
        _fk("answer_id", "answers"),
        _fk("evaluation_job_id", "evaluation_jobs"),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        _text("engine", 100),
        _text("engine_version", 100),
        _text("model", 200, nullable=True),
        _text("prompt_version", 100, nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
    )
    _table(
        "reports",
        _fk("interview_id", "interviews"),
        _fk("evaluation_job_id", "evaluation_jobs"),
        sa.Column("result", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    for name in reversed(_TABLES):
        op.drop_table(name)
