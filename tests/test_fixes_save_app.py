"""Apply a suggested fix and keep it as a scenario version, through AppTest on SQLite.

(The use case, services.save_fix, runs on PostgreSQL too in test_services_fixes.py.)
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.store import open_store
from teambuilder.workspace import parse_workspace
from tests.test_app_fixes import APP, PAGE
from views.state import WORKSPACE_KEY

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
ORGANISATION = load_roster(EXAMPLES_DIR / "organisation.json")
SENTENCE = "Meghan Okafor gives MLOps engineer 0.4 FTE instead of 0.6"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def suggested(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    at.button(key="fix-run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts)).replace("\u2060", "")


def working_codes(at: AppTest) -> list[str]:
    roster = parse_workspace(at.session_state[WORKSPACE_KEY]).roster
    return [w.code for w in score(roster).team("Loopwise").warnings]


def test_without_an_open_scenario_the_fix_is_saved_as_a_new_scenario_and_applied(db):
    at = suggested()
    assert "fix-apply-save-next" not in [b.key for b in at.button]
    at.text_input(key="fix-apply-name").input("Loopwise after the fix")

    at.button(key="fix-apply-save-new").click().run()

    assert not at.exception
    (listed,) = services.list_scenarios(db)
    assert (listed.name, listed.version) == ("Loopwise after the fix", 1)
    saved = services.open_scenario(db, "Loopwise after the fix")
    assert "OVERLOADED" not in [w.code for w in score(saved.roster).team("Loopwise").warnings]
    assert saved.note.startswith("Suggested fix for Loopwise: " + SENTENCE)
    assert "OVERLOADED" not in working_codes(at)
    assert "saved as version 1 of the scenario 'Loopwise after the fix'" in texts(at)
    assert at.query_params["scenario"] == listed.edit_token
    label = re.sub(r"\\(.)", r"\1", str(at.sidebar.caption[0].value))
    assert label == "Scenario: Loopwise after the fix (version 1)"


def test_with_a_scenario_open_the_fix_is_saved_as_its_next_version(db):
    opened = services.save_scenario(db, "Plan", STARTUP)
    at = suggested(scenario=opened.edit_token)
    assert "'Plan', version 1" in texts(at)

    at.button(key="fix-apply-save-next").click().run()

    assert not at.exception
    assert sorted(v.number for v in services.history(db, "Plan")) == [1, 2]
    first, second = (services.open_scenario(db, "Plan", n) for n in (1, 2))
    assert first.roster == STARTUP
    assert "OVERLOADED" not in [w.code for w in score(second.roster).team("Loopwise").warnings]
    assert "saved as version 2 of the scenario 'Plan'" in texts(at)
    assert "OVERLOADED" not in working_codes(at)

    at.button(key="undo").click().run()

    assert "OVERLOADED" in working_codes(at)
    assert sorted(v.number for v in services.history(db, "Plan")) == [1, 2]


def test_a_stale_version_is_refused_with_the_scenarios_message_and_nothing_is_applied(db):
    opened = services.save_scenario(db, "Plan", STARTUP)
    at = suggested(scenario=opened.edit_token)
    services.save_scenario(db, "Plan", ORGANISATION, base_version=1)  # someone else saves

    at.button(key="fix-apply-save-next").click().run()

    assert not at.exception
    page = texts(at)
    assert "Not saved: 'Plan' was saved again since version 1 (it is at version 2 now)" in page
    assert "The fix is not applied either" in page
    assert sorted(v.number for v in services.history(db, "Plan")) == [1, 2]
    assert services.open_scenario(db, "Plan").roster == ORGANISATION
    assert "OVERLOADED" in working_codes(at)


def test_a_taken_name_is_refused_in_words_and_nothing_is_applied(db):
    services.save_scenario(db, "Plan", ORGANISATION)
    at = suggested()
    at.text_input(key="fix-apply-name").input("Plan")

    at.button(key="fix-apply-save-new").click().run()

    assert not at.exception
    assert "Saving did not work: there is already a scenario called 'Plan'" in texts(at)
    assert [v.number for v in services.history(db, "Plan")] == [1]
    assert "OVERLOADED" in working_codes(at)
