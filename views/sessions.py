"""Give back the memory of closed tabs: drop Streamlit's expired sessions on time.

When a tab closes, Streamlit (1.67) keeps its session, with the session state (a parsed
roster, its report, the uploaded file), in a store for ``server.disconnectedSessionTTL``
seconds so that a tab which reconnects finds it again. Past that time the session is only
*marked* expired: the store drops it on its next write (the next tab that closes), and
even then it never shuts the session down, so the uploaded files the session kept stay in
Streamlit's upload manager for the life of the server. Measured with
benchmarks/bench_memory.py: three closed sessions of 10,000 rows were all still alive 80 s
after a 10 s TTL (about 0.1 M Python blocks and 6 DataFrames each).

``start_session_reaper`` starts one daemon thread per server process that, every
``REAP_SECONDS`` (or the TTL if shorter), drops the expired sessions under the session
manager's own lock and shuts each down the way Streamlit's ``close_session`` does
(uploads, media files and session caches released), then empties its session state. It
reaches into Streamlit's session manager: if a later Streamlit no longer has the parts it
uses, it logs that once and stops (tests/test_sessions.py fails first, so an upgrade says
so). With the default TTL of 120 s a closed tab's memory is free within 150 s.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

REAP_SECONDS = 30.0
# TEAMBUILDER_SESSION_REAP_SECONDS sets the period; 0 turns the reaper off (Streamlit's own
# behaviour, for benchmarks/bench_memory.py --keep).
REAP_VARIABLE = "TEAMBUILDER_SESSION_REAP_SECONDS"

_LOGGER = logging.getLogger(__name__)
_started = threading.Event()
_start_lock = threading.Lock()


def _session_store(manager: object) -> tuple[threading.Lock, Any] | None:
    """Streamlit's lock and expiring store of disconnected sessions, if this Streamlit has them."""
    lock = getattr(manager, "_storage_lock", None)
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    if lock is None or not callable(getattr(cache, "expire", None)):
        return None
    return lock, cache


def drop_expired_sessions(manager: object | None = None) -> int | None:
    """Drop and shut down the stored sessions past their TTL; how many, or None if unknown.

    ``manager`` is the server's session manager (by default the running server's).
    """
    if manager is None:
        from streamlit import runtime

        if not runtime.exists():
            return None
        manager = getattr(runtime.get_instance(), "_session_mgr", None)
    found = _session_store(manager)
    if found is None:
        return None
    lock, cache = found
    with lock:
        expired = cache.expire()
    for _session_id, info in expired:
        info.session.shutdown()  # what close_session does: uploads, media, caches released
        # The roster and its report go now, even if something of Streamlit's still points
        # at the session (its message loop keeps the last session it sent to, see README).
        info.session.session_state.clear()
    return len(expired)


def _reap_forever(period: float) -> None:
    while True:
        time.sleep(period)
        if drop_expired_sessions() is None:
            _LOGGER.warning(
                "This Streamlit keeps closed sessions in a way the reaper does not know; "
                "their memory is given back only when the next tab closes."
            )
            return


def start_session_reaper() -> bool:
    """Start the reaper once per process; True if this call started it."""
    from streamlit import config, runtime

    if not runtime.exists():  # AppTest, or a script run bare: no server, no sessions
        return False
    with _start_lock:
        if _started.is_set():
            return False
        _started.set()
    found = os.environ.get(REAP_VARIABLE, "")
    wanted = float(found) if found.replace(".", "", 1).isdigit() else REAP_SECONDS
    if wanted == 0:
        return False
    ttl = float(config.get_option("server.disconnectedSessionTTL"))
    period = max(1.0, min(wanted, ttl))
    threading.Thread(
        target=_reap_forever, args=(period,), name="session-reaper", daemon=True
    ).start()
    return True
