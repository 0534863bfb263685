"""The tables as SQLAlchemy 2 mapped classes. Migrations create them; a test checks both agree."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAME_LENGTH = 200
TOKEN_LENGTH = 64


class Base(DeclarativeBase):
    pass


class ScenarioRow(Base):
    __tablename__ = "scenarios"
    __table_args__ = (
        # Two live scenarios never share a name; a deleted one keeps its name for undo.
        Index(
            "uq_scenarios_live_name",
            "name",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    latest_version: Mapped[int] = mapped_column(Integer, nullable=False)
    view_token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), nullable=False, unique=True)
    edit_token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), nullable=False, unique=True)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    branched_from_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("scenarios.id", ondelete="SET NULL"), nullable=True
    )
    branched_from_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class VersionRow(Base):
    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number", name="uq_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scenario_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False)
    roster_json: Mapped[str] = mapped_column(Text, nullable=False)
    away_json: Mapped[str] = mapped_column(Text, nullable=False)
    summary_json: Mapped[str] = mapped_column(Text, nullable=False)
    # data/rules.toml as it was at the save (0004); NULL: saved before rules were kept.
    rules_toml: Mapped[str | None] = mapped_column(Text, nullable=True)


class DraftRow(Base):
    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    roster_json: Mapped[str] = mapped_column(Text, nullable=False)
    away_json: Mapped[str] = mapped_column(Text, nullable=False)
    team: Mapped[str | None] = mapped_column(Text, nullable=True)
    label: Mapped[str] = mapped_column(Text, nullable=False)
    scenario_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("scenarios.id", ondelete="SET NULL"), nullable=True
    )
    base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Every team's rows as typed, problems included (0004); NULL for older drafts.
    tables_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class WorkshopRow(Base):
    __tablename__ = "workshops"
    __table_args__ = (
        # A join code opens one workshop at a time; a closed one frees its code.
        Index(
            "uq_workshops_open_code",
            "code",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), nullable=False, unique=True)
    code: Mapped[str] = mapped_column(String(16), nullable=False)
    team: Mapped[str] = mapped_column(Text, nullable=False)
    roster_json: Mapped[str] = mapped_column(Text, nullable=False)
    away_json: Mapped[str] = mapped_column(Text, nullable=False)
    scenario_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("scenarios.id", ondelete="SET NULL"), nullable=True
    )
    step: Mapped[int] = mapped_column(Integer, nullable=False)
    revealed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    results_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class ParticipantRow(Base):
    __tablename__ = "workshop_participants"

    id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str | None] = mapped_column(Text, nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class VoteRow(Base):
    __tablename__ = "workshop_votes"
    __table_args__ = (UniqueConstraint("participant_id", "question", name="uq_votes_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workshop_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    )
    participant_id: Mapped[str] = mapped_column(
        String(TOKEN_LENGTH),
        ForeignKey("workshop_participants.id", ondelete="CASCADE"),
        nullable=False,
    )
    question: Mapped[str] = mapped_column(String(700), nullable=False)
    choice: Mapped[str | None] = mapped_column(Text, nullable=True)
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class FollowChannelRow(Base):
    """What a facilitator's tab shows, for a second screen to follow (0005)."""

    __tablename__ = "follow_channels"

    id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    roster_json: Mapped[str] = mapped_column(Text, nullable=False)
    team: Mapped[str] = mapped_column(Text, nullable=False)
    away_json: Mapped[str] = mapped_column(Text, nullable=False)
    step: Mapped[int] = mapped_column(Integer, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, index=True
    )
