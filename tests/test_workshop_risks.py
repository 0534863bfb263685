"""Risks the room accepts in a workshop, on both engines, and on the facilitator's page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.catalogue import EXAMPLES_DIR, workshop_guide
from teambuilder.clock import TODAY_ENV
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.store import Store, open_store
from teambuilder.workshop.risks import accept_risk
from teambuilder.workshop.votes import VoteError
from teambuilder.workshop_services import (
    WorkshopClosed,
    accept_workshop_risk,
    close_workshop,
    facilitator_view,
    open_workshop,
    withdraw_workshop_risk,
)

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
