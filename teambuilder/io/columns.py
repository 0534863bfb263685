"""The columns of a roster table: one specification per column, shared by every reader.

A CSV file, an Excel sheet, the dashboard's table and an HR import all arrive as rows of
cells; each column they may have is a row of :data:`BASE_SPECS` (or one per position):
the column's id, the parser of its cells, and the help text that ends every message
about it. :func:`teambuilder.io.rows.build_roster_from_rows` is the loop over them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.io.cells import (
    WHITESPACE,
    BadCell,
    parse_absent,
    parse_allocation,
    parse_background,
    parse_fte,
    parse_text,
    shown,
)
from teambuilder.io.problems import Problem, ProblemLog

__all__ = [
    "BASE_COLUMNS",
    "DEFAULT_TEAM",
    "MAX_NAME_LENGTH",
    "MAX_TITLE_LENGTH",
    "ColumnSpec",
    "canonical_column",
    "check_columns",
    "closest",
    "column_specs",
    "help_for",
]

BASE_COLUMNS = ("team", "name", "title", "fte", "background", "reports_to", "absent")
REQUIRED_COLUMNS = ("name", "fte")
OPTIONAL_COLUMNS = tuple(column for column in BASE_COLUMNS if column not in REQUIRED_COLUMNS)
TEXT_COLUMNS = ("team", "name", "title", "reports_to")
DEFAULT_TEAM = "Team"
MAX_NAME_LENGTH = 120
MAX_TITLE_LENGTH = 200
ALLOCATION_HELP = "an allocation is the FTE given to a position: a number from 0 to 1 (blank is 0)"


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of a roster table.

    ``parse(cell, spreadsheet_escapes)`` gives the value or raises :class:`BadCell`;
    ``field`` is where the value goes in a person record (``"allocations"`` for a
    position, whose id is ``column``); ``help`` says what the column allows.
    """

    column: str
    parse: Callable[[object, bool], object]
    help: str
    field: str


def _text_spec(column: str, limit: int, help_text: str) -> ColumnSpec:
    def parse(value: object, escapes: bool) -> str:
        return parse_text(value, help_text, limit, escapes)

    return ColumnSpec(column, parse, help_text, column)


def _name(value: object, escapes: bool) -> str:
    text = parse_text(value, _NAME_HELP, MAX_NAME_LENGTH, escapes)
    if not text:
        raise BadCell(f"the name is empty; {_NAME_HELP}")
    return text


def _plain_spec(column: str, parser: Callable[[object, str], object], help_text: str) -> ColumnSpec:
    def parse(value: object, escapes: bool) -> object:
        return parser(value, help_text)

    return ColumnSpec(column, parse, help_text, column)


_NAME_HELP = f"a name is text of 1 to {MAX_NAME_LENGTH} characters"

# The base columns, in the order their cells are checked (problems of a row come out so).
BASE_SPECS: tuple[ColumnSpec, ...] = (
    _text_spec(
        "team", MAX_NAME_LENGTH, f"a team name is text of at most {MAX_NAME_LENGTH} characters"
    ),
    ColumnSpec("name", _name, _NAME_HELP, "name"),
    _text_spec(
        "title", MAX_TITLE_LENGTH, f"a job title is text of at most {MAX_TITLE_LENGTH} characters"
    ),
    _text_spec(
        "reports_to",
        MAX_NAME_LENGTH,
        "reports_to is the name of another person in the roster, or blank",
    ),
    _plain_spec("fte", parse_fte, "FTE is a number above 0 and at most 1 (e.g. 0.5)"),
    _plain_spec("absent", parse_absent, "absent is true/false, yes/no, 1/0 or blank"),
    _plain_spec("background", parse_background, "background is business, tech, mixed or blank"),
)


def column_specs(cat: Catalogue | None = None) -> dict[str, ColumnSpec]:
    """Every column a roster table may have, by id: the base columns, then the positions
    of ``cat`` (the loaded catalogue by default)."""
    return _specs_for((cat or catalogue()).position_ids)


@functools.cache
def _specs_for(position_ids: tuple[str, ...]) -> dict[str, ColumnSpec]:
    specs = {spec.column: spec for spec in BASE_SPECS}
    for position_id in position_ids:
        specs[position_id] = ColumnSpec(position_id, _allocation, ALLOCATION_HELP, "allocations")
    return specs


def _allocation(value: object, escapes: bool) -> float:
    return parse_allocation(value, ALLOCATION_HELP)


# Fields of the JSON team settings, which no table has.
_SETTINGS_HELP = {
    "size": "size is auto, small, medium or large",
    "mission_critical": "mission_critical is true or false",
    "sponsor_update_weeks": "sponsor_update_weeks is a whole number of weeks, 1 to 520, or null",
}


def help_for(field: str) -> str:
    """What a field allows, in plain words; used at the end of every message about it."""
    if field.startswith("allocations"):
        return ALLOCATION_HELP
    spec = column_specs().get(field)
    return spec.help if spec else _SETTINGS_HELP.get(field, "")


def canonical_column(raw: str) -> str:
    """Header text to a column id: case, surrounding space and space/hyphen runs ignored."""
    return re.sub(r"[\s\-]+", "_", raw.strip(WHITESPACE).lower())


def closest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one choice is close to ``word``, else ''.

    Close means a similarity ratio (as difflib's, computed by rapidfuzz in C) of at least
    0.75; a word far longer than any name gets no suggestion.
    """
    if len(word) > _MAX_SUGGESTED_LENGTH:
        return ""
    match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=75, processor=None)
    return f" (did you mean {match[0]!r}?)" if match else ""


_MAX_SUGGESTED_LENGTH = 2 * MAX_TITLE_LENGTH


def unknown_column_message(raw: str, canonical: str, cat: Catalogue | None = None) -> str:
    positions = (cat or catalogue()).position_ids
    return (
        f"unknown column {shown(raw)}{closest(canonical, (*BASE_COLUMNS, *positions))}; "
        f"the columns are {', '.join(BASE_COLUMNS)}, and one per position: "
        f"{', '.join(positions)}"
    )


def check_columns(
    columns: Sequence[str],
    problem: Callable[[str | None, str], Problem],
    cat: Catalogue | None = None,
) -> tuple[dict[str, str], ProblemLog, bool]:
    """Map raw column names to ids; return (mapping, problems, whether rows can be read)."""
    allowed = {*BASE_COLUMNS, *(cat or catalogue()).position_ids}
    mapping: dict[str, str] = {}
    first_raw: dict[str, str] = {}
    problems = ProblemLog(problem_order)
    readable = True
    for raw in columns:
        canonical = canonical_column(raw)
        if canonical in first_raw:
            problems.add(
                problem(
                    raw,
                    f"column {shown(canonical)} appears more than once "
                    f"(as {shown(first_raw[canonical])} and {shown(raw)}); keep one",
                )
            )
            readable = False
        elif canonical not in allowed:
            problems.add(problem(raw, unknown_column_message(raw, canonical, cat)))
        else:
            first_raw[canonical] = raw
            mapping[raw] = canonical
    for required in REQUIRED_COLUMNS:
        if required not in first_raw:
            problems.add(
                problem(
                    None,
                    f"there is no {required!r} column; name and fte are required, the "
                    f"other columns ({', '.join(OPTIONAL_COLUMNS)} and the position ids) "
                    "are optional",
                )
            )
            readable = False
    return mapping, problems, readable


def problem_order(problem: Problem) -> tuple[int, int]:
    """Problems of the whole table (no row) first, then by row."""
    return (0 if problem.row is None else 1, problem.row or 0)
