"""CSV roster files: one row per person per team, read and written.

Columns in any order, all but name and fte optional::

    team,name,title,fte,background,reports_to,absent,executive_sponsor,...,architect

Text cells a spreadsheet would run as a formula are written with a leading ``'``, which
reading removes again (see :func:`teambuilder.io.cells.escape_formula`).
"""

from __future__ import annotations

import csv
import io
import re

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.collector import collector_paused
from teambuilder.io.cells import WHITESPACE, escape_formula, format_number, shown
from teambuilder.io.columns import BASE_COLUMNS
from teambuilder.io.guards import (
    MAX_COLUMNS,
    MAX_ROWS,
    check_text,
    decode,
    fail,
    team_from_filename,
)
from teambuilder.io.problems import Problem, ProblemLog, RosterError
from teambuilder.io.rows import build_roster_from_rows
from teambuilder.models import Roster

__all__ = ["MAX_CSV_LINES", "read_csv_bytes", "read_csv_text", "roster_to_csv"]

# Physical lines of a CSV file, blank ones included (a cell may span lines).
MAX_CSV_LINES = 5 * MAX_ROWS


def read_csv_bytes(
    data: bytes, source: str, *, default_team: str | None = None, cat: Catalogue | None = None
) -> Roster:
    """Read CSV bytes (UTF-8, with or without a BOM); see :func:`read_csv_text`."""
    return read_csv_text(decode(data, source), source, default_team=default_team, cat=cat)


@collector_paused()
def read_csv_text(
    text: str, source: str, *, default_team: str | None = None, cat: Catalogue | None = None
) -> Roster:
    """Read CSV text: one row per person per team, the header on the first non-blank line.

    The delimiter is a comma, or a semicolon or tab when the header line has more of those
    (spreadsheets in some locales). Without a team column, or with blank team cells in a
    one-team file, the team is ``default_team``, or else the file name without extension.
    Problems give the physical line where the record starts (the header is line 1).
    The position columns are those of ``cat`` (default: the loaded catalogue).
    """
    text = check_text(text, source)
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > MAX_CSV_LINES:
        raise fail(
            source,
            f"the file has {lines:,} lines, more than a roster of at most {MAX_ROWS:,} rows "
            "can need (blank lines count too); split it by team, or remove the blank lines",
        )
    first_line = re.split("[\r\n]", text.lstrip(WHITESPACE), maxsplit=1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    problems = ProblemLog(lambda p: p.row or 0)
    header: list[str] | None = None
    header_line = 1
    named: list[str] = []
    unnamed: list[int] = []
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(Problem(source, previous + 1, None, _csv_message(str(error))))
            if reader.line_num == previous or "end of data" in str(error):
                break
            previous = reader.line_num
            continue
        start, previous = previous + 1, reader.line_num
        if header is None:
            if any(cell.strip(WHITESPACE) for cell in cells):
                if len(cells) > MAX_COLUMNS:
                    raise fail(
                        source,
                        f"the header has {len(cells):,} columns, but a roster has at most "
                        f"{MAX_COLUMNS}; check that this is a roster file (the header names "
                        "name, fte and the other columns)",
                        start,
                    )
                header, header_line = cells, start
                named = [cell for cell in cells if cell.strip(WHITESPACE)]
                unnamed = [i for i, cell in enumerate(cells) if not cell.strip(WHITESPACE)]
            continue
        if not any(cells):
            continue  # a blank line
        if len(rows) == MAX_ROWS:
            raise fail(
                source,
                f"the file has more than {MAX_ROWS:,} rows, more than a roster can need; "
                "split it by team (a person may appear in several files)",
                start,
            )
        if len(cells) > len(header) and any(c.strip(WHITESPACE) for c in cells[len(header) :]):
            problems.add(
                Problem(
                    source,
                    start,
                    None,
                    f"this line has {len(cells)} cells but the header (line {header_line}) "
                    f"has {len(header)} columns; remove the extra cells or name their column",
                )
            )
        for i in unnamed:
            if i < len(cells) and cells[i].strip(WHITESPACE):
                problems.add(
                    Problem(
                        source,
                        start,
                        f"#{i + 1}",
                        f"{shown(cells[i])} is in column {i + 1}, which has no name in the "
                        f"header (line {header_line}); name the column or clear the cell",
                    )
                )
        if unnamed:
            rows.append(
                {header[i]: cell for i, cell in enumerate(cells[: len(header)]) if i not in unnamed}
            )
        else:
            rows.append(dict(zip(header, cells, strict=False)))
        numbers.append(start)
    if header is None:
        problems.add(Problem(source, None, None, "the file is empty"))
        raise problems.error()

    try:
        roster = build_roster_from_rows(
            rows,
            source=source,
            columns=named,
            row_numbers=numbers,
            row_word="line",
            header_row=header_line,
            default_team=default_team or team_from_filename(source),
            spreadsheet_escapes=True,
            cat=cat,
        )
    except RosterError as error:
        problems.absorb(error)
        raise problems.error() from None
    if problems:
        raise problems.error()
    return roster


def _csv_message(error: str) -> str:
    if "end of data" in error:
        return (
            'a quoted cell that starts here is never closed; add the closing " '
            '(a quote inside a cell is written twice: "")'
        )
    if "expected after" in error:
        return 'a quote inside a cell must be written twice (""), with the whole cell in quotes'
    if "field larger than" in error:
        return "a cell here is too long; perhaps a quote is missing"
    return f"this line is not valid CSV ({error})"


def roster_to_csv(roster: Roster, cat: Catalogue | None = None) -> str:
    """The roster as CSV text: the base columns, then every position id in catalogue order.

    Numbers are written as short as they read back exactly (0.5, 1), zero allocations as
    blank cells, absent as true/false. Team settings are not part of CSV; allocations to
    ids that are not positions cannot be written either.
    """
    ids = (cat or catalogue()).position_ids
    out = io.StringIO()
    # \r\n (RFC 4180) also makes the writer quote cells holding a lone \r.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*BASE_COLUMNS, *ids])
    for person in roster.people:
        allocations = person.allocations
        writer.writerow(
            [
                escape_formula(person.team),
                escape_formula(person.name),
                escape_formula(person.title),
                format_number(person.fte),
                person.background.value if person.background else "",
                escape_formula(person.reports_to or ""),
                "true" if person.absent else "false",
                *(format_number(a) if (a := allocations.get(pid)) else "" for pid in ids),
            ]
        )
    return out.getvalue()
