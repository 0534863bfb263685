"""Scoring: a roster in, a report out. Pure functions, no I/O.

Each rule of data/rules.toml is one small function below, registered in ``TEAM_RULES``;
thresholds, severities, advice and size tiers all come from the catalogue.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import (
    SEVERITY_ORDER,
    Background,
    Coverage,
    CoverageStatus,
    Deduction,
    HealthBreakdown,
    Person,
    PersonLoad,
    PersonStatus,
    PositionRequirement,
    Report,
    Roster,
    RuleWarning,
    Severity,
    TeamReport,
    TeamSettings,
    Tier,
)
from teambuilder.validation import Problem, RosterError
from teambuilder.wording import are_away, fmt, join_names

SPONSOR = "executive_sponsor"
EVANGELIST = "evangelist"
BUSINESS_BRIDGE = "outside_in"
DELIVERY_BRIDGE = "inside_out"
LEADERSHIP = ("outside_in", "inside_out", "tech_lead")
EPSILON = 1e-9


class UnknownPersonError(ValueError):
    """An absence names someone who is not in the roster."""


# A report holds a full page per team: beyond this many teams scoring is refused (with
# the reason) rather than left to run for minutes on gigabytes. Four times the 500 teams
# of the 10,000-row benchmark organisation.
MAX_TEAMS = 2_000


class TooManyTeamsError(RosterError):
    """The roster has more teams than one report can hold."""


@dataclass
class TeamContext:
    """Everything the rules need to know about one team, computed once."""

    catalogue: Catalogue
    settings: TeamSettings
    tier: Tier
    members: list[Person]
    present: list[Person]
    holders: dict[str, list[str]]
    held_fte: dict[str, float]
    critical: tuple[str, ...]
    total_load: dict[str, float]
    people_by_name: dict[str, Person]
    # Positions each member holds (absent members too: reporting lines do not go away).
    held: dict[str, tuple[str, ...]]
    # Per position, the members who hold it but are away.
    away_holders: dict[str, list[str]]
    slivers: dict[str, list[str]] = field(default_factory=dict)
    middle_managers: list[str] = field(default_factory=list)
    leads_above_managers: list[str] = field(default_factory=list)

    def holds(self, person: Person, position: str) -> bool:
        return position in self.held[person.name]

    def positions_held_by(self, person: Person) -> tuple[str, ...]:
        return self.held[person.name]

    def name(self, position: str) -> str:
        return self.catalogue.name_of(position)

    def warn(
        self,
        code: str,
        message: str,
        *,
        positions: Iterable[str] = (),
        people: Iterable[str] = (),
        severity: Severity | None = None,
    ) -> RuleWarning:
        rule = self.catalogue.rule(code)
        return RuleWarning(
            code=code,
            severity=severity or rule.severity,
            title=rule.title,
            positions=tuple(positions),
            people=tuple(people),
            message=message,
            advice=rule.advice,
        )

    def severity_for_mission(self, code: str) -> Severity:
        rule = self.catalogue.rule(code)
        if self.settings.mission_critical and rule.severity_if_mission_critical:
            return rule.severity_if_mission_critical
        return rule.severity


def holds_position(cat: Catalogue, person: Person, position: str) -> bool:
    """Whether a person's allocation is enough to lean on (see PRODUCT.md, 'Holding')."""
    allocation = person.allocation(position)
    if allocation <= 0:
        return False
    if cat.position(position).hold_any_allocation:
        return True
    return allocation >= cat.thresholds.hold_min_fte - EPSILON


# --- Team rules ----------------------------------------------------------------------


def rule_no_sponsor(ctx: TeamContext) -> list[RuleWarning]:
    if ctx.holders[SPONSOR]:
        return []
    away = _absent_holders(ctx, SPONSOR)
    if away:
        message = (
            f"Nobody stands in for the sponsor while {are_away(away)}: decisions that need "
            "backing from the top wait until they are back."
        )
    else:
        message = (
            f"Nobody in {ctx.settings.name} is named as executive sponsor: no senior leader "
            "is backing, funding or unblocking this work."
        )
    return [ctx.warn("NO_SPONSOR", message, positions=[SPONSOR], people=away)]


