"""tests/servers.py without a browser: the command line, and a start that fails.

The processes are real (the interpreter with ``-c``, in place of ``-m streamlit``), so the
failures are the ones a broken app would give: an exit with its output, or no answer.
"""

from __future__ import annotations

import socket
import sys

import pytest

from tests.servers import (
    ServerDidNotStart,
    StreamlitServer,
    free_port,
    is_healthy,
    streamlit_command,
)


def test_the_command_serves_the_script_on_loopback_without_a_file_watcher():
    command = streamlit_command(8765, extra_flags=["--server.disconnectedSessionTTL", "10"])
    assert command[:5] == [sys.executable, "-m", "streamlit", "run", "app.py"]
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags == {
        "--server.headless": "true",
        "--server.port": "8765",
        "--server.address": "127.0.0.1",
        "--browser.gatherUsageStats": "false",
        "--server.fileWatcherType": "none",
        "--server.disconnectedSessionTTL": "10",
    }


def test_a_launcher_replaces_dash_m_streamlit():
    command = streamlit_command(8765, "other.py", launcher=["probe.py", "/tmp/folder"])
    assert command[:5] == [sys.executable, "probe.py", "/tmp/folder", "run", "other.py"]


def test_a_server_that_exits_raises_with_its_exit_code_and_its_log():
    server = StreamlitServer(
        free_port(), launcher=["-c", "print('no such app, sorry'); raise SystemExit(3)"]
    )
    with pytest.raises(ServerDidNotStart) as raised:
        server.start()
    message = str(raised.value)
    assert "exited with code 3" in message
    assert "no such app, sorry" in message.split("--- server log ---", 1)[1]


def test_a_server_that_never_answers_is_stopped_after_its_timeout():
    server = StreamlitServer(
        free_port(), launcher=["-c", "import time; time.sleep(60)"], start_timeout=0.5
    )
    with pytest.raises(ServerDidNotStart, match="did not answer within"):
        server.start()
    assert server.process is not None
    assert server.process.poll() is not None  # terminated, not left behind


def test_a_port_without_a_server_is_not_healthy():
    port = free_port()
    with socket.socket() as sock:  # the port is free: nothing answers there
        assert sock.connect_ex(("127.0.0.1", port)) != 0
    assert not is_healthy(f"http://127.0.0.1:{port}")
