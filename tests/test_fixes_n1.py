"""The "survive any one absence" goal has one definition: the stress test's N-1.

The solver's judge asks teambuilder.analysis.stress which single absences raise a new
warning; these tests hold that answer against the plain way (score() once per absence,
reading which warnings name that absence) and against the stress test's N-1 resilience.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teambuilder.analysis.stress import single_absences, stress_test, survives_any_absence
from teambuilder.catalogue import EXAMPLES_DIR, catalogue, fix_settings
from teambuilder.fixes import FixOptions, suggest_fixes
from teambuilder.fixes.solver import _problem, judge
from teambuilder.models import Roster, Severity
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.test_stress import rosters

EXAMPLES = sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})
CRITICAL = {Severity.critical}
BOTH = {Severity.critical, Severity.warning}


def plain_n1(
    roster: Roster, team: str, absent: tuple[str, ...], severities: set[Severity]
) -> set[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """The judge's former loop: score() with each present member away in turn, keeping
    the warnings of ``severities`` that name that absence."""
    already = set(absent) | {p.name for p in roster.people if p.absent}
    found = set()
    for person in roster.members(team):
        if person.name in already:
            continue
        report = score(roster, [*absent, person.name]).team(team)
        for w in report.warnings:
            if w.severity in severities and person.name in w.absences:
                found.add((person.name, w.code, w.positions, w.people))
    return found


def via_stress(
    roster: Roster, team: str, absent: tuple[str, ...], severities: set[Severity]
) -> set[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    found = single_absences(roster, team, absent=absent, severities=severities)
    return {(name, f.code, f.positions, f.people) for name, fs in found.items() for f in fs}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("severities", [CRITICAL, BOTH], ids=["critical", "warnings too"])
def test_every_example_team_breaks_on_the_same_absences_as_scoring_each_plainly(path, severities):
    roster = load_roster(path)

    for team in roster.team_names():
        assert via_stress(roster, team, (), severities) == plain_n1(roster, team, (), severities)


def nobody_away(roster: Roster) -> Roster:
    people = tuple(p.model_copy(update={"absent": False}) for p in roster.people)
    return roster.model_copy(update={"people": people})


@settings(max_examples=120, deadline=None)
@given(rosters(), st.sampled_from([CRITICAL, BOTH]))
def test_generated_rosters_break_on_the_same_absences_as_scoring_each_plainly(roster, severities):
    roster = nobody_away(roster)

    for team in roster.team_names():
        assert via_stress(roster, team, (), severities) == plain_n1(roster, team, (), severities)


@settings(max_examples=120, deadline=None)
@given(rosters())
def test_with_people_already_away_the_judge_says_the_same_as_before(roster):
    # With someone already away the two can name different warnings: the plain loop
    # also names one that is there today already (score() then says it depends on "all
    # the absences together"). Such a warning fails the goal on its own, so the verdict
    # (pass or fail) is the same.
    for team in roster.team_names():
        today = [w for w in score(roster).team(team).warnings if w.severity in CRITICAL]
        before = bool(today) or bool(plain_n1(roster, team, (), CRITICAL))
        now = bool(today) or bool(via_stress(roster, team, (), CRITICAL))
        assert now == before


def test_an_n1_pass_is_a_stress_test_n1_resilience_of_one_hundred_percent():
    for path in EXAMPLES:
        roster = load_roster(path)
        for result in stress_test(roster, depth=1):
            assert survives_any_absence(roster, result.team) == (result.n1 == 1.0), result.team


def test_the_start_up_fails_n1_on_meghan_and_its_n1_proposal_passes():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")
    problem = _problem(roster, "Loopwise", FixOptions(goal="n1"), catalogue(), fix_settings())

    wrong = judge(roster, roster, problem, [])
    result = suggest_fixes(roster, options=FixOptions(goal="n1", alternatives=0))

    assert any(line.startswith("with Meghan Okafor away: UNCOVERED") for line in wrong), wrong
    assert not survives_any_absence(roster, "Loopwise")
    assert result.proposal is not None
    assert judge(result.proposal.roster, roster, problem, []) == []
    assert survives_any_absence(result.proposal.roster, "Loopwise")


def test_people_already_away_are_not_counted_as_a_new_absence():
    roster = load_roster(EXAMPLES_DIR / "startup_hero.csv")

    found = single_absences(roster, "Loopwise", absent=("Meghan Okafor",))

    assert "Meghan Okafor" not in found
    assert set(found) == {p.name for p in roster.members("Loopwise")} - {"Meghan Okafor"}
