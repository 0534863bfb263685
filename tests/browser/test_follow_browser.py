"""The projector served by another server: the follow channel is a database row.

Server 1 (the session's ``app_url``) serves the facilitator's laptop; a second
``streamlit run app.py`` on another port, on the same SQLite file, serves the projector.
The projector follows a step taken on the laptop within 2 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    ARTIFACTS,
    ROOT,
    SERVER_START_TIMEOUT,
    _free_port,
    _healthy,
    _stop,
)
from tests.browser.test_present_browser import link, open_view

pytestmark = pytest.mark.browser
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STEP = "() => document.querySelector('.st-key-present-step')?.innerText.includes('Warning 2 of')"


@pytest.fixture(scope="module")
def second_server(app_url: str) -> Iterator[str]:
    """Another app server on the same database as ``app_url`` (the session's SQLite file)."""
    database = os.environ["TEAMBUILDER_DATABASE_URL"]
    assert database.startswith("sqlite:///")  # the file tests/conftest.py gives every server
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + SERVER_START_TIMEOUT
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    pytest.fail(f"The second server did not start:\n{output}", pytrace=False)
                time.sleep(0.2)
            yield url
        finally:
            _stop(proc)


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
