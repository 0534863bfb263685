"""Roster files: reading, writing, round trips, and an error for every kind of bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path
from random import Random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teambuilder.catalogue import catalogue
from teambuilder.models import Background, Person, Roster, TeamSettings
from teambuilder.roster_io import (
    MAX_BYTES,
    Problem,
    RosterError,
    json_schema,
    load_roster,
    read_csv_bytes,
    read_csv_text,
    read_json_bytes,
    read_json_text,
    roster_from_bytes,
    roster_to_bytes,
    roster_to_csv,
    roster_to_json,
    write_roster,
)
from teambuilder.validation import WHITESPACE

POSITIONS = catalogue().position_ids
HEADER = "team,name,title,fte,background,reports_to,absent"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def problems_of(data: bytes | str, filename: str = "team.csv") -> list[Problem]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(RosterError) as caught:
        roster_from_bytes(raw, filename)
    return caught.value.problems


def only_problem(data: bytes | str, filename: str = "team.csv") -> Problem:
    problems = problems_of(data, filename)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def make_person(name: str, fte: float = 1.0, *, team: str = "Team", **fields: object) -> Person:
    return Person.model_validate({"team": team, "name": name, "fte": fte, **fields})


def json_roster(*people: object, **document: object) -> str:
    return json.dumps({"people": list(people), **document})


def person_record(name: object = "Meghan", **fields: object) -> dict[str, object]:
    return {"team": "Team", "name": name, "fte": 1, **fields}


# --- Reading CSV --------------------------------------------------------------------


def test_a_full_csv_row_becomes_a_person() -> None:
    data = csv_bytes(
        f"{HEADER},mlops_engineer,platform_engineer",
        "Loopwise,Meghan Okafor,MLOps Engineer,0.8,tech,Priya Nair,yes,0.5,0.3",
        "Loopwise,Priya Nair,CTO,1,business,,false,,",
    )

    roster = read_csv_bytes(data, "team.csv")

    assert roster.people[0] == make_person(
        "Meghan Okafor",
        0.8,
        team="Loopwise",
        title="MLOps Engineer",
        background="tech",
        reports_to="Priya Nair",
        absent=True,
        allocations={"mlops_engineer": 0.5, "platform_engineer": 0.3},
    )
    assert roster.people[1].reports_to is None
    assert roster.teams == ()


def test_only_name_and_fte_are_required_and_the_team_is_the_file_name() -> None:
    roster = read_csv_bytes(csv_bytes("fte,name", "1,Meghan"), "data/platform-team.csv")

    assert roster.people == (make_person("Meghan", team="platform-team"),)


def test_blank_team_cells_belong_to_the_only_team_named_in_the_file() -> None:
    roster = read_csv_bytes(csv_bytes("team,name,fte", ",Ann,1", "Fraud,Bob,1"), "x.csv")

    assert [person.team for person in roster.people] == ["Fraud", "Fraud"]


def test_column_names_ignore_case_spaces_and_hyphens() -> None:
    roster = read_csv_bytes(
        csv_bytes(" Name ,FTE,ML Engineer,mlops-engineer", "Ann,1,0.5,0.5"), "x.csv"
    )

    assert roster.people[0].allocations == {"ml_engineer": 0.5, "mlops_engineer": 0.5}


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    roster = read_csv_bytes(b"\xef\xbb\xbf" + csv_bytes("name,fte", "Zoë,1"), "x.csv")

    assert roster.people[0].name == "Zoë"


def test_semicolon_separated_files_from_spreadsheets_are_read() -> None:
    roster = read_csv_bytes(csv_bytes("name;fte;title", "Ann;0.5;Lead, data"), "x.csv")

    assert roster.people[0].title == "Lead, data"


def test_blank_lines_and_empty_rows_are_skipped() -> None:
    roster = read_csv_bytes(csv_bytes("", "name,fte,title", ",,", "Ann,1,", "", " , , "), "x.csv")

    assert [person.name for person in roster.people] == ["Ann"]


@pytest.mark.parametrize(
    ("cell", "absent"),
    [
        ("true", True),
        ("YES", True),
        ("1", True),
        ("False", False),
        ("no", False),
        ("0", False),
        ("", False),
    ],
)
def test_absent_accepts_yes_no_words_and_digits(cell: str, absent: bool) -> None:
    roster = read_csv_bytes(csv_bytes("name,fte,absent", f"Ann,1,{cell}"), "x.csv")

    assert roster.people[0].absent is absent


def test_zero_and_blank_allocations_are_the_same() -> None:
    roster = read_csv_bytes(csv_bytes("name,fte,ml_engineer,tech_lead", "Ann,1,0,"), "x.csv")

    assert roster.people[0].allocations == {}


def test_the_same_person_in_two_teams_with_the_same_fte_is_fine() -> None:
    roster = read_csv_bytes(csv_bytes("team,name,fte", "A,Ann,0.5", "B,Ann,0.5"), "x.csv")

    assert len(roster.people) == 2


def test_a_header_without_rows_is_an_empty_roster() -> None:
    assert read_csv_bytes(csv_bytes(HEADER), "x.csv") == Roster()


def test_quoted_cells_may_hold_commas_quotes_and_line_breaks() -> None:
    roster = read_csv_bytes(
        csv_bytes("name,fte,title", '"Okafor, Meghan",1,"Says ""hi""', 'twice"'), "x.csv"
    )

    assert roster.people[0].name == "Okafor, Meghan"
    assert roster.people[0].title == 'Says "hi"\ntwice'


# --- Bad CSV: every problem names the line, the column and what is allowed -------------

FTE_RULE = "above 0 and at most 1"
ALLOCATION_RULE = "a number from 0 to 1"

BAD_CSV = [
    pytest.param(
        ["name,fte,mlops_engineeer", "Ann,1,0.5"],
        1,
        "mlops_engineeer",
        ["unknown column", "did you mean 'mlops_engineer'", "reports_to", "architect"],
        id="misspelt position column",
    ),
    pytest.param(
        ["name,title", "Ann,Lead"], 1, None, ["no 'fte' column", "optional"], id="no fte column"
    ),
    pytest.param(["team,fte", "A,1"], 1, None, ["no 'name' column"], id="no name column"),
    pytest.param(
        ["name,fte,FTE", "Ann,1,1"], 1, "FTE", ["more than once", "keep one"], id="duplicate column"
    ),
    pytest.param(
        ["name,fte", "Ann,abc"],
        2,
        "fte",
        ["'abc' is not a number", FTE_RULE],
        id="fte not a number",
    ),
    pytest.param(
        ["name,fte", "Ann,-0.5"], 2, "fte", ["-0.5 is not above 0", FTE_RULE], id="fte negative"
    ),
    pytest.param(["name,fte", "Ann,0"], 2, "fte", ["0 is not above 0", FTE_RULE], id="fte zero"),
    pytest.param(
        ["name,fte", "Ann,1.5"], 2, "fte", ["1.5 is more than 1", FTE_RULE], id="fte above one"
    ),
    pytest.param(
        ["name,fte", "Ann,nan"], 2, "fte", ["'nan' is not a number", FTE_RULE], id="fte nan"
    ),
    pytest.param(["name,fte", "Ann,inf"], 2, "fte", ["'inf' is not a number"], id="fte infinite"),
    pytest.param(["name,fte", "Ann,1e999"], 2, "fte", ["too large", FTE_RULE], id="fte overflows"),
    pytest.param(["name,fte", 'Ann,"0,5"'], 2, "fte", ["use a dot"], id="fte with a decimal comma"),
    pytest.param(["name,fte", "Ann,"], 2, "fte", ["FTE is empty", FTE_RULE], id="name without fte"),
    pytest.param(
        ["name,fte,title", ",1,Lead"],
        2,
        "name",
        ["name is empty", "1 to 120"],
        id="fte without name",
    ),
    pytest.param(
        ["name,fte", f"{'x' * 121},1"],
        2,
        "name",
        ["121 characters", "1 to 120"],
        id="name too long",
    ),
    pytest.param(
        ["name,fte,title", f"Ann,1,{'x' * 201}"],
        2,
        "title",
        ["201 characters", "at most 200"],
        id="title too long",
    ),
    pytest.param(
        ["name,fte,tech_lead", "Ann,1,-0.1"],
        2,
        "tech_lead",
        ["-0.1 is negative", ALLOCATION_RULE],
        id="allocation negative",
    ),
    pytest.param(
        ["name,fte,tech_lead", "Ann,1,2"],
        2,
        "tech_lead",
        ["2 is more than 1", ALLOCATION_RULE],
        id="allocation above one",
    ),
    pytest.param(
        ["name,fte,tech_lead", "Ann,1,lots"],
        2,
        "tech_lead",
        ["'lots' is not a number"],
        id="allocation not a number",
    ),
    pytest.param(
        ["name,fte,tech_lead", "Ann,1,50%"],
        2,
        "tech_lead",
        ["write 50% as 0.5"],
        id="allocation in percent",
    ),
    pytest.param(
        ["name,fte,background", "Ann,1,engineer"],
        2,
        "background",
        ["'engineer' is not a background", "business, tech, mixed or blank"],
        id="unknown background",
    ),
    pytest.param(
        ["name,fte,absent", "Ann,1,maybe"],
        2,
        "absent",
        ["'maybe' is not a yes/no value", "true/false, yes/no, 1/0"],
        id="absent not yes or no",
    ),
    pytest.param(
        ["name,fte,reports_to", "Ann,1,Zed"],
        2,
        "reports_to",
        ["'Zed' is not anyone in this roster"],
        id="reports to nobody",
    ),
    pytest.param(
        ["name,fte,reports_to", "Ann,1,Bob", "bob,1,"],
        2,
        "reports_to",
        ["did you mean 'bob'"],
        id="reports to a near miss",
    ),
    pytest.param(
        ["name,fte,reports_to", "Ann,1,Ann"],
        2,
        "reports_to",
        ["reports to themself"],
        id="reports to self",
    ),
    pytest.param(
        ["name,fte,reports_to", "Ann,1,Bob", "Bob,1,Cy", "Cy,1,Ann"],
        4,
        "reports_to",
        ["circle: 'Ann' → 'Bob' → 'Cy' → 'Ann'"],
        id="reporting cycle",
    ),
    pytest.param(
        ["team,name,fte", "A,Ann,1", "A,Ann,1"],
        3,
        "name",
        ["already in team 'A' on line 2", "one row per person per team"],
        id="person twice in a team",
    ),
    pytest.param(
        ["team,name,fte", "A,Ann,1", "B,Ann,0.5"],
        3,
        "fte",
        ["0.5 here but 1 on line 2", "same in every team"],
        id="fte differs between teams",
    ),
    pytest.param(
        ["team,name,fte", "A,Ann,1", ",Bob,1", "B,Cy,1"],
        3,
        "team",
        ["team is empty", "several teams ('A', 'B')"],
        id="blank team among several",
    ),
    pytest.param(
        ["name,fte", "Ann,1", '"Bob,1'], 3, None, ["never closed"], id="quote never closed"
    ),
    pytest.param(
        ["name,fte,title", 'Ann,1,"Lead"er'], 2, None, ['written twice ("")'], id="stray quote"
    ),
    pytest.param(
        ["name,fte", "Ann,1,extra"],
        2,
        None,
        ["3 cells", "header (line 1) has 2 columns"],
        id="extra cells",
    ),
    pytest.param(
        ["name,fte,", "Ann,1,x"],
        2,
        "#3",
        ["column 3", "no name in the header"],
        id="cell under a nameless column",
    ),
    pytest.param(
        ["name,fte,title", 'Ann,1,"two', 'lines"', "Bob,2,"],
        4,
        "fte",
        ["2 is more than 1"],
        id="line after a multi-line cell",
    ),
]


@pytest.mark.parametrize(("lines", "line", "column", "fragments"), BAD_CSV)
def test_a_bad_csv_gets_one_problem_naming_line_column_and_rule(
    lines: list[str], line: int, column: str | None, fragments: list[str]
) -> None:
    problem = only_problem(csv_bytes(*lines))

    assert (problem.source, problem.row, problem.column) == ("team.csv", line, column)
    for fragment in fragments:
        assert fragment in problem.message
    assert str(problem).startswith(f"team.csv, line {line}")


def test_a_problem_reads_as_one_line_of_plain_words() -> None:
    problem = only_problem(csv_bytes("name,fte", "Ann,1", "Bob,1", "Cy,abc"))

    assert str(problem) == (
        "team.csv, line 4, column 'fte': 'abc' is not a number; "
        "FTE is a number above 0 and at most 1 (e.g. 0.5)"
    )


def test_every_problem_of_a_file_is_reported_in_line_order() -> None:
    data = csv_bytes("name,fte,tech_lead", "Ann,abc,", "Bob,1,", "Cy,1,9", "Di,2,")

    with pytest.raises(RosterError) as caught:
        read_csv_bytes(data, "team.csv")

    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "fte"),
        (4, "tech_lead"),
        (5, "fte"),
    ]
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]


def test_the_same_bad_cell_on_several_lines_is_a_problem_on_each_of_them() -> None:
    data = csv_bytes(
        "name,fte,tech_lead", "Ann,abc,0.5", "Bob,1,0.5", "Cy,abc,0.5", "Di,abc,x", "Ed,1,x"
    )

    problems = problems_of(data)

    assert [(p.row, p.column) for p in problems] == [
        (2, "fte"),
        (4, "fte"),
        (5, "fte"),
        (5, "tech_lead"),
        (6, "tech_lead"),
    ]
    assert problems[0].message == problems[1].message == problems[2].message


def test_repeated_cells_read_the_same_on_every_line() -> None:
    data = csv_bytes("team,name,fte,title,tech_lead", *(f"T,P{i},0.5,Lead,0.25" for i in range(4)))

    people = read_csv_bytes(data, "team.csv").people

    assert [(p.team, p.fte, p.title, p.allocations) for p in people] == [
        ("T", 0.5, "Lead", {"tech_lead": 0.25})
    ] * 4


def test_a_row_with_problems_does_not_make_reports_to_it_a_second_problem() -> None:
    problems = problems_of(csv_bytes("name,fte,reports_to", "Ann,abc,", "Bob,1,Ann"))

    assert [(p.row, p.column) for p in problems] == [(2, "fte")]


def test_a_row_without_its_team_does_not_make_reports_to_it_a_second_problem() -> None:
    problems = problems_of(
        csv_bytes("team,name,fte,reports_to", "A,Ann,1,", ",Bob,1,", "B,Cy,1,Bob")
    )

    assert [(p.row, p.column) for p in problems] == [(3, "team")]


# --- Bad bytes and files --------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "row", "fragments"),
    [
        pytest.param(b"", "team.csv", None, ["the file is empty"], id="empty csv"),
        pytest.param(
            b"\xef\xbb\xbf \n\n", "team.csv", None, ["the file is empty"], id="bom and blanks"
        ),
        pytest.param(b"  ", "team.json", None, ["the file is empty"], id="empty json"),
        pytest.param(
            "name,fte\nJosé,1\n".encode("cp1252"),
            "team.csv",
            2,
            ["byte 0xe9 is not UTF-8", "CSV UTF-8"],
            id="windows encoding",
        ),
        pytest.param(
            "name,fte\n".encode("utf-16"), "team.csv", None, ["UTF-16", "UTF-8"], id="utf-16"
        ),
        pytest.param(
            b"name,fte\nAnn,1\x00\x01\x02",
            "team.csv",
            2,
            ["NUL bytes", "binary"],
            id="binary garbage",
        ),
        pytest.param(
            b"PK\x03\x04rest-of-a-workbook",
            "team.csv",
            None,
            ["Excel workbook"],
            id="excel workbook",
        ),
        pytest.param(
            b"name,fte\n",
            "team.xls",
            None,
            ["'.xls' files are not supported", ".csv, .json or .xlsx", "Excel Workbook (.xlsx)"],
            id="unknown extension",
        ),
        pytest.param(b"name,fte\n", "team", None, ["without an extension"], id="no extension"),
        pytest.param(
            b" " * (MAX_BYTES + 1), "team.csv", None, ["at most 10,485,760 bytes"], id="too large"
        ),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(
    data: bytes, filename: str, row: int | None, fragments: list[str]
) -> None:
    problem = only_problem(data, filename)

    assert (problem.source, problem.row) == (filename, row)
    for fragment in fragments:
        assert fragment in problem.message


def test_a_missing_file_is_a_roster_error(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="no such file"):
        load_roster(tmp_path / "nowhere.csv")


def test_a_folder_is_not_a_roster_file(tmp_path: Path) -> None:
    folder = tmp_path / "team.csv"
    folder.mkdir()

    with pytest.raises(RosterError, match="folder"):
        load_roster(folder)


# --- JSON -------------------------------------------------------------------------


def test_a_json_roster_keeps_team_settings_and_people() -> None:
    document = {
        "teams": [
            {
                "name": "Team",
                "size": "small",
                "mission_critical": True,
                "critical_positions": ["architect"],
            }
        ],
        "people": [person_record(allocations={"mlops_engineer": 0.5, "architect": 0})],
    }

    roster = read_json_bytes(json.dumps(document).encode(), "team.json")

    assert roster.teams == (
        TeamSettings(
            name="Team", size="small", mission_critical=True, critical_positions=("architect",)
        ),
    )
    assert roster.people == (make_person("Meghan", allocations={"mlops_engineer": 0.5}),)


def test_teams_are_optional_in_json() -> None:
    assert read_json_text(json_roster(person_record()), "x.json").teams == ()


BAD_JSON = [
    pytest.param('{"people": [}', None, None, ["not valid JSON", "line 1"], id="syntax error"),
    pytest.param("[]", None, None, ["top level must be an object"], id="top level list"),
    pytest.param('{"people": {}}', None, "people", ["is not a list"], id="people not a list"),
    pytest.param(
        '{"peeple": []}',
        None,
        "peeple",
        ["unknown field (did you mean 'people'?)"],
        id="unknown top field",
    ),
    pytest.param(
        json_roster(*[person_record(f"P{i}") for i in range(3)], person_record(fte="abc")),
        "people[3] ('Meghan')",
        "fte",
        ["'abc' is not a number", FTE_RULE],
        id="fte is text",
    ),
    pytest.param(
        json_roster(person_record(fte=1.5)),
        "people[0] ('Meghan')",
        "fte",
        ["1.5 is more than 1"],
        id="fte above one",
    ),
    pytest.param(
        json_roster(person_record(fte=0)),
        "people[0] ('Meghan')",
        "fte",
        ["0 is not above 0"],
        id="fte zero",
    ),
    pytest.param(
        '{"people": [{"team": "T", "name": "A", "fte": NaN}]}',
        None,
        None,
        ["NaN is not a number JSON allows"],
        id="fte NaN",
    ),
    pytest.param(
        json_roster({"team": "T", "fte": 1}),
        "people[0]",
        "name",
        ["missing", "1 to 120"],
        id="name missing",
    ),
    pytest.param(
        json_roster(person_record(name=42)),
        "people[0]",
        "name",
        ["42 is not text"],
        id="name a number",
    ),
    pytest.param(
        '{"people": [{"team": "T", "name": "\\ud800", "fte": 1}]}',
        "people[0] ('\\ud800')",
        "name",
        ["unpaired surrogate"],
        id="name not text",
    ),
    pytest.param(
        json_roster(person_record(fte_=1)),
        "people[0] ('Meghan')",
        "fte_",
        ["unknown field (did you mean 'fte'?)"],
        id="unknown person field",
    ),
    pytest.param(
        json_roster(person_record(background="Engineer")),
        "people[0] ('Meghan')",
        "background",
        ["'Engineer' is not allowed", "business, tech, mixed"],
        id="bad background",
    ),
    pytest.param(
        json_roster(person_record(absent="perhaps")),
        "people[0] ('Meghan')",
        "absent",
        ["not true or false"],
        id="absent not boolean",
    ),
    pytest.param(
        json_roster(person_record(allocations={"mlops_engineeer": 0.5})),
        "people[0] ('Meghan')",
        "allocations.mlops_engineeer",
        ["not a position (did you mean 'mlops_engineer'?)"],
        id="unknown allocation id",
    ),
    pytest.param(
        json_roster(person_record(allocations={"tech_lead": "half"})),
        "people[0] ('Meghan')",
        "allocations.tech_lead",
        ["'half' is not a number", ALLOCATION_RULE],
        id="allocation is text",
    ),
    pytest.param(
        json_roster(person_record(allocations=[])),
        "people[0] ('Meghan')",
        "allocations",
        ["is not an object"],
        id="allocations a list",
    ),
    pytest.param(
        json_roster(person_record(), 5),
        "people[1]",
        None,
        ["5 is not an object", "team, name"],
        id="person not an object",
    ),
    pytest.param(
        json_roster(person_record(reports_to="Meghan")),
        "people[0] ('Meghan')",
        "reports_to",
        ["reports to themself"],
        id="reports to self",
    ),
    pytest.param(
        json_roster(person_record(), person_record("Meghan", fte=0.5)),
        "people[1] ('Meghan')",
        "name",
        ["already in team 'Team' on people[0] ('Meghan')"],
        id="person twice",
    ),
    pytest.param(
        json_roster(person_record(reports_to="Bob"), person_record("Bob", reports_to="Meghan")),
        "people[1] ('Bob')",
        "reports_to",
        ["'Meghan' → 'Bob' → 'Meghan'"],
        id="reporting cycle",
    ),
    pytest.param(
        json_roster(teams=[{"name": "T", "size": "huge"}]),
        "teams[0] ('T')",
        "size",
        ["'huge' is not allowed", "auto, small, medium or large"],
        id="bad size",
    ),
    pytest.param(
        json_roster(teams=[{"name": "T", "critical_positions": ["mlops"]}]),
        "teams[0] ('T')",
        "critical_positions",
        ["'mlops' is not a position"],
        id="unknown critical position",
    ),
    pytest.param(
        json_roster(teams=[{"name": "T"}, {"name": "T"}]),
        "teams[1] ('T')",
        "name",
        ["already set up in teams[0] ('T')"],
        id="team set up twice",
    ),
    pytest.param(
        json_roster(teams=[{"name": "T", "sponsor_update_weeks": 0}]),
        "teams[0] ('T')",
        "sponsor_update_weeks",
        ["0 is below 1", "whole number of weeks"],
        id="sponsor weeks zero",
    ),
    pytest.param(
        '{"people": [], "people": []}', None, "people", ["appears twice"], id="duplicate key"
    ),
]


@pytest.mark.parametrize(("text", "record", "field", "fragments"), BAD_JSON)
def test_a_bad_json_roster_gets_one_problem_naming_record_field_and_rule(
    text: str, record: str | None, field: str | None, fragments: list[str]
) -> None:
    problem = only_problem(text, "team.json")

    assert (problem.source, problem.record, problem.column) == ("team.json", record, field)
    for fragment in fragments:
        assert fragment in problem.message


def test_a_json_problem_reads_as_record_field_and_rule() -> None:
    text = json_roster(*[person_record(f"P{i}") for i in range(3)], person_record(fte="abc"))

    assert str(only_problem(text, "team.json")) == (
        "team.json, people[3] ('Meghan'), field 'fte': 'abc' is not a number; "
        "FTE is a number above 0 and at most 1 (e.g. 0.5)"
    )


def test_every_problem_of_a_json_roster_is_reported() -> None:
    text = json_roster(
        person_record("A", fte="x", allocations={"nope": 1}),
        person_record("B", reports_to="Nobody"),
        teams=[{"name": "T", "size": "huge", "critical_positions": ["nope"]}],
    )

    problems = problems_of(text, "team.json")

    assert [(p.record, p.column) for p in problems] == [
        ("teams[0] ('T')", "size"),
        ("teams[0] ('T')", "critical_positions"),
        ("people[0] ('A')", "fte"),
        ("people[0] ('A')", "allocations.nope"),
        ("people[1] ('B')", "reports_to"),
    ]


def test_the_json_schema_describes_teams_people_accepted_risks_and_workshops() -> None:
    schema = json_schema()

    assert set(schema["properties"]) == {
        "teams",
        "people",
        "accepted_risks",
        "workshops",
        "hr_import",
    }
    assert {"Person", "AcceptedRisk", "HrImportRecord"} <= set(schema["$defs"])


# --- Writing ------------------------------------------------------------------------


def test_csv_is_written_with_every_position_column_and_compact_values() -> None:
    roster = Roster(
        people=(
            make_person(
                "Ann", 1.0, title="Lead", background="tech", allocations={"tech_lead": 0.5}
            ),
            make_person("Bob", 0.25, reports_to="Ann", absent=True, allocations={"architect": 1}),
        )
    )

    lines = roster_to_csv(roster).splitlines()

    assert lines[0] == ",".join([HEADER, *POSITIONS])
    blanks = {pid: "" for pid in POSITIONS}
    assert lines[1] == ",".join(
        ["Team", "Ann", "Lead", "1", "tech", "", "false", *{**blanks, "tech_lead": "0.5"}.values()]
    )
    assert lines[2] == ",".join(
        ["Team", "Bob", "", "0.25", "", "Ann", "true", *{**blanks, "architect": "1"}.values()]
    )


FORMULA_LIKE = [
    "=SUM(A1:A9)",
    "+1",
    "-Ops",
    "-Anna",
    "@handle",
    "'=already quoted",
    "\uff1dSUM(A1)",  # full-width =
    "\uff0b1",
    "\uff0dAnna",
    "\uff20handle",
    "\u200b=HYPERLINK(1)",  # zero-width space first
    "\ufeff@x",
    "\u2060\u200d+1",
]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_cells_a_spreadsheet_would_run_are_quoted_and_read_back_unchanged(text: str) -> None:
    roster = Roster(
        people=(make_person(text, team=text, title=text), make_person("B", reports_to=text))
    )

    written = roster_to_csv(roster)

    assert f",'{text}," in written
    assert read_csv_text(written, "x.csv") == roster


def test_write_roster_then_load_roster_gives_the_same_roster(tmp_path: Path) -> None:
    roster = Roster(
        teams=(TeamSettings(name="Team", mission_critical=True),),
        people=(make_person("Zoë", 0.5, allocations={"mlops_engineer": 0.5}),),
    )

    write_roster(roster, tmp_path / "team.json")
    write_roster(roster, tmp_path / "team.csv")

    assert load_roster(tmp_path / "team.json") == roster
    assert load_roster(tmp_path / "team.csv").people == roster.people
    assert (tmp_path / "team.csv").read_bytes().startswith(b"\xef\xbb\xbfteam,name")


def test_json_is_written_with_indentation_and_readable_characters() -> None:
    text = roster_to_json(Roster(people=(make_person("Zoë"),)))

    assert '\n  "people": [' in text
    assert "Zoë" in text
    assert json.loads(text)["people"][0]["allocations"] == {}


def test_downloads_are_bytes_in_the_format_of_the_file_name() -> None:
    roster = Roster(people=(make_person("Ann"),))

    assert read_csv_bytes(roster_to_bytes(roster, "r.csv"), "r.csv") == roster
    assert read_json_bytes(roster_to_bytes(roster, "r.JSON"), "r.json") == roster


def test_writing_to_an_unknown_extension_is_a_roster_error(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="not supported"):
        write_roster(Roster(), tmp_path / "team.txt")


def test_the_example_rosters_survive_csv_and_json_round_trips() -> None:
    from teambuilder.catalogue import EXAMPLES_DIR

    for path in sorted(EXAMPLES_DIR.iterdir()):
        roster = load_roster(path)
        via_csv = read_csv_text(roster_to_csv(roster), path.name)
        assert via_csv.people == roster.people, path.name
        assert read_json_text(roster_to_json(roster), path.name) == roster, path.name


# --- Properties ---------------------------------------------------------------------

tricky_prefix = st.sampled_from(["", "=", "+", "-", "@", "'", "'=", "''-", "'\t", " ", '"'])
text_characters = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")


def tricky_text(max_size: int) -> st.SearchStrategy[str]:
    body = st.text(text_characters, max_size=20) | st.sampled_from(
        ["a, b", 'say "hi"', "two\nlines", "cr\rhere", "tab\tin", "Zoë Ñúñez", "名前", "x\x1c"]
    )
    return st.builds(
        lambda a, b: (a + b).strip(WHITESPACE)[:max_size].strip(WHITESPACE), tricky_prefix, body
    )


names = tricky_text(120).filter(bool)
fte_values = st.floats(min_value=0, max_value=1, exclude_min=True) | st.sampled_from(
    [0.5, 1.0, 0.1, 1e-9]
)
allocation_values = st.floats(min_value=0, max_value=1, exclude_min=True)


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    """Consistent rosters: one FTE per name, no duplicates in a team, no reporting cycles."""
    people_names = draw(st.lists(names, min_size=1, max_size=6, unique=True))
    team_names = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    people = []
    for index, name in enumerate(people_names):
        fte = draw(fte_values)
        managers = people_names[:index]
        reports_to = draw(st.none() | st.sampled_from(managers)) if managers else None
        for team in draw(
            st.lists(st.sampled_from(team_names), min_size=1, max_size=2, unique=True)
        ):
            people.append(
                Person(
                    team=team,
                    name=name,
                    title=draw(tricky_text(200)),
                    fte=fte,
                    background=draw(st.none() | st.sampled_from(list(Background))),
                    reports_to=reports_to,
                    absent=draw(st.booleans()),
                    allocations=draw(
                        st.dictionaries(st.sampled_from(POSITIONS), allocation_values, max_size=4)
                    ),
                )
            )
    return Roster(people=tuple(draw(st.permutations(people))))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters())
def test_csv_to_json_to_csv_loses_nothing(roster: Roster) -> None:
    written = roster_to_csv(roster)

    from_csv = read_csv_bytes(roster_to_bytes(roster, "r.csv"), "r.csv")
    from_json = read_json_bytes(roster_to_bytes(from_csv, "r.json"), "r.json")

    assert from_csv == roster
    assert from_json == from_csv
    assert roster_to_csv(from_json) == written


@settings(max_examples=60, deadline=None)
@given(rosters(), st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_people_read(roster: Roster, random: Random) -> None:
    shuffled = list(roster.people)
    random.shuffle(shuffled)

    first = read_csv_text(roster_to_csv(roster), "r.csv")
    second = read_csv_text(roster_to_csv(Roster(people=tuple(shuffled))), "r.csv")

    def key(person: Person) -> tuple[str, str]:
        return (person.team, person.name)

    assert sorted(first.people, key=key) == sorted(second.people, key=key)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0, max_value=1, exclude_min=True))
def test_numbers_read_back_as_the_same_float(fte: float) -> None:
    roster = Roster(people=(make_person("Ann", fte, allocations={"architect": fte}),))

    person = read_csv_text(roster_to_csv(roster), "r.csv").people[0]

    assert person.fte == fte
    assert person.allocations["architect"] == fte


# --- Fuzzing: anything in gives a Roster or a RosterError, nothing else ---------------


def outcome(read: object, data: object, source: str) -> None:
    try:
        result = read(data, source)  # type: ignore[operator]
    except RosterError as error:
        assert error.problems
        assert all(p.message for p in error.problems)
    else:
        assert isinstance(result, Roster)


@settings(max_examples=1500, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_roster_or_a_roster_error(data: bytes) -> None:
    outcome(read_csv_bytes, data, "fuzz.csv")
    outcome(read_json_bytes, data, "fuzz.json")


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_roster_or_a_roster_error(text: str) -> None:
    outcome(read_csv_text, text, "fuzz.csv")
    outcome(read_json_text, text, "fuzz.json")


csv_tokens = st.sampled_from(
    ["", " ", "Ann", "Bob", "1", "0.5", "0", "-1", "2", "nan", "inf", "abc", "true", "maybe",
     "tech", "=x", "'=x", '"', '""', '"a\nb"', ",", "\n", "1e400", "\x1c", "Team A"]
)  # fmt: skip
columns = st.sampled_from([*HEADER.split(","), *POSITIONS, "bogus", "", "Name", "fte"])


@settings(max_examples=600, deadline=None)
@given(
    st.lists(columns, min_size=1, max_size=8),
    st.lists(st.lists(csv_tokens, max_size=9), max_size=6),
)
def test_csv_shaped_noise_gives_a_roster_or_a_roster_error(
    header: list[str], rows: list[list[str]]
) -> None:
    text = "\n".join(",".join(cells) for cells in [header, *rows])

    outcome(read_csv_text, text, "fuzz.csv")


json_leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
)
json_values = st.recursive(
    json_leaves | st.sampled_from(POSITIONS),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from([*Person.model_fields, *POSITIONS, "name", "size", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "people": st.lists(
                json_values
                | st.fixed_dictionaries(
                    {"team": json_values, "name": json_values, "fte": json_values}
                ),
                max_size=4,
            ),
            "teams": st.lists(json_values, max_size=3),
            "extra": json_values,
        },
    )
)
def test_json_shaped_noise_gives_a_roster_or_a_roster_error(document: dict[str, object]) -> None:
    outcome(read_json_text, json.dumps(document), "fuzz.json")


def test_a_json_number_too_large_for_a_float_is_more_than_one() -> None:
    problem = only_problem(
        json_roster(person_record(fte=math.inf)).replace("Infinity", "1e999"), "x.json"
    )

    assert problem.message.startswith("inf is more than 1")
