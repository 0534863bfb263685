"""Checks every reader makes first: size, encoding, and the limits of a roster.

The limits bound what a hostile file can cost, whatever its size: a roster is at most
:data:`MAX_ROWS` rows in any format, and the readers refuse more before parsing it.
"""

from __future__ import annotations

from pathlib import Path

from teambuilder.io.cells import WHITESPACE
from teambuilder.io.columns import DEFAULT_TEAM, MAX_NAME_LENGTH
from teambuilder.io.problems import Problem, RosterError

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_ROWS", "check_text", "decode", "fail", "too_large"]

MAX_BYTES = 10 * 1024 * 1024  # 10 MB, as maxUploadSize in .streamlit/config.toml
# A roster is at most this many rows (people per team) in any format: 20,000 rows is a
# whole company.
MAX_ROWS = 20_000
MAX_COLUMNS = 200
_SAVE_AS = "save it as UTF-8 text (in Excel: File > Save As > 'CSV UTF-8')"


def fail(source: str, message: str, row: int | None = None) -> RosterError:
    """An error of one problem with the whole input (or one line of it)."""
    return RosterError([Problem(source, row, None, message)])


def too_large(source: str, size: int) -> RosterError:
    return fail(
        source,
        f"the file is {size:,} bytes; a roster file may be at most {MAX_BYTES:,} bytes",
    )


def decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise too_large(source, len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise fail(source, f"the file is UTF-16 text, not UTF-8; {_SAVE_AS}")
    if data.startswith(b"PK\x03\x04"):
        raise fail(
            source,
            "this is a zip archive or an Excel workbook, not text; save the sheet as "
            "'CSV UTF-8' or export the roster as JSON",
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise fail(source, "the file contains NUL bytes: it is binary, not text", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise fail(source, f"byte 0x{byte:02x} is not UTF-8 text; {_SAVE_AS}", line) from None
    return text


def check_text(text: str, source: str) -> str:
    """The text without a leading byte order mark; refuses empty or oversized text."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES:
        raise too_large(source, len(text.encode("utf-8", "surrogatepass")))
    if not text.strip(WHITESPACE):
        raise fail(source, "the file is empty")
    return text


def team_from_filename(source: str) -> str:
    """The team of a file without a team column: its name without the extension."""
    stem = Path(source).stem.strip(WHITESPACE)[:MAX_NAME_LENGTH].strip(WHITESPACE)
    return stem or DEFAULT_TEAM
