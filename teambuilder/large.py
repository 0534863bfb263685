"""Rosters too large to edit as a whole: one team open at a time, the rest kept as read.

Every rerun of the dashboard parses and scores the tables it edits. That is about 35 ms for
a team of 25 and grows with the rows: around 1,000 people a rerun passes half a second on
the 2-core machine, 5,000 take seconds (benchmarks/bench_sizes.py). Above
``EDIT_LIMIT_PEOPLE`` the dashboard therefore edits one team and keeps the others as they
were read; switching teams folds the open team's edits back into the whole roster.

A manager in another team cannot be checked while only one team is open, so such a
"reports to" is set aside when the team opens and given back when it is folded in, as
long as the person keeps their name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from teambuilder.models import Person, Roster
from teambuilder.workspace import Workspace, workspace_from_roster

EDIT_LIMIT_PEOPLE = 1_000  # rows of the whole roster the dashboard edits at once


def opens_one_team_at_a_time(roster: Roster) -> bool:
    return len(roster.people) > EDIT_LIMIT_PEOPLE and len(roster.team_names()) > 1


@dataclass(frozen=True)
class OneTeamAtATime:
    """The whole roster, which team is open, and the managers set aside while it is."""

    whole: Roster
    open_team: str
    outside_managers: dict[str, str] = field(default_factory=dict)  # person -> manager

    @property
    def team_names(self) -> list[str]:
        return self.whole.team_names()

    @property
    def people(self) -> int:
        return len(self.whole.people)


def open_team(whole: Roster, team: str) -> tuple[Roster, OneTeamAtATime]:
    """One team of ``whole`` as a roster of its own, and the state to fold it back."""
    members = [p for p in whole.people if p.team == team]
    names = {p.name for p in members}
    outside: dict[str, str] = {}
    for person in members:
        if person.reports_to and person.reports_to not in names:
            outside[person.name] = person.reports_to
    people = tuple(
        p.model_copy(update={"reports_to": None}) if p.name in outside else p for p in members
    )
    state = OneTeamAtATime(whole=whole, open_team=team, outside_managers=outside)
    one = Roster(
        teams=(whole.settings_for(team),),
        people=people,
        accepted_risks=tuple(r for r in whole.accepted_risks if r.team == team),
        workshops=tuple(w for w in whole.workshops if w.team == team),
    )
    return one, state


def fold(state: OneTeamAtATime, edited: Roster) -> Roster:
    """The whole roster with the open team replaced by ``edited`` (its one team).

    The team may have been renamed; its place among the teams is kept. Managers set aside
    come back for people who still have no manager and still carry the same name.
    """
    (settings,) = edited.teams or (state.whole.settings_for(state.open_team),)
    people: list[Person] = []
    for person in edited.people:
        manager = state.outside_managers.get(person.name)
        if manager and person.reports_to is None:
            person = person.model_copy(update={"reports_to": manager})
        people.append(person.model_copy(update={"team": settings.name}))
    teams = tuple(settings if t.name == state.open_team else t for t in state.whole.teams)
    if settings.name not in {t.name for t in teams}:
        teams = (*teams, settings)
    merged: list[Person] = []
    placed = False
    for person in state.whole.people:  # the team's people where its first person was
        if person.team != state.open_team:
            merged.append(person)
        elif not placed:
            merged.extend(people)
            placed = True
    if not placed:
        merged.extend(people)
    # The open team's accepted risks and workshop results are those edited with it.
    risks = [r for r in state.whole.accepted_risks if r.team != state.open_team]
    held = [w for w in state.whole.workshops if w.team != state.open_team]
    return Roster(
        teams=teams,
        people=tuple(merged),
        accepted_risks=(*risks, *edited.accepted_risks),
        workshops=(*held, *edited.workshops),
        hr_import=state.whole.hr_import,
    )


def workspace_for(roster: Roster, label: str = "") -> Workspace:
    """The dashboard's workspace of ``roster``: all of it, or its first team if too large."""
    if not opens_one_team_at_a_time(roster):
        return workspace_from_roster(roster, label=label)
    one, state = open_team(roster, roster.team_names()[0])
    workspace = workspace_from_roster(one, label=label)
    workspace.whole = state
    return workspace


def switch_team(workspace: Workspace, edited: Roster, team: str) -> Workspace:
    """Fold the open team (``edited``, its valid rows) back in and open ``team`` instead."""
    if workspace.whole is None:
        raise ValueError("this workspace holds every team already")
    one, state = open_team(fold(workspace.whole, edited), team)
    fresh = workspace_from_roster(one, label=workspace.label)
    fresh.whole = state
    return fresh


def whole_fingerprint(one: OneTeamAtATime) -> str:
    """A digest of the whole roster and the team open, to key caches of whole-roster
    figures (the open team's tables alone do not show edits folded back from others)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(one.open_team.encode())
    digest.update(one.whole.model_dump_json().encode())
    return digest.hexdigest()


def whole_roster(workspace: Workspace, edited: Roster) -> Roster:
    """Every team: the open one as edited (``edited``), the others as they were read."""
    return edited if workspace.whole is None else fold(workspace.whole, edited)
