"""The organisation view and the HR import at size; prints the times.

    .venv/bin/python benchmarks/bench_org.py [--repeat 3] [--no-browser]

1. Core: score + organisation figures for 50 and 500 teams of 20 (1,000 and 10,000
   rows); an HR export of 10,000 and of 50,000 rows (the most an import reads, about
   5 MB) read, guessed and applied, with the peak memory Python allocated.
2. AppTest: the Organisation page at 500 teams, its first run and a filter rerun.
3. Browser (Playwright + Debian Chromium, a server on 127.0.0.1): from the click on
   "Organisation" until the 500-row grid shows (first visit, and again after the
   Formation page), and from a search until the filtered grid shows.
Reported: the best of --repeat runs, the least disturbed by the rest of the machine,
each line with the load average (1, 5, 15 min) when it was printed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from teambuilder.hr_import import apply_mapping, guess_mapping, read_export  # noqa: E402
from teambuilder.organisation import organisation, resilience_to_single_absences  # noqa: E402
from teambuilder.roster_io import roster_to_csv  # noqa: E402
from teambuilder.scoring import score  # noqa: E402
from teambuilder.workspace import workspace_from_roster  # noqa: E402
from tests.servers import StreamlitServer, exit_if_it_does_not_start, free_port  # noqa: E402
from tests.test_organisation import organisation_roster  # noqa: E402

TITLES = [
    "Sr. MLE",
    "Data Scientist",
    "Staff SWE, ML Infra",
    "Head of DS",
    "SRE",
    "Data Engineer",
    "Product Owner",
    "Analytics Engineer",
    "VP Data & AI",
    "Chef",
]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"  [load {one:.1f} {five:.1f} {fifteen:.1f}]"


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def hr_export(rows: int, seed: int = 3) -> bytes:
    """A Workday-like export: ids, names, titles, departments of 20, managers by id, hours."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Employee ID",
            "Worker",
            "Business Title",
            "Supervisory Organization",
            "Manager ID",
            "Scheduled Weekly Hours",
            "Worker Status",
            "Location",
        ]
    )
    for i in range(rows):
        lead = i - i % 20
        writer.writerow(
            [
                f"{100000 + i}",
                f"Person {i:05d}",
                rng.choice(TITLES),
                f"Dept {i // 20:04d}",
                "" if i == lead else f"{100000 + lead}",
                rng.choice(["40", "32", "20"]),
                rng.choice(["Active"] * 9 + ["On Leave"]),
                "Berlin",
            ]
        )
    return out.getvalue().encode()


def core(repeat: int) -> None:
    for teams in (50, 500):
        roster = organisation_roster(teams)
        report = score(roster)
        scoring = best_of(repeat, lambda r=roster: score(r))
        figures = best_of(repeat, lambda r=roster, p=report: organisation(r, p))
        with_n1 = best_of(
            repeat,
            lambda r=roster, p=report: organisation(
                r, p, resilience=resilience_to_single_absences(r)
            ),
        )
        print(
            f"core {teams:>3} teams ({teams * 20:>6} rows): score {scoring * 1000:7.1f} ms, "
            f"organisation figures {figures * 1000:6.1f} ms, "
            f"with N-1 resilience {with_n1 * 1000:6.1f} ms" + load()
        )
    for rows in (10_000, 50_000):
        data = hr_export(rows)

        def run(data: bytes = data) -> None:
            table = read_export(data, "export.csv")
            apply_mapping(table, guess_mapping(table))

        tracemalloc.start()
        run()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        took = best_of(repeat, run)
        print(
            f"HR import {rows:>6} rows ({len(data) / 1e6:4.1f} MB): read + guess + apply "
            f"{took * 1000:7.0f} ms, peak Python memory {peak / 1e6:5.0f} MB" + load()
        )


def apptest(repeat: int) -> None:
    import streamlit as st

    ws = workspace_from_roster(organisation_roster(500), label="Benchmark")
    firsts, agains, filters = [], [], []
    for _ in range(repeat):
        # The parsed and scored roster is cached by content in the process: start cold.
        st.cache_resource.clear()
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
        at.session_state["workspace"] = ws
        at.switch_page("views/organisation.py")
        start = time.perf_counter()
        at.run()
        firsts.append(time.perf_counter() - start)
        at.switch_page("views/formation.py")
        at.run()
        at.switch_page("views/organisation.py")
        start = time.perf_counter()
        at.run()
        agains.append(time.perf_counter() - start)
        start = time.perf_counter()
        at.text_input(key="org-search").input("Team 04").run()
        filters.append(time.perf_counter() - start)
    print(
        f"AppTest 500 teams: first run of the page, nothing cached {min(firsts) * 1000:6.0f} ms, "
        f"again after Formation {min(agains) * 1000:5.0f} ms, "
        f"filter rerun {min(filters) * 1000:5.0f} ms (server time)" + load()
    )


def browser(repeat: int) -> None:
    from playwright.sync_api import sync_playwright

    from teambuilder.export import CHROMIUM_ARGS

    server = StreamlitServer(free_port(), keep_log=False, stop_timeout=20)
    url = server.url
    try:
        with exit_if_it_does_not_start():
            server.start()
        with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
            # A roster of its own per run: the server caches what it has scored by content.
            bigs = []
            for run in range(repeat):
                big = Path(folder) / f"organisation-500-{run}.csv"
                big.write_text(roster_to_csv(organisation_roster(500, seed=run)), "utf-8")
                bigs.append(big)
            chromium = p.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=list(CHROMIUM_ARGS)
            )
            results: dict[str, list[float]] = {"first": [], "again": [], "filter": []}
            for big in bigs:
                page = chromium.new_page(viewport={"width": 1280, "height": 720})
                page.set_default_timeout(180_000)
                idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'

                def nav(name: str, page=page) -> None:
                    page.locator('[data-testid="stSidebarNav"]').get_by_role(
                        "link", name=name, exact=True
                    ).click()

                page.goto(url)
                page.locator(".js-plotly-plot").first.wait_for()
                page.locator(idle).wait_for()
                nav("Files and sharing")
                page.get_by_role("heading", name="Files and sharing").wait_for()
                page.locator(
                    '[data-testid="stFileUploader"] input[type="file"]'
                ).first.set_input_files(big)
                page.get_by_role("button", name="Replace my roster with this file").click()
                page.locator(".js-plotly-plot").first.wait_for()
                page.locator(idle).wait_for()
                for label in ("first", "again"):
                    start = time.perf_counter()
                    nav("Organisation")
                    page.get_by_text("Showing 500 of 500 teams.").wait_for()
                    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for()
                    page.locator(idle).wait_for()
                    results[label].append(time.perf_counter() - start)
                    if label == "first":
                        nav("Formation")
                        page.locator(".js-plotly-plot").first.wait_for()
                        page.locator(idle).wait_for()
                search = page.get_by_label("Find a team")
                start = time.perf_counter()
                search.fill("Team 04")
                search.press("Enter")
                page.get_by_text("Showing 10 of 500 teams.").wait_for()
                page.locator(idle).wait_for()
                results["filter"].append(time.perf_counter() - start)
                page.close()
            chromium.close()
        print(
            f"browser 500 teams: Organisation page first visit {min(results['first']):.2f} s, "
            f"again after Formation {min(results['again']):.2f} s, "
            f"search to filtered grid {min(results['filter']):.2f} s" + load()
        )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    core(args.repeat)
    apptest(args.repeat)
    if not args.no_browser:
        browser(args.repeat)


if __name__ == "__main__":
    main()
