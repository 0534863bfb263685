"""The scenario database as the pages see it: opened once, its problems said in words.

Which database: ``TEAMBUILDER_DATABASE_URL`` in the environment, else the Streamlit secret
of that name, else the default SQLite file. If it cannot be used the pages keep the roster
of the tab and say that saving is unavailable; the next try is after RETRY_SECONDS or when
the user asks.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from teambuilder import services
from teambuilder.catalogue import DataFileError, rules_differ_from_today
from teambuilder.large import whole_roster
from teambuilder.models import Roster
from teambuilder.rules_kept import kept_catalogue, rule_differences
from teambuilder.services import Cell, ScenarioSnapshot, tables_json
from teambuilder.store import DATABASE_URL_ENV, Store, StoreError, open_store
from teambuilder.store import database_url as default_url
from teambuilder.workspace import ParsedWorkspace, typed_rows, with_typed_rows
from views.common import plain
from views.state import (
    RULES_KEY,
    current_team,
    parsed_workspace,
    remember_for_undo,
    replace_roster,
    set_team,
    workspace,
)

CURRENT_KEY = "scenario_current"
PROBLEM_KEY = "scenario_store_problem"
APPLIED_KEY = "scenario_applied_link"
LINK_PARAM = "scenario"
DRAFT_PARAM = "draft"
DRAFT_KEY = "scenario_draft"  # (draft id, the state last saved into it)
RETRY_SECONDS = 30.0


@dataclass
class Current:
    """The scenario version the tab's roster came from, and what the tab may do with it."""

    id: int
    name: str
    version: int
    can_edit: bool
    view_token: str
    edit_token: str
    label: str  # the workspace label it was opened under: a different label means replaced


def configured_url() -> str:
    if os.environ.get(DATABASE_URL_ENV):
        return default_url()
    try:
        secret = st.secrets.get(DATABASE_URL_ENV)
    except StreamlitSecretNotFoundError:
        secret = None
    return default_url(str(secret) if secret else None)


@st.cache_resource(max_entries=4, show_spinner=False)  # one per database address
def _store(url: str) -> Store:
    return open_store(url)  # a failure raises, and is not cached


def store() -> Store | None:
    """The database, or None with the reason kept for :func:`problem`."""
    found = st.session_state.get(PROBLEM_KEY)
    if found and time.monotonic() - found[1] < RETRY_SECONDS:
        return None
    try:
        opened = _store(configured_url())
    except StoreError as error:
        st.session_state[PROBLEM_KEY] = (str(error), time.monotonic())
        return None
    st.session_state.pop(PROBLEM_KEY, None)
    return opened


def fail(error: StoreError) -> None:
    """A database error during a use case: keep it, so the page says saving is off."""
    st.session_state[PROBLEM_KEY] = (str(error), time.monotonic())


def problem() -> str | None:
    found = st.session_state.get(PROBLEM_KEY)
    return str(found[0]) if found else None


def show_unavailable(key: str) -> None:
    message = problem() or "the database cannot be reached"
    st.warning(
        f"Saving is unavailable: {plain(message)}. The roster in this tab is kept as it is; "
        "to keep a copy, download it from Files and sharing."
    )
    if st.button("Try the database again", key=f"retry-{key}"):
        st.session_state.pop(PROBLEM_KEY, None)
        st.rerun()


def current() -> Current | None:
    """The scenario the roster in this tab was opened from or saved as, if still so."""
    found: Current | None = st.session_state.get(CURRENT_KEY)
    if found is None or found.label != workspace().label:
        return None  # another roster replaced it since (a file, an example, undo)
    return found


def label_for(snapshot_name: str, version: int, can_edit: bool = True) -> str:
    suffix = "" if can_edit else ", view only"
    return f"Scenario: {snapshot_name} (version {version}{suffix})"


def remember(
    scenario_id: int,
    name: str,
    version: int,
    can_edit: bool,
    view_token: str,
    edit_token: str,
) -> None:
    """Mark the tab's roster as this scenario version (after a save or an open)."""
    ws = workspace()
    rules = st.session_state.get(RULES_KEY)
    if rules is not None and rules[0] == ws.label:  # a save keeps the rules it scored with
        st.session_state[RULES_KEY] = (label_for(name, version, can_edit), *rules[1:])
    ws.label = label_for(name, version, can_edit)
    st.session_state[CURRENT_KEY] = Current(
        scenario_id, name, version, can_edit, view_token, edit_token, ws.label
    )


