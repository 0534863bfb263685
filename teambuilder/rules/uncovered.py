"""UNCOVERED: a required position has nobody, nobody delivers, or an absence empties a
critical position the team relies on today."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule, position_names
from teambuilder.rules.context import SPONSOR, TeamContext
from teambuilder.wording import are_away, fmt, join_names

CODE = "UNCOVERED"


def check(ctx: TeamContext) -> list[Finding]:
    tier = ctx.catalogue.tier(ctx.tier)
    found: list[Finding] = []
    for requirement in tier.positions:
        pid = requirement.id
        if ctx.holders[pid] or pid == SPONSOR:  # NO_SPONSOR says it, with its own cap
            continue
        found.append(
            ctx.finding(
                CODE,
                positions=[pid],
                kind="required",
                tier=ctx.tier,
                away=tuple(ctx.away_holders[pid]),
                slivers=tuple(ctx.slivers.get(pid, ())),
                hold_min_fte=ctx.catalogue.thresholds.hold_min_fte,
            )
        )
    required = {requirement.id for requirement in tier.positions}
    for pid in ctx.critical:
        # A critical position the team relies on today, emptied by an absence, is as
        # uncovered as a required one: the work it does stops.
        away = tuple(ctx.away_holders[pid])
        if pid in required or ctx.holders[pid] or not away:
            continue
        found.append(ctx.finding(CODE, positions=[pid], people=away, kind="relied_on", away=away))
    for group in tier.groups:
        if any(ctx.holders[pid] for pid in group.positions):
            continue
        found.append(
            ctx.finding(
                CODE,
                positions=group.positions,
                kind="group",
                tier=ctx.tier,
                label=group.label,
                min_people=group.min_people,
            )
        )
    return found


def group_need(cat: Catalogue, finding: Finding) -> str:
    """'a small team needs at least 2 people delivering as Data scientist, ... or ...'."""
    facts = finding.facts
    return (
        f"a {facts['tier']} team needs at least {facts['min_people']} {facts['label']} as "
        + position_names(cat, finding.positions, last="or")
    )


def _away_note(away: tuple[str, ...]) -> str:
    return f" while {are_away(away)}" if away else ""


def message(finding: Finding, cat: Catalogue) -> str:
    facts = finding.facts
    if facts["kind"] == "group":
        return f"Nobody is delivering; {group_need(cat, finding)}."
    name = cat.name_of(finding.positions[0])
    if facts["kind"] == "relied_on":
        return (
            f"Nobody holds {name}{_away_note(facts['away'])}, a critical position the "
            "team normally relies on."
        )
    sliver = ""
    if facts["slivers"]:
        sliver = (
            f" ({join_names(facts['slivers'])} gives it less than {fmt(facts['hold_min_fte'])} "
            "FTE, too little to lean on)"
        )
    away = _away_note(facts["away"])
    return f"Nobody holds {name}{away}; a {facts['tier']} team needs it{sliver}."


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    positions = warning.positions
    if not positions:
        return None
    first = cat.name_of(positions[0])
    if warning.absences:
        return Action(
            f"Arrange cover for {first} while {are_away(warning.absences)}", names_absences=True
        )
    if len(positions) > 1:
        return Action(
            f"Put people on delivery: name someone for {position_names(cat, positions, 'or')}"
        )
    return Action(f"Name someone for {first}: a hire, a loan from another team or a shift of time")


RULE = Rule(CODE, "position", check, message, action)
