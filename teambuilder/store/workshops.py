"""The workshop repository: workshops, participants and votes in and out of SQL."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teambuilder.store.errors import StoreError
from teambuilder.store.orm import ParticipantRow, VoteRow, WorkshopRow
from teambuilder.store.records import Record
from teambuilder.store.repository import utc as utc_moment


class CodeTaken(StoreError):
    """The join code drawn is already open: draw another."""


class WorkshopRecord(Record):
    id: int
    token: str
    code: str
    team: str
    roster_json: str
    away: tuple[str, ...]
    scenario_id: int | None
    step: int
    revealed: bool
    created_at: datetime
    closed_at: datetime | None
    results_json: str | None
    participants: int = 0


class VoteRecord(Record):
    participant_id: str
    question: str
    choice: str | None
    level: int | None
    note: str
    updated_at: datetime


class WorkshopRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _record(self, row: WorkshopRow) -> WorkshopRecord:
        count = self.session.scalar(
            select(func.count())
            .select_from(ParticipantRow)
            .where(ParticipantRow.workshop_id == row.id)
        )
        return WorkshopRecord(
            id=row.id,
            token=row.token,
            code=row.code,
            team=row.team,
            roster_json=row.roster_json,
            away=tuple(json.loads(row.away_json)),
            scenario_id=row.scenario_id,
            step=row.step,
            revealed=row.revealed,
            created_at=utc_moment(row.created_at),
            closed_at=utc_moment(row.closed_at) if row.closed_at else None,
            results_json=row.results_json,
            participants=int(count or 0),
        )

    def add(
        self,
        token: str,
        code: str,
        team: str,
        roster_json: str,
        away: tuple[str, ...],
        scenario_id: int | None,
        when: datetime,
    ) -> WorkshopRecord:
        row = WorkshopRow(
            token=token,
            code=code,
            team=team,
            roster_json=roster_json,
            away_json=json.dumps(list(away), ensure_ascii=False),
            scenario_id=scenario_id,
            step=0,
            revealed=False,
            created_at=when,
        )
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise CodeTaken(code) from None
        return self._record(row)

    def by_token(self, token: str) -> WorkshopRecord | None:
        row = self.session.scalars(select(WorkshopRow).where(WorkshopRow.token == token)).first()
        return self._record(row) if row else None

    def open_by_code(self, code: str) -> WorkshopRecord | None:
        row = self.session.scalars(
            select(WorkshopRow).where(WorkshopRow.code == code, WorkshopRow.closed_at.is_(None))
        ).first()
        return self._record(row) if row else None

    def by_id(self, workshop_id: int) -> WorkshopRecord | None:
        row = self.session.get(WorkshopRow, workshop_id)
        return self._record(row) if row else None

    def set_fields(self, workshop_id: int, **values: object) -> None:
        self.session.execute(
            update(WorkshopRow)
            .where(WorkshopRow.id == workshop_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    def close(self, workshop_id: int, when: datetime, results_json: str) -> bool:
        """Close an open workshop with its frozen results; False if it was closed already
        (by another tab at the same moment: the caller keeps nothing of its attempt)."""
        done = self.session.execute(
            update(WorkshopRow)
            .where(WorkshopRow.id == workshop_id, WorkshopRow.closed_at.is_(None))
            .values(closed_at=when, revealed=True, results_json=results_json)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(done, "rowcount", 0))

    def add_participant(
        self, participant_id: str, workshop_id: int, name: str | None, when: datetime
    ) -> None:
        self.session.add(
            ParticipantRow(id=participant_id, workshop_id=workshop_id, name=name, joined_at=when)
        )
        self.session.flush()

    def participant(self, participant_id: str) -> tuple[str | None, int] | None:
        """A participant's name and workshop id."""
        row = self.session.get(ParticipantRow, participant_id)
        return (row.name, row.workshop_id) if row else None

    def put_vote(
        self,
        workshop_id: int,
        participant_id: str,
        question: str,
        choice: str | None,
        level: int | None,
        note: str,
        when: datetime,
    ) -> None:
        """One vote per participant per question: a new one replaces the old."""
        values: dict[str, object] = {
            "choice": choice,
            "level": level,
            "note": note,
            "updated_at": when,
        }
        if self._update_vote(participant_id, question, values):
            return
        try:
            with self.session.begin_nested():
                self.session.add(
                    VoteRow(
                        workshop_id=workshop_id,
                        participant_id=participant_id,
                        question=question,
                        **values,
                    )
                )
                self.session.flush()
        except IntegrityError:
            # The same phone voted twice at once: the other insert won; replace it.
            self._update_vote(participant_id, question, values)

    def _update_vote(self, participant_id: str, question: str, values: dict[str, object]) -> bool:
        changed = self.session.execute(
            update(VoteRow)
            .where(VoteRow.participant_id == participant_id, VoteRow.question == question)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(changed.rowcount)  # type: ignore[attr-defined]

    def votes(self, workshop_id: int, participant_id: str | None = None) -> list[VoteRecord]:
        query = select(VoteRow).where(VoteRow.workshop_id == workshop_id)
        if participant_id is not None:
            query = query.where(VoteRow.participant_id == participant_id)
        return [
            VoteRecord(
                participant_id=row.participant_id,
                question=row.question,
                choice=row.choice,
                level=row.level,
                note=row.note,
                updated_at=utc_moment(row.updated_at),
            )
            for row in self.session.scalars(query.order_by(VoteRow.updated_at, VoteRow.id))
        ]
