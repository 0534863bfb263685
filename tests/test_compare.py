"""Comparing two rosters: the change list in sentences, warnings added and removed, deltas."""

from __future__ import annotations

import json

from teambuilder.analysis.compare import compare, comparison_json, comparison_text
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import Roster, TeamSettings
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from tests.helpers import make_person, make_roster

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
ORGANISATION = load_roster(EXAMPLES_DIR / "organisation.json")


def team_of_three() -> Roster:
    return make_roster(
        make_person("Sam Sponsor", executive_sponsor=0.1, evangelist=0.1),
        make_person("Dee Lead", inside_out=0.5, data_scientist=0.5),
        make_person("Max Ops", mlops_engineer=0.6, platform_engineer=0.4),
        make_person("Ida Eng", ml_engineer=1.0),
    )


def replace(roster: Roster, name: str, **update: object) -> Roster:
    people = tuple(p.model_copy(update=update) if p.name == name else p for p in roster.people)
    return roster.model_copy(update={"people": people})


def kinds(comparison) -> list[str]:
    return [c.kind for c in comparison.changes]


def test_a_roster_compared_with_itself_has_no_changes_and_no_warning_moves():
    result = compare(ORGANISATION, ORGANISATION)

    assert result.changes == ()
    assert result.warnings_added == () and result.warnings_removed == ()
    assert all(t.health.a == t.health.b for t in result.teams)


def test_the_order_of_the_rows_does_not_count_as_a_change():
    shuffled = ORGANISATION.model_copy(update={"people": tuple(reversed(ORGANISATION.people))})

    assert compare(ORGANISATION, shuffled).changes == ()


def test_a_new_person_is_one_sentence_with_their_time_and_positions():
    after = make_roster(*team_of_three().people, make_person("Ana New", 0.8, ml_engineer=0.8))

    result = compare(team_of_three(), after)

    assert kinds(result) == ["person_added"]
    change = result.changes[0]
    assert change.person == "Ana New" and change.before is None
    assert change.after == {"fte": 0.8, "title": "", "allocations": {"ml_engineer": 0.8}}
    assert change.sentence == "Ana New joins Team (0.8 FTE: ML engineer 0.8)."
    load = {d.person: d for d in result.teams[0].load}
    assert (load["Ana New"].load.a, load["Ana New"].load.b) == (None, 0.8)
    coverage = {d.position: d for d in result.teams[0].coverage}
    assert (coverage["ml_engineer"].fte.a, coverage["ml_engineer"].fte.b) == (1.0, 1.8)
    assert coverage["ml_engineer"].delta == 0.8


def test_a_person_who_leaves_is_one_sentence_naming_what_they_held():
    before = team_of_three()
    after = before.model_copy(update={"people": before.people[:-1]})

    result = compare(before, after)

    assert [c.sentence for c in result.changes] == [
        "Ida Eng leaves Team (was 1 FTE: ML engineer 1)."
    ]


def test_a_hat_handed_from_one_person_to_another_is_one_move():
    before = team_of_three()
    after = replace(before, "Max Ops", allocations={"mlops_engineer": 0.6})
    after = replace(after, "Ida Eng", allocations={"ml_engineer": 0.6, "platform_engineer": 0.4})

    result = compare(before, after)

    assert kinds(result) == ["hat_moved", "allocation_changed"]
    moved = result.changes[0]
    assert moved.sentence == "Platform engineer moves from Max Ops (0.4 FTE) to Ida Eng (0.4 FTE)."
    assert moved.before == {"person": "Max Ops", "fte": 0.4}
    assert moved.after == {"person": "Ida Eng", "fte": 0.4}
    assert result.changes[1].sentence == "Ida Eng gives ML engineer 0.6 FTE instead of 1."


def test_hats_taken_on_or_given_up_without_a_counterpart_are_their_own_changes():
    after = replace(team_of_three(), "Dee Lead", allocations={"inside_out": 0.5, "tech_lead": 0.5})

    result = compare(team_of_three(), after)

    assert [c.sentence for c in result.changes] == [
        "Dee Lead takes on Tech lead (0.5 FTE).",
        "Dee Lead gives up Data scientist (was 0.5 FTE).",
    ]
    assert [(c.kind, c.position) for c in result.changes] == [
        ("hat_added", "tech_lead"),
        ("hat_removed", "data_scientist"),
    ]


