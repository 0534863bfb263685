"""Fixtures for the real-browser tests: one Streamlit server and one Chromium per session.

The server is started with the interpreter running pytest, on a free port, and is always
terminated at the end of the session; ``tests/servers.py`` starts, checks and stops every
server of the tests and benchmarks. Chromium is Debian's (``/usr/bin/chromium``, which
``make test`` installs); Playwright's own browser downloads do not work on these machines.
A missing Chromium is a failure, not a skip: skipped tests would pass CI unnoticed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from teambuilder.export import CHROMIUM_ARGS as CHROMIUM_ARGS_USED_BY_EXPORT
from tests.servers import (
    START_TIMEOUT,
    ServerDidNotStart,
    StreamlitServer,
    free_port,
    is_healthy,
    stop_process,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = list(CHROMIUM_ARGS_USED_BY_EXPORT)  # one list of flags for the project
SERVER_START_TIMEOUT = START_TIMEOUT  # seconds (120)
VIEWPORT = {"width": 1600, "height": 2000}  # tall: Streamlit scrolls an inner container
ACTION_TIMEOUT_MS = 60_000  # generous: a loaded machine is slow to redraw
# expect() waits 5 s by default, too short for a rerun on a loaded machine: every
# assertion that waits gets the same patience as an action.
expect.set_options(timeout=ACTION_TIMEOUT_MS)
# The first page of a session waits for the server's first script run (imports, the
# example, the pitch): on a loaded 2-core machine that can take longer than an action.
FIRST_LOAD_TIMEOUT_MS = 90_000
EXCEPTION = '[data-testid="stException"]'


# The old names, still imported by other modules and branches (tests/servers.py has them).
_free_port = free_port
_healthy = is_healthy
_stop = stop_process


@contextlib.contextmanager
def fail_if_it_does_not_start() -> Iterator[None]:
    """A server that does not start fails the test with its log, without a traceback."""
    try:
        yield
    except ServerDidNotStart as error:
        pytest.fail(str(error), pytrace=False)


@contextlib.contextmanager
def serving(server: StreamlitServer) -> Iterator[str]:
    """The URL of ``server``, started and healthy, for the with-block; always stopped after."""
    try:
        with fail_if_it_does_not_start():
            server.start()
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The dashboard served by a real ``streamlit run app.py``."""
    with serving(StreamlitServer(free_port())) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright's sync API."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Install it with `make chromium` (apt-get install chromium); "
            "`playwright install` does not work on these machines.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageErrors:
    """What the page reported that a test may want to assert on."""

    dialogs: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


@pytest.fixture
def page_errors() -> PageErrors:
    return PageErrors()


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    """Remember whether a test's body failed, for the page fixture's screenshot."""
    report: pytest.TestReport = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture
def page(
    browser: Browser, app_url: str, page_errors: PageErrors, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh browser context and page per test, already showing the loaded app.

    A failed test leaves a screenshot in test-artifacts/ (CI can keep the folder).
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    tab: Page | None = None
    try:
        tab = context.new_page()

        def on_dialog(dialog: Dialog) -> None:
            page_errors.dialogs.append(f"{dialog.type}: {dialog.message}")
            with contextlib.suppress(Exception):
                dialog.dismiss()

        tab.on("dialog", on_dialog)
        tab.on("pageerror", lambda error: page_errors.exceptions.append(str(error)))
        try:
            tab.goto(app_url, timeout=FIRST_LOAD_TIMEOUT_MS)
            tab.locator(f".js-plotly-plot, {EXCEPTION}").first.wait_for(
                timeout=FIRST_LOAD_TIMEOUT_MS
            )
            tab.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
                timeout=FIRST_LOAD_TIMEOUT_MS
            )
        except Exception:
            _failure_screenshot(tab, request.node.name)
            raise
        if tab.locator(EXCEPTION).count():
            _failure_screenshot(tab, request.node.name)
            pytest.fail(
                "the app shows an exception on load:\n" + tab.locator(EXCEPTION).first.inner_text(),
                pytrace=False,
            )
        yield tab
    finally:
        if tab is not None and request.node.stash.get(_CALL_FAILED, False):
            _failure_screenshot(tab, request.node.name)
        context.close()


def _failure_screenshot(tab: Page, test_name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.suppress(Exception):
        tab.screenshot(path=str(ARTIFACTS / f"failed-{test_name}.png"))


# --- Timings: benchmarks, printed in the summary and never asserted on ---------------------

_TIMINGS: list[tuple[str, float]] = []


@pytest.fixture
def record_timing(
    record_property: Callable[[str, object], None],
) -> Callable[[str, float], None]:
    def record(label: str, seconds: float) -> None:
        _TIMINGS.append((label, seconds))
        record_property(label, round(seconds, 3))
        print(f"{label}: {seconds * 1000:.0f} ms")

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TIMINGS:
        terminalreporter.section("browser timings (benchmark, not asserted)")
        for label, seconds in _TIMINGS:
            terminalreporter.write_line(f"{label}: {seconds * 1000:.0f} ms")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives the browser: ``-m "not browser"`` leaves them out."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
