"""Time the N-1/N-2 stress test; print the numbers.

    .venv/bin/python benchmarks/bench_stress.py [--repeat 3] [--skip-org]

One team of 10, 15, 25, 50 and 100 people (N-1, N-2; N-3 up to 15 people), and N-2 of
every team of the 10,000-row organisation of bench_core.py (500 teams of 20).
Reported: the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from bench_core import generate

from teambuilder.analysis.stress import combination_count, stress_test
from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Roster, TeamSettings


def team_of(size: int, seed: int = 3) -> Roster:
    """One team: a sponsor, leads, and engineers spread over the positions."""
    rng = random.Random(seed)
    positions = [p for p in catalogue().position_ids if p != "executive_sponsor"]
    people = []
    for index in range(size):
        allocations = {rng.choice(positions): round(rng.uniform(0.2, 0.7), 2)}
        if rng.random() < 0.5:
            allocations[rng.choice(positions)] = round(rng.uniform(0.1, 0.3), 2)
        if index < 2:
            allocations["executive_sponsor"] = 0.05
        boss = f"Person {index // 4:03d}" if index >= 4 else None
        people.append(
            Person(
                team="Team",
                name=f"Person {index:03d}",
                fte=1.0,
                reports_to=boss,
                allocations=allocations,
            )
        )
    return Roster(teams=(TeamSettings(name="Team"),), people=tuple(people))


WALL = False


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The best CPU time of ``repeat`` runs (``--wall``: wall-clock time instead).

    The work is single-threaded, so on a quiet machine the two agree; on a machine
    shared with other jobs, wall time mostly measures the neighbours.
    """
    clock = time.perf_counter if WALL else time.process_time
    times = []
    for _ in range(repeat):
        start = clock()
        action()
        times.append(clock() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-org", action="store_true", help="skip the 10,000-row run")
    parser.add_argument("--wall", action="store_true", help="wall-clock instead of CPU time")
    args = parser.parse_args()
    global WALL
    WALL = args.wall
    catalogue()
    for size in (10, 15, 25, 50, 100):
        roster = team_of(size)
        for depth in (1, 2, 3):
            if depth == 3 and size > 15:
                continue
            count = combination_count(size, depth)
            took = best_of(args.repeat, lambda r=roster, d=depth: stress_test(r, depth=d))
            print(
                f"team of {size:>3}, N-{depth}: {count:>6,} combinations in {took * 1000:8.1f} ms "
                f"({took / count * 1e6:6.1f} µs each)"
            )
    if not args.skip_org:
        org = generate(10_000)
        teams = len(org.team_names())
        count = sum(combination_count(20, 2) for _ in range(teams))
        took = best_of(1, lambda: stress_test(org, depth=2))
        print(
            f"10,000 rows ({teams} teams of 20), N-2 of every team: {count:,} combinations "
            f"in {took:.1f} s"
        )


if __name__ == "__main__":
    main()
