"""Load and score generated organisation rosters; print the times.

    .venv/bin/python benchmarks/bench_core.py [--repeat 5]

Rosters of 1,000 rows (50 teams) and 10,000 rows (500 teams) of 20 people each, with
people shared between neighbouring teams, written to a temporary CSV and JSON file.
Reported: the best of --repeat runs (the least disturbed by the rest of the machine).
Also: the same rosters with 5% of people away (each warning then names the absences it
depends on), a reporting chain of 10,000 and 50,000 people (the middle-management
search) and one person in 2,000 teams (the most a report covers).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.roster_io import load_roster, roster_to_csv, roster_to_json
from teambuilder.scoring import MAX_TEAMS, score

TEAM_SIZE = 20


def generate(rows: int, seed: int = 7) -> Roster:
    rng = random.Random(seed)
    positions = [p for p in catalogue().position_ids if p != "executive_sponsor"]
    teams = rows // TEAM_SIZE
    people: list[Person] = []
    for team_index in range(teams):
        team = f"Team {team_index:04d}"
        for member in range(TEAM_SIZE):
            # The last member of each team also works in the next team (same name, same FTE).
            shared = member == TEAM_SIZE - 1
            owner = (team_index + 1) % teams if shared else team_index
            name = f"Person {owner:04d}-{member:02d}" if not shared else f"Shared {team_index:04d}"
            allocations = {rng.choice(positions): round(rng.uniform(0.2, 0.6), 2)}
            if rng.random() < 0.5:
                allocations[rng.choice(positions)] = round(rng.uniform(0.1, 0.4), 2)
            if member == 0:
                allocations["executive_sponsor"] = 0.05
            people.append(
                Person(
                    team=team,
                    name=name,
                    title="Engineer",
                    fte=1.0,
                    reports_to=None,
                    allocations=allocations,
                )
            )
    settings = tuple(TeamSettings(name=f"Team {i:04d}") for i in range(teams))
    return Roster(teams=settings, people=tuple(people))


def away_share(roster: Roster, share: float, seed: int = 11) -> list[str]:
    names = sorted({p.name for p in roster.people})
    return random.Random(seed).sample(names, round(len(names) * share))


def chain(length: int) -> Roster:
    """Each person reports to the next, the last is the sponsor; every second one leads."""
    people = []
    for index in range(length):
        top = index == length - 1
        allocations = {"executive_sponsor": 0.1} if top else {}
        if not top and index % 2 == 0:
            allocations = {"tech_lead": 0.5}
        boss = None if top else f"P{index + 1:05d}"
        people.append(
            Person(
                team="Chain", name=f"P{index:05d}", fte=1, reports_to=boss, allocations=allocations
            )
        )
    return Roster(people=tuple(people))


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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wall", action="store_true", help="wall-clock instead of CPU time")
    args = parser.parse_args()
    global WALL
    WALL = args.wall
    catalogue()  # read the data files once, as the app does
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for rows in (1_000, 10_000):
            roster = generate(rows)
            csv_path = Path(folder) / f"org-{rows}.csv"
            json_path = Path(folder) / f"org-{rows}.json"
            csv_path.write_text(roster_to_csv(roster), encoding="utf-8")
            json_path.write_text(roster_to_json(roster), encoding="utf-8")
            loaded = load_roster(csv_path)
            load_csv = best_of(args.repeat, lambda p=csv_path: load_roster(p))
            load_json = best_of(args.repeat, lambda p=json_path: load_roster(p))
            scoring = best_of(args.repeat, lambda r=loaded: score(r))
            away = away_share(loaded, 0.05)
            scoring_away = best_of(args.repeat, lambda r=loaded, a=away: score(r, a))
            results[rows] = (load_csv, load_json, scoring, scoring_away)
            teams = len(loaded.team_names())
            print(
                f"{rows:>6} rows, {teams:>3} teams: load CSV {load_csv * 1000:7.1f} ms, "
                f"load JSON {load_json * 1000:7.1f} ms, score {scoring * 1000:7.1f} ms, "
                f"CSV load + score {(load_csv + scoring) * 1000:7.1f} ms"
            )
            print(
                f"{'':>18} {len(away)} away (5%): score {scoring_away * 1000:7.1f} ms, "
                f"CSV load + score {(load_csv + scoring_away) * 1000:7.1f} ms "
                f"(x{(load_csv + scoring_away) / (load_csv + scoring):.2f} of nobody away)"
                f"  [load {' '.join(f'{x:.1f}' for x in os.getloadavg())}]"
            )
    small, large = results[1_000], results[10_000]
    print(
        f"10x rows cost: load CSV x{large[0] / small[0]:.1f}, score x{large[2] / small[2]:.1f}, "
        f"score with 5% away x{large[3] / small[3]:.1f}"
    )
    for length in (10_000, 50_000):
        roster = chain(length)
        took = best_of(max(1, args.repeat // 2), lambda r=roster: score(r))
        print(f"reporting chain of {length:,} people: score {took * 1000:7.1f} ms")
    solo = Roster(
        people=tuple(
            Person(team=f"T{i:05d}", name="Solo", fte=1, allocations={"mlops_engineer": 0.5})
            for i in range(MAX_TEAMS)
        )
    )
    took = best_of(max(1, args.repeat // 2), lambda: score(solo))
    print(f"one person in {MAX_TEAMS:,} teams: score {took * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
