"""CPU load for the browser tests: busy processes on every core, bounded in time.

Each process spins until its own deadline, so a test that dies cannot leave them behind
for long; the context manager stops them at once when the block ends.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

BUSY_PROCESSES = 4  # two per core on the 2-core machine, as in issue 7
BUSY_SECONDS = 600  # the hard stop of each process, whatever happens to the test

_SPIN = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end:\n    pass\n"


@contextlib.contextmanager
def busy_cores(processes: int = BUSY_PROCESSES, seconds: float = BUSY_SECONDS) -> Iterator[None]:
    """Run ``processes`` CPU-bound Python processes while the block runs."""
    spinners = [
        subprocess.Popen([sys.executable, "-c", _SPIN.format(seconds=seconds)])
        for _ in range(processes)
    ]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
        for spinner in spinners:
            spinner.wait(timeout=10)
