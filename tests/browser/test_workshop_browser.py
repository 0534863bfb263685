"""A workshop in real Chromium: a facilitator at 1280×720 and ten phones at 390×844."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

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


def click_then(page: Page, target: Locator, outcome: Locator) -> None:
    """Click, then wait for what the click must bring: right after a click the page may
    still report the previous run as finished, so waiting for idle alone can read too early."""
    target.click()
    expect(outcome.first).to_be_visible()
    settle(page)


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
    click_then(
        facilitator,
        facilitator.get_by_role("button", name=re.compile("Start a workshop")),
        facilitator.locator('[data-testid="stMetricValue"]'),
    )
    code = facilitator.locator('[data-testid="stMetricValue"]').inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z0-9]{6}", code)
    click_then(
        facilitator,
        facilitator.get_by_role("button", name="Reveal the votes"),
        facilitator.get_by_role("button", name="Hide the votes"),
    )
    for step in (2, 3):
        click_then(
            facilitator,
            facilitator.get_by_role("button", name="Next step ▶"),
            facilitator.get_by_text(f"Step {step} of 5"),
        )

    phones = []
    for index in range(PHONES):
        phone = contexts(PHONE)
        phone.goto(f"{app_url}/?join={code}")
        settle(phone)
        click_then(
            phone,
            phone.get_by_role("button", name="Join"),
            phone.get_by_text("Who covers each position today?"),
        )
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

    close = facilitator.get_by_role("button", name="Close the workshop")
    facilitator.get_by_text("Yes, close it: the code stops working").click()
    expect(close).to_be_enabled()
    settle(facilitator)
    click_then(
        facilitator,
        close,
        facilitator.get_by_text("This workshop is closed; its results are frozen."),
    )

    latecomer = contexts(PHONE)
    latecomer.goto(f"{app_url}/?join={code}")
    settle(latecomer)
    click_then(
        latecomer,
        latecomer.get_by_role("button", name="Join"),
        latecomer.get_by_text(f"No open workshop has the code {code}"),
    )
    phones[1].reload()
    settle(phones[1])
    expect(phones[1].get_by_text("This workshop has ended.")).to_be_visible()
