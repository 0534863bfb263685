"""What autosave costs a main-page rerun: the same reruns with it and without it.

    .venv/bin/python benchmarks/bench_autosave.py [--runs 30]

AppTest runs the app (app.py, the Formation page) with a 25-person team against a fresh
SQLite file. "Without" replaces views.storage.keep_working_copy (the page's and the
fragment's autosave hook) with a function that does nothing; "with" is the app as
shipped; "previous" is the hook as it was before drafts kept the typed rows (it parsed
the tables again on every rerun). Runs rotate between the three, so a change in the
machine's load hits all alike. Two cases:

- a rerun that changes nothing (a click elsewhere, a redraw): autosave compares the
  typed rows with the draft and writes nothing;
- a rerun after an edit of one cell: the report and the pitch are rebuilt, and autosave
  writes the draft (one save_draft).

Prints the median and the 90th percentile per case and mode, in wall time and in CPU
time of this process ("cpu": what the rerun itself costs, much less sensitive to other
work on the machine), the ratio with/without (the issue's target is at most 1.2), and
os.getloadavg() next to every line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # views/ and the team generator of bench_app

import views.storage  # noqa: E402
from benchmarks.bench_app import TEAM, percentile_90, team_of  # noqa: E402
from teambuilder.workspace import workspace_from_roster  # noqa: E402

SHIPPED = views.storage.keep_working_copy
MODES = ("without", "previous", "with")
LABELS = {
    "without": "without autosave          ",
    "previous": "autosave, previous hook   ",
    "with": "autosave as shipped       ",
}


def previous_keep_working_copy(parsed: object = None) -> None:
    """Autosave as it was before the draft kept typed rows: parse again, compare rosters."""
    import streamlit as st

    from teambuilder.workspace import parse_workspace
    from views.state import current_team, workspace

    ws = workspace()
    found = parse_workspace(ws)
    known = {person.name for person in found.roster.people}
    away = [name for name in ws.away if name in known]
    draft_id = views.storage.autosave(found.roster, away, current_team(ws))
    if draft_id and st.query_params.get("draft") != draft_id:
        st.query_params["draft"] = draft_id


HOOKS: dict[str, Callable[..., None]] = {
    "without": lambda parsed=None: None,
    "previous": previous_keep_working_copy,
    "with": SHIPPED,
}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["workspace"] = workspace_from_roster(team_of(25), label="Benchmark")
    at.run()
    assert not at.exception, at.exception
    return at


# CPU seconds of this process per rerun (AppTest runs the script in a thread of it): on a
# machine shared with other work, wall time mostly measures the others; CPU time does not.
CPU: dict[str, list[float]] = {}


def timed(at: AppTest, mode: str, before: Callable[[], None]) -> float:
    views.storage.keep_working_copy = HOOKS[mode]
    try:
        before()
        start, cpu = time.perf_counter(), time.process_time()
        at.run()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    finally:
        views.storage.keep_working_copy = SHIPPED
    assert not at.exception, at.exception
    CPU.setdefault(mode, []).append(cpu_seconds)
    return seconds


def measure(runs: int) -> dict[tuple[str, str], list[float]]:
    sessions = {mode: session() for mode in MODES}
    times: dict[tuple[str, str], list[float]] = {}
    for run in range(runs):
        shift = run % len(MODES)  # rotate which mode goes first
        for mode in MODES[shift:] + MODES[:shift]:
            at = sessions[mode]
            CPU.clear()
            times.setdefault(("unchanged", mode), []).append(timed(at, mode, lambda: None))
            times.setdefault(("unchanged cpu", mode), []).extend(CPU[mode])

            # A value of its own per mode and run: the pitch cache is shared by the
            # sessions of one process, so the same value would be drawn only once.
            value = round(0.1 + 0.03 * run + 0.01 * MODES.index(mode), 2)

            def edit(at: AppTest = at, value: float = value) -> None:
                at.session_state[f"editor-{TEAM}-0"] = {
                    "edited_rows": {3: {"data_scientist": value}},
                    "added_rows": [],
                    "deleted_rows": [],
                }

            CPU.clear()
            times.setdefault(("edit", mode), []).append(timed(at, mode, edit))
            times.setdefault(("edit cpu", mode), []).extend(CPU[mode])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TEAMBUILDER_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        print(f"start: {load()}")
        times = measure(args.runs)
    for case in ("unchanged", "unchanged cpu", "edit", "edit cpu"):
        medians = {}
        for mode in MODES:
            found = times[(case, mode)]
            medians[mode] = statistics.median(found)
            print(
                f"{case:13s} rerun, {LABELS[mode]}: median {medians[mode] * 1000:6.1f} ms, "
                f"p90 {percentile_90(found) * 1000:6.1f} ms over {len(found)}; {load()}"
            )
        print(
            f"{case:13s} rerun: with/without = {medians['with'] / medians['without']:.2f}, "
            f"previous/without = {medians['previous'] / medians['without']:.2f}; {load()}"
        )


if __name__ == "__main__":
    main()
