"""The fact-check table of newscheck.factcheck.schema.

Created only when missing: ``newscheck.factcheck.store`` also creates it on first
use (``checkfirst``), so databases used before this migration already have it.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("factchecks"):
        return
    op.create_table(
        "factchecks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("source_id", sa.String(512), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("claimant", sa.String(512), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("verdict", sa.String(512), nullable=True),
        sa.Column("normalised_verdict", sa.String(16), nullable=False),
        sa.Column("publisher", sa.String(512), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=True),
        sa.UniqueConstraint("source", "source_id", name="uq_factcheck_key"),
    )
    op.create_index("ix_factchecks_source", "factchecks", ["source"])


def downgrade() -> None:
    op.drop_index("ix_factchecks_source", table_name="factchecks")
    op.drop_table("factchecks")
