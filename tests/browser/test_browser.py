"""The dashboard in a real Chromium: what a user clicks and types, what the page then shows.

Waiting, never sleeping: an action that reruns the script is wrapped in ``rerun_after``,
which counts finished runs with a MutationObserver on the app's script-state attribute;
then the figure data is polled with ``wait_for_function``.

The roster editor is a canvas grid (glide-data-grid): rows are found by coordinates
(header and rows 35 px high), columns with the arrow keys from the frozen index column,
so column widths and horizontal scrolling do not matter.

Run only these: ``.venv/bin/pytest -m browser``; the edit-to-pitch time is printed in a
"browser timings" section of the summary (a benchmark: nothing asserts on it).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from teambuilder.catalogue import catalogue
from tests.browser.conftest import ARTIFACTS, PageErrors

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DEFAULT_PEOPLE = ["Priya Nair", "Meghan Okafor", "Tom Becker", "Lina Park", "Jonas Weber"]
EVIL = "<img src=x onerror=alert(1)>"
ESCAPED_EVIL = "&lt;img src=x onerror=alert(1)&gt;"

# The editor's columns after the row marker and the index, from the name column on.
COLUMNS = [
    "name",
    "title",
    "fte",
    "background",
    "reports_to",
    "absent",
    *catalogue().position_ids,
]
ROW_HEIGHT = 35  # the header is as high as a row
INDEX_COLUMN_X = 60  # px from the grid's left edge: past the row-marker column

FIGURE_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  return gd && gd.data ? JSON.parse(JSON.stringify({data: gd.data, layout: gd.layout})) : null;
}"""
# The hover text of one position marker, or null while the figure is not drawn.
POSITION_HOVER_JS = """(pid) => {
  const gd = document.querySelector('.js-plotly-plot');
  for (const trace of (gd && gd.data) || []) {
    if (!trace.meta || trace.meta.role !== 'position') continue;
    const i = (trace.customdata || []).indexOf(pid);
    if (i >= 0) return trace.hovertext[i];
  }
  return null;
}"""
WATCH_RUNS_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__runWatcher) window.__runWatcher.disconnect();
  window.__finishedRuns = 0;
  window.__runWatcher = new MutationObserver((records) => {
    for (const r of records) if (r.oldValue === 'running') window.__finishedRuns += 1;
  });
  window.__runWatcher.observe(app, {
    attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true,
  });
}"""


# --- Helpers ---------------------------------------------------------------------------


def idle(page: Page) -> None:
    page.locator(IDLE).wait_for()


def rerun_after(page: Page, action: Callable[[], None]) -> None:
    """Do ``action`` and wait until the script run it triggered has finished."""
    page.evaluate(WATCH_RUNS_JS)
    action()
    page.wait_for_function("() => window.__finishedRuns > 0")
    idle(page)


def figure(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(FIGURE_JS)
    assert found is not None, "no plotly figure on the page"
    return found


def position_hover(page: Page, position_id: str) -> str:
    return str(page.evaluate(POSITION_HOVER_JS, position_id))


def wait_for_position_hover(page: Page, position_id: str, text: str, present: bool) -> None:
    page.wait_for_function(
        "([pid, text, present]) => {"
        f"  const hover = ({POSITION_HOVER_JS})(pid);"
        "  return hover !== null && hover.includes(text) === present;"
        "}",
        arg=[position_id, text, present],
    )


def main_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def assert_no_exception(page: Page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()


def editor(page: Page) -> Locator:
    """The roster editor (the other dataframe sits in a collapsed expander)."""
    return page.locator('[data-testid="stDataFrame"]').filter(visible=True)


def row_y(page: Page, row: int) -> float:
    box = editor(page).bounding_box()
    assert box is not None
    return box["y"] + ROW_HEIGHT * (row + 1.5)


def click_index_cell(page: Page, row: int) -> None:
    """Click a row's index cell: frozen at the left, read-only, so nothing opens or toggles.

    On the trailing empty row, this click adds a row.
    """
    grid = editor(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + INDEX_COLUMN_X, row_y(page, row))


def select_cell(page: Page, row: int, column: str) -> None:
    """Select one cell with the grid's keyboard navigation, from the first row's index cell.

    A click on the cell already selected opens its editor, and which cell is selected
    after a rerun is not ours to know; so a double click, which always opens the index
    cell's read-only editor, then Escape, which closes it and keeps the cell selected.
    The anchor is the first row: an added row's index cell (None) keeps its editor open.
    """
    grid = editor(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.dblclick(box["x"] + INDEX_COLUMN_X, row_y(page, 0))
    overlay = page.locator(".gdg-input")
    overlay.wait_for()
    page.keyboard.press("Escape")
    overlay.wait_for(state="detached")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(1 + COLUMNS.index(column)):
        page.keyboard.press("ArrowRight")


def type_into_cell(page: Page, value: str) -> None:
    """Open the selected cell's editor and type; the caller presses Enter to commit."""
    page.keyboard.press("Enter")
    page.locator(".gdg-input").fill(value)


