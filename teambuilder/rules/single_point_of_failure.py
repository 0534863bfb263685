"""SINGLE_POINT_OF_FAILURE: a critical position rests on one person."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import TeamContext

CODE = "SINGLE_POINT_OF_FAILURE"


def check(ctx: TeamContext) -> list[Finding]:
    severity = ctx.severity_for_mission(CODE)
    return [
        ctx.finding(CODE, positions=[pid], people=ctx.holders[pid], severity=severity)
        for pid in ctx.critical
        if len(ctx.holders[pid]) == 1
    ]


def message(finding: Finding, cat: Catalogue) -> str:
    return (
        f"{cat.name_of(finding.positions[0])} rests on {finding.people[0]} alone: one "
        "holiday, illness or resignation and nobody holds it."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    if not warning.positions or not warning.people:
        return None
    first = cat.name_of(warning.positions[0])
    return Action(f"Find a second person for {first} (now only {warning.people[0]})")


RULE = Rule(CODE, "position", check, message, action)
