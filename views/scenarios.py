"""Scenarios: save the roster under a name, list, open, rename, branch, delete, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st

from teambuilder import services
from teambuilder.large import whole_roster
from teambuilder.services import MAX_NAME_LENGTH, ScenarioSummary
from teambuilder.store import StaleVersion, Store, StoreError, StoreUnavailable
from teambuilder.wording import counted
from views.common import plain
from views.state import evaluate, scoring_rules, workspace
from views.storage import (
    LINK_PARAM,
    current,
    fail,
    link_query,
    load_snapshot,
    remember,
    show_unavailable,
    store,
)

STALE_KEY = "scenario_stale"
DELETED_KEY = "scenario_last_deleted"
NOTICE_KEY = "scenario_notice"
SCENARIOS_URL_PATH = "scenarios"


def notice(text: str) -> None:
    st.session_state[NOTICE_KEY] = text


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def health_text(scenario: ScenarioSummary) -> str:
    return ", ".join(
        f"{team}: {summary.health}/100, bus factor {summary.bus_factor}"
        for team, summary in scenario.teams.items()
    )


def _save(db: Store, name: str, base: int | None, note: str, new: bool = False) -> None:
    parsed, _ = evaluate(workspace())
    roster = whole_roster(workspace(), parsed.roster)  # a large roster: every team
    away = [n for n in workspace().away if n in {p.name for p in roster.people}]
    saved = services.save_scenario(
        db,
        name,
        roster,
        away=away,
        base_version=base,
        note=note,
        new=new,
        rules_toml=scoring_rules(workspace()),  # the rules it is scored with (None: today's)
    )
    remember(saved.id, saved.name, saved.version, True, saved.view_token, saved.edit_token)
    st.session_state.pop(STALE_KEY, None)
    address_bar()
    problems = len(parsed.problems)
    left_off = f" ({counted(problems, 'row problem')} left out)" if problems else ""
    notice(f"Saved '{saved.name}' as version {saved.version}{left_off}.")


def address_bar() -> None:
    """Put the opened scenario's link in the address bar, so a reload reopens it."""
    opened = current()
    if opened:
        st.query_params.update(link_query(opened))


def go_to_formation() -> None:
    opened = current()
    st.switch_page("views/formation.py", query_params=link_query(opened) if opened else None)


def attempt(db: Store, action: str, run: Callable[[], object]) -> bool:
    """Run a use case; say what went wrong in words. True if it worked."""
    try:
        run()
    except StaleVersion as stale:
        st.session_state[STALE_KEY] = stale
        st.rerun()  # the refusal and its two ways out are shown at the top of the page
    except StoreUnavailable as error:
        fail(error)
        st.error(f"{action} did not work: {plain(str(error))}.")
        return False
    except StoreError as error:
        st.error(f"{action} did not work: {plain(str(error))}.")
        return False
    return True


def stale_section(db: Store) -> None:
    stale: StaleVersion | None = st.session_state.get(STALE_KEY)
    if stale is None:
        return
    with st.container(border=True):
        st.error(f"Not saved: {plain(str(stale))}")
        branch, reload = st.columns(2)
        with branch:
            name = st.text_input(
                "Name of the new branch",
                value=f"{stale.name} (branch)"[:MAX_NAME_LENGTH],
                max_chars=MAX_NAME_LENGTH,
                key="stale-branch-name",
            )
            if st.button("Save as a new branch", type="primary", key="stale-branch") and attempt(
                db, "Saving", lambda: _save(db, name, None, "Branch of a stale save", new=True)
            ):
                st.rerun()
        with reload:
            st.caption(
                f"Opens version {stale.latest} of '{plain(stale.name)}' in this tab; the edits "
                "made here since are replaced (Undo on Files and sharing brings them back)."
            )
            if st.button("Reload the latest version", key="stale-reload") and attempt(
                db,
                "Reloading",
                lambda: load_snapshot(services.open_scenario(db, stale.name)),
            ):
                st.session_state.pop(STALE_KEY, None)
                notice(f"Opened the latest version of '{stale.name}'.")
                address_bar()
                st.rerun()


