"""services.save_fix on both engines: an SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import pytest

from teambuilder import services
from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.fixes import suggest_fixes
from teambuilder.roster_io import load_roster
from teambuilder.scoring import score
from teambuilder.store import NameRejected, StaleVersion, Store, open_store

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")


@pytest.fixture
def store(database_url: str) -> Store:
    opened = open_store(database_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def fix():
    result = suggest_fixes(STARTUP, "Loopwise")
    assert result.proposal is not None and result.proposal.changes
    return result.proposal


def test_a_fix_saved_as_a_new_scenario_keeps_its_roster_and_its_changes_as_the_note(store, fix):
    sentences = [c.sentence for c in fix.changes]

    saved = services.save_fix(
        store, fix.roster, "Loopwise", sentences, new_name="After the fix", away=["Tom Becker"]
    )

    opened = services.open_scenario(store, "After the fix")
    assert (saved.version, opened.version) == (1, 1)
    assert opened.roster == fix.roster
    assert opened.away == ("Tom Becker",)
    assert sentences[0].endswith(".")
    assert opened.note == f"Suggested fix for Loopwise: {sentences[0]}"
    assert "OVERLOADED" not in [w.code for w in score(opened.roster).team("Loopwise").warnings]


def test_a_fix_saved_into_a_scenario_is_its_next_version(store, fix):
    services.save_scenario(store, "Plan", STARTUP)

    saved = services.save_fix(
        store, fix.roster, "Loopwise", ["A change."], scenario="Plan", base_version=1
    )

    assert saved.version == 2
    assert services.open_scenario(store, "Plan", 1).roster == STARTUP
    assert services.open_scenario(store, "Plan", 2).roster == fix.roster


def test_a_fix_based_on_a_version_that_moved_on_is_refused_and_nothing_is_saved(store, fix):
    services.save_scenario(store, "Plan", STARTUP)
    services.save_scenario(store, "Plan", STARTUP, base_version=1, note="someone else")

    with pytest.raises(StaleVersion, match="saved again since version 1"):
        services.save_fix(store, fix.roster, "Loopwise", [], scenario="Plan", base_version=1)

    assert sorted(v.number for v in services.history(store, "Plan")) == [1, 2]


def test_a_fix_saved_under_a_taken_name_is_refused(store, fix):
    services.save_scenario(store, "Plan", STARTUP)

    with pytest.raises(NameRejected, match="already a scenario called 'Plan'"):
        services.save_fix(store, fix.roster, "Loopwise", [], new_name="Plan")

    assert [v.number for v in services.history(store, "Plan")] == [1]


def test_a_long_list_of_changes_is_cut_to_the_length_a_note_holds():
    note = services.fix_note("Loopwise", ["Move some time from one person to another"] * 40)

    assert len(note) == services.FIX_NOTE_LENGTH
    assert note.startswith("Suggested fix for Loopwise: Move some time") and note.endswith("…")
