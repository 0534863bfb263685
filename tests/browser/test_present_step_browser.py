"""The presentation's step is never shown half-redrawn: one warning's number, severity
and points never sit beside another warning's title (issue 11: the enterprise overload
once read as "warning, 8 points" because the new heading was drawn above the old title).

Every state the step's text passes through while the facilitator presses Next is
recorded in the page (a MutationObserver), not read once after the click.
"""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.presentation import ranked_warnings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.browser.test_present_browser import link, open_view

ENTERPRISE = "enterprise_middle_management.json"
RECORD_JS = """() => {
  window.__steps = [];
  const box = document.querySelector('.st-key-present-step');
  const keep = () => window.__steps.push(box.innerText);
  new MutationObserver(keep).observe(box, {subtree: true, childList: true, characterData: true,
                                           attributes: true});
}"""


def test_every_state_of_the_step_pairs_a_warnings_heading_with_its_own_title(
    browser: Browser, app_url: str
):
    team_report = score(load_roster(EXAMPLES_DIR / ENTERPRISE)).team("Claims Automation")
    ranked = ranked_warnings(team_report)
    titles = {entry.warning.title for entry in ranked}
    page = open_view(browser, link(app_url, ENTERPRISE, "Claims Automation", present=True),
                     1280, 720)  # fmt: skip
    try:
        page.evaluate(RECORD_JS)
        step = page.locator(".st-key-present-step")
        for number in range(2, len(ranked) + 1):
            page.get_by_role("button", name="Next").click()
            expect(step).to_contain_text(f"Warning {number} of {len(ranked)}")
            expect(step).to_contain_text(ranked[number - 1].warning.title)
        seen: list[str] = page.evaluate("() => window.__steps")
    finally:
        page.context.close()

    assert seen, "no redraw of the step was recorded"
    for text in seen:
        for number, entry in enumerate(ranked, start=1):
            if f"Warning {number} of {len(ranked)}" not in text:
                continue
            shown = {title for title in titles if title in text}
            # A half-drawn state may lack a title for a moment, never show another one.
            assert shown <= {entry.warning.title}, (number, text)
