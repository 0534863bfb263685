"""The rules: one module per rule, each holding its check and its words.

A check reads a team's context and returns findings (code, positions, people and the
facts that made it fire); the words (message, action) are made from those facts here,
at the edge. The severity, title and advice of each rule are its row in data/rules.toml.

To add a rule: a row in data/rules.toml, a module here with ``RULE = Rule(...)``, and
its place in ``TEAM_RULES`` below.
"""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import SEVERITY_ORDER, RuleWarning, TeamReport
from teambuilder.rules import (
    bridge_conflict,
    middle_management,
    no_evangelist,
    no_sponsor,
    overloaded,
    single_point_of_failure,
    sponsor_out_of_loop,
    team_bus_factor,
    tech_in_business_seat,
    thin_coverage,
    too_many_hats,
    uncovered,
)
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import TeamContext
from teambuilder.wording import are_away

TEAM_RULES: tuple[Rule, ...] = (
    no_sponsor.RULE,
    sponsor_out_of_loop.RULE,
    no_evangelist.RULE,
    uncovered.RULE,
    thin_coverage.RULE,
    single_point_of_failure.RULE,
    team_bus_factor.RULE,
    overloaded.RULE,
    too_many_hats.RULE,
    bridge_conflict.RULE,
    tech_in_business_seat.RULE,
    middle_management.RULE,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in TEAM_RULES}
# Warnings about one person rather than a position (the pitch colours their link).
PERSON_CODES: frozenset[str] = frozenset(r.code for r in TEAM_RULES if r.about == "person")

__all__ = [
    "PERSON_CODES",
    "RULES_BY_CODE",
    "TEAM_RULES",
    "Action",
    "Finding",
    "Rule",
    "action_for",
    "check_team",
    "to_warning",
]


def check_team(ctx: TeamContext) -> list[Finding]:
    """Every team rule's findings, by severity, then in the order of data/rules.toml."""
    found: list[Finding] = []
    for rule in TEAM_RULES:
        found.extend(rule.check(ctx))
    order = ctx.catalogue.rule_order
    found.sort(key=lambda f: (SEVERITY_ORDER.index(f.severity), order[f.code]))
    return found


def to_warning(finding: Finding, cat: Catalogue) -> RuleWarning:
    """A finding in words: its rule's message from the facts, title and advice from data."""
    data = cat.rule(finding.code)
    return RuleWarning(
        code=finding.code,
        severity=finding.severity,
        title=data.title,
        positions=finding.positions,
        people=finding.people,
        teams=finding.teams,
        message=RULES_BY_CODE[finding.code].message(finding, cat),
        advice=data.advice,
    )


def action_for(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> str:
    """One to-do for a warning, in plain text; the rule's advice when it has no better one."""
    rule = RULES_BY_CODE.get(warning.code)
    found = rule.action(warning, team, cat) if rule is not None else None
    action = found or Action(warning.advice.rstrip("."))
    text = action.text
    if warning.absences and not action.names_absences:
        text += f" (needed while {are_away(warning.absences)})"
    return text
