"""Suggested fixes: the fewest changes that clear a team's warnings, judged by score()."""

from teambuilder.fixes.model import Change, FixOptionError, FixOptions, FixResult, Proposal
from teambuilder.fixes.settings import GOALS, FixSettings, Goal
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
