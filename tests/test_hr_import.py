"""HR exports as they come: the mapping is guessed, corrected, saved and used again."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from teambuilder.cli import main
from teambuilder.hr_import import (
    HrMapping,
    accept_proposals,
    apply_mapping,
    guess_mapping,
    load_export,
    mapping_from_json,
    mapping_to_json,
    preview,
    read_export,
)
from teambuilder.roster_io import load_roster
from teambuilder.validation import RosterError

HR = Path(__file__).parent / "fixtures" / "hr"


def people_of(result):
    return {p.name: p for p in result.roster.people}


# --- Guessing ------------------------------------------------------------------------


def test_a_workday_like_report_is_guessed_below_its_title_line():
    table = load_export(HR / "workday_like.csv")

    mapping = guess_mapping(table)

    assert table.header_row == 2
    assert mapping.columns == {
        "Worker": "name",
        "Employee ID": "person_id",
        "Business Title": "title",
        "Supervisory Organization": "team",
        "Manager ID": "manager_id",
        "Scheduled Weekly Hours": "hours",
        "Worker Status": "status",
    }


def test_a_bamboohr_like_export_uses_first_and_last_name_and_a_manager_by_name():
    mapping = guess_mapping(load_export(HR / "bamboohr_like.csv"))

    assert mapping.column_for("first_name") == "First Name"
    assert mapping.column_for("last_name") == "Last Name"
    assert mapping.column_for("reports_to") == "Reporting to"
    assert mapping.column_for("fte") == "FTE %"
    assert "Division" not in mapping.columns


def test_a_manager_column_holding_emails_is_guessed_as_the_managers_email():
    mapping = guess_mapping(load_export(HR / "personio_like.csv"))

    assert mapping.columns["Supervisor"] == "manager_email"
    assert mapping.columns["Weekly working hours"] == "hours"


def test_a_position_id_column_is_not_taken_for_the_job_title():
    table = read_export(b"Name,Position ID,Department\nAda,P-1,Forecasting\n", "x.csv")

    mapping = guess_mapping(table)

    assert "Position ID" not in mapping.columns
    assert mapping.columns == {"Name": "name", "Department": "team"}


# --- Applying ------------------------------------------------------------------------


def test_hours_become_fte_over_the_standard_week_and_a_long_week_is_noted():
    result = apply_mapping(*_guessed("workday_like.csv"))
    people = people_of(result)

    assert people["Sofia Rossi"].fte == 0.8  # 32 of 40 hours
    assert people["Tomás García"].fte == 0.5
    assert people["Hannah Schulz"].fte == 1.0  # 45 hours
    assert any("45 hours" in note and "line 10" in note for note in result.notes)


def test_a_different_standard_week_changes_the_fte():
    table, mapping = _guessed("workday_like.csv")

    result = apply_mapping(table, mapping.model_copy(update={"standard_week_hours": 32}))

    assert people_of(result)["Sofia Rossi"].fte == 1.0


def test_percentages_and_decimal_commas_are_read():
    bamboo = people_of(apply_mapping(*_guessed("bamboohr_like.csv")))
    personio = people_of(apply_mapping(*_guessed("personio_like.csv")))

    assert bamboo["Mia Novak"].fte == 0.8  # "80%"
    assert bamboo["Chloe Dubois"].fte == 0.5
    assert personio["Marie Becker"].fte == pytest.approx(38.5 / 40)  # "38,5" hours


def test_managers_given_by_id_or_by_email_are_resolved_to_names():
    workday = people_of(apply_mapping(*_guessed("workday_like.csv")))
    personio = people_of(apply_mapping(*_guessed("personio_like.csv")))

    assert workday["Li Wei"].reports_to == "Jonas Weber"
    assert workday["Priya Raman"].reports_to == "Sofia Rossi"
    assert personio["Paul Hoffmann"].reports_to == "Lena Fischer"  # email in capitals
    assert personio["Jan Koch"].reports_to == "Felix Wagner"


def test_a_manager_outside_the_export_is_left_blank_and_said_so():
    result = apply_mapping(*_guessed("workday_like.csv"))

    assert people_of(result)["Ana Lima"].reports_to is None
    assert any("'99999'" in note for note in result.notes)


def test_departments_become_teams_or_everyone_goes_to_one_chosen_team():
    table, mapping = _guessed("workday_like.csv")

    by_department = apply_mapping(table, mapping)
    one_team = apply_mapping(table, mapping.model_copy(update={"team": "Data & AI"}))

    assert by_department.roster.team_names() == ["Data Platform", "Forecasting"]
    assert one_team.roster.team_names() == ["Data & AI"]


def test_people_on_leave_are_away_and_leavers_are_left_out_by_name():
    workday = apply_mapping(*_guessed("workday_like.csv"))
    personio = people_of(apply_mapping(*_guessed("personio_like.csv")))

    assert people_of(workday)["Tomás García"].absent
    assert "Oleg Petrov" not in people_of(workday)
    assert workday.left_out == ("Oleg Petrov",)
    assert personio["Paul Hoffmann"].absent
    assert not personio["Sophie Schäfer"].absent  # onboarding counts as present


def test_unmapped_columns_are_ignored_and_listed():
    result = apply_mapping(*_guessed("workday_like.csv"))

    assert result.ignored == ("Hire Date", "Location", "Cost Center")


def test_positions_are_only_proposed_until_accepted():
    result = apply_mapping(*_guessed("workday_like.csv"))
    proposals = {p.name: p for p in result.proposals}

    assert all(not p.allocations for p in result.roster.people)
    assert proposals["Sofia Rossi"].position == "mlops_engineer"
    assert proposals["Jonas Weber"].position == "executive_sponsor"
    assert "inside_out" in proposals["Jonas Weber"].alternatives

    chosen = {(p.team, p.name): p.position for p in result.proposals}
    chosen[("Forecasting", "Jonas Weber")] = "inside_out"  # the user corrects one
    roster = accept_proposals(result.roster, chosen)
    allocations = {p.name: p.allocations for p in roster.people}

    assert allocations["Jonas Weber"] == {"inside_out": 1.0}
    assert allocations["Sofia Rossi"] == {"mlops_engineer": 0.8}


def test_a_title_that_fits_nothing_is_proposed_as_nothing_with_the_reason():
    result = apply_mapping(*_guessed("bamboohr_like.csv"))
    noah = next(p for p in result.proposals if p.name == "Noah Kim")

    assert noah.position is None
    assert "not a position" in noah.reason


def test_the_preview_shows_the_first_rows_as_they_will_be_read():
    table, mapping = _guessed("workday_like.csv")

    rows = preview(table, mapping, limit=5)

    assert [r["name"] for r in rows] == [
        "Amara Osei",
        "Jonas Weber",
        "Li Wei",
        "Sofia Rossi",
        "Tomás García",
    ]
    assert rows[3]["fte"] == 0.8
    assert rows[2]["reports_to"] == "Jonas Weber"
    assert rows[4]["status"] == "away"
    assert rows[0]["row"] == "line 3"


# --- Rejections ----------------------------------------------------------------------


def test_every_problem_is_named_by_line_and_the_exports_own_column():
    table, mapping = _guessed("broken_export.csv")

    with pytest.raises(RosterError) as caught:
        apply_mapping(table, mapping)
    found = {(p.row, p.column) for p in caught.value.problems}
    text = str(caught.value)

    assert found == {
        (3, "Worker"),
        (4, "FTE"),
        (5, "Department"),
        (6, "FTE"),
        (7, "Employee ID"),
        (7, "Worker Status"),
    }
    assert "'abc' is not an FTE" in text
    assert "'Secondment' is not a status" in text
    assert "also the employee id of 'Carl Benz' on line 4" in text


def test_a_correction_to_the_mapping_clears_a_problem():
    table, mapping = _guessed("broken_export.csv")
    statuses = mapping.model_copy(update={"away_statuses": ("secondment",)})

    with pytest.raises(RosterError) as caught:
        apply_mapping(table, statuses)

    assert (7, "Worker Status") not in {(p.row, p.column) for p in caught.value.problems}


def test_a_mapping_naming_a_missing_column_says_which_columns_there_are():
    table = load_export(HR / "workday_like.csv")
    mapping = HrMapping(columns={"Full Name": "name"})

    with pytest.raises(RosterError) as caught:
        apply_mapping(table, mapping)

    assert caught.value.problems[0].column == "Full Name"
    assert "'Worker'" in caught.value.problems[0].message


def test_problems_found_by_the_roster_checks_name_the_exports_column():
    export = b"Worker,Dept,Manager\nAda,A,Bob\nAda,A,\n"
    table = read_export(export, "x.csv")

    with pytest.raises(RosterError) as caught:
        apply_mapping(table, HrMapping(columns={"Worker": "name", "Dept": "team"}))

    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "Worker")]


@pytest.mark.parametrize(
    ("document", "field", "words"),
    [
        ({"columns": {"Worker": "nmae"}}, "columns", "did you mean 'name'"),
        ({"columns": {"A": "name", "B": "name"}}, None, "both mapped to 'name'"),
        ({"columns": {"A": "fte", "B": "hours"}}, None, "map one of them"),
        ({"standard_week_hours": 0}, "standard_week_hours", "greater than 0"),
        ({"colums": {}}, "colums", "Extra inputs"),
    ],
)
def test_a_broken_mapping_file_is_refused_naming_the_field(document, field, words):
    text = json.dumps({"format": "teambuilder-hr-mapping", **document})

    with pytest.raises(RosterError) as caught:
        mapping_from_json(text, "m.json")

    assert caught.value.problems[0].column == field
    assert words in str(caught.value)


def test_a_file_that_is_not_a_mapping_says_how_to_make_one():
    with pytest.raises(RosterError, match="--guess"):
        mapping_from_json('{"teams": []}', "roster.json")


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "x.csv", "empty"),
        (b"a,b\n", "x.pdf", "not supported"),
        (b'Name,Title\n"Ada,ML\n', "x.csv", "not valid CSV"),
        (b"\x00\x01", "x.csv", "NUL"),
        (b"not a zip", "x.xlsx", "not an Excel"),
    ],
)
def test_an_unreadable_export_is_refused_with_a_reason(data, name, words):
    with pytest.raises(RosterError, match=words):
        read_export(data, name)


def test_trailing_separators_make_no_columns():
    table = read_export(b"Name,Job Title,,\nAda,ML Engineer,,\n", "x.csv")

    assert table.header == ("Name", "Job Title")
    assert apply_mapping(table, guess_mapping(table)).ignored == ()


def test_a_windows_1252_export_is_read_and_said_so():
    table = read_export("Name,Title\nJosé Núñez,Data Engineer\n".encode("cp1252"), "x.csv")

    assert table.rows[0][0] == "José Núñez"
    assert "Windows-1252" in table.notes[0]


# --- Excel, saving and the command line ---------------------------------------------


def successfactors_like_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "User ID",
            "Legal Name",
            "Job Title",
            "Department",
            "Manager User ID",
            "FTE",
            "Employee Status",
        ]
    )
    sheet.append(["u1", "Rosa Parks", "Director of Data Science", "Fraud", None, 1.0, "Active"])
    sheet.append(["u2", "Ken Thompson", "Principal ML Engineer", "Fraud", "u1", 0.8, "Active"])
    sheet.append(["u3", "Joan Clarke", "MLOps Engineer", "Fraud", "u1", 0.6, "Leave of Absence"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_export_is_guessed_and_read_with_its_row_numbers():
    table = read_export(successfactors_like_xlsx(), "people.xlsx")
    mapping = guess_mapping(table)

    result = apply_mapping(table, mapping)
    people = people_of(result)

    assert mapping.columns["Manager User ID"] == "manager_id"
    assert table.header[-1] == "Employee Status"  # no padding columns from the sheet
    assert result.ignored == ()
    assert table.row_word == "row"
    assert people["Ken Thompson"].reports_to == "Rosa Parks"
    assert people["Ken Thompson"].fte == 0.8
    assert people["Joan Clarke"].absent
    assert result.source_rows[("Fraud", "Joan Clarke")] == "row 4"


def test_a_saved_mapping_reads_the_next_export_the_same_way(tmp_path):
    table, mapping = _guessed("workday_like.csv")
    corrected = mapping.model_copy(update={"team": "Data & AI", "standard_week_hours": 38})
    path = tmp_path / "mapping.json"
    path.write_text(mapping_to_json(corrected))

    again = mapping_from_json(path.read_bytes(), str(path))

    assert again == corrected
    assert apply_mapping(table, again).roster == apply_mapping(table, corrected).roster


def test_the_command_line_guesses_saves_and_imports(tmp_path, capsys):
    export = HR / "workday_like.csv"
    mapping_path = tmp_path / "mapping.json"
    roster_path = tmp_path / "roster.json"

    assert main(["import", str(export), "--guess"]) == 0
    mapping_path.write_text(capsys.readouterr().out)
    code = main(
        [
            "import",
            str(export),
            "--mapping",
            str(mapping_path),
            "--out",
            str(roster_path),
            "--accept-positions",
        ]
    )
    printed = capsys.readouterr().out
    roster = load_roster(roster_path)

    assert code == 0
    assert json.loads(mapping_path.read_text())["columns"]["Worker"] == "name"
    assert "columns ignored: Hire Date, Location, Cost Center" in printed
    assert "line 6: Sofia Rossi (Staff SWE, ML Infra) -> MLOps engineer" in printed
    assert {p.name: p.allocations for p in roster.people}["Li Wei"] == {"ml_engineer": 1.0}


def test_without_accepting_the_command_line_writes_no_positions(tmp_path, capsys):
    out = tmp_path / "roster.csv"

    assert main(["import", str(HR / "bamboohr_like.csv"), "--out", str(out)]) == 0

    assert all(not p.allocations for p in load_roster(out).people)
    assert "proposed (not written" in capsys.readouterr().out


def test_the_command_line_names_every_problem_and_exits_2(tmp_path, capsys):
    code = main(["import", str(HR / "broken_export.csv"), "--out", str(tmp_path / "r.json")])
    err = capsys.readouterr().err

    assert code == 2
    assert "line 4, column 'FTE': 'abc' is not an FTE" in err
    assert not (tmp_path / "r.json").exists()


def _guessed(name: str):
    table = load_export(HR / name)
    return table, guess_mapping(table)


def test_a_utf16_tab_separated_export_from_excel_is_read():
    text = "Name\tJob Title\tFTE\nAda Byron\tML Engineer\t50%\n"
    data = text.encode("utf-16")  # with its byte order mark, as Excel writes it

    table = read_export(data, "unicode.txt")
    result = apply_mapping(table, guess_mapping(table))

    assert table.notes == ("read as UTF-16 text",)
    assert people_of(result)["Ada Byron"].fte == 0.5


def test_an_export_beyond_the_row_limit_is_refused_quickly_with_the_limit():
    from teambuilder import hr_import

    rows = b"".join(b"P%d,1\n" % i for i in range(hr_import.MAX_HR_ROWS + 100))

    with pytest.raises(RosterError, match="more than 50,000 rows"):
        read_export(b"Name,FTE\n" + rows, "big.csv")
