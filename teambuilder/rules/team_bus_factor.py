"""TEAM_BUS_FACTOR: the fewest people whose absence empties a critical position is low."""

from __future__ import annotations

from teambuilder.catalogue import Catalogue
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule, holders, position_names
from teambuilder.rules.context import TeamContext
from teambuilder.wording import are_away, join_names

CODE = "TEAM_BUS_FACTOR"


def bus_factor(ctx: TeamContext) -> tuple[int, tuple[str, ...]]:
    """The fewest people whose absence would empty a critical position held today.

    Positions count when anyone in the team holds them, away or not: a position an
    absence has already emptied makes the factor 0 rather than dropping out of it.
    """
    counts = {
        pid: len(ctx.holders[pid])
        for pid in ctx.critical
        if ctx.holders[pid] or ctx.away_holders[pid]
    }
    if not counts:
        return 0, ()
    lowest = min(counts.values())
    return lowest, tuple(pid for pid, count in counts.items() if count == lowest)


def check(ctx: TeamContext) -> list[Finding]:
    factor, positions = bus_factor(ctx)
    if factor > ctx.catalogue.thresholds.bus_factor_max:
        return []
    severity = ctx.severity_for_mission(CODE)
    if not positions:
        return [
            ctx.finding(CODE, positions=ctx.critical, severity=severity, factor=0, kind="none_held")
        ]
    if factor == 0:
        away = sorted(
            {name for pid in positions for name in ctx.away_holders[pid]},
            key=ctx.member_order(),
        )
        return [
            ctx.finding(
                CODE, positions=positions, people=away, severity=severity, factor=0, kind="emptied"
            )
        ]
    # Group the exposed positions by the people who hold them: "if Meghan is away, ..."
    by_holders: dict[tuple[str, ...], list[str]] = {}
    for pid in positions:
        by_holders.setdefault(tuple(ctx.holders[pid]), []).append(pid)
    people = sorted({n for group in by_holders for n in group}, key=ctx.member_order())
    return [
        ctx.finding(
            CODE,
            positions=positions,
            people=people,
            severity=severity,
            factor=factor,
            kind="low",
            groups=tuple((group, tuple(held)) for group, held in by_holders.items()),
        )
    ]


def message(finding: Finding, cat: Catalogue) -> str:
    facts = finding.facts
    factor = facts["factor"]
    if facts["kind"] == "none_held":
        critical = position_names(cat, finding.positions, last="or")
        return f"Bus factor 0: nobody in the team holds a critical position ({critical})."
    if facts["kind"] == "emptied":
        emptied = position_names(cat, finding.positions, last="or")
        return f"Bus factor 0 while {are_away(finding.people)}: nobody holds {emptied}."
    both = "" if factor == 1 else (" both" if factor == 2 else " all")
    clauses = [
        f"if {join_names(group)} {'is' if len(group) == 1 else 'are'}{both} away, nobody "
        f"holds {position_names(cat, held, last='or')}"
        for group, held in facts["groups"]
    ]
    return f"Bus factor {factor}: " + "; ".join(clauses) + "."


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    positions = warning.positions
    if positions and warning.people:
        exposed = join_names(f"{cat.name_of(pid)} ({holders(team, pid)})" for pid in positions)
        return Action(f"Name a trained backup for {exposed}")
    if positions:
        return Action(f"Give the critical positions an owner: {position_names(cat, positions)}")
    return None


RULE = Rule(CODE, "position", check, message, action)
