"""Migration 0004 on both engines: a database of 0003 with saved work keeps all of it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, inspect, text

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster, roster_to_json
from teambuilder.services import latest_draft, open_scenario
from teambuilder.store import open_store
from teambuilder.store.database import current_revision, migrate

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")


def columns(engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def test_work_saved_before_0004_opens_after_it_with_no_rules_and_no_tables(database_url):
    engine = create_engine(database_url)
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    try:
        migrate(engine, "0003")
        assert "rules_toml" not in columns(engine, "scenario_versions")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO scenarios (id, name, created_at, updated_at, latest_version,"
                    " view_token, edit_token) VALUES (1, :name, :when, :when, 1, 'v1', 'e1')"
                ),
                {"name": "Before 0004", "when": when},
            )
            connection.execute(
                text(
                    "INSERT INTO scenario_versions (scenario_id, number, created_at, note,"
                    " roster_json, away_json, summary_json)"
                    " VALUES (1, 1, :when, '', :roster, '[]', '{}')"
                ),
                {"when": when, "roster": roster_to_json(STARTUP)},
            )
            connection.execute(
                text(
                    "INSERT INTO drafts (id, updated_at, roster_json, away_json, team, label)"
                    " VALUES ('d1', :when, :roster, '[]', 'Loopwise', 'Old draft')"
                ),
                {"when": when, "roster": roster_to_json(STARTUP)},
            )

        migrate(engine, "0004")

        assert current_revision(engine) == "0004"
        assert "rules_toml" in columns(engine, "scenario_versions")
        assert "tables_json" in columns(engine, "drafts")
    finally:
        engine.dispose()
    store = open_store(database_url)
    try:
        opened = open_scenario(store, "Before 0004")
        draft = latest_draft(store, "d1")
    finally:
        store.close()
    assert opened.roster == STARTUP
    assert opened.rules_toml is None  # saved before rules were kept: today's rules apply
    assert draft is not None and draft.roster == STARTUP
    assert draft.tables is None
