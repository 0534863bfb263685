"""Join codes: short, unguessable enough with the rate limit, and easy to read aloud."""

from __future__ import annotations

import io
import secrets
import time
from collections import deque
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno

from teambuilder.workshop.models import WorkshopLimits


class JoinCodeError(ValueError):
    """A typed join code that cannot be one (wrong length or characters)."""


def new_join_code(limits: WorkshopLimits) -> str:
    alphabet = limits.join_code_alphabet
    return "".join(secrets.choice(alphabet) for _ in range(limits.join_code_length))


def normalise_join_code(text: str, limits: WorkshopLimits) -> str:
    """What a person typed (any case, spaces or dashes) as a code, or a clear refusal."""
    code = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    if len(code) != limits.join_code_length:
        raise JoinCodeError(
            f"a join code has {limits.join_code_length} characters; {len(code)} were given"
        )
    wrong = sorted({ch for ch in code if ch not in limits.join_code_alphabet})
    if wrong:
        raise JoinCodeError(
            "a join code uses only the letters and digits "
            f"{' '.join(limits.join_code_alphabet)}; not {' '.join(wrong)}"
        )
    return code


class JoinRateLimiter:
    """Counts wrong join attempts per browser and across the server, in a sliding window.

    Only failures count: a room of thirty people typing the right code is never slowed.
    """

    def __init__(self, limits: WorkshopLimits, clock: Callable[[], float] = time.monotonic):
        self._per_client = limits.join_attempts_per_window
        self._per_server = limits.join_attempts_per_window_server
        self._window = limits.join_window_seconds
        self._clock = clock
        self._client_failures: dict[str, deque[float]] = {}
        self._server_failures: deque[float] = deque()

    def _trim(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self._window:
            times.popleft()

    def allowed(self, client: str) -> bool:
        now = self._clock()
        self._trim(self._server_failures, now)
        mine = self._client_failures.get(client)
        if mine is not None:
            self._trim(mine, now)
            if not mine:
                del self._client_failures[client]
                mine = None
        if len(self._server_failures) >= self._per_server:
            return False
        return mine is None or len(mine) < self._per_client

    def record_failure(self, client: str) -> None:
        now = self._clock()
        self._client_failures.setdefault(client, deque()).append(now)
        self._server_failures.append(now)
        if len(self._client_failures) > 10 * self._per_server:
            # Bounded memory: forget clients whose failures are all outside the window.
            for key in [k for k, v in self._client_failures.items() if v[-1] <= now - self._window]:
                del self._client_failures[key]

    def seconds_until_allowed(self, client: str) -> float:
        """How long a refused browser waits before it may try again."""
        now = self._clock()
        waits = [0.0]
        mine = self._client_failures.get(client)
        if mine is not None:
            self._trim(mine, now)
            if len(mine) >= self._per_client:
                waits.append(mine[0] + self._window - now)
        self._trim(self._server_failures, now)
        if len(self._server_failures) >= self._per_server:
            waits.append(self._server_failures[0] + self._window - now)
        return max(waits)


JOIN_PARAM = "join"


def join_link(base_url: str, code: str) -> str:
    """The address a phone opens: the participants' server with ``?join=CODE``."""
    parts = urlsplit(base_url.strip() or "http://localhost:8501")
    return urlunsplit(
        (parts.scheme or "http", parts.netloc, parts.path or "/", urlencode({JOIN_PARAM: code}), "")
    )


def qr_png(text: str, scale: int = 8) -> bytes:
    """A QR code of ``text`` as PNG bytes (segno writes PNG without Pillow)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
