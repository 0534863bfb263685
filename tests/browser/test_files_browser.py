"""The Files and sharing page in a real Chromium: upload, download, export and share links.

What a user does there, end to end against the live server: a file picked in the
uploader replaces the roster only after confirming (and Undo brings the old one back),
a broken file lists its problems, the downloads are real files that open again, the
formation PNG is slide-sized, and a share link opens the same team, its settings and
who is away in another browser session (a new context is a new Streamlit session).

Waiting, never sleeping: each action waits for what it must bring on the page, then for
the script run to end (``idle``). Not ``rerun_after``'s count of finished runs: under load
the browser can get a whole short run in one task, and the script-state attribute then
never shows "running" (seen here with uploads and page links).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Download, Locator, Page, expect

from teambuilder.export import IMAGE_HEIGHT, IMAGE_SCALE, IMAGE_WIDTH
from teambuilder.roster_io import load_roster
from tests.browser.conftest import ACTION_TIMEOUT_MS, ARTIFACTS, EXCEPTION, ROOT, VIEWPORT
from tests.browser.test_browser import (
    DEFAULT_PEOPLE,
    assert_no_exception,
    idle,
    main_text,
)
from views.common import only_because

pytestmark = pytest.mark.browser

DEFAULT_TEAM = "Loopwise"
DEFAULT_EXAMPLE = ROOT / "data" / "examples" / "startup_hero.csv"
FILES_PAGE = "Files and sharing"
CONFIRM_UPLOAD = "Replace my roster with this file"
UNDO = re.compile(r"^Undo the file ")  # "Undo the file uploaded.csv opened"
IMAGE_TIMEOUT_MS = 60_000  # kaleido starts a Chromium on the server for each image
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

UPLOADED_TEAM = "Uploaded FC"
UPLOADED_PEOPLE = ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
UPLOADED_CSV = (
    "team,name,title,fte,background,reports_to,executive_sponsor,tech_lead,"
    "data_scientist,ml_engineer,mlops_engineer\n"
    "Uploaded FC,Ada Lovelace,Head of Data,1,business,,0.2,0.5,,,\n"
    "Uploaded FC,Alan Turing,Data Scientist,1,tech,Ada Lovelace,,,0.8,0.2,\n"
    "Uploaded FC,Grace Hopper,MLOps Engineer,0.8,tech,Ada Lovelace,,,,0.3,0.5\n"
)
# Line 2: FTE is not a number; line 3: no name, and an allocation above 1.
INVALID_CSV = "team,name,fte,data_scientist\nBroken FC,Ann Example,abc,0.5\nBroken FC,,1,2\n"
INVALID_PROBLEMS = [
    "line 2, column 'fte'",
    "line 3, column 'name'",
    "line 3, column 'data_scientist'",
]

FIGURE_HAS_ALL_JS = """(names) => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd.data) return false;
  const drawn = JSON.stringify(gd.data);
  return names.every((name) => drawn.includes(name));
}"""


# --- Helpers ---------------------------------------------------------------------------


def heading(page: Page, text: str) -> Locator:
    return page.get_by_role("heading", name=text, exact=True)


def settle(page: Page, action: Callable[[], None], outcome: Locator) -> None:
    """Do ``action``, wait until ``outcome`` shows, then until the script run has ended."""
    action()
    outcome.first.wait_for()
    idle(page)


def open_page(page: Page, name: str, title: str) -> None:
    """Click a page in the sidebar navigation and wait for its title and the end of its run."""
    link = page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name, exact=True)
    settle(page, link.click, heading(page, title))


def open_files_page(page: Page) -> None:
    open_page(page, FILES_PAGE, FILES_PAGE)


def sidebar_team_name(page: Page) -> str:
    return page.locator('[data-testid="stSidebar"]').get_by_label("Team name").input_value()


def mission_critical(page: Page) -> Locator:
    """The sidebar's Mission-critical toggle of the team shown."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.get_by_role("switch", name="Mission-critical", exact=True)


