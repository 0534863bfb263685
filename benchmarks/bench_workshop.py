"""Does the facilitator's screen keep up with a room voting? A benchmark, not a test.

    .venv/bin/python benchmarks/bench_workshop.py [--participants 30] [--rounds 8]

Starts the app on a free loopback port with a throwaway SQLite database, opens the
Workshop page in Debian's Chromium (1280×720), starts a workshop and reveals the votes.
Then ``--participants`` simulated phones join and vote through the same use cases the
phone page calls (``teambuilder.workshop_services``), on the same database, each from its
own thread. Every round, all of them change their answer on the MLOps seat within about a
second; the clock runs from the round's last vote until the facilitator's page shows the
new tally. Prints the median, the 90th percentile and the worst of those delays. Bounded:
each round waits at most 15 s, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/servers.py starts the app

from playwright.sync_api import sync_playwright  # noqa: E402

from teambuilder.catalogue import workshop_guide  # noqa: E402
from teambuilder.export import CHROMIUM_ARGS  # noqa: E402
from teambuilder.store import open_store  # noqa: E402
from teambuilder.workshop.codes import JoinRateLimiter  # noqa: E402
from teambuilder.workshop.models import NOBODY  # noqa: E402
from teambuilder.workshop_services import join_workshop, vote_coverage  # noqa: E402
from tests.servers import StreamlitServer, exit_if_it_does_not_start, free_port  # noqa: E402

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
HERO = "Meghan Okafor"
ROUND_TIMEOUT_S = 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-workshop-"))
    url_db = f"sqlite:///{folder / 'workshop.sqlite3'}"
    env = {**os.environ, "TEAMBUILDER_DATABASE_URL": url_db}
    server = StreamlitServer(
        free_port(), env=env, keep_log=False, start_timeout=60, stop_timeout=20
    )
    app = server.url
    delays: list[float] = []
    try:
        with exit_if_it_does_not_start():
            server.start()
        store = open_store(url_db)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=list(CHROMIUM_ARGS)
            )
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"{app}/workshop")
            page.locator(IDLE).wait_for()
            page.get_by_role("button", name=re.compile("Start a workshop")).click()
            page.locator('[data-testid="stMetricValue"]').wait_for()
            code = page.locator('[data-testid="stMetricValue"]').inner_text().replace(" ", "")
            page.get_by_role("button", name="Reveal the votes").click()
            page.locator(IDLE).wait_for()
            for _ in range(2):
                page.get_by_role("button", name="Next step ▶").click()
                page.locator(IDLE).wait_for()
            limiter = JoinRateLimiter(workshop_guide().limits)
            phones = [
                join_workshop(store, code, client=f"sim-{i}", limiter=limiter).participant_id
                for i in range(args.participants)
            ]
            rng = random.Random(7)
            heroes = 0
            for round_number in range(args.rounds):
                # A tally that differs from the last one, so an old screen never counts.
                heroes = rng.choice([n for n in range(1, args.participants) if n != heroes])
                choices = [HERO] * heroes + [NOBODY] * (args.participants - heroes)
                rng.shuffle(choices)

                def cast(phone: str, choice: str) -> None:
                    time.sleep(rng.random())  # a room, not a single burst
                    vote_coverage(store, phone, "mlops_engineer", choice)

                threads = [
                    threading.Thread(target=cast, args=(phone, choice))
                    for phone, choice in zip(phones, choices, strict=True)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                last_vote = time.monotonic()
                expected = (
                    f"{heroes} of {args.participants} say {HERO}"
                    if heroes >= args.participants - heroes
                    else f"{args.participants - heroes} of {args.participants} say nobody"
                )
                page.get_by_text(expected).wait_for(timeout=ROUND_TIMEOUT_S * 1000)
                delays.append(time.monotonic() - last_vote)
                print(f"round {round_number + 1}: {delays[-1] * 1000:.0f} ms ({expected})")
            browser.close()
        store.close()
    finally:
        server.stop()
    ordered = sorted(delays)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]  # nearest rank
    print(
        f"{args.participants} participants, {len(delays)} rounds: last vote to the "
        f"facilitator's tally median {statistics.median(delays) * 1000:.0f} ms, "
        f"p90 {p90 * 1000:.0f} ms, worst {ordered[-1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
