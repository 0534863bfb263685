"""A real ``streamlit run app.py`` on 127.0.0.1, for the browser tests and the benchmarks.

One place for what they all did by hand: the command line, starting the process, waiting
for ``/_stcore/health`` to answer ``ok``, and stopping it (terminate, then kill)::

    with StreamlitServer(free_port(), env=env) as server:  # started and healthy
        page.goto(server.url)

A server that exits or does not answer in time raises :class:`ServerDidNotStart`, whose
message carries the server's log when it keeps one (``keep_log=True``, the default; the
benchmarks pass ``keep_log=False`` and the output goes to ``/dev/null``). The pytest
fixtures turn it into ``pytest.fail`` (``fail_if_it_does_not_start`` in
``tests/browser/conftest.py``), the benchmarks into an exit with the message
(:func:`exit_if_it_does_not_start`).

Imported from ``tests/`` and from ``benchmarks/`` (which put the repository root on
``sys.path``); it needs nothing but the standard library.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, NoReturn

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT = 120.0  # seconds: the first start on a loaded 2-core machine is slow
STOP_TIMEOUT = 10.0  # seconds to wait after terminate (then after kill)
POLL_SECONDS = 0.2
STREAMLIT = ("-m", "streamlit")  # what follows the interpreter, before "run"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def is_healthy(url: str) -> bool:
    """Whether the server at ``url`` (no trailing slash) answers ``ok`` on its health path."""
    try:
        with urllib.request.urlopen(f"{url}{HEALTH_PATH}", timeout=2) as response:
            return bool(response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


def stop_process(proc: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """Terminate ``proc``, then kill it if it has not exited within ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def streamlit_command(
    port: int,
    script: str = "app.py",
    *,
    extra_flags: Sequence[str] = (),
    launcher: Sequence[str] = STREAMLIT,
) -> list[str]:
    """``python -m streamlit run SCRIPT`` headless on 127.0.0.1:PORT, no file watcher.

    ``launcher`` replaces ``-m streamlit``: e.g. ``[".../memory_probe.py", folder]``, a
    script that runs Streamlit's command line in its own process.
    """
    return [
        sys.executable, *launcher, "run", script,
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", HOST, "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *extra_flags,
    ]  # fmt: skip


class ServerDidNotStart(RuntimeError):
    """The server exited or did not answer its health check in time; the message has its log."""


@contextlib.contextmanager
def exit_if_it_does_not_start() -> Iterator[None]:
    """For scripts: a server that does not start ends the script with the message, no traceback."""
    try:
        yield
    except ServerDidNotStart as error:
        raise SystemExit(str(error)) from None


class StreamlitServer:
    """One Streamlit server process: ``start()`` waits until healthy; ``stop()``; ``kill()``.

    ``start()`` may be called again after ``stop()`` or ``kill()``: the same port, the same
    environment. As a context manager it starts on entry and stops on exit.
    """

    def __init__(
        self,
        port: int,
        script: str = "app.py",
        *,
        env: Mapping[str, str] | None = None,
        extra_flags: Sequence[str] = (),
        launcher: Sequence[str] = STREAMLIT,
        cwd: Path = ROOT,
        keep_log: bool = True,
        start_timeout: float = START_TIMEOUT,
        stop_timeout: float = STOP_TIMEOUT,
    ) -> None:
        self.port = port
        self.command = streamlit_command(port, script, extra_flags=extra_flags, launcher=launcher)
        self.env = dict(env) if env is not None else None  # None: this process's environment
        self.cwd = cwd
        self.keep_log = keep_log
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._launched_at = 0.0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server is not started"
        return self.process.pid

    def start(self) -> None:
        """Start the process and wait until it is healthy (see :meth:`wait_until_healthy`)."""
        self.launch()
        self.wait_until_healthy()

    def launch(self) -> None:
        """Start the process without waiting (to start several servers side by side)."""
        self._close_log()
        self._log = tempfile.TemporaryFile() if self.keep_log else None  # noqa: SIM115
        output: IO[bytes] | int = self._log if self._log is not None else subprocess.DEVNULL
        self.process = subprocess.Popen(
            self.command, cwd=self.cwd, env=self.env, stdout=output, stderr=subprocess.STDOUT
        )
        self._launched_at = time.monotonic()

    def wait_until_healthy(self, deadline: float | None = None) -> None:
        """Poll the health path until ``ok``, by ``deadline`` (``time.monotonic()``).

        Without a deadline: ``start_timeout`` seconds from now. Raises
        :class:`ServerDidNotStart` (and stops the process) if it exits or does not answer.
        """
        assert self.process is not None, "launch() first"
        if deadline is None:
            deadline = time.monotonic() + self.start_timeout
        while not is_healthy(self.url):
            if self.process.poll() is not None:
                self._fail(f"exited with code {self.process.returncode}")
            if time.monotonic() > deadline:
                waited = time.monotonic() - self._launched_at
                self._fail(f"did not answer within {waited:.0f} s")
            time.sleep(POLL_SECONDS)

    def log_text(self) -> str:
        """What the server printed so far ("" when ``keep_log`` is off)."""
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self) -> None:
        """Terminate, then kill after ``stop_timeout`` seconds; closes the log."""
        if self.process is not None:
            stop_process(self.process, self.stop_timeout)
        self._close_log()

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, as when a machine or a container dies."""
        assert self.process is not None, "the server is not started"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=self.stop_timeout)
        self._close_log()

    def __enter__(self) -> StreamlitServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _fail(self, reason: str) -> NoReturn:
        log = self.log_text() if self.keep_log else "(not kept: keep_log=False)"
        self.stop()
        raise ServerDidNotStart(
            f"Streamlit server at {self.url} {reason}: {' '.join(self.command)}\n"
            f"--- server log ---\n{log}"
        )

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
