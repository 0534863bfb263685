"""Autosave: the working copy goes into a draft after every run; a new session offers it."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder.services import latest_draft
from teambuilder.store import open_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FILES = "views/files.py"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def tab_with_another_example() -> AppTest:
    at = run(AppTest.from_file(APP, default_timeout=60))
    at.switch_page(FILES)
    run(at)
    at.selectbox(key="files-example").set_value("healthy_medium.json")
    at.button(key="files-load-example").click()
    return run(at)


def test_every_run_keeps_the_working_copy_in_a_draft_named_in_the_address_bar(db):
    at = tab_with_another_example()

    draft_id = at.query_params["draft"]
    draft = latest_draft(db, draft_id)

    assert draft is not None
    assert draft.roster.team_names() == ["Fraud Signals"]


def test_a_new_session_with_the_draft_offers_it_back_and_continues_where_it_left_off(db):
    draft_id = tab_with_another_example().query_params["draft"]
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["draft"] = draft_id
    run(fresh)

    assert any("Continue where you left off?" in str(i.value) for i in fresh.info)
    assert latest_draft(db, draft_id).roster.team_names() == ["Fraud Signals"]  # not overwritten
    fresh.button(key="draft-continue").click()
    run(fresh)

    assert fresh.session_state["workspace"].team_names == ["Fraud Signals"]
    assert fresh.query_params["draft"] == draft_id
    assert not any("Continue where you left off?" in str(i.value) for i in fresh.info)


def test_starting_again_leaves_the_draft_and_opens_the_example(db):
    draft_id = tab_with_another_example().query_params["draft"]
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["draft"] = draft_id
    run(fresh)

    fresh.button(key="draft-dismiss").click()
    run(fresh)

    assert fresh.session_state["workspace"].team_names == ["Loopwise"]
    assert fresh.query_params["draft"] != draft_id  # a new draft for the new work
    assert latest_draft(db, draft_id).roster.team_names() == ["Fraud Signals"]


def test_an_unknown_draft_in_the_link_opens_the_example_without_an_offer(db):
    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["draft"] = "no-such-draft"
    run(fresh)

    assert not any("Continue where you left off?" in str(i.value) for i in fresh.info)
    assert fresh.session_state["workspace"].team_names == ["Loopwise"]


def test_a_row_with_a_problem_comes_back_as_typed_with_its_message(db):
    at = run(AppTest.from_file(APP, default_timeout=60))
    first = at.session_state["workspace"].tables["Loopwise"].iloc[0]["name"]
    at.session_state["editor-Loopwise-0"] = {
        "edited_rows": {0: {"fte": 3.0}, 1: {"name": "Typed, not yet valid ✓"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    run(at)
    assert any("3 is more than 1" in str(e.value) for e in at.error)  # the problem, before
    draft_id = at.query_params["draft"]

    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["draft"] = draft_id
    run(fresh)
    fresh.button(key="draft-continue").click()
    run(fresh)

    table = fresh.session_state["workspace"].tables["Loopwise"]
    assert table.iloc[0]["name"] == first
    assert table.iloc[0]["fte"] == 3.0  # the bad cell, not the value it had before
    assert table.iloc[1]["name"] == "Typed, not yet valid ✓"
    errors = " ".join(str(e.value) for e in fresh.error)
    assert "3 is more than 1" in errors and "row 1" in errors.lower()


def test_a_rerun_that_changes_nothing_writes_no_draft(db):
    at = run(AppTest.from_file(APP, default_timeout=60))
    draft_id = at.query_params["draft"]
    before = latest_draft(db, draft_id).updated_at

    run(at)

    assert latest_draft(db, draft_id).updated_at == before
