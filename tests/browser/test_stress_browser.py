"""The Stress test page in a real browser: the heat map is drawn, a cell click opens the
formation with both people away."""

from __future__ import annotations

from playwright.sync_api import Page

from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.stress_chart import heatmap_people
from tests.browser.conftest import ARTIFACTS, EXCEPTION

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def test_clicking_a_heat_map_cell_opens_the_formation_with_both_away(page: Page, app_url: str):
    (expected,) = stress_test(load_roster(EXAMPLES_DIR / "startup_hero.csv"))
    people = heatmap_people(expected)
    page.goto(f"{app_url}/stress")
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for()
    page.locator(IDLE).wait_for()

    traces = page.evaluate("() => document.querySelector('.js-plotly-plot').data")
    assert traces[0]["type"] == "heatmap"
    assert len(traces[0]["z"]) == len(people)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('[data-testid="stMain"]').screenshot(path=str(ARTIFACTS / "stress-page.png"))

    # The cell of row 0, column 1: the first two people of the map, away together.
    area = plot.locator(".nsewdrag").first.bounding_box()
    assert area is not None
    size = len(people)
    x = area["x"] + area["width"] * 1.5 / size
    y = area["y"] + area["height"] * 0.5 / size
    page.mouse.move(x, y)
    page.mouse.click(x, y)

    page.get_by_role("heading", name="Loopwise").wait_for()
    page.locator(IDLE).wait_for()
    assert not page.locator(EXCEPTION).count()
    picker = page.locator('[data-testid="stMultiSelect"]').first
    chosen = picker.inner_text()
    assert people[0] in chosen and people[1] in chosen
    health = expected.pair_health()[(people[0], people[1])]
    assert page.get_by_text(f"{health}/100").first.is_visible()
