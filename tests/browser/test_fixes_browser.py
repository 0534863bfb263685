"""The Suggested fixes page in a real Chromium: suggest, read both formations, apply.

This module runs its own server so that a developer can pin its port
(``TEAMBUILDER_BROWSER_PORT``, e.g. one of the ports of their range); by default it takes
a free one, as the shared fixture does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ARTIFACTS, serving
from tests.browser.test_browser import assert_no_exception, idle, main_text
from tests.servers import StreamlitServer, free_port

pytestmark = pytest.mark.browser
PAGE_NAME = "Suggested fixes"
FIGURES_JS = "() => [...document.querySelectorAll('.js-plotly-plot')].map(e => e.data)"


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    port = int(os.environ.get("TEAMBUILDER_BROWSER_PORT", "0")) or free_port()
    with serving(StreamlitServer(port)) as url:
        yield url


def open_fixes(page: Page) -> None:
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name=PAGE_NAME, exact=True
    )
    link.click()
    page.locator('[data-testid="stMain"] h1', has_text="Suggested fixes").wait_for()
    idle(page)


def figures(page: Page) -> list[list[dict[str, Any]]]:
    found: list[list[dict[str, Any]]] = page.evaluate(FIGURES_JS)
    return found


def suggest(page: Page) -> None:
    page.get_by_role("button", name="Suggest fixes").click()
    page.locator('[data-testid="stMetric"]').filter(has_text="Health after").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    idle(page)


def test_suggest_shows_the_fix_on_a_second_pitch_and_apply_changes_the_team(page: Page):
    open_fixes(page)

    suggest(page)

    text = main_text(page)
    assert "Meghan Okafor gives MLOps engineer 0.4 FTE instead of 0.6" in text
    assert "60/100" in text
    fixed = figures(page)[0]
    (ring,) = [t for t in fixed if t.get("meta") == "changed"]
    assert ring["customdata"] == ["mlops_engineer"]
    assert_no_exception(page)

    page.get_by_role("button", name="Apply: make this the working roster").click()
    page.get_by_text("The fix is applied").wait_for()
    idle(page)
    formation = page.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name="Formation", exact=True
    )
    formation.click()
    health = page.locator('[data-testid="stMetric"]').filter(has_text="Health")
    health.locator('[data-testid="stMetricValue"]', has_text="60/100").wait_for()
    assert_no_exception(page)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)])
def test_screenshots_of_a_suggested_fix(page: Page, width: int, height: int):
    open_fixes(page)
    page.get_by_text("Clear the critical warnings and survive any one absence").click()
    idle(page)
    suggest(page)
    page.set_viewport_size({"width": width, "height": height})
    idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fixes-{width}x{height}-viewport.png"))
    # The whole page at that width: Streamlit scrolls an inner container, so grow the
    # viewport to the content's height.
    tall = page.locator('[data-testid="stMainBlockContainer"]').evaluate(
        "e => Math.ceil(e.getBoundingClientRect().height)"
    )
    page.set_viewport_size({"width": width, "height": max(height, min(tall + 40, 12000))})
    idle(page)
    page.screenshot(path=str(ARTIFACTS / f"fixes-{width}x{height}.png"))

    assert "Find a second sponsor" in main_text(page)
    assert_no_exception(page)
