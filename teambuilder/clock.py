"""Today's date, as the app judges review dates by: the one place that reads the clock.

``TEAMBUILDER_TODAY`` (an ISO date, ``2027-03-01``) moves the app's day, so a room can
rehearse what comes back after a review date, and tests can check it in a real browser.
"""

from __future__ import annotations

import os
from datetime import date

TODAY_ENV = "TEAMBUILDER_TODAY"


def today() -> date:
    """The app's day: ``TEAMBUILDER_TODAY`` if set to an ISO date, else the system's."""
    given = os.environ.get(TODAY_ENV, "").strip()
    if not given:
        return date.today()
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise ValueError(
            f"{TODAY_ENV}={given!r} is not a date; use the form 2027-03-01 or leave it unset"
        ) from None