def rule_sponsor_out_of_loop(ctx: TeamContext) -> list[RuleWarning]:
    weeks = ctx.settings.sponsor_update_weeks
    limit = ctx.catalogue.thresholds.sponsor_update_max_weeks
    if weeks is None or weeks <= limit or not ctx.holders[SPONSOR]:
        return []
    sponsors = ctx.holders[SPONSOR]
    return [
        ctx.warn(
            "SPONSOR_OUT_OF_LOOP",
            f"The sponsor ({join_names(sponsors)}) hears from the team only every {weeks} "
            f"weeks; aim for at least every {limit} weeks.",
            positions=[SPONSOR],
            people=sponsors,
        )
    ]


def rule_no_evangelist(ctx: TeamContext) -> list[RuleWarning]:
    if ctx.holders[EVANGELIST]:
        return []
    return [
        ctx.warn(
            "NO_EVANGELIST",
            "Nobody carries the evangelist hat: no one is making the case for this work "
            "or driving its adoption.",
            positions=[EVANGELIST],
        )
    ]


def rule_required_positions(ctx: TeamContext) -> list[RuleWarning]:
    """UNCOVERED and THIN_COVERAGE, for single positions and for groups of them."""
    tier = ctx.catalogue.tier(ctx.tier)
    found: list[RuleWarning] = []
    for requirement in tier.positions:
        pid = requirement.id
        holders = ctx.holders[pid]
        if not holders:
            if pid == SPONSOR:
                continue  # NO_SPONSOR says it, with its own cap on health
            found.append(
                ctx.warn(
                    "UNCOVERED",
                    f"Nobody holds {ctx.name(pid)}{_away_note(ctx, pid)}; a {ctx.tier} team "
                    "needs it" + _sliver_note(ctx, pid) + ".",
                    positions=[pid],
                )
            )
            continue
        if not falls_short(requirement, ctx.held_fte[pid], len(holders)):
            continue
        short_of: list[str] = []
        if ctx.held_fte[pid] + EPSILON < requirement.min_fte:
            short_of.append(f"at least {fmt(requirement.min_fte)} FTE")
        if len(holders) < requirement.min_people:
            short_of.append(f"at least {requirement.min_people} people")
        if short_of:
            found.append(
                ctx.warn(
                    "THIN_COVERAGE",
                    f"{ctx.name(pid)} gets {fmt(ctx.held_fte[pid])} FTE from "
                    f"{join_names(holders)}; a {ctx.tier} team needs "
                    + " from ".join(short_of)
                    + ".",
                    positions=[pid],
                    people=holders,
                )
            )
    required = {requirement.id for requirement in tier.positions}
    for pid in ctx.critical:
        # A critical position the team relies on today, emptied by an absence, is as
        # uncovered as a required one: the work it does stops.
        if pid in required or ctx.holders[pid] or not _absent_holders(ctx, pid):
            continue
        found.append(
            ctx.warn(
                "UNCOVERED",
                f"Nobody holds {ctx.name(pid)}{_away_note(ctx, pid)}, a critical position the "
                "team normally relies on.",
                positions=[pid],
                people=_absent_holders(ctx, pid),
            )
        )
    for group in tier.groups:
        people = sorted(
            {name for pid in group.positions for name in ctx.holders[pid]},
            key=_member_order(ctx),
        )
        needed = (
            f"a {ctx.tier} team needs at least {group.min_people} {group.label} as "
            + join_names((ctx.name(pid) for pid in group.positions), last="or")
        )
        if not people:
            found.append(
                ctx.warn(
                    "UNCOVERED",
                    f"Nobody is delivering; {needed}.",
                    positions=group.positions,
                )
            )
        elif len(people) < group.min_people:
            verb = "delivers" if len(people) == 1 else "deliver"
            found.append(
                ctx.warn(
                    "THIN_COVERAGE",
                    f"Only {join_names(people)} {verb}; {needed}.",
                    positions=group.positions,
                    people=people,
                )
            )
    return found


