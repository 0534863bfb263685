"""Workshop use cases: open one, join from a phone, vote, reveal, close.

Like the scenario services, each takes a :class:`~teambuilder.store.Store` and works in
one unit of work. A participant can only ever add or replace their own votes: nothing
here changes a roster. The facilitator is known by the workshop's secret token, a
participant by their own; the join code only lets people in while the workshop is open.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import Catalogue, catalogue, workshop_guide
from teambuilder.models import AcceptedRisk, Roster, TeamReport
from teambuilder.models import PositionResult as PositionResult  # re-exported: moved to models
from teambuilder.models import WarningResult as WarningResult
from teambuilder.models import WorkshopResults as WorkshopResults
from teambuilder.roster_io import read_json_text, roster_to_json
from teambuilder.scoring import score
from teambuilder.services import SavedVersion, new_token, save_in
from teambuilder.store import NameRejected, NotFound, Store, StoreError, UnitOfWork
from teambuilder.store.workshops import CodeTaken, WorkshopRecord
from teambuilder.workshop.codes import (
    JoinCodeError,
    JoinRateLimiter,
    new_join_code,
    normalise_join_code,
)
from teambuilder.workshop.models import AgreementVote, CoverageVote, WorkshopGuide
from teambuilder.workshop.risks import with_risk, without_risk
from teambuilder.workshop.votes import (
    VoteError,
    check_coverage_vote,
    clean_note,
    tally_agreement,
    tally_coverage,
)

POSITION_QUESTION = "position:"
WARNING_QUESTION = "warning:"
CODE_ATTEMPTS = 20  # draws of a fresh join code before giving up (20 ** 6 codes exist)


class WorkshopClosed(StoreError):
    """The workshop has been closed: its results are frozen, its code no longer works."""


class JoinRefused(StoreError):
    """A join code that opens nothing, or too many wrong codes from one place."""

    def __init__(self, message: str, wait_seconds: float = 0.0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OpenedWorkshop(Value):
    token: str  # the facilitator's: keep it private
    code: str  # the participants': show it to the room
    team: str


class Joined(Value):
    participant_id: str
    code: str
    team: str


class FacilitatorView(Value):
    token: str
    code: str
    team: str
    roster: Roster
    away: tuple[str, ...]
    scenario_id: int | None
    step: int
    revealed: bool
    is_open: bool
    participants: int
    voters: int
    votes: int
    created_at: datetime
    closed_at: datetime | None
    # Empty until the votes are revealed (and, once closed, the frozen results).
    results: WorkshopResults | None


class Ballot(Value):
    """What a participant's phone shows: the choices, and their own votes so far."""

    participant_id: str
    name: str | None
    code: str
    team: str
    is_open: bool
    people: tuple[str, ...]
    positions: tuple[str, ...]
    warnings: tuple[tuple[str, str, str], ...]  # key, title, message
    my_positions: dict[str, str]
    my_agreement: dict[str, tuple[int, str]]


def _now() -> datetime:
    return datetime.now(UTC)


def _team_report(record: WorkshopRecord, cat: Catalogue) -> tuple[Roster, TeamReport]:
    roster = read_json_text(record.roster_json, "the workshop's roster")
    return roster, score(roster, record.away, cat=cat).team(record.team)


def open_workshop(
    store: Store,
    roster: Roster,
    team: str,
    away: Iterable[str] = (),
    *,
    scenario_id: int | None = None,
    guide: WorkshopGuide | None = None,
) -> OpenedWorkshop:
    """Open a workshop on ``team`` of ``roster`` as it is now (a snapshot: later edits of
    the working roster do not move the questions under the participants' feet)."""
    guide = guide or workshop_guide()
    if team not in roster.team_names():
        raise NotFound(f"there is no team '{team}' in this roster")
    members = {person.name for person in roster.members(team)}
    kept_away = tuple(name for name in away if name in members)
    token = new_token()
    for _ in range(CODE_ATTEMPTS):
        code = new_join_code(guide.limits)
        try:
            with store.unit_of_work() as uow:
                uow.workshops.add(
                    token, code, team, roster_to_json(roster), kept_away, scenario_id, _now()
                )
                uow.commit()
        except CodeTaken:
            continue
        return OpenedWorkshop(token=token, code=code, team=team)
    raise StoreError("no free join code could be drawn; close some open workshops and try again")


def _by_token(store: Store, token: str) -> WorkshopRecord:
    with store.unit_of_work() as uow:
        found = uow.workshops.by_token(token)
    if found is None:
        raise NotFound("this workshop link is not known here; it may belong to another database")
    return found


