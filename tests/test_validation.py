"""The one row parser (as the dashboard's table feeds it) and the whole-roster checks."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.validation import (
    WHITESPACE,
    Problem,
    RosterError,
    build_roster_from_rows,
    escape_formula,
    format_number,
    roster_problems,
    unescape_formula,
)


def make_person(name: str, fte: float = 1.0, *, team: str = "Team", **fields: object) -> Person:
    return Person.model_validate({"team": team, "name": name, "fte": fte, **fields})


def problems_of(rows: list[dict[Any, object]], **options: object) -> list[Problem]:
    with pytest.raises(RosterError) as caught:
        build_roster_from_rows(rows, source="the roster table", **options)  # type: ignore[arg-type]
    return caught.value.problems


# --- Rows from the dashboard's table ------------------------------------------------


def test_a_data_frame_from_the_editor_becomes_a_roster() -> None:
    frame = pd.DataFrame(
        {
            "team": ["Fraud", None],
            "name": ["Ann", "Bob"],
            "title": [np.nan, "Lead"],
            "fte": [1.0, 0.5],
            "background": [None, "tech"],
            "reports_to": [None, "Ann"],
            "absent": [np.bool_(False), np.bool_(True)],
            "mlops_engineer": [0.5, np.nan],
            "tech_lead": pd.array([pd.NA, 0.25], dtype="Float64"),
        }
    )

    roster = build_roster_from_rows(frame.to_dict("records"), source="the roster table")

    assert roster.people == (
        make_person("Ann", team="Fraud", allocations={"mlops_engineer": 0.5}),
        make_person(
            "Bob",
            0.5,
            team="Fraud",
            title="Lead",
            background="tech",
            reports_to="Ann",
            absent=True,
            allocations={"tech_lead": 0.25},
        ),
    )


def test_blank_rows_such_as_the_editors_trailing_row_are_skipped() -> None:
    rows: list[dict[str, object]] = [
        {"name": "Ann", "fte": 1, "team": None},
        {"name": None, "fte": math.nan, "team": ""},
        {"name": "  ", "fte": None, "team": pd.NA},
    ]

    roster = build_roster_from_rows(rows, source="the roster table")

    assert [person.name for person in roster.people] == ["Ann"]


def test_a_half_filled_row_names_the_row_and_the_empty_column() -> None:
    problems = problems_of([{"name": "Ann", "fte": 1}, {"name": "Bob", "fte": None}])

    assert [str(p) for p in problems] == [
        "the roster table, row 2, column 'fte': FTE is empty; every person needs one: "
        "FTE is a number above 0 and at most 1 (e.g. 0.5)"
    ]


def test_row_numbers_and_word_can_be_chosen_by_the_caller() -> None:
    problems = problems_of(
        [{"name": "Ann", "fte": 7}], row_numbers=[12], row_word="line", header_row=1
    )

    assert (problems[0].row, problems[0].record) == (12, "line 12")


def test_an_unknown_column_is_one_problem_however_many_rows_use_it() -> None:
    rows: list[dict[str, object]] = [{"name": n, "fte": 1, "skils": "x"} for n in "ABC"]

    problems = problems_of(rows)

    assert len(problems) == 1
    assert str(problems[0]).startswith("the roster table, column 'skils': unknown column")


def test_booleans_are_not_numbers_and_numbers_may_be_names() -> None:
    problems = problems_of([{"name": 42, "fte": True}])

    assert [(p.column, p.message.split(";")[0]) for p in problems] == [
        ("fte", "true is not a number")
    ]


def test_rows_without_a_team_take_the_single_team_of_the_settings() -> None:
    roster = build_roster_from_rows(
        [{"name": "Ann", "fte": 1}], [TeamSettings(name="Fraud")], source="table"
    )

    assert roster.people[0].team == "Fraud"
    assert roster.teams == (TeamSettings(name="Fraud"),)


def test_rows_without_a_team_take_the_default_team_when_nothing_else_names_one() -> None:
    roster = build_roster_from_rows([{"name": "Ann", "fte": 1}], source="t", default_team="Mine")

    assert roster.people[0].team == "Mine"


def test_problems_in_team_settings_name_the_settings() -> None:
    teams = [TeamSettings(name="A", critical_positions=("nope",)), TeamSettings(name="A")]

    problems = problems_of([{"name": "Ann", "fte": 1, "team": "A"}], teams=teams)

    assert [str(p).split(":")[0] for p in problems] == [
        "the roster table, team settings 1 ('A'), column 'critical_positions'",
        "the roster table, team settings 2 ('A'), column 'name'",
    ]


def test_an_infinite_number_from_a_data_frame_is_refused() -> None:
    problems = problems_of([{"name": "Ann", "fte": 0.5, "architect": np.float64("inf")}])

    assert problems[0].message.startswith("inf is not a finite number")


# --- Whole-roster checks ------------------------------------------------------------


def test_a_consistent_roster_has_no_problems() -> None:
    roster = Roster(
        teams=(TeamSettings(name="A", critical_positions=("architect",)),),
        people=(
            make_person("Ann", 0.5, team="A"),
            make_person("Ann", 0.5, team="B", reports_to="Bob"),
            make_person("Bob", team="B", allocations={"tech_lead": 1}),
        ),
    )

    assert roster_problems(roster) == []


@pytest.mark.parametrize(
    ("people", "index", "field", "fragment"),
    [
        pytest.param(
            [make_person("Ann", allocations={"wizard": 0.5})],
            0,
            "allocations.wizard",
            "'wizard' is not a position",
            id="unknown position",
        ),
        pytest.param(
            [make_person("Ann"), make_person("Ann")],
            1,
            "name",
            "already in team 'Team' on people[0]",
            id="duplicate",
        ),
        pytest.param(
            [make_person("Ann", team="A"), make_person("Ann", 0.5, team="B")],
            1,
            "fte",
            "FTE 0.5 here but 1 on people[0] (team 'A')",
            id="fte disagrees",
        ),
        pytest.param(
            [make_person("Ann", reports_to="Ann")],
            0,
            "reports_to",
            "reports to themself",
            id="self",
        ),
        pytest.param(
            [make_person("Ann", reports_to="Zed")],
            0,
            "reports_to",
            "'Zed' is not anyone in this roster",
            id="nobody",
        ),
        pytest.param(
            [make_person("Ann", title="a\x00b")],
            0,
            "title",
            "NUL",
            id="nul character",
        ),
    ],
)
def test_each_roster_check_points_at_the_record_and_field(
    people: list[Person], index: int, field: str, fragment: str
) -> None:
    (issue,) = roster_problems(Roster(people=tuple(people)))

    assert (issue.section, issue.index, issue.field) == ("people", index, field)
    assert fragment in issue.message


def test_a_nul_character_is_found_in_whichever_record_and_field_holds_it() -> None:
    people = [make_person(f"P{i}", title="Engineer") for i in range(50)]
    people[31] = make_person("P31", title="Lead", team="Team\x00B")
    people[44] = make_person("P44", title="Eng\x00ineer")

    issues = roster_problems(Roster(people=tuple(people)))

    assert [(i.index, i.field) for i in issues] == [(31, "team"), (44, "title")]
    assert all("NUL" in issue.message for issue in issues)


def test_a_reporting_circle_is_named_once_with_its_whole_chain() -> None:
    roster = Roster(
        people=(
            make_person("Ann", reports_to="Cy"),
            make_person("Bob", reports_to="Ann"),
            make_person("Cy", reports_to="Bob"),
            make_person("Cy", team="Other", reports_to="Bob"),
            make_person("Di", reports_to="Ann"),
        )
    )

    issues = roster_problems(roster)

    assert len(issues) == 1
    assert "'Ann' → 'Cy' → 'Bob' → 'Ann'" in issues[0].message


def test_labels_chosen_by_the_caller_appear_in_messages() -> None:
    roster = Roster(people=(make_person("Ann"), make_person("Ann")))

    (issue,) = roster_problems(roster, person_label=lambda i: f"line {i + 2}")

    assert "on line 2" in issue.message


def test_reporting_to_someone_whose_row_failed_is_not_a_second_problem() -> None:
    roster = Roster(people=(make_person("Ann", reports_to="Bob"),))

    assert roster_problems(roster, also_known={"Bob"}) == []


# --- Cells and messages -------------------------------------------------------------


@given(st.text())
def test_unescaping_an_escaped_cell_gives_it_back(text: str) -> None:
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        *["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'=x", "''@x"],
        *["\uff1d1", "\uff0b1", "\uff0d1", "\uff20x"],  # full-width = + - @
        *["\u200b=1", "\u200c+1", "\u200d-1", "\u2060@x", "\ufeff=1", " =1", "\u3000\uff1d1"],
        "'\u200b=1",
    ],
)
def test_an_escaped_cell_no_longer_starts_like_a_formula(text: str) -> None:
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["Anna", "a=b", "'Tis", "\u2010Anna", "\u200bAnna", "1-2", ""])
def test_text_that_no_spreadsheet_runs_is_written_as_it_is(text: str) -> None:
    assert escape_formula(text) == text
    assert unescape_formula(text) == text


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r \u200b\ufeff\uff1d\uff20aZ"), max_size=8))
def test_escaping_round_trips_texts_made_of_the_tricky_characters(text: str) -> None:
    assert unescape_formula(escape_formula(text)) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_are_written_so_they_read_back_exactly(number: float) -> None:
    assert float(format_number(number)) == number


def test_whole_numbers_are_written_without_a_decimal_point() -> None:
    assert [format_number(x) for x in (1.0, 0.5, 0.25, 0.1)] == ["1", "0.5", "0.25", "0.1"]


@pytest.mark.parametrize("space", list(WHITESPACE))
def test_cells_are_stripped_of_exactly_what_pydantic_strips(space: str) -> None:
    assert make_person(f"{space}Ann{space}").name == "Ann"


def test_characters_pydantic_keeps_are_kept_in_cells_too() -> None:
    roster = build_roster_from_rows([{"name": "\x1cAnn", "fte": 1}], source="t")

    assert roster.people[0].name == make_person("\x1cAnn").name == "\x1cAnn"


def test_a_roster_error_lists_one_problem_per_line() -> None:
    error = RosterError(
        [
            Problem("a.csv", 3, "fte", "bad"),
            Problem("a.json", None, "size", "worse", "teams[0] ('T')", kind="json"),
            Problem("a.csv", None, None, "the file is empty"),
        ]
    )

    assert str(error) == (
        "a.csv, line 3, column 'fte': bad\n"
        "a.json, teams[0] ('T'), field 'size': worse\n"
        "a.csv: the file is empty"
    )


def test_column_labels_that_are_not_text_are_named_as_text() -> None:
    problems = problems_of([{"name": "Ann", "fte": 1, 3: "x"}])

    assert problems[0].column == "3"
