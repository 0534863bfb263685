"""A workshop in real Chromium: a facilitator at 1280×720 and ten phones at 390×844."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import ACTION_TIMEOUT_MS, ARTIFACTS, EXCEPTION

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
HERO = "Meghan Okafor"
PHONES = 10


@pytest.fixture
def contexts(browser: Browser) -> Iterator[Callable[[dict[str, int]], Page]]:
    opened: list[BrowserContext] = []

    def new_page(viewport: dict[str, int]) -> Page:
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append(context)
        return context.new_page()

    try:
        yield new_page
    finally:
        for context in opened:
            context.close()


def settle(page: Page) -> None:
    page.locator(IDLE).wait_for()
    assert not page.locator(EXCEPTION).count(), page.locator(EXCEPTION).first.inner_text()


def choose(page: Page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


def test_ten_phones_vote_and_the_facilitator_sees_the_tally_then_closes(
    contexts: Callable[[dict[str, int]], Page],
    app_url: str,
    record_timing: Callable[[str, float], None],
) -> None:
    facilitator = contexts(PROJECTOR)
    facilitator.goto(f"{app_url}/workshop")
    settle(facilitator)
    facilitator.get_by_role("button", name=re.compile("Start a workshop")).click()
    settle(facilitator)
    code = facilitator.locator('[data-testid="stMetricValue"]').inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    facilitator.get_by_role("button", name="Reveal the votes").click()
    settle(facilitator)
    for _ in range(2):
        facilitator.get_by_role("button", name="Next step ▶").click()
        settle(facilitator)
    expect(facilitator.get_by_text("Step 3 of 5")).to_be_visible()

    phones = []
    for index in range(PHONES):
        phone = contexts(PHONE)
        phone.goto(f"{app_url}/?join={code}")
        settle(phone)
        phone.get_by_role("button", name="Join").click()
        settle(phone)
        expect(phone.get_by_text("Who covers each position today?")).to_be_visible()
        choose(phone, "MLOps engineer", HERO if index < 7 else "Nobody")
        phones.append(phone)

    last_vote = time.monotonic()
    tally = facilitator.get_by_text(f"MLOps engineer: 7 of {PHONES} say {HERO}; 3 say nobody.")
    tally.wait_for(timeout=15_000)
    record_timing(
        "workshop: last phone vote to the facilitator's tally", time.monotonic() - last_vote
    )

    width = phones[0].evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the phone page scrolls sideways ({width} px)"
    ARTIFACTS.mkdir(exist_ok=True)
    phones[0].screenshot(path=str(ARTIFACTS / "workshop-phone-390x844.png"))
    facilitator.screenshot(path=str(ARTIFACTS / "workshop-facilitator-1280x720.png"))

    facilitator.get_by_text("Yes, close it: the code stops working").click()
    settle(facilitator)
    facilitator.get_by_role("button", name="Close the workshop").click()
    settle(facilitator)
    expect(
        facilitator.get_by_text("This workshop is closed; its results are frozen.")
    ).to_be_visible()

    latecomer = contexts(PHONE)
    latecomer.goto(f"{app_url}/?join={code}")
    settle(latecomer)
    latecomer.get_by_role("button", name="Join").click()
    settle(latecomer)
    expect(latecomer.get_by_text(f"No open workshop has the code {code}")).to_be_visible()
    phones[1].reload()
    settle(phones[1])
    expect(phones[1].get_by_text("This workshop has ended.")).to_be_visible()