def save_section(db: Store) -> None:
    st.subheader("Save the roster in this tab")
    opened = current()
    note = st.text_input("Note for this version (optional)", key="save-note", max_chars=500)
    if opened and opened.can_edit:
        st.caption(f"Opened from '{plain(opened.name)}', version {opened.version}.")
        if st.button(
            f"Save as version {opened.version + 1} of this scenario",
            type="primary",
            key="save-next",
        ) and attempt(db, "Saving", lambda: _save(db, opened.name, opened.version, note)):
            st.rerun()
    elif opened:
        st.caption(
            f"Opened from a view-only link of '{plain(opened.name)}': save it under a new name."
        )
    name = st.text_input(
        "Save as a new scenario named",
        max_chars=MAX_NAME_LENGTH,
        key="save-name",
        placeholder="e.g. Hire a second MLOps engineer",
    )
    if st.button("Save as a new scenario", key="save-new") and attempt(
        db, "Saving", lambda: _save(db, name, None, note, new=True)
    ):
        st.rerun()


def table(found: list[ScenarioSummary]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Scenario": [s.name for s in found],
            "Version": [s.version for s in found],
            "Last change": [when(s.updated_at) for s in found],
            "Health per team": [health_text(s) for s in found],
            "Branched from": [
                f"{s.branched_from} v{s.branched_from_version}" if s.branched_from else ""
                for s in found
            ],
        }
    )


def links(scenario: ScenarioSummary) -> None:
    here = str(st.context.url or "").split("?")[0]
    base = here.removesuffix("/" + SCENARIOS_URL_PATH).rstrip("/")
    st.caption("View-only link (opens this scenario; saving needs a new name):")
    st.code(f"{base}/?{LINK_PARAM}={scenario.view_token}", language=None, wrap_lines=True)
    st.caption("Edit link (whoever has it can save new versions):")
    st.code(f"{base}/?{LINK_PARAM}={scenario.edit_token}", language=None, wrap_lines=True)


def history_section(db: Store, scenario: ScenarioSummary) -> None:
    versions = services.history(db, scenario.name)
    st.dataframe(
        pd.DataFrame(
            {
                "Version": [v.number for v in versions],
                "Saved": [when(v.created_at) for v in versions],
                "Note": [v.note for v in versions],
                "Health per team": [
                    ", ".join(f"{t}: {s.health}/100" for t, s in v.teams.items()) for v in versions
                ],
                "Away": [", ".join(v.away) for v in versions],
            }
        ),
        hide_index=True,
        width="stretch",
        key=f"history-{scenario.id}",
    )
    numbers = [v.number for v in versions]
    number = st.selectbox(
        "Version", numbers, key=f"version-pick-{scenario.id}", format_func=lambda n: f"version {n}"
    )
    open_column, restore_column, branch_column = st.columns(3)
    with open_column:
        if st.button("Open this version", key=f"open-version-{scenario.id}") and attempt(
            db,
            "Opening",
            lambda: load_snapshot(services.open_scenario(db, scenario.name, number)),
        ):
            go_to_formation()
    with restore_column:
        disabled = number == scenario.version
        if st.button(
            "Restore as the latest version",
            key=f"restore-{scenario.id}",
            disabled=disabled,
            help="Saves a copy of this version as a new version; nothing is lost.",
        ) and attempt(
            db,
            "Restoring",
            lambda: services.restore_version(
                db, scenario.name, number, base_version=scenario.version
            ),
        ):
            notice(f"Version {number} of '{scenario.name}' is the latest again.")
            st.rerun()
    with branch_column:
        new_name = st.text_input(
            "Branch name",
            value=f"{scenario.name} (copy of v{number})"[:MAX_NAME_LENGTH],
            max_chars=MAX_NAME_LENGTH,
            key=f"branch-name-{scenario.id}",
        )
        if st.button("Duplicate this version", key=f"branch-{scenario.id}") and attempt(
            db,
            "Duplicating",
            lambda: services.duplicate_scenario(db, scenario.name, new_name, number),
        ):
            notice(f"'{new_name.strip()}' branched from '{scenario.name}' version {number}.")
            st.rerun()


