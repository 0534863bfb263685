"""How long laying out the pitch takes: label placement for every example and for large
teams, on the app's portrait column and the projector's landscape canvas.

    .venv/bin/python benchmarks/bench_pitch.py [--runs 7]

Prints the best of ``--runs`` builds of ``build_formation`` (placement included) and of
the whole plotly figure, in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from teambuilder.catalogue import EXAMPLES_DIR  # noqa: E402
from teambuilder.charts import formation_figure  # noqa: E402
from teambuilder.formation import LANDSCAPE, PORTRAIT, build_formation  # noqa: E402
from teambuilder.roster_io import load_roster  # noqa: E402
from teambuilder.scoring import score  # noqa: E402
from tests.large_teams import large_roster  # noqa: E402


def best(work, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    teams = [
        (path.stem, score(load_roster(path)).teams[0]) for path in sorted(EXAMPLES_DIR.iterdir())
    ]
    teams += [(f"{n} people (seed 0)", score(large_roster(n, 0)).teams[0]) for n in (15, 25)]
    print(f"{'team':<32} {'canvas':<10} {'layout ms':>10} {'figure ms':>10}")
    for name, team in teams:
        for canvas in (PORTRAIT, LANDSCAPE):
            layout = best(lambda t=team, c=canvas: build_formation(t, canvas=c), runs)
            figure = best(lambda t=team, c=canvas: formation_figure(t, canvas=c), runs)
            print(f"{name:<32} {canvas.orientation:<10} {layout:>10.0f} {figure:>10.0f}")


if __name__ == "__main__":
    main()
