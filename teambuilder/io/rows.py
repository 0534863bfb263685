"""The one parser every table of people goes through: rows of cells to a :class:`Roster`.

A CSV file, an Excel sheet, the dashboard's table and an HR import all arrive as rows of
cells. Each cell is read by its column's specification (:mod:`teambuilder.io.columns`);
then the whole roster is checked (:mod:`teambuilder.io.checks`). Problems are collected,
never raised one at a time, so a user can fix a file in one go, and each one names where
it is (file, line or row, column) and what is allowed there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from teambuilder.catalogue import Catalogue
from teambuilder.collector import collector_paused
from teambuilder.io.cells import WHITESPACE, BadCell, is_blank
from teambuilder.io.checks import iter_roster_problems
from teambuilder.io.columns import BASE_SPECS, DEFAULT_TEAM, ColumnSpec, check_columns, column_specs
from teambuilder.io.problems import Problem, where_of
from teambuilder.models import Person, Roster, TeamSettings

__all__ = ["build_roster_from_rows"]


@collector_paused()
def build_roster_from_rows(
    rows: Sequence[Mapping[Any, object]],
    teams: Sequence[TeamSettings] = (),
    *,
    source: str,
    columns: Sequence[object] | None = None,
    row_numbers: Sequence[int] | None = None,
    row_word: str = "row",
    row_labels: Sequence[str] | None = None,
    header_row: int | None = None,
    default_team: str = DEFAULT_TEAM,
    spreadsheet_escapes: bool = False,
    cat: Catalogue | None = None,
) -> Roster:
    """Parse rows of cells (one per person per team) into a validated :class:`Roster`.

    The single parser for CSV files, the dashboard's data editor and spreadsheets.

    - ``rows``: one mapping per row, column name to cell. Cells may be ``str``, ``int``,
      ``float``, ``bool``, ``None``, NaN, numpy scalars or pandas' ``NA`` (so
      ``frame.to_dict("records")`` fits). Column names are
      matched ignoring case, surrounding space and space/hyphen vs underscore. Rows whose
      cells are all blank are skipped.
    - ``teams``: team settings to keep in the roster (the editor's sidebar); CSV has none.
    - ``source``: how problems name the input ("team.csv", "the roster table").
    - ``columns``: the header, if known (duplicates are reported; a header with no rows is
      still checked); defaults to the keys of the rows in first-seen order.
    - ``row_numbers`` / ``row_word``: problems say ``f"{row_word} {row_numbers[i]}"`` for
      ``rows[i]``; defaults to 1, 2, 3 ... and "row". CSV passes physical line numbers
      and "line". ``header_row`` locates column problems (CSV: 1).
    - ``row_labels``: instead, how problems name ``rows[i]``, both the row at fault and
      rows it refers to ("row 1 of Personalisation", for the editor's tables).
    - ``default_team``: the team of rows with a blank team when no row names a team and
      ``teams`` has not exactly one entry (whose name is then used).
    - ``spreadsheet_escapes``: undo :func:`escape_formula` on text cells (CSV files).
    - ``cat``: the catalogue whose positions are the allocation columns (default: the
      loaded one), so a roster saved under other rules reads with those.

    Raises :class:`RosterError` with every problem found (the first ones listed, the
    rest counted).
    """
    numbers, labels = _row_names(len(rows), row_numbers, row_word, row_labels)

    def header_problem(column: str | None, message: str) -> Problem:
        record = f"{row_word} {header_row}" if header_row is not None else None
        return Problem(source, header_row, column, message, record)

    def cell_problem(index: int, column: str | None, message: str) -> Problem:
        return Problem(source, numbers[index], column, message, labels[index])

    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    names = [str(column) for column in columns]
    if any(not isinstance(column, str) for column in columns):  # e.g. a frame's int labels
        rows = [{str(key): value for key, value in row.items()} for row in rows]
    mapping, problems, readable = check_columns(names, header_problem, cat)
    if not readable:
        raise problems.error()
    raw_of = {canonical: raw for raw, canonical in mapping.items()}
    present = _in_check_order(mapping, cat)

    records: list[dict[str, object]] = []
    record_rows: list[int] = []  # index into rows, per record
    failed_names: set[str] = set()
    named_teams: dict[str, None] = dict.fromkeys(team.name for team in teams)
    # Cells repeat down a column (team names, titles, FTEs, shares): each distinct text
    # is parsed once per column. Parsing is a pure function of the cell, and a cell that
    # fails is parsed again each time, so every bad cell still gets its own problem.
    columns_read = _ColumnsRead.of(present)
    for index, row in enumerate(rows):
        if _is_blank_row(row):
            continue
        record, bad_cells = _read_row(row, columns_read, spreadsheet_escapes)
        if record.get("team"):
            named_teams[str(record["team"])] = None
        if bad_cells:
            if problems.beyond((1, numbers[index])):  # counted only: no need to build them
                for raw, _ in bad_cells:
                    problems.count(where_of(numbers[index], raw), numbers[index])
            else:
                problems.extend(cell_problem(index, raw, message) for raw, message in bad_cells)
            if record.get("name"):
                failed_names.add(str(record["name"]))
            continue
        records.append(record)
        record_rows.append(index)

    kept_names = {record["name"] for record in records}
    problems.extend(
        _resolve_teams(
            records,
            record_rows,
            list(named_teams),
            default_team,
            raw_of.get("team", "team"),
            cell_problem,
        )
    )
    # Rows dropped for their team still name people others may report to.
    failed_names.update(str(name) for name in kept_names - {r["name"] for r in records})
    try:
        people = _PEOPLE.validate_python(records)
    except ValidationError as error:  # a safety net: the cell checks above should catch all
        for item in error.errors():
            loc = item["loc"]
            index = record_rows[int(loc[0])] if loc and isinstance(loc[0], int) else 0
            where = str(loc[1]) if len(loc) > 1 else ""
            problems.add(cell_problem(index, raw_of.get(where, where or None), item["msg"]))
        raise problems.error() from None
    roster = Roster(teams=tuple(teams), people=tuple(people))

    def team_label(i: int) -> str:
        return f"team settings {i + 1} ({teams[i].name!r})"

    for issue in iter_roster_problems(
        roster,
        person_label=lambda i: labels[record_rows[i]],
        team_label=team_label,
        also_known=failed_names,
        cat=cat,
    ):
        if issue.section == "teams":
            problems.add(Problem(source, None, issue.field, issue.message, team_label(issue.index)))
            continue
        field = (issue.field or "").removeprefix("allocations.")
        problems.add(
            cell_problem(record_rows[issue.index], raw_of.get(field, field), issue.message)
        )
    if problems:
        raise problems.error()
    return roster


def _row_names(
    count: int, row_numbers: Sequence[int] | None, row_word: str, row_labels: Sequence[str] | None
) -> tuple[list[int], list[str]]:
    """The number and the label problems give each row."""
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, count + 1))
    if len(numbers) != count:
        raise ValueError("row_numbers must have one number per row")
    if row_labels is None:
        return numbers, [f"{row_word} {number}" for number in numbers]
    if len(row_labels) != count:
        raise ValueError("row_labels must have one label per row")
    return numbers, list(row_labels)


_PEOPLE = TypeAdapter(list[Person])


def _resolve_teams(
    records: list[dict[str, object]],
    record_rows: list[int],
    known: list[str],
    default_team: str,
    team_column: str,
    cell_problem: Callable[[int, str | None, str], Problem],
) -> list[Problem]:
    """Fill blank teams with the only team there is; a blank among several is an error.

    ``known`` are the team names of the settings and of every row, even rows with problems.
    """
    if len(known) == 1:
        fallback = known[0]
    elif not known:
        fallback = default_team
    else:
        problems = []
        listed = ", ".join(repr(name) for name in known[:5]) + (", ..." if len(known) > 5 else "")
        kept = []
        for record, index in zip(records, record_rows, strict=True):
            if record.get("team"):
                kept.append((record, index))
            else:
                problems.append(
                    cell_problem(
                        index,
                        team_column,
                        f"the team is empty, but this roster has several teams ({listed}); "
                        "say which team this row belongs to",
                    )
                )
        records[:] = [record for record, _ in kept]
        record_rows[:] = [index for _, index in kept]
        return problems
    for record in records:
        if not record.get("team"):
            record["team"] = fallback
    return []


def _in_check_order(
    mapping: Mapping[str, str], cat: Catalogue | None = None
) -> list[tuple[str, ColumnSpec]]:
    """(raw column, specification) for the table's columns: base columns in the table's
    order of checks, then the positions as the header has them."""
    specs = column_specs(cat)
    rank = {spec.column: i for i, spec in enumerate(BASE_SPECS)}
    present = [(raw, specs[canonical]) for raw, canonical in mapping.items()]
    return sorted(present, key=lambda item: rank.get(item[1].column, len(rank)))


def _is_blank_row(row: Mapping[Any, object]) -> bool:
    for value in row.values():
        if type(value) is str:  # the common cell: checked without a call
            if value.strip(WHITESPACE):
                return False
        elif not is_blank(value):
            return False
    return True


_UNREAD = object()
# A column as a row is read: (raw column, the record field or position id, its parser,
# its text cells parsed so far).
_ColumnRead = tuple[str, str, Callable[[object, bool], object], dict[str, object]]


@dataclass(frozen=True)
class _ColumnsRead:
    """The table's columns: the base fields in their order of checks, then the positions."""

    fields: list[_ColumnRead]
    shares: list[_ColumnRead]

    @classmethod
    def of(cls, present: list[tuple[str, ColumnSpec]]) -> _ColumnsRead:
        fields: list[_ColumnRead] = []
        shares: list[_ColumnRead] = []
        for raw, spec in present:
            if spec.field == "allocations":
                shares.append((raw, spec.column, spec.parse, {}))
            else:
                fields.append((raw, spec.field, spec.parse, {}))
        return cls(fields, shares)


def _parse_new(
    cell: object, parse: Callable[[object, bool], object], parsed: dict[str, object], escapes: bool
) -> object:
    """A cell not parsed before in its column (remembered when it is text and valid)."""
    value = parse(cell, escapes)
    if type(cell) is str:
        parsed[cell] = value
    return value


def _read_row(
    row: Mapping[str, object], columns: _ColumnsRead, escapes: bool
) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """One row as a person record, and its bad cells as (raw column, message)."""
    get = row.get
    record: dict[str, object] = {}
    allocations: dict[str, float] = {}
    bad_cells: list[tuple[str, str]] = []
    for raw, field, parse, parsed in columns.fields:
        cell = get(raw)
        value = parsed.get(cell, _UNREAD) if type(cell) is str else _UNREAD
        if value is _UNREAD:
            try:
                value = _parse_new(cell, parse, parsed, escapes)
            except BadCell as bad:
                bad_cells.append((raw, str(bad)))
                continue
        record[field] = value
    for raw, position, parse, parsed in columns.shares:
        cell = get(raw)
        if cell is None or cell == "":
            continue  # most position cells of a big file are empty: nothing to parse
        value = parsed.get(cell, _UNREAD) if type(cell) is str else _UNREAD
        if value is _UNREAD:
            try:
                value = _parse_new(cell, parse, parsed, escapes)
            except BadCell as bad:
                bad_cells.append((raw, str(bad)))
                continue
        if value:
            allocations[position] = cast(float, value)
    record["allocations"] = allocations
    if not record.get("reports_to"):
        record["reports_to"] = None
    return record, bad_cells
