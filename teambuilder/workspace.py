"""The dashboard's working copy of a roster: one editable table per team, plus settings.

Pure Python and pandas (no streamlit), so the editor's rules are tested without a UI.
The tables hold exactly what the user typed, broken rows included: nothing is lost.
``parse_workspace`` turns them into a valid :class:`Roster`, leaving broken rows out and
saying why, row by row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import ValidationError

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import (
    AcceptedRisk,
    HrImportRecord,
    Roster,
    TeamSettings,
    WorkshopResults,
)
from teambuilder.scoring import UnknownPersonError, score
from teambuilder.validation import (
    WHITESPACE,
    Problem,
    RosterError,
    build_roster_from_rows,
    help_for,
)
from teambuilder.wording import join_names

if TYPE_CHECKING:
    from teambuilder.large import OneTeamAtATime

PERSON_COLUMNS = ("name", "title", "fte", "background", "reports_to", "absent")
PERSON_LABELS = {
    "name": "Name",
    "title": "Job title",
    "fte": "FTE",
    "background": "Background",
    "reports_to": "Reports to",
    "absent": "Away",
}


def column_label(column: str, cat: Catalogue | None = None) -> str:
    """The header the editor shows for a column: a person field or a position's name."""
    cat = cat or catalogue()
    if column in PERSON_LABELS:
        return PERSON_LABELS[column]
    if column in cat.position_ids:
        return cat.name_of(column)
    return column


MAX_PARSE_ROUNDS = 5


def editor_columns(cat: Catalogue | None = None) -> list[str]:
    return [*PERSON_COLUMNS, *(cat or catalogue()).position_ids]


def table_from_records(
    records: list[dict[str, object]], cat: Catalogue | None = None
) -> pd.DataFrame:
    """A table with the editor's columns and dtypes (text, numbers, a tick box)."""
    cat = cat or catalogue()
    columns = editor_columns(cat)
    table = pd.DataFrame.from_records(records, columns=columns)
    for column in ("name", "title", "background", "reports_to"):
        table[column] = table[column].astype("object")
    table["absent"] = table["absent"].astype("boolean").fillna(False)
    for column in ["fte", *cat.position_ids]:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    return table.reset_index(drop=True)


def table_for_team(roster: Roster, team: str, cat: Catalogue | None = None) -> pd.DataFrame:
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
    return table_from_records(records, cat)


@dataclass
class Workspace:
    """What the dashboard edits: team settings and one table per team, in order."""

    settings: dict[str, TeamSettings]
    tables: dict[str, pd.DataFrame]
    away: list[str] = field(default_factory=list)
    # Bumped whenever whole tables are replaced, so editors start afresh.
    version: int = 0
    label: str = ""
    # Warnings the teams accepted as risks (the roster's accepted_risks), in order.
    accepted_risks: list[AcceptedRisk] = field(default_factory=list)
    # The results of workshops held on the roster (kept as they were, for the record).
    workshops: list[WorkshopResults] = field(default_factory=list)
    # How the HR export the roster came from was read (the roster's hr_import), or None.
    hr_import: HrImportRecord | None = None
    # A roster too large to edit at once: the whole of it, of which these tables are the
    # one open team (teambuilder.large). None: the tables are the whole roster.
    whole: OneTeamAtATime | None = None

    @property
    def team_names(self) -> list[str]:
        return list(self.settings)


