"""Autosave in a real browser: edit, kill the server (SIGKILL), restart it, continue.

One Streamlit server on a loopback port with its own SQLite file. The user edits three
cells (one of them a bad FTE); the server is killed without warning and started again
on the same port and database. The tab that stayed open reconnects and offers the draft
named in its address bar; so does a reload. Continuing brings back every edit, the bad
cell with its problem message too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from teambuilder import services
from teambuilder.store import open_store
from tests.browser.conftest import (
    FIRST_LOAD_TIMEOUT_MS,
    _failure_screenshot,
    fail_if_it_does_not_start,
)
from tests.browser.test_browser import (
    click_index_cell,
    position_hover,
    rerun_after,
    select_cell,
    type_into_cell,
    wait_for_position_hover,
)
from tests.servers import StreamlitServer, free_port

pytestmark = pytest.mark.browser
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
OFFER = "Continue where you left off?"
PROBLEM = "FTE is empty"
TIMEOUT_MS = 60_000


class Server(StreamlitServer):
    """The app on its own SQLite file; ``kill()`` then ``start()`` restarts it on that port."""

    def __init__(self, port: int, database_url: str) -> None:
        super().__init__(port, env={**os.environ, "TEAMBUILDER_DATABASE_URL": database_url})
        self.database_url = database_url

    def start(self) -> None:
        with fail_if_it_does_not_start():
            super().start()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(free_port(), f"sqlite:///{tmp_path / 'restart.sqlite3'}")
    try:
        running.start()
        yield running
    finally:
        running.stop()


def draft_rows(server: Server, page: Page) -> list[dict[str, object]]:
    draft_id = page.url.split("draft=")[1].split("&")[0]
    store = open_store(server.database_url)
    try:
        draft = services.latest_draft(store, draft_id)
    finally:
        store.close()
    assert draft is not None and draft.tables is not None
    return list(draft.tables["Loopwise"])


def edit(page: Page, row: int, column: str, value: str) -> None:
    select_cell(page, row, column)
    type_into_cell(page, value)
    rerun_after(page, lambda: page.keyboard.press("Enter"))


def test_a_killed_server_loses_no_edit_with_or_without_a_reload(
    browser: Browser, server: Server, request: pytest.FixtureRequest
):
    context = browser.new_context(viewport={"width": 1280, "height": 2000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(server.url, timeout=FIRST_LOAD_TIMEOUT_MS)
        page.locator(".js-plotly-plot").first.wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
        page.wait_for_url("**draft=**")
        edit(page, 2, "platform_engineer", "0.5")  # Tom Becker joins the platform seat
        edit(page, 3, "name", "Lina Restored")
        # A new person, name only: the grid keeps FTE within 0.05-1, so a bad FTE typed
        # here is an empty one, and the row is left off the pitch until it has one.
        rerun_after(page, lambda: click_index_cell(page, 5))
        edit(page, 5, "name", "Nova Draft")
        expect(page.locator('[data-testid="stAlert"]').filter(has_text=PROBLEM)).to_contain_text(
            "Row 6 (Nova Draft)"
        )
        saved = draft_rows(server, page)
        assert saved[2]["platform_engineer"] == 0.5
        assert saved[3]["name"] == "Lina Restored"
        assert (saved[5]["name"], saved[5]["fte"]) == ("Nova Draft", None)

        server.kill()
        server.start()  # the same port, the same database

        # The tab stayed open: it reconnects to a new, empty session and offers the draft.
        # The new process's first run imports everything: allow it a first page's time.
        expect(page.get_by_text(OFFER)).to_be_visible(timeout=FIRST_LOAD_TIMEOUT_MS)
        page.reload()
        expect(page.get_by_text(OFFER)).to_be_visible()
        page.get_by_role("button", name="Continue where I left off").click()
        expect(page.get_by_text(OFFER)).to_have_count(0)
        wait_for_position_hover(page, "platform_engineer", "Tom Becker (0.5 FTE)", present=True)
        problems = page.locator('[data-testid="stAlert"]').filter(has_text=PROBLEM)
        expect(problems).to_contain_text("Row 6 (Nova Draft)")
        page.locator(IDLE).wait_for()
        assert "Lina Restored" in position_hover(page, "data_scientist")
        assert "Lina Park" not in position_hover(page, "data_scientist")
        assert draft_rows(server, page)[5]["name"] == "Nova Draft"
    except Exception:
        _failure_screenshot(page, request.node.name)
        raise
    finally:
        context.close()