def join_workshop(
    store: Store,
    typed_code: str,
    *,
    client: str,
    limiter: JoinRateLimiter,
    name: str | None = None,
    guide: WorkshopGuide | None = None,
) -> Joined:
    """Let a phone in with the code the room was shown; wrong codes are rate-limited."""
    guide = guide or workshop_guide()
    if not limiter.allowed(client):
        wait = limiter.seconds_until_allowed(client)
        raise JoinRefused(
            f"Too many wrong codes. Wait {max(1, round(wait))} seconds and try again.", wait
        )
    try:
        code = normalise_join_code(typed_code, guide.limits)
    except JoinCodeError as error:
        limiter.record_failure(client)
        raise JoinRefused(f"That is not a join code: {error}.") from None
    display = _clean_name(name, guide)
    with store.unit_of_work() as uow:
        found = uow.workshops.open_by_code(code)
        if found is None:
            limiter.record_failure(client)
            raise JoinRefused(
                f"No open workshop has the code {code}. Check it with the facilitator; "
                "a closed workshop's code no longer works."
            )
        participant_id = new_token()
        uow.workshops.add_participant(participant_id, found.id, display, _now())
        uow.commit()
    return Joined(participant_id=participant_id, code=code, team=found.team)


def _clean_name(name: str | None, guide: WorkshopGuide) -> str | None:
    if name is None:
        return None
    try:
        cleaned = clean_note(name, guide.limits)
    except VoteError:
        cleaned = name
    if len(cleaned) > guide.limits.participant_name_max_chars:
        raise JoinRefused(
            f"A name may have at most {guide.limits.participant_name_max_chars} characters; "
            "leave it empty to take part anonymously."
        )
    return cleaned or None


def _participant(store: Store, participant_id: str) -> tuple[str | None, WorkshopRecord]:
    with store.unit_of_work() as uow:
        found = uow.workshops.participant(participant_id)
        record = uow.workshops.by_id(found[1]) if found else None
    if found is None or record is None:
        raise NotFound("this phone is not part of a workshop here; join again with the code")
    return found[0], record


def ballot(store: Store, participant_id: str, *, cat: Catalogue | None = None) -> Ballot:
    cat = cat or catalogue()
    name, record = _participant(store, participant_id)
    _, report = _team_report(record, cat)
    with store.unit_of_work() as uow:
        mine = uow.workshops.votes(record.id, participant_id)
    positions = {
        v.question.removeprefix(POSITION_QUESTION): v.choice or ""
        for v in mine
        if v.question.startswith(POSITION_QUESTION)
    }
    agreement = {
        v.question.removeprefix(WARNING_QUESTION): (v.level or 0, v.note)
        for v in mine
        if v.question.startswith(WARNING_QUESTION)
    }
    return Ballot(
        participant_id=participant_id,
        name=name,
        code=record.code,
        team=record.team,
        is_open=record.closed_at is None,
        people=tuple(person.name for person in report.people),
        positions=tuple(entry.position for entry in report.coverage),
        warnings=tuple((subject_key(report.team, w), w.title, w.message) for w in report.warnings),
        my_positions=positions,
        my_agreement=agreement,
    )


def _open_for_votes(store: Store, participant_id: str) -> WorkshopRecord:
    _, record = _participant(store, participant_id)
    if record.closed_at is not None:
        raise WorkshopClosed("the workshop has been closed; votes can no longer change")
    return record


def vote_coverage(
    store: Store, participant_id: str, position: str, choice: str, *, cat: Catalogue | None = None
) -> None:
    """'Who covers this position today?' A name from the team, or nobody."""
    record = _open_for_votes(store, participant_id)
    _, report = _team_report(record, cat or catalogue())
    check_coverage_vote(
        CoverageVote(participant=participant_id, position=position, choice=choice), report
    )
    with store.unit_of_work() as uow:
        uow.workshops.put_vote(
            record.id, participant_id, POSITION_QUESTION + position, choice, None, "", _now()
        )
        uow.commit()


def vote_agreement(
    store: Store,
    participant_id: str,
    warning: str,
    level: int,
    note: str = "",
    *,
    cat: Catalogue | None = None,
    guide: WorkshopGuide | None = None,
) -> None:
    """How much the participant agrees with a warning (1–5), with an optional short note."""
    guide = guide or workshop_guide()
    record = _open_for_votes(store, participant_id)
    _, report = _team_report(record, cat or catalogue())
    keys = {subject_key(report.team, w) for w in report.warnings}
    if warning not in keys:
        raise VoteError("this warning is not part of the workshop")
    if not 1 <= level <= len(guide.limits.agreement_labels):
        raise VoteError(f"agreement is a number from 1 to {len(guide.limits.agreement_labels)}")
    cleaned = clean_note(note, guide.limits)
    AgreementVote(participant=participant_id, warning=warning, level=level, note=cleaned)
    with store.unit_of_work() as uow:
        uow.workshops.put_vote(
            record.id, participant_id, WARNING_QUESTION + warning, None, level, cleaned, _now()
        )
        uow.commit()