def load_snapshot(snapshot: ScenarioSnapshot) -> None:
    """Replace the tab's roster with a scenario version (undo brings the old one back)."""
    remember_for_undo()
    label = label_for(snapshot.name, snapshot.version, snapshot.can_edit)
    replace_roster(snapshot.roster, label=label)
    names = {person.name for person in snapshot.roster.people}
    workspace().away = [name for name in snapshot.away if name in names]
    keep_rules(label, snapshot.rules_toml, snapshot.created_at)
    remember(
        snapshot.id,
        snapshot.name,
        snapshot.version,
        snapshot.can_edit,
        snapshot.view_token,
        snapshot.edit_token,
    )


def keep_rules(label: str, rules_toml: str | None, saved_at: datetime) -> None:
    """Score the tab's roster (opened as ``label``) with the rules its version was saved
    under, when they are not today's; otherwise with today's."""
    st.session_state.pop(RULES_KEY, None)
    if rules_toml is None:  # saved before rules were kept with scenarios
        return
    try:
        differs = readable = rules_differ_from_today(rules_toml)
    except DataFileError:  # unreadable: the notice says so; today's rules score and save it
        differs, readable = True, False
    if differs:
        st.session_state[RULES_KEY] = (label, rules_toml, readable, saved_at)


def rules_notice() -> None:
    """Say when the tab's scenario was saved under other rules, with a one-click switch."""
    found = st.session_state.get(RULES_KEY)
    ws = workspace()
    if found is None or found[0] != ws.label:
        return
    _, rules_toml, use_saved, saved_at = found
    try:
        differences = rule_differences(kept_catalogue(rules_toml))
    except DataFileError as error:
        st.warning(
            "The rules saved with this scenario cannot be read by this version of the app "
            f"({plain(str(error).splitlines()[0])}); it is scored with today's rules."
        )
        return
    when = saved_at.strftime("%Y-%m-%d")
    with st.container(border=True):
        if use_saved:
            st.info(
                f"Scored with the rules this scenario was saved under ({when}), not today's. "
                f"What differs: {plain('; '.join(differences))}."
            )
            label, choice = "Score with today's rules", False
        else:
            st.caption(
                f"Scored with today's rules; this scenario was saved under other rules ({when})."
            )
            label, choice = "Score with the rules it was saved under", True
        if st.button(label, key="scenario-rules-switch"):
            st.session_state[RULES_KEY] = (found[0], rules_toml, choice, saved_at)
            st.rerun()


def link_query(current_scenario: Current) -> dict[str, str]:
    """What the address bar carries to reopen this scenario (the link this tab may use)."""
    token = (
        current_scenario.edit_token if current_scenario.can_edit else current_scenario.view_token
    )
    return {LINK_PARAM: token}


def open_scenario_link() -> bool:
    """Open the scenario of a ``?scenario=`` link once per session; True if it did.

    The parameter stays in the address bar, so a reload reopens the same scenario. A
    link that opens nothing, or a database that is down, is said on the page.
    """
    opened = store()  # on every start: the database is brought up to date once per process
    token = st.query_params.get(LINK_PARAM)
    if not token or st.session_state.get(APPLIED_KEY) == token:
        return False
    st.session_state[APPLIED_KEY] = token
    if opened is None:
        st.warning(f"This scenario link cannot be opened now: {plain(problem() or 'no database')}.")
        return False
    try:
        snapshot = services.open_link(opened, token)
    except StoreError as error:
        st.error(f"This scenario link cannot be opened: {plain(str(error))}.")
        return False
    load_snapshot(snapshot)
    return True


# --- Autosave: helpers for the roster editor's hook (wired in by views/state.py) -------


def autosave(
    roster: Roster,
    away: list[str],
    team: str,
    tables: dict[str, list[dict[str, Cell]]] | None = None,
) -> str | None:
    """Keep this tab's working copy in its draft when it changed; returns the draft id.

    Cheap when nothing changed (one comparison, no database call). The id is what the
    address bar should carry (``?draft=<id>``) so that a reload or a new session after a
    server restart can offer the draft back with :func:`reopen_draft`. ``tables`` are the
    rows as typed (problems included), kept beside the roster.
    """
    db = store()
    if db is None:
        return None
    draft_id, last = st.session_state.get(DRAFT_KEY, (None, None))
    state = (roster, tuple(away), team, None if tables is None else tables_json(tables))
    if draft_id and last == state:
        return str(draft_id)
    return _save_draft(db, draft_id, state, roster, away, team, tables)


