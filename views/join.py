"""Join a workshop from a phone: say who covers each position, and how true each warning is.

Made for a 390 px wide screen: one column, one question per row. Nothing here can change
the roster; a participant only adds or replaces their own answers.
"""

from __future__ import annotations

import secrets

import streamlit as st

from teambuilder.catalogue import catalogue, workshop_guide
from teambuilder.store import Store, StoreError
from teambuilder.workshop.codes import JOIN_PARAM, JoinRateLimiter
from teambuilder.workshop.models import NOBODY
from teambuilder.workshop.votes import VoteError
from teambuilder.workshop_services import (
    Ballot,
    JoinRefused,
    ballot,
    join_workshop,
    vote_agreement,
    vote_coverage,
)
from views.common import plain
from views.storage import store

ME_PARAM = "me"
CLIENT_KEY = "join_client"
NOT_SAID = "Choose…"


@st.cache_resource(max_entries=1, show_spinner=False)
def join_limiter() -> JoinRateLimiter:
    """One counter of wrong codes for the whole server process."""
    return JoinRateLimiter(workshop_guide().limits)


def client_key() -> str:
    """This browser tab, for the rate limit (a new tab is a new client, the server-wide
    limit catches floods from many)."""
    if CLIENT_KEY not in st.session_state:
        st.session_state[CLIENT_KEY] = secrets.token_urlsafe(12)
    return str(st.session_state[CLIENT_KEY])


def join_form(db: Store) -> None:
    st.title("Join the workshop")
    limits = workshop_guide().limits
    with st.form("join"):
        code = st.text_input(
            "Join code",
            value=st.query_params.get(JOIN_PARAM, ""),
            max_chars=limits.join_code_length + 4,
            placeholder="e.g. ACK 37X",
        )
        name = st.text_input(
            "Your name (optional: leave it empty to take part anonymously)",
            max_chars=limits.participant_name_max_chars,
        )
        joined = st.form_submit_button("Join", type="primary", width="stretch")
    if not joined:
        return
    try:
        found = join_workshop(
            db, code, client=client_key(), limiter=join_limiter(), name=name or None
        )
    except JoinRefused as refused:
        st.error(plain(str(refused)))
        return
    except StoreError as error:
        st.error(f"Joining did not work: {plain(str(error))}.")
        return
    st.query_params[JOIN_PARAM] = found.code
    st.query_params[ME_PARAM] = found.participant_id
    st.rerun()


def save_position(db: Store, participant: str, position: str, key: str) -> None:
    choice = st.session_state.get(key)
    if choice in (None, NOT_SAID):
        return
    try:
        vote_coverage(db, participant, position, NOBODY if choice == "Nobody" else choice)
    except (StoreError, VoteError) as error:
        st.session_state["join_problem"] = str(error)


def save_agreement(
    db: Store, participant: str, warning: str, level_key: str, note_key: str
) -> None:
    labels = workshop_guide().limits.agreement_labels
    label = st.session_state.get(level_key)
    if label not in labels:
        return
    try:
        vote_agreement(
            db, participant, warning, labels.index(label) + 1, st.session_state.get(note_key, "")
        )
    except (StoreError, VoteError) as error:
        st.session_state["join_problem"] = str(error)


def ballot_page(db: Store, found: Ballot) -> None:
    cat = catalogue()
    labels = workshop_guide().limits.agreement_labels
    st.title(f"Workshop on {plain(found.team)}")
    who = f"You take part as {plain(found.name)}." if found.name else "You take part anonymously."
    st.caption(f"{who} Your answers are saved as you give them; change them at any time.")
    if problem := st.session_state.pop("join_problem", None):
        st.error(plain(problem))
    if not found.is_open:
        st.success("This workshop has ended. Thank you for taking part!")
        return

    st.subheader("Who covers each position today?")
    options = [NOT_SAID, *found.people, "Nobody"]
    for position in found.positions:
        key = f"pos-{position}"
        mine = found.my_positions.get(position)
        if key not in st.session_state and mine:
            st.session_state[key] = "Nobody" if mine == NOBODY else mine
        st.selectbox(
            cat.name_of(position),
            options,
            key=key,
            on_change=save_position,
            args=(db, found.participant_id, position, key),
        )

    if found.warnings:
        st.subheader("How much do you agree?")
    for warning, title, message in found.warnings:
        level_key, note_key = f"agree-{warning}", f"note-{warning}"
        mine_level, mine_note = found.my_agreement.get(warning, (0, ""))
        if level_key not in st.session_state and mine_level:
            st.session_state[level_key] = labels[mine_level - 1]
        if note_key not in st.session_state and mine_note:
            st.session_state[note_key] = mine_note
        with st.container(border=True):
            st.text(title)
            st.text(message)
            st.radio(
                "Your view",
                labels,
                index=None,
                key=level_key,
                on_change=save_agreement,
                args=(db, found.participant_id, warning, level_key, note_key),
            )
            st.text_input(
                "A short note (optional)",
                max_chars=workshop_guide().limits.note_max_chars,
                key=note_key,
                on_change=save_agreement,
                args=(db, found.participant_id, warning, level_key, note_key),
            )


db = store()
if db is None:
    st.title("Join the workshop")
    st.error("The workshop cannot be reached right now. Ask the facilitator, then reload.")
    st.stop()
participant = st.query_params.get(ME_PARAM)
if participant:
    try:
        current = ballot(db, participant)
    except StoreError as error:
        st.query_params.pop(ME_PARAM, None)
        st.warning(f"{plain(str(error))}.")
        join_form(db)
    else:
        ballot_page(db, current)
else:
    join_form(db)
