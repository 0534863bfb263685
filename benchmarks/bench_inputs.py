"""Hostile and large roster files: time and peak memory to accept or refuse each one.

    .venv/bin/python benchmarks/bench_inputs.py [--only TEXT] [--cli]

Each input of ``tests/hostile_inputs.py`` is written to a temporary file and read in a
fresh child process (``load_roster``, or with ``--cli`` the command ``teambuilder
validate``). Printed per input: the outcome, the wall time and the CPU time of the read
(without the interpreter's start-up; with ``--cli`` the whole command, start-up
included), the CPU time being the steadier number on a shared machine, and the child's
peak resident memory from
``os.wait4`` (the child's own ``getrusage``), which includes the interpreter and imports
(about 60 MB). The bar: under 2 s and under 300 MB, whatever the input.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_inputs import HOSTILE  # noqa: E402

# Runs in the child: read the file, report outcome and time as one JSON line.
CHILD = """
import json, sys, time
from teambuilder.roster_io import RosterError, load_roster
start, cpu = time.perf_counter(), time.process_time()
try:
    roster = load_roster(sys.argv[1])
    outcome, detail = "accepted", f"{len(roster.people):,} people"
except RosterError as error:
    text = str(error)
    outcome, detail = "refused", f"{len(text):,} characters, {text.count(chr(10)) + 1} lines"
print(json.dumps({"outcome": outcome, "detail": detail,
                  "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}))
"""


def measure(path: Path, cli: bool) -> dict[str, object]:
    """Run one child; its own peak RSS comes from os.wait4 (not the children's maximum)."""
    if cli:
        command = [sys.executable, "-m", "teambuilder", "validate", str(path)]
    else:
        command = [sys.executable, "-c", CHILD, str(path)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    result: dict[str, object] = {"peak_mb": usage.ru_maxrss / 1024}
    if cli:
        traceback = "Traceback" in stderr
        code = child.returncode
        outcome = {0: "accepted", 2: "refused"}.get(code, f"exit {code}")
        result |= {
            "outcome": outcome + (" WITH TRACEBACK" if traceback else ""),
            "detail": f"{len(stderr):,} characters on stderr, {stderr.count(chr(10))} lines",
            "seconds": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
        }
    else:
        if child.returncode:
            raise SystemExit(f"child failed for {path.name}:\n{stderr}")
        result |= json.loads(stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the inputs whose name contains this")
    parser.add_argument("--cli", action="store_true", help="run `teambuilder validate`")
    args = parser.parse_args()
    print(
        f"{'input':<48} {'size':>9} {'outcome':<9} {'time':>7} {'cpu':>7} {'peak RSS':>9}  detail"
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, (build, expected) in HOSTILE.items():
            if args.only.lower() not in name.lower():
                continue
            filename, data = build()
            path = Path(folder) / filename
            path.write_bytes(data)
            del data
            result = measure(path, args.cli)
            peak = f"{result['peak_mb']:.0f} MB"
            flag = "" if str(result["outcome"]).startswith(expected) else "  UNEXPECTED"
            print(
                f"{name:<48} {path.stat().st_size / 2**20:>6.1f} MB {result['outcome']!s:<9} "
                f"{result['seconds']:>6.2f}s {result['cpu']:>6.2f}s {peak:>9}  "
                f"{result['detail']}{flag}",
                flush=True,
            )
            path.unlink()


if __name__ == "__main__":
    main()
