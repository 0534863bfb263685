"""Scenario use cases on both engines: an SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import threading

import pytest

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.models import Roster
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.services import (
    delete_scenario,
    deleted_scenarios,
    duplicate_scenario,
    history,
    latest_draft,
    list_scenarios,
    open_link,
    open_reference,
    open_scenario,
    rename_scenario,
    restore_version,
    save_draft,
    save_scenario,
    undo_delete,
)
from teambuilder.store import NameRejected, NotFound, StaleVersion, Store, StoreError, open_store
from tests.helpers import make_person, make_roster

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
ORGANISATION = load_roster(EXAMPLES_DIR / "organisation.json")


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    yield opened
    opened.close()


def with_hire(roster: Roster, name: str = "Ana Hire") -> Roster:
    team = roster.team_names()[0]
    hire = make_person(name, team=team, mlops_engineer=0.8)
    return roster.model_copy(update={"people": (*roster.people, hire)})


def test_every_save_adds_a_version_and_earlier_ones_stay_as_they_were(store):
    first = save_scenario(store, "Plan A", STARTUP)
    second = save_scenario(store, "Plan A", with_hire(STARTUP), base_version=1)

    assert (first.version, second.version) == (1, 2)
    assert [v.number for v in history(store, "Plan A")] == [2, 1]
    assert open_scenario(store, "Plan A", 1).roster == STARTUP
    assert open_scenario(store, "Plan A").roster == with_hire(STARTUP)


def test_an_opened_scenario_scores_exactly_as_the_roster_that_was_saved(store):
    save_scenario(store, "Org", ORGANISATION)

    opened = open_scenario(store, "Org")

    assert score(opened.roster) == score(ORGANISATION)


def test_who_is_away_is_saved_with_the_roster(store):
    away = [STARTUP.people[1].name]
    save_scenario(store, "Holiday", STARTUP, away=away)

    opened = open_scenario(store, "Holiday")

    assert opened.away == tuple(away)
    listed = list_scenarios(store)[0]
    assert listed.teams["Loopwise"].health == score(STARTUP, away).teams[0].health


def test_someone_away_who_is_not_in_the_roster_is_refused(store):
    with pytest.raises(StoreError, match="Nobody Here is not in the roster"):
        save_scenario(store, "Holiday", STARTUP, away=["Nobody Here"])

    assert list_scenarios(store) == []


def test_a_save_on_a_stale_version_is_refused_and_writes_nothing(store):
    save_scenario(store, "Plan", STARTUP)
    save_scenario(store, "Plan", with_hire(STARTUP), base_version=1)  # another tab

    with pytest.raises(StaleVersion) as refused:
        save_scenario(store, "Plan", with_hire(STARTUP, "Bo Late"), base_version=1)

    assert (refused.value.base, refused.value.latest) == (1, 2)
    assert "version 2" in str(refused.value) and "new branch" in str(refused.value)
    assert [v.number for v in history(store, "Plan")] == [2, 1]
    assert open_scenario(store, "Plan").roster == with_hire(STARTUP)


def test_two_servers_saving_on_the_same_version_at_once_yield_exactly_one_new_version(
    database_url,
):
    stores = [open_store(database_url) for _ in range(6)]
    save_scenario(stores[0], "Race", STARTUP)
    start = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def save(store: Store, index: int) -> None:
        start.wait()
        try:
            save_scenario(store, "Race", with_hire(STARTUP, f"Hire {index}"), base_version=1)
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(s, i)) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert sorted(outcomes) == ["saved"] + ["stale"] * (len(stores) - 1)
        assert [v.number for v in history(stores[0], "Race")] == [2, 1]
    finally:
        for store in stores:
            store.close()


def test_the_list_shows_name_last_change_and_health_per_team_newest_first(store):
    save_scenario(store, "Older", STARTUP)
    save_scenario(store, "Organisation", ORGANISATION)

    listed = list_scenarios(store)

    assert [s.name for s in listed] == ["Organisation", "Older"]
    expected = {t.team: (t.health, t.bus_factor) for t in score(ORGANISATION).teams}
    assert {team: (s.health, s.bus_factor) for team, s in listed[0].teams.items()} == expected
    assert listed[0].updated_at >= listed[1].updated_at
    assert listed[0].updated_at.tzinfo is not None


NAMES = [
    "O'Brien's \"quoted\" plan",
    "x'); DROP TABLE scenarios; --",
    "<b>bold</b><script>alert(1)</script>",
    "🚀 Équipe ünïcødé 计划",
    "100% _wild_ \\ card",
    ":material/home: [link](http://evil.example) **bold**",
    "a" * 200,
]


@pytest.mark.parametrize("name", NAMES)
def test_names_of_any_text_are_stored_and_found_exactly_as_typed(store, name):
    save_scenario(store, name, STARTUP)
    save_scenario(store, "Other", STARTUP)

    assert name in [s.name for s in list_scenarios(store)]
    assert open_scenario(store, name).name == name
    assert [v.number for v in history(store, name)] == [1]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a" * 201, "at most 200 characters; this one has 201"),
        ("   ", "needs a name"),
        ("line\nbreak", "control characters"),
        ("nul\x00byte", "control characters"),
    ],
)
def test_names_that_cannot_be_used_are_refused_with_a_message(store, name, message):
    with pytest.raises(NameRejected, match=message):
        save_scenario(store, name, STARTUP)

    assert list_scenarios(store) == []


def test_rename_keeps_versions_and_links_and_refuses_a_taken_name(store):
    saved = save_scenario(store, "Draft plan", STARTUP)
    save_scenario(store, "Draft plan", with_hire(STARTUP))
    save_scenario(store, "Taken", STARTUP)

    rename_scenario(store, "Draft plan", "Final plan")

    assert [v.number for v in history(store, "Final plan")] == [2, 1]
    assert open_link(store, saved.edit_token).name == "Final plan"
    with pytest.raises(NotFound):
        open_scenario(store, "Draft plan")
    with pytest.raises(NameRejected, match="already a scenario called 'Taken'"):
        rename_scenario(store, "Final plan", "Taken")


def test_duplicate_branches_from_any_version_and_leaves_the_source_alone(store):
    save_scenario(store, "Base", STARTUP)
    save_scenario(store, "Base", with_hire(STARTUP))

    branch = duplicate_scenario(store, "Base", "Base, option B", version=1)

    assert branch.version == 1
    assert open_scenario(store, "Base, option B").roster == STARTUP
    assert open_scenario(store, "Base").roster == with_hire(STARTUP)
    listed = {s.name: s for s in list_scenarios(store)}
    assert listed["Base, option B"].branched_from == "Base"
    assert listed["Base, option B"].branched_from_version == 1
    assert branch.edit_token != listed["Base"].edit_token


def test_delete_hides_a_scenario_and_undo_brings_it_back_with_every_version(store):
    save_scenario(store, "Gone", STARTUP)
    save_scenario(store, "Gone", with_hire(STARTUP))

    scenario_id = delete_scenario(store, "Gone")

    assert list_scenarios(store) == []
    assert [s.name for s in deleted_scenarios(store)] == ["Gone"]
    with pytest.raises(NotFound):
        open_scenario(store, "Gone")
    assert undo_delete(store, scenario_id) == "Gone"
    assert [v.number for v in history(store, "Gone")] == [2, 1]


def test_a_deleted_name_can_be_reused_and_then_undo_says_the_name_is_taken(store):
    scenario_id = delete_scenario(store, save_scenario(store, "Twice", STARTUP).name)
    save_scenario(store, "Twice", with_hire(STARTUP))

    with pytest.raises(NameRejected, match="already a scenario called 'Twice'"):
        undo_delete(store, scenario_id)

    assert open_scenario(store, "Twice").roster == with_hire(STARTUP)


def test_restore_makes_an_old_version_the_latest_as_a_new_version(store):
    save_scenario(store, "Plan", STARTUP)
    save_scenario(store, "Plan", with_hire(STARTUP))

    restored = restore_version(store, "Plan", 1)

    assert restored.version == 3
    assert open_scenario(store, "Plan").roster == STARTUP
    assert open_scenario(store, "Plan", 2).roster == with_hire(STARTUP)
    assert history(store, "Plan")[0].note == "Restored version 1"


def test_restore_on_a_stale_base_is_refused(store):
    save_scenario(store, "Plan", STARTUP)
    save_scenario(store, "Plan", with_hire(STARTUP))

    with pytest.raises(StaleVersion):
        restore_version(store, "Plan", 1, base_version=1)


def test_view_and_edit_links_are_different_unguessable_tokens(store):
    saved = save_scenario(store, "Linked", STARTUP)

    viewed, edited = open_link(store, saved.view_token), open_link(store, saved.edit_token)

    assert (viewed.can_edit, edited.can_edit) == (False, True)
    assert viewed.roster == edited.roster == STARTUP
    assert saved.view_token != saved.edit_token
    assert min(len(saved.view_token), len(saved.edit_token)) >= 22  # 128 random bits
    with pytest.raises(NotFound, match="does not open anything"):
        open_link(store, saved.view_token[:-1] + ("A" if saved.view_token[-1] != "A" else "B"))


def test_a_deleted_scenario_link_opens_nothing(store):
    saved = save_scenario(store, "Linked", STARTUP)
    delete_scenario(store, "Linked")

    with pytest.raises(NotFound):
        open_link(store, saved.edit_token)


def test_saving_on_a_version_of_a_scenario_that_is_gone_is_refused(store):
    with pytest.raises(NotFound, match="any more"):
        save_scenario(store, "Never saved", STARTUP, base_version=3)

    save_scenario(store, "Plan", STARTUP)
    with pytest.raises(NotFound, match="has no version 7"):
        save_scenario(store, "Plan", STARTUP, base_version=7)


def test_a_reference_may_name_a_version_and_names_may_contain_an_at_sign(store):
    save_scenario(store, "team@acme", STARTUP)
    save_scenario(store, "team@acme", with_hire(STARTUP))

    assert open_reference(store, "scenario:team@acme").version == 2
    assert open_reference(store, "scenario:team@acme@1").version == 1
    with pytest.raises(NotFound, match="no version 9"):
        open_reference(store, "scenario:team@acme@9")


def test_a_draft_keeps_the_latest_working_copy_under_its_id(store):
    draft_id = save_draft(store, STARTUP, team="Loopwise", label="Example")

    save_draft(store, with_hire(STARTUP), ["Ana Hire"], draft_id=draft_id, team="Loopwise")

    draft = latest_draft(store, draft_id)
    assert draft is not None
    assert draft.roster == with_hire(STARTUP)
    assert draft.away == ("Ana Hire",)
    assert draft.team == "Loopwise"
    assert latest_draft(store, services.new_token()) is None


def test_a_draft_remembers_the_scenario_version_it_was_opened_from(store):
    saved = save_scenario(store, "Plan", STARTUP)

    draft_id = save_draft(store, with_hire(STARTUP), scenario_id=saved.id, base_version=1)

    draft = latest_draft(store, draft_id)
    assert (draft.scenario_id, draft.base_version) == (saved.id, 1)
    services.discard_draft(store, draft_id)
    assert latest_draft(store, draft_id) is None


def test_a_large_roster_survives_a_round_trip(store):
    people = tuple(
        make_person(f"Person {i}", team=f"Team {i % 5}", ml_engineer=0.5) for i in range(300)
    )
    roster = Roster(people=people)

    save_scenario(store, "Big", roster)

    assert open_scenario(store, "Big").roster == roster


def test_an_empty_roster_can_be_saved(store):
    save_scenario(store, "Empty", make_roster())

    assert open_scenario(store, "Empty").roster == make_roster()
