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
        parsed = parse_workspace(ws)
        if parsed.problems:
            st.error(
                f"Fix the rows of {plain(open_name)} listed under its table first: a row "
                "with a problem cannot be kept while another team opens."
            )
            return True
        remember_for_undo(f"the team {picked} opened")
        fresh = switch_team(ws, parsed.roster, picked)
        fresh.version = ws.version + 1
        st.session_state[WORKSPACE_KEY] = fresh
        set_team(fresh.team_names[0])
        st.rerun()
    return True
