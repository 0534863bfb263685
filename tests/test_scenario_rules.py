"""A scenario is scored with the rules it was saved under; one click scores it with today's."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR, catalogue_with_rules, rules_text
from teambuilder.roster_io import load_roster
from teambuilder.rules_kept import rule_differences
from teambuilder.scoring import score
from teambuilder.store import StoreError, open_store
from teambuilder.store.orm import VersionRow

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
# Rules of an earlier day: three hats were fine, and a critical warning cost less.
EARLIER = rules_text().replace("too_many_hats = 3", "too_many_hats = 4")
EARLIER = EARLIER.replace("penalty = { critical = 15", "penalty = { critical = 10")


def test_the_earlier_rules_are_a_real_difference():
    assert rules_text() != EARLIER
    assert rule_differences(catalogue_with_rules(EARLIER)) == [
        "thresholds › too many hats: 4 when saved, 3 today",
        "health › penalty › critical: 10 when saved, 15 today",
    ]
    assert health(EARLIER) != health(rules_text())


def health(rules: str) -> int:
    return score(STARTUP, cat=catalogue_with_rules(rules)).teams[0].health


def test_every_version_keeps_the_rules_it_was_saved_under(database_url):
    store = open_store(database_url)
    try:
        services.save_scenario(store, "Plan", STARTUP, rules_toml=EARLIER)
        services.save_scenario(store, "Plan", STARTUP)  # today's rules
        services.restore_version(store, "Plan", 1)
        services.duplicate_scenario(store, "Plan", "Plan B", version=1)
        kept = [services.open_scenario(store, "Plan", v).rules_toml for v in (1, 2, 3)]
        branch = services.open_scenario(store, "Plan B")
        listed = {s.name: s.teams["Loopwise"].health for s in services.list_scenarios(store)}
        with pytest.raises(StoreError, match="cannot be saved with a scenario"):
            services.save_scenario(store, "Broken", STARTUP, rules_toml="[thresholds]\nx = 1\n")
    finally:
        store.close()

    assert kept == [EARLIER, rules_text(), EARLIER]
    assert branch.rules_toml == EARLIER
    assert listed == {"Plan": health(EARLIER), "Plan B": health(EARLIER)}  # scored with them


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'rules.sqlite3'}"
    monkeypatch.setenv("TEAMBUILDER_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_health(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Health")


def test_an_old_scenario_opens_with_its_rules_and_one_click_scores_it_with_todays(db):
    saved = services.save_scenario(db, "Last spring", STARTUP, rules_toml=EARLIER)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scenario"] = saved.edit_token
    run(at)

    assert shown_health(at) == f"{health(EARLIER)}/100"
    notice = " ".join(str(i.value) for i in at.info).replace("\\", "")
    assert "saved under" in notice
    assert "thresholds › too many hats: 4 when saved, 3 today" in notice
    at.button(key="scenario-rules-switch").click()
    run(at)

    assert shown_health(at) == f"{health(rules_text())}/100"
    assert any("Scored with today's rules" in str(c.value) for c in at.caption)
    at.button(key="scenario-rules-switch").click()  # and back
    run(at)
    assert shown_health(at) == f"{health(EARLIER)}/100"


def test_a_scenario_saved_under_todays_rules_says_nothing_about_rules(db):
    saved = services.save_scenario(db, "Today", STARTUP)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scenario"] = saved.edit_token
    run(at)

    assert shown_health(at) == f"{health(rules_text())}/100"
    assert not any("saved under" in str(i.value) for i in at.info)


def test_a_new_version_saved_from_the_tab_keeps_the_rules_it_is_scored_with(db):
    saved = services.save_scenario(db, "Last spring", STARTUP, rules_toml=EARLIER)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scenario"] = saved.edit_token
    run(at)
    at.switch_page("views/scenarios.py")
    run(at)

    at.button(key="save-next").click()
    run(at)
    at.button(key="scenario-rules-switch").click()  # today's rules from now on
    run(at)
    at.button(key="save-next").click()
    run(at)

    kept = [services.open_scenario(db, "Last spring", v).rules_toml for v in (1, 2, 3)]
    assert kept == [EARLIER, EARLIER, rules_text()]


def test_rules_this_version_cannot_read_are_said_and_today_s_rules_score_and_save(db):
    saved = services.save_scenario(db, "From the future", STARTUP)
    with db.unit_of_work() as uow:  # as a newer app would have written them
        uow.session.execute(update(VersionRow).values(rules_toml="[thresholds]\nnew_knob = 1\n"))
        uow.commit()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scenario"] = saved.edit_token
    run(at)

    assert shown_health(at) == f"{health(rules_text())}/100"
    assert any("cannot be read by this version" in str(w.value) for w in at.warning)
    at.switch_page("views/scenarios.py")
    run(at)
    at.button(key="save-next").click()
    run(at)
    assert services.open_scenario(db, "From the future", 2).rules_toml == rules_text()


def test_a_draft_of_such_a_scenario_continues_with_its_saved_rules(db):
    saved = services.save_scenario(db, "Last spring", STARTUP, rules_toml=EARLIER)
    first = AppTest.from_file(APP, default_timeout=60)
    first.query_params["scenario"] = saved.edit_token
    draft_id = run(first).query_params["draft"]

    fresh = AppTest.from_file(APP, default_timeout=60)
    fresh.query_params["draft"] = draft_id
    run(fresh)
    fresh.button(key="draft-continue").click()
    run(fresh)

    assert shown_health(fresh) == f"{health(EARLIER)}/100"
    assert any("saved under" in str(i.value) for i in fresh.info)
