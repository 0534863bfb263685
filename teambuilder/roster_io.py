"""Roster files: CSV and JSON, read and written, with row- and column-precise errors.

Excel .xlsx workbooks are read too (the first sheet, laid out like the CSV); the app
writes CSV for spreadsheets, so there is no .xlsx writer.

CSV, one row per person per team (columns in any order; all but name and fte optional)::

    team,name,title,fte,background,reports_to,absent,executive_sponsor,...,architect

JSON is the :class:`~teambuilder.models.Roster` model: team settings and people.

Round trips: CSV -> JSON -> CSV is lossless. JSON -> CSV -> JSON keeps the people but
not the team settings (size, mission_critical, ...), for which CSV has no place.
Allocations of 0 are dropped on reading (blank and 0 mean the same).

Text cells a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
written with a leading ``'``, which reading removes again.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
import re
import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.validation import (
    BASE_COLUMNS,
    DEFAULT_TEAM,
    MAX_NAME_LENGTH,
    MAX_UNKNOWN_IDS,
    WHITESPACE,
    Problem,
    ProblemLog,
    RosterError,
    build_roster_from_rows,
    canonical_column,
    closest,
    escape_formula,
    format_number,
    help_for,
    iter_roster_problems,
    more_unknown,
    shown,
    unknown_position,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_XLSX_COLUMNS",
    "MAX_XLSX_ROWS",
    "MAX_XLSX_TAGS",
    "MAX_XLSX_UNPACKED_BYTES",
    "READ_SUFFIXES",
    "SUFFIXES",
    "Problem",
    "RosterError",
    "json_schema",
    "load_roster",
    "read_csv_bytes",
    "read_csv_text",
    "read_json_bytes",
    "read_json_text",
    "read_xlsx_bytes",
    "roster_from_bytes",
    "roster_to_bytes",
    "roster_to_csv",
    "roster_to_json",
    "write_roster",
]

MAX_BYTES = 10 * 1024 * 1024  # 10 MB, as maxUploadSize in .streamlit/config.toml
# A roster is at most this many rows (people per team) in any format: 20,000 rows is a
# whole company. The limits bound what a hostile file can cost, whatever its size.
MAX_ROWS = 20_000
MAX_COLUMNS = 200
# Physical lines of a CSV file, blank ones included (a cell may span lines).
MAX_CSV_LINES = 5 * MAX_ROWS
# Objects and lists in a JSON roster: a person is two (itself and its allocations).
MAX_JSON_CONTAINERS = 5 * MAX_ROWS
# Keys in one JSON object: a person has 8 fields, allocations one per position.
MAX_JSON_KEYS = 100
SUFFIXES = (".csv", ".json")  # written and read
READ_SUFFIXES = (*SUFFIXES, ".xlsx")  # read only
_SAVE_AS = "save it as UTF-8 text (in Excel: File > Save As > 'CSV UTF-8')"


def _fail(source: str, message: str, row: int | None = None) -> RosterError:
    return RosterError([Problem(source, row, None, message)])


# --- Files and bytes --------------------------------------------------------------


def load_roster(path: str | Path) -> Roster:
    """Read a roster file (.csv, .json or .xlsx); problems name the path as given."""
    path = Path(path)
    source = str(path)
    _suffix(path.name, source, READ_SUFFIXES)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_large(source, size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(source, "there is no such file") from None
    except IsADirectoryError:
        raise _fail(source, "this is a folder, not a roster file") from None
    except PermissionError:
        raise _fail(source, "no permission to read this file") from None
    except OSError as error:
        raise _fail(source, f"the file cannot be read: {error.strerror or error}") from None
    return roster_from_bytes(data, source)


def roster_from_bytes(data: bytes, filename: str) -> Roster:
    """Read an uploaded roster; the name's extension (.csv, .json, .xlsx) picks the format."""
    suffix = _suffix(filename, filename, READ_SUFFIXES)
    if suffix == ".csv":
        return read_csv_bytes(data, filename)
    if suffix == ".xlsx":
        return read_xlsx_bytes(data, filename)
    return read_json_bytes(data, filename)