def falls_short(requirement: PositionRequirement, fte: float, people: int) -> bool:
    return fte + EPSILON < requirement.min_fte or people < requirement.min_people


def rule_single_point_of_failure(ctx: TeamContext) -> list[RuleWarning]:
    severity = ctx.severity_for_mission("SINGLE_POINT_OF_FAILURE")
    found = []
    for pid in ctx.critical:
        holders = ctx.holders[pid]
        if len(holders) == 1:
            found.append(
                ctx.warn(
                    "SINGLE_POINT_OF_FAILURE",
                    f"{ctx.name(pid)} rests on {holders[0]} alone: one holiday, illness or "
                    "resignation and nobody holds it.",
                    positions=[pid],
                    people=holders,
                    severity=severity,
                )
            )
    return found


def bus_factor(ctx: TeamContext) -> tuple[int, tuple[str, ...]]:
    """The fewest people whose absence would empty a critical position held today.

    Positions count when anyone in the team holds them, away or not: a position an
    absence has already emptied makes the factor 0 rather than dropping out of it.
    """
    counts = {
        pid: len(ctx.holders[pid])
        for pid in ctx.critical
        if ctx.holders[pid] or _absent_holders(ctx, pid)
    }
    if not counts:
        return 0, ()
    lowest = min(counts.values())
    return lowest, tuple(pid for pid, count in counts.items() if count == lowest)


def rule_team_bus_factor(ctx: TeamContext) -> list[RuleWarning]:
    factor, positions = bus_factor(ctx)
    if factor > ctx.catalogue.thresholds.bus_factor_max:
        return []
    severity = ctx.severity_for_mission("TEAM_BUS_FACTOR")
    if not positions:
        critical = join_names((ctx.name(pid) for pid in ctx.critical), last="or")
        message = f"Bus factor 0: nobody in the team holds a critical position ({critical})."
        return [ctx.warn("TEAM_BUS_FACTOR", message, positions=ctx.critical, severity=severity)]
    if factor == 0:
        away = sorted(
            {name for pid in positions for name in _absent_holders(ctx, pid)},
            key=_member_order(ctx),
        )
        emptied = join_names((ctx.name(pid) for pid in positions), last="or")
        message = f"Bus factor 0 while {are_away(away)}: nobody holds {emptied}."
        return [
            ctx.warn(
                "TEAM_BUS_FACTOR", message, positions=positions, people=away, severity=severity
            )
        ]
    # Group the exposed positions by the people who hold them: "if Meghan is away, ..."
    by_holders: dict[tuple[str, ...], list[str]] = {}
    for pid in positions:
        by_holders.setdefault(tuple(ctx.holders[pid]), []).append(pid)
    both = "" if factor == 1 else (" both" if factor == 2 else " all")
    clauses = [
        f"if {join_names(holders)} {'is' if len(holders) == 1 else 'are'}{both} away, nobody "
        f"holds {join_names((ctx.name(pid) for pid in held), last='or')}"
        for holders, held in by_holders.items()
    ]
    people = sorted({n for holders in by_holders for n in holders}, key=_member_order(ctx))
    return [
        ctx.warn(
            "TEAM_BUS_FACTOR",
            f"Bus factor {factor}: " + "; ".join(clauses) + ".",
            positions=positions,
            people=people,
            severity=severity,
        )
    ]


def overload_severity(cat: Catalogue, load: float, fte: float) -> Severity | None:
    """None when the load fits the person's FTE (with the tolerance), else how bad it is."""
    thresholds = cat.thresholds
    if load <= fte + thresholds.overload_tolerance + EPSILON:
        return None
    rule = cat.rule("OVERLOADED")
    if rule.severity_above_critical_ratio and load > fte * (
        thresholds.overload_critical_ratio + EPSILON
    ):
        return rule.severity_above_critical_ratio
    return rule.severity


