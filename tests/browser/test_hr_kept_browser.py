"""In a real Chromium: the next HR export starts from the mapping kept with the roster."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import assert_no_exception, rerun_after
from tests.browser.test_files_browser import (
    button,
    heading,
    open_page,
    settle,
)
from tests.browser.test_hr_org_browser import IMPORT_PAGE, upload_export

pytestmark = pytest.mark.browser

HR = Path(__file__).resolve().parents[1] / "fixtures" / "hr"


def test_the_next_export_is_read_with_the_mapping_kept_on_opening(page: Page) -> None:
    open_page(page, IMPORT_PAGE, IMPORT_PAGE)
    upload_export(page, HR / "workday_like.csv")
    team = page.get_by_role("combobox", name="Team (department)", exact=True)
    # Wait for the end of the run the choice starts: its Open button has a key of its own.
    rerun_after(
        page,
        lambda: (team.click(), page.get_by_role("option", name="Location", exact=True).click()),
    )
    expect(team).to_have_value("Location")
    expect(page.get_by_text("people in 6 teams")).to_be_visible()
    settle(page, button(page, "Open this roster").click, heading(page, "The whole team as a table"))

    open_page(page, IMPORT_PAGE, IMPORT_PAGE)
    upload_export(page, HR / "workday_like.csv")

    expect(page.get_by_text("Using the mapping saved with this roster on")).to_be_visible()
    expect(page.get_by_role("combobox", name="Team (department)", exact=True)).to_have_value(
        "Location"
    )
    expect(page.get_by_text("people in 6 teams")).to_be_visible()
    assert_no_exception(page)
