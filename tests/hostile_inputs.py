"""Inputs that once cost minutes or gigabytes to read, built in memory (tests, benchmark).

Each builder returns ``(filename, bytes)``; ``HOSTILE`` names them all, with the outcome
a reader must reach (``"accepted"`` or ``"refused"``). The benchmark
``benchmarks/bench_inputs.py`` measures each in a fresh process; the tests in
``tests/test_bounded_inputs.py`` assert the outcome and the shape of the message.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from teambuilder.catalogue import catalogue

MB = 1024 * 1024


def json_of_zeros(size: int) -> tuple[str, bytes]:
    """``{"people": [0,0,0,...]}`` of about ``size`` bytes: a million invalid records per 2 MB."""
    count = (size - 20) // 2
    return "zeros.json", b'{"people": [' + b"0," * (count - 1) + b"0]}"


def csv_with_unknown_managers(count: int, *, look_alike: bool = False) -> tuple[str, bytes]:
    """``count`` people, each reporting to someone who is not in the file.

    With ``look_alike`` the missing managers' names differ from real names by one
    character, the worst case for a closest-name search.
    """
    lines = ["name,fte,reports_to"]
    for i in range(count):
        manager = f"Person {i:05d}x" if look_alike else f"Nobody {i}"
        lines.append(f"Person {i:05d},1,{manager}")
    return "managers.csv", ("\n".join(lines) + "\n").encode()


def csv_of_invalid_rows(rows: int) -> tuple[str, bytes]:
    """``name,fte`` then ``rows`` lines ``a,``: every row lacks its FTE."""
    return "invalid.csv", b"name,fte\n" + b"a,\n" * rows


def large_valid_csv(rows: int = 137_847, team_size: int = 20) -> tuple[str, bytes]:
    """A valid roster of ``rows`` rows in teams of ``team_size`` (137,847 rows: about 5 MB)."""
    positions = ("mlops_engineer", "ml_engineer", "data_scientist", "platform_engineer")
    out = io.StringIO()
    out.write("team,name,fte,reports_to," + ",".join(positions) + "\n")
    for i in range(rows):
        team, member = divmod(i, team_size)
        lead = f"P{team * team_size:06d}"
        manager = "" if member == 0 else lead
        cells = [""] * len(positions)
        cells[member % len(positions)] = "0.5"
        out.write(f"T{team:05d},P{i:06d},1,{manager},{','.join(cells)}\n")
    return "large.csv", out.getvalue().encode()


def csv_of_bad_cells(rows: int) -> tuple[str, bytes]:
    """Every cell of every row wrong: a header with all 18 columns, then ``rows`` lines of x."""
    header = "team,name,title,fte,background,reports_to,absent," + ",".join(_POSITIONS)
    line = ",".join(["x"] * 18).replace("x,x,x,", "T,,x,", 1)
    return "bad_cells.csv", (header + "\n" + (line + "\n") * rows).encode()


def json_of_unknown_allocations(count: int) -> tuple[str, bytes]:
    """One person whose allocations name ``count`` positions that do not exist."""
    allocations = ",".join(f'"p{i}":0.1' for i in range(count))
    text = '{"people":[{"team":"T","name":"A","fte":1,"allocations":{' + allocations + "}}]}"
    return "allocations.json", text.encode()


def json_of_empty_objects(size: int) -> tuple[str, bytes]:
    """``{"people": [{}, {}, ...]}`` of about ``size`` bytes (three million objects in 10 MB)."""
    count = (size - 20) // 3
    return "objects.json", b'{"people": [' + b"{}," * (count - 1) + b"{}]}"


_POSITIONS = catalogue().position_ids


def xlsx_with_understated_size(real: int = 2047 * MB, declared: int = 4096) -> tuple[str, bytes]:
    """An .xlsx whose sheet unpacks to ``real`` bytes of spaces but whose zip headers say
    ``declared`` (the local and the central header are both patched).

    Deflate packs 2 GB of spaces into about 2 MB, so the file passes the upload limit.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as sheet:
            sheet.write(b'<?xml version="1.0"?>')
            chunk = b" " * MB
            for _ in range(real // MB):
                sheet.write(chunk)
    data = bytearray(buffer.getvalue())
    _patch_sizes(data, b"xl/worksheets/sheet1.xml", declared)
    return "understated.xlsx", bytes(data)


def _patch_sizes(data: bytearray, name: bytes, declared: int) -> None:
    """Write ``declared`` as the uncompressed size of ``name`` in both of its zip headers."""
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = int.from_bytes(data[local + 26 : local + 28], "little")
        if data[local + 30 : local + 30 + name_length] == name:
            data[local + 22 : local + 26] = declared.to_bytes(4, "little")
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == name:
            data[central + 24 : central + 28] = declared.to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)


_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Roster" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)

# name -> (builder, the outcome a reader must reach)
HOSTILE: dict[str, tuple[Callable[[], tuple[str, bytes]], str]] = {
    "JSON people of zeros, 2 MB": (lambda: json_of_zeros(2 * MB), "refused"),
    "JSON people of zeros, 10 MB": (lambda: json_of_zeros(10 * MB - 64), "refused"),
    "CSV, 500 unknown managers": (lambda: csv_with_unknown_managers(500), "refused"),
    "CSV, 1,000 unknown managers": (lambda: csv_with_unknown_managers(1000), "refused"),
    "CSV, 1,000 look-alike managers": (
        lambda: csv_with_unknown_managers(1000, look_alike=True),
        "refused",
    ),
    "CSV, 3.5 million invalid rows (10 MB)": (
        lambda: csv_of_invalid_rows((10 * MB - 16) // 3),
        "refused",
    ),
    "xlsx declaring 4 KB for 2 GB": (xlsx_with_understated_size, "refused"),
    "JSON of empty objects, 10 MB": (lambda: json_of_empty_objects(10 * MB - 64), "refused"),
    "JSON, one person, 500,000 unknown allocations": (
        lambda: json_of_unknown_allocations(500_000),
        "refused",
    ),
    "JSON people of zeros, 20,000 (the limit)": (
        lambda: (
            "zeros.json",
            b'{"people": [' + b"0," * 19_999 + b"0]}",
        ),
        "refused",
    ),
    "CSV, 20,000 invalid rows (the limit)": (lambda: csv_of_invalid_rows(20_000), "refused"),
    "CSV, 20,000 rows of 18 bad cells": (lambda: csv_of_bad_cells(20_000), "refused"),
    "CSV, 20,000 look-alike managers (the limit)": (
        lambda: csv_with_unknown_managers(20_000, look_alike=True),
        "refused",
    ),
    "CSV, 20,000 valid rows in 1,000 teams (the limit)": (
        lambda: large_valid_csv(20_000),
        "accepted",
    ),
    # Above the row limit: refused at once, however valid.
    "CSV, 137,847 valid rows in 6,893 teams (5 MB)": (large_valid_csv, "refused"),
}
