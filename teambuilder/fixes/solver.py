"""Suggested fixes: solve the encoding, read the roster back, let score() judge it.

    roster ──► TeamProblem ──► CP-SAT (one model per reachable size tier) ──► solution
                                   ▲                                            │
                                   └──── exclude it ◄── rejected ── score() ◄───┘
                                                                    │ accepted
                                                      sentences ◄───┘ (explain.py)

Alternatives are found the same way, each excluding every proposal before it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from teambuilder.analysis.stress import single_absences
from teambuilder.catalogue import Catalogue, catalogue, fix_settings
from teambuilder.fixes import explain
from teambuilder.fixes.encoding import (
    SCALE,
    SPONSOR,
    Builder,
    Cell,
    Encoding,
    TeamProblem,
)
from teambuilder.fixes.model import FixOptionError, FixOptions, FixResult, Proposal
from teambuilder.fixes.settings import FixSettings
from teambuilder.models import Background, Person, Roster, RuleWarning, TeamReport, Tier
from teambuilder.rules import to_warning
from teambuilder.scoring import score

Cut = tuple[tuple[str, str], ...]


@dataclass
class Solved:
    roster: Roster
    cost: int
    optimal: bool
    cut: Cut
    objective: float


def suggest_fixes(
    roster: Roster,
    team: str | None = None,
    options: FixOptions | None = None,
    *,
    cat: Catalogue | None = None,
    settings: FixSettings | None = None,
) -> FixResult:
    """The cheapest changes that meet ``options.goal`` for ``team`` (default: the first).

    Every proposal returned has been re-scored by ``score()``: the goal is met, nobody is
    overloaded, locked and away people's time is unchanged (and, for the ``n1`` goal,
    no single absence raises a new warning of the goal's severities).
    """
    started = time.perf_counter()
    cat = cat or catalogue()
    settings = settings or fix_settings()
    options = options or FixOptions()
    team = _check_team(roster, team)
    _check_options(roster, team, options, cat)
    absent = list(options.absent)
    before = score(roster, absent, cat=cat).team(team)
    problem = _problem(roster, team, options, cat, settings)
    if not judge(roster, roster, problem, absent):
        result = FixResult(
            team=team,
            goal=options.goal,
            health_before=before.health,
            before=before,
            proposal=_proposal(roster, roster, problem, absent, before, 0, True),
        )
        return result.model_copy(update={"seconds": time.perf_counter() - started})

    cap = options.time_cap_seconds or settings.solver.time_cap_seconds
    wanted = settings.solver.alternatives if options.alternatives is None else options.alternatives
    cuts: list[Cut] = []
    exact = True
    best: Solved | None = None
    reason: str | None = None
    for _ in range(settings.solver.judge_rounds):
        found, why = _solve(problem, roster, cuts, cap)
        if found is None:
            reason = why
            break
        problems = judge(found.roster, roster, problem, absent)
        if not problems:
            best = found
            break
        cuts.append(found.cut)
        exact = False  # a rejected solution's cut may exclude a cheaper valid one
    else:
        reason = "no proposal passed the check by the scoring rules; please report this team"
    if best is None:
        return FixResult(
            team=team,
            goal=options.goal,
            health_before=before.health,
            before=before,
            proposal=None,
            reason=reason or "no fix was found",
            seconds=time.perf_counter() - started,
        )
    proposal = _proposal(
        best.roster, roster, problem, absent, before, best.cost, best.optimal and exact
    )
    alternatives: list[Proposal] = []
    cuts.append(best.cut)
    alt_cap = settings.solver.alternative_time_cap_seconds
    rounds = 0
    while len(alternatives) < wanted and rounds < wanted + settings.solver.judge_rounds:
        rounds += 1
        found, _ = _solve(problem, roster, cuts, alt_cap)
        if found is None:
            break
        cuts.append(found.cut)
        if judge(found.roster, roster, problem, absent):
            continue
        alternatives.append(
            _proposal(found.roster, roster, problem, absent, before, found.cost, found.optimal)
        )
    return FixResult(
        team=team,
        goal=options.goal,
        health_before=before.health,
        before=before,
        proposal=proposal,
        alternatives=tuple(alternatives),
        seconds=time.perf_counter() - started,
    )


def target_fix(
    roster: Roster,
    team: str,
    target: tuple[str, str],
    key: tuple[object, ...],
    options: FixOptions,
    *,
    cat: Catalogue | None = None,
    settings: FixSettings | None = None,
) -> Proposal | None:
    """The cheapest changes that clear one warning (named by ``target``), or None.

    Judged by score(): the warning (``key``, see explain.warning_key) is gone and no one
    is more overloaded than before.
    """
    cat = cat or catalogue()
    settings = settings or fix_settings()
    absent = list(options.absent)
    problem = _problem(roster, team, options, cat, settings)
    problem.targets = frozenset([target])
    before = score(roster, absent, cat=cat).team(team)
    loaded_before = _overloaded(roster, team, absent, cat)
    cuts: list[Cut] = []
    for _ in range(settings.solver.judge_rounds):
        found, _why = _solve(problem, roster, cuts, settings.advice.time_cap_seconds)
        if found is None:
            return None
        after = score(found.roster, absent, cat=cat).team(team)
        gone = all(explain.warning_key(w) != key for w in after.warnings)
        if gone and _overloaded(found.roster, team, absent, cat) <= loaded_before:
            return _proposal(
                found.roster, roster, problem, absent, before, found.cost, found.optimal
            )
        cuts.append(found.cut)
    return None


def _overloaded(roster: Roster, team: str, absent: list[str], cat: Catalogue) -> set[str]:
    report = score(roster, absent, cat=cat)
    every = [*report.team(team).warnings, *report.warnings]
    return {name for w in every if w.code == "OVERLOADED" for name in w.people}


# --- the judge ---------------------------------------------------------------------


def judge(fixed: Roster, original: Roster, problem: TeamProblem, absent: list[str]) -> list[str]:
    """What is wrong with ``fixed`` by the scoring rules, in words; empty when it passes."""
    cat, settings = problem.cat, problem.settings
    team = problem.team.name
    report = score(fixed, absent, cat=cat)
    after = report.team(team)
    wrong: list[str] = []
    severities = set(settings.goals.severities(problem.goal))
    for warning in goal_warnings(after, problem):
        wrong.append(f"{warning.code} left: {warning.message}")
    members = {p.name for p in fixed.people if p.team == team}
    for warning in (*after.warnings, *report.warnings):
        if warning.code == "OVERLOADED" and members & set(warning.people):
            wrong.append(f"overloaded: {warning.message}")
    wrong += _unchanged_where_required(fixed, original, problem)
    if problem.goal == "n1":
        # "Survives any one absence" has one definition, the stress test's N-1.
        found = single_absences(fixed, team, absent=absent, severities=severities, cat=cat)
        for name in sorted(found):
            for finding in found[name]:
                warning = to_warning(finding, cat)
                wrong.append(f"with {name} away: {warning.code}: {warning.message}")
    return wrong


def goal_warnings(team_report: TeamReport, problem: TeamProblem) -> list[RuleWarning]:
    """The warnings of a team report that the goal says must go."""
    settings = problem.settings
    severities = set(settings.goals.severities(problem.goal))
    out_of_reach = set(settings.goals.out_of_reach)
    return [
        w for w in team_report.warnings if w.severity in severities and w.code not in out_of_reach
    ]


def _unchanged_where_required(fixed: Roster, original: Roster, problem: TeamProblem) -> list[str]:
    team = problem.team.name
    now = {(p.team, p.name): p for p in fixed.people}
    wrong = []
    for person in original.people:
        new = now.get((person.team, person.name))
        if new is None:
            wrong.append(f"{person.name} was dropped")
            continue
        if person.team != team and new != person:
            wrong.append(f"{person.name} changed in another team")
        for pid in problem.cat.position_ids:
            same = abs(new.allocation(pid) - person.allocation(pid)) < 1e-9
            fixed_here = (
                person.name in problem.away
                or problem.is_locked(person, pid)
                or problem.is_fixed(person, pid)
            )
            if fixed_here and not same:
                wrong.append(f"{person.name}'s {pid} changed although it may not")
    return wrong


# --- solving ------------------------------------------------------------------------


def _problem(
    roster: Roster, team: str, options: FixOptions, cat: Catalogue, settings: FixSettings
) -> TeamProblem:
    members = roster.members(team)
    away = set(options.absent) | {p.name for p in roster.people if p.absent}
    other: dict[str, float] = {}
    for person in roster.people:
        if person.team != team:
            other[person.name] = other.get(person.name, 0.0) + sum(person.allocations.values())
    return TeamProblem(
        cat=cat,
        settings=settings,
        team=roster.settings_for(team),
        members=members,
        away=away,
        other_load=other,
        locked_people=set(options.locked_people),
        locked_cells={Cell(name, pid) for name, pid in options.locked_cells},
        goal=options.goal,
        hires_allowed=options.hires,
        sponsors_allowed=options.hires or not settings.sponsor.forbidden_by_no_hires,
    )


def _tiers(problem: TeamProblem) -> list[Tier]:
    if problem.team.size != "auto":
        return [problem.team.size]
    most = problem.settings.hire.max_hires + problem.settings.sponsor.max
    found: list[Tier] = []
    for extra in range(most + 1):
        tier = problem.cat.tier_for_head_count(len(problem.members) + extra)
        if tier not in found:
            found.append(tier)
    return found


def _solve(
    problem: TeamProblem, roster: Roster, cuts: list[Cut], cap: float
) -> tuple[Solved | None, str]:
    """The cheapest solution over every reachable tier, or why there is none."""
    tiers = _tiers(problem)
    deadline = time.perf_counter() + cap
    best: Solved | None = None
    cores: list[tuple[Encoding, list[int]]] = []
    all_exact = True
    for index, tier in enumerate(tiers):
        left = max(0.05, (deadline - time.perf_counter()) / (len(tiers) - index))
        # A later tier only matters if it is at least as cheap as the best so far.
        encoding = Builder(problem, tier).build(cuts, max_cost=best.cost if best else None)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = left
        solver.parameters.num_workers = problem.settings.solver.workers
        # The LP relaxation with every constraint linearised proves the cheapest cost in
        # a fraction of the time (an 18-person team: 0.2 s instead of 3.5 s).
        solver.parameters.linearization_level = 2
        status = solver.solve(encoding.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # First the cheapest cost (proven or not), then, at that cost, the healthiest
            # and least disruptive fix in a share of the time left.
            cost = round(solver.value(encoding.cost))
            proven = status == cp_model.OPTIMAL
            chosen = _tie_break(encoding, solver, cost, deadline, problem)
            found = Solved(
                roster=_read(chosen, encoding, roster),
                cost=cost,
                optimal=proven,
                cut=_cut(chosen, encoding),
                objective=chosen.value(encoding.tie_break),
            )
            if best is None or (found.cost, found.objective) < (best.cost, best.objective):
                best = found
            if not proven:
                all_exact = False
        elif status == cp_model.INFEASIBLE:
            if best is None:
                core = list(solver.sufficient_assumptions_for_infeasibility())
                cores.append((encoding, _smaller_core(encoding, core, deadline)))
        else:
            all_exact = False  # out of time with nothing found: cheaper may exist there
    if best is not None:
        if not all_exact:
            best.optimal = False
        return best, ""
    if not cores:
        return None, (
            f"no fix was found within {cap:g} seconds; try again with more time or fewer locks"
        )
    return None, explain.why_infeasible(problem, cores)


def _tie_break(
    encoding: Encoding,
    first: cp_model.CpSolver,
    cost: int,
    deadline: float,
    problem: TeamProblem,
) -> cp_model.CpSolver:
    """Among fixes of ``cost``, the one that loses the least health and moves least time."""
    model = encoding.model
    for var in encoding.hints:
        model.add_hint(var, first.value(var))
    model.add(encoding.cost <= cost)
    model.minimize(encoding.tie_break)
    left = deadline - time.perf_counter()
    share = problem.settings.solver.tie_break_share
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.2, left * share)
    solver.parameters.num_workers = problem.settings.solver.workers
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver
    return first


def _smaller_core(encoding: Encoding, core: list[int], deadline: float) -> list[int]:
    """Drop what the infeasibility does not need, while time is left, so the words name
    the few constraints that really clash."""
    model = encoding.model
    everything = list(model.proto.assumptions)
    kept = list(core)
    for index in list(core):
        left = deadline - time.perf_counter()
        if left <= 0.05:
            break
        trial = [lit for lit in kept if lit != index]
        # Assumptions outside the trial are still enforced if they are not in the core:
        # they are relaxed only when they are part of the clash being looked at.
        model.clear_assumptions()
        chosen = [lit for lit in everything if lit not in core or lit in trial]
        model.add_assumptions([model.get_bool_var_from_proto_index(lit) for lit in chosen])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = min(left, 0.5)
        solver.parameters.num_workers = encoding.problem.settings.solver.workers
        solver.parameters.linearization_level = 2
        if solver.solve(model) == cp_model.INFEASIBLE:
            kept = trial
    model.clear_assumptions()
    model.add_assumptions([model.get_bool_var_from_proto_index(lit) for lit in everything])
    return kept


def _cut(solver: cp_model.CpSolver, encoding: Encoding) -> Cut:
    return tuple((key, "1") for key, lit in encoding.decision_literals if solver.boolean_value(lit))


def _read(solver: cp_model.CpSolver, encoding: Encoding, roster: Roster) -> Roster:
    """The roster the solution makes: new cells, hires and sponsors added to the team."""
    problem = encoding.problem
    team = problem.team.name
    new_values: dict[str, dict[str, float]] = {}
    for pv in encoding.people:
        cells = {}
        for pid, moved in pv.changed.items():
            if solver.boolean_value(moved):
                cells[pid] = round(solver.value(pv.value[pid]) / SCALE, 3)
        if cells:
            new_values[pv.person.name] = cells
    people: list[Person] = []
    for person in roster.people:
        cells = new_values.get(person.name, {}) if person.team == team else {}
        if not cells:
            people.append(person)
            continue
        allocations = dict(person.allocations)
        for pid, value in cells.items():
            if value > 0:
                allocations[pid] = value
            else:
                allocations.pop(pid, None)
        people.append(person.model_copy(update={"allocations": allocations}))
    taken = {p.name for p in roster.people}
    settings = problem.settings
    for slot in encoding.hires:
        if not solver.boolean_value(slot.used):
            continue
        allocations = {
            pid: round(solver.value(var) / SCALE, 3)
            for pid, var in slot.fte.items()
            if solver.value(var) > 0
        }
        held = [pid for pid in problem.cat.position_ids if pid in allocations]
        label = " and ".join(explain.lower_name(problem.cat, pid) for pid in held)
        name = _unique(settings.hire.name_prefix + explain.capitalise(label), taken)
        business = settings.constraints.business_bridge in allocations
        background = (
            (Background.business if len(held) == 1 else Background.mixed)
            if business
            else Background.tech
        )
        people.append(
            Person(
                team=team,
                name=name,
                title=explain.HIRE_TITLE,
                fte=settings.hire.fte,
                background=background,
                allocations=allocations,
            )
        )
    for _ in range(int(solver.value(encoding.sponsors))):
        people.append(
            Person(
                team=team,
                name=_unique(settings.sponsor.name, taken),
                title=explain.SPONSOR_TITLE,
                fte=settings.sponsor.fte,
                background=Background.business,
                allocations={SPONSOR: settings.sponsor.allocation},
            )
        )
    return roster.model_copy(update={"people": tuple(people)})


def _unique(name: str, taken: set[str]) -> str:
    found, number = name, 2
    while found in taken:
        found = f"{name} ({number})"
        number += 1
    taken.add(found)
    return found


def _proposal(
    fixed: Roster,
    original: Roster,
    problem: TeamProblem,
    absent: list[str],
    before: TeamReport,
    cost: int,
    optimal: bool,
) -> Proposal:
    after = score(fixed, absent, cat=problem.cat).team(problem.team.name)
    changes = explain.describe(original, fixed, problem, absent)
    out_of_reach = tuple(
        w.message
        for w in after.warnings
        if w.code in problem.settings.goals.out_of_reach
        and w.severity in set(problem.settings.goals.severities(problem.goal))
    )
    return Proposal(
        cost=cost,
        optimal=optimal,
        health_after=after.health,
        changes=changes,
        roster=fixed,
        after=after,
        out_of_reach=out_of_reach,
    )


# --- checking what the user asked for ------------------------------------------------


def _check_team(roster: Roster, team: str | None) -> str:
    teams = roster.team_names()
    if not teams:
        raise FixOptionError("the roster has no team to fix")
    if team is None:
        return teams[0]
    if team not in teams:
        raise FixOptionError(f"no team {team!r}; teams: {', '.join(teams)}")
    return team


def _check_options(roster: Roster, team: str, options: FixOptions, cat: Catalogue) -> None:
    names = [p.name for p in roster.members(team)]
    everyone = {p.name for p in roster.people}
    for name in [*options.locked_people, *(n for n, _ in options.locked_cells)]:
        if name not in names:
            raise FixOptionError(
                f"--lock: {name!r} is not in team {team}; people: {', '.join(names)}"
            )
    for _, pid in options.locked_cells:
        if pid not in cat.position_ids:
            raise FixOptionError(
                f"--lock: unknown position {pid!r}; positions: {', '.join(cat.position_ids)}"
            )
    for name in options.absent:
        if name not in everyone:
            raise FixOptionError(
                f"--absent: {name!r} is not in the roster; people: {', '.join(sorted(everyone))}"
            )
