"""Tiny builders for TeamReport objects, so chart and pitch tests need no scoring."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from teambuilder.catalogue import catalogue
from teambuilder.models import (
    Coverage,
    HealthBreakdown,
    PersonLoad,
    RuleWarning,
    Severity,
    TeamReport,
    Tier,
)

LoadStatus = Literal["ok", "at_capacity", "overloaded", "absent"]


def holds(position: str, allocation: float) -> bool:
    cat = catalogue()
    if allocation <= 0:
        return False
    return cat.position(position).hold_any_allocation or allocation >= cat.thresholds.hold_min_fte


def make_load(
    name: str,
    fte: float = 1.0,
    *,
    status: LoadStatus | None = None,
    title: str = "",
    elsewhere: float = 0.0,
    **allocations: float,
) -> PersonLoad:
    """A person's load; ``elsewhere`` is time given to other teams."""
    load = sum(allocations.values())
    total = load + elsewhere
    if status is None:
        status = "overloaded" if total > fte + 0.05 else "ok"
    return PersonLoad(
        name=name,
        title=title,
        fte=fte,
        load=load,
        total_load=total,
        positions=tuple(
            pid for pid in catalogue().position_ids if holds(pid, allocations.get(pid, 0))
        ),
        allocations=allocations,
        status=status,
        other_teams=("Elsewhere",) if elsewhere else (),
    )


def make_coverage(
    position: str,
    status: Literal["covered", "thin", "missing"] = "covered",
    *,
    required: bool = True,
    people: Iterable[str] = (),
    slivers: Iterable[str] = (),
    fte: float = 1.0,
) -> Coverage:
    return Coverage(
        position=position,
        required=required,
        status=status,
        fte=fte if status != "missing" else 0.0,
        required_fte=1.0 if required else 0.0,
        required_people=1 if required else 0,
        people=tuple(people),
        slivers=tuple(slivers),
    )


def make_warning(
    code: str = "SINGLE_POINT_OF_FAILURE",
    severity: Severity = Severity.warning,
    *,
    positions: Iterable[str] = (),
    people: Iterable[str] = (),
    title: str = "Something to look at",
    message: str = "Something was found.",
) -> RuleWarning:
    return RuleWarning(
        code=code,
        severity=severity,
        title=title,
        positions=tuple(positions),
        people=tuple(people),
        message=message,
        advice="Do something about it.",
    )


def _derived_coverage(position: str, people: Iterable[PersonLoad]) -> Coverage:
    """Coverage as scoring would see it: absent people do not count; not required."""
    present = [p for p in people if p.status != "absent"]
    holders = [p.name for p in present if holds(position, p.allocations.get(position, 0))]
    slivers = [
        p.name for p in present if p.allocations.get(position, 0) > 0 and p.name not in holders
    ]
    fte = sum(p.allocations.get(position, 0) for p in present if p.name in holders)
    return make_coverage(
        position,
        "covered" if holders else "missing",
        required=False,
        people=holders,
        slivers=slivers,
        fte=fte,
    )


def make_team_report(
    *,
    people: Iterable[PersonLoad] = (),
    coverage: Iterable[Coverage] = (),
    warnings: Iterable[RuleWarning] = (),
    middle_managers: Iterable[str] = (),
    team: str = "Team",
    tier: Tier = "medium",
) -> TeamReport:
    """A report for one team; positions without explicit ``coverage`` follow ``people``."""
    people = tuple(people)
    given = {entry.position: entry for entry in coverage}
    return TeamReport(
        team=team,
        tier=tier,
        tier_was_set=False,
        head_count=len(people),
        mission_critical=False,
        health=70,
        health_breakdown=HealthBreakdown(start=100, deductions=(), total_deducted=30, score=70),
        bus_factor=1,
        bus_factor_positions=(),
        coverage=tuple(
            given.get(pid) or _derived_coverage(pid, people) for pid in catalogue().position_ids
        ),
        people=people,
        warnings=tuple(warnings),
        middle_managers=tuple(middle_managers),
        absent=tuple(p.name for p in people if p.status == "absent"),
    )
