"""Accepted risks travel with the working copy: editor, undo, JSON, share link, drafts,
scenarios; the form's checks say what is wrong."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from teambuilder import services
from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import EXAMPLES_DIR, workshop_guide
from teambuilder.clock import TODAY_ENV, problem, today
from teambuilder.models import AcceptedRisk
from teambuilder.roster_io import load_roster, read_json_text, roster_to_json
from teambuilder.scoring import score
from teambuilder.share import SharedState, decode_state, encode_state
from teambuilder.store import Store, open_store
from teambuilder.workshop.risks import RiskRejected, accept_risk, with_risk, without_risk
from teambuilder.workspace import (
    History,
    parse_workspace,
    rename_team,
    snapshot,
    workspace_from_roster,
)

DAY = date(2026, 12, 2)
STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TEAM = STARTUP.team_names()[0]
LIMITS = workshop_guide().limits


def first_warning():
    return score(STARTUP, today=DAY).team(TEAM).warnings[0]


def accepted(review_on: date = DAY + timedelta(days=30)) -> AcceptedRisk:
    return accept_risk(
        TEAM,
        first_warning(),
        owner="Priya Nair",
        rationale="Hiring a second engineer in Q1; until then we live with it.",
        review_on=review_on,
        today=DAY,
        limits=LIMITS,
    )


def workspace_with_risk():
    ws = workspace_from_roster(STARTUP)
    ws.accepted_risks = list(with_risk(ws.accepted_risks, accepted()))
    return ws


def test_a_risk_accepted_in_the_working_copy_marks_its_warning_in_the_report():
    ws = workspace_with_risk()

    roster = parse_workspace(ws).roster
    warning = score(roster, today=DAY).team(TEAM).warnings[0]

    assert roster.accepted_risks == (accepted(),)
    assert warning.accepted is not None and not warning.accepted.due
    assert warning.accepted.owner == "Priya Nair"


def test_the_risks_survive_json_and_come_back_into_a_fresh_working_copy():
    roster = parse_workspace(workspace_with_risk()).roster

    again = read_json_text(roster_to_json(roster), "export.json")
    reopened = workspace_from_roster(again)

    assert reopened.accepted_risks == [accepted()]
    assert parse_workspace(reopened).roster == roster


def test_the_risks_survive_a_share_link():
    roster = parse_workspace(workspace_with_risk()).roster

    state = decode_state(encode_state(SharedState(roster=roster, team=TEAM)))

    assert state.roster.accepted_risks == (accepted(),)


def test_undo_takes_an_acceptance_back_and_redo_brings_it_again():
    ws = workspace_from_roster(STARTUP)
    history = History()

    history.record("a risk accepted", ws, TEAM)
    ws.accepted_risks = list(with_risk(ws.accepted_risks, accepted()))
    step = history.step_back(ws, TEAM)
    assert step is not None
    undone = snapshot(step.before)
    redo = history.step_forward(undone, TEAM)

    assert undone.accepted_risks == []
    assert redo is not None and redo.before.accepted_risks == [accepted()]


def test_a_snapshot_does_not_follow_later_changes_of_the_risks():
    ws = workspace_with_risk()

    copy = snapshot(ws)
    ws.accepted_risks = list(without_risk(ws.accepted_risks, TEAM, accepted().warning))

    assert copy.accepted_risks == [accepted()]
    assert ws.accepted_risks == []


def test_accepting_the_same_warning_again_replaces_the_first_acceptance():
    later = accepted(DAY + timedelta(days=90))

    risks = with_risk([accepted()], later)

    assert risks == (later,)


def test_renaming_the_team_keeps_its_risk_on_the_same_warning():
    ws = workspace_with_risk()

    new_name = rename_team(ws, TEAM, "Renamed team")
    warning = score(parse_workspace(ws).roster, today=DAY).team(new_name).warnings[0]

    assert ws.accepted_risks[0].team == "Renamed team"
    assert ws.accepted_risks[0].warning == subject_key("Renamed team", warning)
    assert warning.accepted is not None


@pytest.mark.parametrize(
    ("owner", "rationale", "review_on", "expected"),
    [
        ("", "a reason", DAY + timedelta(days=1), "Who accepts it: type the name"),
        ("Priya", "   ", DAY + timedelta(days=1), "Why: say in a sentence"),
        ("Priya", "x" * 281, DAY + timedelta(days=1), "Why: at most 280 characters; this has 281"),
        ("Priya", "a reason", None, "Review on: pick the date"),
        ("Priya", "a reason", DAY, "Review on: pick a date after today (2026-12-02)"),
        ("P" * 121, "a reason", DAY + timedelta(days=1), "at most 120 characters; this has 121"),
    ],
)
def test_what_cannot_be_accepted_is_refused_with_what_is_allowed(
    owner, rationale, review_on, expected
):
    with pytest.raises(RiskRejected, match=expected.replace("(", r"\(").replace(")", r"\)")):
        accept_risk(
            TEAM,
            first_warning(),
            owner=owner,
            rationale=rationale,
            review_on=review_on,
            today=DAY,
            limits=LIMITS,
        )


def test_a_rationale_is_kept_as_one_line_of_plain_text():
    risk = accept_risk(
        TEAM,
        first_warning(),
        owner="  Priya\tNair ",
        rationale="line one\nline two\x00 <b>bold</b>",
        review_on=DAY + timedelta(days=1),
        today=DAY,
        limits=LIMITS,
    )

    assert risk.owner == "Priya Nair"
    assert risk.rationale == "line one line two <b>bold</b>"
    assert risk.accepted_on == DAY


def test_the_apps_day_can_be_moved_by_the_environment(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, "2031-05-06")
    assert today() == date(2031, 5, 6)
    assert problem() is None
    monkeypatch.setenv(TODAY_ENV, "next week")
    assert today() == date.today()  # ignored, not a failure of every page
    assert problem() == (
        "TEAMBUILDER_TODAY='next week' is not a date, so today's date is used; "
        "write it as 2027-03-01 or leave it unset"
    )


def test_a_moved_day_brings_a_risk_back_once_its_review_date_has_come(monkeypatch):
    roster = parse_workspace(workspace_with_risk()).roster

    monkeypatch.setenv(TODAY_ENV, (DAY + timedelta(days=29)).isoformat())
    before = score(roster).team(TEAM).warnings[0].accepted
    monkeypatch.setenv(TODAY_ENV, (DAY + timedelta(days=30)).isoformat())
    after = score(roster).team(TEAM).warnings[0].accepted

    assert before is not None and not before.due
    assert after is not None and after.due


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    yield opened
    opened.close()


def test_drafts_and_scenarios_keep_the_risks(store):
    roster = parse_workspace(workspace_with_risk()).roster

    draft_id = services.save_draft(store, roster, team=TEAM)
    services.save_scenario(store, "Risks kept", roster)
    draft = services.latest_draft(store, draft_id)
    opened = services.open_scenario(store, "Risks kept")

    assert draft is not None and draft.roster.accepted_risks == (accepted(),)
    assert opened.roster.accepted_risks == (accepted(),)
