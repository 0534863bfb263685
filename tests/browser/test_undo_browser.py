"""Undo and Redo in a real browser: four changes of four kinds, back to the start and forward.

A cell typed in the table, a person added through the form, a row deleted in the table
and a sidebar setting; then Undo four times, checking the pitch, the table's head count
and the setting at every step, and Redo four times. Each check waits for what the click
brings (expect / wait_for_function), never reads once after "idle".
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ACTION_TIMEOUT_MS
from tests.browser.test_browser import REDRAW, edit_cell, editor, idle

pytestmark = pytest.mark.browser

FORM = ".st-key-person-form"
PITCH_HAS = """([text, present]) => {
  const gd = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
  return !!gd && JSON.stringify(gd.data).includes(text) === present;
}"""


def pitch_shows(page: Page, text: str, present: bool = True) -> None:
    page.wait_for_function(PITCH_HAS, arg=[text, present])


def people(page: Page, count: int) -> None:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="People")
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(
        str(count), timeout=ACTION_TIMEOUT_MS
    )


def tier_set(page: Page, is_set: bool) -> None:
    label = "Size tier (set)" if is_set else "Size tier (auto)"
    expect(page.locator('[data-testid="stMetric"]').filter(has_text=label)).to_be_visible(
        timeout=ACTION_TIMEOUT_MS
    )


def click_sidebar(page: Page, name: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=name).click()


def test_four_changes_of_four_kinds_undo_to_the_start_and_redo_to_the_end(page: Page):
    def start() -> None:
        pitch_shows(page, "Tom Becker (0.3 FTE)", present=False)
        pitch_shows(page, "Jonas Weber")
        people(page, 5)
        tier_set(page, False)

    start()

    # 1. A cell: Tom Becker (row 3) gives 0.3 FTE to Platform engineer.
    edit_cell(page, 2, "platform_engineer", "0.3")
    page.get_by_role("button", name=REDRAW).click()
    pitch_shows(page, "Tom Becker (0.3 FTE)")

    # 2. A person through the form (an ML engineer, from the title: on the pitch).
    page.get_by_role("tab", name="Add or change a person").click()
    form = page.locator(FORM)
    form.get_by_role("textbox", name="Name", exact=True).fill("Nova Quinn")
    form.get_by_role("textbox", name="Job title").fill("ML Engineer")
    form.get_by_role("textbox", name="Job title").press("Tab")
    # The title's chip is picked once the server has read the title.
    expect(form.get_by_role("spinbutton", name="FTE as ML engineer")).to_be_visible(
        timeout=ACTION_TIMEOUT_MS
    )
    form.get_by_role("button", name="Add to the team").click()
    people(page, 6)
    pitch_shows(page, "Nova Quinn")

    # 3. A row deleted in the table: Jonas Weber, row 5 (the marker at the grid's left).
    idle(page)
    grid = editor(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 * (4 + 1.5))
    # The grid takes the row's selection a frame or two after the click: a Delete pressed
    # before that deletes nothing, so press it again until the table says it changed.
    redraw = page.get_by_role("button", name=REDRAW)
    for _ in range(5):
        page.keyboard.press("Delete")
        try:
            expect(redraw).to_be_enabled(timeout=3_000)
            break
        except AssertionError:
            continue
    expect(redraw).to_be_enabled(timeout=ACTION_TIMEOUT_MS)
    page.get_by_role("button", name=REDRAW).click()
    people(page, 5)
    pitch_shows(page, "Jonas Weber", present=False)

    # 4. A sidebar setting: the size tier forced.
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name=re.compile("Size tier")).click()
    page.get_by_role("option", name=re.compile(r"^Medium")).click()
    tier_set(page, True)

    # Undo, step by step, to the start.
    click_sidebar(page, "Undo")
    tier_set(page, False)
    people(page, 5)
    pitch_shows(page, "Jonas Weber", present=False)
    click_sidebar(page, "Undo")
    people(page, 6)
    pitch_shows(page, "Jonas Weber")
    pitch_shows(page, "Nova Quinn")
    click_sidebar(page, "Undo")
    people(page, 5)
    pitch_shows(page, "Nova Quinn", present=False)
    pitch_shows(page, "Tom Becker (0.3 FTE)")
    click_sidebar(page, "Undo")
    start()

    # Redo, step by step, to the end.
    click_sidebar(page, "Redo")
    pitch_shows(page, "Tom Becker (0.3 FTE)")
    people(page, 5)
    click_sidebar(page, "Redo")
    people(page, 6)
    pitch_shows(page, "Nova Quinn")
    click_sidebar(page, "Redo")
    people(page, 5)
    pitch_shows(page, "Jonas Weber", present=False)
    click_sidebar(page, "Redo")
    tier_set(page, True)
    pitch_shows(page, "Nova Quinn")
    pitch_shows(page, "Tom Becker (0.3 FTE)")
