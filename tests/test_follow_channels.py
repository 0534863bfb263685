"""Follow channels in the database (0005), on SQLite and PostgreSQL: what a second screen reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text, update

from teambuilder.catalogue import EXAMPLES_DIR
from teambuilder.roster_io import load_roster, roster_to_json
from teambuilder.services import (
    CHANNEL_SWEEP,
    channel_version,
    new_token,
    publish_channel,
    read_channel,
)
from teambuilder.store import NotFound, open_store
from teambuilder.store.database import alembic_config, current_revision, migrate
from teambuilder.store.orm import FollowChannelRow

STARTUP = load_roster(EXAMPLES_DIR / "startup_hero.csv")
ENTERPRISE = load_roster(EXAMPLES_DIR / "healthy_medium.json")


@pytest.fixture
def store(database_url):
    opened = open_store(database_url)
    yield opened
    opened.close()


def updated_at(store, channel_id: str) -> datetime:
    with store.engine.connect() as connection:
        found = connection.execute(
            text("SELECT updated_at FROM follow_channels WHERE id = :id"), {"id": channel_id}
        ).scalar_one()
    return found


def test_a_published_channel_reads_back_as_it_was_written(store):
    channel = new_token()
    away = ("Meghan Okafor",)

    version = publish_channel(store, channel, STARTUP, "Loopwise", away, 2)
    found = read_channel(store, channel)

    assert version == 1
    assert found is not None
    assert found.roster == STARTUP
    assert (found.team, found.away, found.step, found.version) == ("Loopwise", away, 2, 1)
    assert channel_version(store, channel) == 1


def test_the_version_moves_only_when_something_changed(store):
    channel = new_token()
    assert publish_channel(store, channel, STARTUP, "Loopwise", (), 0) == 1
    written = updated_at(store, channel)

    assert publish_channel(store, channel, STARTUP, "Loopwise", (), 0) == 1
    assert updated_at(store, channel) == written  # nothing changed: nothing written
    assert publish_channel(store, channel, STARTUP, "Loopwise", (), 1) == 2  # the step
    assert publish_channel(store, channel, STARTUP, "Loopwise", ("Meghan Okafor",), 1) == 3
    assert publish_channel(store, channel, ENTERPRISE, "Loopwise", ("Meghan Okafor",), 1) == 4
    found = read_channel(store, channel)
    assert found is not None and found.roster == ENTERPRISE and found.version == 4


def test_channels_are_apart_and_an_unknown_one_reads_as_none(store):
    first, second = new_token(), new_token()
    publish_channel(store, first, STARTUP, "Loopwise", (), 0)
    publish_channel(store, second, ENTERPRISE, "Platform", (), 3)
    publish_channel(store, second, ENTERPRISE, "Platform", (), 4)

    assert channel_version(store, first) == 1 and channel_version(store, second) == 2
    assert read_channel(store, new_token()) is None
    assert channel_version(store, new_token()) is None
    assert read_channel(store, "x" * 10_000) is None  # a hostile link: refused, not queried
    assert channel_version(store, "") is None


def test_a_channel_id_the_app_does_not_make_is_not_written(store):
    with pytest.raises(NotFound):
        publish_channel(store, "x" * 65, STARTUP, "Loopwise", (), 0)


def test_a_second_store_on_the_same_database_sees_the_channel(database_url, store):
    channel = new_token()
    publish_channel(store, channel, STARTUP, "Loopwise", (), 5)
    other = open_store(database_url)  # another server process behind the proxy
    try:
        assert channel_version(other, channel) == 1
        publish_channel(store, channel, STARTUP, "Loopwise", (), 6)
        found = read_channel(other, channel)
    finally:
        other.close()
    assert found is not None and found.step == 6 and found.version == 2


def age(store, channel_id: str, hours: float) -> None:
    when = datetime.now(UTC) - timedelta(hours=hours)
    with store.engine.begin() as connection:  # typed like the app writes it, on each engine
        connection.execute(
            update(FollowChannelRow)
            .where(FollowChannelRow.id == channel_id)
            .values(updated_at=when)
        )


def test_a_new_channel_deletes_old_ones_a_bounded_number_at_a_time(store):
    old = [new_token() for _ in range(CHANNEL_SWEEP + 3)]
    recent = new_token()
    for channel in [*old, recent]:
        publish_channel(store, channel, STARTUP, "Loopwise", (), 0)
    for channel in old:
        age(store, channel, 13)
    age(store, recent, 11)  # under 12 hours: kept

    publish_channel(store, new_token(), STARTUP, "Loopwise", (), 0)
    left = [c for c in old if channel_version(store, c) is not None]
    assert len(left) == 3  # one sweep deletes at most CHANNEL_SWEEP
    assert channel_version(store, recent) == 1

    publish_channel(store, new_token(), STARTUP, "Loopwise", (), 0)
    assert [c for c in old if channel_version(store, c) is not None] == []
    assert channel_version(store, recent) == 1


def test_publishing_into_an_existing_channel_deletes_nothing(store):
    stale = new_token()
    publish_channel(store, stale, STARTUP, "Loopwise", (), 0)
    age(store, stale, 13)
    live = new_token()
    publish_channel(store, live, STARTUP, "Loopwise", (), 0)  # new: sweeps the stale one
    assert channel_version(store, stale) is None
    again = new_token()
    publish_channel(store, again, STARTUP, "Loopwise", (), 0)
    age(store, again, 13)
    publish_channel(store, live, STARTUP, "Loopwise", (), 1)  # a write, not a new channel
    assert channel_version(store, again) == 1


def test_migration_0005_adds_the_channel_table_to_a_database_of_0004_and_goes_back(database_url):
    engine = create_engine(database_url)
    try:
        migrate(engine, "0004")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO drafts (id, updated_at, roster_json, away_json, team, label)"
                    " VALUES ('d1', :when, :roster, '[]', 'Loopwise', 'Kept')"
                ),
                {"when": datetime.now(UTC), "roster": roster_to_json(STARTUP)},
            )
        assert "follow_channels" not in inspect(engine).get_table_names()
        migrate(engine, "0005")
        assert current_revision(engine) == "0005"
        columns = {c["name"] for c in inspect(engine).get_columns("follow_channels")}
        assert columns == {
            "id",
            "roster_json",
            "team",
            "away_json",
            "step",
            "version",
            "updated_at",
        }
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        assert "follow_channels" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT label FROM drafts")).scalar_one() == "Kept"
    finally:
        engine.dispose()
