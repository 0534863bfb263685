"""The column specifications every roster table is read with."""

from __future__ import annotations

import pytest

from teambuilder.catalogue import catalogue
from teambuilder.io.columns import BASE_COLUMNS, BASE_SPECS, column_specs, help_for
from teambuilder.validation import RosterError, build_roster_from_rows


def test_every_column_a_table_may_have_has_a_specification_with_help() -> None:
    specs = column_specs()

    assert list(specs) == [*(spec.column for spec in BASE_SPECS), *catalogue().position_ids]
    assert set(BASE_COLUMNS) == {spec.column for spec in BASE_SPECS}
    assert all(spec.help and help_for(column) == spec.help for column, spec in specs.items())


def test_positions_go_to_allocations_and_base_columns_to_their_own_field() -> None:
    specs = column_specs()

    assert {specs[pid].field for pid in catalogue().position_ids} == {"allocations"}
    assert all(specs[column].field == column for column in BASE_COLUMNS)


def test_a_row_of_bad_cells_is_reported_in_the_order_of_the_table_not_of_the_header() -> None:
    header = ["architect", "background", "absent", "fte", "title", "name", "tech_lead", "team"]
    cells = ["2", "x", "maybe", "0", "t" * 201, "", "-1", "T" * 121]

    with pytest.raises(RosterError) as caught:
        build_roster_from_rows([dict(zip(header, cells, strict=True))], source="t")

    columns = [problem.column for problem in caught.value.problems]
    assert columns == [
        "team",
        "name",
        "title",
        "fte",
        "absent",
        "background",
        "architect",
        "tech_lead",
    ]
