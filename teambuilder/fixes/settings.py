"""The change model's settings, as data/fixes.toml spells them (validated, frozen)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from teambuilder.models import Background, Frozen, Severity

Goal = Literal["critical", "all", "n1"]
GOALS: tuple[Goal, ...] = ("critical", "all", "n1")


class SolverSettings(Frozen):
    time_cap_seconds: float = Field(gt=0, le=600)
    alternative_time_cap_seconds: float = Field(gt=0, le=600)
    alternatives: int = Field(ge=0, le=10)
    judge_rounds: int = Field(ge=1, le=50)
    workers: int = Field(ge=1, le=16)
    tie_break_share: float = Field(gt=0, le=1)


class MoveSettings(Frozen):
    step_fte: float = Field(gt=0, le=1)
    cost: int = Field(ge=1)


class HireSettings(Frozen):
    fte: float = Field(gt=0, le=1)
    max_positions: int = Field(ge=1, le=3)
    cost: int = Field(ge=1)
    max_hires: int = Field(ge=0, le=10)
    never: tuple[str, ...] = ()
    name_prefix: str = Field(min_length=1)


class SponsorSettings(Frozen):
    cost: int = Field(ge=1)
    max: int = Field(ge=0, le=5)
    name: str = Field(min_length=1)
    fte: float = Field(gt=0, le=1)
    allocation: float = Field(gt=0, le=1)
    forbidden_by_no_hires: bool


class ConstraintSettings(Frozen):
    fixed_positions: tuple[str, ...] = ()
    business_bridge: str
    business_backgrounds: tuple[Background, ...]
    keep_held_positions: bool


class GoalSettings(Frozen):
    critical: tuple[Severity, ...] = Field(min_length=1)
    all: tuple[Severity, ...] = Field(min_length=1)
    n1: tuple[Severity, ...] = Field(min_length=1)
    out_of_reach: tuple[str, ...] = ()

    def severities(self, goal: Goal) -> tuple[Severity, ...]:
        found: tuple[Severity, ...] = getattr(self, goal)
        return found


class AdviceSettings(Frozen):
    action_list_below: int = Field(ge=0, le=101)
    time_cap_seconds: float = Field(gt=0, le=60)
    total_seconds: float = Field(gt=0, le=600)
    # The "What to change" list of `teambuilder score`: steps per team, teams per file.
    report_steps: int = Field(default=5, ge=1, le=50)
    report_teams: int = Field(default=10, ge=0, le=2000)


class WordingSettings(Frozen):
    group_effect: str = Field(min_length=1)
    keeps_holder: str = Field(min_length=1)


class FixSettings(Frozen):
    solver: SolverSettings
    move: MoveSettings
    hire: HireSettings
    sponsor: SponsorSettings
    constraints: ConstraintSettings
    goals: GoalSettings
    advice: AdviceSettings
    wording: WordingSettings
    effects: dict[str, str]
