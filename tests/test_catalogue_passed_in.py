"""The catalogue is passed in, not reached: readers, the workspace parser and the charts
use the positions they are given (a scenario saved under other rules, a test's own)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.charts import coverage_matrix_figure, load_figure
from teambuilder.io.csv import read_csv_text, roster_to_csv
from teambuilder.io.files import roster_from_bytes
from teambuilder.io.json import read_json_text
from teambuilder.io.xlsx import read_xlsx_bytes
from teambuilder.models import Roster
from teambuilder.scoring import score
from teambuilder.validation import RosterError
from teambuilder.workspace import Workspace, parse_workspace, table_from_records

CSV = "team,name,fte,ml_engineer,prompt_engineer\nLab,Ada,1,0.5,0.5\nLab,Bo,1,1,\n"
JSON = (
    '{"people": [{"team": "Lab", "name": "Ada", "fte": 1,'
    ' "allocations": {"ml_engineer": 0.5, "prompt_engineer": 0.5}}]}'
)


def with_prompt_engineer() -> Catalogue:
    """The loaded catalogue plus a twelfth position no data file has."""
    base = catalogue()
    extra = base.position("architect").model_copy(
        update={
            "id": "prompt_engineer",
            "name": "Prompt engineer",
            "short": "PRM",
            "aliases": ("prompt engineer",),
        }
    )
    # Through validation, not model_copy: the ids are a cached property of the instance.
    return Catalogue.model_validate(
        {**base.model_dump(), "positions": [*base.model_dump()["positions"], extra.model_dump()]}
    )


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def allocation(roster: Roster, name: str) -> float | None:
    person = next(p for p in roster.people if p.name == name)
    return person.allocations.get("prompt_engineer")


def test_a_csv_column_is_a_position_only_in_a_catalogue_that_has_it():
    with pytest.raises(RosterError, match="unknown column 'prompt_engineer'"):
        read_csv_text(CSV, "lab.csv")

    roster = read_csv_text(CSV, "lab.csv", cat=with_prompt_engineer())

    assert allocation(roster, "Ada") == 0.5
    assert "prompt_engineer" in roster_to_csv(roster, with_prompt_engineer()).splitlines()[0]
    assert "prompt_engineer" not in roster_to_csv(roster).splitlines()[0]


def test_json_and_excel_readers_and_the_upload_take_the_catalogue_too():
    sheet = xlsx([["team", "name", "fte", "prompt_engineer"], ["Lab", "Ada", 1, 0.5]])
    cat = with_prompt_engineer()

    with pytest.raises(RosterError, match="'prompt_engineer' is not a position"):
        read_json_text(JSON, "lab.json")
    with pytest.raises(RosterError, match="unknown column 'prompt_engineer'"):
        read_xlsx_bytes(sheet, "lab.xlsx")

    assert allocation(read_json_text(JSON, "lab.json", cat=cat), "Ada") == 0.5
    assert allocation(read_xlsx_bytes(sheet, "lab.xlsx", cat=cat), "Ada") == 0.5
    assert allocation(roster_from_bytes(CSV.encode(), "lab.csv", cat), "Ada") == 0.5


def test_the_workspace_parses_the_columns_of_the_catalogue_it_is_given():
    cat = with_prompt_engineer()
    table = table_from_records(
        [{"name": "Ada", "fte": 1.0, "ml_engineer": 0.5, "prompt_engineer": 0.5}], cat
    )
    ws = Workspace(settings={}, tables={"Lab": table})

    parsed = parse_workspace(ws, cat)

    assert "prompt_engineer" in table.columns
    assert not parsed.problems
    assert allocation(parsed.roster, "Ada") == 0.5


def test_load_and_matrix_charts_draw_the_positions_of_the_catalogue_given():
    cat = with_prompt_engineer()
    roster = read_csv_text(CSV, "lab.csv", cat=cat)
    team_report = score(roster, cat=cat).team("Lab")

    load = load_figure(team_report, cat=cat).to_dict()
    matrix = coverage_matrix_figure(team_report, cat=cat).to_dict()
    default_matrix = coverage_matrix_figure(team_report).to_dict()

    assert "Prompt engineer" in {trace.get("name") for trace in load["data"]}
    assert any("Prompt engineer" in str(column) for column in matrix["data"][0]["x"])
    assert not any("Prompt engineer" in str(column) for column in default_matrix["data"][0]["x"])
