"""The dashboard's working copy of a roster: one editable table per team, plus settings.

Pure Python and pandas (no streamlit), so the editor's rules are tested without a UI.
The tables hold exactly what the user typed, broken rows included: nothing is lost.
``parse_workspace`` turns them into a valid :class:`Roster`, leaving broken rows out and
saying why, row by row.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from pydantic import ValidationError

from teambuilder.catalogue import catalogue
from teambuilder.models import Roster, TeamSettings
from teambuilder.validation import (
    WHITESPACE,
    Problem,
    RosterError,
    build_roster_from_rows,
    help_for,
)
from teambuilder.wording import join_names

PERSON_COLUMNS = ("name", "title", "fte", "background", "reports_to", "absent")
PERSON_LABELS = {
    "name": "Name",
    "title": "Job title",
    "fte": "FTE",
    "background": "Background",
    "reports_to": "Reports to",
    "absent": "Away",
}


def column_label(column: str) -> str:
    """The header the editor shows for a column: a person field or a position's name."""
    if column in PERSON_LABELS:
        return PERSON_LABELS[column]
    if column in catalogue().position_ids:
        return catalogue().name_of(column)
    return column


MAX_PARSE_ROUNDS = 5


def editor_columns() -> list[str]:
    return [*PERSON_COLUMNS, *catalogue().position_ids]


def table_from_records(records: list[dict[str, object]]) -> pd.DataFrame:
    """A table with the editor's columns and dtypes (text, numbers, a tick box)."""
    columns = editor_columns()
    table = pd.DataFrame.from_records(records, columns=columns)
    for column in ("name", "title", "background", "reports_to"):
        table[column] = table[column].astype("object")
    table["absent"] = table["absent"].astype("boolean").fillna(False)
    for column in ["fte", *catalogue().position_ids]:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    return table.reset_index(drop=True)


def table_for_team(roster: Roster, team: str) -> pd.DataFrame:
    records: list[dict[str, object]] = []
    for person in roster.members(team):
        record: dict[str, object] = {
            "name": person.name,
            "title": person.title or None,
            "fte": person.fte,
            "background": person.background.value if person.background else None,
            "reports_to": person.reports_to,
            "absent": person.absent,
        }
        record.update(person.allocations)
        records.append(record)
    return table_from_records(records)


@dataclass
class Workspace:
    """What the dashboard edits: team settings and one table per team, in order."""

    settings: dict[str, TeamSettings]
    tables: dict[str, pd.DataFrame]
    away: list[str] = field(default_factory=list)
    # Bumped whenever whole tables are replaced, so editors start afresh.
    version: int = 0
    label: str = ""

    @property
    def team_names(self) -> list[str]:
        return list(self.settings)


def workspace_from_roster(roster: Roster, label: str = "") -> Workspace:
    names = roster.team_names()
    return Workspace(
        settings={name: roster.settings_for(name) for name in names},
        tables={name: table_for_team(roster, name) for name in names},
        label=label,
    )


def away_candidates(workspace: Workspace) -> list[str]:
    """Names to pick as away: everyone in any team's table not ticked Away there, sorted.

    Read from the tables, not the parsed roster, so someone whose row has a typo for
    a moment stays on the list (and stays picked).
    """
    names: set[str] = set()
    for table in workspace.tables.values():
        ticked = table["absent"].fillna(False).astype(bool)
        for name in table.loc[~ticked, "name"]:
            if isinstance(name, str) and name.strip(WHITESPACE):
                names.add(name.strip(WHITESPACE))
    return sorted(names)


def rename_team(workspace: Workspace, old: str, new: str) -> str:
    """Rename a team in place and return its new name, stripped as a roster strips it.

    A name that cannot be used raises ValueError with a message for people, and leaves
    the workspace as it was (a name the roster refuses would drop every row of the team).
    """
    try:
        renamed = TeamSettings.model_validate({**workspace.settings[old].model_dump(), "name": new})
    except ValidationError:
        if not new.strip(WHITESPACE):
            raise ValueError("A team needs a name.") from None
        raise ValueError(f"That name cannot be used: {help_for('team')}.") from None
    if renamed.name == old:
        return old
    if renamed.name in workspace.settings:
        raise ValueError(f"There is already a team called {renamed.name!r}.")
    workspace.settings = {
        (renamed.name if name == old else name): (renamed if name == old else settings)
        for name, settings in workspace.settings.items()
    }
    workspace.tables = {
        (renamed.name if name == old else name): table for name, table in workspace.tables.items()
    }
    return renamed.name


