"""The sidebar on every page: which team, its settings, and where the roster came from."""

from __future__ import annotations

import streamlit as st

from teambuilder.models import TeamSettings
from teambuilder.workspace import rename_team
from views.state import current_team, workspace

SIZE_LABELS = {
    "auto": "Automatic (from head count)",
    "small": "Small (up to 5 people)",
    "medium": "Medium (6 to 15 people)",
    "large": "Large (over 15 people)",
}


def _team_settings(settings: TeamSettings, version: int) -> TeamSettings:
    key = f"{settings.name}-{version}"
    size = st.selectbox(
        "Size tier",
        list(SIZE_LABELS),
        index=list(SIZE_LABELS).index(settings.size),
        format_func=SIZE_LABELS.__getitem__,
        key=f"size-{key}",
        help="Which positions a team must cover depends on its size. "
        "Automatic counts the people in the roster.",
    )
    mission_critical = st.toggle(
        "Mission-critical",
        value=settings.mission_critical,
        key=f"critical-{key}",
        help="If the business stops when this team's systems stop, single points of "
        "failure become critical.",
    )
    cadence = st.number_input(
        "Sponsor update every … weeks",
        min_value=1,
        max_value=52,
        value=settings.sponsor_update_weeks,
        step=1,
        placeholder="not known",
        key=f"cadence-{key}",
        help="How often the executive sponsor hears from the team. Leave empty if unknown.",
    )
    return settings.model_copy(
        update={
            "size": size,
            "mission_critical": mission_critical,
            "sponsor_update_weeks": int(cadence) if cadence is not None else None,
        }
    )


def render_sidebar() -> None:
    ws = workspace()
    with st.sidebar:
        st.caption(ws.label or "Your roster")
        team = current_team(ws)
        if len(ws.team_names) > 1:
            team = st.selectbox(
                "Team",
                ws.team_names,
                index=ws.team_names.index(team),
                key=f"team-pick-{ws.version}",
            )
            st.session_state["team"] = team
        new_name = st.text_input("Team name", value=team, key=f"team-name-{team}-{ws.version}")
        if new_name != team:
            problem = rename_team(ws, team, new_name)
            if problem:
                st.error(problem)
            else:
                st.session_state["team"] = new_name.strip()
                ws.version += 1
                st.rerun()
        ws.settings[team] = _team_settings(ws.settings[team], ws.version)
