"""Load and score generated organisation rosters; print the times.

    .venv/bin/python benchmarks/bench_core.py [--repeat 5]

Rosters of 1,000 rows (50 teams) and 10,000 rows (500 teams) of 20 people each, with
people shared between neighbouring teams, written to a temporary CSV and JSON file.
Reported: the best of --repeat runs (the least disturbed by the rest of the machine).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from teambuilder.catalogue import catalogue
from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.roster_io import load_roster, roster_to_csv, roster_to_json
from teambuilder.scoring import score

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


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
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
            results[rows] = (load_csv, load_json, scoring)
            teams = len(loaded.team_names())
            print(
                f"{rows:>6} rows, {teams:>3} teams: load CSV {load_csv * 1000:7.1f} ms, "
                f"load JSON {load_json * 1000:7.1f} ms, score {scoring * 1000:7.1f} ms, "
                f"CSV load + score {(load_csv + scoring) * 1000:7.1f} ms"
            )
    small, large = results[1_000], results[10_000]
    print(f"10x rows cost: load CSV x{large[0] / small[0]:.1f}, score x{large[2] / small[2]:.1f}")


if __name__ == "__main__":
    main()
