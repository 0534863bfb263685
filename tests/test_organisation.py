"""Figures across teams: coverage grid, shared people, and whose absence hurts most teams."""

from __future__ import annotations

import json
import random

import pytest

from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.cli import main
from teambuilder.formation import draw_status
from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.organisation import (
    exposure_sentence,
    organisation,
    organisation_text,
    resilience_to_single_absences,
)
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.helpers import make_person

TEAM_SIZE = 20


def organisation_roster(teams: int, seed: int = 11) -> Roster:
    """``teams`` teams of 20; a platform engineer shared by every 10 teams, alone there."""
    rng = random.Random(seed)
    delivery = ["data_scientist", "ml_engineer", "analytics_engineer", "outside_in", "architect"]
    people: list[Person] = []
    for index in range(teams):
        team = f"Team {index:03d}"
        people.append(
            Person(
                team=team,
                name=f"Sponsor {index // 25:02d}",
                fte=1.0,
                allocations={"executive_sponsor": 0.02},
            )
        )
        people.append(
            Person(
                team=team,
                name=f"Platform {index // 10:02d}",
                fte=1.0,
                allocations={"platform_engineer": 0.2},
            )
        )
        for member in range(TEAM_SIZE - 2):
            allocations = {rng.choice(delivery): 0.6}
            if member < 2:
                allocations = {"mlops_engineer": 0.5, "tech_lead": 0.3}
            elif member == 2:
                allocations = {"inside_out": 0.8}
            people.append(
                Person(
                    team=team,
                    name=f"P{index:03d}-{member:02d}",
                    fte=1.0,
                    title="ML Engineer",
                    allocations=allocations,
                )
            )
    settings = tuple(TeamSettings(name=f"Team {i:03d}") for i in range(teams))
    return Roster(teams=settings, people=tuple(people))


def org_of(roster: Roster, **kwargs):
    return organisation(roster, score(roster), **kwargs)


def test_the_example_organisation_shows_its_stretched_platform_engineer():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")

    org = org_of(roster)
    shared = {p.name: p for p in org.shared}

    assert [t.team for t in org.teams] == ["Demand Forecasting", "Personalisation", "ML Platform"]
    assert shared["Ravi Iyer"].total_load == pytest.approx(1.4)  # 0.5 + 0.4 + 0.5
    assert shared["Ravi Iyer"].status == "overloaded"
    assert shared["Helen Brooks"].status == "ok"
    assert org.key_people[0].name == "Ravi Iyer"
    assert set(org.key_people[0].teams_hurt) == {"Demand Forecasting", "Personalisation"}


def test_the_grid_shows_each_position_as_the_pitch_draws_it():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")
    report = score(roster)

    org = organisation(roster, report)

    for row, team_report in zip(org.teams, report.teams, strict=True):
        assert set(row.coverage) == set(catalogue().position_ids)
        for coverage in team_report.coverage:
            assert row.coverage[coverage.position] == draw_status(coverage)
        assert row.health == team_report.health
        assert row.bus_factor == team_report.bus_factor


def test_someone_alone_on_a_critical_position_in_two_teams_hurts_both():
    roster = Roster(
        people=(
            make_person("Meghan", team="A", mlops_engineer=0.5),
            make_person("Meghan", team="B", mlops_engineer=0.4),
            make_person("Ola", team="A", ml_engineer=0.5),
            make_person("Per", team="B", ml_engineer=0.5),
            make_person("Quinn", team="B", ml_engineer=0.5),
        )
    )

    org = org_of(roster)

    assert [k.name for k in org.most_exposing] == ["Meghan"]
    assert org.key_people[0].positions == (("A", "mlops_engineer"), ("B", "mlops_engineer"))
    assert "Per" not in {k.name for k in org.key_people}  # two people hold ML in B
    assert {k.name: k.teams_hurt for k in org.key_people}["Ola"] == ("A",)


