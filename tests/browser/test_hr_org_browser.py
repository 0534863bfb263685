"""In a real Chromium: the mapping step of an HR import, and the Organisation page at 500 teams."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from teambuilder.roster_io import roster_to_csv
from tests.browser.test_browser import assert_no_exception, idle
from tests.browser.test_files_browser import (
    button,
    heading,
    open_page,
    pick_option,
    settle,
    sidebar_team_name,
    wait_for_pitch_with,
)
from tests.test_organisation import organisation_roster

pytestmark = pytest.mark.browser

HR = Path(__file__).resolve().parents[1] / "fixtures" / "hr"
IMPORT_PAGE = "Import an HR export"
ORG_PAGE = "Organisation"
BIG_TIMEOUT_MS = 120_000  # 10,000 rows on two shared cores: reading them takes seconds


def upload_export(page: Page, path: Path) -> None:
    uploader = page.locator('[data-testid="stFileUploader"]').first
    outcome = page.locator(
        '[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]'
    )
    settle(page, lambda: uploader.locator('input[type="file"]').set_input_files(path), outcome)


def test_the_mapping_step_guesses_takes_a_correction_and_opens_the_roster(page: Page) -> None:
    open_page(page, IMPORT_PAGE, IMPORT_PAGE)
    upload_export(page, HR / "workday_like.csv")

    expect(page.get_by_role("combobox", name="Full name", exact=True)).to_have_value("Worker")
    expect(page.get_by_role("combobox", name="Manager (employee id)", exact=True)).to_have_value(
        "Manager ID"
    )
    expect(page.get_by_text("9 people in 2 teams: Data Platform, Forecasting")).to_be_visible()
    expect(page.get_by_text("Ignored columns: Hire Date, Location, Cost Center")).to_be_visible()

    # The user corrects the guess: one team for everyone instead of the departments.
    pick_option(page, "Team (department)", "(not used)")
    one_team = page.get_by_label("Put everyone in one team (leave blank to use the team column)")
    settle(
        page,
        lambda: (one_team.fill("Data and AI"), one_team.press("Enter")),
        page.get_by_text("9 people in 1 team: Data and AI"),
    )
    expect(page.get_by_text("0 of 9 people get a position.")).to_be_visible()
    settle(page, button(page, "Accept every proposal").click, page.get_by_text("9 of 9 people"))
    settle(page, button(page, "Open this roster").click, heading(page, "The whole team as a table"))

    wait_for_pitch_with(page, ["Sofia Rossi", "Amara Osei"])
    assert sidebar_team_name(page) == "Data and AI"
    assert_no_exception(page)


def test_five_hundred_teams_show_at_once_and_a_click_opens_a_team(
    page: Page, tmp_path: Path
) -> None:
    page.set_default_timeout(BIG_TIMEOUT_MS)
    big = tmp_path / "organisation-500.csv"
    big.write_text(roster_to_csv(organisation_roster(500)), encoding="utf-8")
    open_page(page, "Files and sharing", "Files and sharing")
    uploader = page.locator('[data-testid="stFileUploader"]').first
    settle(
        page,
        lambda: uploader.locator('input[type="file"]').set_input_files(big),
        page.get_by_text("is valid: 10000 rows in 500 teams"),
    )
    settle(
        page,
        button(page, "Replace my roster with this file").click,
        heading(page, "The whole team as a table"),
    )

    open_page(page, ORG_PAGE, ORG_PAGE)
    expect(page.get_by_text("Showing 500 of 500 teams.")).to_be_visible()
    expect(page.get_by_text("Most exposed: Platform 00, Platform 01")).to_be_visible()

    search = page.get_by_label("Find a team")
    settle(
        page,
        lambda: (search.fill("Team 04"), search.press("Enter")),
        page.get_by_text("Showing 10 of 500 teams."),
    )
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box is not None
    # The row-selection box of the fourth row (header and rows are about 35 px tall).
    page.mouse.click(box["x"] + 14, box["y"] + 35 * 4 + 17)
    heading(page, "The whole team as a table").wait_for()
    idle(page)

    assert sidebar_team_name(page) == "Team 043"
    assert_no_exception(page)


PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def test_on_a_phone_the_organisation_grid_fits_the_width_without_scrolling_sideways(
    browser, app_url: str
) -> None:
    from teambuilder.catalogue import EXAMPLES_DIR
    from teambuilder.roster_io import load_roster
    from teambuilder.share import SharedState, encode_state

    roster = load_roster(EXAMPLES_DIR / "organisation.json")
    token = encode_state(
        SharedState(roster=roster, team="ML Platform", away=(), page="organisation")
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, user_agent=PHONE_AGENT, is_mobile=True
    )
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{app_url}/?roster={token}")
        expect(page.get_by_text("Showing 3 of 3 teams.")).to_be_visible(timeout=60_000)
        grid = page.locator('[data-testid="stDataFrame"]').first
        expect(grid).to_be_visible(timeout=30_000)
        narrow = page.get_by_role("switch", name="Narrow grid, for a phone")
        expect(narrow).to_be_checked(timeout=30_000)
        idle(page)

        widths = page.evaluate(
            """() => {
                const grid = document.querySelector('[data-testid="stDataFrame"]');
                const scroller = grid.querySelector('.dvn-scroller');
                const main = document.querySelector('[data-testid="stMain"]');
                return {
                    page: document.documentElement.scrollWidth,
                    main: main.scrollWidth, mainClient: main.clientWidth,
                    grid: scroller.scrollWidth, gridClient: scroller.clientWidth,
                };
            }"""
        )
        Path("test-artifacts").mkdir(exist_ok=True)
        grid.scroll_into_view_if_needed()
        page.screenshot(path="test-artifacts/organisation-phone.png")

        assert widths["page"] <= 390, widths
        assert widths["main"] <= widths["mainClient"], widths
        assert widths["grid"] <= widths["gridClient"], widths
        assert_no_exception(page)
    finally:
        context.close()
