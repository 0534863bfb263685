"""The HR import's column mapping kept with the roster (its ``hr_import`` section):
read and refused with precise messages, carried by the workspace and by scenarios, and
used again for the next export of the same HR system."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from teambuilder.cli import main
from teambuilder.hr_import import (
    apply_mapping,
    guess_mapping,
    import_record,
    load_export,
    mapping_of_record,
    read_export,
    saved_mapping_for,
)
from teambuilder.io.json import read_json_text, roster_to_json
from teambuilder.large import fold, open_team
from teambuilder.models import HrImportRecord, Roster
from teambuilder.roster_io import load_roster
from teambuilder.services import latest_draft, open_scenario, save_draft, save_scenario
from teambuilder.share import SharedState, decode_state, encode_state
from teambuilder.store import Store, open_store
from teambuilder.validation import RosterError
from teambuilder.workspace import (
    parse_workspace,
    snapshot,
    workspace_fingerprint,
    workspace_from_roster,
)

HR = Path(__file__).parent / "fixtures" / "hr"
WHEN = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def imported(name: str = "workday_like.csv") -> Roster:
    table = load_export(HR / name)
    mapping = guess_mapping(table)
    record = import_record(table, mapping, name, WHEN)
    return apply_mapping(table, mapping).roster.model_copy(update={"hr_import": record})


def document_with(hr_import: object) -> str:
    document = {
        "people": [{"name": "Ada", "team": "Core", "fte": 1.0}],
        "hr_import": hr_import,
    }
    return json.dumps(document)


def good_section(**changes: object) -> dict[str, object]:
    section: dict[str, object] = {
        "source_columns": ["Worker", "Business Title", "Weekly Hours", "Notes"],
        "columns": {"Worker": "name", "Business Title": "title", "Weekly Hours": "hours"},
        "fte_unit": "hours",
        "standard_week_hours": 38.5,
        "file_name": "headcount.csv",
        "file_kind": "csv",
        "recorded_at": "2026-11-30T09:15:00Z",
    }
    section.update(changes)
    return section


def problems_of(text: str) -> list[str]:
    with pytest.raises(RosterError) as caught:
        read_json_text(text, "roster.json")
    return [str(problem) for problem in caught.value.problems]


# --- What is kept ------------------------------------------------------------------------


def test_the_record_keeps_the_header_the_mapping_the_unit_and_the_file():
    roster = imported("workday_like.csv")
    kept = roster.hr_import

    assert kept is not None
    assert kept.source_columns[:3] == ("Employee ID", "Worker", "Business Title")
    assert kept.columns["Worker"] == "name"
    assert kept.columns["Scheduled Weekly Hours"] == "hours"
    assert kept.fte_unit == "hours"
    assert (kept.file_name, kept.file_kind, kept.recorded_at) == ("workday_like.csv", "csv", WHEN)


def test_percentages_and_fractions_are_told_apart():
    percent = read_export(b"Name,Job Title,FTE\nAda,ML Engineer,80%\nBo,Analyst,100%\n", "a.csv")
    fraction = read_export(b"Name,Job Title,FTE\nAda,ML Engineer,0.8\nBo,Analyst,1\n", "b.csv")

    def unit(table):
        return import_record(table, guess_mapping(table), "x.csv", WHEN).fte_unit

    assert unit(percent) == "percent"
    assert unit(fraction) == "fraction"


def test_the_section_survives_writing_and_reading_json():
    roster = imported("bamboohr_like.csv")

    again = read_json_text(roster_to_json(roster), "roster.json")

    assert again.hr_import == roster.hr_import
    assert again == roster


def test_a_roster_without_an_import_is_written_as_before():
    assert "hr_import" not in roster_to_json(imported().model_copy(update={"hr_import": None}))


def test_the_next_export_with_the_same_or_more_columns_gets_the_kept_mapping():
    roster = imported("personio_like.csv")
    kept = roster.hr_import
    assert kept is not None
    text = (HR / "personio_like.csv").read_text()
    header, *rows = text.splitlines()
    wider = read_export(
        "\n".join([header + ";Cost centre", *(row + ";CC-1" for row in rows)]).encode(),
        "personio_december.csv",
    )

    mapping, missing = saved_mapping_for(kept, wider)

    assert missing == ()
    assert mapping == mapping_of_record(kept)
    assert apply_mapping(wider, mapping).roster.people == roster.people


def test_an_export_lacking_kept_columns_names_them_and_offers_nothing():
    kept = imported("workday_like.csv").hr_import
    assert kept is not None
    other = load_export(HR / "bamboohr_like.csv")

    mapping, missing = saved_mapping_for(kept, other)

    assert mapping is None
    assert missing[:3] == ("Employee ID", "Worker", "Business Title")
    assert "Cost Center" in missing


# --- A broken section, named precisely ---------------------------------------------------


def test_a_good_section_is_read():
    roster = read_json_text(document_with(good_section()), "roster.json")

    assert roster.hr_import is not None
    assert roster.hr_import.standard_week_hours == 38.5


def test_a_section_that_is_not_an_object_is_refused():
    assert problems_of(document_with(["Worker"])) == [
        "roster.json, field 'hr_import': [\"Worker\"] is not an object; hr_import is an object "
        "with fields source_columns, columns, team, fte_unit, standard_week_hours, "
        "away_statuses, left_statuses, active_statuses, file_name, file_kind, recorded_at"
    ]


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        (
            {"columns": {"Worker": "name", "Manager": "reports_to"}},
            "columns",
            "column 'Manager' is mapped but is not one of source_columns",
        ),
        (
            {"columns": {"Worker": "nmae"}},
            "columns",
            "column 'Worker' is mapped to 'nmae', which is not a field; the fields are name,",
        ),
        (
            {"columns": {"Worker": "name", "Notes": "name"}},
            "columns",
            "columns 'Worker' and 'Notes' are both mapped to 'name'",
        ),
        ({"fte_unit": "percent"}, "fte_unit", "'percent' needs a column mapped to 'fte'"),
        ({"fte_unit": None}, "fte_unit", "a column is mapped to 'fte' or 'hours'"),
        ({"fte_unit": "days"}, "fte_unit", "'days' is not allowed here"),
        ({"standard_week_hours": 0}, "standard_week_hours", "0 is not above 0"),
        ({"file_kind": "pdf"}, "file_kind", "'pdf' is not allowed here"),
        ({"source_columns": []}, "source_columns", ""),
        ({"recorded_at": "last Tuesday"}, "recorded_at", ""),
        ({"mapping": {}}, "mapping", "unknown field; the fields are source_columns, columns"),
    ],
)
def test_each_broken_field_is_named_with_what_is_wrong(changes, field, said):
    problems = problems_of(document_with(good_section(**changes)))

    assert len(problems) == 1
    assert problems[0].startswith(f"roster.json, hr_import, field '{field}': "), problems
    assert said in problems[0]
    assert "Value error" not in problems[0]


def test_a_missing_field_is_named():
    section = good_section()
    del section["file_name"]

    assert problems_of(document_with(section)) == [
        "roster.json, hr_import, field 'file_name': this field is missing"
    ]


def test_a_misspelt_section_name_is_pointed_at_the_right_one():
    text = json.dumps({"people": [], "hr_imports": good_section()})

    (problem,) = problems_of(text)

    assert "field 'hr_imports'" in problem
    assert "hr_import" in problem.split(":", 1)[1]


# --- Carried through the editor and the large-roster path --------------------------------


def test_the_workspace_carries_the_section_through_editing_and_undo():
    roster = imported()
    ws = workspace_from_roster(roster)

    assert parse_workspace(ws).roster.hr_import == roster.hr_import
    assert snapshot(ws).hr_import == roster.hr_import


def test_the_fingerprint_changes_with_the_kept_mapping():
    ws = workspace_from_roster(imported())
    before = workspace_fingerprint(ws)
    assert ws.hr_import is not None
    ws.hr_import = ws.hr_import.model_copy(update={"standard_week_hours": 37.5})

    assert workspace_fingerprint(ws) != before


def test_a_roster_opened_one_team_at_a_time_keeps_it_when_folded_back():
    roster = imported()
    one, state = open_team(roster, roster.team_names()[0])

    assert fold(state, one).hr_import == roster.hr_import


# --- Kept with scenarios, on both engines ------------------------------------------------


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    yield opened
    opened.close()


def test_a_saved_scenario_keeps_the_mapping(store):
    roster = imported("personio_like.csv")

    save_scenario(store, "From Personio", roster)
    opened = open_scenario(store, "From Personio")

    assert opened.roster.hr_import == roster.hr_import
    assert isinstance(opened.roster.hr_import, HrImportRecord)
    assert opened.roster.hr_import.columns["Weekly working hours"] == "hours"


def test_a_draft_keeps_the_mapping(store):
    roster = imported("bamboohr_like.csv")

    draft_id = save_draft(store, roster)
    found = latest_draft(store, draft_id)

    assert found is not None
    assert found.roster.hr_import == roster.hr_import


def test_a_share_link_keeps_the_mapping():
    roster = imported("bamboohr_like.csv")

    state = decode_state(encode_state(SharedState(roster=roster)))

    assert state.roster.hr_import == roster.hr_import


# --- The command line --------------------------------------------------------------------


def test_the_command_line_keeps_the_mapping_and_reuses_it(tmp_path, capsys):
    first = tmp_path / "november.json"
    second = tmp_path / "december.json"
    corrected = tmp_path / "mapping.json"
    assert main(["import", str(HR / "workday_like.csv"), "--guess"]) == 0
    mapping = json.loads(capsys.readouterr().out)
    mapping["columns"]["Location"] = "team"  # the user's correction
    del mapping["columns"]["Supervisory Organization"]
    corrected.write_text(json.dumps(mapping))

    export = str(HR / "workday_like.csv")
    assert main(["import", export, "--mapping", str(corrected), "--out", str(first)]) == 0
    capsys.readouterr()
    code = main(
        ["import", str(HR / "workday_like.csv"), "--mapping-from", str(first), "--out", str(second)]
    )
    captured = capsys.readouterr()

    assert code == 0
    assert "no --mapping given" not in captured.err
    assert load_roster(first).hr_import.columns["Location"] == "team"
    with (HR / "workday_like.csv").open(newline="") as export:
        rows = list(csv.DictReader(export.readlines()[1:]))  # below the report's title line
    assert sorted(load_roster(second).team_names()) == sorted({r["Location"] for r in rows})
    assert "Forecasting" not in load_roster(second).team_names()


def test_mapping_from_a_roster_lacking_the_columns_is_refused(tmp_path, capsys):
    first = tmp_path / "workday.json"
    assert main(["import", str(HR / "workday_like.csv"), "--out", str(first)]) == 0
    capsys.readouterr()

    code = main(
        [
            "import",
            str(HR / "bamboohr_like.csv"),
            "--mapping-from",
            str(first),
            "--out",
            str(tmp_path / "r.json"),
        ]
    )
    err = capsys.readouterr().err

    assert code == 2
    assert f"the mapping kept in {first} (from workday_like.csv," in err
    assert "'Employee ID', 'Worker'" in err
    assert not (tmp_path / "r.json").exists()


def test_mapping_from_a_roster_without_one_says_so(tmp_path, capsys):
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"people": [{"name": "Ada", "team": "Core", "fte": 1}]}))

    code = main(["import", str(HR / "workday_like.csv"), "--mapping-from", str(plain), "--guess"])

    assert code == 2
    assert "this roster keeps no column mapping" in capsys.readouterr().err


def test_both_mapping_options_at_once_are_refused(tmp_path, capsys):
    code = main(
        [
            "import",
            str(HR / "workday_like.csv"),
            "--mapping",
            str(tmp_path / "m.json"),
            "--mapping-from",
            str(tmp_path / "r.json"),
            "--guess",
        ]
    )

    assert code == 2
    assert "not both" in capsys.readouterr().err
