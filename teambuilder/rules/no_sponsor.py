"""NO_SPONSOR: nobody holds the executive sponsor seat (health is capped)."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import SPONSOR, TeamContext
from teambuilder.wording import are_away

CODE = "NO_SPONSOR"


def check(ctx: TeamContext) -> list[Finding]:
    if ctx.holders[SPONSOR]:
        return []
    away = tuple(ctx.away_holders[SPONSOR])
    return [ctx.finding(CODE, positions=[SPONSOR], people=away, team=ctx.settings.name, away=away)]


def message(finding: Finding, cat: Catalogue) -> str:
    away = finding.facts["away"]
    if away:
        return (
            f"Nobody stands in for the sponsor while {are_away(away)}: decisions that need "
            "backing from the top wait until they are back."
        )
    return (
        f"Nobody in {finding.facts['team']} is named as executive sponsor: no senior leader "
        "is backing, funding or unblocking this work."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action:
    return Action(
        f"Find an executive sponsor for {team.team}: a senior leader who backs, funds and "
        "unblocks the work"
    )


RULE = Rule(CODE, "position", check, message, action)