def rule_overloaded(ctx: TeamContext) -> list[RuleWarning]:
    """People this team alone books beyond their FTE (loads across teams: see below)."""
    found = []
    for person in ctx.present:
        load = sum(person.allocations.values())
        if overload_severity(ctx.catalogue, load, person.fte) is None:
            continue
        total = ctx.total_load[person.name]
        severity = overload_severity(ctx.catalogue, total, person.fte)
        message = (
            f"{person.name} is booked for {fmt(load)} FTE against {fmt(person.fte)} "
            f"available ({round(100 * load / person.fte)}%)"
        )
        if total > load + EPSILON:
            message += f"; {fmt(total)} FTE ({round(100 * total / person.fte)}%) with other teams"
        found.append(
            ctx.warn(
                "OVERLOADED",
                message + ".",
                positions=[pid for pid, value in person.allocations.items() if value > 0],
                people=[person.name],
                severity=severity,
            )
        )
    return found


def rule_too_many_hats(ctx: TeamContext) -> list[RuleWarning]:
    limit = ctx.catalogue.thresholds.too_many_hats
    found = []
    for person in ctx.present:
        hats = [pid for pid in ctx.positions_held_by(person) if pid != EVANGELIST]
        if len(hats) >= limit:
            found.append(
                ctx.warn(
                    "TOO_MANY_HATS",
                    f"{person.name} wears {len(hats)} hats: "
                    f"{join_names(ctx.name(pid) for pid in hats)}.",
                    positions=hats,
                    people=[person.name],
                )
            )
    return found


def rule_bridge_conflict(ctx: TeamContext) -> list[RuleWarning]:
    both = [n for n in ctx.holders[BUSINESS_BRIDGE] if n in ctx.holders[DELIVERY_BRIDGE]]
    return [
        ctx.warn(
            "BRIDGE_CONFLICT",
            f"{name} holds both the business bridge and the delivery bridge: the person who "
            "pushes the team for scope and dates is also the one meant to shield it.",
            positions=[BUSINESS_BRIDGE, DELIVERY_BRIDGE],
            people=[name],
        )
        for name in both
    ]


def rule_tech_in_business_seat(ctx: TeamContext) -> list[RuleWarning]:
    found = []
    for name in ctx.holders[BUSINESS_BRIDGE]:
        if ctx.people_by_name[name].background == Background.tech:
            found.append(
                ctx.warn(
                    "TECH_IN_BUSINESS_SEAT",
                    f"{name} holds the business bridge but comes from a technical background.",
                    positions=[BUSINESS_BRIDGE],
                    people=[name],
                )
            )
    return found


def rule_middle_management(ctx: TeamContext) -> list[RuleWarning]:
    if not ctx.middle_managers:
        return []
    rule = ctx.catalogue.rule("MIDDLE_MANAGEMENT")
    severity = rule.severity
    if ctx.tier == "large" and rule.severity_if_large:
        severity = rule.severity_if_large
    managers = ctx.middle_managers
    who = "who has" if len(managers) == 1 else "who have"
    return [
        ctx.warn(
            "MIDDLE_MANAGEMENT",
            f"The line from the team's leads ({join_names(ctx.leads_above_managers)}) to the "
            f"sponsor runs through {join_names(managers)}, {who} no position in this team.",
            positions=[SPONSOR],
            people=managers,
            severity=severity,
        )
    ]


TeamRule = Callable[[TeamContext], list[RuleWarning]]

TEAM_RULES: dict[str, TeamRule] = {
    "NO_SPONSOR": rule_no_sponsor,
    "SPONSOR_OUT_OF_LOOP": rule_sponsor_out_of_loop,
    "NO_EVANGELIST": rule_no_evangelist,
    "UNCOVERED": rule_required_positions,  # also raises THIN_COVERAGE
    "SINGLE_POINT_OF_FAILURE": rule_single_point_of_failure,
    "TEAM_BUS_FACTOR": rule_team_bus_factor,
    "OVERLOADED": rule_overloaded,
    "TOO_MANY_HATS": rule_too_many_hats,
    "BRIDGE_CONFLICT": rule_bridge_conflict,
    "TECH_IN_BUSINESS_SEAT": rule_tech_in_business_seat,
    "MIDDLE_MANAGEMENT": rule_middle_management,
}


# --- Helpers -------------------------------------------------------------------------


def _absent_holders(ctx: TeamContext, position: str) -> list[str]:
    return ctx.away_holders[position]


