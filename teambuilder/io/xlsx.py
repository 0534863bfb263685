"""Excel .xlsx roster files: the first sheet, laid out like a CSV roster (read only).

The app writes CSV for spreadsheets, so there is no .xlsx writer. The file is checked
by :mod:`teambuilder.io.xlsx_guards` before openpyxl opens it.
"""

from __future__ import annotations

import datetime
import io
import warnings
from typing import Any

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.io import xlsx_guards
from teambuilder.io.cells import WHITESPACE, format_number, shown
from teambuilder.io.columns import BASE_COLUMNS, canonical_column, help_for
from teambuilder.io.guards import MAX_BYTES, fail, team_from_filename, too_large
from teambuilder.io.problems import Problem, RosterError
from teambuilder.io.rows import build_roster_from_rows
from teambuilder.io.xlsx_guards import EXCEL_SAVE_AS, check_container
from teambuilder.models import Roster

__all__ = ["read_xlsx_bytes"]


def read_xlsx_bytes(
    data: bytes, source: str, *, default_team: str | None = None, cat: Catalogue | None = None
) -> Roster:
    """Read the first worksheet of an Excel .xlsx workbook, laid out like a CSV roster.

    The header is the first row with anything in it; below it, one row per person per
    team, with the CSV's columns. Problems say ``row N`` with Excel's row numbers and
    the header's column names. Cells may hold text, numbers or true/false; a formula
    counts as the value Excel last saved for it (formulas are never run, and one that
    was never calculated reads as blank). A date or time is refused with a hint, as
    Excel turns entries such as 1/2 into dates. Other sheets are not read.
    """
    if len(data) > MAX_BYTES:
        raise too_large(source, len(data))
    check_container(data, source)
    import openpyxl  # here, not at the top: it takes a while to import, and few need it

    # openpyxl warns about parts it skips (data validation, unknown extensions...): they
    # are no concern of a roster, and tests turn warnings into errors.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception:  # a damaged package can fail anywhere inside openpyxl
            raise fail(source, _XLSX_DAMAGED) from None
        try:
            return _read_first_sheet(workbook, source, default_team, cat)
        except RosterError:
            raise
        except Exception:  # damaged XML in the sheet, found while reading it row by row
            raise fail(source, _XLSX_DAMAGED) from None
        finally:
            workbook.close()


_XLSX_DAMAGED = (
    "this workbook is damaged or was not saved by a spreadsheet program, so it cannot be "
    f"read; open it and save it again ({EXCEL_SAVE_AS})"
)


def _read_first_sheet(
    workbook: Any, source: str, default_team: str | None, cat: Catalogue | None = None
) -> Roster:
    from openpyxl.utils import get_column_letter  # Excel's column names: 1 is A, 27 AA

    max_rows, max_columns = xlsx_guards.MAX_XLSX_ROWS, xlsx_guards.MAX_XLSX_COLUMNS
    sheets = workbook.worksheets
    if not sheets:
        raise fail(source, "this workbook has no worksheet; put the roster on the first sheet")
    sheet = sheets[0]
    sheet_name = shown(str(sheet.title))
    # Some programs write a wrong size into the sheet, and openpyxl trusts it.
    sheet.reset_dimensions()
    # max_col bounds the cells per row openpyxl builds, whatever the file claims.
    cells = sheet.iter_rows(min_row=1, max_col=max_columns + 1, values_only=True)

    problems: list[Problem] = []
    header: list[str] | None = None
    header_row = 0
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    dates: set[tuple[int, str]] = set()
    for number, values in enumerate(cells, start=1):
        if number > max_rows:
            # Even empty-looking rows: they are there (formatted, perhaps), and a sheet of
            # a million empty rows takes a minute to go through.
            raise _row_error(
                source,
                number,
                f"the sheet goes on past row {max_rows:,}, more than a roster can need "
                "(rows that look empty may still hold formatting); delete the rows below "
                "the table, or check that the first sheet is the roster",
            )
        if values.count(None) == len(values) or all(map(_blank_cell, values)):
            continue
        if len(values) > max_columns and not _blank_cell(values[max_columns]):
            letter = get_column_letter(max_columns + 1)
            raise _row_error(
                source,
                number,
                f"this row has a cell in column {letter}, but a roster sheet has at most "
                f"{max_columns} columns; delete the columns after the table, or check "
                "that the first sheet is the roster",
            )
        if header is None:
            header, header_row = [_header_name(value) for value in values], number
            if not _looks_like_header(header, cat):
                raise _row_error(
                    source,
                    number,
                    "the first row with anything in it should be the header (name, fte and "
                    "the other columns), but none of its cells is a column name; add a "
                    "header row, or delete any title rows above it",
                )
            continue
        row: dict[str, object] = {}
        for index, value in enumerate(values):
            column = header[index] if index < len(header) else ""
            if not column:
                if not _blank_cell(value):
                    letter = get_column_letter(index + 1)
                    problems.append(
                        Problem(
                            source,
                            number,
                            letter,
                            f"{_shown_cell(value)} is in column {letter}, which has no name in "
                            f"the header (row {header_row}); name the column or clear the cell",
                            f"row {number}",
                        )
                    )
                continue
            if isinstance(value, _DATE_TYPES):
                dates.add((number, column))
                problems.append(
                    Problem(source, number, column, _date_message(value, column), f"row {number}")
                )
                value = None
            row[column] = value
        rows.append(row)
        numbers.append(number)
    if header is None:
        raise fail(
            source,
            f"the first sheet ({sheet_name}) is empty; put the roster there: a header row "
            "(name, fte, ...) and one row per person per team",
        )

    try:
        roster = build_roster_from_rows(
            rows,
            source=source,
            columns=[name for name in header if name],
            row_numbers=numbers,
            row_word="row",
            header_row=header_row,
            default_team=default_team or team_from_filename(source),
            spreadsheet_escapes=True,
            cat=cat,
        )
    except RosterError as error:
        # A date cell was passed on as blank; what the parser says of that blank goes.
        problems.extend(p for p in error.problems if (p.row, p.column) not in dates)
        raise RosterError(sorted(problems, key=lambda p: p.row or 0)) from None
    if problems:
        raise RosterError(problems)
    return roster


def _row_error(source: str, number: int, message: str) -> RosterError:
    return RosterError([Problem(source, number, None, message, f"row {number}")])


_DATE_TYPES = (datetime.date, datetime.time, datetime.timedelta)  # datetime is a date


def _blank_cell(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip(WHITESPACE))


def _header_name(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value)
    return str(value).strip(WHITESPACE)


def _looks_like_header(header: list[str], cat: Catalogue | None = None) -> bool:
    known = {*BASE_COLUMNS, *(cat or catalogue()).position_ids}
    return any(canonical_column(name) in known for name in header if name)


def _shown_cell(value: object) -> str:
    return _date_text(value) if isinstance(value, _DATE_TYPES) else shown(value)


def _date_text(value: datetime.date | datetime.time | datetime.timedelta) -> str:
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"the date {value.date().isoformat()}"
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, datetime.time):
        return f"the time {value.isoformat()}"
    return f"the duration {value}"


def _date_message(value: datetime.date | datetime.time | datetime.timedelta, column: str) -> str:
    rule = help_for(canonical_column(column))
    return (
        f"this cell holds {_date_text(value)}, not a number or text (Excel turns entries "
        "such as 1/2 or 1-5 into dates); format the cell as Number or Text and type the "
        f"value again{'; ' + rule if rule else ''}"
    )
