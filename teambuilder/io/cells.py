"""Cells: what one value of a table may hold, parsed with a message saying what is allowed.

Each parser takes a cell (text, a number, a bool, None, NaN, numpy scalars, pandas' NA)
and the help text of its column, returns the value, or raises :class:`BadCell` with a
message that ends with that help text. Also the spreadsheet-formula guard for written
text cells, and numbers written as short as they read back.
"""

from __future__ import annotations

import json
import math
import re

from teambuilder.models import Background

__all__ = [
    "WHITESPACE",
    "BadCell",
    "escape_formula",
    "format_number",
    "is_blank",
    "parse_absent",
    "parse_allocation",
    "parse_background",
    "parse_fte",
    "parse_number",
    "parse_text",
    "plain",
    "shown",
    "unescape_formula",
]

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
_BACKGROUNDS = {member.value: member for member in Background}


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


class BadCell(Exception):
    """A cell's value is not allowed; the message says why and what is."""


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes, other values as JSON writes them."""
    if isinstance(value, str):
        text = value.strip(WHITESPACE)
        return repr(text if len(text) <= 40 else text[:37] + "...")
    value = plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            text = type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def plain(value: object) -> object:
    """Turn numpy scalars and pandas' missing markers into plain Python values."""
    kind = type(value)
    if kind.__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    if kind.__name__ in ("NAType", "NaTType"):
        return None
    return value


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return not value.strip(WHITESPACE)
    value = plain(value)
    return value is None or (isinstance(value, float) and math.isnan(value))


def parse_text(value: object, help_text: str, limit: int, escapes: bool) -> str:
    """A text cell, stripped like pydantic strips it; '' when blank."""
    if type(value) is str:  # the hot path of a big file: plain text, nothing to undo
        text = value.strip(WHITESPACE)
        if len(text) <= limit and not text.startswith("'"):
            return text
    if type(value) is not str:
        value = plain(value)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise BadCell(f"{shown(value)} is not text; {help_text}")
        if not isinstance(value, str):
            value = format_number(value) if isinstance(value, float) else str(value)
    assert isinstance(value, str)
    text = value.strip(WHITESPACE)
    if escapes:
        text = unescape_formula(text).strip(WHITESPACE)
    if len(text) > limit:
        raise BadCell(f"the text is {len(text)} characters long; {help_text}")
    return text


def parse_number(value: object, help_text: str) -> float | None:
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
            raise BadCell(f"{shown(text)} is not a number{hint}; {help_text}")
        number = float(text)
        if not math.isfinite(number):
            raise BadCell(f"{shown(text)} is too large; {help_text}")
        return number
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadCell(f"{shown(value)} is not a number; {help_text}")
    number = float(value)
    if math.isnan(number):
        return None
    if not math.isfinite(number):
        raise BadCell(f"{shown(value)} is not a finite number; {help_text}")
    return number


def parse_fte(value: object, help_text: str) -> float:
    number = parse_number(value, help_text)
    if number is None:
        raise BadCell(f"FTE is empty; every person needs one: {help_text}")
    if number <= 0:
        raise BadCell(f"{format_number(number)} is not above 0; {help_text}")
    if number > 1:
        raise BadCell(f"{format_number(number)} is more than 1; {help_text}")
    return number


def parse_allocation(value: object, help_text: str) -> float:
    if value is None or (type(value) is str and not value):
        return 0.0
    number = parse_number(value, help_text)
    if number is None:
        return 0.0
    if number < 0:
        raise BadCell(f"{format_number(number)} is negative; {help_text}")
    if number > 1:
        raise BadCell(f"{format_number(number)} is more than 1; {help_text}")
    return number


def parse_absent(value: object, help_text: str) -> bool:
    if type(value) is not str:
        value = plain(value)
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
    raise BadCell(f"{shown(value)} is not a yes/no value; {help_text}")


def parse_background(value: object, help_text: str) -> Background | None:
    if is_blank(value):
        return None
    text = str(plain(value)).strip(WHITESPACE).lower()
    if text in _BACKGROUNDS:
        return _BACKGROUNDS[text]
    raise BadCell(f"{shown(value)} is not a background; {help_text}")
