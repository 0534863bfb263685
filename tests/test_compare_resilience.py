"""Resilience compared: each side's N-1 share, the difference, in JSON, text and HTML."""

from __future__ import annotations

import json

from teambuilder.analysis.compare import compare, comparison_html, comparison_json, comparison_text
from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import Roster
from teambuilder.roster_io import load_roster
from tests.helpers import make_person

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")


def with_people(roster: Roster, *people) -> Roster:
    return roster.model_copy(update={"people": (*roster.people, *people)})


def n1(roster: Roster, team: str = "Loopwise") -> float:
    return next(r.n1 for r in stress_test(roster, depth=1) if r.team == team)


def test_each_side_shows_the_share_the_stress_test_finds_and_b_minus_a():
    hire = make_person("Ana Hire", team="Loopwise", platform_engineer=0.5, mlops_engineer=0.5)
    after = with_people(STARTUP, hire)

    team = compare(STARTUP, after).teams[0]

    assert team.resilience.a == n1(STARTUP)
    assert team.resilience.b == n1(after)
    assert team.resilience.a != team.resilience.b  # the hire changes it: a real difference
    assert team.resilience_delta == round(n1(after) - n1(STARTUP), 6)


def test_people_away_on_one_side_count_in_its_resilience():
    marked = STARTUP.model_copy(
        update={
            "people": tuple(
                p.model_copy(update={"absent": p.name == "Meghan Okafor"}) for p in STARTUP.people
            )
        }
    )

    team = compare(STARTUP, STARTUP, away_b=["Meghan Okafor"]).teams[0]

    assert team.resilience.b == n1(marked)
    assert team.resilience.a == n1(STARTUP) != team.resilience.b


def test_a_team_on_one_side_only_has_no_difference():
    other = make_person("Solo", team="Elsewhere", data_scientist=1.0)

    teams = {t.team: t for t in compare(STARTUP, with_people(STARTUP, other)).teams}

    assert teams["Elsewhere"].resilience.a is None
    assert teams["Elsewhere"].resilience.b is not None
    assert teams["Elsewhere"].resilience_delta is None


def test_the_outputs_keep_the_contract_and_add_resilience():
    after = with_people(STARTUP, make_person("Ana Hire", team="Loopwise", platform_engineer=1.0))
    result = compare(STARTUP, after)

    document = json.loads(json.dumps(comparison_json(result)))
    loopwise = document["teams"]["Loopwise"]
    text = comparison_text(result)
    html = comparison_html(result)

    assert set(document) >= {"changes", "warnings_added", "warnings_removed", "teams"}
    assert set(loopwise) >= {"health", "bus_factor", "resilience", "resilience_delta"}
    assert loopwise["resilience"] == {"a": n1(STARTUP), "b": n1(after)}
    a, b = round(n1(STARTUP) * 100), round(n1(after) * 100)
    assert f"N-1 resilience {a}% -> {b}% ({b - a:+d} points)" in text
    assert "N-1 resilience A" in html and f"{a}%" in html and f"{b}%" in html


def test_resilience_can_be_left_out_when_only_the_changes_matter():
    team = compare(STARTUP, STARTUP, resilience=False).teams[0]

    assert team.resilience.a is None and team.resilience_delta is None


def test_the_command_line_json_has_each_sides_resilience(tmp_path):
    import io

    from teambuilder.cli import main
    from teambuilder.roster_io import write_roster

    after = with_people(STARTUP, make_person("Ana Hire", team="Loopwise", platform_engineer=1.0))
    write_roster(STARTUP, tmp_path / "a.json")
    write_roster(after, tmp_path / "b.json")
    out, err = io.StringIO(), io.StringIO()

    code = main(
        ["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--format", "json"],
        out=out,
        err=err,
    )

    assert code == 0, err.getvalue()
    loopwise = json.loads(out.getvalue())["teams"]["Loopwise"]
    assert loopwise["resilience"] == {"a": n1(STARTUP), "b": n1(after)}
    assert loopwise["resilience_delta"] == round(n1(after) - n1(STARTUP), 6)
