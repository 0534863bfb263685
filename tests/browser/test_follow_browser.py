"""The projector served by another server: the follow channel is a database row.

Server 1 (the session's ``app_url``) serves the facilitator's laptop; a second
``streamlit run app.py`` on another port, on the same SQLite file, serves the projector.
The projector follows a step taken on the laptop within 2 s.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ARTIFACTS, serving
from tests.browser.test_present_browser import link, open_view
from tests.servers import StreamlitServer, free_port

pytestmark = pytest.mark.browser
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STEP = "() => document.querySelector('.st-key-present-step')?.innerText.includes('Warning 2 of')"


@pytest.fixture(scope="module")
def second_server(app_url: str) -> Iterator[str]:
    """Another app server on the same database as ``app_url`` (the session's SQLite file)."""
    database = os.environ["TEAMBUILDER_DATABASE_URL"]
    assert database.startswith("sqlite:///")  # the file tests/conftest.py gives every server
    with serving(StreamlitServer(free_port())) as url:
        yield url


def test_a_projector_on_a_second_server_follows_the_laptop_within_two_seconds(
    browser: Browser, app_url: str, second_server: str
):
    laptop = open_view(
        browser, link(app_url, "startup_hero.csv", "Loopwise", present=True), 1280, 720
    )
    projector: Page | None = None
    try:
        laptop.get_by_text("Show on a second screen").click()
        code = laptop.locator('[data-testid="stCode"]')
        expect(code).to_contain_text("follow=")
        follow = code.inner_text().strip()
        assert follow.startswith(app_url)
        projector = open_view(browser, second_server + follow[len(app_url) :], 1920, 1080)
        expect(projector.locator(".st-key-present-step")).to_contain_text("Warning 1 of")
        expect(projector.get_by_text("follows the facilitator's laptop")).to_be_visible()

        laptop.get_by_role("button", name="Next").click()
        laptop.wait_for_function(STEP)

        projector.wait_for_function(STEP, timeout=2_000)  # from the moment the laptop shows it
        projector.locator(IDLE).wait_for()
        projector.screenshot(path=str(ARTIFACTS / "present-follower-second-server-1920x1080.png"))
    finally:
        laptop.context.close()
        if projector is not None:
            projector.context.close()
