"""Guards of an Excel .xlsx file, before openpyxl opens it: what it is, and what it costs.

An .xlsx is a zip of XML. Refused here, each with its reason: old .xls and encrypted
workbooks, other zip archives and spreadsheets, zip bombs (by the declared sizes, and
by counting what really unpacks: the headers are not trusted), and XML shapes that cost
far more to parse than their size. openpyxl itself parses with defusedxml (a
dependency), which refuses entity declarations a second time.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from teambuilder.io.guards import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, fail

__all__ = [
    "EXCEL_SAVE_AS",
    "MAX_XLSX_COLUMNS",
    "MAX_XLSX_ROWS",
    "MAX_XLSX_TAGS",
    "MAX_XLSX_UNPACKED_BYTES",
    "OTHER_SPREADSHEETS",
    "check_container",
]

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

EXCEL_SAVE_AS = "in Excel: File > Save As > 'Excel Workbook (.xlsx)' or 'CSV UTF-8'"
OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx


def check_container(data: bytes, source: str) -> None:
    """Refuse what is not an .xlsx package, saying what it is, before openpyxl opens it."""
    if not data:
        raise fail(source, "the file is empty")
    if data.startswith(_OLE2_MAGIC):
        # Both old workbooks and password-protected new ones are OLE2 containers; only an
        # encrypted one has this stream (names are UTF-16 in the directory).
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise fail(
                source,
                "this workbook is protected with a password, so it cannot be read; remove "
                "the password (in Excel: File > Info > Protect Workbook > Encrypt with "
                "Password, then clear it) and save it again, or save the sheet as CSV UTF-8",
            )
        raise fail(
            source,
            "this is an old Excel 97-2003 workbook (.xls), not an .xlsx one; "
            f"save it again ({EXCEL_SAVE_AS})",
        )
    if not data.startswith(b"PK"):
        head = data[:1000]
        looks_like_text = b"\x00" not in head and _is_utf8_prefix(head)
        hint = " (it looks like text: if it is a CSV file, name it .csv)" if looks_like_text else ""
        raise fail(source, f"this is not an Excel .xlsx workbook{hint}; {XLSX_OR_CSV}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            problem = _package_problem(entries) or _xml_problem(archive, entries)
    except _ZIP_ERRORS:
        problem = (
            "this is not an Excel .xlsx workbook: the file is damaged or cut short (it is "
            f"not a complete zip archive); {XLSX_OR_CSV}"
        )
    if problem:
        raise fail(source, problem)


XLSX_OR_CSV = "save it as .xlsx or CSV UTF-8"
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
        return f"this is a password-protected zip archive, not an Excel workbook; {XLSX_OR_CSV}"
    if "xl/workbook.bin" in names:
        return f"this is a binary Excel workbook (.xlsb); save it again ({EXCEL_SAVE_AS})"
    if "mimetype" in names and "content.xml" in names:
        return f"this is an OpenDocument spreadsheet (.ods), not an Excel one; {XLSX_OR_CSV}"
    if "[Content_Types].xml" not in names:
        return f"this is a zip archive, but not an Excel .xlsx workbook; {XLSX_OR_CSV}"
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
        f"and save it again ({EXCEL_SAVE_AS})"
    )
    budget = MAX_XLSX_UNPACKED_BYTES
    for entry in entries:
        part = read_part(archive, entry, budget)
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


def read_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> bytes | None:
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
