"""The dashboard's working copy, without a UI: away candidates, renames, parsing tables."""

from __future__ import annotations

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.workspace import (
    Workspace,
    away_candidates,
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
