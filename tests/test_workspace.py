"""The dashboard's working copy, without a UI: away candidates, renames, parsing tables."""

from __future__ import annotations

import pytest

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.workspace import (
    History,
    PersonEntry,
    Workspace,
    away_candidates,
    describe_table_change,
    parse_workspace,
    person_entry,
    picked_positions,
    rename_team,
    rows_left_off,
    shares_for,
    snapshot,
    split_fte,
    table_from_records,
    tables_differ,
    with_person,
    without_row,
    workspace_fingerprint,
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


# --- Undo history and the one-person form's helpers ---------------------------------------


def test_history_undoes_and_redoes_more_than_fifty_steps_in_order():
    ws = example("startup_hero.csv")
    history = History()
    for number in range(60):
        history.record(f"step {number}", ws, "Loopwise")
        ws.tables["Loopwise"].loc[0, "fte"] = round(0.01 * (number + 1), 2)

    seen = []
    while (step := history.step_back(ws, "Loopwise")) is not None:
        seen.append(step.description)
        ws = snapshot(step.before)

    assert seen == [f"step {n}" for n in reversed(range(60))]
    assert ws.tables["Loopwise"].loc[0, "fte"] == 1.0
    step = history.step_forward(ws, "Loopwise")
    assert step is not None and step.before.tables["Loopwise"].loc[0, "fte"] == 0.01


def test_history_keeps_its_own_copies_and_forgets_beyond_its_limit():
    ws = example("startup_hero.csv")
    history = History(limit=3)
    for number in range(5):
        history.record(f"step {number}", ws, "Loopwise")
    ws.tables["Loopwise"].loc[0, "name"] = "Changed later"

    assert [s.description for s in history.undo] == ["step 2", "step 3", "step 4"]
    assert history.undo[-1].before.tables["Loopwise"].loc[0, "name"] == "Priya Nair"


def test_a_new_change_after_an_undo_clears_the_redo_stack():
    ws = example("startup_hero.csv")
    history = History()
    history.record("first", ws, "Loopwise")
    history.step_back(ws, "Loopwise")
    assert history.redo

    history.record("second", ws, "Loopwise")

    assert history.redo == []


def test_tables_differ_ignores_the_index_and_dtypes_but_not_values():
    table = example("startup_hero.csv").tables["Loopwise"]
    renumbered = table.copy()
    renumbered.index = range(1, len(table) + 1)
    changed = table.copy()
    changed.loc[3, "title"] = "Other"

    assert not tables_differ(table, renumbered)
    assert not tables_differ(table, table.astype(object))
    assert tables_differ(table, changed)
    assert tables_differ(table, table.iloc[:-1])


def test_a_change_is_described_by_the_person_it_touches():
    table = example("startup_hero.csv").tables["Loopwise"]
    changed = table.copy()
    changed.loc[1, "fte"] = 0.5

    assert describe_table_change(table, changed) == "an edit of Meghan Okafor"
    assert describe_table_change(table, table.iloc[:-1]) == "a row deleted"
    grown = table_from_records([*table.to_dict("records"), {"name": "Nova"}])
    assert describe_table_change(table, grown) == "a row added"


@pytest.mark.parametrize(
    ("fte", "positions", "expected"),
    [
        (1.0, ["a"], {"a": 1.0}),
        (1.0, ["a", "b"], {"a": 0.5, "b": 0.5}),
        (1.0, ["a", "b", "c"], {"a": 0.35, "b": 0.35, "c": 0.3}),
        (0.8, ["a", "b"], {"a": 0.4, "b": 0.4}),
        (0.5, [], {}),
    ],
)
def test_a_persons_fte_is_split_over_their_positions_in_steps_that_add_up(fte, positions, expected):
    split = split_fte(fte, positions)

    assert split == expected
    assert round(sum(split.values()), 2) == (fte if positions else 0)


def test_a_person_entry_round_trips_through_a_table_row():
    table = example("startup_hero.csv").tables["Loopwise"]
    meghan = person_entry(table, 1)

    assert meghan.name == "Meghan Okafor" and meghan.reports_to == "Priya Nair"
    assert meghan.allocations == {
        "ml_engineer": 0.3,
        "mlops_engineer": 0.6,
        "platform_engineer": 0.3,
    }
    changed = PersonEntry(name="Meghan Okafor", fte=0.9, allocations={"mlops_engineer": 0.9})
    updated = with_person(table, changed, 1)
    assert person_entry(updated, 1).allocations == {"mlops_engineer": 0.9}
    added = with_person(table, PersonEntry(name="Nova", allocations={"tech_lead": 0.5}), None)
    assert len(added) == len(table) + 1 and person_entry(added, len(table)).name == "Nova"
    assert without_row(table, 0)["name"].iloc[0] == "Meghan Okafor"


def test_picked_chips_are_the_offered_ones_plus_clicks_on_minus_clicks_off():
    offered = ["tech_lead", "ml_engineer"]
    assert picked_positions(offered, [], []) == offered
    assert picked_positions(offered, ["architect"], ["tech_lead"]) == ["ml_engineer", "architect"]
    # A click is not undone by the order it arrives in: the same sets give the same chips.
    assert picked_positions(["data_scientist"], ["architect"], []) == [
        "data_scientist",
        "architect",
    ]
    assert picked_positions(offered, ["tech_lead"], ["tech_lead"]) == ["ml_engineer"]


def test_blank_shares_take_an_even_part_of_the_time_not_typed():
    picked = ["tech_lead", "ml_engineer", "architect"]
    assert shares_for(1.0, picked, {"tech_lead": 0.5}) == {
        "tech_lead": 0.5,
        "ml_engineer": 0.25,
        "architect": 0.25,
    }
    assert shares_for(0.8, ["tech_lead"], {}) == {"tech_lead": 0.8}
    # More typed than the person has: the blank ones get nothing, the typed ones stay.
    assert shares_for(0.5, picked, {"tech_lead": 0.6, "architect": None}) == {
        "tech_lead": 0.6,
        "ml_engineer": 0.0,
        "architect": 0.0,
    }
    assert shares_for(1.0, [], {"tech_lead": 0.5}) == {}


# --- The content digest that keys the parsed-roster cache ----------------------------------


def loopwise_workspace():
    return workspace_from_roster(load_roster(EXAMPLES_DIR / "startup_hero.csv"))


def test_the_digest_is_the_same_for_a_copy_and_after_the_tables_are_read():
    ws = loopwise_workspace()
    team = ws.team_names[0]
    edited = ws.tables[team].copy()
    edited.loc[0, "fte"] = 0.35  # a cell set in place: pandas keeps it in its own block
    ws.tables[team] = edited
    before = workspace_fingerprint(ws)

    away_candidates(ws)  # reading columns makes pandas rearrange its blocks
    parse_workspace(ws)

    assert workspace_fingerprint(ws) == before
    assert workspace_fingerprint(snapshot(ws)) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda ws, team: ws.tables[team].__setitem__("fte", ws.tables[team]["fte"] * 0.5),
        lambda ws, team: ws.tables[team].__setitem__("title", "Chef"),
        lambda ws, team: ws.tables[team].__setitem__("absent", True),
        lambda ws, team: ws.settings.__setitem__(
            team, ws.settings[team].model_copy(update={"mission_critical": True})
        ),
        lambda ws, team: ws.tables.__setitem__(team, ws.tables[team].iloc[:-1]),
        lambda ws, team: rename_team(ws, team, "Renamed"),
    ],
    ids=["an FTE", "a title", "an away tick", "a setting", "a row deleted", "a team renamed"],
)
def test_the_digest_changes_with_anything_the_parse_reads(change):
    ws = loopwise_workspace()
    team = ws.team_names[0]
    before = workspace_fingerprint(ws)
    ws.tables[team] = ws.tables[team].copy()

    change(ws, team)

    assert workspace_fingerprint(ws) != before


def test_a_number_and_the_same_number_typed_as_text_are_told_apart():
    ws = loopwise_workspace()
    team = ws.team_names[0]
    ws.tables[team].loc[0, "fte"] = 1.0
    as_text = ws.tables[team].copy()
    as_text["fte"] = as_text["fte"].astype(object)
    as_text.loc[0, "fte"] = "1"
    changed = snapshot(ws)
    changed.tables[team] = as_text

    assert workspace_fingerprint(changed) != workspace_fingerprint(ws)