def _results(
    record: WorkshopRecord, store: Store, cat: Catalogue, guide: WorkshopGuide
) -> tuple[WorkshopResults, int, int]:
    _, report = _team_report(record, cat)
    with store.unit_of_work() as uow:
        votes = uow.workshops.votes(record.id)
    coverage_votes = [
        CoverageVote(
            participant=v.participant_id,
            position=v.question.removeprefix(POSITION_QUESTION),
            choice=v.choice or "",
        )
        for v in votes
        if v.question.startswith(POSITION_QUESTION) and v.choice
    ]
    agreement_votes = [
        AgreementVote(
            participant=v.participant_id,
            warning=v.question.removeprefix(WARNING_QUESTION),
            level=v.level or 1,
            note=v.note,
        )
        for v in votes
        if v.question.startswith(WARNING_QUESTION) and v.level
    ]
    positions = tally_coverage(coverage_votes, report)
    keyed = {subject_key(report.team, w): w for w in report.warnings}
    agreement = tally_agreement(agreement_votes, keyed)
    labels = guide.limits.agreement_labels
    results = WorkshopResults(
        team=record.team,
        code=record.code,
        participants=record.participants,
        voters=len({v.participant_id for v in votes}),
        positions=tuple(
            PositionResult(
                position=pid,
                counts=t.counts,
                total=t.total,
                agreeing=t.agreeing,
                disagrees=t.disagrees,
                sentence=t.sentence(),
            )
            for pid, t in positions.items()
        ),
        warnings=tuple(
            WarningResult(
                warning=key,
                code=keyed[key].code,
                title=keyed[key].title,
                message=keyed[key].message,
                levels=t.levels,
                mean=t.mean,
                notes=t.notes,
                sentence=t.sentence(labels),
            )
            for key, t in agreement.items()
        ),
        closed_at=record.closed_at,
    )
    return results, results.voters, len(votes)


def facilitator_view(
    store: Store,
    token: str,
    *,
    cat: Catalogue | None = None,
    guide: WorkshopGuide | None = None,
) -> FacilitatorView:
    """The workshop as the facilitator's screen shows it; tallies only once revealed."""
    cat, guide = cat or catalogue(), guide or workshop_guide()
    record = _by_token(store, token)
    roster = read_json_text(record.roster_json, "the workshop's roster")
    if record.results_json is not None:
        results = WorkshopResults.model_validate_json(record.results_json)
        voters, votes = results.voters, sum(p.total for p in results.positions)
    else:
        results, voters, votes = _results(record, store, cat, guide)
    return FacilitatorView(
        token=token,
        code=record.code,
        team=record.team,
        roster=roster,
        away=record.away,
        scenario_id=record.scenario_id,
        step=record.step,
        revealed=record.revealed,
        is_open=record.closed_at is None,
        participants=record.participants,
        voters=voters,
        votes=votes,
        created_at=record.created_at,
        closed_at=record.closed_at,
        results=results if record.revealed or record.closed_at else None,
    )


def _change(store: Store, token: str, **values: object) -> None:
    record = _by_token(store, token)
    if record.closed_at is not None:
        raise WorkshopClosed("the workshop has been closed; open a new one to continue")
    with store.unit_of_work() as uow:
        uow.workshops.set_fields(record.id, **values)
        uow.commit()


def reveal_votes(store: Store, token: str, revealed: bool = True) -> None:
    _change(store, token, revealed=revealed)


def move_to_step(store: Store, token: str, step: int, guide: WorkshopGuide | None = None) -> None:
    guide = guide or workshop_guide()
    if not 0 <= step < len(guide.steps):
        raise VoteError(f"a workshop has steps 1 to {len(guide.steps)}")
    _change(store, token, step=step)


def accept_workshop_risk(store: Store, token: str, risk: AcceptedRisk) -> None:
    """The room accepts one of the team's warnings as a risk (kept with the workshop's
    roster, so the facilitator's screen shows it muted; frozen into the scenario on close).

    Accepting the same warning again replaces the earlier acceptance.
    """
    record = _by_token(store, token)
    if record.closed_at is not None:
        raise WorkshopClosed("the workshop has been closed; its accepted risks are frozen")
    roster = read_json_text(record.roster_json, "the workshop's roster")
    if risk.team != record.team:
        raise VoteError(f"this workshop is about {record.team}, not {risk.team}")
    keys = {
        subject_key(record.team, w) for w in score(roster, record.away).team(record.team).warnings
    }
    if risk.warning not in keys:
        raise VoteError("this warning is not part of the workshop")
    changed = roster.model_copy(update={"accepted_risks": with_risk(roster.accepted_risks, risk)})
    _change(store, token, roster_json=roster_to_json(changed))


