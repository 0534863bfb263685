"""Roster checks, and the one parser every table of people goes through.

A CSV file, the dashboard's table and (later) an Excel sheet all arrive as rows of cells
and go through :func:`build_roster_from_rows`; a JSON document goes through pydantic.
Both end in :func:`roster_problems`, the checks that need the whole roster. Problems are
collected, never raised one at a time, so a user can fix a file in one go, and each one
names where it is (file, line or row, column or field) and what is allowed there.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError
from rapidfuzz import fuzz, process

from teambuilder.catalogue import catalogue
from teambuilder.models import Background, Person, Roster, TeamSettings

__all__ = [
    "BASE_COLUMNS",
    "DEFAULT_TEAM",
    "Problem",
    "RosterError",
    "RosterIssue",
    "build_roster_from_rows",
    "escape_formula",
    "format_number",
    "help_for",
    "roster_problems",
    "unescape_formula",
]

BASE_COLUMNS = ("team", "name", "title", "fte", "background", "reports_to", "absent")
REQUIRED_COLUMNS = ("name", "fte")
OPTIONAL_COLUMNS = tuple(column for column in BASE_COLUMNS if column not in REQUIRED_COLUMNS)
TEXT_COLUMNS = ("team", "name", "title", "reports_to")
DEFAULT_TEAM = "Team"
MAX_NAME_LENGTH = 120
MAX_TITLE_LENGTH = 200

# The characters pydantic's strip_whitespace removes (Unicode White_Space). Python's
# str.strip() also removes \x1c-\x1f; stripping those here but not in JSON would break
# the JSON -> CSV -> JSON round trip.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# What a spreadsheet may run as a formula when a cell starts with it: = + - @ and their
# full-width forms (Japanese and Chinese input methods type those), and tab or CR.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_CONTROL_START = ("\t", "\r")
# Invisible before a formula: zero-width and other format characters, and spaces
# (spreadsheet programs trim them or ignore them).
_INVISIBLE = WHITESPACE + "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u061c\u200e\u200f"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_TRUE = frozenset({"true", "yes", "1", "y"})
_FALSE = frozenset({"false", "no", "0", "n"})
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
_BACKGROUNDS = {member.value: member for member in Background}


def help_for(field: str) -> str:
    """What a field allows, in plain words; used at the end of every message about it."""
    if field.startswith("allocations") or field in catalogue().position_ids:
        return "an allocation is the FTE given to a position: a number from 0 to 1 (blank is 0)"
    return _HELP.get(field, "")


_HELP = {
    "team": f"a team name is text of at most {MAX_NAME_LENGTH} characters",
    "name": f"a name is text of 1 to {MAX_NAME_LENGTH} characters",
    "title": f"a job title is text of at most {MAX_TITLE_LENGTH} characters",
    "fte": "FTE is a number above 0 and at most 1 (e.g. 0.5)",
    "background": "background is business, tech, mixed or blank",
    "reports_to": "reports_to is the name of another person in the roster, or blank",
    "absent": "absent is true/false, yes/no, 1/0 or blank",
    "size": "size is auto, small, medium or large",
    "mission_critical": "mission_critical is true or false",
    "sponsor_update_weeks": "sponsor_update_weeks is a whole number of weeks, 1 to 520, or null",
}


# --- Problems ---------------------------------------------------------------------


# At most this many problems are kept and listed; the rest are counted ("and 12,345
# more"), so a file where every row is wrong costs no more than one with a few mistakes.
MAX_PROBLEMS = 100
# Every message and column label is cut to these lengths (a header cell or a key can be
# megabytes long); nothing a user needs to read is longer.
MAX_MESSAGE_CHARS = 1000
MAX_COLUMN_CHARS = 60


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a roster, located precisely enough to fix it.

    ``row`` is the physical line number in a CSV file (the header is line 1) or the row
    number in a table; ``None`` for JSON and for problems with the whole input.
    ``column`` is the CSV column or, for JSON, the field (``allocations.ml_engineer``).
    ``record`` names the row for people ("line 4", "row 3", "people[3] ('Meghan')").
    Message, column and record are cut to a bounded length.
    """

    source: str
    row: int | None
    column: str | None
    message: str
    record: str | None = None
    kind: Literal["table", "json"] = "table"

    def __post_init__(self) -> None:
        if len(self.message) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE_CHARS - 3] + "...")
        if self.column is not None and len(self.column) > MAX_COLUMN_CHARS:
            object.__setattr__(self, "column", self.column[: MAX_COLUMN_CHARS - 3] + "...")
        if self.record is not None and len(self.record) > MAX_COLUMN_CHARS * 2:
            object.__setattr__(self, "record", self.record[: MAX_COLUMN_CHARS * 2 - 3] + "...")
        if len(self.source) > MAX_COLUMN_CHARS * 4:
            object.__setattr__(self, "source", self.source[: MAX_COLUMN_CHARS * 4 - 3] + "...")

    def __str__(self) -> str:
        parts = [self.source]
        if self.record:
            parts.append(self.record)
        elif self.row is not None:
            parts.append(f"line {self.row}")
        if self.column is not None:
            word = "field" if self.kind == "json" else "column"
            parts.append(f"{word} {self.column!r}")
        return f"{', '.join(parts)}: {self.message}"

    @property
    def where(self) -> str:
        """What an omitted problem is counted under: its column or field, or the file."""
        if self.column is None:
            return "the whole file" if self.row is None else "whole rows"
        word = "field" if self.kind == "json" else "column"
        return f"{word} {self.column!r}"


