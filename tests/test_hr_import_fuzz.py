"""Whatever an export holds, an import ends in a roster or in problems named in words."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teambuilder.hr_import import apply_mapping, guess_mapping, read_export
from teambuilder.validation import RosterError

HEADERS = [
    "Worker",
    "First Name",
    "Last Name",
    "Employee ID",
    "Work Email",
    "Job Title",
    "Department",
    "Manager ID",
    "Manager Email",
    "Reporting to",
    "FTE",
    "FTE %",
    "Weekly Hours",
    "Status",
    "Background",
    "Location",
    "",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "1",
            "0.5",
            "80%",
            "38,5",
            "45",
            "-1",
            "abc",
            "Active",
            "On Leave",
            "Terminated",
            "Sabbatical",
            "x@example.com",
            "E-1",
            "Ada",
            "Head of DS",
            "tech",
            "=1+1",
            "'quoted",
            "  ",
            "0",
            "101",
            "nan",
            "1e309",
        ]
    ),
    st.text(max_size=12),
)


def import_bytes(data: bytes, name: str) -> None:
    try:
        table = read_export(data, name)
        apply_mapping(table, guess_mapping(table))
    except RosterError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    st.lists(st.lists(CELLS, max_size=9), max_size=8),
)
def test_any_table_of_cells_is_imported_or_refused_in_words(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)

    import_bytes(out.getvalue().encode("utf-8", "surrogatepass"), "export.csv")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
def test_any_bytes_are_imported_or_refused_in_words(data, name):
    import_bytes(data, name)
