"""Hostile and oversized inputs: each is accepted, or refused with a short, clear message.

The time and memory each costs are measured by ``benchmarks/bench_inputs.py`` (numbers in
the README), not here: these tests pin the outcome and the shape of the message.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from teambuilder.cli import main
from teambuilder.io import xlsx_guards
from teambuilder.roster_io import MAX_ROWS, RosterError, roster_from_bytes
from teambuilder.validation import MAX_MESSAGE_CHARS, MAX_PROBLEMS
from teambuilder.workspace import Workspace, parse_workspace, table_from_records
from tests.hostile_inputs import (
    MB,
    csv_of_bad_cells,
    csv_of_invalid_rows,
    csv_with_unknown_managers,
    json_of_empty_objects,
    json_of_unknown_allocations,
    json_of_zeros,
    large_valid_csv,
    xlsx_with_understated_size,
)


def refusal(filename: str, data: bytes) -> RosterError:
    with pytest.raises(RosterError) as caught:
        roster_from_bytes(data, filename)
    return caught.value


def assert_short(error: RosterError) -> None:
    """What a user reads: at most the listed problems and one line counting the rest."""
    text = str(error)
    assert text.count("\n") <= MAX_PROBLEMS
    assert len(text) <= (MAX_PROBLEMS + 1) * (MAX_MESSAGE_CHARS + 300)
    assert all(len(problem.message) <= MAX_MESSAGE_CHARS for problem in error.problems)


# --- Refused at once, by a limit ----------------------------------------------------


@pytest.mark.parametrize("size", [2 * MB, 10 * MB - 64])
def test_a_json_list_of_a_million_zeros_is_refused_by_its_length(size: int) -> None:
    error = refusal(*json_of_zeros(size))

    assert len(error.problems) == 1
    assert "more than a roster of at most 20,000 people" in str(error)
    assert f"{(size - 20) // 2:,} entries" in str(error)


def test_a_json_of_three_million_empty_objects_is_refused_before_it_is_parsed() -> None:
    error = refusal(*json_of_empty_objects(10 * MB - 64))

    assert "objects and lists" in str(error)
    assert len(error.problems) == 1


def test_an_object_with_half_a_million_keys_is_refused() -> None:
    error = refusal(*json_of_unknown_allocations(500_000))

    assert str(error) == (
        "allocations.json: an object in this JSON holds 500,000 keys, more than a roster can "
        "need (at most 100: a person has 8 fields and one allocation per position)"
    )


def test_a_person_with_a_few_dozen_unknown_positions_names_five_and_counts_the_rest() -> None:
    error = refusal(*json_of_unknown_allocations(40))

    messages = [problem.message for problem in error.problems]
    assert len(messages) == 6
    assert messages[0].startswith("'p0' is not a position")
    assert messages[-1].startswith("and 35 more ids that are not positions")


def test_three_million_csv_lines_are_refused_by_counting_them() -> None:
    rows = (10 * MB - 16) // 3

    error = refusal(*csv_of_invalid_rows(rows))

    assert len(error.problems) == 1
    assert f"the file has {rows + 1:,} lines" in str(error)


def test_one_row_more_than_the_limit_is_refused_naming_the_line() -> None:
    filename, data = large_valid_csv(MAX_ROWS + 1)

    error = refusal(filename, data)

    assert [(p.row, p.column) for p in error.problems] == [(MAX_ROWS + 2, None)]
    assert "more than 20,000 rows" in error.problems[0].message


def test_a_valid_roster_of_the_largest_size_is_accepted() -> None:
    roster = roster_from_bytes(*reversed(large_valid_csv(MAX_ROWS)))  # type: ignore[arg-type]

    assert len(roster.people) == MAX_ROWS
    assert len(roster.team_names()) == MAX_ROWS // 20


def test_a_header_of_a_thousand_columns_is_refused() -> None:
    error = refusal("wide.csv", ("name,fte," + ",".join(f"c{i}" for i in range(1000))).encode())

    assert "the header has 1,002 columns" in str(error)


# --- Refused with every problem counted, the first ones listed ------------------------


@pytest.mark.parametrize("count", [500, 1000])
def test_unknown_managers_are_listed_up_to_the_limit_and_the_rest_counted(count: int) -> None:
    error = refusal(*csv_with_unknown_managers(count))

    assert error.total == count
    assert len(error.problems) == MAX_PROBLEMS
    assert [p.row for p in error.problems] == list(range(2, MAX_PROBLEMS + 2))
    more = count - MAX_PROBLEMS
    assert str(error).splitlines()[-1] == (
        f"... and {more:,} more problems of the same kinds ({more:,} in column 'reports_to')"
    )
    assert_short(error)


def test_look_alike_managers_still_get_a_suggestion_in_the_listed_problems() -> None:
    error = refusal(*csv_with_unknown_managers(1000, look_alike=True))

    assert error.problems[0].message.startswith(
        "'Person 00000x' is not anyone in this roster (did you mean 'Person 00000'?)"
    )
    assert error.total == 1000


def test_every_row_wrong_lists_the_first_problems_in_file_order() -> None:
    error = refusal(*csv_of_invalid_rows(MAX_ROWS))

    assert error.total == MAX_ROWS
    assert [p.row for p in error.problems] == list(range(2, MAX_PROBLEMS + 2))
    assert error.problems[0].message.startswith("FTE is empty")
    assert_short(error)


def test_every_cell_wrong_counts_the_omitted_ones_by_column() -> None:
    error = refusal(*csv_of_bad_cells(2000))

    # fte, background, absent, reports_to (nobody) and the 11 positions
    assert error.total == 15 * 2000
    last = str(error).splitlines()[-1]
    assert last.startswith(f"... and {15 * 2000 - MAX_PROBLEMS:,} more problems")
    assert "in column 'architect'" in last
    assert_short(error)


def test_problems_found_late_still_come_out_in_row_order() -> None:
    # Unknown managers are found after every row is read, bad FTEs while reading: the
    # listed problems are the first by line, whichever check found them.
    lines = ["name,fte,reports_to"]
    lines += [f"P{i},1,Nobody" for i in range(150)]
    lines += [f"Q{i},x," for i in range(150)]
    error = refusal("mixed.csv", ("\n".join(lines) + "\n").encode())

    assert error.total == 300
    assert [p.row for p in error.problems] == list(range(2, MAX_PROBLEMS + 2))
    assert {p.column for p in error.problems} == {"reports_to"}


def test_a_megabyte_long_column_name_gives_a_bounded_message() -> None:
    # 100 KB: under the csv module's own cell limit (128 KB)
    error = refusal("long.csv", b"name,fte," + b"x" * 100_000 + b"\nA,1,\n")

    assert len(error.problems) == 1
    assert len(str(error)) < 1500
    assert "unknown column 'xxxx" in str(error)


# --- Excel whose zip headers lie ----------------------------------------------------


def test_a_workbook_whose_headers_understate_a_part_is_refused_as_damaged() -> None:
    # 80 MB of spaces declared as 4 KB (the benchmark uses 2 GB): zipfile stops at the
    # declared size, the checksum fails, and only a megabyte at a time was unpacked.
    error = refusal(*xlsx_with_understated_size(real=80 * MB))

    assert "damaged" in str(error)


def test_a_part_is_read_in_chunks_and_refused_past_the_budget() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("part.xml", b" " * (3 * MB))

    with zipfile.ZipFile(buffer) as archive:
        entry = archive.infolist()[0]
        assert xlsx_guards.read_part(archive, entry, 2 * MB) is None
        assert xlsx_guards.read_part(archive, entry, 4 * MB) == b" " * (3 * MB)


# --- The command line and the editor ------------------------------------------------


def test_the_command_line_refuses_ten_megabytes_of_zeros_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "zeros.json"
    path.write_bytes(json_of_zeros(10 * MB - 64)[1])

    code = main(["validate", str(path)])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_the_editor_leaves_out_every_broken_row_also_beyond_the_listed_problems() -> None:
    records: list[dict[str, object]] = [{"name": f"P{i}", "fte": "x"} for i in range(250)]
    records.append({"name": "Kept", "fte": 1.0})
    workspace = Workspace(settings={}, tables={"Team": table_from_records(records)})

    parsed = parse_workspace(workspace)

    assert [person.name for person in parsed.roster.people] == ["Kept"]
    assert parsed.skipped_rows == {"Team": tuple(range(1, 251))}
