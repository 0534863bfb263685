"""Today's date, as the app judges review dates by: the one place that reads the clock.

``TEAMBUILDER_TODAY`` (an ISO date, ``2027-03-01``) moves the app's day, so a room can
rehearse what comes back after a review date, and tests can check it in a real browser.
A value that is not a date is ignored (the system's day is used) and :func:`problem`
says why, so no page fails over it.
"""

from __future__ import annotations

import logging
import os
from datetime import date

TODAY_ENV = "TEAMBUILDER_TODAY"
_log = logging.getLogger(__name__)


def problem() -> str | None:
    """Why ``TEAMBUILDER_TODAY`` is ignored, or None when it is unset or a date."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if not given:
        return None
    try:
        date.fromisoformat(given)
    except ValueError:
        return (
            f"{TODAY_ENV}={given!r} is not a date, so today's date is used; "
            "write it as 2027-03-01 or leave it unset"
        )
    return None


def today() -> date:
    """The app's day: ``TEAMBUILDER_TODAY`` if set to an ISO date, else the system's."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if given:
        try:
            return date.fromisoformat(given)
        except ValueError:
            _log.warning("%s", problem())
    return date.today()