def _away_note(ctx: TeamContext, position: str) -> str:
    away = _absent_holders(ctx, position)
    return f" while {are_away(away)}" if away else ""


def _sliver_note(ctx: TeamContext, position: str) -> str:
    slivers = [
        p.name for p in ctx.present if p.allocation(position) > 0 and not ctx.holds(p, position)
    ]
    if not slivers:
        return ""
    minimum = fmt(ctx.catalogue.thresholds.hold_min_fte)
    return f" ({join_names(slivers)} gives it less than {minimum} FTE, too little to lean on)"


def _member_order(ctx: TeamContext) -> Callable[[str], int]:
    order = {person.name: index for index, person in enumerate(ctx.members)}
    return lambda name: order.get(name, len(order))


def _find_middle_managers(ctx: TeamContext) -> None:
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


# A person in very many teams: each team's report names at most this many of the others
# (the organisation-level warning names them all), so a report stays linear in size.
MAX_OTHER_TEAMS = 25


def _other_teams(teams: list[str], team: str) -> tuple[str, ...]:
    if len(teams) < 2:
        return ()
    return tuple(t for t in teams[: MAX_OTHER_TEAMS + 1] if t != team)[:MAX_OTHER_TEAMS]


def _person_status(ctx: TeamContext, person: Person, away: set[str]) -> tuple[float, PersonStatus]:
    total = ctx.total_load[person.name]
    thresholds = ctx.catalogue.thresholds
    if person.name in away:
        return total, "absent"
    if overload_severity(ctx.catalogue, total, person.fte) is not None:
        return total, "overloaded"
    if total + EPSILON >= person.fte * thresholds.at_capacity_ratio:
        return total, "at_capacity"
    return total, "ok"


def _severity_rank(warning: RuleWarning) -> int:
    return SEVERITY_ORDER.index(warning.severity)


def _health(cat: Catalogue, warnings: list[RuleWarning]) -> HealthBreakdown:
    settings = cat.health
    seen: dict[str, int] = defaultdict(int)
    deductions = []
    for warning in warnings:
        seen[warning.code] += 1
        counted = seen[warning.code] <= settings.counted_per_code
        deductions.append(
            Deduction(
                code=warning.code,
                title=warning.title,
                severity=warning.severity,
                points=settings.penalty.get(warning.severity, 0) if counted else 0,
                subject=", ".join(warning.people)
                or ", ".join(cat.name_of(p) for p in warning.positions),
            )
        )
    total = sum(d.points for d in deductions)
    score = max(0, settings.start - total)
    cap = None
    reason = None
    if any(w.code == "NO_SPONSOR" for w in warnings):
        cap = settings.no_sponsor_cap
        reason = settings.no_sponsor_cap_reason
        score = min(score, cap)
    return HealthBreakdown(
        start=settings.start,
        deductions=tuple(deductions),
        total_deducted=total,
        cap=cap,
        cap_reason=reason,
        score=score,
    )


def _team_context(
    cat: Catalogue,
    settings: TeamSettings,
    members: list[Person],
    away: set[str],
    total_load: dict[str, float],
    people_by_name: dict[str, Person],
    like: TeamContext | None = None,
) -> TeamContext:
    """The team with ``away`` gone; ``like``, the same team with other absences, lends
    what no absence changes (who holds what, the reporting lines)."""
    present = [p for p in members if p.name not in away]
    tier: Tier = cat.tier_for_head_count(len(members)) if settings.size == "auto" else settings.size
    if like is not None:
        held = like.held
    else:
        held = {
            person.name: tuple(
                pid
                for pid in cat.position_ids  # catalogue order
                if pid in person.allocations and holds_position(cat, person, pid)
            )
            for person in members
        }
    holders: dict[str, list[str]] = {pid: [] for pid in cat.position_ids}
    held_fte: dict[str, float] = dict.fromkeys(cat.position_ids, 0.0)
    slivers: dict[str, list[str]] = {pid: [] for pid in cat.position_ids}
    away_holders: dict[str, list[str]] = {pid: [] for pid in cat.position_ids}
    for person in members:
        if person.name in away:
            for pid in held[person.name]:
                away_holders[pid].append(person.name)
    for person in present:
        for pid, allocation in person.allocations.items():
            if allocation <= 0:
                continue
            if pid in held[person.name]:
                holders[pid].append(person.name)
                held_fte[pid] += allocation
            else:
                slivers[pid].append(person.name)
    critical = cat.critical_positions
    if settings.critical_positions:
        critical = tuple(
            pid for pid in cat.position_ids if pid in critical or pid in settings.critical_positions
        )
    ctx = TeamContext(
        catalogue=cat,
        settings=settings,
        tier=tier,
        members=members,
        present=present,
        holders=holders,
        held_fte=held_fte,
        critical=critical,
        total_load=total_load,
        people_by_name=people_by_name,
        held=held,
        away_holders=away_holders,
        slivers=slivers,
    )
    if like is not None:
        ctx.middle_managers = like.middle_managers
        ctx.leads_above_managers = like.leads_above_managers
    else:
        _find_middle_managers(ctx)
    return ctx


