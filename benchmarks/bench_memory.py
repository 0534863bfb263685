"""Is the memory of closed sessions given back? Prints the server's RSS over time.

    .venv/bin/python benchmarks/bench_memory.py [--sessions 3] [--teams 500] [--keep]

A Streamlit server on 127.0.0.1 (its own SQLite file for drafts). Three browser sessions
(Playwright + Debian Chromium), each uploads its own large roster (500 teams of 20, 10,000
rows: the size the Organisation page is made for) through Files and sharing, then opens
the Organisation page. The tabs are closed; the server drops a session's state once its
websocket has been gone for ``server.disconnectedSessionTTL`` (120 s by default, 10 s
here) and the parsed-roster caches drop an entry unused for TEAMBUILDER_CACHE_SECONDS
(10 minutes by default, 30 s here), so the wait stays bounded. RSS is read from
/proc/<pid>/status: before any session, after each, and every 10 s after the tabs close,
until it stops falling or --wait seconds have passed; then one more session of the same
size shows whether the closed sessions' memory is reused (freed) or still held. Each line
has the load average.

The server runs under benchmarks/memory_probe.py, which prints beside each RSS what the
server holds (sessions kept, AppSession objects and DataFrames alive, CPython's blocks);
after the wait it drops any stored session past its TTL and calls malloc_trim(0), showing
what each step gives back. ``--keep`` turns off the app's session reaper
(views/sessions.py) and those two steps: Streamlit's own behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teambuilder.roster_io import roster_to_csv  # noqa: E402
from tests.servers import StreamlitServer, free_port  # noqa: E402
from tests.test_organisation import organisation_roster  # noqa: E402

SESSION_TTL = 10
CACHE_SECONDS = 30
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def load() -> str:
    return "[load " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + "]"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def ask(folder: Path, command: str) -> dict[str, float]:
    """What the server holds now (see memory_probe.py), after ``command`` if any."""
    reply = folder / "answer.json"
    reply.unlink(missing_ok=True)
    (folder / "command").write_text(command)
    deadline = time.monotonic() + 120
    while not reply.exists():
        if time.monotonic() > deadline:
            raise RuntimeError(f"the probe did not answer {command!r} within 120 s")
        time.sleep(0.3)
    answer: dict[str, float] = json.loads(reply.read_text())
    return answer


def held(folder: Path, command: str = "stats") -> str:
    a = ask(folder, command)
    change = f"RSS {a['rss_before_mb']:.0f} -> {a['rss_mb']:.0f} MB; " if command != "stats" else ""
    return change + (
        f"sessions: {a['active_sessions']:.0f} connected, {a['stored_sessions_held']:.0f} "
        f"stored ({a['stored_sessions_live']:.0f} within the TTL); alive: "
        f"{a['app_sessions_alive']:.0f} AppSession, {a['dataframes_alive']:.0f} DataFrame, "
        f"{a['allocated_blocks'] / 1e6:.2f} M Python blocks"
    )


def start_server(port: int, folder: Path, *, reaper: bool) -> StreamlitServer:
    """The app run by memory_probe.py (which answers in ``folder``), started and healthy."""
    env = {
        **os.environ,
        **({} if reaper else {"TEAMBUILDER_SESSION_REAP_SECONDS": "0"}),
        "TEAMBUILDER_DATABASE_URL": f"sqlite:///{folder / 'drafts.db'}",
        "TEAMBUILDER_CACHE_SECONDS": str(CACHE_SECONDS),
    }
    server = StreamlitServer(
        port,
        env=env,
        launcher=[str(ROOT / "benchmarks" / "memory_probe.py"), str(folder)],
        extra_flags=["--server.disconnectedSessionTTL", str(SESSION_TTL)],
        keep_log=False,
        stop_timeout=30,
    )
    server.start()
    return server


def open_large_session(browser: object, url: str, roster_file: Path, teams: int) -> object:
    context = browser.new_context(viewport={"width": 1280, "height": 720})  # type: ignore[attr-defined]
    context.set_default_timeout(300_000)
    page = context.new_page()

    def nav(name: str) -> None:
        page.locator('[data-testid="stSidebarNav"]').get_by_role(
            "link", name=name, exact=True
        ).click()

    page.goto(url)
    page.locator(".js-plotly-plot").first.wait_for()
    page.locator(IDLE).wait_for()
    nav("Files and sharing")
    page.get_by_role("heading", name="Files and sharing").wait_for()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
        roster_file
    )
    page.get_by_role("button", name="Replace my roster with this file").click()
    page.get_by_role("heading", name="The whole team as a table").wait_for()
    page.locator(IDLE).wait_for()
    nav("Organisation")
    page.get_by_text(f"Showing {teams} of {teams} teams.").wait_for()
    page.locator(IDLE).wait_for()
    return context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--wait", type=int, default=150, help="most seconds to wait after")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Streamlit's own behaviour: no reaper in the server, no dropping or trimming after",
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from teambuilder.export import CHROMIUM_ARGS

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = []
        for index in range(args.sessions):  # a roster of its own per session: no sharing
            path = folder / f"organisation-{index}.csv"
            path.write_text(roster_to_csv(organisation_roster(args.teams, seed=index)), "utf-8")
            files.append(path)
        port = free_port()
        server = start_server(port, folder, reaper=not args.keep)
        try:
            time.sleep(2)
            before = rss_mb(server.pid)
            print(f"server started: RSS {before:6.0f} MB  {load()}", flush=True)
            print(f"  {held(folder)}", flush=True)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=list(CHROMIUM_ARGS)
                )
                contexts = []
                for index, path in enumerate(files, start=1):
                    start = time.perf_counter()
                    contexts.append(
                        open_large_session(browser, f"http://127.0.0.1:{port}", path, args.teams)
                    )
                    if index == 1:
                        first = rss_mb(server.pid)
                    print(
                        f"session {index} open ({args.teams * 20:,} rows, Organisation shown in "
                        f"{time.perf_counter() - start:4.1f} s): RSS {rss_mb(server.pid):6.0f} MB"
                        f"  {load()}",
                        flush=True,
                    )
                    print(f"  {held(folder)}", flush=True)
                peak = rss_mb(server.pid)
                for context in contexts:
                    context.close()  # type: ignore[attr-defined]
                browser.close()
            closed = time.monotonic()
            print(f"tabs closed: RSS {peak:6.0f} MB  {load()}", flush=True)
            print(f"  {held(folder)}", flush=True)
            lowest = peak
            while time.monotonic() - closed < args.wait:
                time.sleep(10)
                now = rss_mb(server.pid)
                print(
                    f"  {time.monotonic() - closed:5.0f} s after: RSS {now:6.0f} MB  {load()}",
                    flush=True,
                )
                print(f"    {held(folder)}", flush=True)
                settled = time.monotonic() - closed > SESSION_TTL + CACHE_SECONDS + 30
                if settled and now >= lowest - 1:
                    break  # dropped sessions and cache entries are behind us: no longer falling
                lowest = min(lowest, now)
            after = rss_mb(server.pid)
            print(
                f"after: RSS {after:6.0f} MB; given back to the system {peak - after:.0f} of the "
                f"{peak - before:.0f} MB the sessions took  {load()}",
                flush=True,
            )
            # Streamlit drops a stored session past its TTL only on its next write (another
            # tab disconnecting); the probe does it now, then asks glibc to hand back the
            # freed pages: the RSS after each step says what was held, and by whom.
            if not args.keep:
                print(f"  stored sessions past the TTL dropped: {held(folder, 'expire')}  {load()}")
                print(f"  malloc_trim(0): {held(folder, 'trim')}  {load()}", flush=True)
            after = rss_mb(server.pid)
            # CPython and malloc keep freed memory for reuse rather than hand it back, so
            # RSS alone cannot tell memory held from memory free. One more session of the
            # same size (a roster of its own) tells: if the closed sessions' memory was
            # freed, it is reused and RSS hardly grows; if it is still held, RSS grows again.
            extra = folder / "organisation-extra.csv"
            seed = args.sessions + 1
            extra.write_text(roster_to_csv(organisation_roster(args.teams, seed=seed)), "utf-8")
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=list(CHROMIUM_ARGS)
                )
                context = open_large_session(browser, f"http://127.0.0.1:{port}", extra, args.teams)
                again = rss_mb(server.pid)
                context.close()  # type: ignore[attr-defined]
                browser.close()
            print(
                f"one more session of the same size: RSS {again:6.0f} MB "
                f"({again - after:+.0f} MB; the first session took {first - before:.0f} MB)"
                f"  {load()}"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
