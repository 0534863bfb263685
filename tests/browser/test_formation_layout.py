"""The Formation page's first screen: the pitch and the editor without scrolling.

A facilitator at 1280x720 (a laptop on a projector) sees the metrics, the top of the
pitch and the tab of the one-person form at once; on a phone (390x844) the pitch's top
is on the first screen and nothing is wider than the screen. Boxes are read from the
page as drawn; screenshots of both are kept in test-artifacts/.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ACTION_TIMEOUT_MS, ARTIFACTS
from tests.browser.test_browser import idle

pytestmark = pytest.mark.browser

PITCH = '[data-testid="stMain"] .js-plotly-plot'
MIN_PITCH_SHOWN = 150  # px of the pitch on the first screen, at least


def box(page: Page, selector: str) -> dict[str, Any]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not drawn"
    return dict(found)


def show_at(page: Page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    # A new visit (no ?draft=, so no offer to continue) at this size, scrolled to the top.
    page.goto(page.url.split("?")[0])
    expect(page.locator(PITCH)).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    idle(page)


def test_at_1280x720_the_pitch_metrics_and_form_tab_are_on_the_first_screen(page: Page):
    show_at(page, 1280, 720)
    pitch = box(page, PITCH)
    health = box(page, '.st-key-formation-head [data-testid="stMetric"]')
    form_tab = box(page, '[role="tab"]:has-text("Add or change a person")')

    assert health["y"] + health["height"] <= pitch["y"], "the metrics sit above the pitch"
    assert pitch["y"] + MIN_PITCH_SHOWN <= 720, f"the pitch starts at {pitch['y']:.0f} px"
    assert form_tab["y"] + form_tab["height"] <= 720, "the form's tab is on the first screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "formation-1280x720.png"))

    # One click opens the form, its name box on the same first screen.
    page.get_by_role("tab", name="Add or change a person").click()
    name = page.locator(".st-key-person-form").get_by_role("textbox", name="Name", exact=True)
    expect(name).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    name_box = name.bounding_box()
    assert name_box is not None and name_box["y"] + name_box["height"] <= 720
    page.screenshot(path=str(ARTIFACTS / "formation-1280x720-form.png"))


def test_at_390x844_the_pitch_starts_on_the_first_screen_and_nothing_overflows(page: Page):
    show_at(page, 390, 844)
    pitch = box(page, PITCH)
    assert pitch["y"] + MIN_PITCH_SHOWN <= 844, f"the pitch starts at {pitch['y']:.0f} px"
    assert pitch["x"] >= 0 and pitch["x"] + pitch["width"] <= 390
    wide = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert wide <= 390, f"the page is {wide} px wide on a 390 px screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "formation-390x844.png"))


def test_at_1280x720_the_pitch_stays_in_view_beside_the_forms_add_button(page: Page):
    show_at(page, 1280, 720)
    page.get_by_role("tab", name="Add or change a person").click()
    add = page.locator(".st-key-person-form").get_by_role("button", name="Add to the team")
    expect(add).to_be_visible(timeout=ACTION_TIMEOUT_MS)

    add.scroll_into_view_if_needed()

    pitch = box(page, PITCH)
    shown = min(pitch["y"] + pitch["height"], 720) - max(pitch["y"], 0)
    assert shown >= 300, f"only {shown:.0f} px of the pitch beside the Add button"
    page.screenshot(path=str(ARTIFACTS / "formation-1280x720-add.png"))