def write_roster(roster: Roster, path: str | Path) -> None:
    """Write a roster as .csv (UTF-8 with a BOM, for Excel) or .json, by the extension."""
    path = Path(path)
    data = roster_to_bytes(roster, str(path))
    try:
        path.write_bytes(data)
    except OSError as error:
        raise _fail(str(path), f"cannot write here: {error.strerror or error}") from None


def roster_to_bytes(roster: Roster, filename: str) -> bytes:
    """The file content for a download or :func:`write_roster`, by the name's extension."""
    if _suffix(filename, filename) == ".csv":
        return ("\ufeff" + roster_to_csv(roster)).encode("utf-8")
    return roster_to_json(roster).encode("utf-8")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON roster format."""
    return Roster.model_json_schema()


def _suffix(filename: str, source: str, allowed: tuple[str, ...] = SUFFIXES) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in allowed:
        return suffix
    shown_suffix = f"{suffix!r} files are" if suffix else "a file without an extension is"
    if ".xlsx" in allowed:
        hint = f" ({_EXCEL_SAVE_AS})" if suffix in _OTHER_SPREADSHEETS else ""
        raise _fail(
            source, f"{shown_suffix} not supported; a roster is a .csv, .json or .xlsx file{hint}"
        )
    hint = " (Excel opens a .csv)" if suffix in (".xlsx", ".xls") else ""
    raise _fail(source, f"{shown_suffix} not supported; a roster is saved as .csv or .json{hint}")


def _too_large(source: str, size: int) -> RosterError:
    return _fail(
        source,
        f"the file is {size:,} bytes; a roster file may be at most {MAX_BYTES:,} bytes",
    )


def _decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise _too_large(source, len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(source, f"the file is UTF-16 text, not UTF-8; {_SAVE_AS}")
    if data.startswith(b"PK\x03\x04"):
        raise _fail(
            source,
            "this is a zip archive or an Excel workbook, not text; save the sheet as "
            "'CSV UTF-8' or export the roster as JSON",
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _fail(source, "the file contains NUL bytes: it is binary, not text", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise _fail(source, f"byte 0x{byte:02x} is not UTF-8 text; {_SAVE_AS}", line) from None
    return text


def _check_text(text: str, source: str) -> str:
    """The text without a leading byte order mark; refuses empty or oversized text."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES:
        raise _too_large(source, len(text.encode("utf-8", "surrogatepass")))
    if not text.strip(WHITESPACE):
        raise _fail(source, "the file is empty")
    return text


# --- CSV --------------------------------------------------------------------------


def read_csv_bytes(data: bytes, source: str, *, default_team: str | None = None) -> Roster:
    """Read CSV bytes (UTF-8, with or without a BOM); see :func:`read_csv_text`."""
    return read_csv_text(_decode(data, source), source, default_team=default_team)


