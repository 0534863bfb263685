"""The N-1/N-2 stress test: the fast path against score() once per combination."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teambuilder import stress_command
from teambuilder.analysis.stress import (
    MAX_N3_PEOPLE,
    Combination,
    _absence_sets,
    combination_count,
    describe,
    rank,
    reference_combination,
    stress_json,
    stress_test,
)
from teambuilder.catalogue import EXAMPLES_DIR, catalogue
from teambuilder.cli import main
from teambuilder.models import Person, Roster, TeamSettings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.helpers import make_person, make_roster

EXAMPLES = sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})
POSITIONS = catalogue().position_ids
STARTUP = EXAMPLES_DIR / "startup_hero.csv"


def assert_same_as_reference(roster: Roster, depth: int) -> None:
    cat = catalogue()
    baseline = score(roster)
    for result in stress_test(roster, depth=depth):
        expected = [
            reference_combination(roster, result.team, away, baseline, cat)
            for away in _absence_sets(result.people, result.depth)
        ]
        assert result.combinations == rank(expected)
        assert result.health == baseline.team(result.team).health
        assert result.bus_factor == baseline.team(result.team).bus_factor


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_combination_of_every_example_matches_scoring_it_plainly(path):
    assert_same_as_reference(load_roster(path), depth=3)


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    pool = [f"P{i}" for i in range(draw(st.integers(min_value=1, max_value=8)))]
    fte = {name: draw(st.sampled_from([0.5, 1.0])) for name in pool}
    team_count = draw(st.integers(min_value=1, max_value=3))
    people: list[Person] = []
    for t in range(team_count):
        for name in draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True)):
            chosen = draw(st.lists(st.sampled_from(POSITIONS), max_size=4, unique=True))
            boss = draw(st.none() | st.sampled_from(pool))
            people.append(
                Person(
                    team=f"T{t}",
                    name=name,
                    fte=fte[name],
                    reports_to=boss if boss != name else None,
                    absent=draw(st.booleans()) and draw(st.booleans()),
                    allocations={
                        pid: draw(st.sampled_from([0.05, 0.2, 0.3, 0.5, 1.0])) for pid in chosen
                    },
                )
            )
    teams = tuple(
        TeamSettings(
            name=f"T{t}",
            size=draw(st.sampled_from(["auto", "small", "medium", "large"])),
            mission_critical=draw(st.booleans()),
            sponsor_update_weeks=draw(st.none() | st.integers(min_value=1, max_value=8)),
            critical_positions=tuple(draw(st.lists(st.sampled_from(POSITIONS), max_size=2))),
        )
        for t in range(team_count)
    )
    return Roster(teams=teams, people=tuple(people))


@settings(max_examples=120, deadline=None)
@given(rosters(), st.sampled_from([1, 2, 3]))
def test_generated_rosters_match_scoring_each_combination_plainly(roster, depth):
    assert_same_as_reference(roster, depth)


def test_combinations_come_worst_first():
    (result,) = stress_test(load_roster(STARTUP), depth=2)

    keys = [(c.health, -len(c.new_critical)) for c in result.combinations]
    assert keys == sorted(keys)
    assert len(result.combinations) == 5 + 10


def test_resilience_is_the_share_of_absences_raising_no_new_critical_warning():
    (result,) = stress_test(load_roster(STARTUP), depth=2)

    singles = [c for c in result.combinations if len(c.away) == 1]
    pairs = [c for c in result.combinations if len(c.away) == 2]
    assert result.n1 == round(sum(not c.new_critical for c in singles) / 5, 4)
    assert result.n2 == round(sum(not c.new_critical for c in pairs) / 10, 4)
    assert 0 <= result.n2 <= result.n1 <= 1
    assert result.n3 is None


def test_a_spare_second_holder_makes_a_single_absence_harmless():
    roster = make_roster(
        make_person("Sam", executive_sponsor=0.1, inside_out=0.5),
        make_person("Ann", mlops_engineer=0.5, data_scientist=0.5),
        make_person("Bob", mlops_engineer=0.5, data_scientist=0.5),
    )

    (result,) = stress_test(roster, depth=2)

    by_away = {c.away: c for c in result.combinations}
    assert by_away[("Ann",)].empty_positions == ()
    assert by_away[("Ann", "Bob")].empty_positions == ("data_scientist", "mlops_engineer")
    assert "UNCOVERED" in by_away[("Ann", "Bob")].new_critical
    assert by_away[("Sam",)].new_critical[0] == "NO_SPONSOR"


def test_three_at_once_only_for_teams_up_to_fifteen_people():
    small = make_roster(*(make_person(f"P{i}", data_scientist=0.5) for i in range(MAX_N3_PEOPLE)))
    large = make_roster(
        *(make_person(f"P{i}", data_scientist=0.5) for i in range(MAX_N3_PEOPLE + 1))
    )

    (small_result,) = stress_test(small, depth=3)
    (large_result,) = stress_test(large, depth=3)

    assert small_result.depth == 3
    assert len(small_result.combinations) == combination_count(MAX_N3_PEOPLE, 3) == 575
    assert large_result.depth == 2
    assert large_result.n3 is None


def test_people_already_away_stay_away_and_are_not_combined():
    roster = make_roster(
        make_person("Sam", executive_sponsor=0.1),
        make_person("Ann", mlops_engineer=0.5),
        make_person("Gone", mlops_engineer=0.5, absent=True),
    )

    (result,) = stress_test(roster, depth=2)

    assert result.people == ("Sam", "Ann")
    assert all("Gone" not in c.away for c in result.combinations)
    ann = next(c for c in result.combinations if c.away == ("Ann",))
    assert ann.empty_positions == ("mlops_engineer",)


def test_the_worst_combination_in_words_names_the_people_and_what_nobody_holds():
    (result,) = stress_test(load_roster(STARTUP), depth=2)

    worst = result.combinations[0]

    assert worst.away == ("Priya Nair", "Jonas Weber")
    assert describe(worst) == (
        "If Priya Nair and Jonas Weber are both away, nobody holds Executive sponsor, "
        f"Evangelist, Delivery bridge (inside-out) or Tech lead (health {worst.health})."
    )


def test_a_combination_that_breaks_nothing_says_so():
    combo = Combination(away=("Ann",), health=90, bus_factor=2, new_critical=(), empty_positions=())

    assert describe(combo) == "If Ann is away, every position held today stays held (health 90)."


# --- Command line ----------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_stress_json_is_exactly_the_contract_worst_first():
    code, out, _ = run("stress", str(EXAMPLES_DIR / "organisation.json"), "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert list(document) == ["teams"]
    assert [t["team"] for t in document["teams"]] == load_roster(
        EXAMPLES_DIR / "organisation.json"
    ).team_names()
    for team in document["teams"]:
        assert list(team) == ["team", "depth", "resilience", "combinations"]
        assert team["depth"] == 2
        assert list(team["resilience"]) == ["n1", "n2"]
        assert isinstance(team["resilience"]["n1"], float)
        for combo in team["combinations"]:
            assert list(combo) == [
                "away",
                "health",
                "bus_factor",
                "new_critical",
                "empty_positions",
            ]
            assert set(combo["empty_positions"]) <= set(POSITIONS)
        healths = [c["health"] for c in team["combinations"]]
        assert healths == sorted(healths)
    assert document == stress_json(stress_test(load_roster(EXAMPLES_DIR / "organisation.json")))


def test_stress_of_one_team_at_depth_one_has_no_pair_figure():
    code, out, _ = run(
        "stress",
        str(EXAMPLES_DIR / "organisation.json"),
        "--team",
        "ML Platform",
        "--depth",
        "1",
        "--format",
        "json",
    )

    (team,) = json.loads(out)["teams"]
    assert code == 0
    assert team["team"] == "ML Platform"
    assert team["resilience"]["n2"] is None
    assert all(len(c["away"]) == 1 for c in team["combinations"])


def test_stress_text_names_the_worst_combination_first():
    code, out, _ = run("stress", str(STARTUP))

    assert code == 0
    assert out.startswith("Loopwise: N-2, 15 combinations\n")
    assert "  1. health   7, bus factor 0: If Priya Nair and Jonas Weber are both away" in out


def test_stress_of_an_unknown_team_exits_2_naming_the_teams():
    code, out, err = run("stress", str(STARTUP), "--team", "Nope")

    assert code == 2
    assert out == ""
    assert "no team 'Nope'; teams: Loopwise" in err


def test_a_long_stress_run_reports_progress_on_stderr(monkeypatch, capsys):
    monkeypatch.setattr(stress_command, "PROGRESS_ABOVE", 10)

    code, out, _ = run("stress", str(STARTUP), "--depth", "3")

    progress = capsys.readouterr().err
    assert code == 0
    assert progress.splitlines()[-1] == "stress: 25 of 25 combinations (100%)"
    assert "combinations" in out


def test_the_stress_test_uses_the_catalogue_it_is_given():
    roster = load_roster(STARTUP)
    strict = catalogue().model_copy(
        update={"health": catalogue().health.model_copy(update={"start": 60})}
    )

    (default,) = stress_test(roster, depth=1)
    (injected,) = stress_test(roster, depth=1, cat=strict)

    assert injected.health == score(roster, cat=strict).teams[0].health
    assert injected.health < default.health


def test_the_worst_list_leaves_out_people_whose_absence_adds_nothing():
    (result,) = stress_test(load_roster(STARTUP), depth=2)

    worst = result.worst(10)

    aways = [c.away for c in worst]
    assert ("Priya Nair",) in aways
    # Tom Becker's absence changes nothing on top of Priya Nair's: that pair is left out.
    assert ("Priya Nair", "Tom Becker") not in aways
    by_away = {c.away: c for c in result.combinations}
    assert by_away[("Priya Nair", "Tom Becker")].health == by_away[("Priya Nair",)].health
    assert list(worst) == [c for c in result.combinations if c in worst]  # still worst first
