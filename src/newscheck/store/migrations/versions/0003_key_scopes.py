"""Reports and jobs scoped to the API key that asked for them.

``report_keys`` records which keys asked for a report (reports stay one row per
content); ``jobs.key_id`` records the key that submitted a batch job. Rows from
before this migration belong to no key.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_keys",
        sa.Column(
            "report_id",
            sa.String(32),
            sa.ForeignKey("reports.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "key_id",
            sa.Integer(),
            sa.ForeignKey("api_keys.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # batch mode: SQLite cannot add a foreign key to an existing table in place
    with op.batch_alter_table("jobs") as jobs:
        jobs.add_column(sa.Column("key_id", sa.Integer(), nullable=True))
        jobs.create_foreign_key("fk_jobs_key_id", "api_keys", ["key_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("jobs") as jobs:
        jobs.drop_constraint("fk_jobs_key_id", type_="foreignkey")
        jobs.drop_column("key_id")
    op.drop_table("report_keys")