def delete(db: Store, name: str) -> None:
    st.session_state[DELETED_KEY] = (services.delete_scenario(db, name), name)


def manage_section(db: Store, scenario: ScenarioSummary) -> None:
    with st.container(border=True):
        st.text(f"{scenario.name} · version {scenario.version} · {when(scenario.updated_at)}")
        st.caption(plain(health_text(scenario)) or "No team")
        if st.button(
            "Open the latest version", type="primary", key=f"open-{scenario.id}"
        ) and attempt(
            db, "Opening", lambda: load_snapshot(services.open_scenario(db, scenario.name))
        ):
            go_to_formation()
        rename_column, delete_column = st.columns(2)
        with rename_column:
            new_name = st.text_input(
                "Rename to",
                value=scenario.name,
                max_chars=MAX_NAME_LENGTH,
                key=f"rename-{scenario.id}",
            )
            if st.button("Rename", key=f"rename-go-{scenario.id}") and attempt(
                db, "Renaming", lambda: services.rename_scenario(db, scenario.name, new_name)
            ):
                opened = current()
                if opened and opened.id == scenario.id:
                    remember(
                        opened.id,
                        new_name.strip(),
                        opened.version,
                        opened.can_edit,
                        opened.view_token,
                        opened.edit_token,
                    )
                notice(f"Renamed to '{new_name.strip()}'.")
                st.rerun()
        with delete_column:
            st.caption(
                "A deleted scenario keeps its versions: Undo, or Deleted scenarios on "
                "this page, brings it back."
            )
            if st.button("Delete this scenario", key=f"delete-{scenario.id}") and attempt(
                db, "Deleting", lambda: delete(db, scenario.name)
            ):
                st.rerun()
        with st.expander("History, restore and duplicate"):
            history_section(db, scenario)
        with st.expander("Links to this scenario"):
            links(scenario)


def deleted_section(db: Store) -> None:
    last = st.session_state.get(DELETED_KEY)
    if last:
        scenario_id, name = last
        left, right = st.columns([3, 1])
        left.info(f"Deleted '{plain(name)}'.")
        if right.button("Undo delete", key="undo-delete") and attempt(
            db, "Undo", lambda: services.undo_delete(db, scenario_id)
        ):
            st.session_state.pop(DELETED_KEY, None)
            notice(f"'{name}' is back.")
            st.rerun()
    gone = services.deleted_scenarios(db)
    if gone:
        with st.expander(f"Deleted scenarios ({len(gone)})"):
            pick = st.selectbox(
                "Deleted scenario", gone, format_func=lambda s: s.name, key="deleted-pick"
            )
            if st.button("Bring it back", key="undelete") and attempt(
                db, "Bringing it back", lambda: services.undo_delete(db, pick.id)
            ):
                notice(f"'{pick.name}' is back.")
                st.rerun()


def list_section(db: Store) -> None:
    st.subheader("Saved scenarios")
    found = services.list_scenarios(db)
    deleted_section(db)
    if not found:
        st.caption("No scenario saved yet.")
        return
    search = st.text_input("Find by name", key="scenario-search")
    shown = [s for s in found if search.casefold() in s.name.casefold()] if search else found
    st.dataframe(table(shown), hide_index=True, width="stretch", key="scenario-table")
    if not shown:
        return
    pick = st.selectbox("Scenario", shown, format_func=lambda s: s.name, key="scenario-pick")
    manage_section(db, pick)


st.title("Scenarios")
st.caption(
    "Save the roster under a name and come back to it. Every save adds a version; nothing "
    "is overwritten. Compare any two on the Compare page."
)
if message := st.session_state.pop(NOTICE_KEY, None):
    st.success(plain(message))
db = store()
if db is None:
    show_unavailable("scenarios")
else:
    try:
        stale_section(db)
        save_section(db)
        list_section(db)
    except StoreUnavailable as error:
        fail(error)
        show_unavailable("scenarios-late")
