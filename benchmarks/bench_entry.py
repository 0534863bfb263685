"""Key presses and clicks to enter six people with their positions: table vs one-person form.

    .venv/bin/python benchmarks/bench_entry.py

The form path drives a real Chromium on a blank team: every key press (characters
included) and every click is counted as it is sent, and the roster exported afterwards
is compared with the six people, so a count is only printed for an entry that worked.
The table path (the trailing row, Tab from cell to cell, as before the form existed) is
counted from the column layout. Counts do not depend on the machine's speed.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from teambuilder.catalogue import catalogue  # noqa: E402
from teambuilder.titles import suggest_positions  # noqa: E402
from teambuilder.workspace import PersonEntry, shares_for  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.test_browser import COLUMNS, idle, rerun_after  # noqa: E402
from tests.servers import StreamlitServer, exit_if_it_does_not_start, free_port  # noqa: E402


@dataclass(frozen=True)
class Newcomer:
    name: str
    title: str
    fte: str
    allocations: dict[str, str]


SIX = [
    Newcomer("Ana Costa", "Head of Data", "0.2", {"executive_sponsor": "0.2"}),
    Newcomer("Ben Ode", "Product Owner", "1", {"inside_out": "1"}),
    Newcomer("Cleo Ruiz", "Data Scientist", "1", {"data_scientist": "1"}),
    Newcomer("Dev Rao", "ML Engineer", "1", {"ml_engineer": "0.5", "mlops_engineer": "0.5"}),
    Newcomer("Eve Holm", "MLOps Engineer", "0.8", {"mlops_engineer": "0.8"}),
    Newcomer("Finn Lund", "Tech Lead", "1", {"tech_lead": "0.5", "platform_engineer": "0.5"}),
]


class Counter:
    def __init__(self, page: Page) -> None:
        self.page, self.keys, self.characters, self.clicks = page, 0, 0, 0

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.characters += len(text)
        self.page.keyboard.type(text, delay=20)

    def press(self, key: str, times: int = 1) -> None:
        self.keys += times
        for _ in range(times):
            self.page.keyboard.press(key)

    def click(self, locator) -> None:  # type: ignore[no-untyped-def]
        self.clicks += 1
        locator.click()

    def click_at(self, x: float, y: float) -> None:
        self.clicks += 1
        self.page.mouse.click(x, y)


def settle(page: Page) -> None:
    page.wait_for_timeout(400)
    idle(page)


def table_counts() -> tuple[int, int, int]:
    """Keys (all, then characters only) and clicks for the table path, from its layout.

    Counted, not driven: per person, a click on the empty row's Name cell, the name, Tab,
    the title, Tab, the FTE, Tab, then Tab across to each position, its FTE, Tab; Escape.
    (Driving the canvas grid the same way is what tests/browser does.)
    """
    keys = characters = clicks = 0
    for person in SIX:
        clicks += 1
        typed = len(person.name) + len(person.title) + len(person.fte)
        keys += typed + 3
        characters += typed
        column = COLUMNS.index("fte") + 1
        for position in sorted(person.allocations, key=COLUMNS.index):
            share = person.allocations[position]
            keys += COLUMNS.index(position) - column + len(share) + 1
            characters += len(share)
            column = COLUMNS.index(position) + 1
        keys += 1  # Escape
    return keys, characters, clicks


def through_the_form(page: Page, count: Counter) -> None:
    """Open the form's tab once; then per person: name, Tab, title, Tab, the FTE unless it
    is the form's own 1; chips and shares only where the form's are off (a blank box takes
    an even part of the time not typed elsewhere); Add."""
    form = page.locator(".st-key-person-form")
    count.click(page.get_by_role("tab", name="Add or change a person"))
    for person in SIX:
        count.click(form.get_by_role("textbox", name="Name", exact=True))
        count.type(person.name)
        count.press("Tab")
        count.type(person.title)
        count.press("Tab")  # to FTE; the title's positions are now picked
        settle(page)
        if float(person.fte) != PersonEntry(name="").fte:  # the form starts at 1 FTE
            count.press("ControlOrMeta+a")
            count.type(person.fte)
            count.press("Tab")
            settle(page)
        suggested = [s.position for s in suggest_positions(person.title)][:2]
        clicked = [p for p in suggested if p not in person.allocations]  # off
        clicked += [p for p in person.allocations if p not in suggested]  # on
        for position in clicked:
            name = catalogue().name_of(position)
            count.click(form.get_by_role("button", name=name, exact=True))
            settle(page)
        picked = [*[p for p in suggested if p in person.allocations]]
        picked += [p for p in person.allocations if p not in suggested]
        typed: dict[str, float | None] = {}
        for position, share in person.allocations.items():
            shown = shares_for(float(person.fte), picked, typed)
            if abs(shown.get(position, 0) - float(share)) > 1e-9:
                label = f"FTE as {catalogue().name_of(position)}"
                count.click(form.get_by_role("spinbutton", name=label))
                count.press("ControlOrMeta+a")
                count.type(share)
                count.press("Tab")
                settle(page)
                typed[position] = float(share)
        count.click(form.get_by_role("button", name="Add to the team"))
        page.wait_for_function(
            """() => [...document.querySelectorAll("""
            """'.st-key-person-form input[aria-label="Name"]')].every(b => b.value === '')"""
        )
        settle(page)


def exported(page: Page) -> dict[str, dict[str, object]]:
    nav = page.locator('[data-testid="stSidebarNav"]')
    rerun_after(page, nav.get_by_role("link", name="Files and sharing").click)
    with page.expect_download() as download:
        page.get_by_role("button", name="Roster as JSON").click()
    with open(download.value.path(), encoding="utf-8") as file:
        people = json.load(file)["people"]
    return {
        p["name"]: {"title": p.get("title"), "fte": p["fte"], "allocations": p["allocations"]}
        for p in people
    }


def wanted() -> dict[str, dict[str, object]]:
    return {
        p.name: {
            "title": p.title,
            "fte": float(p.fte),
            "allocations": {k: float(v) for k, v in p.allocations.items()},
        }
        for p in SIX
    }


def measure_form() -> tuple[int, int, int]:
    server = StreamlitServer(free_port(), keep_log=False, start_timeout=90)
    url = server.url
    try:
        with exit_if_it_does_not_start():
            server.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1600, "height": 2000})
            page.set_default_timeout(60_000)
            page.goto(f"{url}/files")
            idle(page)
            page.get_by_role("button", name="Start a blank team").click()
            page.locator(".js-plotly-plot").first.wait_for()
            settle(page)
            count = Counter(page)
            through_the_form(page, count)
            settle(page)
            got = exported(page)
            if got != wanted():
                raise SystemExit(f"the form entry went wrong:\n{got}\n!=\n{wanted()}")
            browser.close()
            return count.keys, count.characters, count.clicks
    finally:
        server.stop()


def main() -> None:
    for path, (keys, characters, clicks) in (
        ("table (counted)", table_counts()),
        ("form (driven in Chromium)", measure_form()),
    ):
        print(
            f"Six people through the {path}: {keys} key presses ({characters} of them "
            f"characters, {keys - characters} other keys), {clicks} clicks"
        )


if __name__ == "__main__":
    main()
