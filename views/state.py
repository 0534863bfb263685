"""The session's working copy of the roster, shared by every page.

Only this module touches ``st.session_state`` for the workspace, so pages stay short.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from teambuilder import clock
from teambuilder.catalogue import (
    EXAMPLES_DIR,
    Catalogue,
    DataFileError,
    catalogue,
    catalogue_with_rules,
)
from teambuilder.charts import coverage_matrix_figure, formation_figure, load_figure
from teambuilder.formation import PHONE
from teambuilder.large import workspace_for
from teambuilder.models import Report, Roster, TeamReport, TeamSettings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.share import ShareLinkError, decode_state
from teambuilder.workspace import (
    History,
    ParsedWorkspace,
    Workspace,
    parse_workspace,
    snapshot,
    table_from_records,
    workspace_fingerprint,
)

DEFAULT_EXAMPLE = "startup_hero.csv"
NEW_TEAM = "New team"  # what a roster without any team opens as
WORKSPACE_KEY = "workspace"
TEAM_KEY = "team"
HISTORY_KEY = "history"
LINK_PARAM = "roster"
APPLIED_LINK_KEY = "applied_link"
LINK_ERROR_KEY = "link_error"


@st.cache_data(max_entries=16, ttl=60 * 60, show_spinner=False)  # a handful of files
def example_roster(filename: str) -> Roster:
    """An example from data/examples, parsed once per process."""
    return load_roster(EXAMPLES_DIR / filename)


def example_names() -> list[str]:
    return sorted(p.name for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})


def example_label(filename: str) -> str:
    return Path(filename).stem.replace("_", " ").capitalize()


def workspace() -> Workspace:
    if WORKSPACE_KEY not in st.session_state:
        load_example(DEFAULT_EXAMPLE)
    found: Workspace = st.session_state[WORKSPACE_KEY]
    return found


def load_example(filename: str) -> None:
    replace_roster(example_roster(filename), label=f"Example: {example_label(filename)}")


def replace_roster(roster: Roster, label: str) -> None:
    """Swap in a whole new roster; editors restart so no stale edit is replayed.

    A roster without teams (an empty file or link) opens as one blank team, so every
    page has a team to show. The message of a link that could not be opened goes.
    """
    if not roster.team_names():
        roster = Roster(teams=(TeamSettings(name=NEW_TEAM),))
    previous = st.session_state.get(WORKSPACE_KEY)
    fresh = workspace_for(roster, label=label)  # a large roster opens one team at a time
    fresh.version = previous.version + 1 if previous else 0
    st.session_state[WORKSPACE_KEY] = fresh
    st.session_state[TEAM_KEY] = fresh.team_names[0]
    st.session_state.pop(LINK_ERROR_KEY, None)


def history() -> History:
    """This browser session's undo and redo stacks."""
    found: History = st.session_state.setdefault(HISTORY_KEY, History())
    return found


def remember_for_undo(description: str = "the roster replaced") -> None:
    """Keep the workspace as it is now, so Undo brings it back after the coming change."""
    if WORKSPACE_KEY in st.session_state:
        ws: Workspace = st.session_state[WORKSPACE_KEY]
        history().record(description, ws, str(st.session_state.get(TEAM_KEY, "")))


def undo_available() -> bool:
    return bool(history().undo)


def redo_available() -> bool:
    return bool(history().redo)


def undo_label() -> str | None:
    """What Undo would take back ('an edit of Ana Costa'), or None."""
    return history().undo[-1].description if history().undo else None


def redo_label() -> str | None:
    return history().redo[-1].description if history().redo else None


def _restore(restored: Workspace, team: str, current: Workspace) -> None:
    fresh = snapshot(restored)  # the history keeps its own copy for a later redo
    fresh.version = current.version + 1  # fresh editor keys: no stale edit is replayed
    st.session_state[WORKSPACE_KEY] = fresh
    st.session_state.pop(TEAM_KEY, None)
    if team in fresh.settings:
        st.session_state[TEAM_KEY] = team
    current_team(fresh)
    st.session_state.pop(LINK_ERROR_KEY, None)


def undo() -> None:
    """Take back the last change to the roster, whatever it was."""
    current = workspace()
    step = history().step_back(current, current_team(current))
    if step is not None:
        _restore(step.before, step.team, current)


def redo() -> None:
    """Do again the change the last Undo took back."""
    current = workspace()
    step = history().step_forward(current, current_team(current))
    if step is not None:
        _restore(step.before, step.team, current)


def undo_replace() -> None:
    """Undo (kept for pages written when Undo only took back a replaced roster)."""
    undo()


def restore_shared_link() -> str | None:
    """Open the roster of a shared link once; returns the page the link asks for.

    A bad link leaves the roster as it is and keeps a message for the page to show.
    """
    token = st.query_params.get(LINK_PARAM)
    if not token or st.session_state.get(APPLIED_LINK_KEY) == token:
        return None
    st.session_state[APPLIED_LINK_KEY] = token
    try:
        state = decode_state(token)
    except ShareLinkError as error:
        st.session_state[LINK_ERROR_KEY] = str(error)
        return None
    st.session_state.pop(LINK_ERROR_KEY, None)
    remember_for_undo("the shared link opened")
    replace_roster(state.roster, label="Shared link")
    ws = workspace()
    if state.team in ws.settings:
        st.session_state[TEAM_KEY] = state.team
    ws.away = list(state.away)
    return state.page


def link_error() -> str | None:
    found = st.session_state.get(LINK_ERROR_KEY)
    return str(found) if found else None


