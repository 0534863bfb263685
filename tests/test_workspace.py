"""The dashboard's working copy, without a UI: away candidates, renames, parsing tables."""

from __future__ import annotations

import pytest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.workspace import (
    Workspace,
    away_candidates,
    rename_team,
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
