"""The rules' thresholds as CP-SAT constraints over one team's allocations.

Every FTE is an integer number of thousandths. A cell (one person, one position) keeps
its value or takes a multiple of the move step; a changed cell costs the move cost. Up
to ``max_hires`` placeholder hires hold one or two positions; a missing sponsor is a
"find a sponsor" placeholder. Each warning a rule could raise becomes a boolean that is
true when the warning would fire: those the goal names are forced false, the others
weigh on the objective after the cost, so among the cheapest fixes the healthiest wins,
and among those the one that moves the least time.

The encoding mirrors teambuilder/scoring.py but is not the judge: every solution is
re-scored by ``score()`` (see solver.py), and one the judge rejects is excluded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from teambuilder.catalogue import Catalogue
from teambuilder.fixes.settings import FixSettings, Goal
from teambuilder.models import Background, Person, Severity, TeamSettings, Tier
from teambuilder.scoring import holds_position

SCALE = 1000  # thousandths of an FTE
SPONSOR = "executive_sponsor"
EVANGELIST = "evangelist"
BUSINESS_BRIDGE = "outside_in"
DELIVERY_BRIDGE = "inside_out"

Lit = cp_model.IntVar | bool
Expr = cp_model.LinearExpr | int


def scaled(fte: float) -> int:
    return round(fte * SCALE)


@dataclass(frozen=True)
class Cell:
    person: str
    position: str


@dataclass(frozen=True, eq=False)
class Indicator:
    """One warning a rule would raise, as a literal true when it fires."""

    code: str
    severity: Severity
    literal: Lit
    about: str  # a person or a position, for the words when it cannot be cleared


@dataclass
class TeamProblem:
    """What the encoding needs to know about one team, taken from the roster once."""

    cat: Catalogue
    settings: FixSettings
    team: TeamSettings
    members: list[Person]
    away: set[str]
    other_load: dict[str, float]  # load each member carries in other teams
    locked_people: set[str]
    locked_cells: set[Cell]
    goal: Goal
    hires_allowed: bool
    sponsors_allowed: bool
    # Advice for single warnings: clear just these (code, what it is about) instead of
    # the goal's severities, and let nobody's load grow beyond what it is today.
    targets: frozenset[tuple[str, str]] | None = None

    @property
    def present(self) -> list[Person]:
        return [p for p in self.members if p.name not in self.away]

    @property
    def critical(self) -> tuple[str, ...]:
        extra = self.team.critical_positions
        return tuple(
            pid
            for pid in self.cat.position_ids
            if pid in self.cat.critical_positions or pid in extra
        )

    def hireable(self) -> tuple[str, ...]:
        never = set(self.settings.hire.never)
        return tuple(pid for pid in self.cat.position_ids if pid not in never)

    def may_take_business_bridge(self, person: Person) -> bool:
        allowed = set(self.settings.constraints.business_backgrounds)
        return person.background is not None and person.background in allowed

    def is_fixed(self, person: Person, position: str) -> bool:
        return position in self.settings.constraints.fixed_positions

    def is_locked(self, person: Person, position: str) -> bool:
        return person.name in self.locked_people or Cell(person.name, position) in self.locked_cells

    def held_today(self) -> set[str]:
        return {
            pid
            for person in self.present
            for pid in self.cat.position_ids
            if holds_position(self.cat, person, pid)
        }

    def away_holders(self, position: str) -> bool:
        return any(
            holds_position(self.cat, p, position) for p in self.members if p.name in self.away
        )

    def severity(self, code: str) -> Severity:
        rule = self.cat.rule(code)
        if self.team.mission_critical and rule.severity_if_mission_critical:
            return rule.severity_if_mission_critical
        return rule.severity


@dataclass
class HireSlot:
    used: cp_model.IntVar
    fte: dict[str, cp_model.IntVar]
    holds: dict[str, cp_model.IntVar]
    any_of: dict[str, cp_model.IntVar] = field(default_factory=dict)


@dataclass
class PersonVars:
    person: Person
    value: dict[str, Expr]  # thousandths, a variable or the unchanged constant
    holds: dict[str, Lit]
    held_fte: dict[str, Expr]
    changed: dict[str, cp_model.IntVar]
    original: dict[str, int]


@dataclass
class Encoding:
    """A built model and the handles to read a solution back."""

    model: cp_model.CpModel
    problem: TeamProblem
    tier: Tier
    people: list[PersonVars]
    hires: list[HireSlot]
    sponsors: cp_model.IntVar
    cost: Expr
    # What decides between fixes of equal cost: health lost to warnings left first, then
    # time moved (weighted so that the first always outweighs the second).
    tie_break: Expr
    hints: list[cp_model.IntVar]  # the variables a second solve is hinted with
    hard: list[Indicator]
    assumptions: dict[int, str]  # literal index -> why, in words (for infeasibility)
    decision_literals: list[tuple[str, cp_model.IntVar]]


class Builder:
    def __init__(self, problem: TeamProblem, tier: Tier) -> None:
        self.p = problem
        self.tier = tier
        self.m = cp_model.CpModel()
        self.step = scaled(problem.settings.move.step_fte)
        self.hold_min = scaled(problem.cat.thresholds.hold_min_fte)
        self.assumptions: dict[int, str] = {}
        self._assumption_lits: list[cp_model.IntVar] = []

    # --- small reified helpers -------------------------------------------------------

    def assumption(self, why: str) -> cp_model.IntVar:
        lit = self.m.new_bool_var(f"assume:{why}")
        self.assumptions[lit.index] = why
        self._assumption_lits.append(lit)
        return lit

    def at_most(self, expr: Expr, k: int, name: str) -> cp_model.IntVar:
        """A literal true exactly when ``expr <= k``."""
        lit = self.m.new_bool_var(name)
        self.m.add(expr <= k).only_enforce_if(lit)
        self.m.add(expr >= k + 1).only_enforce_if(~lit)
        return lit

    def all_of(self, lits: Sequence[Lit], name: str) -> Lit:
        if any(lit is False for lit in lits):
            return False
        live = [lit for lit in lits if lit is not True]
        if not live:
            return True
        if len(live) == 1:
            return live[0]
        out = self.m.new_bool_var(name)
        self.m.add_min_equality(out, live)
        return out

    def any_of(self, lits: Sequence[Lit], name: str) -> Lit:
        if any(lit is True for lit in lits):
            return True
        live = [lit for lit in lits if lit is not False]
        if not live:
            return False
        if len(live) == 1:
            return live[0]
        out = self.m.new_bool_var(name)
        self.m.add_max_equality(out, live)
        return out

    def negate(self, lit: Lit) -> Lit:
        if isinstance(lit, bool):
            return not lit
        return ~lit  # type: ignore[return-value]

    # --- variables ------------------------------------------------------------------

    def person_vars(self, person: Person) -> PersonVars:
        p = self.p
        value: dict[str, Expr] = {}
        holds: dict[str, Lit] = {}
        held_fte: dict[str, Expr] = {}
        changed: dict[str, cp_model.IntVar] = {}
        original: dict[str, int] = {}
        bridge_lit = self.bridge_assumption
        for pid in p.cat.position_ids:
            now = scaled(person.allocation(pid))
            original[pid] = now
            holds_now = holds_position(p.cat, person, pid)
            if p.is_fixed(person, pid):
                value[pid] = now
                holds[pid] = holds_now
                held_fte[pid] = now if holds_now else 0
                continue
            # A fix never leaves a sliver too small to lean on: a changed cell is 0 or
            # at least the holding threshold.
            threshold = 1 if p.cat.position(pid).hold_any_allocation else self.hold_min
            steps = [v for v in range(0, SCALE + 1, self.step) if v == 0 or v >= threshold]
            values = sorted({now, *steps})
            var = self.m.new_int_var_from_domain(
                cp_model.Domain.from_values(values), f"a[{person.name}|{pid}]"
            )
            moved = self.m.new_bool_var(f"changed[{person.name}|{pid}]")
            self.m.add(var == now).only_enforce_if(~moved)
            self.m.add(var != now).only_enforce_if(moved)
            if p.is_locked(person, pid):
                self.m.add(var == now).only_enforce_if(self.lock_assumption(person.name))
            if (
                pid == BUSINESS_BRIDGE
                and not p.may_take_business_bridge(person)
                and bridge_lit is not None
            ):
                self.m.add(var <= now).only_enforce_if(bridge_lit)
            held = self.m.new_bool_var(f"holds[{person.name}|{pid}]")
            # Unchanged, the cell holds exactly as scoring says; changed, by the threshold.
            if holds_now:
                self.m.add_implication(~moved, held)
            else:
                self.m.add_implication(~moved, ~held)
            self.m.add(var >= threshold).only_enforce_if(moved, held)
            self.m.add(var <= threshold - 1).only_enforce_if(moved, ~held)
            fte = self.m.new_int_var(0, SCALE, f"held_fte[{person.name}|{pid}]")
            self.m.add(fte == var).only_enforce_if(held)
            self.m.add(fte == 0).only_enforce_if(~held)
            value[pid], holds[pid], held_fte[pid], changed[pid] = var, held, fte, moved
        return PersonVars(person, value, holds, held_fte, changed, original)

    _lock_lits: dict[str, cp_model.IntVar]

    def lock_assumption(self, name: str) -> cp_model.IntVar:
        if name not in self._lock_lits:
            self._lock_lits[name] = self.assumption(f"lock:{name}")
        return self._lock_lits[name]

    def hire_slot(self, index: int, allowed: Lit) -> HireSlot:
        p = self.p
        used = self.m.new_bool_var(f"hire{index}")
        fte: dict[str, cp_model.IntVar] = {}
        holds: dict[str, cp_model.IntVar] = {}
        values = [0, *range(self.hold_min, SCALE + 1, self.step)]
        for pid in p.hireable():
            var = self.m.new_int_var_from_domain(
                cp_model.Domain.from_values(values), f"hire{index}[{pid}]"
            )
            held = self.m.new_bool_var(f"hire{index}holds[{pid}]")
            self.m.add(var >= self.hold_min).only_enforce_if(held)
            self.m.add(var == 0).only_enforce_if(~held)
            self.m.add_implication(held, used)
            fte[pid], holds[pid] = var, held
        count = sum(holds.values())
        self.m.add(count >= 1).only_enforce_if(used)
        self.m.add(count <= p.settings.hire.max_positions)
        self.m.add(sum(fte.values()) == scaled(p.settings.hire.fte) * used)
        if BUSINESS_BRIDGE in holds and DELIVERY_BRIDGE in holds:
            self.m.add(holds[BUSINESS_BRIDGE] + holds[DELIVERY_BRIDGE] <= 1)
        if allowed is not True:
            self.m.add(used == 0).only_enforce_if(allowed)
        return HireSlot(used, fte, holds)

    # --- the rules ------------------------------------------------------------------

    def count_rules(
        self,
        holders: dict[str, Expr],
        held_fte: dict[str, Expr],
        delivering: dict[str, Expr],
        away_held: dict[str, Lit],
        tag: str,
    ) -> list[Indicator]:
        """The rules that depend on how many people hold what (see scoring.py)."""
        p = self.p
        cat = p.cat
        tier = cat.tier(self.tier)
        found: list[Indicator] = []
        zero = {pid: self.at_most(holders[pid], 0, f"{tag}zero[{pid}]") for pid in holders}

        found.append(Indicator("NO_SPONSOR", p.severity("NO_SPONSOR"), zero[SPONSOR], SPONSOR))
        found.append(
            Indicator("NO_EVANGELIST", p.severity("NO_EVANGELIST"), zero[EVANGELIST], EVANGELIST)
        )
        required = set()
        for req in tier.positions:
            required.add(req.id)
            if req.id == SPONSOR:
                continue
            found.append(Indicator("UNCOVERED", p.severity("UNCOVERED"), zero[req.id], req.id))
            short: list[Lit] = []
            if req.min_people > 1:
                short.append(
                    self.at_most(holders[req.id], req.min_people - 1, f"{tag}few[{req.id}]")
                )
            if req.min_fte > 0:
                need = scaled(req.min_fte)
                short.append(self.at_most(held_fte[req.id], need - 1, f"{tag}thin[{req.id}]"))
            thin = self.all_of(
                [self.negate(zero[req.id]), self.any_of(short, f"{tag}short[{req.id}]")],
                f"{tag}thin_cov[{req.id}]",
            )
            found.append(Indicator("THIN_COVERAGE", p.severity("THIN_COVERAGE"), thin, req.id))
        for pid in p.critical:
            if pid in required:
                continue
            emptied = self.all_of([zero[pid], away_held[pid]], f"{tag}emptied[{pid}]")
            found.append(Indicator("UNCOVERED", p.severity("UNCOVERED"), emptied, pid))
        for group in tier.groups:
            count = delivering[group.id]
            nobody = self.at_most(count, 0, f"{tag}group0[{group.id}]")
            found.append(Indicator("UNCOVERED", p.severity("UNCOVERED"), nobody, group.label))
            if group.min_people > 1:
                few = self.at_most(count, group.min_people - 1, f"{tag}groupfew[{group.id}]")
                thin = self.all_of([self.negate(nobody), few], f"{tag}groupthin[{group.id}]")
                found.append(
                    Indicator("THIN_COVERAGE", p.severity("THIN_COVERAGE"), thin, group.label)
                )
        spof = p.severity("SINGLE_POINT_OF_FAILURE")
        limit = cat.thresholds.bus_factor_max
        exposed: list[Lit] = []
        counted: list[Lit] = []
        for pid in p.critical:
            alone = self.all_of(
                [self.negate(zero[pid]), self.at_most(holders[pid], 1, f"{tag}le1[{pid}]")],
                f"{tag}alone[{pid}]",
            )
            found.append(Indicator("SINGLE_POINT_OF_FAILURE", spof, alone, pid))
            # Counted in the bus factor: someone holds it, present or away.
            is_counted = self.any_of([self.negate(zero[pid]), away_held[pid]], f"{tag}cnt[{pid}]")
            counted.append(is_counted)
            low = self.at_most(holders[pid], limit, f"{tag}low[{pid}]")
            exposed.append(self.all_of([is_counted, low], f"{tag}exposed[{pid}]"))
        none_counted = self.negate(self.any_of(counted, f"{tag}anycounted"))
        bus = self.any_of([none_counted, *exposed], f"{tag}bus")
        found.append(Indicator("TEAM_BUS_FACTOR", p.severity("TEAM_BUS_FACTOR"), bus, "team"))
        return found

    def person_rules(self, people: list[PersonVars]) -> list[Indicator]:
        cat = self.p.cat
        found: list[Indicator] = []
        limit = cat.thresholds.too_many_hats
        for pv in people:
            name = pv.person.name
            hats = _lin([pv.holds[pid] for pid in cat.position_ids if pid != EVANGELIST])
            many = self.negate(self.at_most(hats, limit - 1, f"hats[{name}]"))
            found.append(Indicator("TOO_MANY_HATS", self.p.severity("TOO_MANY_HATS"), many, name))
            both = self.all_of(
                [pv.holds[BUSINESS_BRIDGE], pv.holds[DELIVERY_BRIDGE]], f"bridges[{name}]"
            )
            found.append(
                Indicator("BRIDGE_CONFLICT", self.p.severity("BRIDGE_CONFLICT"), both, name)
            )
            if pv.person.background == Background.tech:
                found.append(
                    Indicator(
                        "TECH_IN_BUSINESS_SEAT",
                        self.p.severity("TECH_IN_BUSINESS_SEAT"),
                        pv.holds[BUSINESS_BRIDGE],
                        name,
                    )
                )
        return found

    # --- the whole model ------------------------------------------------------------

    def build(
        self, cuts: Iterable[Sequence[tuple[str, str]]] = (), max_cost: int | None = None
    ) -> Encoding:
        p = self.p
        m = self.m
        cat = p.cat
        fix = p.settings
        self._lock_lits = {}
        self.bridge_assumption: cp_model.IntVar | None = self.assumption("business_bridge")
        people = [self.person_vars(person) for person in p.present]

        # Nobody above their FTE, counting other teams. Someone whose time a fix changes
        # ends at or below their FTE; someone it leaves alone may keep the tolerance the
        # OVERLOADED rule allows (no warning is raised for them).
        tolerance = scaled(cat.thresholds.overload_tolerance)
        for pv in people:
            limit = int(pv.person.fte * SCALE + 1e-6)
            other = scaled(p.other_load.get(pv.person.name, 0.0))
            touched = self.any_of(list(pv.changed.values()), f"touched[{pv.person.name}]")
            slack = _lin([tolerance, -tolerance * _as_int(touched)])
            load = _lin(list(pv.value.values()))
            if p.targets is not None and ("OVERLOADED", pv.person.name) not in p.targets:
                # Advice on another warning: this person's overload is not the question,
                # but no step may add to it.
                today = scaled(sum(pv.person.allocations.values())) + other
                if today > limit + tolerance:
                    m.add(load + other <= today)
                    continue
            m.add(load + other <= limit + slack).only_enforce_if(
                self.assumption(f"load:{pv.person.name}")
            )

        hires_ok: Lit = True if p.hires_allowed else self.assumption("no_hires")
        hires = [self.hire_slot(k, hires_ok) for k in range(fix.hire.max_hires)]
        for first, second in itertools.pairwise(hires):
            m.add(first.used >= second.used)
        sponsor_max = fix.sponsor.max
        sponsors = m.new_int_var(0, sponsor_max, "sponsors")
        if not p.sponsors_allowed:
            m.add(sponsors == 0).only_enforce_if(self.assumption("no_sponsor_search"))

        # The size tier this model is for: hires count in the head count.
        if p.team.size == "auto":
            low, high = _head_count_range(cat, self.tier)
            head = len(p.members) + sum(h.used for h in hires) + sponsors
            m.add(head >= low)
            if high is not None:
                m.add(head <= high)

        positions = cat.position_ids
        holders: dict[str, Expr] = {}
        held_fte: dict[str, Expr] = {}
        for pid in positions:
            hire_holds: list[Lit] = [h.holds[pid] for h in hires if pid in h.holds]
            hire_fte: list[Expr] = [h.fte[pid] for h in hires if pid in h.fte]
            holders[pid] = _lin([*(pv.holds[pid] for pv in people), *hire_holds])
            held_fte[pid] = _lin([*(pv.held_fte[pid] for pv in people), *hire_fte])
        holders[SPONSOR] = holders[SPONSOR] + sponsors

        tier = cat.tier(self.tier)
        group_of: dict[str, dict[str, Lit]] = {}
        delivering: dict[str, Expr] = {}
        for group in tier.groups:
            members: dict[str, Lit] = {}
            for pv in people:
                members[pv.person.name] = self.any_of(
                    [pv.holds[pid] for pid in group.positions], f"g[{group.id}|{pv.person.name}]"
                )
            for k, h in enumerate(hires):
                members[f"#hire{k}"] = self.any_of(
                    [h.holds[pid] for pid in group.positions if pid in h.holds],
                    f"g[{group.id}|hire{k}]",
                )
            group_of[group.id] = members
            delivering[group.id] = _lin(list(members.values()))

        away_held: dict[str, Lit] = {pid: p.away_holders(pid) for pid in positions}
        indicators = self.count_rules(holders, held_fte, delivering, away_held, "")
        indicators += self.person_rules(people)

        severities = set(fix.goals.severities(p.goal))
        out_of_reach = set(fix.goals.out_of_reach)
        if p.targets is not None:
            hard = [i for i in indicators if (i.code, i.about) in p.targets]
        else:
            hard = [
                i for i in indicators if i.severity in severities and i.code not in out_of_reach
            ]
        for indicator in hard:
            self._forbid(indicator, f"goal:{indicator.code}:{indicator.about}")
        hard_ids = {id(i) for i in hard}
        soft = [i for i in indicators if id(i) not in hard_ids]

        if fix.constraints.keep_held_positions:
            keep = self.assumption("keep_held")
            for pid in sorted(p.held_today()):
                m.add(holders[pid] >= 1).only_enforce_if(keep)

        if p.goal == "n1":
            self._survive_any_absence(people, hires, sponsors, holders, held_fte, group_of)

        cost = (
            _lin(
                [fix.move.cost * moved for pv in people for moved in pv.changed.values()]
                + [fix.hire.cost * h.used for h in hires]
            )
            + fix.sponsor.cost * sponsors
        )

        if max_cost is not None:
            m.add(cost <= max_cost)
        decisions: list[tuple[str, cp_model.IntVar]] = []
        for pv in people:
            for pid, moved in pv.changed.items():
                decisions.append((f"move:{pv.person.name}|{pid}", moved))
        for pid in p.hireable():
            lit = self.any_of([h.holds[pid] for h in hires], f"hired[{pid}]")
            if not isinstance(lit, bool):
                decisions.append((f"hire:{pid}", lit))
        found_sponsor = m.new_bool_var("found_sponsor")
        m.add(sponsors >= 1).only_enforce_if(found_sponsor)
        m.add(sponsors == 0).only_enforce_if(~found_sponsor)
        decisions.append(("sponsor", found_sponsor))
        by_key = dict(decisions)
        for cut in cuts:
            lits = [by_key[key] for key, _ in cut if key in by_key]
            if len(lits) == len(cut) and lits:
                m.add(sum(lits) <= len(lits) - 1)

        # Objective: cost first, then the health lost to warnings left, then time moved.
        steps: list[cp_model.IntVar] = []
        for pv in people:
            for pid in pv.changed:
                dist = m.new_int_var(0, SCALE, f"dist[{pv.person.name}|{pid}]")
                m.add_abs_equality(dist, pv.value[pid] - pv.original[pid])
                steps.append(dist)
        max_steps = SCALE * max(1, len(steps))
        deduction, _ = self._deduction(soft)
        weight_health = max_steps + 1
        tie_break = weight_health * deduction + _lin(list(steps))
        m.minimize(cost)
        m.add_assumptions(self._assumption_lits)
        return Encoding(
            model=m,
            problem=p,
            tier=self.tier,
            people=people,
            hires=hires,
            sponsors=sponsors,
            cost=cost,
            tie_break=tie_break,
            hints=[
                *(v for pv in people for v in pv.value.values() if isinstance(v, cp_model.IntVar)),
                *(v for h in hires for v in (h.used, *h.fte.values())),
                sponsors,
            ],
            hard=hard,
            assumptions=self.assumptions,
            decision_literals=decisions,
        )

    def _forbid(self, indicator: Indicator, why: str) -> None:
        lit = indicator.literal
        if lit is False:
            return
        enforce = self.assumption(why)
        if lit is True:
            self.m.add_bool_or([~enforce])
        else:
            self.m.add_implication(enforce, ~lit)

    def _deduction(self, soft: list[Indicator]) -> tuple[Expr, int]:
        health = self.p.cat.health
        per_code: dict[tuple[str, Severity], list[Lit]] = {}
        for indicator in soft:
            per_code.setdefault((indicator.code, indicator.severity), []).append(indicator.literal)
        terms: list[Expr] = []
        maximum = 0
        for (code, severity), lits in per_code.items():
            points = health.penalty.get(severity, 0)
            if not points:
                continue
            counted = self.m.new_int_var(0, health.counted_per_code, f"counted[{code}]")
            self.m.add_min_equality(counted, [_lin(lits), health.counted_per_code])
            terms.append(points * counted)
            maximum += points * health.counted_per_code
        return _lin(terms), maximum

    def _survive_any_absence(
        self,
        people: list[PersonVars],
        hires: list[HireSlot],
        sponsors: cp_model.IntVar,
        holders: dict[str, Expr],
        held_fte: dict[str, Expr],
        group_of: dict[str, dict[str, Lit]],
    ) -> None:
        """N-1: with any one person away, no warning of the goal's severities appears."""
        p = self.p
        positions = p.cat.position_ids
        severities = set(p.settings.goals.severities(p.goal))
        out_of_reach = set(p.settings.goals.out_of_reach)
        gone: list[tuple[str, dict[str, Lit], dict[str, Expr], dict[str, Lit], Lit]] = []
        for pv in people:
            group = {gid: members[pv.person.name] for gid, members in group_of.items()}
            gone.append((pv.person.name, pv.holds, pv.held_fte, group, True))
        for k, h in enumerate(hires):
            hold: dict[str, Lit] = {pid: h.holds.get(pid, False) for pid in positions}
            fte: dict[str, Expr] = {pid: h.fte.get(pid, 0) for pid in positions}
            group = {gid: members[f"#hire{k}"] for gid, members in group_of.items()}
            gone.append((f"hire {k + 1}", hold, fte, group, h.used))
        for name, hold, fte, group, present in gone:
            if present is False:
                continue
            tag = f"n1[{name}]"
            h2 = {pid: holders[pid] - _as_int(hold[pid]) for pid in positions}
            f2 = {pid: held_fte[pid] - fte[pid] for pid in positions}
            d2 = {
                gid: _lin(list(members.values())) - _as_int(group[gid])
                for gid, members in group_of.items()
            }
            away2 = {
                pid: self.any_of([p.away_holders(pid), hold[pid]], f"{tag}away[{pid}]")
                for pid in positions
            }
            for indicator in self.count_rules(h2, f2, d2, away2, tag):
                if indicator.severity in severities and indicator.code not in out_of_reach:
                    self._forbid(indicator, f"n1:{name}:{indicator.code}:{indicator.about}")
        # A found sponsor can be away too: then another sponsor must stand in.
        held_sponsor = sum(1 for person in p.present if holds_position(p.cat, person, SPONSOR))
        if p.severity("NO_SPONSOR") in severities:
            has_found = self.m.new_bool_var("n1_found_sponsor")
            self.m.add(sponsors >= 1).only_enforce_if(has_found)
            self.m.add(sponsors == 0).only_enforce_if(~has_found)
            self.m.add(held_sponsor + sponsors >= 2).only_enforce_if(
                has_found, self.assumption("n1:sponsor:NO_SPONSOR:executive_sponsor")
            )


def _as_int(lit: Lit) -> Expr:
    if isinstance(lit, bool):
        return int(lit)
    return lit


def _lin(terms: Sequence[Expr | Lit]) -> Expr:
    """A sum that stays a CP-SAT expression even when empty or all constants."""
    values = [_as_int(t) if isinstance(t, bool) else t for t in terms]
    return cp_model.LinearExpr.sum(values)


def _head_count_range(cat: Catalogue, tier: Tier) -> tuple[int, int | None]:
    low = 1
    for definition in cat.tiers:
        if definition.id == tier:
            return low, definition.max_people
        low = (definition.max_people or 0) + 1
    raise KeyError(tier)
