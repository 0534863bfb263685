"""The app under the Content-Security-Policy the README gives for a reverse proxy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Route

from scripts.csp import policy
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT

pytestmark = pytest.mark.browser


def test_the_pitch_is_drawn_under_the_policy_and_nothing_of_the_app_is_blocked(
    browser: Browser, app_url: str
) -> None:
    # The policy is added to the page as a proxy would. A page fulfilled by the test
    # counts as public for Chromium's local-network checks, which would then block the
    # WebSocket to 127.0.0.1: those checks are off in this browser only.
    strict = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests",
        ],
    )
    try:
        page = strict.new_page(viewport=VIEWPORT)
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))

        def with_policy(route: Route) -> None:
            if route.request.resource_type != "document":
                route.continue_()
                return
            response = route.fetch()
            headers = {
                key: value
                for key, value in response.headers.items()
                if key not in ("content-encoding", "content-length")
            }
            headers["content-security-policy"] = policy()
            route.fulfill(response=response, headers=headers)

        page.route(f"{app_url}/**", with_policy)
        page.goto(app_url)
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()

        blocked = [text for text in console if "Content Security Policy" in text]
        # Streamlit fetches the page icon from a font site (being replaced by an icon
        # served by the app itself); nothing else may be blocked.
        assert [text for text in blocked if "fonts.gstatic.com" not in text] == []
        assert page.locator(".js-plotly-plot").count() >= 1
    finally:
        strict.close()
