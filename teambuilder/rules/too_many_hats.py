"""TOO_MANY_HATS: a person holds too many positions (the evangelist hat does not count)."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import Person, RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule, position_names
from teambuilder.rules.context import EVANGELIST, TeamContext

CODE = "TOO_MANY_HATS"


def check(ctx: TeamContext) -> list[Finding]:
    limit = ctx.catalogue.thresholds.too_many_hats

    def of(person: Person) -> list[Finding]:
        held = ctx.positions_held_by(person)
        if len(held) < limit:  # most people: too few positions to count hats
            return []
        hats = [pid for pid in held if pid != EVANGELIST]
        if len(hats) < limit:
            return []
        return [ctx.finding(CODE, positions=hats, people=[person.name], limit=limit)]

    return ctx.per_person(CODE, of)


def message(finding: Finding, cat: Catalogue) -> str:
    return (
        f"{finding.people[0]} wears {len(finding.positions)} hats: "
        f"{position_names(cat, finding.positions)}."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    if not warning.people:
        return None
    hats = position_names(cat, warning.positions)
    return Action(f"Hand one of {warning.people[0]}'s hats ({hats}) to someone else")


RULE = Rule(CODE, "person", check, message, action)