def _run_rules(ctx: TeamContext) -> list[RuleWarning]:
    """Every team rule, its warnings sorted by severity, then by the rules' order."""
    warnings: list[RuleWarning] = []
    for rule in TEAM_RULES.values():
        warnings.extend(rule(ctx))
    code_order = ctx.catalogue.rule_order
    warnings.sort(key=lambda w: (_severity_rank(w), code_order[w.code]))
    return warnings


def _score_team(
    cat: Catalogue,
    settings: TeamSettings,
    members: list[Person],
    away: set[str],
    total_load: dict[str, float],
    people_by_name: dict[str, Person],
    teams_of: dict[str, list[str]],
) -> TeamReport:
    ctx = _team_context(cat, settings, members, away, total_load, people_by_name)
    warnings = _run_rules(ctx)
    return _team_report_of(ctx, warnings, away, teams_of)


def _team_report_of(
    ctx: TeamContext, warnings: list[RuleWarning], away: set[str], teams_of: dict[str, list[str]]
) -> TeamReport:
    cat, settings, tier, members = ctx.catalogue, ctx.settings, ctx.tier, ctx.members
    holders, held_fte, critical = ctx.holders, ctx.held_fte, ctx.critical
    away_holders, slivers = ctx.away_holders, ctx.slivers
    requirements = {req.id: req for req in cat.tier(tier).positions}
    # The positions of a group the team falls short of ("2 people delivering") are drawn
    # as needed, so the pitch shows where the missing people would stand.
    short_groups = {
        pid
        for group in cat.tier(tier).groups
        if len({n for p in group.positions for n in holders[p]}) < group.min_people
        for pid in group.positions
    }
    coverage = []
    for pid in cat.position_ids:
        requirement = requirements.get(pid)
        relied_on = pid in critical and bool(holders[pid] or away_holders[pid])
        names = holders[pid]
        status: CoverageStatus
        if not names:
            status = "missing"
        elif requirement and falls_short(requirement, held_fte[pid], len(names)):
            status = "thin"
        else:
            status = "covered"
        coverage.append(
            Coverage(
                position=pid,
                # A critical position someone holds is one the team relies on, whatever
                # its size: if an absence empties it, it is as missing as a required one.
                required=requirement is not None or relied_on or pid in short_groups,
                status=status,
                fte=round(held_fte[pid], 4),
                required_fte=requirement.min_fte if requirement else 0.0,
                required_people=requirement.min_people if requirement else int(relied_on),
                people=tuple(names),
                slivers=tuple(slivers[pid]),
            )
        )

    people = []
    for person in members:
        total, person_status = _person_status(ctx, person, away)
        people.append(
            PersonLoad(
                name=person.name,
                title=person.title,
                fte=person.fte,
                load=round(sum(person.allocations.values()), 4),
                total_load=round(total, 4),
                positions=tuple(ctx.positions_held_by(person)),
                allocations={k: v for k, v in person.allocations.items() if v > 0},
                status=person_status,
                other_teams=_other_teams(teams_of[person.name], settings.name),
            )
        )

    factor, factor_positions = bus_factor(ctx)
    health = _health(cat, warnings)
    return TeamReport(
        team=settings.name,
        tier=tier,
        tier_was_set=settings.size != "auto",
        head_count=len(members),
        mission_critical=settings.mission_critical,
        health=health.score,
        health_breakdown=health,
        bus_factor=factor,
        bus_factor_positions=factor_positions,
        coverage=tuple(coverage),
        people=tuple(people),
        warnings=tuple(warnings),
        middle_managers=tuple(ctx.middle_managers),
        absent=tuple(p.name for p in members if p.name in away),
    )