def edit_cell(page: Page, row: int, column: str, value: str) -> None:
    select_cell(page, row, column)
    type_into_cell(page, value)
    rerun_after(page, lambda: page.keyboard.press("Enter"))


REDRAW = "Show the changes on the pitch"


def redraw(page: Page) -> None:
    """Press the button under the table that redraws the pitch from the saved cells."""
    rerun_after(page, page.get_by_role("button", name=REDRAW).click)


def hover_position(page: Page, position_id: str) -> str:
    """Move the mouse onto a position marker and return the hover label's text."""
    pitch = page.locator(".js-plotly-plot").first
    pitch.scroll_into_view_if_needed()
    point = page.evaluate(
        """(pid) => {
          const gd = document.querySelector('.js-plotly-plot');
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          const box = gd.getBoundingClientRect();
          for (const trace of gd.data) {
            if (!trace.meta || trace.meta.role !== 'position') continue;
            const i = (trace.customdata || []).indexOf(pid);
            if (i >= 0) return {
              x: box.left + xa._offset + xa.l2p(trace.x[i]),
              y: box.top + ya._offset + ya.l2p(trace.y[i]),
            };
          }
          return null;
        }""",
        position_id,
    )
    assert point is not None, f"no marker for {position_id}"
    page.mouse.move(point["x"] - 20, point["y"] - 20)
    page.mouse.move(point["x"], point["y"])
    label = pitch.locator(".hoverlayer .hovertext")
    label.first.wait_for()
    return label.first.text_content() or ""


# --- Tests -----------------------------------------------------------------------------


def test_the_page_loads_with_every_position_on_the_pitch(page: Page):
    shown = figure(page)

    position_traces = [t for t in shown["data"] if (t.get("meta") or {}).get("role") == "position"]
    drawn = [pid for trace in position_traces for pid in trace.get("customdata") or []]
    assert sorted(drawn) == sorted(catalogue().position_ids)
    hovers = json.dumps([t.get("hovertext") for t in position_traces])
    labels = page.locator(".js-plotly-plot").first.text_content() or ""
    for name in DEFAULT_PEOPLE:
        assert name in hovers
    assert "Meghan Okafor" in labels  # drawn beside the markers, not only in the hover
    assert page.get_by_role("heading", name="Loopwise", exact=True).count() == 1
    assert_no_exception(page)


def test_an_edit_in_the_roster_editor_updates_the_pitch_and_the_warnings(
    page: Page, record_timing: Callable[[str, float], None]
):
    warning = "Platform engineer rests on Meghan Okafor alone"
    assert warning in main_text(page)
    assert "Tom Becker" not in position_hover(page, "platform_engineer")

    select_cell(page, 2, "platform_engineer")  # Tom Becker
    type_into_cell(page, "0.5")
    rerun_after(page, lambda: page.keyboard.press("Enter"))  # the cell is saved
    assert "Tom Becker" not in position_hover(page, "platform_engineer")  # not redrawn yet
    page.evaluate(WATCH_RUNS_JS)
    started = time.perf_counter()
    page.get_by_role("button", name=REDRAW).click()
    wait_for_position_hover(page, "platform_engineer", "Tom Becker (0.5 FTE)", present=True)
    record_timing("redraw-click-to-updated-pitch", time.perf_counter() - started)
    page.wait_for_function("() => window.__finishedRuns > 0")
    idle(page)

    assert warning not in main_text(page)
    assert "Meghan Okafor" in position_hover(page, "platform_engineer")
    assert_no_exception(page)