class RosterError(Exception):
    """A roster could not be read.

    ``problems`` holds the first :data:`MAX_PROBLEMS` problems in order; ``omitted``
    counts the others by where they are (``"column 'fte'"``), ``total`` is how many
    there are in all, and ``rows`` is every row or line number that has a problem, also
    the omitted ones (the editor leaves those rows out).
    """

    def __init__(
        self,
        problems: Iterable[Problem],
        omitted: Mapping[str, int] | None = None,
        rows: Iterable[int] | None = None,
    ) -> None:
        self.problems = list(problems)
        self.omitted: dict[str, int] = dict(omitted or {})
        more = sum(self.omitted.values())
        self.total = len(self.problems) + more
        self.rows = frozenset(
            rows if rows is not None else (p.row for p in self.problems if p.row is not None)
        )
        lines = [str(problem) for problem in self.problems]
        if more:
            lines.append(_more_line(self.omitted))
        super().__init__("\n".join(lines))


def _more_line(omitted: Mapping[str, int]) -> str:
    more = sum(omitted.values())
    biggest = sorted(omitted.items(), key=lambda item: -item[1])
    parts = [f"{count:,} in {where}" for where, count in biggest[:5]]
    if len(biggest) > 5:
        parts.append(f"{sum(count for _, count in biggest[5:]):,} elsewhere")
    return f"... and {more:,} more problems of the same kinds ({', '.join(parts)})"


class ProblemLog:
    """Collects problems in a bounded space: the first ``limit`` by ``order`` are kept.

    Adding is amortised O(log limit); memory stays O(limit) however many are added,
    plus one integer per row that has a problem.
    """

    def __init__(self, order: Callable[[Problem], Any], limit: int = MAX_PROBLEMS) -> None:
        self._order = order
        self._limit = limit
        self._kept: list[tuple[Any, int, Problem]] = []
        self._omitted: dict[str, int] = {}
        self._rows: set[int] = set()
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, problem: Problem, order: Any = None) -> None:
        self._count += 1
        if problem.row is not None:
            self._rows.add(problem.row)
        key = self._order(problem) if order is None else order
        self._kept.append((key, self._count, problem))
        if len(self._kept) >= 2 * self._limit:
            self._trim()

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def absorb(self, error: RosterError) -> None:
        """Take in another error's problems, its omitted counts and its rows."""
        self.extend(error.problems)
        for where, count in error.omitted.items():
            self._omitted[where] = self._omitted.get(where, 0) + count
            self._count += count
        self._rows.update(error.rows)

    def _trim(self) -> None:
        self._kept.sort(key=lambda item: (item[0], item[1]))
        for _, _, problem in self._kept[self._limit :]:
            self._omitted[problem.where] = self._omitted.get(problem.where, 0) + 1
        del self._kept[self._limit :]

    def error(self) -> RosterError:
        self._trim()
        return RosterError((p for _, _, p in self._kept), self._omitted, self._rows)


