"""A second screen that follows the facilitator: the projector shows what the laptop edits.

The facilitator's session publishes its roster, team, absences and presentation step to
a channel with an unguessable id; a tab opened with ``?view=present&follow=<id>`` polls
that channel every second and redraws when it changes (within 2 s of an edit).

The channels live in this server process (a dictionary behind a lock): enough for one
server, lost on a restart, invisible to a second server. When scenarios are stored in
the database, a channel becomes a row there (the published state is already a plain
JSON roster plus three fields), so any process can serve the follower.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

import streamlit as st

from teambuilder.models import Roster
from views.state import away_in, current_team, parsed_workspace, workspace

CHANNEL_KEY = "follow_channel"
STEP_KEY = "present_step"
MAX_CHANNELS = 200  # the oldest go first beyond this
CHANNEL_SECONDS = 12 * 3600  # a channel not written for this long is forgotten
POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Published:
    roster_json: str
    team: str
    away: tuple[str, ...]
    step: int
    version: int
    updated: float


_lock = threading.Lock()
_channels: dict[str, Published] = {}


def _forget_old(now: float) -> None:
    for key in [k for k, v in _channels.items() if now - v.updated > CHANNEL_SECONDS]:
        del _channels[key]
    while len(_channels) > MAX_CHANNELS:
        oldest = min(_channels, key=lambda k: _channels[k].updated)
        del _channels[oldest]


def _write(channel: str, roster_json: str, team: str, away: tuple[str, ...], step: int) -> None:
    now = time.time()
    with _lock:
        before = _channels.get(channel)
        same = before is not None and (
            before.roster_json,
            before.team,
            before.away,
            before.step,
        ) == (
            roster_json,
            team,
            away,
            step,
        )
        version = (
            before.version if before is not None and same else (before.version + 1 if before else 1)
        )
        _channels[channel] = Published(roster_json, team, away, step, version, now)
        _forget_old(now)


def read(channel: str) -> Published | None:
    with _lock:
        return _channels.get(channel)


def channel() -> str:
    """This session's channel id, made on first use: from then on the session publishes."""
    if CHANNEL_KEY not in st.session_state:
        st.session_state[CHANNEL_KEY] = secrets.token_urlsafe(16)
    found: str = st.session_state[CHANNEL_KEY]
    return found


def publish() -> None:
    """Publish what this session shows, if it has a channel (called on every run)."""
    name = st.session_state.get(CHANNEL_KEY)
    if not name:
        return
    ws = workspace()
    parsed = parsed_workspace(ws)
    team = current_team(ws)
    away = tuple(away_in(ws, parsed))
    step = int(st.session_state.get(STEP_KEY, 0))
    _write(name, parsed.roster.model_dump_json(), team, away, step)


def roster_of(published: Published) -> Roster:
    return Roster.model_validate_json(published.roster_json)


def watch(channel_id: str, seen: int) -> None:
    """Rerun the page when the channel moves past version ``seen`` (polled every second)."""

    @st.fragment(run_every=POLL_SECONDS)
    def poll() -> None:
        found = read(channel_id)
        if found is not None and found.version != seen:
            st.rerun(scope="app")

    poll()
