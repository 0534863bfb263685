"""TECH_IN_BUSINESS_SEAT: the business bridge is held by someone from a tech background."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import Background, RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import BUSINESS_BRIDGE, TeamContext

CODE = "TECH_IN_BUSINESS_SEAT"


def check(ctx: TeamContext) -> list[Finding]:
    return [
        ctx.finding(CODE, positions=[BUSINESS_BRIDGE], people=[name])
        for name in ctx.holders[BUSINESS_BRIDGE]
        if ctx.people_by_name[name].background == Background.tech
    ]


def message(finding: Finding, cat: Catalogue) -> str:
    return f"{finding.people[0]} holds the business bridge but comes from a technical background."


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    if not warning.people or not warning.positions:
        return None
    first = cat.name_of(warning.positions[0])
    return Action(f"Pair {warning.people[0]} on {first} with a colleague from the business side")


RULE = Rule(CODE, "position", check, message, action)
