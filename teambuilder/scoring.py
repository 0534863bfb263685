"""Scoring: a roster in, a report out. Pure functions, no I/O.

Each team is taken apart once (a ``TeamContext``), every rule of teambuilder/rules/
checks it, and the findings are put in words; thresholds, severities, advice and size
tiers all come from the catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial

from teambuilder import clock
from teambuilder.analysis.absence import attributed
from teambuilder.analysis.acceptance import apply_acceptances
from teambuilder.analysis.identity import key_in, report_keys, warning_key
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.collector import collector_paused
from teambuilder.models import (
    CoverageStatus,
    HealthBreakdown,
    Person,
    PersonStatus,
    Report,
    Roster,
    RuleWarning,
    TeamReport,
    TeamSettings,
    Tier,
)
from teambuilder.rules import TEAM_RULES as RULES
from teambuilder.rules import Finding, Rule, check_team, to_warning
from teambuilder.rules.context import (
    BUSINESS_BRIDGE,
    DELIVERY_BRIDGE,
    EPSILON,
    EVANGELIST,
    LEADERSHIP,
    SPONSOR,
    TeamContext,
    falls_short,
    holds_position,
    overload_severity,
)
from teambuilder.rules.middle_management import find_middle_managers
from teambuilder.rules.overloaded import check_organisation
from teambuilder.rules.team_bus_factor import bus_factor
from teambuilder.validation import Problem, RosterError

# Kept importable from here: other modules and branches import them from scoring.
__all__ = [
    "BUSINESS_BRIDGE",
    "DELIVERY_BRIDGE",
    "EPSILON",
    "EVANGELIST",
    "LEADERSHIP",
    "MAX_OTHER_TEAMS",
    "MAX_TEAMS",
    "SPONSOR",
    "TEAM_RULES",
    "TeamContext",
    "TooManyTeamsError",
    "UnknownPersonError",
    "bus_factor",
    "falls_short",
    "holds_position",
    "overload_severity",
    "score",
]


class UnknownPersonError(ValueError):
    """An absence names someone who is not in the roster."""


# A report holds a full page per team: beyond this many teams scoring is refused (with
# the reason) rather than left to run for minutes on gigabytes. Four times the 500 teams
# of the 10,000-row benchmark organisation.
MAX_TEAMS = 2_000


class TooManyTeamsError(RosterError):
    """The roster has more teams than one report can hold."""


TeamRule = Callable[[TeamContext], list[RuleWarning]]


def _legacy(rule: Rule) -> TeamRule:
    """A rule as scoring's rule functions used to be: context in, warnings out."""

    def run(ctx: TeamContext) -> list[RuleWarning]:
        return [to_warning(finding, ctx.catalogue) for finding in rule.check(ctx)]

    return run


# Each rule's check, in words (the rules themselves live in teambuilder/rules/).
TEAM_RULES: dict[str, TeamRule] = {rule.code: _legacy(rule) for rule in RULES}


# A person in very many teams: each team's report names at most this many of the others
# (the organisation-level warning names them all), so a report stays linear in size.
MAX_OTHER_TEAMS = 25


def _other_teams(teams: list[str], team: str) -> tuple[str, ...]:
    if len(teams) < 2:
        return ()
    return tuple(t for t in teams[: MAX_OTHER_TEAMS + 1] if t != team)[:MAX_OTHER_TEAMS]


def _person_statuses(ctx: TeamContext, away: set[str]) -> list[tuple[Person, float, PersonStatus]]:
    """Each member with their load across teams and how that sits with their FTE."""
    thresholds = ctx.catalogue.thresholds
    tolerance, at_capacity = thresholds.overload_tolerance, thresholds.at_capacity_ratio
    total_load = ctx.total_load
    found: list[tuple[Person, float, PersonStatus]] = []
    for person in ctx.members:
        total = total_load[person.name]
        status: PersonStatus
        if person.name in away:
            status = "absent"
        elif total > person.fte + tolerance + EPSILON:  # as overload_severity decides it
            status = "overloaded"
        elif total + EPSILON >= person.fte * at_capacity:
            status = "at_capacity"
        else:
            status = "ok"
        found.append((person, total, status))
    return found


