"""A roster too large to edit at once: the note, and the picker that opens another team."""

from __future__ import annotations

import streamlit as st

from teambuilder.large import EDIT_LIMIT_PEOPLE, switch_team
from teambuilder.workspace import Workspace, parse_workspace
from views.common import plain
from views.state import WORKSPACE_KEY, remember_for_undo, set_team

NOTE = (
    "This roster has {people:,} people in {teams:,} teams, more than the {limit:,} the app "
    "edits at once, so one team is open at a time: pick another under Team. The pages show "
    "the open team; its edits are kept when you switch. Files and sharing downloads every "
    "team."
)


def note(ws: Workspace) -> str | None:
    if ws.whole is None:
        return None
    return NOTE.format(
        people=ws.whole.people, teams=len(ws.whole.team_names), limit=EDIT_LIMIT_PEOPLE
    )


def team_picker(ws: Workspace) -> bool:
    """The sidebar's team picker over every team of a large roster; False if not large."""
    if ws.whole is None:
        return False
    st.info(plain(note(ws) or ""))
    names = ws.whole.team_names
    open_name = ws.team_names[0]
    index = names.index(ws.whole.open_team) if ws.whole.open_team in names else 0
    picked = st.selectbox("Team", names, index=index, key=f"large-team-pick-{ws.version}")
    if picked != ws.whole.open_team:
        if not show_team(ws, picked):
            st.error(
                f"Fix the rows of {plain(open_name)} listed under its table first: a row "
                "with a problem cannot be kept while another team opens."
            )
            return True
        st.rerun()
    return True


def show_team(ws: Workspace, name: str) -> bool:
    """Show team ``name`` from now on: picked, or opened if the roster is large.

    False (and nothing changes) when the open team has rows with problems, which could
    not be folded back into the whole roster.
    """
    if ws.whole is None or name == ws.whole.open_team:
        set_team(name if name in ws.settings else ws.team_names[0])
        return True
    parsed = parse_workspace(ws)
    if parsed.problems:
        return False
    remember_for_undo(f"the team {name} opened")
    fresh = switch_team(ws, parsed.roster, name)
    fresh.version = ws.version + 1
    st.session_state[WORKSPACE_KEY] = fresh
    set_team(fresh.team_names[0])
    return True
