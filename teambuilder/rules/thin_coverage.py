"""THIN_COVERAGE: a required position is held, but with too little FTE or too few people
(or too few people deliver)."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule, coverage, position_names
from teambuilder.rules.context import EPSILON, TeamContext, falls_short
from teambuilder.rules.uncovered import group_need
from teambuilder.wording import fmt, join_names

CODE = "THIN_COVERAGE"


def check(ctx: TeamContext) -> list[Finding]:
    tier = ctx.catalogue.tier(ctx.tier)
    found: list[Finding] = []
    for requirement in tier.positions:
        pid = requirement.id
        holders = ctx.holders[pid]
        fte = ctx.held_fte[pid]
        if not holders or not falls_short(requirement, fte, len(holders)):
            continue
        found.append(
            ctx.finding(
                CODE,
                positions=[pid],
                people=holders,
                kind="position",
                tier=ctx.tier,
                fte=fte,
                short_of_fte=requirement.min_fte if fte + EPSILON < requirement.min_fte else None,
                short_of_people=(
                    requirement.min_people if len(holders) < requirement.min_people else None
                ),
            )
        )
    for group in tier.groups:
        people = sorted(
            {name for pid in group.positions for name in ctx.holders[pid]},
            key=ctx.member_order(),
        )
        if people and len(people) < group.min_people:
            found.append(
                ctx.finding(
                    CODE,
                    positions=group.positions,
                    people=people,
                    kind="group",
                    tier=ctx.tier,
                    label=group.label,
                    min_people=group.min_people,
                )
            )
    return found


def message(finding: Finding, cat: Catalogue) -> str:
    facts = finding.facts
    if facts["kind"] == "group":
        verb = "delivers" if len(finding.people) == 1 else "deliver"
        return f"Only {join_names(finding.people)} {verb}; {group_need(cat, finding)}."
    short_of = []
    if facts["short_of_fte"] is not None:
        short_of.append(f"at least {fmt(facts['short_of_fte'])} FTE")
    if facts["short_of_people"] is not None:
        short_of.append(f"at least {facts['short_of_people']} people")
    needs = " from ".join(short_of)
    return (
        f"{cat.name_of(finding.positions[0])} gets {fmt(facts['fte'])} FTE from "
        f"{join_names(finding.people)}; a {facts['tier']} team needs {needs}."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    positions, people = warning.positions, warning.people
    if len(positions) == 1:
        entry = coverage(team, positions[0])
        needs = f", needs {fmt(entry.required_fte)} FTE" if entry and entry.required_fte else ""
        now = f"now {fmt(entry.fte)} FTE from {join_names(people)}" if entry else ""
        return Action(f"Add time or a second person to {cat.name_of(positions[0])} ({now}{needs})")
    if positions:
        return Action(
            f"Add people to {position_names(cat, positions, 'or')} (now only {join_names(people)})"
        )
    return None


RULE = Rule(CODE, "position", check, message, action)
