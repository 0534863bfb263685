"""Accepted risks: carried by the roster's JSON, marked on the report, due on their date."""

from __future__ import annotations

import json
from datetime import date

import pytest

from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import AcceptedRisk, Roster
from teambuilder.roster_io import RosterError, load_roster, read_json_text, roster_to_json
from teambuilder.scoring import score
from tests.test_cli import run

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = STARTUP.team_names()[0]
TODAY = date(2026, 12, 1)
REVIEW = date(2027, 3, 1)


def accepting(roster: Roster, code: str, **changes: object) -> tuple[Roster, str]:
    report = score(roster).team(TEAM)
    warning = next(w for w in report.warnings if w.code == code)
    risk = AcceptedRisk.model_validate(
        {
            "team": TEAM,
            "warning": subject_key(TEAM, warning),
            "code": code,
            "owner": "Priya Nair",
            "rationale": "A second MLOps engineer starts in February",
            "review_on": REVIEW,
            "accepted_on": TODAY,
            **changes,
        }
    )
    return roster.model_copy(update={"accepted_risks": (risk,)}), subject_key(TEAM, warning)


def test_an_accepted_warning_is_marked_and_still_costs_its_points():
    roster, key = accepting(STARTUP, "TOO_MANY_HATS")

    plain = score(STARTUP, today=TODAY).team(TEAM)
    accepted = score(roster, today=TODAY).team(TEAM)

    marked = [w for w in accepted.warnings if w.accepted is not None]
    assert [subject_key(TEAM, w) for w in marked] == [key]
    assert marked[0].accepted.owner == "Priya Nair"
    assert not marked[0].accepted.due
    assert accepted.health == plain.health
    flags = [d.accepted for d in accepted.health_breakdown.deductions]
    assert flags.count(True) == 1
    index = accepted.warnings.index(marked[0])
    assert accepted.health_breakdown.deductions[index].accepted


def test_from_its_review_date_an_accepted_warning_is_due_and_counts_as_ordinary():
    roster, _ = accepting(STARTUP, "TOO_MANY_HATS")

    report = score(roster, today=REVIEW).team(TEAM)

    marked = [w for w in report.warnings if w.accepted is not None]
    assert len(marked) == 1 and marked[0].accepted.due
    assert not any(d.accepted for d in report.health_breakdown.deductions)


def test_an_accepted_low_bus_factor_stays_accepted_while_someone_is_away():
    roster, _ = accepting(STARTUP, "TEAM_BUS_FACTOR")

    report = score(roster, ["Lina Park"], today=TODAY).team(TEAM)

    bus = next(w for w in report.warnings if w.code == "TEAM_BUS_FACTOR")
    assert bus.accepted is not None


def test_accepted_risks_round_trip_through_json_and_rosters_without_any_look_as_before():
    roster, _ = accepting(STARTUP, "TOO_MANY_HATS")

    text = roster_to_json(roster)

    assert read_json_text(text, "team.json") == roster
    assert "accepted_risks" not in roster_to_json(STARTUP)


def test_an_accepted_risk_of_an_unknown_team_names_the_record_and_the_field():
    roster, _ = accepting(STARTUP, "TOO_MANY_HATS")
    document = json.loads(roster_to_json(roster))
    document["accepted_risks"][0]["team"] = "Nope"
    document["accepted_risks"].append({"team": TEAM, "owner": "x"})

    with pytest.raises(RosterError) as refused:
        read_json_text(json.dumps(document), "team.json")

    text = str(refused.value)
    assert "accepted_risks[0], field 'team': 'Nope' is not a team of this roster" in text
    assert "accepted_risks[1], field 'review_on'" in text


def test_the_json_report_of_the_command_line_carries_the_acceptance(tmp_path):
    roster, _ = accepting(STARTUP, "TOO_MANY_HATS", review_on=date(2999, 1, 1))
    path = tmp_path / "team.json"
    path.write_text(roster_to_json(roster), encoding="utf-8")

    code, out, _ = run("score", str(path), "--format", "json")

    assert code == 0
    warnings = json.loads(out)["teams"][0]["warnings"]
    accepted = [w["accepted"] for w in warnings if w["accepted"]]
    assert accepted == [
        {
            "owner": "Priya Nair",
            "rationale": "A second MLOps engineer starts in February",
            "accepted_on": "2026-12-01",
            "review_on": "2999-01-01",
            "due": False,
        }
    ]
