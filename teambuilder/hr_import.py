"""HR exports -> rosters: read an export as it comes, guess the column mapping, apply it.

An export (CSV or .xlsx, with the HR system's own column names) is read as a table of
text cells (:func:`read_export`). :func:`guess_mapping` proposes which column feeds
which field of a roster, from the names in ``data/hr_columns.toml``; the user corrects
it, and :func:`apply_mapping` turns the table into a validated roster:

- a full name, or first + last name;
- managers given by name, employee id or email, resolved to names;
- departments become teams (or every row goes to one chosen team);
- FTE as a fraction (0.8) or a percentage (80 %), or weekly hours over a standard week;
- people on leave become away; leavers are left out; an unknown status is a problem.

Positions are never assumed: each person gets a *proposal* read from their job title
(:mod:`teambuilder.titles`), which counts only once accepted (:func:`accept_proposals`).
Every problem names the row and the export's own column name. A mapping is a small JSON
document (:class:`HrMapping`), saved and used again for the next export; it is also kept
in the roster (:func:`import_record`, the roster's ``hr_import`` section) and offered
again for the next export with the same columns (:func:`saved_mapping_for`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from teambuilder.catalogue import catalogue, hr_columns
from teambuilder.hr_columns import HR_FIELDS, HrColumns
from teambuilder.io.xlsx_guards import check_container
from teambuilder.models import Frozen, FteUnit, HrImportRecord, Name, Person, Roster
from teambuilder.roster_io import MAX_BYTES, MAX_XLSX_ROWS
from teambuilder.titles import MIN_SCORE, read_title
from teambuilder.validation import (
    MAX_NAME_LENGTH,
    WHITESPACE,
    Problem,
    RosterError,
    build_roster_from_rows,
    closest,
    format_number,
    shown,
)

__all__ = [
    "MAPPING_FORMAT",
    "ExportTable",
    "HrMapping",
    "ImportResult",
    "Proposal",
    "accept_proposals",
    "apply_mapping",
    "guess_mapping",
    "import_record",
    "load_export",
    "mapping_from_json",
    "mapping_of_record",
    "mapping_to_json",
    "missing_columns",
    "preview",
    "read_export",
    "saved_mapping_for",
]

MAPPING_FORMAT: Literal["teambuilder-hr-mapping"] = "teambuilder-hr-mapping"
MAX_HR_ROWS = 50_000  # a company of 50,000 people; bounds time and memory of one import
MAX_HR_COLUMNS = 500  # HR reports are wide (Workday's often 100+), but not this wide
HEADER_SEARCH_ROWS = 20  # title lines some reports put above the header
EXPORT_SUFFIXES = (".csv", ".txt", ".xlsx")

_PERCENT = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*%$")
_NUMBER = re.compile(r"^[0-9]+(?:[.,][0-9]+)?$")
_ID_LIKE = re.compile(r"^[A-Za-z]{0,4}[-_]?[0-9][0-9A-Za-z_-]*$")
# A header ending like this holds codes, not text: "Position ID" is not a job title.
_CODE_WORDS = frozenset({"id", "number", "no", "nr", "code", "email", "mail", "key", "date"})
_SOURCE_OF: dict[str, tuple[str, ...]] = {
    # For problems the roster parser finds: which mapped fields a roster column came from.
    "name": ("name", "first_name", "last_name"),
    "title": ("title",),
    "team": ("team",),
    "fte": ("fte", "hours"),
    "reports_to": ("reports_to", "manager_id", "manager_email"),
    "absent": ("status",),
    "background": ("background",),
}


# --- The export as a table ----------------------------------------------------------


@dataclass(frozen=True)
class ExportTable:
    """An export as text cells: its header and its rows, with where each row was."""

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    row_word: Literal["line", "row"]
    header_row: int
    notes: tuple[str, ...] = ()

    def column(self, name: str) -> int:
        return self.header.index(name)

    def where(self, index: int) -> str:
        return f"{self.row_word} {self.row_numbers[index]}"


def _fail(source: str, message: str, row: int | None = None) -> RosterError:
    return RosterError([Problem(source, row, None, message)])


def load_export(path: str | Path) -> ExportTable:
    """Read an HR export file (.csv or .xlsx); problems name the path as given."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(source, f"the file is {size:,} bytes; an export may be {MAX_BYTES:,}")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(source, "there is no such file") from None
    except IsADirectoryError:
        raise _fail(source, "this is a folder, not an export file") from None
    except OSError as error:
        raise _fail(source, f"the file cannot be read: {error.strerror or error}") from None
    return read_export(data, source)


