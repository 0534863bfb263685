"""The database: which one, bringing it up to date on start, and the unit of work.

The default is an SQLite file created on first run; ``TEAMBUILDER_DATABASE_URL`` (or the
app's Streamlit secret of that name) points the app and the command line elsewhere, for
instance ``postgresql+psycopg://user:password@host:5432/teambuilder``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from teambuilder.store.errors import StoreError, StoreUnavailable
from teambuilder.store.repository import ScenarioRepository
from teambuilder.store.workshops import WorkshopRepository

DATABASE_URL_ENV = "TEAMBUILDER_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_MS = 5_000  # how long a write waits for another writer before giving up
PG_CONNECT_SECONDS = 5
_MIGRATION_LOCK = 4_242_001  # PostgreSQL advisory lock: one server migrates at a time


def default_sqlite_path() -> Path:
    """Where the app keeps scenarios when nothing is configured (XDG data folder)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "mlops-team-builder" / "scenarios.sqlite3"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: given, else ``TEAMBUILDER_DATABASE_URL``, else the default file."""
    chosen = explicit or os.environ.get(DATABASE_URL_ENV)
    return chosen or f"sqlite:///{default_sqlite_path()}"


def describe(url: str | URL) -> str:
    """A database named for people, never with its password."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "the configured database"
    if parsed.get_backend_name() == "sqlite":
        return f"the SQLite file {parsed.database or '(in memory)'}"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"
    return f"the {parsed.get_backend_name()} database at {where}"


def reason(error: BaseException) -> str:
    """The driver's own words, first line only (no SQL, no parameters)."""
    original = getattr(error, "orig", None) or error
    words = str(original).strip().splitlines()
    return words[0] if words else type(original).__name__


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy say when a transaction begins (see _sqlite_begin): Python's sqlite3
    # would otherwise run DDL outside any transaction, so a failed migration would stay
    # half applied (SQLAlchemy's documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_MS)}")
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL: readers never wait for the writer, and a killed process leaves every committed
    # transaction intact; NORMAL syncs at checkpoints, safe against a crash of the app.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE: take the write lock up front, so two writers queue (busy_timeout) instead
    # of one failing when it turns a read into a write.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class UnitOfWork:
    """One transaction: ``with store.unit_of_work() as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` rolls everything back. Database failures
    inside come out as :class:`StoreUnavailable` with a message for people.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self.session: Session = store.sessions()
        self.scenarios = ScenarioRepository(self.session)
        self.workshops = WorkshopRepository(self.session)

    def __enter__(self) -> UnitOfWork:
        return self

    def commit(self) -> None:
        self.session.commit()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
            self.session.close()
        except SQLAlchemyError:
            pass  # the connection is gone; the error that follows says why
        if isinstance(error, SQLAlchemyError):
            raise self._store.unavailable(error) from error


class Store:
    """A database brought up to date, ready for units of work."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        return describe(self.engine.url)

    def unavailable(self, error: BaseException) -> StoreUnavailable:
        return StoreUnavailable(f"{self.describe()} cannot be used: {reason(error)}")

    def unit_of_work(self) -> UnitOfWork:
        try:
            return UnitOfWork(self)
        except SQLAlchemyError as error:
            raise self.unavailable(error) from error

    def close(self) -> None:
        self.engine.dispose()


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(
            f"{parsed.get_backend_name()} is not supported; only SQLite and PostgreSQL are"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3, not psycopg2
    return create_engine(
        parsed, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_SECONDS}
    )


def alembic_config(migrations: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    return config


def head_revision(migrations: Path = MIGRATIONS) -> str | None:
    return ScriptDirectory.from_config(alembic_config(migrations)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, target: str = "head", migrations: Path = MIGRATIONS) -> None:
    """Bring the schema to ``target`` in one transaction (all migrations or none)."""
    config = alembic_config(migrations)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def open_store(url: str | None = None, *, migrations: Path = MIGRATIONS) -> Store:
    """Connect, migrate to the latest schema, and return the store.

    Raises :class:`StoreUnavailable` with a message for people when the URL is wrong, the
    server is down, the file is not a database or is locked, or a migration fails.
    """
    chosen = database_url(url)
    try:
        engine = _engine(chosen)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as error:
        raise StoreUnavailable(
            f"the database address {describe(chosen)} is not usable: {reason(error)}. "
            "Use sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user@host:port/name"
        ) from None
    try:
        migrate(engine, migrations=migrations)
    except CommandError as error:
        engine.dispose()
        raise StoreUnavailable(
            f"{describe(chosen)} cannot be brought up to date: {reason(error)} "
            "(was it written by a newer version of MLOps Team Builder?)"
        ) from error
    except (DBAPIError, SQLAlchemyError, sqlite3.Error) as error:
        engine.dispose()
        raise StoreUnavailable(f"{describe(chosen)} cannot be used: {reason(error)}") from error
    return Store(chosen, engine)


@contextmanager
def opened(url: str | None = None) -> Iterator[Store]:
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()


__all__ = [
    "DATABASE_URL_ENV",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UnitOfWork",
    "current_revision",
    "database_url",
    "default_sqlite_path",
    "describe",
    "head_revision",
    "migrate",
    "open_store",
    "opened",
]