def workspace_from_roster(
    roster: Roster, label: str = "", cat: Catalogue | None = None
) -> Workspace:
    names = roster.team_names()
    return Workspace(
        settings={name: roster.settings_for(name) for name in names},
        tables={name: table_for_team(roster, name, cat) for name in names},
        label=label,
        accepted_risks=list(roster.accepted_risks),
        workshops=list(roster.workshops),
        hr_import=roster.hr_import,
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
    workspace.accepted_risks = _risks_renamed(workspace, old, renamed.name)
    workspace.tables = {
        (renamed.name if name == old else name): table for name, table in workspace.tables.items()
    }
    return renamed.name


def _risks_renamed(workspace: Workspace, old: str, new: str) -> list[AcceptedRisk]:
    """The accepted risks after team ``old`` is renamed ``new`` (called before the tables
    move). A warning's key names its team, so each risk of the team gets its warning's key
    under the new name; the warnings are found with nobody away and with the people
    picked as away, as either may have been showing when the risk was accepted."""
    if not any(risk.team == old for risk in workspace.accepted_risks):
        return workspace.accepted_risks
    roster = parse_workspace(workspace).roster
    known = {person.name for person in roster.people}
    new_keys: dict[str, str] = {}
    for away in ((), [name for name in workspace.away if name in known]):
        try:
            team_report = score(roster, away).team(old)
        except (KeyError, UnknownPersonError):
            continue
        for warning in team_report.warnings:
            new_keys.setdefault(subject_key(old, warning), subject_key(new, warning))
    return [
        risk.model_copy(update={"team": new, "warning": new_keys.get(risk.warning, risk.warning)})
        if risk.team == old
        else risk
        for risk in workspace.accepted_risks
    ]


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


def workspace_fingerprint(workspace: Workspace) -> str:
    """A digest of what :func:`parse_workspace` reads: team settings, accepted risks,
    workshop results, the HR import's mapping, and tables in order.

    Two workspaces with the same digest parse to the same roster, so the digest can key
    a cache of parsed and scored rosters. Each table goes in as its column names and its
    cells as Python objects (``to_numpy(dtype=object)``), pickled: pickle writes each
    value with its type, so equal bytes mean equal cells. Not the frame itself: pandas
    pickles its internal block layout, which changes when a column is merely read.
    About 35 ms of CPU for 500 teams of 20 (10,000 rows), well under 1 ms for one team.
    """
    digest = hashlib.blake2b(digest_size=20)
    for name, settings in workspace.settings.items():
        digest.update(pickle.dumps((name, settings.model_dump_json())))
    # The parse carries the accepted risks and the workshops' results into the roster.
    for risk in workspace.accepted_risks:
        digest.update(pickle.dumps(("risk", risk.model_dump_json())))
    for results in workspace.workshops:
        digest.update(pickle.dumps(("workshop", results.model_dump_json())))
    if workspace.hr_import is not None:
        digest.update(pickle.dumps(("hr_import", workspace.hr_import.model_dump_json())))
    for name, table in workspace.tables.items():
        cells = (name, table.columns.tolist(), table.to_numpy(dtype=object))
        digest.update(pickle.dumps(cells, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.hexdigest()


def parse_workspace(workspace: Workspace, cat: Catalogue | None = None) -> ParsedWorkspace:
    """Every valid row becomes a person; every broken row becomes a located problem.

    The position columns are those of ``cat`` (default: the loaded catalogue).
    """
    cat = cat or catalogue()
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
                columns=["team", *editor_columns(cat)],
                row_numbers=[i + 1 for i in kept],
                row_labels=[labels[i] for i in kept],
                cat=cat,
            )
            break
        except RosterError as error:
            # error.rows: every row with a problem, also those beyond the listed ones
            newly_bad = {row - 1 for row in error.rows} - dropped
            problems.extend(_relabel(p, origin, rows, cat) for p in error.problems)
            if not newly_bad:  # nothing row-specific left to drop: keep what was valid
                break
            dropped |= newly_bad
    skipped: dict[str, list[int]] = {}
    for index in sorted(dropped):
        team, editor_row = origin[index]
        skipped.setdefault(team, []).append(editor_row)
    teams_now = set(workspace.settings)
    risks = tuple(risk for risk in workspace.accepted_risks if risk.team in teams_now)
    if risks or workspace.workshops or workspace.hr_import is not None:
        roster = roster.model_copy(
            update={
                "accepted_risks": risks,
                "workshops": tuple(workspace.workshops),
                "hr_import": workspace.hr_import,
            }
        )
    return ParsedWorkspace(
        roster=roster,
        problems=tuple(dict.fromkeys(problems)),
        skipped_rows={team: tuple(rows_) for team, rows_ in skipped.items()},
    )


def _relabel(
    problem: Problem,
    origin: list[tuple[str, int]],
    rows: list[dict[str, object]],
    cat: Catalogue | None = None,
) -> Problem:
    """From a global row number to 'team X, row N (name)' as the user sees the editor."""
    if problem.row is None or not 0 < problem.row <= len(origin):
        return problem
    team, row = origin[problem.row - 1]
    name = str(rows[problem.row - 1].get("name") or "").strip()
    record = f"row {row} ({name})" if name and problem.column != "name" else f"row {row}"
    column = column_label(problem.column, cat) if problem.column else None
    return dataclasses.replace(problem, source=team, row=row, record=record, column=column)


# --- The tables as typed, for a draft -------------------------------------------------


def typed_rows(workspace: Workspace) -> dict[str, list[dict[str, str | float | bool | None]]]:
    """Every team's rows exactly as typed (broken and blank ones too), in order.

    Plain JSON values (text, numbers, a tick, None), so a draft can keep them and
    :func:`with_typed_rows` can put them back.
    """
    found: dict[str, list[dict[str, str | float | bool | None]]] = {}
    for team, table in workspace.tables.items():
        found[team] = [
            {str(key): _json_cell(value) for key, value in record.items()}
            for record in table.to_dict(orient="records")
        ]
    return found


def _json_cell(value: object) -> str | float | bool | None:
    value = _cell(value)
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def with_typed_rows(
    workspace: Workspace, rows: Mapping[str, Sequence[Mapping[str, object]]]
) -> Workspace:
    """``workspace`` with each team's table replaced by the rows kept in a draft.

    A team the rows name that the workspace lacks is added with default settings; only the
    editor's columns are read, so rows kept by another version of the app still open.
    """
    columns = editor_columns()
    for team, team_rows in rows.items():
        if team not in workspace.settings:
            workspace.settings[team] = TeamSettings(name=team)
        records = [{column: row.get(column) for column in columns} for row in team_rows]
        workspace.tables[team] = table_from_records(records)
    return workspace


# --- Undo and redo -------------------------------------------------------------------------

MAX_UNDO_STEPS = 100  # per browser session; the issue asks for at least 50


def snapshot(workspace: Workspace) -> Workspace:
    """A copy of the workspace that later edits of ``workspace`` do not reach."""
    return Workspace(
        settings=dict(workspace.settings),  # TeamSettings are frozen: sharing them is safe
        tables={team: table.copy() for team, table in workspace.tables.items()},
        away=list(workspace.away),
        version=workspace.version,
        label=workspace.label,
        accepted_risks=list(workspace.accepted_risks),  # AcceptedRisk values are frozen
        workshops=list(workspace.workshops),
        hr_import=workspace.hr_import,  # frozen: sharing it is safe
        whole=workspace.whole,  # frozen, never changed in place: sharing it is safe
    )


@dataclass(frozen=True)
class Step:
    """One change to the roster: what it was (for the button) and the workspace before it."""

    description: str
    before: Workspace
    team: str


@dataclass
class History:
    """Undo and redo stacks of whole-workspace snapshots, newest last, bounded in length.

    Snapshots rather than inverse operations: every kind of change (a cell, a person, a
    suggestion, an upload, an example) is undone the same way, and a team's table is a few
    kilobytes, so 100 steps of a 25-person team stay under a few megabytes.
    """

    undo: list[Step] = field(default_factory=list)
    redo: list[Step] = field(default_factory=list)
    limit: int = MAX_UNDO_STEPS

    def record(self, description: str, before: Workspace, team: str) -> None:
        """Remember ``before`` (the workspace as it was) under the change about to happen."""
        self.undo.append(Step(description, snapshot(before), team))
        del self.undo[: -self.limit]
        self.redo.clear()

    def step_back(self, current: Workspace, team: str) -> Step | None:
        """The step to restore for an undo; ``current`` goes on the redo stack."""
        if not self.undo:
            return None
        step = self.undo.pop()
        self.redo.append(Step(step.description, snapshot(current), team))
        return step

    def step_forward(self, current: Workspace, team: str) -> Step | None:
        """The step to restore for a redo; ``current`` goes back on the undo stack."""
        if not self.redo:
            return None
        step = self.redo.pop()
        self.undo.append(Step(step.description, snapshot(current), team))
        return step


def tables_differ(before: pd.DataFrame, after: pd.DataFrame) -> bool:
    """Whether an editor's table changed, ignoring the index and dtypes the grid returns."""
    if before.shape != after.shape:
        return True
    left = before.reset_index(drop=True).astype(object).where(before.notna().values, None)
    right = after.reset_index(drop=True).astype(object).where(after.notna().values, None)
    return not left.equals(right)


def describe_table_change(before: pd.DataFrame, after: pd.DataFrame) -> str:
    """A short name for a table change, for the Undo button: 'edit of Ana Costa', ..."""
    if len(after) > len(before):
        return "a row added"
    if len(after) < len(before):
        return "a row deleted"
    for index in range(len(after)):
        if tables_differ(before.iloc[[index]], after.iloc[[index]]):
            name = after.iloc[index]["name"]
            if isinstance(name, str) and name.strip(WHITESPACE):
                return f"an edit of {name.strip(WHITESPACE)}"
            return f"an edit of row {index + 1}"
    return "a table edit"


# --- One person at a time (the compact form) --------------------------------------------------


@dataclass(frozen=True)
class PersonEntry:
    """What the one-person form holds: the person's fields and FTE per position."""

    name: str
    title: str = ""
    fte: float = 1.0
    background: str | None = None
    reports_to: str | None = None
    absent: bool = False
    allocations: Mapping[str, float] = field(default_factory=dict)


def person_entry(table: pd.DataFrame, index: int) -> PersonEntry:
    """Row ``index`` (0-based) of a team's table as the form shows it."""
    row = {str(key): _cell(value) for key, value in table.iloc[index].to_dict().items()}

    def text(column: str) -> str:
        value = row.get(column)
        return value.strip(WHITESPACE) if isinstance(value, str) else ""

    fte = row.get("fte")
    allocations = {}
    for position in catalogue().position_ids:
        value = row.get(position)
        if isinstance(value, int | float) and value > 0:
            allocations[position] = float(value)
    return PersonEntry(
        name=text("name"),
        title=text("title"),
        fte=float(fte) if isinstance(fte, int | float) else 1.0,
        background=text("background") or None,
        reports_to=text("reports_to") or None,
        absent=bool(row.get("absent")),
        allocations=allocations,
    )


def with_person(table: pd.DataFrame, entry: PersonEntry, index: int | None) -> pd.DataFrame:
    """The table with row ``index`` replaced by ``entry``, or ``entry`` appended (None).

    Only known position ids are written; the other positions of the row become empty, so
    a chip removed in the form removes that allocation.
    """
    record: dict[str, object] = {
        "name": entry.name,
        "title": entry.title or None,
        "fte": entry.fte,
        "background": entry.background,
        "reports_to": entry.reports_to,
        "absent": entry.absent,
    }
    for position in catalogue().position_ids:
        value = entry.allocations.get(position)
        record[position] = float(value) if value else None
    records: list[dict[str, object]] = [
        {str(key): value for key, value in row.items()} for row in table.to_dict("records")
    ]
    if index is None:
        records.append(record)
    else:
        records[index] = record
    return table_from_records(records)


def without_row(table: pd.DataFrame, index: int) -> pd.DataFrame:
    kept: pd.DataFrame = table.drop(index=table.index[index]).reset_index(drop=True)
    return kept


def split_fte(fte: float, positions: Sequence[str]) -> dict[str, float]:
    """A first guess of a person's time per position: their FTE shared evenly, in 0.05 steps.

    The first positions get what rounding leaves over, so the parts add up to the FTE.
    """
    if not positions:
        return {}
    steps = round(fte / 0.05)
    share, extra = divmod(steps, len(positions))
    return {
        position: round((share + (1 if i < extra else 0)) * 0.05, 2)
        for i, position in enumerate(positions)
    }


def picked_positions(
    offered: Sequence[str], clicked_on: Iterable[str], clicked_off: Iterable[str]
) -> list[str]:
    """The chips a form shows picked: what it offers (the title's suggestions or the
    person's stored positions), plus the chips clicked on, minus those clicked off.

    Computed from the clicks, not kept in a widget, so the order in which a title change
    and a click reach the server does not matter: neither can undo the other.
    """
    off = set(clicked_off)
    picked = [p for p in offered if p not in off]
    picked += [p for p in dict.fromkeys(clicked_on) if p not in picked and p not in off]
    return picked


def shares_for(
    fte: float, picked: Sequence[str], typed: Mapping[str, float | None]
) -> dict[str, float]:
    """FTE per picked position: what was typed, and for the blank ones an even share of
    the time left (never below zero), in 0.05 steps."""
    given = {p: float(v) for p, v in typed.items() if p in picked and v is not None}
    blank = [p for p in picked if p not in given]
    left = max(0.0, fte - sum(given.values()))
    return {**given, **split_fte(left, blank)}


def row_problems(problems: Sequence[Problem], team: str) -> dict[int, list[Problem]]:
    """A team's problems by their 1-based editor row (problems without a row left out)."""
    found: dict[int, list[Problem]] = {}
    for problem in problems:
        if problem.source == team and problem.row is not None:
            found.setdefault(problem.row, []).append(problem)
    return found


def left_out(workspace: Workspace, parsed: ParsedWorkspace) -> list[str]:
    """What the parsed roster (files, links) leaves out of the tables, by name.

    Each row with a problem ('Ana Costa (row 6 of Loopwise)'), then each manager dropped
    because it names a left-out row ("Ben Ode's manager, Ana Costa").
    """
    items: list[str] = []
    for team, rows in parsed.skipped_rows.items():
        table = workspace.tables.get(team)
        for row in rows:
            name = table.iloc[row - 1]["name"] if table is not None else None
            label = name.strip(WHITESPACE) if isinstance(name, str) else ""
            items.append(f"{label or 'a row without a name'} (row {row} of {team})")
    kept = {(person.team, person.name): person for person in parsed.roster.people}
    for team, table in workspace.tables.items():
        for record in table.to_dict("records"):
            name, manager = record.get("name"), record.get("reports_to")
            if not (isinstance(name, str) and isinstance(manager, str) and manager.strip()):
                continue
            person = kept.get((team, name.strip(WHITESPACE)))
            if person is not None and person.reports_to is None:
                items.append(f"{person.name}'s manager, {manager.strip(WHITESPACE)}")
    return items
