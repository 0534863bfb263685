"""The sidebar on every page: which team, its settings, and where the roster came from."""

from __future__ import annotations

import streamlit as st

from teambuilder.catalogue import catalogue
from teambuilder.models import TeamSettings
from teambuilder.validation import MAX_NAME_LENGTH
from teambuilder.workspace import rename_team, snapshot
from views.common import plain
from views.large import team_picker
from views.state import (
    current_team,
    history,
    redo,
    remember_for_undo,
    set_team,
    undo,
    workspace,
)

# The most weeks the model allows (TeamSettings.sponsor_update_weeks, le=...): a file or
# link may hold any of them, and a widget bound below its value fails every page.
MAX_SPONSOR_WEEKS = next(
    int(bound.le)
    for bound in TeamSettings.model_fields["sponsor_update_weeks"].metadata
    if getattr(bound, "le", None) is not None
)


def size_labels() -> dict[str, str]:
    """The size tier choices, with the head counts the catalogue gives each tier."""
    labels = {"auto": "Automatic (from head count)"}
    previous: int | None = None
    for tier in catalogue().tiers:
        if previous is None:
            counts = f"up to {tier.max_people} people"
        elif tier.max_people is None:
            counts = f"over {previous} people"
        else:
            counts = f"{previous + 1} to {tier.max_people} people"
        labels[tier.id] = f"{tier.id.capitalize()} ({counts})"
        previous = tier.max_people
    return labels


def _team_settings(settings: TeamSettings, version: int) -> TeamSettings:
    key = f"{settings.name}-{version}"
    labels = size_labels()
    size = st.selectbox(
        "Size tier",
        list(labels),
        index=list(labels).index(settings.size),
        format_func=labels.__getitem__,
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
        max_value=MAX_SPONSOR_WEEKS,
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


def _undo() -> None:
    described = history().undo[-1].description if history().undo else None
    undo()
    st.session_state["undo_note"] = f"Undone: {described}." if described else "Nothing to undo."


def _redo() -> None:
    described = history().redo[-1].description if history().redo else None
    redo()
    st.session_state["undo_note"] = f"Redone: {described}." if described else "Nothing to redo."


def undo_buttons() -> None:
    """Undo and redo of every change to the roster, from any page.

    Never disabled: a change made in an editor fragment does not redraw the sidebar, so
    the buttons read the history when clicked, and say what they did (or that there was
    nothing to do).
    """
    back, forward = st.columns(2)
    back.button("Undo", icon=":material/undo:", key="undo-step", on_click=_undo, width="stretch")
    forward.button("Redo", icon=":material/redo:", key="redo-step", on_click=_redo, width="stretch")
    note = st.session_state.pop("undo_note", None)
    if note:
        st.caption(plain(note))


def render_sidebar() -> None:
    ws = workspace()
    with st.sidebar:
        undo_buttons()
        st.caption(plain(ws.label or "Your roster"))
        team = current_team(ws)
        one_team_at_a_time = team_picker(ws)  # a large roster: every team, one open
        if len(ws.team_names) > 1 and not one_team_at_a_time:
            team = set_team(
                st.selectbox(
                    "Team",
                    ws.team_names,
                    index=ws.team_names.index(team),
                    key=f"team-pick-{ws.version}",
                )
            )
        new_name = st.text_input(
            "Team name",
            value=team,
            max_chars=MAX_NAME_LENGTH,
            key=f"team-name-{team}-{ws.version}",
        )
        if new_name != team:
            before = snapshot(ws)
            try:
                renamed = rename_team(ws, team, new_name)
            except ValueError as problem:
                st.error(plain(str(problem)))
            else:
                if renamed != team:
                    history().record(f"the team renamed to {renamed}", before, team)
                    set_team(renamed)
                    ws.version += 1
                    st.rerun()
        settings = _team_settings(ws.settings[team], ws.version)
        if settings != ws.settings[team]:
            remember_for_undo(f"a change to the settings of {team}")
            ws.settings[team] = settings
