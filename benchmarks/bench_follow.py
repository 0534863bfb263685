"""Follow channels (a projector following the laptop): publish and poll, in milliseconds.

    .venv/bin/python benchmarks/bench_follow.py [--repeat 200] [--db URL]

Without --db on a fresh SQLite file in a temporary folder; with --db
postgresql+psycopg://... on that database (migrated to the latest schema). Measured, for
the start-up example: a page rerun that changed nothing (views/live.py compares with
the session's last publish, no database call); a publish that changes the step (one
read and one write by primary key); a publish that changes nothing (one read, no
write; the page skips even this); the follower's 1 s poll (one column of one row by
primary key); the full read a follower does when the version moved. Median and best
of --repeat, with the load average next to each line.
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
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.store import open_store


def timed(repeat: int, action: Callable[[int], object]) -> tuple[float, float]:
    times = []
    for index in range(repeat):
        start = time.perf_counter()
        action(index)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        store = open_store(url)
        try:
            channel = services.new_token()
            services.publish_channel(store, channel, roster, "Loopwise", (), 0)
            step = [0]

            def changed(_: int) -> None:
                step[0] += 1
                services.publish_channel(store, channel, roster, "Loopwise", (), step[0])

            same = (roster, "Loopwise", (), 0)
            copy = (load_roster(EXAMPLES_DIR / "startup_hero.csv"), "Loopwise", (), 0)
            cases: dict[str, Callable[[int], object]] = {
                "page rerun, nothing changed (compare, no DB)": lambda _: same == copy,
                "publish, step changed (read + write)": changed,
                "publish, nothing changed (read only)": lambda _: services.publish_channel(
                    store, channel, roster, "Loopwise", (), step[0]
                ),
                "poll: the version (1 row by primary key)": lambda _: services.channel_version(
                    store, channel
                ),
                "follower's read when it moved (roster parsed)": lambda _: services.read_channel(
                    store, channel
                ),
            }
            print(f"engine: {store.dialect}, {args.repeat} runs each")
            for name, action in cases.items():
                median, best = timed(args.repeat, action)
                load = os.getloadavg()[0]
                print(f"{name:48s} median {median:7.3f} ms  best {best:7.3f} ms  load {load:.2f}")
        finally:
            store.close()


if __name__ == "__main__":
    main()
