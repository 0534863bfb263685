"""The dashboard's working copy, without a UI: away candidates, renames, parsing tables."""

from __future__ import annotations

import pytest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.workspace import (
    Workspace,
    away_candidates,
    parse_workspace,
    rename_team,
    rows_left_off,
    table_from_records,
    workspace_from_roster,
)


def example(filename: str) -> Workspace:
    return workspace_from_roster(load_roster(EXAMPLES_DIR / filename))


def test_away_candidates_are_everyone_in_every_team_once_and_sorted():
    ws = example("organisation.json")

    names = away_candidates(ws)

    assert names == sorted(names)
    assert names.count("Helen Brooks") == 1
    assert {"Marta Kowalski", "Zoe Evans", "Grace Liu"} <= set(names)


def test_away_candidates_leave_out_people_ticked_away_and_blank_names():
    ws = example("startup_hero.csv")
    table = ws.tables["Loopwise"]
    table.loc[table["name"] == "Tom Becker", "absent"] = True
    records = [*table.to_dict("records"), {"name": "  ", "fte": 1.0}, {"title": "Analyst"}]
    ws.tables["Loopwise"] = table_from_records(records)

    names = away_candidates(ws)

    assert "Tom Becker" not in names
    assert names == ["Jonas Weber", "Lina Park", "Meghan Okafor", "Priya Nair"]


def test_someone_whose_row_has_a_typo_can_still_be_picked_as_away():
    ws = example("startup_hero.csv")
    ws.tables["Loopwise"].loc[1, "fte"] = 7.0  # Meghan Okafor

    assert "Meghan Okafor" in away_candidates(ws)


def test_renaming_a_team_moves_its_settings_and_table():
    ws = example("organisation.json")
    table = ws.tables["Personalisation"]

    new = rename_team(ws, "Personalisation", "  Recommendations ")

    assert new == "Recommendations"
    assert ws.team_names == ["Demand Forecasting", "Recommendations", "ML Platform"]
    assert ws.settings["Recommendations"].name == "Recommendations"
    assert ws.settings["Recommendations"].sponsor_update_weeks == 6
    assert ws.tables["Recommendations"] is table


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("x" * 130, "at most 120 characters"),
        ("   ", "needs a name"),
        ("ML Platform", "already a team called 'ML Platform'"),
    ],
)
def test_a_team_name_that_cannot_be_used_leaves_the_workspace_as_it_was(name, says):
    ws = example("organisation.json")
    before = dict(ws.settings)

    with pytest.raises(ValueError, match=says):
        rename_team(ws, "Personalisation", name)

    assert ws.settings == before


def test_an_fte_changed_in_one_team_names_the_rows_it_disagrees_with_as_the_editor_does():
    ws = example("organisation.json")
    demand = ws.tables["Demand Forecasting"]
    demand.loc[demand["name"] == "Helen Brooks", "fte"] = 0.5  # editor row 1

    parsed = parse_workspace(ws)

    messages = [str(problem) for problem in parsed.problems]
    assert messages
    assert all("row 1 of Demand Forecasting" in message for message in messages)
    assert {problem.source for problem in parsed.problems} == {"Personalisation", "ML Platform"}
    assert parsed.skipped_rows == {"Personalisation": (1,), "ML Platform": (1,)}


def test_a_repeated_row_names_the_first_one_by_its_row_in_its_team():
    ws = example("organisation.json")
    table = ws.tables["Personalisation"]
    ws.tables["Personalisation"] = table_from_records(
        [*table.to_dict("records"), table.iloc[0].to_dict()]  # Helen Brooks again
    )

    (problem,) = parse_workspace(ws).problems

    assert problem.source == "Personalisation"
    assert problem.row == len(table) + 1
    assert "already in team 'Personalisation' on row 1 of Personalisation" in problem.message


@pytest.mark.parametrize(
    ("skipped", "said"),
    [
        ({}, ""),
        ({"Fraud": (2,)}, "row 2 of Fraud"),
        ({"Fraud": (2,), "Platform": (1, 4)}, "row 2 of Fraud and rows 1, 4 of Platform"),
    ],
)
def test_rows_left_off_are_named_per_team(skipped, said):
    assert rows_left_off(skipped) == said
