"""A roster too large to edit at once opens one team at a time (issue 9)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import catalogue
from teambuilder.large import (
    EDIT_LIMIT_PEOPLE,
    fold,
    open_team,
    opens_one_team_at_a_time,
    switch_team,
    whole_roster,
    workspace_for,
)
from teambuilder.models import AcceptedRisk, Person, Roster, TeamSettings
from teambuilder.roster_io import roster_to_csv, roster_to_json
from teambuilder.scoring import score
from teambuilder.workspace import parse_workspace

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TEAM_SIZE = 25


def big_roster(teams: int) -> Roster:
    """``teams`` teams of 25; each team's lead reports to the first team's head."""
    positions = list(catalogue().position_ids)
    people = []
    for t in range(teams):
        for i in range(TEAM_SIZE):
            people.append(
                Person(
                    team=f"Team {t:03d}",
                    name=f"Person {t:03d}-{i:02d}",
                    fte=1.0,
                    reports_to=None if (t, i) == (0, 0) else ("Person 000-00" if i == 0 else None),
                    allocations={positions[i % len(positions)]: 0.8},
                )
            )
    settings = tuple(TeamSettings(name=f"Team {t:03d}") for t in range(teams))
    return Roster(teams=settings, people=tuple(people))


LARGE = big_roster(EDIT_LIMIT_PEOPLE // TEAM_SIZE + 2)  # 42 teams, 1,050 people


def test_only_rosters_over_the_limit_with_several_teams_open_one_team_at_a_time():
    assert opens_one_team_at_a_time(LARGE)
    assert not opens_one_team_at_a_time(big_roster(EDIT_LIMIT_PEOPLE // TEAM_SIZE))  # 1,000
    one_big_team = Roster(people=tuple(p.model_copy(update={"team": "All"}) for p in LARGE.people))
    assert not opens_one_team_at_a_time(one_big_team)  # nothing to split it by


def test_opening_a_team_and_folding_it_back_changes_nothing():
    one, state = open_team(LARGE, "Team 005")
    assert one.team_names() == ["Team 005"]
    assert len(one.people) == TEAM_SIZE
    # The lead's manager is in another team: set aside while open, given back on folding.
    lead = next(p for p in one.people if p.name == "Person 005-00")
    assert lead.reports_to is None
    assert state.outside_managers == {"Person 005-00": "Person 000-00"}
    assert roster_to_json(fold(state, one)) == roster_to_json(LARGE)


def test_every_teams_accepted_risks_survive_opening_and_folding_one_team():
    report = score(LARGE)
    risks = tuple(
        AcceptedRisk(
            team=team,
            warning=subject_key(team, report.team(team).warnings[0]),
            code=report.team(team).warnings[0].code,
            owner="Head of data",
            rationale="Hiring next quarter.",
            accepted_on=date(2026, 12, 1),
            review_on=date(2027, 3, 1),
        )
        for team in ("Team 000", "Team 005")
    )
    whole = LARGE.model_copy(update={"accepted_risks": risks})

    one, state = open_team(whole, "Team 005")

    assert [r.team for r in one.accepted_risks] == ["Team 005"]
    assert set(fold(state, one).accepted_risks) == set(risks)


def test_switching_teams_keeps_the_open_teams_edits_and_a_rename():
    ws = workspace_for(LARGE, label="big")
    assert ws.team_names == ["Team 000"] and ws.whole is not None
    ws.tables["Team 000"].loc[3, "fte"] = 0.5
    ws.settings = {"Renamed": ws.settings["Team 000"].model_copy(update={"name": "Renamed"})}
    ws.tables = {"Renamed": ws.tables["Team 000"]}

    switched = switch_team(ws, parse_workspace(ws).roster, "Team 007")

    assert switched.team_names == ["Team 007"]
    assert switched.whole is not None
    whole = whole_roster(switched, parse_workspace(switched).roster)
    assert whole.team_names()[0] == "Renamed"  # in its place among the teams
    assert len(whole.people) == len(LARGE.people)
    changed = next(p for p in whole.people if p.name == "Person 000-03")
    assert changed.fte == 0.5 and changed.team == "Renamed"
    lead = next(p for p in whole.people if p.name == "Person 007-00")
    assert lead.reports_to == "Person 000-00"


def test_the_app_opens_a_large_upload_one_team_at_a_time_and_undo_reverses_a_switch():
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("views/files.py")
    at.run()
    at.file_uploader(key="upload").upload("big.csv", roster_to_csv(LARGE).encode(), "text/csv")
    at.run()
    at.button(key="confirm-upload").click()
    at.run()
    assert not at.exception
    at.switch_page("views/formation.py")
    at.run()

    ws = at.session_state["workspace"]
    assert ws.team_names == ["Team 000"]
    note = " ".join(i.value for i in at.sidebar.info).replace("\\", "")
    assert "1,050 people in 42 teams" in note and "one team is open at a time" in note
    assert next(m.value for m in at.metric if m.label == "People") == str(TEAM_SIZE)

    at.sidebar.selectbox(key=f"large-team-pick-{ws.version}").set_value("Team 041")
    at.run()
    assert not at.exception
    assert at.session_state["workspace"].team_names == ["Team 041"]
    assert str(at.title[0].value) == "Team 041"

    at.sidebar.button(key="undo-step").click()
    at.run()
    assert at.session_state["workspace"].team_names == ["Team 000"]


def test_the_files_page_downloads_every_team_of_a_large_roster():
    ws = workspace_for(LARGE)
    every = json.loads(roster_to_json(whole_roster(ws, parse_workspace(ws).roster)))
    assert len(every["people"]) == len(LARGE.people)


def test_the_organisation_page_of_a_large_roster_shows_every_team():
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["workspace"] = workspace_for(LARGE, label="big")
    at.switch_page("views/organisation.py")
    at.run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "Teams") == "42"
    assert next(m.value for m in at.metric if m.label == "People") == "1050"
