"""The store on both engines: migrations from empty, schema drift, and faults in words."""

from __future__ import annotations

import shutil
import socket
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster
from teambuilder.services import list_scenarios, open_scenario, save_scenario
from teambuilder.store import StoreUnavailable, database, open_store
from teambuilder.store.database import MIGRATIONS, alembic_config, current_revision, migrate
from teambuilder.store.orm import Base

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
TABLES_AFTER = {
    "0001": {"scenarios", "scenario_versions"},
    "0002": {"drafts"},
    "0003": {"workshops", "workshop_participants", "workshop_votes"},
    "0004": set(),  # columns only: scenario_versions.rules_toml, drafts.tables_json
    "0005": {"follow_channels"},
}
HEAD = "0005"


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_the_migrations_form_one_line_from_empty_to_head():
    assert revisions() == list(TABLES_AFTER)
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD]


def test_every_migration_applies_in_turn_on_an_empty_database(database_url):
    engine = create_engine(database_url)
    expected: set[str] = set()
    try:
        for revision in revisions():
            migrate(engine, revision)

            expected |= TABLES_AFTER[revision]
            assert current_revision(engine) == revision
            assert tables(database_url) == expected
    finally:
        engine.dispose()


def test_downgrading_to_empty_and_up_again_works(database_url):
    engine = create_engine(database_url)
    try:
        migrate(engine)
        with engine.begin() as connection:
            connection.execute(text("SELECT 1"))
        from alembic import command

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert tables(database_url) == set()
        migrate(engine)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_the_migrated_schema_matches_the_mapped_tables(database_url):
    engine = create_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()

    assert differences == []


def test_opening_again_keeps_what_was_saved_and_changes_no_schema(database_url):
    first = open_store(database_url)
    save_scenario(first, "Kept", STARTUP)
    first.close()

    second = open_store(database_url)
    try:
        assert [s.name for s in list_scenarios(second)] == ["Kept"]
        assert current_revision(second.engine) == HEAD
    finally:
        second.close()


def test_a_failing_migration_is_explained_and_leaves_the_database_as_it_was(database_url, tmp_path):
    open_store(database_url).close()  # at the head, with every table
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, broken)
    (broken / "versions" / "9999_broken.py").write_text(
        '"""A migration that fails halfway."""\n'
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999'\ndown_revision = '{HEAD}'\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n"
        "    op.create_table('half_done', sa.Column('id', sa.Integer, primary_key=True))\n"
        "    op.execute('SELECT no_such_column FROM scenarios')\n"
        "def downgrade():\n    pass\n"
    )

    with pytest.raises(StoreUnavailable, match=r"cannot be used: .*no_such_column"):
        open_store(database_url, migrations=broken)

    assert "half_done" not in tables(database_url)
    store = open_store(database_url)
    try:
        assert current_revision(store.engine) == HEAD
    finally:
        store.close()


def test_a_database_from_a_newer_version_of_the_app_is_explained(database_url):
    open_store(database_url).close()
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()

    with pytest.raises(StoreUnavailable, match="newer version of MLOps Team Builder"):
        open_store(database_url)


def test_an_sqlite_file_that_is_not_a_database_is_explained(tmp_path):
    path = tmp_path / "scenarios.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a database\n" * 200)

    with pytest.raises(StoreUnavailable) as refused:
        open_store(f"sqlite:///{path}")

    assert str(refused.value) == (f"the SQLite file {path} cannot be used: file is not a database")


def test_a_damaged_sqlite_file_is_explained_when_it_is_read(tmp_path):
    path = tmp_path / "scenarios.sqlite3"
    store = open_store(f"sqlite:///{path}")
    for index in range(30):
        save_scenario(store, f"Plan {index}", STARTUP)
    store.close()
    data = bytearray(path.read_bytes())
    data[4096 : len(data)] = b"\xff" * (len(data) - 4096)  # every page after the first
    path.write_bytes(bytes(data))

    with pytest.raises(StoreUnavailable, match=r"cannot be used: .*(malformed|not a database)"):
        store = open_store(f"sqlite:///{path}")
        list_scenarios(store)


def test_a_locked_sqlite_file_is_explained_and_saving_works_once_it_is_free(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "SQLITE_BUSY_MS", 200)
    path = tmp_path / "scenarios.sqlite3"
    store = open_store(f"sqlite:///{path}")
    save_scenario(store, "Before", STARTUP)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable, match="cannot be used: database is locked"):
            save_scenario(store, "During", STARTUP)
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    save_scenario(store, "After", STARTUP)
    assert {s.name for s in list_scenarios(store)} == {"Before", "After"}
    store.close()


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket closes


def test_a_postgresql_server_that_is_down_is_explained_without_the_password():
    port = _closed_port()
    url = f"postgresql+psycopg://planner:s3cret-pw@127.0.0.1:{port}/teambuilder"

    with pytest.raises(StoreUnavailable) as refused:
        open_store(url)

    message = str(refused.value)
    assert message.startswith(f"the postgresql database at 127.0.0.1:{port}/teambuilder cannot")
    assert "s3cret-pw" not in message
    assert "refused" in message.lower() or "connect" in message.lower()


def test_a_server_that_goes_down_after_start_gives_a_message_on_the_next_save(
    postgres_database,
):
    store = open_store(postgres_database)
    save_scenario(store, "Before", STARTUP)
    admin = create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # cut every other connection, as a restart would
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    admin.dispose()

    # pool_pre_ping reconnects: the server is back, so the save simply works.
    save_scenario(store, "After", STARTUP)
    assert open_scenario(store, "After").version == 1
    store.close()


@pytest.mark.parametrize(
    "url",
    ["mysql://nobody@127.0.0.1/x", "not a url at all", "postgresql+nodriver://x@127.0.0.1/y"],
)
def test_an_unusable_database_address_is_explained(url):
    with pytest.raises(StoreUnavailable, match="is not usable"):
        open_store(url)


def test_the_default_database_is_an_sqlite_file_created_on_first_open(tmp_path, monkeypatch):
    monkeypatch.delenv(database.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "mlops-team-builder" / "scenarios.sqlite3"

    store = open_store()
    store.close()

    assert database.database_url() == f"sqlite:///{expected}"
    assert expected.exists()


def test_the_environment_variable_picks_the_database(tmp_path, monkeypatch):
    chosen = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv(database.DATABASE_URL_ENV, f"sqlite:///{chosen}")

    open_store().close()

    assert Path(chosen).exists()
