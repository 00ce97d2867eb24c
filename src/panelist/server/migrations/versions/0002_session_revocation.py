"""Users: ``sessions_valid_after`` (web sessions signed in earlier are over) and
``disabled_at`` (a disabled user cannot sign in, and their tokens and sessions stop working).

Both are nullable, so existing users keep working unchanged. The columns are added and dropped
with plain ``ALTER TABLE`` (SQLite 3.35 or later drops columns): a batch copy of ``users``
would drop the table, and with it, through ``ON DELETE CASCADE``, every API token.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("sessions_valid_after", "disabled_at")


def upgrade() -> None:
    for name in _COLUMNS:
        op.add_column("users", sa.Column(name, sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for name in reversed(_COLUMNS):
        op.drop_column("users", name)
