"""Plain values the repository hands back: scenarios, versions, drafts (no SQLAlchemy)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TeamSummary(Record):
    """The numbers a scenario list shows for one team of a saved version."""

    health: int
    bus_factor: int
    people: int


class ScenarioRecord(Record):
    id: int
    name: str
    created_at: datetime
    updated_at: datetime
    latest_version: int
    view_token: str
    edit_token: str
    deleted_at: datetime | None = None
    branched_from: str | None = None  # the source scenario's name when it was branched
    branched_from_version: int | None = None


class VersionRecord(Record):
    scenario_id: int
    number: int
    created_at: datetime
    note: str
    away: tuple[str, ...]
    summary: dict[str, TeamSummary]
    roster_json: str | None = None  # left out when only the history is listed
    rules_toml: str | None = None  # the rules it was saved under; None before they were kept


class ListedScenario(Record):
    scenario: ScenarioRecord
    latest: VersionRecord


class DraftRecord(Record):
    id: str
    updated_at: datetime
    roster_json: str
    away: tuple[str, ...]
    team: str | None = None
    label: str = ""
    scenario_id: int | None = None
    base_version: int | None = None
    tables_json: str | None = None  # every row as typed, problems included


class ChannelRecord(Record):
    """What a facilitator's tab last published for a second screen to follow."""

    id: str
    roster_json: str
    team: str
    away: tuple[str, ...]
    step: int
    version: int
    updated_at: datetime
