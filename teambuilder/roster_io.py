"""Roster files: CSV, JSON and Excel, read and written; now in :mod:`teambuilder.io`.

One module per format (``io/csv.py``, ``io/json.py``, ``io/xlsx.py`` and its guards),
the size and encoding checks in ``io/guards.py``, files by name in ``io/files.py``.
This module re-exports their public names, so ``teambuilder.roster_io`` keeps working.
"""

from __future__ import annotations

from teambuilder.io.csv import MAX_CSV_LINES, read_csv_bytes, read_csv_text, roster_to_csv
from teambuilder.io.files import (
    READ_SUFFIXES,
    SUFFIXES,
    load_roster,
    roster_from_bytes,
    roster_to_bytes,
    write_roster,
)
from teambuilder.io.guards import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from teambuilder.io.json import (
    MAX_JSON_CONTAINERS,
    MAX_JSON_KEYS,
    json_schema,
    read_json_bytes,
    read_json_text,
    roster_to_json,
)
from teambuilder.io.problems import Problem, RosterError
from teambuilder.io.xlsx import read_xlsx_bytes
from teambuilder.io.xlsx_guards import (
    MAX_XLSX_COLUMNS,
    MAX_XLSX_ROWS,
    MAX_XLSX_TAGS,
    MAX_XLSX_UNPACKED_BYTES,
)

__all__ = [
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_CSV_LINES",
    "MAX_JSON_CONTAINERS",
    "MAX_JSON_KEYS",
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
