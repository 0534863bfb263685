"""SPONSOR_OUT_OF_LOOP: the sponsor hears from the team less often than the threshold."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule, holders
from teambuilder.rules.context import SPONSOR, TeamContext
from teambuilder.wording import join_names

CODE = "SPONSOR_OUT_OF_LOOP"


def check(ctx: TeamContext) -> list[Finding]:
    weeks = ctx.settings.sponsor_update_weeks
    limit = ctx.catalogue.thresholds.sponsor_update_max_weeks
    if weeks is None or weeks <= limit or not ctx.holders[SPONSOR]:
        return []
    sponsors = ctx.holders[SPONSOR]
    return [ctx.finding(CODE, positions=[SPONSOR], people=sponsors, weeks=weeks, limit=limit)]


def message(finding: Finding, cat: Catalogue) -> str:
    return (
        f"The sponsor ({join_names(finding.people)}) hears from the team only every "
        f"{finding.facts['weeks']} weeks; aim for at least every {finding.facts['limit']} weeks."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action:
    weeks = cat.thresholds.sponsor_update_max_weeks
    sponsor = holders(team, SPONSOR)
    return Action(f"Set up a short update for the sponsor ({sponsor}) at least every {weeks} weeks")


RULE = Rule(CODE, "position", check, message, action)
