"""Shared fixtures: the scenario databases, SQLite and a real PostgreSQL, never a mock.

PostgreSQL comes from ``TEAMBUILDER_TEST_POSTGRES_URL`` when set (``.ci/run`` starts one);
otherwise the session starts its own throwaway server with Debian's initdb and pg_ctl (as
the ``postgres`` user when run as root) and stops it at the end. If it cannot start, the
tests that need it fail: PostgreSQL is never skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL_ENV = "TEAMBUILDER_TEST_POSTGRES_URL"
PG_BIN = Path(os.environ.get("TEAMBUILDER_PG_BIN", "/usr/lib/postgresql/15/bin"))
ENGINES = ["sqlite", "postgresql"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        server_log = log.read_text(errors="replace") if log and log.exists() else ""
        pytest.fail(
            f"PostgreSQL could not {what} ({' '.join(command)}):\n{result.stdout}\n"
            f"{result.stderr}\n{server_log}",
            pytrace=False,
        )


@pytest.fixture(scope="session", autouse=True)
def _scenario_database_of_the_test_session(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """The app and the command line, started by any test, save into a throwaway file."""
    path = tmp_path_factory.mktemp("scenarios") / "scenarios.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEAMBUILDER_DATABASE_URL", f"sqlite:///{path}")
        yield


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database (``postgres``)."""
    given = os.environ.get(POSTGRES_URL_ENV)
    if given:
        yield given
        return
    if not (PG_BIN / "initdb").exists():
        pytest.fail(
            f"{PG_BIN}/initdb is missing: the storage tests need PostgreSQL "
            f"(apt-get install postgresql), or set {POSTGRES_URL_ENV}",
            pytrace=False,
        )
    folder = Path(tempfile.mkdtemp(prefix="teambuilder-pg-"))
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    data, log = folder / "db", folder / "log"
    port = int(os.environ.get("TEAMBUILDER_TEST_POSTGRES_PORT") or _free_port())
    pg_ctl = [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(log)]
    started = False
    try:
        _run(
            [*prefix, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
            "initialise a data folder",
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run([*pg_ctl, "-o", options, "start"], "start", log)
        started = True
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run([*pg_ctl, "-m", "fast", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the server for one test, dropped afterwards."""
    name = f"tb_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each engine: an SQLite file, a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
    url: str = request.getfixturevalue("postgres_database")
    return url
