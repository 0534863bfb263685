"""The server settings a roster of real names relies on, as .streamlit/config.toml has them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from teambuilder.roster_io import MAX_BYTES

CONFIG = tomllib.loads(
    (Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text()
)


def test_the_app_listens_on_this_machine_only_unless_told_otherwise() -> None:
    server = CONFIG["server"]

    assert server["address"] == "localhost"
    assert set(server["allowedHosts"]) == {"localhost", "127.0.0.1"}


def test_xsrf_and_cors_protection_stay_on() -> None:
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_the_upload_limit_is_the_readers_limit() -> None:
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
