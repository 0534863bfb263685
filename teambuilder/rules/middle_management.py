"""MIDDLE_MANAGEMENT: someone with no position on the line between the leads and the sponsor."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from teambuilder.catalogue import Catalogue
from teambuilder.models import Person, RuleWarning, TeamReport
from teambuilder.rules.base import Action, Finding, Rule
from teambuilder.rules.context import LEADERSHIP, SPONSOR, TeamContext
from teambuilder.wording import join_names

CODE = "MIDDLE_MANAGEMENT"


def check(ctx: TeamContext) -> list[Finding]:
    """Uses ``ctx.middle_managers``, found once per team by ``find_middle_managers``."""
    if not ctx.middle_managers:
        return []
    rule = ctx.catalogue.rule(CODE)
    severity = rule.severity
    if ctx.tier == "large" and rule.severity_if_large:
        severity = rule.severity_if_large
    return [
        ctx.finding(
            CODE,
            positions=[SPONSOR],
            people=ctx.middle_managers,
            severity=severity,
            leads=tuple(ctx.leads_above_managers),
        )
    ]


def message(finding: Finding, cat: Catalogue) -> str:
    managers = finding.people
    who = "who has" if len(managers) == 1 else "who have"
    return (
        f"The line from the team's leads ({join_names(finding.facts['leads'])}) to the "
        f"sponsor runs through {join_names(managers)}, {who} no position in this team."
    )


def action(warning: RuleWarning, team: TeamReport, cat: Catalogue) -> Action | None:
    if not warning.people:
        return None
    return Action(
        f"Give the team's leads a direct line to the sponsor, past {join_names(warning.people)}"
    )


RULE = Rule(CODE, "position", check, message, action)


# --- Finding the managers --------------------------------------------------------------


def find_middle_managers(ctx: TeamContext) -> None:
    """Walk each lead's reporting line up to the sponsor; collect those with no position.

    Linear in the length of the reporting lines: whether the line above a person
    reaches a sponsor, and through a manager, is worked out once per person, and a
    stretch of line already collected is not walked again.
    """
    sponsors = {p.name for p in ctx.members if ctx.holds(p, SPONSOR)}
    if not sponsors or not any(p.reports_to for p in ctx.members):
        return
    in_team = {p.name: p for p in ctx.members}
    people = ctx.people_by_name

    def boss_of(name: str) -> str | None:
        return (in_team.get(name) or people[name]).reports_to

    def no_position(name: str) -> bool:
        member = in_team.get(name)
        return member is None or not ctx.positions_held_by(member)

    # above[name]: None when the line from ``name`` up never reaches a sponsor, else
    # whether someone with no position stands on it before the sponsor.
    above: dict[str, bool | None] = {}

    def line_from(start: str | None) -> bool | None:
        chain: list[str] = []
        on_chain: set[str] = set()
        node = start
        result: bool | None = None
        while node:
            if node in above:
                result = above[node]
                break
            if node in sponsors:
                result = False
                above[node] = False
                break
            if node not in people or node in on_chain:
                result = None  # off the roster, or a loop with no sponsor before it
                break
            chain.append(node)
            on_chain.add(node)
            node = boss_of(node)
        for name in reversed(chain):
            if result is not None and no_position(name):
                result = True
            above[name] = result
        return result

    managers: list[str] = []
    collected: set[str] = set()
    walked: set[str] = set()
    leads: list[str] = []
    leadership = set(LEADERSHIP)
    leaders = [p for p in ctx.members if p.reports_to and leadership.intersection(ctx.held[p.name])]
    on_loops = _on_loops((p.name for p in leaders), boss_of, people) if leaders else set()
    for lead in leaders:
        if lead.name in on_loops:
            path = _walk_line(ctx, lead, sponsors, in_team)
            if path:
                leads.append(lead.name)
                for name in path:
                    if name not in collected:
                        collected.add(name)
                        managers.append(name)
            continue
        if not line_from(lead.reports_to):
            continue
        leads.append(lead.name)
        node = lead.reports_to
        while node and node not in sponsors and node not in walked:
            walked.add(node)
            if no_position(node) and node not in collected:
                collected.add(node)
                managers.append(node)
            node = boss_of(node)
    ctx.middle_managers = managers
    ctx.leads_above_managers = leads


def _on_loops(
    names: Iterable[str], boss_of: Callable[[str], str | None], people: dict[str, Person]
) -> set[str]:
    """Everyone whose reporting line comes back to them, found in one pass (rosters from
    files have no loops, the readers refuse them; a roster built in code might)."""
    state: dict[str, int] = {}  # 1: on the line being followed, 2: settled
    loops: set[str] = set()
    for start in names:
        path: list[str] = []
        node: str | None = start
        while node and node in people and node not in state:
            state[node] = 1
            path.append(node)
            node = boss_of(node)
        if node and state.get(node) == 1:
            loops.update(path[path.index(node) :])
        for name in path:
            state[name] = 2
    return loops


def _walk_line(
    ctx: TeamContext, lead: Person, sponsors: set[str], in_team: dict[str, Person]
) -> list[str]:
    """The managers with no position between ``lead`` and a sponsor, walked step by step
    (only for a lead on a reporting loop, where the line depends on where it starts)."""
    path: list[str] = []
    seen = {lead.name}
    boss = lead.reports_to
    while boss and boss not in seen and boss in ctx.people_by_name:
        seen.add(boss)
        if boss in sponsors:
            return path
        member = in_team.get(boss)
        if member is None or not ctx.positions_held_by(member):
            path.append(boss)
        boss = (member or ctx.people_by_name[boss]).reports_to
    return []