def _organisation_warnings(
    cat: Catalogue,
    roster: Roster,
    away: set[str],
    total_load: dict[str, float],
    teams_of: dict[str, list[str]],
) -> list[RuleWarning]:
    """OVERLOADED across teams: everyone in several teams whose loads add up to too much."""
    rule = cat.rule("OVERLOADED")
    rows: dict[str, list[Person]] = defaultdict(list)
    for person in roster.people:
        rows[person.name].append(person)
    found = []
    for name, entries in rows.items():
        if len(teams_of[name]) < 2 or name in away:
            continue
        fte = entries[0].fte
        total = total_load[name]
        severity = overload_severity(cat, total, fte)
        if severity is None:
            continue
        parts = ", ".join(f"{fmt(sum(p.allocations.values()))} in {p.team}" for p in entries)
        found.append(
            RuleWarning(
                code="OVERLOADED",
                severity=severity,
                title=rule.title,
                positions=tuple(
                    sorted({pid for p in entries for pid, v in p.allocations.items() if v > 0})
                ),
                people=(name,),
                teams=tuple(teams_of[name]),
                message=(
                    f"{name} is booked for {fmt(total)} FTE across {len(entries)} teams "
                    f"({parts}) against {fmt(fte)} available ({round(100 * total / fte)}%)."
                ),
                advice=rule.advice,
            )
        )
    return found


@dataclass(frozen=True)
class _Index:
    """What every team of a roster shares: people by name, loads and teams across teams."""

    people_by_name: dict[str, Person]
    total_load: dict[str, float]
    teams_of: dict[str, list[str]]
    members_of: dict[str, list[Person]]
    settings: dict[str, TeamSettings]


def _index(roster: Roster) -> _Index:
    people_by_name: dict[str, Person] = {}
    total_load: dict[str, float] = defaultdict(float)
    teams_of: dict[str, list[str]] = defaultdict(list)
    members_of: dict[str, list[Person]] = defaultdict(list)
    for person in roster.people:
        people_by_name.setdefault(person.name, person)
        total_load[person.name] += sum(person.allocations.values())
        teams_of[person.name].append(person.team)
        members_of[person.team].append(person)
    settings = {team.name: team for team in roster.teams}
    return _Index(people_by_name, total_load, teams_of, members_of, settings)


def _context_in(
    cat: Catalogue, index: _Index, team: str, away: set[str], like: TeamContext | None = None
) -> TeamContext:
    return _team_context(
        cat,
        index.settings.get(team) or TeamSettings(name=team),
        index.members_of[team],
        away,
        index.total_load,
        index.people_by_name,
        like,
    )


def _team_report(cat: Catalogue, index: _Index, team: str, away: set[str]) -> TeamReport:
    ctx = _context_in(cat, index, team, away)
    return _team_report_of(ctx, _run_rules(ctx), away, index.teams_of)


def _team_keys(
    cat: Catalogue, index: _Index, team: str, away: set[str], like: TeamContext
) -> set[tuple[object, ...]]:
    """The identities of a team's warnings with ``away`` gone (no report is built)."""
    ctx = _context_in(cat, index, team, away, like)
    factor = bus_factor(ctx)[0]
    return {_warning_key(team, factor, w) for w in _run_rules(ctx)}


def _score_once(roster: Roster, away: set[str], cat: Catalogue) -> Report:
    index = _index(roster)
    teams = tuple(_team_report(cat, index, team, away) for team in roster.team_names())
    return Report(
        teams=teams,
        warnings=tuple(_organisation_warnings(cat, roster, away, index.total_load, index.teams_of)),
        absent=tuple(sorted(away)),
    )


