"""OVERLOADED: a person booked beyond their FTE, in one team or across teams."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from teambuilder.catalogue import Catalogue
from teambuilder.models import Person, RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule, position_names
from teambuilder.rules.context import EPSILON, TeamContext, overload_severity
from teambuilder.wording import fmt, join_names

CODE = "OVERLOADED"


def check(ctx: TeamContext) -> list[Finding]:
    """People this team alone books beyond their FTE (loads across teams: see below)."""

    tolerance = ctx.catalogue.thresholds.overload_tolerance

    def of(person: Person) -> list[Finding]:
        load = sum(person.allocations.values())
        if load <= person.fte + tolerance + EPSILON:  # as overload_severity says it fits
            return []
        total = ctx.total_load[person.name]
        return [
            ctx.finding(
                CODE,
                positions=[pid for pid, value in person.allocations.items() if value > 0],
                people=[person.name],
                severity=overload_severity(ctx.catalogue, total, person.fte),
                scope="team",
                load=load,
                total=total,
                fte=person.fte,
            )
        ]

    return ctx.per_person(CODE, of)


def check_organisation(
    cat: Catalogue,
    people: Iterable[Person],
    away: set[str],
    total_load: dict[str, float],
    teams_of: dict[str, list[str]],
) -> list[Finding]:
    """Everyone in several teams whose loads add up to too much."""
    rows: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        rows[person.name].append(person)
    found = []
    for name, entries in rows.items():
        if len(teams_of[name]) < 2 or name in away:
            continue
        fte = entries[0].fte
        total = total_load[name]
        severity = overload_severity(cat, total, fte)
        if severity is None:
            continue
        found.append(
            Finding(
                code=CODE,
                severity=severity,
                positions=tuple(
                    sorted({pid for p in entries for pid, v in p.allocations.items() if v > 0})
                ),
                people=(name,),
                teams=tuple(teams_of[name]),
                facts={
                    "scope": "organisation",
                    "total": total,
                    "fte": fte,
                    "parts": tuple((sum(p.allocations.values()), p.team) for p in entries),
                },
            )
        )
    return found


def message(finding: Finding, cat: Catalogue) -> str:
    facts = finding.facts
    name, fte, total = finding.people[0], facts["fte"], facts["total"]
    if facts["scope"] == "organisation":
        parts = ", ".join(f"{fmt(load)} in {team}" for load, team in facts["parts"])
        return (
            f"{name} is booked for {fmt(total)} FTE across {len(facts['parts'])} teams "
            f"({parts}) against {fmt(fte)} available ({round(100 * total / fte)}%)."
        )
    load = facts["load"]
    text = (
        f"{name} is booked for {fmt(load)} FTE against {fmt(fte)} "
        f"available ({round(100 * load / fte)}%)"
    )
    if total > load + EPSILON:
        text += f"; {fmt(total)} FTE ({round(100 * total / fte)}%) with other teams"
    return text + "."


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    if not warning.people:
        return None
    person = warning.people[0]
    load = next((p for p in team.people if p.name == person), None)
    booked = f" (booked {fmt(load.total_load)} FTE of {fmt(load.fte)})" if load else ""
    where = f" across {join_names(warning.teams)}" if warning.teams else ""
    return Action(
        f"Take work off {person}{where}{booked}: move part of "
        f"{position_names(cat, warning.positions, 'or')} to someone with spare time, or hire"
    )


RULE = Rule(CODE, "person", check, message, action)
