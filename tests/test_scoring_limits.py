"""Rosters shaped to make scoring slow or huge: the work stays linear and bounded."""

from __future__ import annotations

import pytest

from teambuilder.models import Person, Roster
from teambuilder.scoring import MAX_OTHER_TEAMS, MAX_TEAMS, TooManyTeamsError, score
from teambuilder.validation import RosterError


def reporting_chain(length: int) -> Roster:
    """Each person reports to the next; the last is the sponsor. Every second person is
    a tech lead, the others hold no position: managers in between every lead and the top."""
    people = []
    for index in range(length):
        if index == length - 1:
            allocations = {"executive_sponsor": 0.1}
        elif index % 2 == 0:
            allocations = {"tech_lead": 0.5}
        else:
            allocations = {}
        people.append(
            Person(
                team="Chain",
                name=f"P{index:05d}",
                fte=1,
                reports_to=f"P{index + 1:05d}" if index < length - 1 else None,
                allocations=allocations,
            )
        )
    return Roster(people=tuple(people))


def test_a_reporting_chain_of_ten_thousand_names_every_manager_once_in_line_order():
    roster = reporting_chain(10_000)

    team = score(roster).teams[0]

    managers = [f"P{i:05d}" for i in range(1, 9_999, 2)]
    assert list(team.middle_managers) == managers
    (warning,) = [w for w in team.warnings if w.code == "MIDDLE_MANAGEMENT"]
    assert warning.people == tuple(managers)


def test_a_reporting_loop_built_in_code_is_walked_once_and_ends():
    # Readers refuse loops; a roster made in code can still have one.
    people = (
        Person(team="T", name="Lead", fte=1, reports_to="Mid", allocations={"tech_lead": 0.5}),
        Person(team="T", name="Mid", fte=1, reports_to="Boss"),
        Person(
            team="T", name="Boss", fte=1, reports_to="Lead", allocations={"executive_sponsor": 1}
        ),
    )

    team = score(Roster(people=people)).teams[0]

    assert team.middle_managers == ("Mid",)


def test_one_person_in_two_thousand_teams_names_a_bounded_number_of_other_teams():
    teams = MAX_TEAMS
    people = tuple(
        Person(team=f"T{i:05d}", name="Solo", fte=1, allocations={"mlops_engineer": 0.5})
        for i in range(teams)
    )

    report = score(Roster(people=people))

    assert len(report.teams) == teams
    solo = report.teams[7].people[0]
    assert len(solo.other_teams) == MAX_OTHER_TEAMS
    assert "T00007" not in solo.other_teams
    (overload,) = report.warnings
    assert len(overload.teams) == teams  # the organisation-level warning names them all


def test_more_teams_than_one_report_holds_are_refused_with_the_reason():
    people = tuple(
        Person(team=f"T{i:05d}", name="Solo", fte=1, allocations={"mlops_engineer": 0.5})
        for i in range(20_000)
    )

    with pytest.raises(TooManyTeamsError) as raised:
        score(Roster(people=people))

    assert isinstance(raised.value, RosterError)
    assert "20,000 teams" in str(raised.value)
    assert f"at most {MAX_TEAMS:,}" in str(raised.value)
