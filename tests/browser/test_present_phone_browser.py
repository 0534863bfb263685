"""The presentation view opened on a phone (390x844, a phone's User-Agent), as a
participant following the projector would: the portrait pitch of the phone layout, with
no text overlapping or cut and nothing scrolling sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import ACTION_TIMEOUT_MS, ARTIFACTS, EXCEPTION
from tests.browser.test_phone_pitch_browser import IPHONE
from tests.browser.test_present_browser import (
    DRAWN_JS,
    IDLE,
    LOAD_TIMEOUT_MS,
    assert_chart_text_is_clear,
    link,
)

pytestmark = pytest.mark.browser


def test_the_presentation_on_a_phone_draws_the_portrait_pitch(browser: Browser, app_url: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=IPHONE)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(link(app_url, "startup_hero.csv", "Loopwise", present=True))
        page.locator(".js-plotly-plot").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)
        expect(page.locator(".st-key-present-step")).to_contain_text("Warning 1 of")
        page.wait_for_function(DRAWN_JS)

        width, height = page.evaluate(
            "() => document.querySelector('.js-plotly-plot').layout.meta.canvas"
        )
        assert width < 390 and height > width, "the pitch was not the phone's portrait one"
        assert_chart_text_is_clear(page, scrolls=True)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        assert not page.locator(EXCEPTION).count()

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "present-phone-390x844.png"))
    finally:
        context.close()