def button(page: Page, name: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def click_and_wait_for_title(page: Page, target: Locator, title: str) -> None:
    """Click something that switches page, then wait for the new page's title and idle."""
    settle(page, target.click, heading(page, title))


def wait_for_pitch_with(page: Page, names: list[str]) -> None:
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_function(FIGURE_HAS_ALL_JS, arg=names)


def upload(page: Page, path: Path) -> Locator:
    """Pick ``path`` in the uploader; returns the verdict (a success or an error box)."""
    uploader = page.locator('[data-testid="stFileUploader"]')
    verdict = page.locator(
        '[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]'
    ).filter(has_text=path.name)
    settle(page, lambda: uploader.locator('input[type="file"]').set_input_files(path), verdict)
    return verdict


def pick_option(page: Page, label: str, option: str, scope: Locator | None = None) -> None:
    """Choose ``option`` in the select box labelled ``label``, and wait for the rerun's end."""
    select = (scope or page.locator("body")).get_by_role("combobox", name=label, exact=True)
    select.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(select).to_have_value(option, timeout=ACTION_TIMEOUT_MS)
    idle(page)


def download(page: Page, name: str, timeout_ms: float = ACTION_TIMEOUT_MS) -> Download:
    with page.expect_download(timeout=timeout_ms) as started:
        button(page, name).click()
    found = started.value
    assert found.failure() is None, found.failure()
    return found


def share_link(page: Page) -> str:
    """The link in the Share section's code box (wrapped on screen, so no white space)."""
    code = page.locator('[data-testid="stCode"] code').last
    code.wait_for()
    return "".join(code.inner_text().split())


@contextlib.contextmanager
def new_session(browser: Browser, url: str, title: str) -> Iterator[Page]:
    """``url`` in a fresh browser context (a new Streamlit session), once ``title`` shows.

    A failure inside the block leaves a screenshot of this page in test-artifacts/.
    """
    context = browser.new_context(
        viewport={"width": VIEWPORT["width"], "height": VIEWPORT["height"]}
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    tab = context.new_page()
    try:
        tab.goto(url)
        tab.locator(f".js-plotly-plot, {EXCEPTION}").first.wait_for()
        heading(tab, title).wait_for()
        idle(tab)
        yield tab
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            tab.screenshot(path=str(ARTIFACTS / f"failed-new-session-{title}.png"))
        raise
    finally:
        context.close()


def tampered(link: str) -> str:
    """The link with four characters in the middle of its token changed."""
    base, token = link.split("roster=", 1)
    middle = len(token) // 2
    changed = "".join("B" if c == "A" else "A" for c in token[middle : middle + 4])
    return f"{base}roster={token[:middle]}{changed}{token[middle + 4 :]}"


# --- Tests -----------------------------------------------------------------------------


def test_an_uploaded_roster_replaces_the_team_after_confirming_and_undo_brings_it_back(
    page: Page, tmp_path: Path
) -> None:
    path = tmp_path / "uploaded.csv"
    path.write_text(UPLOADED_CSV, encoding="utf-8")
    open_files_page(page)

    valid = upload(page, path)

    assert "uploaded.csv is valid: 3 rows in 1 team: Uploaded FC." in valid.inner_text()
    assert sidebar_team_name(page) == DEFAULT_TEAM  # nothing changes before confirming

    click_and_wait_for_title(page, button(page, CONFIRM_UPLOAD), UPLOADED_TEAM)

    wait_for_pitch_with(page, UPLOADED_PEOPLE)
    drawn = json.dumps(page.evaluate("() => document.querySelector('.js-plotly-plot').data"))
    assert not any(name in drawn for name in DEFAULT_PEOPLE)
    assert sidebar_team_name(page) == UPLOADED_TEAM
    assert_no_exception(page)

    open_files_page(page)
    button(page, UNDO).click()
    page.wait_for_function(
        "(team) => [...document.querySelectorAll('[data-testid=\"stSidebar\"] input')]"
        ".some((input) => input.value === team)",
        arg=DEFAULT_TEAM,
    )
    idle(page)
    assert sidebar_team_name(page) == DEFAULT_TEAM
    open_page(page, "Formation", DEFAULT_TEAM)
    wait_for_pitch_with(page, DEFAULT_PEOPLE)
    assert_no_exception(page)


def test_an_invalid_file_lists_its_problems_by_line_and_column_and_changes_nothing(
    page: Page, tmp_path: Path
) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(INVALID_CSV, encoding="utf-8")
    open_files_page(page)

    verdict = upload(page, path)

    text = verdict.inner_text()
    assert "broken.csv cannot be used; your roster is unchanged. 3 problems" in text
    for problem in INVALID_PROBLEMS:
        assert problem in text
    assert button(page, CONFIRM_UPLOAD).count() == 0
    assert button(page, UNDO).count() == 0
    assert sidebar_team_name(page) == DEFAULT_TEAM

    open_page(page, "Formation", DEFAULT_TEAM)
    wait_for_pitch_with(page, DEFAULT_PEOPLE)
    assert_no_exception(page)


def test_the_roster_csv_download_opens_again_as_the_same_roster(page: Page, tmp_path: Path) -> None:
    open_files_page(page)

    found = download(page, "Roster as CSV")

    assert found.suggested_filename == "loopwise-roster.csv"
    saved = tmp_path / found.suggested_filename
    found.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("team,name,title,fte,background,reports_to,absent,")
    assert [line.split(",")[:2] for line in lines[1:]] == [
        [DEFAULT_TEAM, name] for name in DEFAULT_PEOPLE
    ]
    assert load_roster(saved) == load_roster(DEFAULT_EXAMPLE)


def test_the_formation_png_download_is_a_slide_sized_image(page: Page) -> None:
    open_files_page(page)

    found = download(page, "Formation as PNG", timeout_ms=IMAGE_TIMEOUT_MS)

    assert re.fullmatch(r"loopwise-formation-\d{4}-\d{2}-\d{2}\.png", found.suggested_filename)
    data = Path(found.path()).read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (IMAGE_WIDTH * IMAGE_SCALE, IMAGE_HEIGHT * IMAGE_SCALE)
    assert_no_exception(page)


def test_a_share_link_opens_the_team_in_a_new_session_and_a_tampered_one_does_not(
    page: Page, browser: Browser, app_url: str
) -> None:
    open_files_page(page)
    link = share_link(page)
    assert link.startswith(f"{app_url}/?roster=1.")

    with new_session(browser, link, DEFAULT_TEAM) as other:
        wait_for_pitch_with(other, DEFAULT_PEOPLE)
        assert "This link cannot be opened" not in main_text(other)
        assert_no_exception(other)

    with new_session(browser, tampered(link), DEFAULT_TEAM) as other:
        message = other.get_by_text("This link cannot be opened")
        message.wait_for()
        assert "Showing the example team instead." in message.inner_text()
        wait_for_pitch_with(other, DEFAULT_PEOPLE)
        assert_no_exception(other)


def test_a_share_link_keeps_the_team_shown_its_settings_and_who_is_away(
    page: Page, browser: Browser
) -> None:
    away = "Kenji Sato"
    cause = only_because([away])  # the caption under each warning the absence brings
    open_files_page(page)
    pick_option(page, "An example team", "Organisation")
    click_and_wait_for_title(page, button(page, "Open this example"), "Demand Forecasting")
    pick_option(page, "Team", "Personalisation", scope=page.locator('[data-testid="stSidebar"]'))
    heading(page, "Personalisation").wait_for()
    idle(page)
    critical = mission_critical(page)
    # Not so in the example: switched on here, the link must carry the change.
    expect(critical).not_to_be_checked(timeout=ACTION_TIMEOUT_MS)
    page.locator('[data-testid="stSidebar"]').get_by_text("Mission-critical", exact=True).click()
    expect(critical).to_be_checked(timeout=ACTION_TIMEOUT_MS)
    idle(page)
    page.locator('[data-testid="stMultiSelect"]').click()
    page.keyboard.type("Kenji")
    settle(page, lambda: page.keyboard.press("Enter"), page.get_by_text(cause))
    page.keyboard.press("Escape")  # the open option list hides the rest from the a11y tree

    open_files_page(page)
    link = share_link(page)

    with new_session(browser, link, "Personalisation") as other:
        other.get_by_text(cause).first.wait_for()
        chosen = other.locator('[data-testid="stMultiSelect"]').first.inner_text()
        assert away in chosen
        assert sidebar_team_name(other) == "Personalisation"
        expect(mission_critical(other)).to_be_checked(timeout=ACTION_TIMEOUT_MS)
        assert other.locator('[data-testid="stSidebar"]').get_by_text("Shared link").count() == 1
        assert_no_exception(other)