def test_fte_and_details_and_settings_changes_are_sentences():
    after = replace(team_of_three(), "Ida Eng", fte=0.8, title="Senior ML engineer")
    after = after.model_copy(update={"teams": (TeamSettings(name="Team", mission_critical=True),)})

    result = compare(team_of_three(), after)

    assert [c.sentence for c in result.changes] == [
        "Team: mission-critical changes from no to yes.",
        "Ida Eng's availability goes from 1 to 0.8 FTE.",
        "Ida Eng's job title changes from none to Senior ML engineer.",
    ]


def test_warnings_added_and_removed_match_the_two_reports():
    before = team_of_three()
    after = replace(before, "Sam Sponsor", allocations={"evangelist": 0.1})  # no sponsor

    result = compare(before, after)

    assert [w.code for w in result.warnings_added] == ["NO_SPONSOR"]
    assert result.warnings_removed == ()
    team = result.teams[0]
    assert (team.health.a, team.health.b) == (
        score(before).teams[0].health,
        score(after).teams[0].health,
    )
    assert team.health.b < team.health.a


def test_a_warning_about_the_same_seat_now_on_someone_else_is_neither_added_nor_removed():
    before = team_of_three()  # Max Ops alone on MLOps: a single point of failure
    after = replace(before, "Max Ops", allocations={"platform_engineer": 0.4})
    after = replace(after, "Ida Eng", allocations={"ml_engineer": 0.4, "mlops_engineer": 0.6})
    spof = [
        w
        for w in score(after).teams[0].warnings
        if w.code == "SINGLE_POINT_OF_FAILURE" and "mlops_engineer" in w.positions
    ]
    assert spof and spof[0].people == ("Ida Eng",)

    result = compare(before, after)

    codes = [w.code for w in (*result.warnings_added, *result.warnings_removed)]
    assert "SINGLE_POINT_OF_FAILURE" not in codes


def test_fixing_an_overload_removes_its_warning():
    before = replace(
        team_of_three(), "Max Ops", allocations={"mlops_engineer": 1.0, "platform_engineer": 0.5}
    )
    result = compare(before, team_of_three())

    assert "OVERLOADED" in [w.code for w in result.warnings_removed]
    load = {d.person: d for d in result.teams[0].load}
    assert load["Max Ops"].delta == -0.5
    assert (load["Max Ops"].status.a, load["Max Ops"].status.b) == ("overloaded", "at_capacity")


def test_teams_that_appear_or_go_are_changes_and_their_numbers_are_null_on_one_side():
    other = make_person("Zed Solo", team="Other", ml_engineer=1.0)
    after = Roster(teams=team_of_three().teams, people=(*team_of_three().people, other))

    result = compare(team_of_three(), after)

    assert kinds(result)[:2] == ["team_added", "person_added"]
    new = next(t for t in result.teams if t.team == "Other")
    assert new.health.a is None and new.health.b == score(after).team("Other").health
    assert compare(after, team_of_three()).changes[0].sentence == "Team Other is gone (1 person)."


def test_who_is_away_on_each_side_is_a_change():
    result = compare(STARTUP, STARTUP, away_b=["Meghan Okafor"])

    assert [c.sentence for c in result.changes] == ["Meghan Okafor is away in B."]
    assert result.teams[0].bus_factor.b == score(STARTUP, ["Meghan Okafor"]).teams[0].bus_factor


def test_the_json_keeps_the_contract_of_the_command_line():
    after = replace(team_of_three(), "Sam Sponsor", allocations={"evangelist": 0.1})

    document = json.loads(
        json.dumps(comparison_json(compare(team_of_three(), after, label_b="B2")))
    )

    assert set(document) >= {"changes", "warnings_added", "warnings_removed", "teams"}
    assert document["b"] == "B2"
    change = document["changes"][0]
    assert {"kind", "person", "position", "before", "after", "sentence"} <= set(change)
    team = document["teams"]["Team"]
    assert set(team["health"]) == {"a", "b"} and set(team["bus_factor"]) == {"a", "b"}
    assert document["warnings_added"][0]["code"] == "NO_SPONSOR"


def test_the_text_lists_numbers_changes_and_warnings():
    after = make_roster(*team_of_three().people, make_person("Ana New", ml_engineer=0.5))

    text = comparison_text(compare(team_of_three(), after, label_a="Now", label_b="Hire"))

    assert text.startswith("A: Now\nB: Hire\n")
    assert "  - Ana New joins Team (1 FTE: ML engineer 0.5)." in text
    assert "Warnings added (" in text and "Warnings removed (" in text
