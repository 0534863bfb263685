"""Follow channels: what a facilitator's tab shows, for a projector to follow.

One row per channel, keyed by its unguessable id (``secrets.token_urlsafe(16)``): the
roster as JSON, the team, who is away (JSON list), the presentation step, a version that
moves only when something changed, and when it was last written (old rows are deleted).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_channels",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("roster_json", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("away_json", sa.Text, nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_follow_channels_updated_at", "follow_channels", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_follow_channels_updated_at", table_name="follow_channels")
    op.drop_table("follow_channels")