def _warning_key(team: str | None, factor: int, warning: RuleWarning) -> tuple[object, ...]:
    """What makes two warnings 'the same' with and without an absence."""
    if team is not None and warning.code == "TEAM_BUS_FACTOR":
        return (team, warning.code, factor)  # worse is new, same is not
    return (team or "", warning.code, warning.positions, warning.people, warning.teams)


def _key(team: TeamReport | None, warning: RuleWarning) -> tuple[object, ...]:
    if team is None:
        return _warning_key(None, 0, warning)
    return _warning_key(team.team, team.bus_factor, warning)


def _keys(report: Report) -> set[tuple[object, ...]]:
    keys = {_key(t, w) for t in report.teams for w in t.warnings}
    keys |= {_key(None, w) for w in report.warnings}
    return keys


def score(roster: Roster, absent: Iterable[str] = (), *, cat: Catalogue | None = None) -> Report:
    """Score every team of ``roster``; ``absent`` names people to treat as gone.

    People marked absent in the roster itself count as absent too. Each warning lists
    the absences it depends on: those without which it would not be raised.
    """
    cat = cat or catalogue()
    teams = roster.team_names()
    if len(teams) > MAX_TEAMS:
        raise TooManyTeamsError(
            [
                Problem(
                    source="roster",
                    row=None,
                    column="team",
                    message=f"{len(teams):,} teams; one report covers at most {MAX_TEAMS:,} "
                    "teams: split the file by department or division",
                )
            ]
        )
    known = {person.name for person in roster.people}
    asked = [name.strip() for name in absent]
    unknown = sorted(name for name in asked if name not in known)
    if unknown:
        raise UnknownPersonError(
            f"not in the roster: {', '.join(unknown)}; people: {', '.join(sorted(known))}"
        )
    away = set(asked) | {person.name for person in roster.people if person.absent}
    with _collector_paused():
        return _score_with_absences(roster, away, cat)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a report is built.

    Scoring allocates tens of thousands of small objects for a large organisation and
    creates no reference cycles; without the pause, the collector's passes over them
    took about half the time of a 10,000-row roster.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _score_with_absences(roster: Roster, away: set[str], cat: Catalogue) -> Report:
    """Score with ``away`` gone, and say which absences each warning depends on.

    An absence can change only the teams the absent person belongs to, so each team is
    compared with itself: with nobody away, and with each of its own absent members
    back. Organisation-level warnings concern people who are present and loads that
    no absence changes, so they never depend on one.
    """
    index = _index(roster)
    teams = []
    for team in roster.team_names():
        team_away = {p.name for p in index.members_of[team] if p.name in away}
        ctx = _context_in(cat, index, team, team_away)
        report = _team_report_of(ctx, _run_rules(ctx), team_away, index.teams_of)
        if team_away:
            report = _attributed(cat, index, report, team_away, ctx)
        teams.append(report)
    return Report(
        teams=tuple(teams),
        warnings=tuple(_organisation_warnings(cat, roster, away, index.total_load, index.teams_of)),
        absent=tuple(sorted(away)),
    )


def _attributed(
    cat: Catalogue, index: _Index, report: TeamReport, away: set[str], ctx: TeamContext
) -> TeamReport:
    """The team's warnings, each naming the team's absences it depends on."""
    team = report.team
    baseline = _team_keys(cat, index, team, set(), ctx)
    if len(away) == 1:
        without_one = {name: baseline for name in away}
    else:
        without_one = {name: _team_keys(cat, index, team, away - {name}, ctx) for name in away}

    def depends_on(key: tuple[object, ...]) -> tuple[str, ...]:
        if key in baseline:
            return ()
        needed = tuple(sorted(name for name in away if key not in without_one[name]))
        # No single absence is needed (any two of three holders away, say): all of the
        # team's absences together are.
        return needed or tuple(sorted(away))

    warnings = tuple(
        w.model_copy(update={"absences": depends_on(_key(report, w))}) for w in report.warnings
    )
    return report.model_copy(update={"warnings": warnings})
