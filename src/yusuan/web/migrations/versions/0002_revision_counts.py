"""revision counts: the errors and warnings the checker found on a revision's document

Counted once per revision (a revision never changes, so neither do its findings) and kept, so the
bureau page lists many units without building and checking every document again. Null until
counted: a database from before this migration keeps its revisions, and counts them on demand.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revision") as batch:  # batch: SQLite alters by copying the table
        batch.add_column(sa.Column("errors", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("warnings", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revision") as batch:
        batch.drop_column("warnings")
        batch.drop_column("errors")
