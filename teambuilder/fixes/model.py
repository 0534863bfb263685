"""What a fix is: the options a user sets, each change, a proposal, the whole answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from teambuilder.fixes.settings import Goal
from teambuilder.models import Frozen, Roster, TeamReport


class FixOptionError(ValueError):
    """An option names a person, team or position that is not there."""


class FixOptions(Frozen):
    """What the user asks for: the goal, whether hires are allowed, what is locked."""

    goal: Goal = "critical"
    hires: bool = True
    # Whole people whose time is fixed ("Priya's time is fixed") ...
    locked_people: tuple[str, ...] = ()
    # ... or single cells: (person, position id).
    locked_cells: tuple[tuple[str, str], ...] = ()
    # People to treat as away, on top of those the roster marks away.
    absent: tuple[str, ...] = ()
    time_cap_seconds: float | None = Field(default=None, gt=0, le=600)
    alternatives: int | None = Field(default=None, ge=0, le=10)


class Change(Frozen):
    """One changed cell, or one position of a placeholder hire (or a sponsor to find)."""

    kind: Literal["move", "hire"]
    person: str
    position: str
    from_fte: float
    to_fte: float
    sentence: str
    clears: tuple[str, ...] = ()


class Proposal(Frozen):
    cost: int
    optimal: bool
    health_after: int
    changes: tuple[Change, ...]
    roster: Roster  # the fixed roster, every team of the original file
    after: TeamReport
    # Warnings the goal names that no change of time or hire can clear, left as they are.
    out_of_reach: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "cost": self.cost,
            "optimal": self.optimal,
            "health_after": self.health_after,
            "changes": [change.model_dump(mode="json") for change in self.changes],
        }


class FixResult(Frozen):
    """The answer for one team: the best proposal, alternatives, or why there is none."""

    team: str
    goal: Goal
    health_before: int
    before: TeamReport
    proposal: Proposal | None
    alternatives: tuple[Proposal, ...] = ()
    reason: str | None = None  # why no proposal, in words
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract of the ``fix --format json`` command."""
        found = self.proposal
        return {
            "team": self.team,
            "goal": self.goal,
            "cost": found.cost if found else None,
            "optimal": found.optimal if found else False,
            "health_before": self.health_before,
            "health_after": found.health_after if found else None,
            "changes": [c.model_dump(mode="json") for c in found.changes] if found else [],
            "alternatives": [alternative.to_json() for alternative in self.alternatives],
        }
