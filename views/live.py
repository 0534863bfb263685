"""A second screen that follows the facilitator: the projector shows what the laptop edits.

The facilitator's session publishes its roster, team, absences and presentation step to
a channel with an unguessable id; a tab opened with ``?view=present&follow=<id>`` polls
that channel twice a second and redraws when it changes (within 2 s of an edit).

The channel is a row of the database (table ``follow_channels``, migration 0005), written
and read through :mod:`teambuilder.services` with the tab's store (views/storage.py). So
any server behind the proxy, or one restarted meanwhile, can serve the follower. Publishing
is cheap: a rerun that changes nothing compares with this session's last publish and does
no database call; the follower's poll reads one column of one row by its primary key. A
channel not written for 12 hours is deleted when new channels are made. If the database is
unavailable the laptop keeps working (the page says saving is off) and the follower says so.
"""

from __future__ import annotations

import secrets

import streamlit as st

from teambuilder import services
from teambuilder.models import Roster
from teambuilder.services import FollowChannel
from teambuilder.store import Store, StoreError
from views import storage
from views.state import away_in, current_team, parsed_workspace, workspace

CHANNEL_KEY = "follow_channel"
STEP_KEY = "present_step"
PUBLISHED_KEY = "follow_channel_published"  # (channel, state) of this session's last publish
POLL_SECONDS = 0.5  # a version read by primary key: well under 1 ms a poll

Published = FollowChannel  # the name earlier code used


class Unavailable(Exception):
    """The database holding the channels cannot be used now (the reason, in words)."""


def channel() -> str:
    """This session's channel id, made on first use: from then on the session publishes."""
    if CHANNEL_KEY not in st.session_state:
        st.session_state[CHANNEL_KEY] = secrets.token_urlsafe(16)
    found: str = st.session_state[CHANNEL_KEY]
    return found


def publish() -> None:
    """Publish what this session shows, if it has a channel (called on every run).

    Nothing is written when nothing changed since this session's last publish; a database
    that is down is noted for the pages (saving is unavailable) and tried again later.
    """
    name = st.session_state.get(CHANNEL_KEY)
    if not name:
        return
    ws = workspace()
    parsed = parsed_workspace(ws)
    step = int(st.session_state.get(STEP_KEY, 0))
    state = (parsed.roster, current_team(ws), tuple(away_in(ws, parsed)), step)
    if st.session_state.get(PUBLISHED_KEY) == (name, state):
        return
    db = storage.store()
    if db is None:
        return
    try:
        services.publish_channel(db, name, *state)
    except StoreError as error:
        storage.fail(error)
        return
    st.session_state[PUBLISHED_KEY] = (name, state)


def problem() -> str | None:
    """Why the database (and so the channel) cannot be used now, or None."""
    return storage.problem()


def _store() -> Store:
    db = storage.store()
    if db is None:
        raise Unavailable(storage.problem() or "the database cannot be reached")
    return db


def read(channel_id: str) -> FollowChannel | None:
    """What the channel last published, None if there is no such channel.

    Raises :class:`Unavailable` when the database cannot be used now.
    """
    try:
        return services.read_channel(_store(), channel_id)
    except StoreError as error:
        storage.fail(error)
        raise Unavailable(str(error)) from None


def roster_of(published: FollowChannel) -> Roster:
    return published.roster


def watch(channel_id: str, seen: int | None) -> None:
    """Rerun the page when the channel's version is not ``seen`` (polled twice a second).

    ``seen`` None: the channel could not be read; the page reruns once it can be.
    """

    @st.fragment(run_every=POLL_SECONDS)
    def poll() -> None:
        db = storage.store()
        if db is None:
            return  # still unavailable: views/storage.py tries again after a while
        try:
            found = services.channel_version(db, channel_id)
        except StoreError as error:
            storage.fail(error)
            return
        if found is not None and found != seen:
            st.rerun(scope="app")

    poll()