def withdraw_workshop_risk(store: Store, token: str, warning: str) -> None:
    """Take back the room's acceptance of one warning (by its subject key)."""
    record = _by_token(store, token)
    if record.closed_at is not None:
        raise WorkshopClosed("the workshop has been closed; its accepted risks are frozen")
    roster = read_json_text(record.roster_json, "the workshop's roster")
    kept = without_risk(roster.accepted_risks, record.team, warning)
    _change(
        store, token, roster_json=roster_to_json(roster.model_copy(update={"accepted_risks": kept}))
    )


def close_workshop(
    store: Store,
    token: str,
    *,
    cat: Catalogue | None = None,
    guide: WorkshopGuide | None = None,
) -> WorkshopResults:
    """Freeze the results; the join code stops working. Closing twice changes nothing.

    The results (tallies, notes) and the risks the room accepted are frozen into a
    scenario in the same transaction: a new version of the scenario the workshop was
    started from, or, without one, a new scenario named after the workshop. The returned
    results name that scenario and version.
    """
    cat, guide = cat or catalogue(), guide or workshop_guide()
    record = _by_token(store, token)
    if record.results_json is not None:
        return WorkshopResults.model_validate_json(record.results_json)
    when = _now()
    results, _, _ = _results(record, store, cat, guide)
    frozen = results.model_copy(update={"closed_at": when})
    roster = read_json_text(record.roster_json, "the workshop's roster")
    with store.unit_of_work() as uow:
        saved = _freeze_into_scenario(uow, record, roster, frozen)
        final = frozen.model_copy(
            update={"scenario": saved.name, "scenario_version": saved.version}
        )
        if not uow.workshops.close(record.id, when, final.model_dump_json()):
            closed = uow.workshops.by_id(record.id)
            if closed is None or closed.results_json is None:
                raise StoreError("the workshop was closed elsewhere; reload the page")
            return WorkshopResults.model_validate_json(closed.results_json)
        uow.commit()
    return final


def scenario_name_for(record: WorkshopRecord, when: datetime) -> str:
    """The name of the scenario a workshop without one is saved as."""
    return f"Workshop on {record.team}, {when:%Y-%m-%d %H:%M} UTC"


def _freeze_into_scenario(
    uow: UnitOfWork, record: WorkshopRecord, roster: Roster, frozen: WorkshopResults
) -> SavedVersion:
    risks = tuple(risk for risk in roster.accepted_risks if risk.team == record.team)
    count = len(risks)
    note = (
        f"Workshop {record.code} closed: {frozen.participants} joined, {frozen.voters} voted, "
        f"{count} accepted risk{'' if count == 1 else 's'} on {record.team}."
    )
    source = uow.scenarios.by_id(record.scenario_id) if record.scenario_id else None
    if source is not None and source.deleted_at is None:
        latest = uow.scenarios.version(source.id, source.latest_version)
        if latest is not None and latest.roster_json is not None:
            base = read_json_text(latest.roster_json, f"scenario '{source.name}'")
            if record.team in base.team_names():
                # The scenario as it is now, with the room's decisions on this team: its
                # accepted risks replaced by the workshop's, the results added.
                others = tuple(r for r in base.accepted_risks if r.team != record.team)
                carried = base.model_copy(
                    update={
                        "accepted_risks": (*others, *risks),
                        "workshops": (*base.workshops, frozen),
                    }
                )
                return save_in(
                    uow,
                    source.name,
                    carried,
                    away=latest.away,
                    base_version=source.latest_version,
                    note=note,
                )
    carried = roster.model_copy(update={"workshops": (*roster.workshops, frozen)})
    name = scenario_name_for(record, frozen.closed_at or _now())
    for candidate in (name, f"{name} ({record.code})"):
        try:
            return save_in(uow, candidate, carried, away=record.away, note=note, new=True)
        except NameRejected:
            continue
    unique = f"{name} ({record.token[:8]})"  # the token is random: this name is free
    return save_in(uow, unique, carried, away=record.away, note=note, new=True)


def results_as_json(results: WorkshopResults) -> str:
    return json.dumps(results.model_dump(mode="json"), ensure_ascii=False, indent=2)
