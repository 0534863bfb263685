"""The pitch as a room sees it: every example in the normal view (1280x720, 1600x1000) and
in the presentation view (1280x720, 1920x1080), read from the rendered SVG.

Each text element of the chart (names, position names, warnings, pills, legend, title)
has its box measured with getBoundingClientRect: no two overlap, none covers a marker,
none sticks out of the chart or the window. The presentation view must not scroll, and
Next/Previous step through every warning. A second tab follows the facilitator.
Screenshots of each view land in test-artifacts/.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.presentation import ranked_warnings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.share import SharedState, encode_state
from tests.browser.conftest import ACTION_TIMEOUT_MS, ARTIFACTS

pytestmark = pytest.mark.browser

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TOLERANCE = 1.0  # px: anti-aliasing, not a collision
LOAD_TIMEOUT_MS = 60_000

# Every text box of the chart, and the markers of positions and managers.
BOXES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const svg = gd.querySelector('svg.main-svg').getBoundingClientRect();
  const box = (r) => ({x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
  const texts = [];
  for (const t of gd.querySelectorAll('.infolayer text, .annotation text, .textpoint text')) {
    const r = t.getBoundingClientRect();
    if (!t.textContent.trim() || r.width === 0 || r.height === 0) continue;
    const inMarker = !!t.closest('.textpoint');
    texts.push({text: t.textContent, inMarker, ...box(r)});
  }
  const markers = [];
  const traces = gd.querySelectorAll('.scatterlayer .trace');
  gd._fullData.forEach((trace, i) => {
    const role = trace.meta && trace.meta.role;
    if (role !== 'position' && role !== 'manager') return;
    for (const p of traces[i].querySelectorAll('path.point')) {
      const r = p.getBoundingClientRect();
      if (r.width) markers.push(box(r));
    }
  });
  // A legend taller than its room scrolls inside a clip: entries below it are not seen.
  const legend = gd.querySelector('.legend .bg');
  const legendTexts = [...gd.querySelectorAll('.legend .legendtext')].map(
    t => ({text: t.textContent, ...box(t.getBoundingClientRect())}));
  return {svg: box(svg), texts, markers, legendTexts,
          legend: legend ? box(legend.getBoundingClientRect()) : null,
          window: {x1: window.innerWidth, y1: window.innerHeight}};
}"""
# The chart is drawn through: its annotations, every legend entry, and its title if any.
DRAWN_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullData || !gd._fullLayout) return false;
  const entries = gd._fullData.filter(t => t.showlegend !== false && t.name).length;
  const title = (gd.layout.title && gd.layout.title.text) ? 1 : 0;
  return gd.querySelectorAll('.annotation').length === (gd.layout.annotations || []).length
    && gd.querySelectorAll('.legend .traces').length >= entries
    && gd.querySelectorAll('.gtitle').length >= title;
}"""
# Rendered font sizes of the position cards and the managers' names.
NAME_SIZES_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const names = gd.layout.annotations.map(a => a.name || '');
  return [...gd.querySelectorAll('.annotation')]
    .filter(a => /^(position|manager):/.test(names[+a.getAttribute('data-index')]))
    .map(a => parseFloat(getComputedStyle(a.querySelector('.annotation-text')).fontSize));
}"""
SCROLL_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const doc = document.scrollingElement;
  return {main: main.scrollHeight - main.clientHeight, mainX: main.scrollWidth - main.clientWidth,
          doc: doc.scrollHeight - doc.clientHeight, docX: doc.scrollWidth - doc.clientWidth};
}"""


def teams() -> list[tuple[str, str, str]]:
    """(test id, example file, team) for every team of every example."""
    found = []
    for path in sorted(EXAMPLES_DIR.iterdir()):
        for team in load_roster(path).team_names():
            found.append((f"{path.stem}-{re.sub(r'[^a-z]+', '-', team.lower())}", path.name, team))
    return found


TEAMS = teams()


def link(app_url: str, example: str, team: str, *, present: bool, screen: str = "720") -> str:
    roster = load_roster(EXAMPLES_DIR / example)
    token = encode_state(SharedState(roster=roster, team=team, away=(), page="formation"))
    extra = f"&view=present&screen={screen}" if present else ""
    return f"{app_url}/?roster={token}{extra}"


def open_view(browser: Browser, url: str, width: int, height: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    # A first load on a busy machine can take a while: wait longer than for an action.
    page.locator(".js-plotly-plot").first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.locator(IDLE).wait_for(timeout=LOAD_TIMEOUT_MS)
    # Plotly draws annotations after the first frame: wait for two more.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function(DRAWN_JS)
    return page


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
    return width > TOLERANCE and height > TOLERANCE


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x0"] >= outer.get("x0", 0) - TOLERANCE
        and inner["y0"] >= outer.get("y0", 0) - TOLERANCE
        and inner["x1"] <= outer["x1"] + TOLERANCE
        and inner["y1"] <= outer["y1"] + TOLERANCE
    )


def assert_chart_text_is_clear(page: Page, *, scrolls: bool = False) -> int:
    """No text box overlaps another or a marker; none is cut by the chart or the window
    (a page that ``scrolls`` may reach below the window, never beside it)."""
    found = page.evaluate(BOXES_JS)
    texts, markers = found["texts"], found["markers"]
    window = found["window"] | ({"y1": float("inf")} if scrolls else {})
    assert texts and markers
    for text in texts:
        assert inside(text, found["svg"]), f"cut off by the chart: {text['text']!r}"
        assert inside(text, window), f"cut off by the window: {text['text']!r}"
        if not text["inMarker"]:
            for marker in markers:
                assert not overlap(text, marker), f"{text['text']!r} covers a marker"
    for a, b in itertools.combinations(texts, 2):
        assert not overlap(a, b), f"{a['text']!r} overlaps {b['text']!r}"
    assert found["legend"] is not None and found["legendTexts"]
    for entry in found["legendTexts"]:
        assert inside(entry, found["legend"]), f"legend entry out of sight: {entry['text']!r}"
    return len(texts)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1600, 1000)])
@pytest.mark.parametrize(("name", "example", "team"), TEAMS, ids=[t[0] for t in TEAMS])
def test_the_normal_pitch_has_no_text_overlapping_or_cut(
    browser: Browser, app_url: str, name: str, example: str, team: str, width: int, height: int
):
    page = open_view(browser, link(app_url, example, team, present=False), width, height)
    try:
        assert_chart_text_is_clear(page, scrolls=True)

        page.locator(".js-plotly-plot").first.screenshot(
            path=str(ARTIFACTS / f"pitch-{name}-{width}x{height}.png")
        )
    finally:
        page.context.close()


@pytest.mark.parametrize(("width", "height", "screen"), [(1280, 720, "720"), (1920, 1080, "1080")])
@pytest.mark.parametrize(("name", "example", "team"), TEAMS, ids=[t[0] for t in TEAMS])
def test_the_presentation_view_fills_the_screen_without_scrolling_or_clutter(
    browser: Browser,
    app_url: str,
    name: str,
    example: str,
    team: str,
    width: int,
    height: int,
    screen: str,
):
    page = open_view(
        browser, link(app_url, example, team, present=True, screen=screen), width, height
    )
    try:
        assert "/present" in page.url
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
        assert (
            page.locator('[data-testid="stDataFrame"], [data-testid="stDataEditor"]').count() == 0
        )
        assert page.evaluate(SCROLL_JS) == {"main": 0, "mainX": 0, "doc": 0, "docX": 0}
        plot = page.locator(".js-plotly-plot").first.bounding_box()
        assert plot is not None and plot["width"] >= width * 0.6 and plot["height"] >= height * 0.75

        assert_chart_text_is_clear(page)
        sizes = page.evaluate(NAME_SIZES_JS)
        assert min(sizes) >= 18
        assert team in page.locator('[data-testid="stMain"] h1').first.inner_text()

        screenshot(page, f"present-{name}-{width}x{height}")
    finally:
        page.context.close()


def step_text(page: Page) -> str:
    return page.locator(".st-key-present-step").inner_text()


@pytest.mark.parametrize(("name", "example", "team"), TEAMS, ids=[t[0] for t in TEAMS])
def test_next_and_previous_step_through_every_warning_costliest_first(
    browser: Browser, app_url: str, name: str, example: str, team: str
):
    team_report = score(load_roster(EXAMPLES_DIR / example)).team(team)
    ranked = ranked_warnings(team_report)
    page = open_view(browser, link(app_url, example, team, present=True), 1280, 720)
    try:
        if not ranked:
            assert "No warnings" in step_text(page)
            return
        step = page.locator(".st-key-present-step")
        for number, entry in enumerate(ranked, start=1):
            # The heading and the body are separate elements redrawn one after the other:
            # wait until the step shows both, instead of reading it half-redrawn.
            expect(step).to_contain_text(f"Warning {number} of {len(ranked)}")
            expect(step).to_contain_text(entry.warning.title)
            if number < len(ranked):
                page.get_by_role("button", name="Next").click()
                page.wait_for_function(
                    "n => document.querySelector('.st-key-present-step').innerText"
                    ".includes(`Warning ${n} of`)",
                    arg=number + 1,
                )
        expect(page.get_by_role("button", name="Next")).to_be_disabled()
        page.keyboard.press("ArrowLeft")  # the keyboard goes back too
        page.wait_for_function(
            "n => document.querySelector('.st-key-present-step').innerText"
            ".includes(`Warning ${n} of`)",
            arg=len(ranked) - 1,
        )
    finally:
        page.context.close()


def test_the_current_warning_is_ringed_on_the_pitch(browser: Browser, app_url: str):
    page = open_view(
        browser, link(app_url, "startup_hero.csv", "Loopwise", present=True), 1280, 720
    )
    try:
        roles = page.evaluate(
            "() => document.querySelector('.js-plotly-plot').data"
            ".filter(t => t.meta && t.meta.role === 'highlight').map(t => t.x.length)"
        )
        assert roles == [1]  # the costliest warning: the tech lead resting on Priya alone
    finally:
        page.context.close()


def test_a_second_screen_follows_the_facilitator_within_two_seconds(browser: Browser, app_url: str):
    laptop = open_view(
        browser, link(app_url, "startup_hero.csv", "Loopwise", present=True), 1280, 720
    )
    projector: Page | None = None
    try:
        laptop.get_by_text("Show on a second screen").click()
        follow = laptop.locator('[data-testid="stCode"]').inner_text().strip()
        assert "follow=" in follow and follow.startswith(app_url)
        projector = open_view(browser, follow, 1920, 1080)
        assert "Warning 1 of" in step_text(projector)
        assert projector.get_by_role("button", name="Next").count() == 0  # it only follows

        laptop.get_by_role("button", name="Next").click()
        laptop.wait_for_function(
            "() => document.querySelector('.st-key-present-step').innerText"
            ".includes('Warning 2 of')"
        )

        projector.wait_for_function(
            "() => document.querySelector('.st-key-present-step').innerText"
            ".includes('Warning 2 of')",
            timeout=2_000,  # from the moment the laptop shows it
        )
    finally:
        laptop.context.close()
        if projector is not None:
            projector.context.close()


def test_a_follow_link_that_is_unknown_says_so(browser: Browser, app_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/present?view=present&follow=not-a-channel")
        page.get_by_text("Nothing to follow").wait_for(timeout=ACTION_TIMEOUT_MS)
    finally:
        context.close()
