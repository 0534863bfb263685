"""Pausing Python's cycle collector around work that builds many small acyclic objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for the duration of the block.

    Reading and scoring a large organisation allocate tens of thousands of small objects
    and create no reference cycles; the collector's passes over them cost a fifth of a
    10,000-row file's reading and about half of its scoring, and find nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