@dataclass(frozen=True)
class ParsedWorkspace:
    roster: Roster
    problems: tuple[Problem, ...]
    # Per team, the 1-based editor rows left out of the roster because of a problem.
    skipped_rows: dict[str, tuple[int, ...]]


def rows_left_off(skipped_rows: Mapping[str, Sequence[int]]) -> str:
    """The rows left out, per team: 'row 2 of Fraud and rows 1, 4 of Platform'."""
    return join_names(
        f"{'row' if len(rows) == 1 else 'rows'} {', '.join(map(str, rows))} of {team}"
        for team, rows in skipped_rows.items()
        if rows
    )


def _cell(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def parse_workspace(workspace: Workspace) -> ParsedWorkspace:
    """Every valid row becomes a person; every broken row becomes a located problem."""
    rows: list[dict[str, object]] = []
    origin: list[tuple[str, int]] = []  # (team, 1-based editor row) per global row
    for team, table in workspace.tables.items():
        for position, record in enumerate(table.to_dict(orient="records"), start=1):
            row = {str(key): _cell(value) for key, value in record.items()}
            if all(_cell(v) in (None, "", False) for v in row.values()):
                continue  # a blank row, e.g. the editor's new row before anything is typed
            row["team"] = team
            rows.append(row)
            origin.append((team, position))
    # Messages name other rows as the editor shows them, not by their global number.
    labels = [f"row {row} of {team}" for team, row in origin]
    teams = list(workspace.settings.values())
    dropped: set[int] = set()
    problems: list[Problem] = []
    roster = Roster(teams=tuple(teams))
    for _ in range(MAX_PARSE_ROUNDS):
        kept = [index for index in range(len(rows)) if index not in dropped]
        dropped_names = {str(rows[i].get("name") or "").strip() for i in dropped}
        kept_rows = [
            {**rows[i], "reports_to": None}
            if str(rows[i].get("reports_to") or "").strip() in dropped_names
            else rows[i]
            for i in kept
        ]
        try:
            roster = build_roster_from_rows(
                kept_rows,
                teams,
                source="roster table",
                columns=["team", *editor_columns()],
                row_numbers=[i + 1 for i in kept],
                row_labels=[labels[i] for i in kept],
            )
            break
        except RosterError as error:
            # error.rows: every row with a problem, also those beyond the listed ones
            newly_bad = {row - 1 for row in error.rows} - dropped
            problems.extend(_relabel(p, origin, rows) for p in error.problems)
            if not newly_bad:  # nothing row-specific left to drop: keep what was valid
                break
            dropped |= newly_bad
    skipped: dict[str, list[int]] = {}
    for index in sorted(dropped):
        team, editor_row = origin[index]
        skipped.setdefault(team, []).append(editor_row)
    return ParsedWorkspace(
        roster=roster,
        problems=tuple(dict.fromkeys(problems)),
        skipped_rows={team: tuple(rows_) for team, rows_ in skipped.items()},
    )


def _relabel(
    problem: Problem, origin: list[tuple[str, int]], rows: list[dict[str, object]]
) -> Problem:
    """From a global row number to 'team X, row N (name)' as the user sees the editor."""
    if problem.row is None or not 0 < problem.row <= len(origin):
        return problem
    team, row = origin[problem.row - 1]
    name = str(rows[problem.row - 1].get("name") or "").strip()
    record = f"row {row} ({name})" if name and problem.column != "name" else f"row {row}"
    column = column_label(problem.column) if problem.column else None
    return dataclasses.replace(problem, source=team, row=row, record=record, column=column)
