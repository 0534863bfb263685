"""The Formation page on a phone (390x844, a phone's User-Agent): the pitch is placed for
the narrow column, so no text of the chart overlaps another or a marker, none is cut,
and nothing scrolls sideways. A screenshot of each lands in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import ACTION_TIMEOUT_MS, ARTIFACTS
from tests.browser.test_present_browser import (
    DRAWN_JS,
    IDLE,
    LOAD_TIMEOUT_MS,
    assert_chart_text_is_clear,
    link,
)

pytestmark = pytest.mark.browser

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
# The start-up's crowded defence and the enterprise team's 18 people with managers.
CROWDED = [
    ("startup_hero.csv", "Loopwise"),
    ("enterprise_middle_management.json", "Claims Automation"),
]


@pytest.mark.parametrize(("example", "team"), CROWDED, ids=[t for _, t in CROWDED])
def test_the_pitch_on_a_phone_has_no_text_overlapping_or_cut(
    browser: Browser, app_url: str, example: str, team: str
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=IPHONE)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(link(app_url, example, team, present=False))
        page.locator(".js-plotly-plot").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        page.wait_for_function(DRAWN_JS)

        canvas = page.evaluate("() => document.querySelector('.js-plotly-plot').layout.meta.canvas")
        assert canvas[0] < 390, "the pitch was not placed for a phone's width"
        assert_chart_text_is_clear(page, scrolls=True)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".js-plotly-plot").first.screenshot(
            path=str(ARTIFACTS / f"pitch-phone-{team.replace(' ', '-')}-390x844.png")
        )
    finally:
        context.close()
