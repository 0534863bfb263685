"""Optimality against brute force: no cheaper set of moves exists among all single and
double changes of time (every cell, every 0.05 FTE value the change model allows).

Written apart from the solver: the allowed changes are re-derived here from the change
model's rules, and score() alone says whether a changed roster meets the goal. Hires are
forbidden in these runs, so a cheaper fix can only be one or two moves. A pair is tried
only if it touches every warning the goal names (a change outside a warning's row or
column cannot clear it), which keeps the search exhaustive and small.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest

from teambuilder.catalogue import EXAMPLES_DIR, catalogue, fix_settings
from teambuilder.fixes import FixOptions, suggest_fixes
from teambuilder.models import Background, Person, Roster, RuleWarning, Severity, TeamSettings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score

Move = tuple[str, str, float]  # person, position, new value


def admissible_moves(roster: Roster, team: str) -> list[Move]:
    cat, fix = catalogue(), fix_settings()
    step = fix.move.step_fte
    values = [round(k * step, 2) for k in range(round(1 / step) + 1)]
    moves: list[Move] = []
    for person in roster.members(team):
        if person.absent:
            continue
        for pid in cat.position_ids:
            if pid in fix.constraints.fixed_positions:
                continue
            now = person.allocation(pid)
            floor = 0.0 if cat.position(pid).hold_any_allocation else cat.thresholds.hold_min_fte
            for value in values:
                if abs(value - now) < 1e-9 or 0 < value < floor - 1e-9:
                    continue
                if (
                    pid == fix.constraints.business_bridge
                    and value > now
                    and person.background not in (Background.business, Background.mixed)
                ):
                    continue
                moves.append((person.name, pid, value))
    return moves


def apply(roster: Roster, team: str, moves: tuple[Move, ...]) -> Roster | None:
    people = []
    for person in roster.people:
        mine = [(pid, v) for name, pid, v in moves if person.team == team and name == person.name]
        if not mine:
            people.append(person)
            continue
        allocations = dict(person.allocations)
        for pid, value in mine:
            allocations[pid] = value
        allocations = {k: v for k, v in allocations.items() if v > 0}
        elsewhere = sum(
            sum(p.allocations.values())
            for p in roster.people
            if p.name == person.name and p.team != team
        )
        if sum(allocations.values()) + elsewhere > person.fte + 1e-9:
            return None  # a changed person ends at or below their FTE
        people.append(person.model_copy(update={"allocations": allocations}))
    return roster.model_copy(update={"people": tuple(people)})


def meets_goal(roster: Roster, original: Roster, team: str) -> bool:
    report = score(roster)
    if any(w.severity == Severity.critical for w in report.team(team).warnings):
        return False
    members = {p.name for p in roster.members(team)}
    every = [*report.team(team).warnings, *report.warnings]
    if any(w.code == "OVERLOADED" and members & set(w.people) for w in every):
        return False
    held_before = held(original, team)
    return held_before <= held(roster, team)  # nobody's work dropped (keep_held_positions)


def held(roster: Roster, team: str) -> set[str]:
    return {c.position for c in score(roster).team(team).coverage if c.people}


def touches(warning: RuleWarning, move: Move) -> bool:
    name, pid, _ = move
    if warning.code in ("OVERLOADED", "TOO_MANY_HATS", "BRIDGE_CONFLICT"):
        return name in warning.people
    return pid in warning.positions


def cheaper_exists(roster: Roster, team: str, cost: int) -> tuple[Move, ...] | None:
    """A set of one or two moves cheaper than ``cost`` that meets the goal, if any."""
    moves = admissible_moves(roster, team)
    report = score(roster).team(team)
    goal = [w for w in report.warnings if w.severity == Severity.critical or w.code == "OVERLOADED"]
    singles: Iterator[tuple[Move, ...]] = ((m,) for m in moves)
    candidates: list[Iterator[tuple[Move, ...]]] = [singles] if cost > 1 else []
    if cost > 2:
        pairs = (
            (a, b)
            for a, b in itertools.combinations(moves, 2)
            if (a[0], a[1]) != (b[0], b[1]) and all(touches(w, a) or touches(w, b) for w in goal)
        )
        candidates.append(pairs)
    for chosen in itertools.chain(*candidates):
        if not all(any(touches(w, m) for m in chosen) for w in goal):
            continue
        changed = apply(roster, team, chosen)
        if changed is not None and meets_goal(changed, roster, team):
            return chosen
    return None


def generated_team(seed: int) -> Roster:
    rng = random.Random(seed)
    cat = catalogue()
    positions = [pid for pid in cat.position_ids if pid != "executive_sponsor"]
    size = rng.randint(4, 6)
    people = []
    for index in range(size):
        fte = rng.choice([0.6, 0.8, 1.0, 1.0])
        allocations: dict[str, float] = {}
        for pid in rng.sample(positions, rng.randint(1, 3)):
            allocations[pid] = rng.choice([0.1, 0.2, 0.3, 0.4, 0.5])
        if index == 0:
            allocations["executive_sponsor"] = 0.05
        people.append(
            Person(
                team="Generated",
                name=f"Person {index + 1}",
                fte=fte,
                background=rng.choice([Background.business, Background.tech, Background.mixed]),
                allocations=allocations,
            )
        )
    return Roster(teams=(TeamSettings(name="Generated"),), people=tuple(people))


def check(roster: Roster, team: str) -> None:
    result = suggest_fixes(roster, team, FixOptions(hires=False, alternatives=0))
    if result.proposal is None:
        # No fix within the change model: then no single or double move fixes it either.
        assert cheaper_exists(roster, team, 3) is None, result.reason
        return
    proposal = result.proposal
    assert proposal.optimal
    assert meets_goal(proposal.roster, roster, team)
    found = cheaper_exists(roster, team, proposal.cost)
    assert found is None, f"cost {proposal.cost} proposed, but {found} works"


SMALL_EXAMPLE_TEAMS = [
    ("startup_hero.csv", "Loopwise"),
    ("scaleup_bridge_conflict.csv", "Basketly Recommendations"),
    ("organisation.json", "Personalisation"),
    ("organisation.json", "Demand Forecasting"),
    ("organisation.json", "ML Platform"),
    ("healthy_medium.json", "Fraud Signals"),
]  # the 18-person enterprise team is left out: its pairs take half a minute


@pytest.mark.parametrize(("example", "team"), SMALL_EXAMPLE_TEAMS)
def test_no_cheaper_single_or_double_move_fixes_an_example(example: str, team: str):
    check(load_roster(EXAMPLES_DIR / example), team)


@pytest.mark.parametrize("seed", range(12))
def test_no_cheaper_single_or_double_move_fixes_a_generated_team(seed: int):
    check(generated_team(seed), "Generated")


def test_the_brute_force_finds_a_fix_when_one_exists_within_two_moves():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    found = cheaper_exists(roster, "Loopwise", 2)

    assert found is not None
    ((name, _, _),) = found
    assert name == "Meghan Okafor"