def read_export(data: bytes, filename: str) -> ExportTable:
    """Read an uploaded export; the name's extension (.csv, .txt, .xlsx) picks the format."""
    suffix = Path(filename).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        shown_suffix = f"{suffix!r} files are" if suffix else "a file without an extension is"
        raise _fail(
            filename,
            f"{shown_suffix} not supported; an HR export is read as .csv or .xlsx "
            "(in Excel: File > Save As > 'CSV UTF-8' or 'Excel Workbook')",
        )
    if len(data) > MAX_BYTES:
        raise _fail(filename, f"the file is {len(data):,} bytes; an export may be {MAX_BYTES:,}")
    if suffix == ".xlsx":
        return _read_xlsx(data, filename)
    return _read_csv(data, filename)


def _decode(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    if data.startswith(b"PK\x03\x04"):
        raise _fail(source, "this is an Excel workbook or a zip archive; name it .xlsx")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:  # Excel's "Unicode Text" export
            return data.decode("utf-16"), ("read as UTF-16 text",)
        except UnicodeDecodeError:
            raise _fail(source, "the file starts like UTF-16 text but is not") from None
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), (
            "the file is not UTF-8; it was read as Windows-1252 (Western European): check "
            "that names with accents look right",
        )
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _fail(
            source, "the file is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8", line
        ) from None


