"""Roster files by name: the extension picks the reader (.csv, .json, .xlsx) or writer."""

from __future__ import annotations

from pathlib import Path

from teambuilder.catalogue import Catalogue
from teambuilder.io.csv import read_csv_bytes, roster_to_csv
from teambuilder.io.guards import MAX_BYTES, fail, too_large
from teambuilder.io.json import read_json_bytes, roster_to_json
from teambuilder.io.xlsx import read_xlsx_bytes
from teambuilder.io.xlsx_guards import EXCEL_SAVE_AS, OTHER_SPREADSHEETS
from teambuilder.models import Roster

__all__ = [
    "READ_SUFFIXES",
    "SUFFIXES",
    "load_roster",
    "roster_from_bytes",
    "roster_to_bytes",
    "write_roster",
]

SUFFIXES = (".csv", ".json")  # written and read
READ_SUFFIXES = (*SUFFIXES, ".xlsx")  # read only


def load_roster(path: str | Path, cat: Catalogue | None = None) -> Roster:
    """Read a roster file (.csv, .json or .xlsx); problems name the path as given.

    Positions are those of ``cat`` (default: the loaded catalogue), as in every reader.
    """
    path = Path(path)
    source = str(path)
    _suffix(path.name, source, READ_SUFFIXES)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise too_large(source, size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(source, "there is no such file") from None
    except IsADirectoryError:
        raise fail(source, "this is a folder, not a roster file") from None
    except PermissionError:
        raise fail(source, "no permission to read this file") from None
    except OSError as error:
        raise fail(source, f"the file cannot be read: {error.strerror or error}") from None
    return roster_from_bytes(data, source, cat)


def roster_from_bytes(data: bytes, filename: str, cat: Catalogue | None = None) -> Roster:
    """Read an uploaded roster; the name's extension (.csv, .json, .xlsx) picks the format."""
    suffix = _suffix(filename, filename, READ_SUFFIXES)
    if suffix == ".csv":
        return read_csv_bytes(data, filename, cat=cat)
    if suffix == ".xlsx":
        return read_xlsx_bytes(data, filename, cat=cat)
    return read_json_bytes(data, filename, cat=cat)


def write_roster(roster: Roster, path: str | Path, cat: Catalogue | None = None) -> None:
    """Write a roster as .csv (UTF-8 with a BOM, for Excel) or .json, by the extension."""
    path = Path(path)
    data = roster_to_bytes(roster, str(path), cat)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise fail(str(path), f"cannot write here: {error.strerror or error}") from None


def roster_to_bytes(roster: Roster, filename: str, cat: Catalogue | None = None) -> bytes:
    """The file content for a download or :func:`write_roster`, by the name's extension."""
    if _suffix(filename, filename) == ".csv":
        return ("\ufeff" + roster_to_csv(roster, cat)).encode("utf-8")
    return roster_to_json(roster).encode("utf-8")


def _suffix(filename: str, source: str, allowed: tuple[str, ...] = SUFFIXES) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in allowed:
        return suffix
    shown_suffix = f"{suffix!r} files are" if suffix else "a file without an extension is"
    if ".xlsx" in allowed:
        hint = f" ({EXCEL_SAVE_AS})" if suffix in OTHER_SPREADSHEETS else ""
        raise fail(
            source, f"{shown_suffix} not supported; a roster is a .csv, .json or .xlsx file{hint}"
        )
    hint = " (Excel opens a .csv)" if suffix in (".xlsx", ".xls") else ""
    raise fail(source, f"{shown_suffix} not supported; a roster is saved as .csv or .json{hint}")
