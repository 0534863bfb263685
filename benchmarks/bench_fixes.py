"""Suggested fixes on generated teams: time to the best proposal, and how often the
solver proves it the cheapest within its time cap.

    .venv/bin/python benchmarks/bench_fixes.py [--teams 30] [--repeat 3] [--judge-only]

Teams are generated like real ones: a sponsor, people on one to three positions with
slivers, some of them booked above their FTE, a business-minded few. Reported: for a
25-person and a 100-person team (goal critical, with and without the two alternatives)
the best of --repeat runs and the slowest; then, over --teams generated teams of 4 to
30 people and each goal, the share proven optimal and the median and worst times. Last,
the judge of the "survive any one absence" goal alone (every single absence of the team
checked), on the 25- and 100-person teams and on the 25-person team among 19 others.
Every line carries os.getloadavg(): above 2, read the numbers as upper bounds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from teambuilder.catalogue import catalogue, fix_settings
from teambuilder.fixes import FixOptions, suggest_fixes
from teambuilder.fixes.solver import _problem, judge
from teambuilder.models import Background, Person, Roster, TeamSettings


def generate(size: int, seed: int) -> Roster:
    rng = random.Random(seed)
    positions = [p for p in catalogue().position_ids if p != "executive_sponsor"]
    weights = [1 if p in ("evangelist", "outside_in", "inside_out", "architect") else 3
               for p in positions]  # fmt: skip
    people = []
    for index in range(size):
        fte = rng.choice([0.5, 0.8, 1.0, 1.0, 1.0])
        allocations: dict[str, float] = {}
        for pid in rng.choices(positions, weights=weights, k=rng.randint(1, 3)):
            allocations[pid] = rng.choice([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        if rng.random() < 0.15:  # someone booked above their FTE
            main = next(iter(allocations))
            allocations[main] = min(1.0, allocations[main] + 0.4)
        if index == 0:
            allocations["executive_sponsor"] = 0.05
        background = rng.choices(
            [Background.tech, Background.business, Background.mixed], weights=[6, 2, 2]
        )[0]
        people.append(
            Person(
                team="Generated",
                name=f"Person {index + 1:03d}",
                fte=fte,
                background=background,
                allocations=allocations,
            )
        )
    return Roster(teams=(TeamSettings(name="Generated"),), people=tuple(people))


def timed(roster: Roster, options: FixOptions) -> tuple[float, bool, bool]:
    started = time.perf_counter()
    result = suggest_fixes(roster, "Generated", options)
    seconds = time.perf_counter() - started
    found = result.proposal is not None
    return seconds, found, bool(found and result.proposal and result.proposal.optimal)


def organisation(size: int, teams: int) -> Roster:
    """The generated team of ``size``, plus ``teams - 1`` others like it (other names)."""
    first = generate(size, seed=size)
    people = list(first.people)
    settings = list(first.teams)
    for number in range(2, teams + 1):
        other = f"Team {number}"
        settings.append(TeamSettings(name=other))
        for person in generate(size, seed=size + number).people:
            people.append(
                person.model_copy(update={"team": other, "name": f"{other} {person.name}"})
            )
    return Roster(teams=tuple(settings), people=tuple(people))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"(load {one:.2f} / {five:.2f})"


def bench_judge(repeat: int) -> None:
    """The N-1 judge alone: the roster as it is, checked for every single absence."""
    cat, settings = catalogue(), fix_settings()
    print(f"\n{'N-1 judge, every single absence':<34} {'best':>9} {'worst':>9}")
    for size, teams in ((25, 1), (100, 1), (25, 20)):
        roster = organisation(size, teams)
        problem = _problem(roster, "Generated", FixOptions(goal="n1"), cat, settings)
        times = []
        for _ in range(max(repeat, 5)):
            started = time.perf_counter()
            judge(roster, roster, problem, [])
            times.append(time.perf_counter() - started)
        label = f"{size} people" + (f", one of {teams} teams" if teams > 1 else "")
        print(f"{label:<34} {1000 * min(times):>7.1f}ms {1000 * max(times):>7.1f}ms  {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--teams", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--judge-only", action="store_true", help="only time the N-1 judge")
    args = parser.parse_args()
    if args.judge_only:
        bench_judge(args.repeat)
        return
    cap = fix_settings().solver.time_cap_seconds
    print(f"time cap {cap:g} s per proposal, {fix_settings().solver.workers} solver workers\n")

    print(f"{'team':<28} {'best':>8} {'worst':>8}  proven cheapest")
    for size in (25, 100):
        roster = generate(size, seed=size)
        for label, alternatives in (("best proposal", 0), ("with 2 alternatives", 2)):
            runs = [
                timed(roster, FixOptions(alternatives=alternatives)) for _ in range(args.repeat)
            ]
            times = [t for t, _, _ in runs]
            proven = sum(p for _, _, p in runs)
            print(
                f"{size:>3} people, {label:<19} {min(times):>7.2f}s {max(times):>7.2f}s"
                f"  {proven}/{len(runs)}  {load()}"
            )

    print(f"\n{args.teams} generated teams of 4-30 people, best proposal only:")
    print(f"{'goal':<10} {'found':>7} {'proven':>7} {'median':>8} {'worst':>8}")
    rng = random.Random(13)
    sizes = [rng.randint(4, 30) for _ in range(args.teams)]
    for goal in ("critical", "all", "n1"):
        runs = [
            timed(generate(size, seed=1000 + i), FixOptions(goal=goal, alternatives=0))
            for i, size in enumerate(sizes)
        ]
        found = [r for r in runs if r[1]]
        proven = [r for r in found if r[2]]
        times = [t for t, _, _ in runs]
        print(
            f"{goal:<10} {len(found):>3}/{len(runs):<3} {len(proven):>3}/{len(found):<3}"
            f" {statistics.median(times):>7.2f}s {max(times):>7.2f}s  {load()}"
        )
    bench_judge(args.repeat)


if __name__ == "__main__":
    main()
