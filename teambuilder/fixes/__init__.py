"""Suggested fixes: the fewest changes that clear a team's warnings, judged by score().

The solver (and OR-Tools with it) is imported on first use, so that the command line's
other commands start without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from teambuilder.fixes.model import Change, FixOptionError, FixOptions, FixResult, Proposal
from teambuilder.fixes.settings import GOALS, FixSettings, Goal

if TYPE_CHECKING:
    from teambuilder.fixes.solver import judge, suggest_fixes

__all__ = [
    "GOALS",
    "Change",
    "FixOptionError",
    "FixOptions",
    "FixResult",
    "FixSettings",
    "Goal",
    "Proposal",
    "judge",
    "suggest_fixes",
]


def __getattr__(name: str) -> Any:
    if name in ("judge", "suggest_fixes"):
        from teambuilder.fixes import solver

        return getattr(solver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