def _health(cat: Catalogue, warnings: list[RuleWarning]) -> HealthBreakdown:
    settings = cat.health
    seen: dict[str, int] = defaultdict(int)
    total = 0
    deductions: list[dict[str, object]] = []
    points_of = settings.penalty
    for warning in warnings:
        seen[warning.code] += 1
        counted = seen[warning.code] <= settings.counted_per_code
        points = points_of.get(warning.severity, 0) if counted else 0
        deductions.append(
            {
                "code": warning.code,
                "title": warning.title,
                "severity": warning.severity,
                "points": points,
                "subject": ", ".join(warning.people)
                or ", ".join(cat.name_of(p) for p in warning.positions),
            }
        )
        total += points
    score = max(0, settings.start - total)
    cap = None
    reason = None
    if any(w.code == "NO_SPONSOR" for w in warnings):
        cap = settings.no_sponsor_cap
        reason = settings.no_sponsor_cap_reason
        score = min(score, cap)
    return HealthBreakdown.model_validate(
        {
            "start": settings.start,
            "deductions": deductions,
            "total_deducted": total,
            "cap": cap,
            "cap_reason": reason,
            "score": score,
        }
    )


def _holdings(
    cat: Catalogue, members: list[Person]
) -> tuple[dict[str, tuple[str, ...]], dict[str, list[tuple[str, float, bool]]]]:
    """Per member: the positions they hold (catalogue order, as ``holds_position`` says),
    and each share they have as (position, allocation, whether it is enough to hold it)."""
    rank = cat.position_rank
    any_share = cat.held_by_any_allocation
    enough = cat.thresholds.hold_min_fte - EPSILON
    held: dict[str, tuple[str, ...]] = {}
    parts: dict[str, list[tuple[str, float, bool]]] = {}
    for person in members:
        shares = []
        mine = []
        for pid, allocation in person.allocations.items():
            if allocation <= 0:
                continue
            holds = pid in rank and (pid in any_share or allocation >= enough)
            shares.append((pid, allocation, holds))
            if holds:
                mine.append(pid)
        if len(mine) > 1:
            mine.sort(key=rank.__getitem__)
        held[person.name] = tuple(mine)
        parts[person.name] = shares
    return held, parts


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
        held, shared, critical = like.held, like.shared, like.critical
        parts = shared["parts"]
    else:
        held, parts = _holdings(cat, members)
        shared = {"parts": parts}
        critical = cat.critical_positions
        if settings.critical_positions:
            critical = tuple(
                pid
                for pid in cat.position_ids
                if pid in critical or pid in settings.critical_positions
            )
    holders: dict[str, list[str]] = {pid: [] for pid in cat.position_ids}
    held_fte: dict[str, float] = dict.fromkeys(cat.position_ids, 0.0)
    slivers: dict[str, list[str]] = {pid: [] for pid in cat.position_ids}
    away_holders: dict[str, list[str]] = {pid: [] for pid in cat.position_ids}
    if away:
        for person in members:
            if person.name in away:
                for pid in held[person.name]:
                    away_holders[pid].append(person.name)
    for person in present:
        name = person.name
        for pid, allocation, holds in parts[name]:
            if holds:
                holders[pid].append(name)
                held_fte[pid] += allocation
            else:
                slivers[pid].append(name)
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
        shared=shared,
    )
    if like is not None:
        ctx.middle_managers = like.middle_managers
        ctx.leads_above_managers = like.leads_above_managers
    else:
        find_middle_managers(ctx)
    return ctx


def _run_rules(ctx: TeamContext) -> list[RuleWarning]:
    """Every team rule's warnings, by severity, then in the order of data/rules.toml."""
    return [to_warning(finding, ctx.catalogue) for finding in check_team(ctx)]


