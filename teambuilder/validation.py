"""Roster checks and the one row parser: now in :mod:`teambuilder.io`, re-exported here.

The row parser is :mod:`teambuilder.io.rows` (over the column specifications of
:mod:`teambuilder.io.columns` and the cell parsers of :mod:`teambuilder.io.cells`), the
whole-roster checks :mod:`teambuilder.io.checks`, the problems :mod:`teambuilder.io.problems`.
"""

from __future__ import annotations

from teambuilder.io.cells import (
    WHITESPACE,
    escape_formula,
    format_number,
    shown,
    unescape_formula,
)
from teambuilder.io.checks import (
    MAX_UNKNOWN_IDS,
    iter_roster_problems,
    more_unknown,
    roster_problems,
    unknown_position,
)
from teambuilder.io.columns import (
    BASE_COLUMNS,
    DEFAULT_TEAM,
    MAX_NAME_LENGTH,
    MAX_TITLE_LENGTH,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
    canonical_column,
    closest,
    help_for,
)
from teambuilder.io.problems import (
    MAX_COLUMN_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_PROBLEMS,
    Problem,
    ProblemLog,
    RosterError,
    RosterIssue,
)
from teambuilder.io.rows import build_roster_from_rows

__all__ = [
    "BASE_COLUMNS",
    "DEFAULT_TEAM",
    "MAX_COLUMN_CHARS",
    "MAX_MESSAGE_CHARS",
    "MAX_NAME_LENGTH",
    "MAX_PROBLEMS",
    "MAX_TITLE_LENGTH",
    "MAX_UNKNOWN_IDS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "TEXT_COLUMNS",
    "WHITESPACE",
    "Problem",
    "ProblemLog",
    "RosterError",
    "RosterIssue",
    "build_roster_from_rows",
    "canonical_column",
    "closest",
    "escape_formula",
    "format_number",
    "help_for",
    "iter_roster_problems",
    "more_unknown",
    "roster_problems",
    "shown",
    "unescape_formula",
    "unknown_position",
]
