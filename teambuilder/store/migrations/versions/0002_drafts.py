"""Drafts: the working copy autosaved as it is edited, one row per open piece of work.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("roster_json", sa.Text, nullable=False),
        sa.Column("away_json", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column(
            "scenario_id",
            sa.Integer,
            sa.ForeignKey("scenarios.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("base_version", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("drafts")
