"""Versions keep the rules they were scored with; drafts keep the tables as typed.

``scenario_versions.rules_toml``: the text of data/rules.toml when the version was saved
(NULL for versions saved before this migration: they are scored with today's rules).
``drafts.tables_json``: every row of every team as the user typed it, rows with problems
included (NULL for older drafts: their roster is all there is).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("scenario_versions", sa.Column("rules_toml", sa.Text, nullable=True))
    op.add_column("drafts", sa.Column("tables_json", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("tables_json")
    with op.batch_alter_table("scenario_versions") as batch:
        batch.drop_column("rules_toml")
