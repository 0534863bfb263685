"""Closed tabs give their memory back: bounded caches, and expired sessions really dropped."""

from __future__ import annotations

import ast
import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from views.sessions import drop_expired_sessions, start_session_reaper

ROOT = Path(__file__).resolve().parent.parent
# One object per server process, never one per input: an expiry would only reset them (the
# join limiter's count of wrong codes) or reopen the database.
SINGLETONS = {("views/storage.py", "_store"), ("views/join.py", "join_limiter")}


def cache_decorators() -> list[tuple[str, str, set[str]]]:
    found = []
    for path in sorted((ROOT / "views").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                call = decorator if isinstance(decorator, ast.Call) else None
                target = call.func if call else decorator
                if isinstance(target, ast.Attribute) and target.attr.startswith("cache_"):
                    keywords = {k.arg for k in call.keywords if k.arg} if call else set()
                    found.append((str(path.relative_to(ROOT)), node.name, keywords))
    return found


def test_every_cache_in_the_views_is_bounded_in_count_and_age() -> None:
    caches = cache_decorators()
    assert len(caches) >= 10  # the scan finds the caches (bare @st.cache_data included)
    for path, name, keywords in caches:
        assert "max_entries" in keywords, f"{path}: {name} has no max_entries"
        if (path, name) not in SINGLETONS:
            assert "ttl" in keywords, f"{path}: {name} has no ttl"


class Tab:
    """The websocket end of a session (what a browser tab is to Streamlit)."""

    def write_forward_msg(self, msg: object) -> None:
        pass


def test_a_closed_session_past_its_ttl_is_shut_down_and_its_upload_released() -> None:
    # A session lives on the server's event loop: run one of its own in a thread of its
    # own, since an earlier test (the browser tests' Playwright) may leave this thread's
    # loop running.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(closed_session_past_its_ttl())).result()


async def closed_session_past_its_ttl() -> None:
    uploads = MemoryUploadedFileManager("/_stcore/upload_file")
    # TTL 0: the session is expired as soon as it is stored, so no waiting.
    manager = WebsocketSessionManager(
        session_storage=MemorySessionStorage(ttl_seconds=0),
        uploaded_file_manager=uploads,
        script_cache=ScriptCache(),
        message_enqueued_callback=None,
    )
    session_id = manager.connect_session(
        Tab(), ScriptData(str(ROOT / "app.py"), is_hello=False), user_info={}
    )
    uploads.add_file(session_id, UploadedFileRec("f1", "roster.csv", "text/csv", b"name\n" * 1000))
    session = manager.get_active_session_info(session_id).session  # type: ignore[union-attr]
    session.session_state["roster"] = "10,000 rows"
    manager.disconnect_session(session_id)
    stored = manager._session_storage._cache  # type: ignore[attr-defined]
    # What Streamlit does by itself: the expired session is hidden but still held, and its
    # upload kept (it is dropped on the next write, and never shut down).
    assert manager.get_session_info(session_id) is None
    assert len(stored._data) == 1
    assert uploads.get_files(session_id, ["f1"])
    assert "roster" in session.session_state

    assert drop_expired_sessions(manager) == 1

    assert len(stored._data) == 0
    assert uploads.get_files(session_id, ["f1"]) == []
    assert "roster" not in session.session_state
    assert drop_expired_sessions(manager) == 0


def test_without_a_running_server_there_is_nothing_to_drop_and_no_reaper() -> None:
    assert drop_expired_sessions() is None
    assert start_session_reaper() is False
