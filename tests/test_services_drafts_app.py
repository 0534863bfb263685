"""The autosave helpers the roster editor's hook will call (views/storage.py), in AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.store import open_store

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")


def autosaving_script() -> None:
    import streamlit as st

    from views.state import evaluate, workspace
    from views.storage import autosave

    ws = workspace()
    parsed, _ = evaluate(ws)
    if st.session_state.get("drop_last_person"):
        team = ws.team_names[0]
        ws.tables[team] = ws.tables[team].iloc[:-1].reset_index(drop=True)
        parsed, _ = evaluate(ws)
    st.session_state["draft_id"] = autosave(parsed.roster, ["Tom Becker"], ws.team_names[0])


def reopening_script() -> None:
    import streamlit as st

    from views.state import workspace
    from views.storage import current, reopen_draft

    st.session_state["reopened"] = reopen_draft(st.session_state["wanted"])
    ws = workspace()
    st.session_state["people"] = sum(len(t) for t in ws.tables.values())
    st.session_state["away"] = list(ws.away)
    found = current()
    st.session_state["scenario"] = (found.name, found.version) if found else None


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def test_autosave_keeps_each_change_in_one_draft_and_skips_reruns_without_change(db):
    at = AppTest.from_function(autosaving_script, default_timeout=30)
    at.run()
    draft_id = at.session_state["draft_id"]
    first = services.latest_draft(db, draft_id)

    at.run()  # nothing changed: the draft is not written again
    assert services.latest_draft(db, draft_id).updated_at == first.updated_at
    at.session_state["drop_last_person"] = True
    at.run()

    assert at.session_state["draft_id"] == draft_id
    draft = services.latest_draft(db, draft_id)
    assert len(draft.roster.people) == len(STARTUP.people) - 1
    assert draft.away == ("Tom Becker",)
    assert draft.updated_at > first.updated_at


def test_a_new_session_reopens_the_draft_with_its_scenario(db):
    saved = services.save_scenario(db, "Plan", STARTUP)
    smaller = STARTUP.model_copy(update={"people": STARTUP.people[:-1]})
    draft_id = services.save_draft(
        db,
        smaller,
        ["Tom Becker"],
        team="Loopwise",
        label="Scenario: Plan (version 1)",
        scenario_id=saved.id,
        base_version=1,
    )
    at = AppTest.from_function(reopening_script, default_timeout=30)
    at.session_state["wanted"] = draft_id

    at.run()

    assert at.session_state["reopened"] is True
    assert at.session_state["people"] == len(STARTUP.people) - 1
    assert at.session_state["away"] == ["Tom Becker"]
    assert at.session_state["scenario"] == ("Plan", 1)


def test_an_unknown_draft_id_reopens_nothing(db):
    at = AppTest.from_function(reopening_script, default_timeout=30)
    at.session_state["wanted"] = services.new_token()

    at.run()

    assert at.session_state["reopened"] is False
    assert at.session_state["scenario"] is None