def run_checks(ctx: TeamContext) -> list[Finding]:
    """The findings alone, in the same order as the warnings: no words are made."""
    return check_team(ctx)


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
        # Plain dicts, validated with the team's report below in one call: pydantic's
        # core builds the nested models faster than a constructor call per entry.
        coverage.append(
            {
                "position": pid,
                # A critical position someone holds is one the team relies on, whatever
                # its size: if an absence empties it, it is as missing as a required one.
                "required": requirement is not None or relied_on or pid in short_groups,
                "status": status,
                "fte": round(held_fte[pid], 4),
                "required_fte": requirement.min_fte if requirement else 0.0,
                "required_people": requirement.min_people if requirement else int(relied_on),
                "people": names,
                "slivers": slivers[pid],
            }
        )

    people = []
    team_name, held = settings.name, ctx.held
    for person, total, person_status in _person_statuses(ctx, away):
        allocations = person.allocations
        teams = teams_of[person.name]
        people.append(
            {
                "name": person.name,
                "title": person.title,
                "fte": person.fte,
                "load": round(float(sum(allocations.values())), 4),
                "total_load": round(total, 4),
                "positions": held[person.name],
                "allocations": {k: v for k, v in allocations.items() if v > 0},
                "status": person_status,
                "other_teams": _other_teams(teams, team_name) if len(teams) > 1 else (),
            }
        )

    factor, factor_positions = bus_factor(ctx)
    health = _health(cat, warnings)
    return TeamReport.model_validate(
        {
            "team": settings.name,
            "tier": tier,
            "tier_was_set": settings.size != "auto",
            "head_count": len(members),
            "mission_critical": settings.mission_critical,
            "health": health.score,
            "health_breakdown": health,
            "bus_factor": factor,
            "bus_factor_positions": factor_positions,
            "coverage": coverage,
            "people": people,
            "warnings": warnings,
            "middle_managers": ctx.middle_managers,
            "absent": [p.name for p in members if p.name in away],
        }
    )


def _organisation_warnings(
    cat: Catalogue,
    roster: Roster,
    away: set[str],
    total_load: dict[str, float],
    teams_of: dict[str, list[str]],
) -> list[RuleWarning]:
    """OVERLOADED across teams: everyone in several teams whose loads add up to too much."""
    found = check_organisation(cat, roster.people, away, total_load, teams_of)
    return [to_warning(finding, cat) for finding in found]


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
    cat: Catalogue, index: _Index, team: str, away: set[str], *, like: TeamContext
) -> set[tuple[object, ...]]:
    """The identities of a team's warnings with ``away`` gone (no report is built)."""
    ctx = _context_in(cat, index, team, away, like)
    factor = bus_factor(ctx)[0]
    return {warning_key(team, factor, f) for f in run_checks(ctx)}


def _score_once(roster: Roster, away: set[str], cat: Catalogue) -> Report:
    index = _index(roster)
    teams = tuple(_team_report(cat, index, team, away) for team in roster.team_names())
    return Report(
        teams=teams,
        warnings=tuple(_organisation_warnings(cat, roster, away, index.total_load, index.teams_of)),
        absent=tuple(sorted(away)),
    )


# Warning identity lives in teambuilder/analysis/identity.py (kept here under the old names).
_warning_key = warning_key
_key = key_in
_keys = report_keys


def check_size(roster: Roster) -> None:
    """Refuse a roster with more teams than one report covers (``TooManyTeamsError``)."""
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


def score(
    roster: Roster,
    absent: Iterable[str] = (),
    *,
    cat: Catalogue | None = None,
    today: date | None = None,
) -> Report:
    """Score every team of ``roster``; ``absent`` names people to treat as gone.

    People marked absent in the roster itself count as absent too. Each warning lists
    the absences it depends on: those without which it would not be raised. Warnings the
    roster's teams accepted as risks carry their acceptance, due from its review date
    (``today``: the date to judge that by, today's by default).
    """
    cat = cat or catalogue()
    check_size(roster)
    known = {person.name for person in roster.people}
    asked = [name.strip() for name in absent]
    unknown = sorted(name for name in asked if name not in known)
    if unknown:
        raise UnknownPersonError(
            f"not in the roster: {', '.join(unknown)}; people: {', '.join(sorted(known))}"
        )
    away = set(asked) | {person.name for person in roster.people if person.absent}
    with collector_paused():
        report = _score_with_absences(roster, away, cat)
    if roster.accepted_risks:
        report = apply_acceptances(report, roster.accepted_risks, today or clock.today())
    return report


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
            report = attributed(report, team_away, partial(_team_keys, cat, index, team, like=ctx))
        teams.append(report)
    return Report(
        teams=tuple(teams),
        warnings=tuple(_organisation_warnings(cat, roster, away, index.total_load, index.teams_of)),
        absent=tuple(sorted(away)),
    )
