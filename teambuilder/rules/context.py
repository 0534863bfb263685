"""What every rule reads: one team taken apart once (the engine's context).

Holding a position, falling short of a requirement and an overload's severity are
defined here, once, for the rules, the report and the stress test alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from teambuilder.catalogue import Catalogue
from teambuilder.models import Person, PositionRequirement, Severity, TeamSettings, Tier
from teambuilder.rules.base import Finding

SPONSOR = "executive_sponsor"
EVANGELIST = "evangelist"
BUSINESS_BRIDGE = "outside_in"
DELIVERY_BRIDGE = "inside_out"
LEADERSHIP = ("outside_in", "inside_out", "tech_lead")
EPSILON = 1e-9


@dataclass
class TeamContext:
    """Everything the rules need to know about one team, computed once."""

    catalogue: Catalogue
    settings: TeamSettings
    tier: Tier
    members: list[Person]
    present: list[Person]
    holders: dict[str, list[str]]
    held_fte: dict[str, float]
    critical: tuple[str, ...]
    total_load: dict[str, float]
    people_by_name: dict[str, Person]
    # Positions each member holds (absent members too: reporting lines do not go away).
    held: dict[str, tuple[str, ...]]
    # Per position, the members who hold it but are away.
    away_holders: dict[str, list[str]]
    # Per position, present members whose allocation is too small to count as holding it.
    slivers: dict[str, list[str]] = field(default_factory=dict)
    middle_managers: list[str] = field(default_factory=list)
    leads_above_managers: list[str] = field(default_factory=list)
    # What no absence changes, worked out once and shared by every context of the team
    # (the stress test builds one per combination): keyed by whoever computes it.
    shared: dict[str, Any] = field(default_factory=dict)

    def holds(self, person: Person, position: str) -> bool:
        return position in self.held[person.name]

    def positions_held_by(self, person: Person) -> tuple[str, ...]:
        return self.held[person.name]

    def name(self, position: str) -> str:
        return self.catalogue.name_of(position)

    def finding(
        self,
        code: str,
        *,
        positions: Iterable[str] = (),
        people: Iterable[str] = (),
        severity: Severity | None = None,
        **facts: Any,
    ) -> Finding:
        """A finding of rule ``code`` (its default severity unless one is given)."""
        return Finding(
            code,
            severity or self.catalogue.rule(code).severity,
            tuple(positions),
            tuple(people),
            (),
            facts,
        )

    def severity_for_mission(self, code: str) -> Severity:
        rule = self.catalogue.rule(code)
        if self.settings.mission_critical and rule.severity_if_mission_critical:
            return rule.severity_if_mission_critical
        return rule.severity

    def member_order(self) -> Callable[[str], int]:
        order: dict[str, int] | None = self.shared.get("member_order")
        if order is None:
            order = {person.name: index for index, person in enumerate(self.members)}
            self.shared["member_order"] = order
        size = len(order)
        return lambda name: order.get(name, size)

    def per_person(self, key: str, compute: Callable[[Person], list[Finding]]) -> list[Finding]:
        """The findings of ``compute(person)`` for each present member, in member order,
        each worked out once per team (what a rule finds about one person alone does not
        change with others' absence)."""
        found: dict[str, list[Finding]] | None = self.shared.get(key)
        if found is None:
            found = self.shared[key] = {}
        results: list[Finding] = []
        for person in self.present:
            mine = found.get(person.name)
            if mine is None:
                mine = found[person.name] = compute(person)
            if mine:
                results.extend(mine)
        return results


def holds_position(cat: Catalogue, person: Person, position: str) -> bool:
    """Whether a person's allocation is enough to lean on (see PRODUCT.md, 'Holding')."""
    allocation = person.allocation(position)
    if allocation <= 0:
        return False
    if cat.position(position).hold_any_allocation:
        return True
    return allocation >= cat.thresholds.hold_min_fte - EPSILON


def falls_short(requirement: PositionRequirement, fte: float, people: int) -> bool:
    return fte + EPSILON < requirement.min_fte or people < requirement.min_people


def overload_severity(cat: Catalogue, load: float, fte: float) -> Severity | None:
    """None when the load fits the person's FTE (with the tolerance), else how bad it is."""
    thresholds = cat.thresholds
    if load <= fte + thresholds.overload_tolerance + EPSILON:
        return None
    rule = cat.rule("OVERLOADED")
    if rule.severity_above_critical_ratio and load > fte * (
        thresholds.overload_critical_ratio + EPSILON
    ):
        return rule.severity_above_critical_ratio
    return rule.severity