def _save_draft(
    db: Store,
    draft_id: str | None,
    state: object,
    roster: Roster,
    away: list[str],
    team: str,
    tables: dict[str, list[dict[str, Cell]]] | None,
) -> str | None:
    opened = current()
    try:
        draft_id = services.save_draft(
            db,
            roster,
            away,
            draft_id=draft_id,
            team=team,
            label=workspace().label,
            scenario_id=opened.id if opened else None,
            base_version=opened.version if opened else None,
            tables=tables,
        )
    except StoreError as error:
        fail(error)
        return None
    st.session_state[DRAFT_KEY] = (draft_id, state)
    return str(draft_id)


def reopen_draft(draft_id: str) -> bool:
    """Put a saved draft back into this tab (roster, who is away, team, its scenario)."""
    db = store()
    if db is None:
        return False
    try:
        draft = services.latest_draft(db, draft_id)
    except StoreError as error:
        fail(error)
        return False
    if draft is None:
        return False
    remember_for_undo()
    replace_roster(draft.roster, label=draft.label or "Draft")
    ws = workspace()
    if draft.tables is not None:  # the rows as typed: those with problems come back too
        with_typed_rows(ws, draft.tables)
    names = {person.name for person in draft.roster.people}
    ws.away = [name for name in draft.away if name in names]
    if draft.team in ws.settings:
        set_team(draft.team)
    if draft.scenario is not None:
        saved = draft.scenario
        try:  # the draft's scenario version is scored with its saved rules again
            version = services.open_scenario(db, saved.name, saved.version)
            keep_rules(ws.label, version.rules_toml, version.created_at)
        except StoreError:
            pass  # renamed or gone since: today's rules
        remember(saved.id, saved.name, saved.version, True, saved.view_token, saved.edit_token)
    st.session_state[DRAFT_KEY] = (draft.id, None)
    return True


OFFER_KEY = "draft_offer_answered"  # the draft id whose offer this session answered


def offer_draft() -> bool:
    """A session opened with ``?draft=<id>`` it did not write (a reload, a closed tab
    reopened, or a tab after a server restart) offers that work back. True while the
    offer waits for an answer: until then nothing is autosaved over it."""
    wanted = st.query_params.get(DRAFT_PARAM)
    mine = st.session_state.get(DRAFT_KEY, (None, None))[0]
    if not wanted or wanted == mine or st.session_state.get(OFFER_KEY) == wanted:
        return False
    db = store()
    if db is None:
        return False
    try:
        draft = services.latest_draft(db, wanted)
    except StoreError as error:
        fail(error)
        return False
    if draft is None:
        st.session_state[OFFER_KEY] = wanted
        return False
    when = draft.updated_at.strftime("%Y-%m-%d %H:%M UTC")
    people = len(draft.roster.people)
    with st.container(border=True):
        st.info(
            f"This tab's earlier work is saved: {plain(draft.label or 'a roster')}, "
            f"{people} {'person' if people == 1 else 'people'}, last changed {when}. "
            "Continue where you left off?"
        )
        keep, drop = st.columns(2)
        if keep.button("Continue where I left off", key="draft-continue", type="primary"):
            reopen_draft(wanted)
            st.session_state[OFFER_KEY] = wanted
            st.rerun()
        if drop.button("Start again from the example", key="draft-dismiss"):
            st.session_state[OFFER_KEY] = wanted
            st.query_params.pop(DRAFT_PARAM, None)
            st.rerun()
    return True


def keep_working_copy(parsed: ParsedWorkspace | None = None) -> None:
    """Autosave after every run: the tab's work into its draft, the draft in the URL.

    The draft keeps the rows as typed, rows with problems included, and the roster they
    make. A rerun that changed nothing costs one serialisation and one comparison: no
    parse, no database call.
    """
    ws = workspace()
    team = current_team(ws)
    rows = typed_rows(ws)
    state = (tables_json(rows), tuple(ws.settings.values()), tuple(ws.away), team, ws.label)
    draft_id, last = st.session_state.get(DRAFT_KEY, (None, None))
    if not (draft_id and last == state):
        db = store()
        if db is None:
            return
        parsed = parsed or parsed_workspace(ws)
        # A large roster's draft holds every team, not only the one open (teambuilder.large);
        # its typed rows are the open team's alone, so such a draft reopens from the roster.
        roster = whole_roster(ws, parsed.roster)
        known = {person.name for person in roster.people}
        away = [name for name in ws.away if name in known]
        typed = rows if ws.whole is None else None
        draft_id = _save_draft(db, draft_id, state, roster, away, team, typed)
    if draft_id and st.query_params.get(DRAFT_PARAM) != draft_id:
        st.query_params[DRAFT_PARAM] = draft_id
