"""Workshops: a join code per open workshop, its participants and their votes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
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
        "workshops",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("roster_json", sa.Text, nullable=False),
        sa.Column("away_json", sa.Text, nullable=False),
        sa.Column(
            "scenario_id",
            sa.Integer,
            sa.ForeignKey("scenarios.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("results_json", sa.Text, nullable=True),
    )
    op.create_index(
        "uq_workshops_open_code",
        "workshops",
        ["code"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_workshop_participants_workshop_id", "workshop_participants", ["workshop_id"]
    )
    op.create_table(
        "workshop_votes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "workshop_id",
            sa.Integer,
            sa.ForeignKey("workshops.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "participant_id",
            sa.String(64),
            sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question", sa.String(700), nullable=False),
        sa.Column("choice", sa.Text, nullable=True),
        sa.Column("level", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("participant_id", "question", name="uq_votes_question"),
    )
    op.create_index("ix_workshop_votes_workshop_id", "workshop_votes", ["workshop_id"])


def downgrade() -> None:
    op.drop_table("workshop_votes")
    op.drop_table("workshop_participants")
    op.drop_index("uq_workshops_open_code", table_name="workshops")
    op.drop_table("workshops")
