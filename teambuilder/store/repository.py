"""The repository: scenarios, versions, drafts and follow channels in and out of SQL,
as plain records.

Only parameters reach the database (SQLAlchemy's expressions bind every value).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import TypeAdapter
from sqlalchemy import and_, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from teambuilder.store.errors import NameRejected, StaleVersion
from teambuilder.store.orm import DraftRow, FollowChannelRow, ScenarioRow, VersionRow
from teambuilder.store.records import (
    ChannelRecord,
    DraftRecord,
    ListedScenario,
    ScenarioRecord,
    TeamSummary,
    VersionRecord,
)

# pydantic-core parses and checks in one pass: about 3x faster than json.loads for a list.
_AWAY = TypeAdapter(tuple[str, ...])
_SUMMARY = TypeAdapter(dict[str, TeamSummary])


def utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _taken(name: str) -> NameRejected:
    return NameRejected(f"there is already a scenario called '{name}'; pick another name")


class ScenarioRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- scenarios ---------------------------------------------------------------

    def _record(self, row: ScenarioRow, source_name: str | None = None) -> ScenarioRecord:
        return ScenarioRecord(
            id=row.id,
            name=row.name,
            created_at=utc(row.created_at),
            updated_at=utc(row.updated_at),
            latest_version=row.latest_version,
            view_token=row.view_token,
            edit_token=row.edit_token,
            deleted_at=utc(row.deleted_at) if row.deleted_at else None,
            branched_from=source_name,
            branched_from_version=row.branched_from_version,
        )

    def _source_name(self, row: ScenarioRow) -> str | None:
        if row.branched_from_id is None:
            return None
        return self.session.scalar(
            select(ScenarioRow.name).where(ScenarioRow.id == row.branched_from_id)
        )

    def _one(self, *conditions: object) -> ScenarioRecord | None:
        row = self.session.scalars(select(ScenarioRow).where(*conditions)).first()  # type: ignore[arg-type]
        return self._record(row, self._source_name(row)) if row else None

    def by_name(self, name: str) -> ScenarioRecord | None:
        """The live scenario called ``name``."""
        return self._one(ScenarioRow.name == name, ScenarioRow.deleted_at.is_(None))

    def by_id(self, scenario_id: int) -> ScenarioRecord | None:
        return self._one(ScenarioRow.id == scenario_id)

    def by_token(self, token: str) -> tuple[ScenarioRecord, bool] | None:
        """The live scenario a link token opens, and whether the token allows editing."""
        live = ScenarioRow.deleted_at.is_(None)
        found = self._one(ScenarioRow.edit_token == token, live)
        if found:
            return found, True
        found = self._one(ScenarioRow.view_token == token, live)
        return (found, False) if found else None

    def add_scenario(
        self,
        name: str,
        when: datetime,
        view_token: str,
        edit_token: str,
        branched_from_id: int | None = None,
        branched_from_version: int | None = None,
    ) -> ScenarioRecord:
        """A new scenario with no version yet (``latest_version`` 0)."""
        row = ScenarioRow(
            name=name,
            created_at=when,
            updated_at=when,
            latest_version=0,
            view_token=view_token,
            edit_token=edit_token,
            branched_from_id=branched_from_id,
            branched_from_version=branched_from_version,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:
            raise _taken(name) from None
        return self._record(row, self._source_name(row))

    def add_version(
        self,
        scenario: ScenarioRecord,
        base_version: int,
        when: datetime,
        roster_json: str,
        away: tuple[str, ...],
        summary: dict[str, TeamSummary],
        note: str,
        rules_toml: str | None = None,
    ) -> int:
        """Append version ``base_version + 1``; refused if someone else got there first.

        The compare-and-set on ``latest_version`` makes two saves on the same base exclusive
        on every engine: the second one updates no row (or hits the unique number).
        """
        number = base_version + 1
        moved = self.session.execute(
            update(ScenarioRow)
            .where(ScenarioRow.id == scenario.id, ScenarioRow.latest_version == base_version)
            .values(latest_version=number, updated_at=when)
            .execution_options(synchronize_session=False)
        )
        if moved.rowcount != 1:  # type: ignore[attr-defined]
            latest = self.session.scalar(
                select(ScenarioRow.latest_version).where(ScenarioRow.id == scenario.id)
            )
            raise StaleVersion(scenario.name, base_version, int(latest or 0))
        self.session.add(
            VersionRow(
                scenario_id=scenario.id,
                number=number,
                created_at=when,
                note=note,
                roster_json=roster_json,
                away_json=json.dumps(list(away), ensure_ascii=False),
                summary_json=json.dumps(
                    {team: s.model_dump() for team, s in summary.items()}, ensure_ascii=False
                ),
                rules_toml=rules_toml,
            )
        )
        try:
            self.session.flush()
        except IntegrityError:
            raise StaleVersion(scenario.name, base_version, number) from None
        return number

    def rename(self, scenario_id: int, new_name: str, when: datetime) -> None:
        try:
            self.session.execute(
                update(ScenarioRow)
                .where(ScenarioRow.id == scenario_id)
                .values(name=new_name, updated_at=when)
                .execution_options(synchronize_session=False)
            )
        except IntegrityError:
            raise _taken(new_name) from None

    def set_deleted(self, scenario_id: int, when: datetime | None) -> None:
        """Mark deleted (``when``) or live again (``None``); versions are always kept."""
        name = self.session.scalar(select(ScenarioRow.name).where(ScenarioRow.id == scenario_id))
        try:
            self.session.execute(
                update(ScenarioRow)
                .where(ScenarioRow.id == scenario_id)
                .values(deleted_at=when)
                .execution_options(synchronize_session=False)
            )
        except IntegrityError:
            raise _taken(str(name)) from None

    def listed(self, deleted: bool = False) -> list[ListedScenario]:
        """Live (or deleted) scenarios with their latest version, most recent change first."""
        source = aliased(ScenarioRow)
        query = (
            select(
                ScenarioRow,
                source.name,
                VersionRow.created_at,
                VersionRow.note,
                VersionRow.away_json,
                VersionRow.summary_json,
            )
            .join(
                VersionRow,
                and_(
                    VersionRow.scenario_id == ScenarioRow.id,
                    VersionRow.number == ScenarioRow.latest_version,
                ),
            )
            .outerjoin(source, source.id == ScenarioRow.branched_from_id)
            .where(
                ScenarioRow.deleted_at.is_not(None) if deleted else ScenarioRow.deleted_at.is_(None)
            )
            .order_by(ScenarioRow.updated_at.desc(), ScenarioRow.id.desc())
        )
        found = []
        for row, source_name, created_at, note, away_json, summary_json in self.session.execute(
            query
        ):
            record = self._record(row, source_name)
            found.append(
                ListedScenario(
                    scenario=record,
                    latest=self._version(
                        row.id, row.latest_version, created_at, note, away_json, summary_json
                    ),
                )
            )
        return found

    # --- versions ----------------------------------------------------------------

    @staticmethod
    def _version(
        scenario_id: int,
        number: int,
        created_at: datetime,
        note: str,
        away_json: str,
        summary_json: str,
        roster_json: str | None = None,
        rules_toml: str | None = None,
    ) -> VersionRecord:
        return VersionRecord(
            scenario_id=scenario_id,
            number=number,
            created_at=utc(created_at),
            note=note,
            away=_AWAY.validate_json(away_json),
            summary=_SUMMARY.validate_json(summary_json),
            roster_json=roster_json,
            rules_toml=rules_toml,
        )

    def versions(self, scenario_id: int) -> list[VersionRecord]:
        """Every version of a scenario, newest first, without the rosters."""
        rows = self.session.execute(
            select(
                VersionRow.number,
                VersionRow.created_at,
                VersionRow.note,
                VersionRow.away_json,
                VersionRow.summary_json,
            )
            .where(VersionRow.scenario_id == scenario_id)
            .order_by(VersionRow.number.desc())
        )
        return [self._version(scenario_id, *row) for row in rows]

    def version(self, scenario_id: int, number: int) -> VersionRecord | None:
        row = self.session.scalars(
            select(VersionRow).where(
                VersionRow.scenario_id == scenario_id, VersionRow.number == number
            )
        ).first()
        if row is None:
            return None
        return self._version(
            scenario_id,
            row.number,
            row.created_at,
            row.note,
            row.away_json,
            row.summary_json,
            row.roster_json,
            row.rules_toml,
        )

    # --- drafts ------------------------------------------------------------------

    def put_draft(self, draft: DraftRecord) -> None:
        """Insert or replace the draft with this id (a draft is the latest state only)."""
        values = {
            "updated_at": draft.updated_at,
            "roster_json": draft.roster_json,
            "away_json": json.dumps(list(draft.away), ensure_ascii=False),
            "team": draft.team,
            "label": draft.label,
            "scenario_id": draft.scenario_id,
            "base_version": draft.base_version,
            "tables_json": draft.tables_json,
        }
        changed = self.session.execute(
            update(DraftRow)
            .where(DraftRow.id == draft.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount == 0:  # type: ignore[attr-defined]
            self.session.add(DraftRow(id=draft.id, **values))
        self.session.flush()

    def draft(self, draft_id: str) -> DraftRecord | None:
        row = self.session.get(DraftRow, draft_id)
        if row is None:
            return None
        return DraftRecord(
            id=row.id,
            updated_at=utc(row.updated_at),
            roster_json=row.roster_json,
            away=_AWAY.validate_json(row.away_json),
            team=row.team,
            label=row.label,
            scenario_id=row.scenario_id,
            base_version=row.base_version,
            tables_json=row.tables_json,
        )

    def delete_draft(self, draft_id: str) -> None:
        row = self.session.get(DraftRow, draft_id)
        if row is not None:
            self.session.delete(row)
            self.session.flush()

    # --- follow channels (a second screen follows a facilitator's tab) -------------

    def channel(self, channel_id: str) -> ChannelRecord | None:
        """The channel's row, read by its primary key."""
        row = self.session.get(FollowChannelRow, channel_id)
        if row is None:
            return None
        return ChannelRecord(
            id=row.id,
            roster_json=row.roster_json,
            team=row.team,
            away=_AWAY.validate_json(row.away_json),
            step=row.step,
            version=row.version,
            updated_at=utc(row.updated_at),
        )

    def channel_version(self, channel_id: str) -> int | None:
        """Only the channel's version (what a follower polls), by primary key."""
        found = self.session.scalar(
            select(FollowChannelRow.version).where(FollowChannelRow.id == channel_id)
        )
        return None if found is None else int(found)

    def put_channel(self, channel: ChannelRecord) -> None:
        """Insert or replace the channel with this id (it holds the latest state only)."""
        values = {
            "roster_json": channel.roster_json,
            "team": channel.team,
            "away_json": json.dumps(list(channel.away), ensure_ascii=False),
            "step": channel.step,
            "version": channel.version,
            "updated_at": channel.updated_at,
        }
        changed = self.session.execute(
            update(FollowChannelRow)
            .where(FollowChannelRow.id == channel.id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount == 0:  # type: ignore[attr-defined]
            self.session.add(FollowChannelRow(id=channel.id, **values))
        self.session.flush()

    def delete_channels_before(self, cutoff: datetime, limit: int) -> int:
        """Delete at most ``limit`` channels last written before ``cutoff``; how many went."""
        old = (
            select(FollowChannelRow.id)
            .where(FollowChannelRow.updated_at < cutoff)
            .order_by(FollowChannelRow.updated_at)
            .limit(limit)
        )
        ids = list(self.session.scalars(old))
        if not ids:
            return 0
        self.session.execute(
            delete(FollowChannelRow)
            .where(FollowChannelRow.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        return len(ids)
