"""Runs ``streamlit run ...`` in this process with a probe that bench_memory.py can ask.

    python benchmarks/memory_probe.py PROBE_DIR run app.py --server.port ...

The probe (a daemon thread) waits for a command file in PROBE_DIR and answers with a JSON
line of what the server holds: its RSS, how many sessions Streamlit keeps (connected, and
stored for a reconnect, counted with and without the expired ones it has not yet
dropped), how many AppSession objects and pandas DataFrames are alive, and the blocks
CPython has allocated. Commands: ``stats``; ``expire`` (drop the stored sessions whose
disconnectedSessionTTL has passed, as Streamlit does only on its next write); ``trim``
(glibc ``malloc_trim(0)``: hand freed heap pages back to the system); ``who`` (the
chains of objects that still refer to each AppSession alive). Only for the
benchmark: the app itself never loads this module.
"""

from __future__ import annotations

import ctypes
import gc
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _storage_cache() -> Any:
    from streamlit.runtime import Runtime

    manager = Runtime.instance()._session_mgr  # a benchmark looks inside
    return manager, manager._session_storage._cache


def stats() -> dict[str, Any]:
    import pandas as pd
    from streamlit.runtime.app_session import AppSession

    gc.collect()
    manager, cache = _storage_cache()
    objects = gc.get_objects()
    return {
        "rss_mb": round(rss_mb(), 1),
        "active_sessions": len(manager.list_active_sessions()),
        "stored_sessions_live": cache.currsize,
        "stored_sessions_held": len(cache._data),  # expired ones included
        "app_sessions_alive": sum(isinstance(o, AppSession) for o in objects),
        "dataframes_alive": sum(isinstance(o, pd.DataFrame) for o in objects),
        "allocated_blocks": sys.getallocatedblocks(),
    }


def _holders(target: object, depth: int = 4) -> list[str]:
    """Chains of referrers of ``target`` (types, and dict keys where known), ``depth`` deep."""
    mine: set[int] = set()  # the probe's own lists and tuples, left out of the chains
    frontier: list[tuple[object, str]] = [(target, type(target).__name__)]
    mine.update((id(frontier), id(frontier[0])))
    for _ in range(depth):
        found: list[tuple[object, str]] = []
        mine.add(id(found))
        for obj, chain in frontier:
            for ref in gc.get_referrers(obj):
                if id(ref) in mine or type(ref).__name__ in {"frame", "list_iterator"}:
                    continue
                label = type(ref).__name__
                if isinstance(ref, dict):
                    keys = [k for k, v in ref.items() if v is obj][:1]
                    label += f"[{keys[0]!r}]" if keys else ""
                item = (ref, f"{chain} <- {label}")
                mine.add(id(item))
                found.append(item)
        frontier = found[:30]
        mine.add(id(frontier))
    return [chain for _, chain in frontier]


def answer(command: str) -> dict[str, Any]:
    before = rss_mb()
    if command == "expire":
        manager, cache = _storage_cache()
        with manager._storage_lock:  # the lock Streamlit writes under
            cache.expire()
    elif command == "who":  # what still refers to each AppSession alive
        import weakref

        from streamlit.runtime.app_session import AppSession

        gc.collect()
        refs = [weakref.ref(o) for o in gc.get_objects() if isinstance(o, AppSession)]
        return {"command": command, "holders": [_holders(r()) for r in refs]}
    elif command == "trim":
        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return {"command": command, "rss_before_mb": round(before, 1), **stats()}


def serve(folder: Path) -> None:
    request, reply = folder / "command", folder / "answer.json"
    while True:
        time.sleep(0.5)
        if request.exists():
            command = request.read_text().strip()
            request.unlink()
            reply.with_suffix(".tmp").write_text(json.dumps(answer(command)))
            reply.with_suffix(".tmp").replace(reply)


def main() -> None:
    folder = Path(sys.argv[1])
    threading.Thread(target=serve, args=(folder,), daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[2:]]
    cli.main()


if __name__ == "__main__":
    main()
