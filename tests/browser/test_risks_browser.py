"""Accepted risks in real Chromium: one past its review date is an ordinary warning again,
with its health points; one accepted through the form stays muted until its date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import AcceptedRisk
from teambuilder.presentation import ranked_warnings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.share import SharedState, encode_state
from tests.browser.conftest import ACTION_TIMEOUT_MS, EXCEPTION

pytestmark = pytest.mark.browser

WAIT = ACTION_TIMEOUT_MS  # expect() waits 5 s by default: too short on a busy machine
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def settle(page: Page) -> None:
    page.locator(IDLE).wait_for()
    assert not page.locator(EXCEPTION).count(), page.locator(EXCEPTION).first.inner_text()


def test_a_risk_past_its_review_comes_back_and_one_accepted_now_stays_muted(
    page: Page, app_url: str
):
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    team = roster.team_names()[0]
    today = date.today()  # the server's day too: TEAMBUILDER_TODAY is not set for it
    due = ranked_warnings(score(roster).team(team))[0]
    past = today - timedelta(days=1)
    risk = AcceptedRisk(
        team=team,
        warning=subject_key(team, due.warning),
        code=due.warning.code,
        owner="Dana Lee",
        rationale="Waiting for the Q3 hire",
        review_on=past,
        accepted_on=today - timedelta(days=60),
    )
    shared = roster.model_copy(update={"accepted_risks": (risk,)})
    page.goto(f"{app_url}/?roster={encode_state(SharedState(roster=shared, team=team))}")

    # Past its review date: an ordinary warning again, its points counted, the record kept.
    expect(page.get_by_text(f"review due since {past.isoformat()}")).to_be_visible(timeout=WAIT)
    settle(page)
    card = page.locator('[data-testid="stMarkdownContainer"]').filter(
        has_text=f"{due.warning.title} · −{due.points} points"
    )
    expect(card.first).to_be_visible(timeout=WAIT)
    expect(card.first).not_to_contain_text("accepted", timeout=WAIT)
    expect(page.get_by_role("button", name="Accept this risk again")).to_have_count(1, timeout=WAIT)

    # Accepted now through the form, with the proposed review date: muted until then.
    page.get_by_role("button", name="Accept this risk", exact=True).first.click()
    page.get_by_label("Who accepts it").fill("Priya Nair")
    page.get_by_label("Why the team lives with it for now").fill("Hiring in Q1")
    page.get_by_role("button", name="Accept the risk").click()
    review = (today + timedelta(days=90)).isoformat()
    expect(
        page.get_by_text(
            f"Accepted as a risk by Priya Nair on {today.isoformat()}, review on {review}: "
            "Hiring in Q1"
        )
    ).to_be_visible(timeout=WAIT)
    settle(page)
    expect(page.get_by_text(f"review due since {past.isoformat()}")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("button", name="Withdraw the acceptance")).to_have_count(
        2, timeout=WAIT
    )