def read_csv_text(text: str, source: str, *, default_team: str | None = None) -> Roster:
    """Read CSV text: one row per person per team, the header on the first non-blank line.

    The delimiter is a comma, or a semicolon or tab when the header line has more of those
    (spreadsheets in some locales). Without a team column, or with blank team cells in a
    one-team file, the team is ``default_team``, or else the file name without extension.
    Problems give the physical line where the record starts (the header is line 1).
    """
    text = _check_text(text, source)
    lines = text.count("\n") + text.count("\r") - text.count("\r\n")
    if lines > MAX_CSV_LINES:
        raise _fail(
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
                    raise _fail(
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
            raise _fail(
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
            default_team=default_team or _team_from_filename(source),
            spreadsheet_escapes=True,
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


def _team_from_filename(source: str) -> str:
    stem = Path(source).stem.strip(WHITESPACE)[:MAX_NAME_LENGTH].strip(WHITESPACE)
    return stem or DEFAULT_TEAM


def roster_to_csv(roster: Roster) -> str:
    """The roster as CSV text: the base columns, then every position id in catalogue order.

    Numbers are written as short as they read back exactly (0.5, 1), zero allocations as
    blank cells, absent as true/false. Team settings are not part of CSV; allocations to
    ids that are not positions cannot be written either.
    """
    ids = catalogue().position_ids
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


# --- JSON -------------------------------------------------------------------------


def read_json_bytes(data: bytes, source: str) -> Roster:
    """Read JSON bytes (UTF-8, with or without a BOM); see :func:`read_json_text`."""
    return read_json_text(_decode(data, source), source)


def read_json_text(text: str, source: str) -> Roster:
    """Read a JSON roster: ``{"teams": [...], "people": [...]}`` (``teams`` optional)."""
    text = _check_text(text, source)
    containers = text.count("{") + text.count("[")
    if containers > MAX_JSON_CONTAINERS:
        raise _fail(
            source,
            f"this JSON holds {containers:,} objects and lists (counting braces and "
            f"brackets), more than a roster of at most {MAX_ROWS:,} people can need; split "
            "it by team",
        )
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(items) > MAX_JSON_KEYS:
            raise _TooManyKeys(len(items))
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        document = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise RosterError(
            [
                Problem(
                    source,
                    error.lineno,
                    None,
                    f"this is not valid JSON: {error.msg} (line {error.lineno}, "
                    f"character {error.colno})",
                    kind="json",
                )
            ]
        ) from None
    except _TooManyKeys as error:
        raise _fail(
            source,
            f"an object in this JSON holds {error.count:,} keys, more than a roster can need "
            f"(at most {MAX_JSON_KEYS}: a person has 8 fields and one allocation per position)",
        ) from None
    except (ValueError, RecursionError) as error:
        message = str(error) if isinstance(error, ValueError) else "it is nested too deeply"
        raise _fail(source, f"this is not valid JSON: {message}") from None
    return _roster_from_document(document, duplicates, source)


class _TooManyKeys(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


_ROSTER_FIELDS = ("teams", "people")


def _roster_from_document(document: object, duplicates: list[str], source: str) -> Roster:
    problems = ProblemLog(lambda _: (0, 0))

    def add(order: tuple[int, int], record: str | None, field: str | None, message: str) -> None:
        problems.add(Problem(source, None, field, message, record, kind="json"), order)

    for key in dict.fromkeys(duplicates):
        add((0, 0), None, key, "this key appears twice in one object; keep one")
    if not isinstance(document, dict):
        add(
            (0, 0),
            None,
            None,
            'the top level must be an object: {"teams": [...], "people": [...]}',
        )
        raise problems.error()
    for key in document:
        if key not in _ROSTER_FIELDS:
            add(
                (0, 0),
                None,
                key,
                f"unknown field{closest(key, _ROSTER_FIELDS)}; a roster has 'people' "
                "and, optionally, 'teams'",
            )
    teams_raw = document.get("teams", [])
    people_raw = document.get("people", [])
    for name, value in (("teams", teams_raw), ("people", people_raw)):
        if not isinstance(value, list):
            add((0, 0), None, name, f"{shown(value)} is not a list; {name} is a list of objects")
    teams_raw = teams_raw if isinstance(teams_raw, list) else []
    people_raw = people_raw if isinstance(people_raw, list) else []
    for name, items in (("teams", teams_raw), ("people", people_raw)):
        if len(items) > MAX_ROWS:
            add(
                (0, 0),
                None,
                name,
                f"the list holds {len(items):,} entries, more than a roster of at most "
                f"{MAX_ROWS:,} people can need; split it by team",
            )
            raise problems.error()

    team_labels = [_label("teams", i, item) for i, item in enumerate(teams_raw)]
    person_labels = [_label("people", i, item) for i, item in enumerate(people_raw)]
    teams: list[TeamSettings] = []
    team_index: list[int] = []
    for i, item in enumerate(teams_raw):
        try:
            teams.append(TeamSettings.model_validate(item))
            team_index.append(i)
        except ValidationError as error:
            for detail in error.errors():
                add((1, i), team_labels[i], *_explain(detail, TeamSettings))
            for field, message in _unknown_ids(item, "critical_positions"):
                add((1, i), team_labels[i], field, message)
    people, person_index, failed_names = _validate_people(people_raw)
    for i, details in failed_names.items():
        for detail in details:
            add((2, i), person_labels[i], *_explain(detail, Person))
        for field, message in _unknown_ids(people_raw[i], "allocations"):
            add((2, i), person_labels[i], field, message)

    known = {
        item["name"].strip(WHITESPACE)
        for i, item in enumerate(people_raw)
        if i in failed_names and isinstance(item, dict) and isinstance(item.get("name"), str)
    }
    roster = Roster(teams=tuple(teams), people=tuple(people))
    for issue in iter_roster_problems(
        roster,
        person_label=lambda i: person_labels[person_index[i]],
        team_label=lambda i: team_labels[team_index[i]],
        also_known=known,
    ):
        if issue.section == "people":
            original = person_index[issue.index]
            add((2, original), person_labels[original], issue.field, issue.message)
        else:
            original = team_index[issue.index]
            add((1, original), team_labels[original], issue.field, issue.message)
    if problems:
        raise problems.error()
    return roster


def _unknown_ids(item: object, field: str) -> Iterator[tuple[str, str]]:
    """Unknown position ids in a record that failed validation, so they show up too."""
    if not isinstance(item, Mapping):
        return iter(())
    value = item.get(field)
    ids = list(value) if isinstance(value, Mapping | list) else []
    valid = catalogue().position_ids
    unknown = [pid for pid in ids if isinstance(pid, str) and pid not in valid]
    found = (
        (f"{field}.{pid}" if field == "allocations" else field, unknown_position(pid))
        for pid in unknown[:MAX_UNKNOWN_IDS]
    )
    if len(unknown) <= MAX_UNKNOWN_IDS:
        return found
    return itertools.chain(found, [(field, more_unknown(unknown))])


_PEOPLE: TypeAdapter[list[Person]] = TypeAdapter(list[Person])


def _validate_people(
    items: list[Any],
) -> tuple[list[Person], list[int], dict[int, list[ErrorDetails]]]:
    """Validated people (zero allocations dropped), their indices, and errors by index."""
    try:
        people = _PEOPLE.validate_python(items)
        index = list(range(len(people)))
        failed: dict[int, list[ErrorDetails]] = {}
    except ValidationError:
        # Only on the error path: validate one by one to keep the good records.
        people, index, failed = [], [], {}
        for i, item in enumerate(items):
            try:
                people.append(Person.model_validate(item))
                index.append(i)
            except ValidationError as error:
                failed[i] = error.errors()
    people = [_without_zero_allocations(person) for person in people]
    return people, index, failed


def _without_zero_allocations(person: Person) -> Person:
    if all(person.allocations.values()):
        return person
    kept = {pid: amount for pid, amount in person.allocations.items() if amount}
    return person.model_copy(update={"allocations": kept})


def _label(section: str, index: int, item: object) -> str:
    if isinstance(item, Mapping):
        name = item.get("name")
        if isinstance(name, str) and name.strip(WHITESPACE):
            return f"{section}[{index}] ({shown(name)})"
    return f"{section}[{index}]"


def _explain(detail: ErrorDetails, model: type[BaseModel]) -> tuple[str | None, str]:
    """A pydantic error in plain words: (field path, message)."""
    loc = [str(part) for part in detail["loc"]]
    field = ".".join(loc) or None
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    help_text = help_for(field or "")
    if loc and loc[0] == "critical_positions":
        help_text = (
            f"critical_positions is a list of position ids: {', '.join(catalogue().position_ids)}"
        )
    tail = f"; {help_text}" if help_text else ""
    if kind == "missing":
        message = f"this field is missing{tail}"
    elif kind == "extra_forbidden":
        fields = list(model.model_fields)
        message = f"unknown field{closest(loc[-1], fields)}; the fields are {', '.join(fields)}"
    elif kind in ("float_parsing", "float_type"):
        message = f"{shown(value)} is not a number{tail}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = f"{shown(value)} is not a whole number{tail}"
    elif kind == "finite_number":
        message = f"{shown(value)} is not a finite number{tail}"
    elif kind == "greater_than":
        message = f"{_number_text(value)} is not above {ctx.get('gt')}{tail}"
    elif kind == "greater_than_equal":
        message = f"{_number_text(value)} is below {ctx.get('ge')}{tail}"
    elif kind in ("less_than_equal", "less_than"):
        message = f"{_number_text(value)} is more than {ctx.get('le', ctx.get('lt'))}{tail}"
    elif kind == "string_type":
        message = f"{shown(value)} is not text{tail}"
    elif kind == "string_unicode":
        message = f"this text holds an unpaired surrogate, which is not a character{tail}"
    elif kind == "string_too_short":
        message = f"this is empty{tail}"
    elif kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "too many"
        message = f"the text is {length} characters long{tail}"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"{shown(value)} is not true or false{tail}"
    elif kind in ("enum", "literal_error"):
        message = f"{shown(value)} is not allowed here{tail}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        names = ", ".join(model.model_fields)
        message = f"{shown(value)} is not an object; expected an object with fields {names}"
    elif kind in ("tuple_type", "list_type"):
        message = f"{shown(value)} is not a list{tail}"
    else:
        message = f"{detail['msg']}{tail}"
    return field, message


def _number_text(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(float(value))
    return shown(value)


def roster_to_json(roster: Roster) -> str:
    """The roster as JSON text (indent 2, UTF-8 characters kept as they are)."""
    return json.dumps(roster.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


# --- Excel ------------------------------------------------------------------------

# A roster sheet is small: 20,000 rows is a whole company, and the columns are the 7
# base columns and one per position. The limits bound the work a hostile file can cause.
MAX_XLSX_ROWS = MAX_ROWS
MAX_XLSX_COLUMNS = MAX_COLUMNS
# An .xlsx is a zip of XML. A zip bomb (kilobytes that unpack to gigabytes) is refused by
# the sizes the archive declares, before anything is unpacked: zipfile never unpacks an
# entry beyond its declared size. A 20,000-row roster with every column filled unpacks to
# about 14 MB, with about 1.6 million tags (openpyxl parses some 300,000 a second).
MAX_XLSX_UNPACKED_BYTES = 5 * MAX_BYTES
MAX_XLSX_TAGS = 2_000_000
# Beyond the bytes, XML has shapes that cost far more to parse than their size: one very
# long tag or comment (expat before 2.6 rescans it at every 16 KB read: quadratic time),
# a row of a million cells (openpyxl builds the whole row in memory), and entity
# declarations (exponential expansion). Spreadsheet programs write none of them.
_MAX_XML_TOKEN = 1_000_000
_MAX_TAGS_PER_ROW = 20_000
# Tried only where a tag starts (a literal first byte is searched fast): linear time.
_LONG_RUN = re.compile(rb"<[^<]{%d}" % _MAX_XML_TOKEN)
# A row start, then that many tags before the row ends (possessive: linear time).
_WIDE_ROW = re.compile(rb"<row[\s/>](?>[^<]*+<(?!/?row[\s/>])){%d}" % _MAX_TAGS_PER_ROW)
_ROW_ENDS = (b" ", b"\t", b"\r", b"\n", b"/", b">")
_XML_SECTIONS = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"))

_EXCEL_SAVE_AS = "in Excel: File > Save As > 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
_OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx


def read_xlsx_bytes(data: bytes, source: str, *, default_team: str | None = None) -> Roster:
    """Read the first worksheet of an Excel .xlsx workbook, laid out like a CSV roster.

    The header is the first row with anything in it; below it, one row per person per
    team, with the CSV's columns. Problems say ``row N`` with Excel's row numbers and
    the header's column names. Cells may hold text, numbers or true/false; a formula
    counts as the value Excel last saved for it (formulas are never run, and one that
    was never calculated reads as blank). A date or time is refused with a hint, as
    Excel turns entries such as 1/2 into dates. Other sheets are not read.
    """
    if len(data) > MAX_BYTES:
        raise _too_large(source, len(data))
    _check_xlsx_container(data, source)
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
            raise _fail(source, _XLSX_DAMAGED) from None
        try:
            return _read_first_sheet(workbook, source, default_team)
        except RosterError:
            raise
        except Exception:  # damaged XML in the sheet, found while reading it row by row
            raise _fail(source, _XLSX_DAMAGED) from None
        finally:
            workbook.close()


_XLSX_DAMAGED = (
    "this workbook is damaged or was not saved by a spreadsheet program, so it cannot be "
    f"read; open it and save it again ({_EXCEL_SAVE_AS})"
)


def _check_xlsx_container(data: bytes, source: str) -> None:
    """Refuse what is not an .xlsx package, saying what it is, before openpyxl opens it."""
    if not data:
        raise _fail(source, "the file is empty")
    if data.startswith(_OLE2_MAGIC):
        # Both old workbooks and password-protected new ones are OLE2 containers; only an
        # encrypted one has this stream (names are UTF-16 in the directory).
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _fail(
                source,
                "this workbook is protected with a password, so it cannot be read; remove "
                "the password (in Excel: File > Info > Protect Workbook > Encrypt with "
                "Password, then clear it) and save it again, or save the sheet as CSV UTF-8",
            )
        raise _fail(
            source,
            "this is an old Excel 97-2003 workbook (.xls), not an .xlsx one; "
            f"save it again ({_EXCEL_SAVE_AS})",
        )
    if not data.startswith(b"PK"):
        head = data[:1000]
        looks_like_text = b"\x00" not in head and _is_utf8_prefix(head)
        hint = " (it looks like text: if it is a CSV file, name it .csv)" if looks_like_text else ""
        raise _fail(source, f"this is not an Excel .xlsx workbook{hint}; {_XLSX_OR_CSV}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            problem = _package_problem(entries) or _xml_problem(archive, entries)
    except _ZIP_ERRORS:
        problem = (
            "this is not an Excel .xlsx workbook: the file is damaged or cut short (it is "
            f"not a complete zip archive); {_XLSX_OR_CSV}"
        )
    if problem:
        raise _fail(source, problem)


_XLSX_OR_CSV = "save it as .xlsx or CSV UTF-8"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,  # a compression method zipfile does not know
    struct.error,
    zlib.error,
)


def _package_problem(entries: list[zipfile.ZipInfo]) -> str | None:
    """What kind of zip archive this is, when it is not an .xlsx workbook or too big."""
    names = {entry.filename for entry in entries}
    if any(entry.flag_bits & 0x1 for entry in entries):
        return f"this is a password-protected zip archive, not an Excel workbook; {_XLSX_OR_CSV}"
    if "xl/workbook.bin" in names:
        return f"this is a binary Excel workbook (.xlsb); save it again ({_EXCEL_SAVE_AS})"
    if "mimetype" in names and "content.xml" in names:
        return f"this is an OpenDocument spreadsheet (.ods), not an Excel one; {_XLSX_OR_CSV}"
    if "[Content_Types].xml" not in names:
        return f"this is a zip archive, but not an Excel .xlsx workbook; {_XLSX_OR_CSV}"
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        return (
            f"this workbook unpacks to {unpacked:,} bytes, more than a roster can need "
            f"(at most {MAX_XLSX_UNPACKED_BYTES:,}); keep only the roster sheet, or save "
            "it as CSV UTF-8"
        )
    return None


def _xml_problem(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str | None:
    """What makes the workbook's XML too costly to parse, in words; None if nothing."""
    tags = 0
    unusual = (
        "this workbook holds XML that spreadsheet programs do not write ({}); open it "
        f"and save it again ({_EXCEL_SAVE_AS})"
    )
    budget = MAX_XLSX_UNPACKED_BYTES
    for entry in entries:
        part = _read_part(archive, entry, budget)
        if part is None:
            return (
                f"this workbook unpacks to more than {MAX_XLSX_UNPACKED_BYTES:,} bytes, more "
                "than a roster can need (its zip headers say less); keep only the roster "
                "sheet, or save it as CSV UTF-8"
            )
        budget -= len(part)
        # Only what starts like XML can get far in the parser: anything else (images,
        # printer settings) fails at its first byte.
        if part[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):
            return unusual.format(f"{entry.filename} is UTF-16")
        if not (part[:1] in (b"<", b" ", b"\t", b"\r", b"\n") or part[:3] == b"\xef\xbb\xbf"):
            continue
        if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
            return unusual.format(f"a document type declaration in {entry.filename}")
        tags += part.count(b"<")
        if tags > MAX_XLSX_TAGS:
            return (
                f"this workbook holds more than {MAX_XLSX_TAGS:,} XML tags, more than a "
                f"roster of {MAX_XLSX_ROWS:,} rows can need; keep only the roster sheet, or "
                "save it as CSV UTF-8"
            )
        if _has_long_token(part):
            return unusual.format(f"a single tag or text of over 1 MB in {entry.filename}")
        if _WIDE_ROW.search(part):
            return unusual.format(f"a row of over {_MAX_TAGS_PER_ROW:,} tags")
        # A sheet without its size up front is parsed whole when the workbook opens,
        # whichever sheet it is.
        sheet_data = part.find(b"<sheetData")
        unsized = sheet_data != -1 and part.find(b"<dimension", 0, sheet_data) == -1
        if unsized and sum(part.count(b"<row" + end) for end in _ROW_ENDS) > MAX_XLSX_ROWS + 1:
            return (
                f"a sheet of this workbook ({entry.filename}) has more than {MAX_XLSX_ROWS:,} "
                "rows, more than a roster can need; keep only the roster sheet, or save it "
                "as CSV UTF-8"
            )
    return None


def _read_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> bytes | None:
    """An entry's bytes, unpacked in small chunks and counted; None past ``budget``.

    The sizes a zip declares are not trusted: ``ZipFile.read`` unpacks a whole deflate
    stream in one call (2 GB of spaces from a 2 MB file) before cutting it to the
    declared size. Reading 1 MB at a time bounds the memory to what is really there.
    """
    chunks: list[bytes] = []
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            budget -= len(chunk)
            if budget < 0:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


_CHUNK = 1024 * 1024


def _has_long_token(part: bytes) -> bool:
    """Whether a tag, text, comment, CDATA section or instruction is over the limit."""
    if len(part) > _MAX_XML_TOKEN and part.find(b"<", 0, _MAX_XML_TOKEN) == -1:
        return True
    if _LONG_RUN.search(part):
        return True
    for opener, closer in _XML_SECTIONS:
        start = part.find(opener)
        while start != -1:
            end = part.find(closer, start + len(opener))
            end = len(part) if end == -1 else end
            if end - start > _MAX_XML_TOKEN:
                return True
            start = part.find(opener, end)
    return False


def _is_utf8_prefix(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3  # a character cut by the 1000-byte slice
    return True


def _read_first_sheet(workbook: Any, source: str, default_team: str | None) -> Roster:
    sheets = workbook.worksheets
    if not sheets:
        raise _fail(source, "this workbook has no worksheet; put the roster on the first sheet")
    sheet = sheets[0]
    sheet_name = shown(str(sheet.title))
    # Some programs write a wrong size into the sheet, and openpyxl trusts it.
    sheet.reset_dimensions()
    # max_col bounds the cells per row openpyxl builds, whatever the file claims.
    cells = sheet.iter_rows(min_row=1, max_col=MAX_XLSX_COLUMNS + 1, values_only=True)

    problems: list[Problem] = []
    header: list[str] | None = None
    header_row = 0
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    dates: set[tuple[int, str]] = set()
    for number, values in enumerate(cells, start=1):
        if number > MAX_XLSX_ROWS:
            # Even empty-looking rows: they are there (formatted, perhaps), and a sheet of
            # a million empty rows takes a minute to go through.
            raise _row_error(
                source,
                number,
                f"the sheet goes on past row {MAX_XLSX_ROWS:,}, more than a roster can need "
                "(rows that look empty may still hold formatting); delete the rows below "
                "the table, or check that the first sheet is the roster",
            )
        if values.count(None) == len(values) or all(map(_blank_cell, values)):
            continue
        if len(values) > MAX_XLSX_COLUMNS and not _blank_cell(values[MAX_XLSX_COLUMNS]):
            letter = _column_letter(MAX_XLSX_COLUMNS + 1)
            raise _row_error(
                source,
                number,
                f"this row has a cell in column {letter}, but a roster sheet has at most "
                f"{MAX_XLSX_COLUMNS} columns; delete the columns after the table, or check "
                "that the first sheet is the roster",
            )
        if header is None:
            header, header_row = [_header_name(value) for value in values], number
            if not _looks_like_header(header):
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
                    letter = _column_letter(index + 1)
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
        raise _fail(
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
            default_team=default_team or _team_from_filename(source),
            spreadsheet_escapes=True,
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


def _looks_like_header(header: list[str]) -> bool:
    known = {*BASE_COLUMNS, *catalogue().position_ids}
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


def _column_letter(number: int) -> str:
    """Excel's name of a 1-based column number: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
