"""What roster sizes the dashboard is made for: the Formation page's rerun time by size.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_sizes.py [--runs 5]

Generated rosters of teams of 25 (and one team of 1,000), opened as the app opens an
upload (``workspace_for``: above 1,000 people, one team at a time). For each: the first
run of the Formation page, then the median and worst of ``--runs`` reruns after a cell
edit (the report and the pitch rebuilt), through AppTest (server time, no browser).
The load average is printed with every line: above 2, read the numbers as upper bounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teambuilder.catalogue import catalogue  # noqa: E402
from teambuilder.large import workspace_for  # noqa: E402
from teambuilder.models import Person, Roster, TeamSettings  # noqa: E402

SIZES = [(25, 25), (250, 25), (1_000, 25), (1_000, 1_000), (1_050, 25), (5_000, 25), (20_000, 25)]


def roster(people: int, team_size: int) -> Roster:
    positions = list(catalogue().position_ids)
    teams = [TeamSettings(name=f"Team {t:04d}") for t in range(max(1, people // team_size))]
    members = [
        Person(
            team=team.name,
            name=f"Person {t:04d}-{i:04d}",
            fte=1.0,
            reports_to=None if i == 0 else f"Person {t:04d}-0000",
            allocations={positions[i % len(positions)]: 0.8},
        )
        for t, team in enumerate(teams)
        for i in range(team_size)
    ]
    return Roster(teams=tuple(teams), people=tuple(members))


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def measure(people: int, team_size: int, runs: int) -> str:
    ws = workspace_for(roster(people, team_size), label="Benchmark")
    team = ws.team_names[0]
    mode = "one team open" if ws.whole is not None else "all editable"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.session_state["workspace"] = ws
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    assert not at.exception, at.exception
    times = []
    for run in range(runs):
        at.session_state[f"editor-{team}-0"] = {
            "edited_rows": {1: {"fte": round(0.5 + 0.05 * run, 2)}},
            "added_rows": [],
            "deleted_rows": [],
        }
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    teams = people // team_size
    return (
        f"{people:>6,} people in {teams:>3} team(s) of {team_size:>5,} ({mode}): "
        f"first run {first:.2f} s; rerun after an edit median {statistics.median(times):.2f} s, "
        f"worst {max(times):.2f} s over {runs}; load average {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at the start: {load()}")
    for people, team_size in SIZES:
        print(measure(people, team_size, args.runs), flush=True)


if __name__ == "__main__":
    main()
