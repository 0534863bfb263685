"""BRIDGE_CONFLICT: one person holds both the business and the delivery bridge."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import BUSINESS_BRIDGE, DELIVERY_BRIDGE, TeamContext

CODE = "BRIDGE_CONFLICT"


def check(ctx: TeamContext) -> list[Finding]:
    return [
        ctx.finding(CODE, positions=[BUSINESS_BRIDGE, DELIVERY_BRIDGE], people=[name])
        for name in ctx.holders[BUSINESS_BRIDGE]
        if name in ctx.holders[DELIVERY_BRIDGE]
    ]


def message(finding: Finding, cat: Catalogue) -> str:
    return (
        f"{finding.people[0]} holds both the business bridge and the delivery bridge: the "
        "person who pushes the team for scope and dates is also the one meant to shield it."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    if not warning.people:
        return None
    return Action(
        f"Split the bridges: keep {warning.people[0]} on either the business bridge or the "
        "delivery bridge, and find someone else for the other"
    )


RULE = Rule(CODE, "person", check, message, action)