def test_a_critical_position_a_team_marks_counts_for_its_key_people():
    people = (make_person("Ada", team="A", architect=0.5), make_person("Bo", team="A"))
    plain = Roster(people=people)
    marked = Roster(
        teams=(TeamSettings(name="A", critical_positions=("architect",)),), people=people
    )

    assert org_of(plain).key_people == ()
    assert [k.name for k in org_of(marked).key_people] == ["Ada"]


def test_a_person_booked_across_teams_beyond_their_fte_is_overloaded():
    roster = Roster(
        people=(
            make_person("Sam", 0.8, team="A", ml_engineer=0.5),
            make_person("Sam", 0.8, team="B", ml_engineer=0.5),
            make_person("Tia", 1.0, team="A", data_scientist=0.4),
            make_person("Tia", 1.0, team="B", data_scientist=0.4),
        )
    )

    shared = {p.name: p for p in org_of(roster).shared}

    assert shared["Sam"].status == "overloaded"
    assert shared["Sam"].teams == ("A", "B")
    assert shared["Tia"].status == "ok"


def test_a_resilience_function_fills_its_column_and_none_leaves_it_empty():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")

    without = org_of(roster)
    with_it = org_of(roster, resilience=lambda r, team: len(r.members(team)) / 100)

    assert all(row.resilience is None for row in without.teams)
    assert [row.resilience for row in with_it.teams] == [
        len(roster.members(t.team)) / 100 for t in with_it.teams
    ]


def test_five_hundred_teams_give_a_row_each_and_the_shared_engineers_on_top():
    roster = organisation_roster(500)

    org = org_of(roster)

    assert len(org.teams) == 500
    assert org.people == 500 * 18 + 50 + 20
    assert {len(k.teams_hurt) for k in org.most_exposing} == {10}
    assert org.most_exposing[0].name.startswith("Platform")
    assert len(org.most_exposing) == 50


def test_the_text_lists_teams_shared_people_and_key_people():
    text = organisation_text(org_of(load_roster(EXAMPLES_DIR / "organisation.json")))

    assert "3 teams, 14 people" in text
    assert "Ravi Iyer: 3 teams" in text
    assert "OVERLOADED" in text
    assert "Ravi Iyer: 2 teams (MLOps engineer in Demand Forecasting" in text


def test_the_command_line_prints_the_same_figures_as_json(capsys):
    path = EXAMPLES_DIR / "organisation.json"

    assert main(["org", str(path), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    roster = load_roster(path)
    expected = org_of(roster, resilience=resilience_to_single_absences(roster))

    assert printed == expected.model_dump(mode="json")
    assert printed["key_people"][0]["name"] == "Ravi Iyer"


def test_each_teams_resilience_is_its_share_of_single_absences_without_new_critical():
    roster = load_roster(EXAMPLES_DIR / "organisation.json")

    org = org_of(roster, resilience=resilience_to_single_absences(roster))

    stressed = {result.team: result for result in stress_test(roster, depth=1)}
    for row in org.teams:
        result = stressed[row.team]
        clear = [c for c in result.combinations if not c.new_critical]
        assert row.resilience == pytest.approx(len(clear) / len(result.combinations), abs=1e-4)
    assert "N-1" in organisation_text(org)


def test_the_command_line_refuses_a_broken_roster_with_exit_2(tmp_path, capsys):
    broken = tmp_path / "org.csv"
    broken.write_text("name,fte\nAda,2\n")

    assert main(["org", str(broken)]) == 2
    assert "line 2, column 'fte'" in capsys.readouterr().err


def test_the_sentence_names_who_hurts_the_most_teams():
    one = org_of(load_roster(EXAMPLES_DIR / "organisation.json"))
    many = org_of(organisation_roster(30))

    assert exposure_sentence(one) == (
        "Most exposed: Ravi Iyer alone holds a critical position in 2 teams; "
        "if they are away, nobody holds it there."
    )
    assert exposure_sentence(many).startswith(
        "Most exposed: Platform 00, Platform 01 and Platform 02 each alone hold a critical "
        "position in 10 teams"
    )
