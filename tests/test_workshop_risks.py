"""Risks the room accepts in a workshop, on both engines, and on the facilitator's page."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder import services
from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR, workshop_guide
from teambuilder.clock import TODAY_ENV
from teambuilder.models import WorkshopResults
from teambuilder.roster_io import load_roster, read_json_text, roster_to_json
from teambuilder.scoring import score
from teambuilder.store import Store, open_store
from teambuilder.validation import RosterError
from teambuilder.workshop.codes import JoinRateLimiter
from teambuilder.workshop.risks import accept_risk
from teambuilder.workshop.votes import VoteError
from teambuilder.workshop_services import (
    WorkshopClosed,
    accept_workshop_risk,
    close_workshop,
    facilitator_view,
    join_workshop,
    open_workshop,
    vote_agreement,
    vote_coverage,
    withdraw_workshop_risk,
)
from teambuilder.workspace import parse_workspace, workspace_from_roster
from tests.helpers import make_person

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = STARTUP.team_names()[0]
DAY = date(2026, 12, 2)


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    yield opened
    opened.close()


def risk_on(warning_index: int = 0, team: str = TEAM, roster=STARTUP):
    warning = score(roster, today=DAY).team(team).warnings[warning_index]
    return accept_risk(
        team,
        warning,
        owner="Priya Nair",
        rationale="We hire in Q1.",
        review_on=DAY + timedelta(days=60),
        today=DAY,
        limits=workshop_guide().limits,
    )


def test_a_risk_the_room_accepts_is_kept_with_the_workshop_and_can_be_withdrawn(store):
    opened = open_workshop(store, STARTUP, TEAM)
    risk = risk_on()

    accept_workshop_risk(store, opened.token, risk)
    kept = facilitator_view(store, opened.token).roster.accepted_risks
    withdraw_workshop_risk(store, opened.token, risk.warning)
    after = facilitator_view(store, opened.token).roster.accepted_risks

    assert kept == (risk,)
    assert after == ()


def test_a_warning_the_workshop_does_not_have_cannot_be_accepted(store):
    opened = open_workshop(store, STARTUP, TEAM)
    stranger = risk_on().model_copy(update={"warning": "NO_SPONSOR:0000000000000000"})

    with pytest.raises(VoteError, match="not part of the workshop"):
        accept_workshop_risk(store, opened.token, stranger)


def test_a_closed_workshop_accepts_and_withdraws_nothing(store):
    opened = open_workshop(store, STARTUP, TEAM)
    risk = risk_on()
    accept_workshop_risk(store, opened.token, risk)
    close_workshop(store, opened.token)

    with pytest.raises(WorkshopClosed):
        accept_workshop_risk(store, opened.token, risk_on(1))
    with pytest.raises(WorkshopClosed):
        withdraw_workshop_risk(store, opened.token, risk.warning)
    assert facilitator_view(store, opened.token).roster.accepted_risks == (risk,)


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workshop.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    monkeypatch.setenv(TODAY_ENV, DAY.isoformat())
    opened = open_store(url)
    yield opened
    opened.close()


def test_the_facilitator_accepts_a_warning_on_its_step_and_it_shows_muted(db):
    opened = open_workshop(db, STARTUP, TEAM)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["workshop"] = opened.token
    at.run()
    at.switch_page("views/workshop.py")
    at.run()
    while not [w for w in at.text_input if w.label == "Who accepts it"]:
        at.button(key="ws-next").click()
        at.run()
        assert not at.exception

    owner = next(w for w in at.text_input if w.label == "Who accepts it")
    key = owner.key.removesuffix("-owner")
    owner.set_value("Priya Nair")
    at.text_area(key=f"{key}-rationale").set_value("We hire in Q1.")
    next(b for b in at.button if b.label == "Accept the risk").click()
    at.run()

    assert not at.exception
    risks = facilitator_view(db, opened.token).roster.accepted_risks
    assert [r.owner for r in risks] == ["Priya Nair"]
    shown = "\n".join(c.value for c in at.caption).replace("\\", "")
    assert "Accepted as a risk by Priya Nair on 2026-12-02, review on 2027-03-02" in shown


# --- Closing freezes the results into a scenario ----------------------------------------


def a_room_votes(store: Store, opened) -> None:
    """One phone says who covers the MLOps seat and leaves a note on the first warning."""
    limiter = JoinRateLimiter(workshop_guide().limits)
    phone = join_workshop(store, opened.code, client="phone", limiter=limiter).participant_id
    vote_coverage(store, phone, "mlops_engineer", "Meghan Okafor")
    key = subject_key(TEAM, score(STARTUP).team(TEAM).warnings[0])
    vote_agreement(store, phone, key, 4, "We knew this one")


def test_closing_a_workshop_from_a_scenario_saves_its_next_version_with_the_results(store):
    saved = services.save_scenario(store, "Loopwise plan", STARTUP)
    opened = open_workshop(store, STARTUP, TEAM, scenario_id=saved.id)
    a_room_votes(store, opened)
    risk = risk_on()
    accept_workshop_risk(store, opened.token, risk)

    results = close_workshop(store, opened.token)
    again = close_workshop(store, opened.token)
    latest = services.open_scenario(store, "Loopwise plan")
    note = services.history(store, "Loopwise plan")[0].note

    assert (results.scenario, results.scenario_version) == ("Loopwise plan", 2)
    assert again == results  # closing twice saves nothing more
    assert latest.version == 2
    assert latest.roster.accepted_risks == (risk,)
    (kept,) = latest.roster.workshops
    assert kept.code == opened.code and kept.closed_at == results.closed_at
    mlops = next(p for p in kept.positions if p.position == "mlops_engineer")
    assert mlops.counts == (("Meghan Okafor", 1),)
    assert [w.notes for w in kept.warnings if w.notes] == [("We knew this one",)]
    assert note == f"Workshop {opened.code} closed: 1 joined, 1 voted, 1 accepted risk on {TEAM}."


def test_closing_keeps_what_was_saved_to_the_scenario_while_the_workshop_ran(store):
    saved = services.save_scenario(store, "Loopwise plan", STARTUP)
    opened = open_workshop(store, STARTUP, TEAM, scenario_id=saved.id)
    hire = make_person("Ana Hire", team=TEAM, ml_engineer=1.0)
    moved_on = STARTUP.model_copy(update={"people": (*STARTUP.people, hire)})
    services.save_scenario(store, "Loopwise plan", moved_on)
    accept_workshop_risk(store, opened.token, risk_on())

    results = close_workshop(store, opened.token)
    latest = services.open_scenario(store, "Loopwise plan")

    assert results.scenario_version == 3
    assert "Ana Hire" in {p.name for p in latest.roster.people}
    assert len(latest.roster.accepted_risks) == 1
    assert len(latest.roster.workshops) == 1


def test_a_workshop_without_a_scenario_is_saved_as_a_new_one_named_after_it(store):
    opened = open_workshop(store, STARTUP, TEAM)
    accept_workshop_risk(store, opened.token, risk_on())

    results = close_workshop(store, opened.token)
    assert results.closed_at is not None
    expected = f"Workshop on {TEAM}, {results.closed_at:%Y-%m-%d %H:%M} UTC"
    opened_again = services.open_scenario(store, expected)

    assert (results.scenario, results.scenario_version) == (expected, 1)
    assert opened_again.roster.people == STARTUP.people
    assert len(opened_again.roster.accepted_risks) == 1
    assert [w.code for w in opened_again.roster.workshops] == [opened.code]
    assert facilitator_view(store, opened.token).results == results


def test_a_workshop_whose_scenario_was_deleted_is_saved_as_a_new_scenario(store):
    saved = services.save_scenario(store, "Gone soon", STARTUP)
    opened = open_workshop(store, STARTUP, TEAM, scenario_id=saved.id)
    services.delete_scenario(store, "Gone soon")

    results = close_workshop(store, opened.token)

    assert results.scenario is not None and results.scenario.startswith(f"Workshop on {TEAM}, ")
    assert services.open_scenario(store, results.scenario).roster.workshops[0].code == opened.code


def test_two_workshops_closed_in_the_same_minute_get_two_scenarios(store):
    first = open_workshop(store, STARTUP, TEAM)
    second = open_workshop(store, STARTUP, TEAM)

    one = close_workshop(store, first.token)
    two = close_workshop(store, second.token)

    assert one.scenario != two.scenario
    assert two.scenario is not None and services.open_scenario(store, two.scenario).version == 1


def test_workshop_results_survive_json_and_the_working_copy():
    results = WorkshopResults(
        team=TEAM, code="ACDEF3", participants=2, voters=1, positions=(), warnings=()
    )
    roster = STARTUP.model_copy(update={"workshops": (results,)})

    again = read_json_text(roster_to_json(roster), "export.json")
    worked = parse_workspace(workspace_from_roster(again)).roster

    assert again.workshops == (results,)
    assert worked.workshops == (results,)
    assert "workshops" not in roster_to_json(STARTUP)


def test_a_broken_workshop_entry_in_a_file_is_named():
    document = json.loads(roster_to_json(STARTUP))
    document["workshops"] = [{"team": TEAM, "code": "X"}]

    with pytest.raises(RosterError) as raised:
        read_json_text(json.dumps(document), "plan.json")

    assert "workshops[0]" in str(raised.value)


def test_closing_on_the_page_says_which_scenario_and_version_and_opens_it(db):
    saved = services.save_scenario(db, "Loopwise plan", STARTUP)
    opened = open_workshop(db, STARTUP, TEAM, scenario_id=saved.id)
    accept_workshop_risk(db, opened.token, risk_on())
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["workshop"] = opened.token
    at.run()
    at.switch_page("views/workshop.py")
    at.run()

    at.checkbox(key="workshop-close-confirm").check()
    at.run()
    at.button(key="workshop-close").click()
    at.run()
    message = "\n".join(s.value for s in at.success).replace("\\", "")
    at.button(key="workshop-open-saved").click()
    at.run()

    assert not at.exception
    assert (
        "This workshop is closed; its results are frozen. Saved with the accepted risks as "
        "version 2 of the scenario “Loopwise plan”." in message
    )
    ws = at.session_state["workspace"]
    assert ws.label == "Scenario: Loopwise plan (version 2)"
    assert [r.owner for r in ws.accepted_risks] == ["Priya Nair"]
    assert [w.code for w in ws.workshops] == [opened.code]