def test_someone_away_brings_warnings_caused_by_the_absence(page: Page):
    cause = "Only because Meghan Okafor is away"
    assert cause not in main_text(page)

    page.locator('[data-testid="stMultiSelect"]').click()
    page.keyboard.type("Meghan")
    rerun_after(page, lambda: page.keyboard.press("Enter"))

    page.get_by_text(cause).first.wait_for()
    wait_for_position_hover(page, "mlops_engineer", "Away: Meghan Okafor", present=True)
    assert main_text(page).count(cause) >= 1
    assert_no_exception(page)


def test_a_name_with_html_is_shown_as_text_and_runs_nothing(page: Page, page_errors: PageErrors):
    new_row = len(DEFAULT_PEOPLE)
    rerun_after(page, lambda: click_index_cell(page, new_row))  # the trailing row adds one
    edit_cell(page, new_row, "fte", "0.5")
    edit_cell(page, new_row, "outside_in", "1")
    edit_cell(page, new_row, "name", EVIL)
    redraw(page)
    wait_for_position_hover(page, "outside_in", ESCAPED_EVIL, present=True)

    # Plotly gets the name escaped, and draws it as text.
    drawn = json.dumps(figure(page))
    assert "<img" not in drawn
    assert ESCAPED_EVIL in drawn
    assert EVIL in hover_position(page, "outside_in")
    # Markdown shows it as text: the overload warning quotes the name.
    warnings = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=EVIL)
    assert "is booked for" in warnings.first.inner_text()
    # The away picker offers it as text.
    page.locator('[data-testid="stMultiSelect"]').click()
    page.keyboard.type("onerror")  # filters the options, and opens the list
    page.get_by_role("option", name=EVIL).wait_for()
    page.keyboard.press("Escape")
    # Nothing ran.
    assert page.locator('img[src="x"]').count() == 0
    assert page_errors.dialogs == []
    assert page_errors.exceptions == []
    assert_no_exception(page)


def test_a_person_added_name_first_keeps_their_row(page: Page):
    new_row = len(DEFAULT_PEOPLE)
    rerun_after(page, lambda: click_index_cell(page, new_row))
    edit_cell(page, new_row, "name", "Nova Example")

    edit_cell(page, new_row, "fte", "1")
    button = page.get_by_role("button", name=REDRAW)
    if button.count() and button.is_enabled():  # a full run may have redrawn it already
        redraw(page)

    people = page.locator('[data-testid="stMetric"]').filter(has_text="People")
    expect(people.locator('[data-testid="stMetricValue"]')).to_have_text("6")


def test_every_page_in_the_navigation_opens_without_an_exception(page: Page):
    nav = page.locator('[data-testid="stSidebarNav"]')
    # A link's text starts with its icon's ligature name ("groups\n\nPeople and load").
    names = [link.inner_text().split("\n")[-1].strip() for link in nav.get_by_role("link").all()]
    headings = {
        "Formation": "Loopwise",
        "People and load": "People and load: Loopwise",
        "Position guide": "Position guide",
    }
    assert set(headings) <= set(names), names
    assert names[0] == "Formation"  # the page already shown: clicking it would not rerun

    for name in [*names[1:], names[0]]:
        link = nav.get_by_role("link", name=name, exact=True)
        href = link.get_attribute("href")
        rerun_after(page, link.click)

        # The address bar also carries the tab's draft (?draft=...): compare the paths.
        page.wait_for_function(
            "href => new URL(href, location.href).pathname === location.pathname", arg=href
        )
        heading = page.locator('[data-testid="stMain"] h1').first
        heading.wait_for()
        if name in headings:
            assert heading.inner_text() == headings[name]
        assert_no_exception(page)
    page.locator(".js-plotly-plot").first.wait_for()  # back on the pitch


def test_screenshot_of_the_main_page(page: Page):
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.locator('[data-testid="stMainBlockContainer"]').evaluate(
        "e => Math.ceil(e.getBoundingClientRect().height)"
    )
    page.set_viewport_size({"width": 1600, "height": max(1000, min(height + 40, 8000))})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    idle(page)

    path = ARTIFACTS / "main-page.png"
    page.screenshot(path=str(path))

    assert path.stat().st_size > 10_000
