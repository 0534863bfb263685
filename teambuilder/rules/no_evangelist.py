"""NO_EVANGELIST: nobody carries the evangelist hat."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import EVANGELIST, TeamContext

CODE = "NO_EVANGELIST"


def check(ctx: TeamContext) -> list[Finding]:
    if ctx.holders[EVANGELIST]:
        return []
    return [ctx.finding(CODE, positions=[EVANGELIST])]


def message(finding: Finding, cat: Catalogue) -> str:
    return (
        "Nobody carries the evangelist hat: no one is making the case for this work "
        "or driving its adoption."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action:
    return Action("Ask someone in the team to carry the evangelist hat and drive adoption")


RULE = Rule(CODE, "position", check, message, action)
