"""How fast the dashboard answers: server time per rerun, and edit-to-pitch in a browser.

    .venv/bin/python benchmarks/bench_app.py [--runs 20] [--no-browser]

1. AppTest: a 25-person team, the main page rerun ``--runs`` times; prints the median
   and the 90th percentile of the server time per rerun, with nobody away and with two
   people away (absences score the roster once more per absent person).
2. Browser (Playwright + Debian Chromium): runs the browser test that edits one cell of
   the roster editor, which times from the keypress that commits the edit until the
   pitch in the page shows the change.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.workspace import workspace_from_roster

ROOT = Path(__file__).resolve().parent.parent
TEAM = "Benchmark United"


def team_of(size: int) -> Roster:
    positions = [p for p in catalogue().position_ids if p != "executive_sponsor"]
    people = [Person(team=TEAM, name="Sponsor", fte=0.2, allocations={"executive_sponsor": 0.05})]
    for index in range(1, size):
        first = positions[index % len(positions)]
        second = positions[(index * 3) % len(positions)]
        people.append(
            Person(
                team=TEAM,
                name=f"Member {index:02d}",
                title="Engineer",
                fte=1.0,
                reports_to="Sponsor",
                allocations={first: 0.6, second: 0.3} if first != second else {first: 0.9},
            )
        )
    return Roster(teams=(TeamSettings(name=TEAM, mission_critical=True),), people=tuple(people))


def apptest_reruns(runs: int, away: list[str], *, edit: bool = False) -> list[float]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["workspace"] = workspace_from_roster(team_of(25), label="Benchmark")
    at.run()
    if away:
        at.multiselect(key="away-0").set_value(away)
        at.run()
    times = []
    for run in range(runs):
        if edit:  # a different value each run: the report and the pitch are rebuilt
            at.session_state[f"editor-{TEAM}-0"] = {
                "edited_rows": {3: {"data_scientist": 0.1 + 0.01 * run}},
                "added_rows": [],
                "deleted_rows": [],
            }
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def describe(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[max(0, int(len(ordered) * 0.9) - 1)]
    return (
        f"{label}: median {statistics.median(times) * 1000:.0f} ms, "
        f"p90 {p90 * 1000:.0f} ms over {len(times)} reruns"
    )


EDIT_TEST = (
    "tests/browser/test_browser.py::"
    "test_an_edit_in_the_roster_editor_updates_the_pitch_and_the_warnings"
)
TIMING_LINE = re.compile(r"edit-to-updated-pitch: (\d+) ms")


def browser_edit_to_pitch(repeats: int) -> list[float]:
    """Run the browser test that edits a cell; it measures and prints the time itself.

    Reusing the test keeps one way of driving the grid; each run starts a fresh server
    and browser, and only the keypress-to-pitch time is read from its summary.
    """
    times = []
    for _ in range(repeats):
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", EDIT_TEST],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        found = TIMING_LINE.search(result.stdout)
        if result.returncode != 0 or not found:
            raise SystemExit(f"the browser edit test failed:\n{result.stdout}\n{result.stderr}")
        times.append(int(found.group(1)) / 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--browser-repeats", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(describe("AppTest rerun, 25 people, nobody away", apptest_reruns(args.runs, [])))
    away = ["Member 01", "Member 02"]
    print(describe("AppTest rerun, 25 people, 2 away", apptest_reruns(args.runs, away)))
    edits = apptest_reruns(args.runs, [], edit=True)
    print(describe("AppTest rerun after an edit (pitch rebuilt), 25 people", edits))
    if not args.no_browser:
        times = browser_edit_to_pitch(args.browser_repeats)
        print(
            f"Browser edit-to-pitch: median {statistics.median(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms over {len(times)} edits"
        )


if __name__ == "__main__":
    main()