def current_team(ws: Workspace) -> str:
    """The team the pages show: the one picked, else the first (a blank one if none)."""
    team = st.session_state.get(TEAM_KEY)
    if team in ws.settings:
        return str(team)
    if not ws.settings:  # replace_roster never leaves a workspace without a team
        ws.settings[NEW_TEAM] = TeamSettings(name=NEW_TEAM)
        ws.tables[NEW_TEAM] = table_from_records([])
    return set_team(ws.team_names[0])


def set_team(name: str) -> str:
    """Show team ``name`` on every page from now on."""
    st.session_state[TEAM_KEY] = name
    return name


def set_table(
    ws: Workspace, team: str, table: pd.DataFrame, description: str = "a change to the table"
) -> None:
    """Replace one team's table from code (not from its editor): restart the editor.

    The change can be undone; ``description`` names it on the Undo button.
    """
    remember_for_undo(description)
    ws.tables[team] = table.reset_index(drop=True)
    ws.version += 1


# Parsed and scored rosters, shared by every page and session, keyed by the workspace's
# content: a page that reruns with nothing changed (a filter, another page, the autosave
# after the page) pays one digest instead of a parse and a score. Resources, not data:
# the values are frozen and a 10,000-row report would cost a copy (pickle) on every hit.
# Bounded: at most 8 rosters, and an entry unused for 10 minutes goes (the benchmark of
# closed sessions, benchmarks/bench_memory.py, sets TEAMBUILDER_CACHE_SECONDS lower).
CACHED_ROSTERS = 8


def _cache_seconds(default: int = 10 * 60) -> int:
    found = os.environ.get("TEAMBUILDER_CACHE_SECONDS", "")
    return int(found) if found.isdigit() and int(found) > 0 else default


CACHE_TTL_SECONDS = _cache_seconds()


@st.cache_resource(max_entries=CACHED_ROSTERS, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _parsed_for(content: str, _ws: Workspace) -> ParsedWorkspace:
    return parse_workspace(_ws)


@st.cache_resource(max_entries=CACHED_ROSTERS, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _report_for(
    content: str,
    away: tuple[str, ...],
    rules: str | None,
    day: date,
    _roster: Roster,
    _ws: Workspace,
) -> Report:
    return score(_roster, list(away), cat=scoring_catalogue(_ws), today=day)


def parsed_workspace(ws: Workspace) -> ParsedWorkspace:
    """``parse_workspace(ws)``, worked out once per distinct content of the workspace."""
    return _parsed_for(workspace_fingerprint(ws), ws)


def evaluate(ws: Workspace) -> tuple[ParsedWorkspace, Report]:
    """The roster the tables make, and its report with the people picked as away.

    Someone picked whose row is broken right now is left out of this report only:
    ``ws.away`` keeps them, so fixing a typo brings their absence back. A scenario opened
    with rules of its own is scored with them (see :func:`scoring_rules`). Both are worked
    out once per content of the workspace, away list, rules and day (an accepted risk
    comes back on its review date; see ``CACHED_ROSTERS``).
    """
    content = workspace_fingerprint(ws)
    parsed = _parsed_for(content, ws)
    rules = scoring_rules(ws)
    away = tuple(away_in(ws, parsed))
    return parsed, _report_for(content, away, rules, clock.today(), parsed.roster, ws)


# A scenario version opened with the rules it was saved under: (the workspace label it was
# opened as, its rules.toml text, whether to score with them, when it was saved).
RULES_KEY = "scenario_rules"


def scoring_rules(ws: Workspace) -> str | None:
    """The saved rules this tab scores with (None: today's data/rules.toml)."""
    found = st.session_state.get(RULES_KEY)
    if found is None or found[0] != ws.label or not found[2]:
        return None
    return str(found[1])


def scoring_catalogue(ws: Workspace) -> Catalogue:
    """The catalogue the pages score with: a scenario's saved rules, else today's.

    Saved rules this version cannot read fall back to today's (the notice says so).
    """
    rules = scoring_rules(ws)
    if rules is None:
        return catalogue()
    try:
        return catalogue_with_rules(rules)
    except DataFileError:
        return catalogue()


def away_in(ws: Workspace, parsed: ParsedWorkspace) -> list[str]:
    """The people picked as away who are in the parsed roster (rows without problems)."""
    known = {person.name for person in parsed.roster.people}
    return [name for name in ws.away if name in known]


FIGURES: dict[str, Callable[[TeamReport], go.Figure]] = {
    "formation": formation_figure,
    "formation-phone": lambda team_report: formation_figure(team_report, canvas=PHONE),
    "load": load_figure,
    "matrix": coverage_matrix_figure,
}


@st.cache_resource(max_entries=64, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _figure_for(kind: str, team_report_json: str) -> go.Figure:
    return FIGURES[kind](TeamReport.model_validate_json(team_report_json))


PHONE_AGENT_WORDS = ("Mobile", "iPhone", "Android")


def on_a_phone() -> bool:
    """Whether the browser says it is a phone's (its User-Agent)."""
    agent = st.context.headers.get("User-Agent") or ""
    return any(word in agent for word in PHONE_AGENT_WORDS)


def figure(kind: str, team_report: TeamReport) -> go.Figure:
    """A chart of one team report, built once per distinct report.

    Building the pitch takes about 0.1 s (plotly validates every shape); a rerun that
    changes nothing on the team reuses it. Figures are shared, never modified after.
    """
    return _figure_for(kind, team_report.model_dump_json())


def open_formation_with_away(ws: Workspace, names: list[str]) -> None:
    """Pick ``names`` as away (the what-if) and open the Formation page showing it."""
    ws.away = list(names)
    st.session_state.pop(f"away-{ws.version}", None)  # the picker starts from ws.away
    st.switch_page("views/formation.py")
