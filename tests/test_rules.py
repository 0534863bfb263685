"""One home per rule: each check returns findings with facts; the words come from them."""

from __future__ import annotations

import pytest

from teambuilder.catalogue import catalogue
from teambuilder.models import Severity
from teambuilder.rules import PERSON_CODES, RULES_BY_CODE, TEAM_RULES, Finding, check_team
from teambuilder.scoring import _context_in, _index, score
from tests.helpers import make_person, make_roster


def context_of(roster, away=()):  # type: ignore[no-untyped-def]
    team = roster.team_names()[0]
    return _context_in(catalogue(), _index(roster), team, set(away))


def test_every_rule_of_the_data_has_exactly_one_home_and_the_reverse():
    homes = [rule.code for rule in TEAM_RULES]

    assert len(homes) == len(set(homes))
    assert set(homes) == {rule.code for rule in catalogue().rules}


def test_the_rules_about_one_person_are_those_the_pitch_draws_on_their_link():
    assert {"OVERLOADED", "TOO_MANY_HATS", "BRIDGE_CONFLICT"} == PERSON_CODES


def test_thin_coverage_finds_the_fte_found_and_required():
    roster = make_roster(
        *(make_person(f"P{i}", data_scientist=1.0) for i in range(4)),
        make_person("Sue", executive_sponsor=0.1, inside_out=0.5, tech_lead=0.5),
        make_person("Meg", mlops_engineer=0.6, platform_engineer=0.5, outside_in=0.4),
    )

    findings = [f for f in check_team(context_of(roster)) if f.code == "THIN_COVERAGE"]

    (mlops,) = [f for f in findings if f.positions == ("mlops_engineer",)]
    assert mlops.facts["fte"] == pytest.approx(0.6)
    assert mlops.facts["short_of_fte"] == 1.0
    assert mlops.facts["short_of_people"] is None
    assert mlops.people == ("Meg",)


def test_a_message_is_made_from_the_facts_alone():
    finding = Finding(
        code="THIN_COVERAGE",
        severity=Severity.warning,
        positions=("mlops_engineer",),
        people=("Meg",),
        facts={
            "kind": "position",
            "tier": "medium",
            "fte": 0.6,
            "short_of_fte": 1.0,
            "short_of_people": None,
        },
    )

    text = RULES_BY_CODE["THIN_COVERAGE"].message(finding, catalogue())

    assert text == "MLOps engineer gets 0.6 FTE from Meg; a medium team needs at least 1 FTE."


def test_an_absence_that_empties_a_critical_position_is_a_finding_naming_who_is_away():
    roster = make_roster(
        make_person("Sue", executive_sponsor=0.1, inside_out=0.5),
        make_person("Meg", mlops_engineer=1.0),
        make_person("Dan", data_scientist=1.0),
    )

    findings = check_team(context_of(roster, away={"Meg"}))

    (relied_on,) = [f for f in findings if f.facts.get("kind") == "relied_on"]
    assert relied_on.code == "UNCOVERED"
    assert relied_on.facts["away"] == ("Meg",)


def test_findings_and_the_reports_warnings_are_the_same_list_in_the_same_order():
    roster = make_roster(
        make_person("Sue", executive_sponsor=0.1, inside_out=0.5, outside_in=0.5),
        make_person("Meg", mlops_engineer=0.8, ml_engineer=0.5, platform_engineer=0.3),
    )

    findings = check_team(context_of(roster))
    warnings = score(roster).teams[0].warnings

    assert [(f.code, f.severity, f.positions, f.people) for f in findings] == [
        (w.code, w.severity, w.positions, w.people) for w in warnings
    ]
