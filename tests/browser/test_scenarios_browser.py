"""Scenarios in a real browser: two Streamlit servers sharing one real PostgreSQL.

Server 1 and server 2 run ``streamlit run app.py`` on two loopback ports with the same
``TEAMBUILDER_DATABASE_URL``. What one saves, the other lists and opens; a save made in
a second browser context on a version that has moved on is refused there.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.store import open_store
from tests.browser.conftest import (
    ROOT,
    SERVER_START_TIMEOUT,
    _failure_screenshot,
    fail_if_it_does_not_start,
)
from tests.helpers import make_person
from tests.servers import StreamlitServer, free_port, is_healthy, stop_process

pytestmark = pytest.mark.browser
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWPORT = {"width": 1280, "height": 2000}
TIMEOUT_MS = 60_000  # two servers and a browser on two shared cores: reruns can be slow


@pytest.fixture(scope="module")
def shared_database(postgres_server: str) -> Iterator[str]:
    name = f"tb_browser_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


COOKIE_SECRET = "the-same-secret-on-every-replica"
NGINX = Path("/usr/sbin/nginx")
NGINX_SITE = ROOT / "deploy" / "nginx-teambuilder.conf"


@pytest.fixture(scope="module")
def servers(shared_database: str) -> Iterator[list[str]]:
    """Two app servers, two ports, one PostgreSQL, one cookie secret."""
    env = {
        **os.environ,
        "TEAMBUILDER_DATABASE_URL": shared_database,
        "STREAMLIT_SERVER_COOKIE_SECRET": COOKIE_SECRET,
    }
    replicas = [StreamlitServer(free_port(), env=env) for _ in range(2)]
    try:
        for replica in replicas:
            replica.launch()  # side by side: both start while the first one is awaited
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        with fail_if_it_does_not_start():
            for replica in replicas:
                replica.wait_until_healthy(deadline)
        yield [replica.url for replica in replicas]
    finally:
        for replica in replicas:
            replica.stop()


def open_page(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.goto(url)
    tab.locator(IDLE).wait_for()
    return context, tab


def go(tab: Page, title: str) -> None:
    """Follow a page link in the sidebar (the session, and its roster, stay)."""
    tab.get_by_role("link", name=title).click()
    if title == "Formation":
        tab.locator(".js-plotly-plot").first.wait_for()
    else:
        tab.get_by_role("heading", name=title, exact=True).wait_for()
    tab.locator(IDLE).wait_for()


def test_what_one_server_saves_the_other_opens_and_a_stale_save_there_is_refused(
    browser, servers, shared_database, request
):
    first_url, second_url = servers
    first_context, first = open_page(browser, f"{first_url}/scenarios")
    second_context: BrowserContext | None = None
    second = first
    try:
        first.get_by_label("Save as a new scenario named").fill("Shared plan 🚀 <b>x</b>")
        first.get_by_label("Save as a new scenario named").press("Enter")
        first.locator(IDLE).wait_for()
        first.get_by_role("button", name="Save as a new scenario").click()
        first.get_by_text("as version 1").wait_for()
        assert "scenario=" in first.url

        second_context, second = open_page(browser, f"{second_url}/scenarios")
        second.get_by_text("Shared plan 🚀 <b>x</b> · version 1").wait_for()
        second.get_by_role("button", name="Open the latest version").click()
        second.get_by_text("Scenario: Shared plan 🚀 <b>x</b> (version 1)").wait_for()
        assert "scenario=" in second.url
        go(second, "Scenarios")

        go(first, "Formation")
        go(first, "Scenarios")
        first.get_by_role("button", name="Save as version 2 of this scenario").click()
        first.get_by_text("as version 2").wait_for()

        second.get_by_role("button", name="Save as version 2 of this scenario").click()
        second.get_by_text("Not saved:").wait_for()
        expect(second.get_by_text("it is at version 2 now", exact=False)).to_be_visible()
        expect(second.get_by_role("button", name="Save as a new branch")).to_be_visible()
        expect(second.get_by_role("button", name="Reload the latest version")).to_be_visible()

        store = open_store(shared_database)
        try:
            assert [v.number for v in services.history(store, "Shared plan 🚀 <b>x</b>")] == [2, 1]
        finally:
            store.close()
        second.get_by_role("button", name="Save as a new branch").click()
        second.get_by_text("as version 1").wait_for()
    except Exception:
        _failure_screenshot(first, request.node.name + "-first")
        _failure_screenshot(second, request.node.name + "-second")
        raise
    finally:
        first_context.close()
        if second_context is not None:
            second_context.close()


def test_compare_two_scenarios_shows_both_formations(browser, servers, shared_database, request):
    startup = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    hire = make_person("Ana Hire", team="Loopwise", platform_engineer=0.5, mlops_engineer=0.5)
    store = open_store(shared_database)
    try:
        services.save_scenario(store, "Compare: today", startup)
        services.save_scenario(
            store, "Compare: hire", startup.model_copy(update={"people": (*startup.people, hire)})
        )
    finally:
        store.close()
    context, tab = open_page(browser, f"{servers[1]}/compare")
    try:
        tab.locator(".js-plotly-plot").nth(1).wait_for()
        titles = tab.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')].map(p => p.layout.title.text)"
        )
        people = tab.evaluate(
            "() => [...document.querySelectorAll('.js-plotly-plot')]"
            ".map(p => JSON.stringify(p.data))"
        )
        assert "A · Loopwise" in titles[0] and "B · Loopwise" in titles[1]
        assert "Ana Hire" in people[0] and "Ana Hire" not in people[1]
        expect(tab.get_by_text("A: Compare: hire (version 1)")).to_be_visible()
        expect(tab.get_by_text("B: The roster in this tab")).to_be_visible()
        tab.locator('[data-testid="stMain"]').screenshot(
            path=str(ROOT / "test-artifacts" / "compare.png")
        )
    except Exception:
        _failure_screenshot(tab, request.node.name)
        raise
    finally:
        context.close()


@pytest.fixture
def proxy(servers: list[str], tmp_path: Path) -> Iterator[str]:
    """deploy/nginx-teambuilder.conf in front of the two servers, on a loopback port."""
    if not NGINX.exists():
        pytest.skip("nginx is not installed (apt-get install nginx, as .ci/run does): not checked")
    port = free_port()
    upstreams = "".join(f"    server {url.removeprefix('http://')};\n" for url in servers)
    site = NGINX_SITE.read_text()
    site = site.replace("    server 127.0.0.1:8501;\n    server 127.0.0.1:8502;\n", upstreams)
    site = site.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    assert upstreams in site and f"127.0.0.1:{port};" in site
    (tmp_path / "site.conf").write_text(site)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / folder).mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"  access_log off;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  fastcgi_temp_path {tmp_path}/fastcgi;\n"
        f"  uwsgi_temp_path {tmp_path}/uwsgi;\n  scgi_temp_path {tmp_path}/scgi;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    command = [str(NGINX), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
               "-g", "daemon off;"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while not is_healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"nginx did not start: {(tmp_path / 'error.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        stop_process(proc)
        if proc.stderr:
            proc.stderr.close()


def test_the_nginx_configuration_serves_the_app_with_its_websocket(browser, proxy, request):
    context, tab = open_page(browser, f"{proxy}/scenarios")
    try:
        tab.get_by_label("Save as a new scenario named").fill("Through the proxy")
        tab.get_by_label("Save as a new scenario named").press("Enter")
        tab.locator(IDLE).wait_for()
        tab.get_by_role("button", name="Save as a new scenario").click()
        tab.get_by_text("Saved 'Through the proxy' as version 1").wait_for()
        go(tab, "Formation")
    except Exception:
        _failure_screenshot(tab, request.node.name)
        raise
    finally:
        context.close()
