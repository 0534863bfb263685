"""Golden reports: every example roster scores exactly as reviewed in tests/golden/.

After a deliberate change, run scripts/regenerate_golden.py and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.regenerate_golden import GOLDEN_DIR, golden_report
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score

EXAMPLES = sorted(p for p in EXAMPLES_DIR.iterdir() if p.suffix in {".csv", ".json"})


def codes_of(example: str, team: str | None = None) -> set[str]:
    report = score(load_roster(EXAMPLES_DIR / example))
    teams = [report.team(team)] if team else report.teams
    return {w.code for t in teams for w in t.warnings}


def test_there_are_at_least_five_examples():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_scores_as_its_golden_report(example: Path):
    expected = json.loads((GOLDEN_DIR / f"{example.stem}.report.json").read_text("utf-8"))

    assert golden_report(example) == expected


def test_the_startup_rests_on_its_mlops_hero():
    report = score(load_roster(EXAMPLES_DIR / "startup_hero.csv")).teams[0]

    assert report.bus_factor == 1
    spof = {w.positions[0] for w in report.warnings if w.code == "SINGLE_POINT_OF_FAILURE"}
    assert {"mlops_engineer", "platform_engineer", "ml_engineer"} <= spof
    assert any(
        w.code == "TOO_MANY_HATS" and w.people == ("Meghan Okafor",) for w in report.warnings
    )


def test_the_startup_without_its_hero_loses_every_engineering_position():
    report = score(load_roster(EXAMPLES_DIR / "startup_hero.csv"), ["Meghan Okafor"]).teams[0]

    for position in ("ml_engineer", "mlops_engineer", "platform_engineer"):
        assert report.coverage_of(position).status == "missing"
        assert report.coverage_of(position).required
    (bus,) = [w for w in report.warnings if w.code == "TEAM_BUS_FACTOR"]
    assert report.bus_factor == 0
    assert bus.absences == ("Meghan Okafor",)
    uncovered = [w for w in report.warnings if w.code == "UNCOVERED"]
    assert len(uncovered) == 3
    assert all(w.absences == ("Meghan Okafor",) for w in uncovered)
    assert report.health < score(load_roster(EXAMPLES_DIR / "startup_hero.csv")).teams[0].health


def test_the_scaleup_product_lead_wears_both_bridge_hats():
    assert {"BRIDGE_CONFLICT", "TECH_IN_BUSINESS_SEAT"} <= codes_of("scaleup_bridge_conflict.csv")


def test_the_enterprise_has_a_management_layer_between_its_leads_and_the_sponsor():
    report = score(load_roster(EXAMPLES_DIR / "enterprise_middle_management.json")).teams[0]

    assert report.tier == "large"
    assert set(report.middle_managers) == {"Claire Dubois", "Dieter Krause"}


def test_the_healthy_team_raises_no_warning():
    report = score(load_roster(EXAMPLES_DIR / "healthy_medium.json")).teams[0]

    assert report.warnings == ()
    assert report.health == 100
    assert report.bus_factor >= 3


def test_the_organisation_file_flags_a_person_stretched_across_three_teams():
    report = score(load_roster(EXAMPLES_DIR / "organisation.json"))

    assert len(report.teams) == 3
    (warning,) = report.warnings
    assert warning.people == ("Ravi Iyer",)
    assert len(warning.teams) == 3