@dataclass(frozen=True, slots=True)
class RosterIssue:
    """A problem found by :func:`roster_problems`, keyed by record index and field."""

    section: Literal["people", "teams"]
    index: int
    field: str | None
    message: str


# --- Cells ------------------------------------------------------------------------


def escape_formula(text: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula, by a leading ``'``.

    Guarded: text that starts with ``= + - @`` or their full-width forms (``＝ ＋ － ＠``),
    also after invisible characters (zero-width space, BOM, spaces), or with a tab or CR.
    Text that already starts with quotes before such a character gets one more quote,
    so that :func:`unescape_formula` gives back exactly the original (``-Anna`` is
    written ``'-Anna`` and read back as ``-Anna``).
    """
    return "'" + text if _looks_like_formula(text.lstrip("'")) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: drop the one leading ``'`` it added."""
    if text.startswith("'") and _looks_like_formula(text.lstrip("'")):
        return text[1:]
    return text


def _looks_like_formula(text: str) -> bool:
    return text.startswith(_CONTROL_START) or text.lstrip(_INVISIBLE).startswith(_FORMULA_START)


def format_number(value: float) -> str:
    """The shortest text that reads back as the same float: 0.5, 1, 0.30000000000000004."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


class _BadCell(Exception):
    """A cell's value is not allowed; the message says why and what is."""


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes, other values as JSON writes them."""
    if isinstance(value, str):
        text = value.strip(WHITESPACE)
        return repr(text if len(text) <= 40 else text[:37] + "...")
    value = _plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _plain(value: object) -> object:
    """Turn numpy scalars and pandas' missing markers into plain Python values."""
    kind = type(value)
    if kind.__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    if kind.__name__ in ("NAType", "NaTType"):
        return None
    return value


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return not value.strip(WHITESPACE)
    value = _plain(value)
    return value is None or (isinstance(value, float) and math.isnan(value))


def _text(value: object, field: str, limit: int, escapes: bool) -> str:
    """A text cell, stripped like pydantic strips it; '' when blank."""
    if type(value) is not str:
        value = _plain(value)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise _BadCell(f"{shown(value)} is not text; {help_for(field)}")
        if not isinstance(value, str):
            value = format_number(value) if isinstance(value, float) else str(value)
    assert isinstance(value, str)
    text = value.strip(WHITESPACE)
    if escapes:
        text = unescape_formula(text).strip(WHITESPACE)
    if len(text) > limit:
        raise _BadCell(f"the text is {len(text)} characters long; {help_for(field)}")
    return text


def _number(value: object, field: str) -> float | None:
    """A number cell; None when blank. Range checks are the caller's."""
    if type(value) is str:
        text = value.strip(WHITESPACE)
        if not text:
            return None
        if not _NUMBER.fullmatch(text):
            hint = ""
            if _NUMBER.fullmatch(text.replace(",", ".", 1)):
                hint = " (use a dot as the decimal separator)"
            elif text.endswith("%"):
                hint = " (write 50% as 0.5)"
            raise _BadCell(f"{shown(text)} is not a number{hint}; {help_for(field)}")
        number = float(text)
        if not math.isfinite(number):
            raise _BadCell(f"{shown(text)} is too large; {help_for(field)}")
        return number
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadCell(f"{shown(value)} is not a number; {help_for(field)}")
    number = float(value)
    if math.isnan(number):
        return None
    if not math.isfinite(number):
        raise _BadCell(f"{shown(value)} is not a finite number; {help_for(field)}")
    return number


def _fte(value: object) -> float:
    number = _number(value, "fte")
    if number is None:
        raise _BadCell(f"FTE is empty; every person needs one: {help_for('fte')}")
    if number <= 0:
        raise _BadCell(f"{format_number(number)} is not above 0; {help_for('fte')}")
    if number > 1:
        raise _BadCell(f"{format_number(number)} is more than 1; {help_for('fte')}")
    return number


def _allocation(value: object, field: str) -> float:
    number = _number(value, field)
    if number is None:
        return 0.0
    if number < 0:
        raise _BadCell(f"{format_number(number)} is negative; {help_for(field)}")
    if number > 1:
        raise _BadCell(f"{format_number(number)} is more than 1; {help_for(field)}")
    return number


def _absent(value: object) -> bool:
    if type(value) is not str:
        value = _plain(value)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
    text = str(value).strip(WHITESPACE).lower()
    if text in _TRUE:
        return True
    if not text or text in _FALSE:
        return False
    raise _BadCell(f"{shown(value)} is not a yes/no value; {help_for('absent')}")


def _background(value: object) -> Background | None:
    if _is_blank(value):
        return None
    text = str(_plain(value)).strip(WHITESPACE).lower()
    if text in _BACKGROUNDS:
        return _BACKGROUNDS[text]
    raise _BadCell(f"{shown(value)} is not a background; {help_for('background')}")


# --- Columns ----------------------------------------------------------------------


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


def _unknown_column_message(raw: str, canonical: str) -> str:
    positions = catalogue().position_ids
    return (
        f"unknown column {shown(raw)}{closest(canonical, (*BASE_COLUMNS, *positions))}; "
        f"the columns are {', '.join(BASE_COLUMNS)}, and one per position: "
        f"{', '.join(positions)}"
    )


def _check_columns(
    columns: Sequence[str], problem: Callable[[str | None, str], Problem]
) -> tuple[dict[str, str], ProblemLog, bool]:
    """Map raw column names to ids; return (mapping, problems, whether rows can be read)."""
    allowed = {*BASE_COLUMNS, *catalogue().position_ids}
    mapping: dict[str, str] = {}
    first_raw: dict[str, str] = {}
    problems = ProblemLog(_problem_order)
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
            problems.add(problem(raw, _unknown_column_message(raw, canonical)))
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


# --- Rows -------------------------------------------------------------------------


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

    Raises :class:`RosterError` with every problem found.
    """
    numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(rows) + 1))
    if len(numbers) != len(rows):
        raise ValueError("row_numbers must have one number per row")
    if row_labels is None:
        labels = [f"{row_word} {number}" for number in numbers]
    elif len(row_labels) == len(rows):
        labels = list(row_labels)
    else:
        raise ValueError("row_labels must have one label per row")

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
    mapping, problems, readable = _check_columns(names, header_problem)
    if not readable:
        raise problems.error()

    raw_of = {canonical: raw for raw, canonical in mapping.items()}
    positions = [(raw, pid) for raw, pid in mapping.items() if pid not in BASE_COLUMNS]
    text_limits = {"team": MAX_NAME_LENGTH, "name": MAX_NAME_LENGTH}
    text_limits |= {"title": MAX_TITLE_LENGTH, "reports_to": MAX_NAME_LENGTH}

    records: list[dict[str, object]] = []
    record_rows: list[int] = []  # index into rows, per record
    failed_names: set[str] = set()
    named_teams: dict[str, None] = dict.fromkeys(team.name for team in teams)
    text_columns = [(f, raw_of[f], text_limits[f]) for f in TEXT_COLUMNS if f in raw_of]
    parsers: list[tuple[str, Callable[[object], object]]] = [
        ("fte", _fte),
        ("absent", _absent),
        ("background", _background),
    ]
    other_columns = [(f, raw_of[f], parse) for f, parse in parsers if f in raw_of]
    name_column = raw_of["name"]
    # The loop below is the hot path of loading a big file: plain strings take shortcuts.
    for index, row in enumerate(rows):
        if all(_is_blank(value) for value in row.values()):
            continue
        get = row.get
        record: dict[str, object] = {}
        row_problems: list[Problem] = []
        for field, raw, limit in text_columns:
            value = get(raw)
            if type(value) is str:
                text = value.strip(WHITESPACE)
                if len(text) <= limit and not text.startswith("'"):
                    record[field] = text
                    continue
            try:
                record[field] = _text(value, field, limit, spreadsheet_escapes)
            except _BadCell as bad:
                row_problems.append(cell_problem(index, raw, str(bad)))
        if record.get("name", "x") == "":
            row_problems.append(
                cell_problem(index, name_column, f"the name is empty; {help_for('name')}")
            )
        for field, raw, parse in other_columns:
            try:
                record[field] = parse(get(raw))
            except _BadCell as bad:
                row_problems.append(cell_problem(index, raw, str(bad)))
        allocations: dict[str, float] = {}
        for raw, position_id in positions:
            value = get(raw)
            if value is None or (type(value) is str and not value):
                continue
            try:
                amount = _allocation(value, position_id)
            except _BadCell as bad:
                row_problems.append(cell_problem(index, raw, str(bad)))
                continue
            if amount:
                allocations[position_id] = amount
        record["allocations"] = allocations
        if record.get("team"):
            named_teams[str(record["team"])] = None
        if row_problems:
            problems.extend(row_problems)
            name = record.get("name")
            if isinstance(name, str) and name:
                failed_names.add(name)
            continue
        if not record.get("reports_to"):
            record["reports_to"] = None
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

    def person_label(i: int) -> str:
        return labels[record_rows[i]]

    def team_label(i: int) -> str:
        return f"team settings {i + 1} ({teams[i].name!r})"

    for issue in iter_roster_problems(
        roster, person_label=person_label, team_label=team_label, also_known=failed_names
    ):
        if issue.section == "people":
            field = issue.field or ""
            field = field.removeprefix("allocations.")
            problems.add(
                cell_problem(record_rows[issue.index], raw_of.get(field, field), issue.message)
            )
        else:
            problems.add(Problem(source, None, issue.field, issue.message, team_label(issue.index)))
    if problems:
        raise problems.error()
    return roster


_PEOPLE = TypeAdapter(list[Person])


def _problem_order(problem: Problem) -> tuple[int, int]:
    return (0 if problem.row is None else 1, problem.row or 0)


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


# --- Whole-roster checks ----------------------------------------------------------


def roster_problems(
    roster: Roster,
    *,
    person_label: Callable[[int], str] | None = None,
    team_label: Callable[[int], str] | None = None,
    also_known: Collection[str] = (),
) -> list[RosterIssue]:
    """Checks that need the whole roster; see :func:`iter_roster_problems`."""
    return list(
        iter_roster_problems(
            roster, person_label=person_label, team_label=team_label, also_known=also_known
        )
    )


def iter_roster_problems(
    roster: Roster,
    *,
    person_label: Callable[[int], str] | None = None,
    team_label: Callable[[int], str] | None = None,
    also_known: Collection[str] = (),
) -> Iterator[RosterIssue]:
    """Checks that need the whole roster, one issue at a time; none: the roster is consistent.

    Unknown position ids (allocations, critical positions), a team set up twice, the same
    person twice in a team, a person whose FTE differs between teams, and reporting lines
    that name nobody, the person themself or go round in a circle. ``person_label(i)``
    and ``team_label(i)`` name other records in messages ("line 3"; defaults
    ``people[i]`` and ``teams[i]``). ``also_known`` are names of people whose records
    failed earlier checks: reporting to them is not reported as naming nobody.
    """
    people_label = person_label or (lambda i: f"people[{i}]")
    teams_label = team_label or (lambda i: f"teams[{i}]")
    position_ids = catalogue().position_ids
    valid_ids = set(position_ids)

    first_team: dict[str, int] = {}
    for index, team in enumerate(roster.teams):
        if team.name in first_team:
            yield (
                RosterIssue(
                    "teams",
                    index,
                    "name",
                    f"team {team.name!r} is already set up in "
                    f"{teams_label(first_team[team.name])}; give each team one entry",
                )
            )
        else:
            first_team[team.name] = index
        for position_id in team.critical_positions:
            if position_id not in valid_ids:
                yield (
                    RosterIssue("teams", index, "critical_positions", unknown_position(position_id))
                )

    first_in_team: dict[tuple[str, str], int] = {}
    first_fte: dict[str, int] = {}
    for index, person in enumerate(roster.people):
        for text_field in TEXT_COLUMNS:
            value = getattr(person, text_field)
            if value and _BAD_CHARACTER.search(value):
                yield (
                    RosterIssue(
                        "people",
                        index,
                        text_field,
                        "contains a NUL or an unpaired surrogate character, which files "
                        "cannot carry; remove it",
                    )
                )
        unknown = [pid for pid in person.allocations if pid not in valid_ids]
        for position_id in unknown[:MAX_UNKNOWN_IDS]:
            yield RosterIssue(
                "people", index, f"allocations.{position_id}", unknown_position(position_id)
            )
        if len(unknown) > MAX_UNKNOWN_IDS:
            yield RosterIssue("people", index, "allocations", more_unknown(unknown))
        key = (person.team, person.name)
        if key in first_in_team:
            yield (
                RosterIssue(
                    "people",
                    index,
                    "name",
                    f"{person.name!r} is already in team {person.team!r} on "
                    f"{people_label(first_in_team[key])}; one row per person per team",
                )
            )
            continue  # one problem is enough for a repeated row
        first_in_team[key] = index
        if person.name in first_fte:
            other = roster.people[first_fte[person.name]]
            if other.fte != person.fte:
                yield (
                    RosterIssue(
                        "people",
                        index,
                        "fte",
                        f"{person.name!r} has FTE {format_number(person.fte)} here but "
                        f"{format_number(other.fte)} on {people_label(first_fte[person.name])} "
                        f"(team {other.team!r}); FTE is a person's total availability, "
                        "the same in every team",
                    )
                )
        else:
            first_fte[person.name] = index

    yield from _reporting_issues(roster, set(also_known), people_label)


# Unknown position ids named per record; the rest are counted in one more message.
MAX_UNKNOWN_IDS = 5


def more_unknown(unknown: Sequence[object]) -> str:
    """The message for the unknown position ids of one record beyond the first few."""
    return (
        f"and {len(unknown) - MAX_UNKNOWN_IDS:,} more ids that are not positions; the "
        f"positions are {', '.join(catalogue().position_ids)}"
    )


def unknown_position(position_id: str) -> str:
    ids = catalogue().position_ids
    return (
        f"{shown(position_id)} is not a position{closest(position_id, ids)}; "
        f"the positions are {', '.join(ids)}"
    )


def _reporting_issues(
    roster: Roster, also_known: set[str], label: Callable[[int], str]
) -> Iterator[RosterIssue]:
    names = {person.name for person in roster.people}
    name_list = sorted(names)
    lowered = {name.casefold(): name for name in names}
    searched = 0
    # name -> [(manager, index of the record that says so)], in file order
    edges: dict[str, list[tuple[str, int]]] = {}
    for index, person in enumerate(roster.people):
        manager = person.reports_to
        if not manager:
            continue
        if manager == person.name:
            yield (
                RosterIssue(
                    "people",
                    index,
                    "reports_to",
                    f"{person.name!r} reports to themself; leave reports_to blank for "
                    "the top of a reporting line",
                )
            )
        elif manager in names:
            edges.setdefault(person.name, []).append((manager, index))
        elif manager not in also_known:
            hint = ""
            if manager.casefold() in lowered:
                hint = f" (did you mean {lowered[manager.casefold()]!r}?)"
            elif searched < MAX_PROBLEMS:
                # A search over every name, only for as many problems as are listed.
                searched += 1
                hint = closest(manager, name_list)
            yield (
                RosterIssue(
                    "people",
                    index,
                    "reports_to",
                    f"{manager!r} is not anyone in this roster{hint}; {help_for('reports_to')}",
                )
            )
    for cycle, index in _cycles(edges):
        chain = " → ".join(repr(name) for name in (*cycle, cycle[0]))
        yield (
            RosterIssue(
                "people",
                index,
                "reports_to",
                f"reporting lines go round in a circle: {chain}; someone at the top of a "
                "reporting line must leave reports_to blank",
            )
        )


def _cycles(edges: dict[str, list[tuple[str, int]]]) -> list[tuple[list[str], int]]:
    """Each circle of reporting lines once: its names in order, and the closing record."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    found: list[tuple[list[str], int]] = []
    seen: set[frozenset[str]] = set()
    for start in edges:
        if start in state:
            continue
        path: list[str] = [start]
        state[start] = 1
        stack = [iter(edges.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            manager, index = step
            if state.get(manager) == 1:
                cycle = path[path.index(manager) :]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append((cycle, index))
            elif manager not in state:
                state[manager] = 1
                path.append(manager)
                stack.append(iter(edges.get(manager, ())))
    return found
