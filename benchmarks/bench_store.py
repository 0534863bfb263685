"""Scenario storage and comparison: save, open, list and compare; print the times.

    .venv/bin/python benchmarks/bench_store.py [--repeat 7] [--db URL]

Without --db it runs on a fresh SQLite file in a temporary folder (the default engine);
with --db postgresql+psycopg://... on that (empty) PostgreSQL database. Reported: the
median and the best of --repeat runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from teambuilder import services
from teambuilder.analysis.compare import compare
from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Roster
from teambuilder.store import Store, open_store

TEAM_SIZE = 20


def generate(people: int) -> Roster:
    """Teams of 20, each person on one or two positions (no randomness: same every run)."""
    positions = [p for p in catalogue().position_ids if p != "executive_sponsor"]
    found = []
    for index in range(people):
        first, second = positions[index % len(positions)], positions[(index * 7) % len(positions)]
        found.append(
            Person(
                team=f"Team {index // TEAM_SIZE:03d}",
                name=f"Person {index:04d}",
                title="Engineer",
                fte=1.0,
                allocations={first: 0.5, second: 0.3} if first != second else {first: 0.8},
            )
        )
    return Roster(people=tuple(found))


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def line(label: str, result: tuple[float, float]) -> None:
    load = "load " + " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{label:<52} median {result[0]:7.1f} ms   best {result[1]:7.1f} ms   {load}")


def changed(roster: Roster) -> Roster:
    """B: every fifth person moves half their time to the next position."""
    people = []
    for index, person in enumerate(roster.people):
        if index % 5 == 0 and person.allocations:
            position, fte = next(iter(person.allocations.items()))
            person = person.model_copy(update={"allocations": {position: fte / 2}})
        people.append(person)
    return roster.model_copy(update={"people": tuple(people[:-3])})


def run(store: Store, repeat: int) -> None:
    big = generate(500)
    small = generate(25)
    counter = iter(range(1_000_000))

    line(
        "save a 500-person scenario (new version)",
        timed(lambda: services.save_scenario(store, "Big", big), repeat),
    )
    line("open a 500-person scenario", timed(lambda: services.open_scenario(store, "Big"), repeat))
    for index in range(1_000):
        services.save_scenario(store, f"Scenario {index:04d}", small)
    listed = services.list_scenarios(store)
    assert len(listed) == 1_001
    line("list 1,000 scenarios", timed(lambda: services.list_scenarios(store), repeat))

    a = generate(100)
    services.save_scenario(store, "Option A", a)
    services.save_scenario(store, "Option B", changed(a))

    def open_and_compare() -> object:
        left = services.open_scenario(store, "Option A")
        right = services.open_scenario(store, "Option B")
        return compare(left.roster, right.roster)

    line("compare two 100-person scenarios (open both + compare)", timed(open_and_compare, repeat))
    line(
        "compare two 100-person rosters (compare only)",
        timed(lambda: compare(a, changed(a)), repeat),
    )
    line(
        "compare two 100-person rosters without N-1 resilience",
        timed(lambda: compare(a, changed(a), resilience=False), repeat),
    )
    draft = services.save_draft(store, small)
    line(
        "autosave a 25-person draft (one save_draft)",
        timed(lambda: services.save_draft(store, small, draft_id=draft), repeat),
    )
    line(
        "save a new scenario of 25 people",
        timed(lambda: services.save_scenario(store, f"New {next(counter)}", small), repeat),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--db", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        store = open_store(url)
        print(f"{store.describe()}, best and median of {args.repeat}")
        try:
            run(store, args.repeat)
        finally:
            store.close()


if __name__ == "__main__":
    main()
