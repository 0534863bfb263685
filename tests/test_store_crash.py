"""A process killed in the middle of saving loses nothing that was saved before it."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from teambuilder.services import history, list_scenarios, open_scenario
from teambuilder.store import open_store

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent(
    """
    import sys
    from teambuilder.models import Person, Roster
    from teambuilder.services import save_scenario
    from teambuilder.store import open_store

    store = open_store(sys.argv[1])
    people = tuple(
        Person(team=f"Team {i % 10}", name=f"Person {i}", fte=1, allocations={"ml_engineer": 0.5})
        for i in range(500)
    )
    roster = Roster(people=people)
    save_scenario(store, "Saved before", roster)
    print("saved", flush=True)
    for index in range(10_000):
        print("writing", index, flush=True)
        save_scenario(store, "Busy", roster, note=f"save {index}")
    """
)


def test_killing_a_process_mid_save_keeps_every_earlier_save(database_url):
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, database_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "saved"
            for _ in range(5):  # let a few saves through, then kill one half-way
                child.stdout.readline()
            time.sleep(0.013)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=30)

    store = open_store(database_url)
    try:
        names = {s.name: s for s in list_scenarios(store)}
        assert open_scenario(store, "Saved before").roster.people[499].name == "Person 499"
        busy = names["Busy"]
        assert busy.version >= 4
        versions = history(store, "Busy")
        assert [v.number for v in versions] == list(range(busy.version, 0, -1))
        assert len(open_scenario(store, "Busy").roster.people) == 500
    finally:
        store.close()