def _read_csv(data: bytes, source: str) -> ExportTable:
    text, notes = _decode(data, source)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise _fail(source, "the file contains NUL characters: it is binary, not text", line)
    if not text.strip(WHITESPACE):
        raise _fail(source, "the file is empty")
    first_line = re.split("[\r\n]", text.lstrip(WHITESPACE), maxsplit=1)[0]
    delimiter = max((",", ";", "\t", "|"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    cells: list[tuple[int, list[str]]] = []
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise _fail(
                source, f"this line is not valid CSV ({error}); check its quotes", previous + 1
            ) from None
        start, previous = previous + 1, reader.line_num
        if len(cells) > MAX_HR_ROWS + HEADER_SEARCH_ROWS:
            raise _fail(source, f"the export has more than {MAX_HR_ROWS:,} rows", start)
        if len(row) > MAX_HR_COLUMNS:
            raise _fail(
                source, f"this line has {len(row)} cells; an export has at most {MAX_HR_COLUMNS}"
            )
        if any(cell.strip(WHITESPACE) for cell in row):
            cells.append((start, [cell.strip(WHITESPACE) for cell in row]))
    return _table(source, cells, "line", notes)


def _read_xlsx(data: bytes, source: str) -> ExportTable:
    # The same guards as a roster workbook: zip bombs, encrypted or old formats, costly XML.
    check_container(data, source)
    import openpyxl  # here, not at the top: it takes a while to import

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except Exception:  # a damaged package can fail anywhere inside openpyxl
            raise _fail(source, "this workbook is damaged; open it and save it again") from None
        try:
            if not workbook.worksheets:
                raise _fail(source, "this workbook has no worksheet")
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()
            cells: list[tuple[int, list[str]]] = []
            for number, values in enumerate(
                sheet.iter_rows(max_col=MAX_HR_COLUMNS, values_only=True), start=1
            ):
                if number > MAX_XLSX_ROWS:
                    raise _fail(
                        source,
                        f"the sheet goes on past row {MAX_XLSX_ROWS:,}; delete the rows below "
                        "the table",
                        number,
                    )
                texts = [_cell_text(value) for value in values]
                while texts and not texts[-1]:  # the sheet pads rows to its widest one
                    texts.pop()
                if texts:
                    cells.append((number, texts))
        except RosterError:
            raise
        except Exception:  # damaged XML inside the sheet, found while reading it
            raise _fail(source, "this workbook is damaged; open it and save it again") from None
        finally:
            workbook.close()
    return _table(source, cells, "row", ())


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_number(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip(WHITESPACE)


def _table(
    source: str,
    cells: list[tuple[int, list[str]]],
    word: Literal["line", "row"],
    notes: tuple[str, ...],
) -> ExportTable:
    if not cells:
        raise _fail(source, "the export is empty")
    header_at = 0
    for i, (_, row) in enumerate(cells[:HEADER_SEARCH_ROWS]):
        if len(_guesses([c for c in row if c])) >= 2:
            header_at = i
            break
    header_row, raw_header = cells[header_at]
    raw_header = list(raw_header)
    while raw_header and not raw_header[-1]:  # trailing separators name no column
        raw_header.pop()
    header: list[str] = []
    for index, name in enumerate(raw_header):
        name = name or f"(column {index + 1})"
        while name in header:  # a repeated name stays apart: "Email (2)"
            name = f"{name} ({header.count(name) + 2})"
        header.append(name)
    width = len(header)
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    for number, row in cells[header_at + 1 :]:
        if len(row) > width and any(row[width:]):
            raise _fail(
                source,
                f"this {word} has {len(row)} cells but the header ({word} {header_row}) has "
                f"{width}; remove the extra cells or name their column",
                number,
            )
        padded = (row + [""] * width)[:width]
        rows.append(tuple(padded))
        numbers.append(number)
    if len(rows) > MAX_HR_ROWS:
        raise _fail(source, f"the export has {len(rows):,} rows; at most {MAX_HR_ROWS:,} are read")
    return ExportTable(source, tuple(header), tuple(rows), tuple(numbers), word, header_row, notes)


# --- The mapping ----------------------------------------------------------------------


class HrMapping(Frozen):
    """Which export column feeds which roster field; saved as a small JSON file.

    ``columns``: export column name -> field (see ``HR_FIELDS``); columns not listed are
    ignored. ``team``: one team for every row instead of a department column.
    ``standard_week_hours``: what a full week is, to turn weekly hours into FTE.
    ``away_statuses`` / ``left_statuses`` / ``active_statuses``: status words (lowercase)
    on top of the usual ones.
    """

    format: Literal["teambuilder-hr-mapping"] = MAPPING_FORMAT
    version: Literal[1] = 1
    columns: dict[str, str] = Field(default_factory=dict)
    team: Name | None = None
    standard_week_hours: float = Field(default=40, gt=0, le=80)
    away_statuses: tuple[str, ...] = ()
    left_statuses: tuple[str, ...] = ()
    active_statuses: tuple[str, ...] = ()

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, columns: dict[str, str]) -> dict[str, str]:
        for column, target in columns.items():
            if target not in HR_FIELDS:
                raise ValueError(
                    f"column {column!r} is mapped to {target!r}, which is not a field"
                    f"{closest(target, HR_FIELDS)}; the fields are {', '.join(HR_FIELDS)}"
                )
        return columns

    @model_validator(mode="after")
    def _each_field_once(self) -> HrMapping:
        seen: dict[str, str] = {}
        for column, target in self.columns.items():
            if target in seen:
                raise ValueError(
                    f"columns {seen[target]!r} and {column!r} are both mapped to {target!r}; "
                    "map one column to each field"
                )
            seen[target] = column
        if "fte" in seen and "hours" in seen:
            raise ValueError(
                f"both {seen['fte']!r} (FTE) and {seen['hours']!r} (weekly hours) are mapped; "
                "map one of them"
            )
        managers = [seen[f] for f in ("reports_to", "manager_id", "manager_email") if f in seen]
        if len(managers) > 1:
            raise ValueError(
                f"{' and '.join(repr(c) for c in managers)} all name the manager; map one of them"
            )
        return self

    def column_for(self, target: str) -> str | None:
        for column, mapped in self.columns.items():
            if mapped == target:
                return column
        return None


def mapping_to_json(mapping: HrMapping) -> str:
    return mapping.model_dump_json(indent=2) + "\n"


def mapping_from_json(text: str | bytes, source: str) -> HrMapping:
    """Read a saved mapping; every problem names the field."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise _fail(source, f"this is not valid JSON ({error})", line) from None
    if not isinstance(document, dict) or document.get("format") != MAPPING_FORMAT:
        raise _fail(
            source,
            f'this is not a column mapping (a mapping is a JSON object with "format": '
            f'"{MAPPING_FORMAT}"; write one with `teambuilder import EXPORT --guess`)',
        )
    try:
        return HrMapping.model_validate(document)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"]) or None
            message = str(item["msg"]).removeprefix("Value error, ")
            problems.append(Problem(source, None, where, message, kind="json"))
        raise RosterError(problems) from None


# --- The mapping kept with the roster -----------------------------------------------


def _fte_unit(table: ExportTable, mapping: HrMapping) -> FteUnit | None:
    """How the export gives working time: weekly hours, percentages or fractions."""
    if mapping.column_for("hours") is not None:
        return "hours"
    column = mapping.column_for("fte")
    if column is None or column not in table.header:
        return None

    def percent(text: str) -> bool:
        value = _number(text)
        return bool(_PERCENT.match(text.replace("\u00a0", " "))) or (
            value is not None and value > 1
        )

    return "percent" if _mostly(_sample(table, column), percent) else "fraction"


def import_record(
    table: ExportTable, mapping: HrMapping, file_name: str, when: datetime
) -> HrImportRecord:
    """What to keep with the roster about how ``table`` was read through ``mapping``."""
    suffix = Path(file_name).suffix.lower()
    return HrImportRecord(
        source_columns=table.header,
        columns={c: t for c, t in mapping.columns.items() if c in table.header},
        team=mapping.team,
        fte_unit=_fte_unit(table, mapping),
        standard_week_hours=mapping.standard_week_hours,
        away_statuses=mapping.away_statuses,
        left_statuses=mapping.left_statuses,
        active_statuses=mapping.active_statuses,
        file_name=Path(file_name).name[:255] or "export",
        file_kind="xlsx" if suffix == ".xlsx" else "csv",
        recorded_at=when,
    )


def mapping_of_record(record: HrImportRecord) -> HrMapping:
    """The column mapping a roster keeps, to read the next export with."""
    return HrMapping(
        columns=dict(record.columns),
        team=record.team,
        standard_week_hours=record.standard_week_hours,
        away_statuses=record.away_statuses,
        left_statuses=record.left_statuses,
        active_statuses=record.active_statuses,
    )


def missing_columns(record: HrImportRecord, table: ExportTable) -> tuple[str, ...]:
    """The columns of the export the mapping was kept from that ``table`` lacks."""
    present = set(table.header)
    return tuple(column for column in record.source_columns if column not in present)


def saved_mapping_for(
    record: HrImportRecord, table: ExportTable
) -> tuple[HrMapping | None, tuple[str, ...]]:
    """The kept mapping if ``table`` has every column it was kept from (more is fine);
    otherwise None and the columns missing."""
    missing = missing_columns(record, table)
    return (None, missing) if missing else (mapping_of_record(record), ())


def _norm(text: str) -> str:
    return " ".join(
        re.split(
            r"[^a-z0-9#%]+",
            text.casefold().replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("é", "e"),
        )
    ).strip()


@lru_cache(maxsize=4096)
def _header_guess(header: str) -> tuple[tuple[float, str], ...]:
    """(score, field) for one header name, best first."""
    spec = hr_columns()
    norm = _norm(header)
    if not norm:
        return ()
    words = norm.split()
    code_like = words[-1] in _CODE_WORDS
    found: dict[str, float] = {}
    for target, hr_field in spec.fields.items():
        for name in hr_field.names:
            wanted = _norm(name)
            if norm == wanted:
                value = 1.0
            elif (
                len(wanted) >= 3
                and f" {wanted} " in f" {norm} "
                and not (code_like and wanted.split()[-1] not in _CODE_WORDS)
            ):
                value = 0.5 + 0.4 * len(wanted) / len(norm)
            else:
                continue
            found[target] = max(found.get(target, 0.0), value)
    return tuple(sorted(((v, t) for t, v in found.items()), key=lambda x: (-x[0], x[1])))


def _guesses(headers: Iterable[str]) -> dict[str, str]:
    """Header -> field, each header and field used once, the surest pairs first."""
    candidates = sorted(
        (
            (-score, position, header, target)
            for position, header in enumerate(headers)
            for score, target in _header_guess(header)
        ),
    )
    taken: dict[str, str] = {}
    used: set[str] = set()
    for _, _, header, target in candidates:
        if header in taken or target in used:
            continue
        taken[header] = target
        used.add(target)
    return taken


def _sample(table: ExportTable, column: str, limit: int = 200) -> list[str]:
    index = table.column(column)
    return [row[index] for row in table.rows[:limit] if row[index]]


def _mostly(values: list[str], test: Any) -> bool:
    return bool(values) and sum(1 for v in values if test(v)) * 2 > len(values)


def guess_mapping(table: ExportTable) -> HrMapping:
    """The mapping most likely meant, from the header names (and a look at the values).

    A manager column holding emails maps to ``manager_email``, one holding ids to
    ``manager_id``. With a full name, first and last name are left unmapped; with FTE,
    weekly hours are. Everything else unrecognised is left unmapped (ignored).
    """
    guessed = _guesses(table.header)
    manager_fields = ("reports_to", "manager_id", "manager_email")
    for header, target in list(guessed.items()):
        if target in manager_fields:
            values = _sample(table, header)
            if _mostly(values, lambda v: "@" in v):
                better = "manager_email"
            elif _mostly(values, lambda v: bool(_ID_LIKE.match(v))):
                better = "manager_id"
            else:
                better = "reports_to"
            if better != target and better not in guessed.values():
                guessed[header] = better
    by_field = {target: header for header, target in guessed.items()}
    drop: list[str] = []
    if "name" in by_field:
        drop += ["first_name", "last_name"]
    if "fte" in by_field:
        drop.append("hours")
    managers = [f for f in manager_fields if f in by_field]
    drop += managers[1:]  # keep the first: name, then id, then email
    columns = {h: t for h, t in guessed.items() if t not in drop}
    order = {target: i for i, target in enumerate(HR_FIELDS)}
    ordered = dict(sorted(columns.items(), key=lambda item: order[item[1]]))
    return HrMapping(columns=ordered, standard_week_hours=hr_columns().standard_week_hours)


# --- Applying the mapping -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Proposal:
    """A position read from a person's job title, waiting to be accepted or changed.

    A plain dataclass, not a model: an import makes one per person (tens of thousands).
    """

    team: str
    name: str
    title: str
    position: str | None
    confidence: float
    reason: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """A roster read from an export (no allocations yet) and what the user should check."""

    roster: Roster
    proposals: tuple[Proposal, ...]
    ignored: tuple[str, ...]  # export columns no field reads
    notes: tuple[str, ...]  # things done that a person should know (never silent)
    left_out: tuple[str, ...]  # people left out because their status says they left
    source_rows: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass
class _Context:
    table: ExportTable
    mapping: HrMapping
    spec: HrColumns
    index: dict[str, int]  # field -> column index
    ids: dict[str, str]  # employee id -> name
    emails: dict[str, str]  # email (casefolded) -> name
    statuses: dict[str, str]  # status word -> active/away/left


def _status_words(mapping: HrMapping, spec: HrColumns) -> dict[str, str]:
    words: dict[str, str] = {}
    for meaning, listed in (
        ("active", (*spec.statuses.active, *mapping.active_statuses)),
        ("away", (*spec.statuses.away, *mapping.away_statuses)),
        ("left", (*spec.statuses.left, *mapping.left_statuses)),
    ):
        for word in listed:
            words[_norm(word)] = meaning
    return words


def _check_columns(table: ExportTable, mapping: HrMapping) -> list[Problem]:
    problems = []
    for column in mapping.columns:
        if column not in table.header:
            listed = ", ".join(repr(h) for h in table.header[:12])
            more = ", ..." if len(table.header) > 12 else ""
            problems.append(
                Problem(
                    table.source,
                    table.header_row,
                    column,
                    f"the mapping reads this column, but the export has no such column"
                    f"{closest(column, table.header)}; its columns are {listed}{more}",
                )
            )
    fields = set(mapping.columns.values())
    if "name" not in fields and "first_name" not in fields:
        problems.append(
            Problem(
                table.source,
                table.header_row,
                None,
                "no column is mapped to the name; map a full name column, or first and last name",
            )
        )
    return problems


def _context(table: ExportTable, mapping: HrMapping) -> tuple[_Context, list[Problem]]:
    spec = hr_columns()
    problems = _check_columns(table, mapping)
    index = {
        target: table.column(column)
        for column, target in mapping.columns.items()
        if column in table.header
    }
    ids: dict[str, str] = {}
    emails: dict[str, str] = {}
    context = _Context(table, mapping, spec, index, ids, emails, _status_words(mapping, spec))
    first_seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(table.rows):
        name = _name_of(context, row)
        if not name:
            continue
        for target, lookup in (("person_id", ids), ("email", emails)):
            if target not in index:
                continue
            key = row[index[target]]
            if target == "email":
                key = key.casefold()
            if not key:
                continue
            if key in lookup and lookup[key] != name:
                column = mapping.column_for(target)
                problems.append(
                    Problem(
                        table.source,
                        table.row_numbers[i],
                        column,
                        f"{shown(row[index[target]])} is also the "
                        f"{'employee id' if target == 'person_id' else 'email'} "
                        f"of {lookup[key]!r} on {table.where(first_seen[(target, key)])}; "
                        "each person needs their own, or managers cannot be told apart",
                        table.where(i),
                    )
                )
                continue
            lookup[key] = name
            first_seen.setdefault((target, key), i)
    return context, problems


def _name_of(ctx: _Context, row: tuple[str, ...]) -> str:
    index = ctx.index
    if "name" in index:
        return row[index["name"]]
    parts = [row[index[f]] for f in ("first_name", "last_name") if f in index]
    return " ".join(p for p in parts if p)


def _number(text: str) -> float | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if _NUMBER.match(cleaned):
        return float(cleaned.replace(",", "."))
    return None


@dataclass
class _Row:
    record: dict[str, object]
    problems: list[Problem]
    notes: list[str]
    status: str  # active / away / left


def _convert(ctx: _Context, i: int) -> _Row:
    """One export row as a roster record, with its problems and notes."""
    table, mapping, index = ctx.table, ctx.mapping, ctx.index
    row = table.rows[i]
    where = table.where(i)
    problems: list[Problem] = []
    notes: list[str] = []

    def problem(target: str | None, message: str) -> None:
        column = mapping.column_for(target) if target else None
        problems.append(Problem(table.source, table.row_numbers[i], column, message, where))

    def cell(target: str) -> str:
        return row[index[target]] if target in index else ""

    record: dict[str, object] = {}
    name = _name_of(ctx, row)
    if not name:
        problem(
            "name" if "name" in index else "first_name", "the name is empty; every person needs one"
        )
    record["name"] = name
    record["title"] = cell("title")

    status = "active"
    if "status" in index and (word := cell("status")):
        meaning = ctx.statuses.get(_norm(word))
        if meaning is None:
            problem(
                "status",
                f"{shown(word)} is not a status this import knows; known: active, on leave, "
                "terminated and the like. Add it to the mapping's away_statuses, "
                "left_statuses or active_statuses",
            )
        else:
            status = meaning
    record["absent"] = status == "away"

    if mapping.team is not None:
        record["team"] = mapping.team
    elif "team" in index:
        team = cell("team")
        if not team:
            problem(
                "team",
                "the department is empty; fill it in, map another column to the team, or "
                "put everyone in one team",
            )
        record["team"] = team[:MAX_NAME_LENGTH]
    if "fte" in index:
        record["fte"] = _fte_cell(cell("fte"), problem)
    elif "hours" in index:
        record["fte"] = _hours_cell(
            cell("hours"), mapping.standard_week_hours, problem, notes, where
        )
    else:
        record["fte"] = 1.0
    record["reports_to"] = _manager(ctx, row, name, notes, where)
    if "background" in index:
        record["background"] = cell("background")
    return _Row(record, problems, notes, status)


def _fte_cell(text: str, problem: Any) -> float | None:
    allowed = "FTE is a fraction above 0 and at most 1 (0.8) or a percentage (80 %)"
    if not text:
        problem("fte", f"the FTE is empty; {allowed}")
        return None
    percent = _PERCENT.match(text.replace("\u00a0", " "))
    value = float(percent.group(1).replace(",", ".")) / 100 if percent else _number(text)
    if value is not None and not percent and 1 < value <= 100:
        value = value / 100  # 80 in an FTE column is 80 %
    if value is None or not 0 < value <= 1:
        problem("fte", f"{shown(text)} is not an FTE; {allowed}")
        return None
    return round(value, 4)


def _hours_cell(text: str, week: float, problem: Any, notes: list[str], where: str) -> float | None:
    allowed = f"weekly hours are a number above 0 (a full week is {format_number(week)} hours)"
    value = _number(text) if text else None
    if value is None or value <= 0 or value > 168:
        problem("hours", f"{shown(text) if text else 'the cell is empty'}: {allowed}")
        return None
    if value > week:
        notes.append(
            f"{where}: {format_number(value)} hours is more than the {format_number(week)}-hour "
            "week; read as 1 FTE"
        )
        return 1.0
    return round(value / week, 4)


def _manager(ctx: _Context, row: tuple[str, ...], name: str, notes: list[str], where: str) -> str:
    index = ctx.index
    for target, lookup, word in (
        ("manager_id", ctx.ids, "employee id"),
        ("manager_email", ctx.emails, "email"),
    ):
        if target not in index:
            continue
        key = row[index[target]]
        if not key:
            return ""
        if "person_id" not in index and target == "manager_id":
            notes.append(f"{where}: managers are given by id, but no column holds employee ids")
            return ""
        found = lookup.get(key.casefold() if target == "manager_email" else key)
        if found is None:
            notes.append(
                f"{where}: manager {word} {key!r} is nobody in this export; the manager is "
                "left blank"
            )
            return ""
        return found
    if "reports_to" in index:
        return row[index["reports_to"]]
    return ""


def preview(table: ExportTable, mapping: HrMapping, limit: int = 10) -> list[dict[str, object]]:
    """The first rows as the roster will read them, with each row's problems in words."""
    ctx, _ = _context(table, mapping)
    shown_rows = []
    for i in range(min(limit, len(table.rows))):
        row = _convert(ctx, i)
        record = row.record
        status = {"active": "", "away": "away", "left": "left (not imported)"}[row.status]
        shown_rows.append(
            {
                "row": table.where(i),
                "name": record.get("name", ""),
                "team": record.get("team") or _team_default(table),
                "title": record.get("title", ""),
                "fte": record.get("fte"),
                "reports_to": record.get("reports_to", ""),
                "status": status,
                "problems": "; ".join(
                    f"column {p.column!r}: {p.message}" if p.column else p.message
                    for p in row.problems
                ),
            }
        )
    return shown_rows


def _team_default(table: ExportTable) -> str:
    stem = Path(table.source).stem.strip(WHITESPACE)[:MAX_NAME_LENGTH]
    return stem or "Team"


def apply_mapping(table: ExportTable, mapping: HrMapping) -> ImportResult:
    """The export as a roster (no positions yet), with proposals read from the titles.

    Raises :class:`RosterError` with every problem, each naming the export's row and
    its own column name.
    """
    ctx, problems = _context(table, mapping)
    converted = [_convert(ctx, i) for i in range(len(table.rows))]
    notes: list[str] = list(table.notes)
    if "fte" not in ctx.index and "hours" not in ctx.index:
        notes.append("no column gives FTE or weekly hours: everyone counts as full time (1 FTE)")
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    left_out: list[str] = []
    kept: set[str] = set()
    for i, row in enumerate(converted):
        problems.extend(row.problems)
        notes.extend(row.notes)
        if row.status == "left":
            left_out.append(str(row.record["name"]))
            continue
        rows.append(row.record)
        numbers.append(table.row_numbers[i])
        kept.add(str(row.record["name"]))
    if left_out:
        notes.append(
            f"not imported, as their status says they left ({len(left_out)}): "
            + ", ".join(left_out[:10])
            + (", ..." if len(left_out) > 10 else "")
        )
    for record, number in zip(rows, numbers, strict=True):
        manager = record.get("reports_to")
        if manager and manager not in kept:
            notes.append(
                f"{table.row_word} {number}: manager {manager!r} is not among the people "
                "imported; the manager is left blank"
            )
            record["reports_to"] = ""
    if problems:
        raise RosterError(sorted(problems, key=lambda p: p.row or 0))
    columns = ["name", "title", "fte", "reports_to", "absent"]
    columns += [c for c in ("team", "background") if any(c in r for r in rows[:1])]
    try:
        roster = build_roster_from_rows(
            rows,
            source=table.source,
            columns=columns,
            row_numbers=numbers,
            row_word=table.row_word,
            header_row=table.header_row,
            default_team=_team_default(table),
        )
    except RosterError as error:
        raise RosterError([_in_export_terms(p, mapping) for p in error.problems]) from None
    ignored = tuple(h for h in table.header if h not in mapping.columns)
    sources = {
        (p.team, p.name): f"{table.row_word} {n}"
        for p, n in zip(roster.people, numbers, strict=False)
    }
    return ImportResult(
        roster=roster,
        proposals=tuple(_proposal(p) for p in roster.people),
        ignored=ignored,
        notes=tuple(notes),
        left_out=tuple(left_out),
        source_rows=sources,
    )


def _in_export_terms(problem: Problem, mapping: HrMapping) -> Problem:
    """A problem the roster parser found, with the export's column name instead of ours."""
    if problem.column is None:
        return problem
    column = problem.column
    for target in _SOURCE_OF.get(column, ()):
        source = mapping.column_for(target)
        if source is not None:
            column = source
            break
    else:
        if column == "team" and mapping.team is not None:
            column = "(the team chosen for everyone)"
    message = problem.message.replace("reports_to", "the manager")
    return Problem(problem.source, problem.row, column, message, problem.record, problem.kind)


@lru_cache(maxsize=8192)
def _reading(title: str) -> tuple[str | None, float, str, tuple[str, ...]]:
    reading = read_title(title)
    sure = [g for g in reading.positions if g.confidence >= MIN_SCORE]
    if not sure:
        return None, 0.0, reading.note, ()
    best = sure[0]
    return best.position, best.confidence, best.reason, tuple(g.position for g in sure[1:3])


def _proposal(person: Person) -> Proposal:
    if not person.title:
        return Proposal(
            team=person.team,
            name=person.name,
            title="",
            position=None,
            confidence=0.0,
            reason="no job title to read",
        )
    position, confidence, reason, alternatives = _reading(person.title)
    return Proposal(
        team=person.team,
        name=person.name,
        title=person.title,
        position=position,
        confidence=confidence,
        reason=reason,
        alternatives=alternatives,
    )


def accept_proposals(roster: Roster, chosen: Mapping[tuple[str, str], str | None]) -> Roster:
    """The roster with each chosen position given the person's whole FTE.

    ``chosen`` maps (team, name) to a position id, or None for no position; people not
    in it keep no allocation. An unknown position id is a ValueError naming the valid ones.
    """
    ids = catalogue().position_ids
    people = []
    for person in roster.people:
        position = chosen.get((person.team, person.name))
        if position is None:
            people.append(person)
            continue
        if position not in ids:
            raise ValueError(f"{position!r} is not a position; the positions are {', '.join(ids)}")
        people.append(person.model_copy(update={"allocations": {position: person.fte}}))
    return Roster(teams=roster.teams, people=tuple(people))


def proposals_accepted(result: ImportResult) -> Roster:
    """Every proposal taken as it is (the command line's --accept-positions)."""
    return accept_proposals(result.roster, {(p.team, p.name): p.position for p in result.proposals})
