"""The one Chromium search every export makes (kaleido's images, the PDF, the app's check).

Debian's ``/usr/bin/chromium`` is found on the PATH; ``BROWSER_PATH`` overrides the search
(kaleido's own launcher reads the same variable), and a ``BROWSER_PATH`` that names no
program means "no Chromium", not "look elsewhere".
"""

from __future__ import annotations

import os
import shutil

__all__ = [
    "CHROMIUM_ARGS",
    "CHROMIUM_MISSING",
    "ExportError",
    "chromium_available",
    "find_chromium",
]

CHROMIUM_MISSING = "image export needs Chromium: apt-get install chromium"
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags Debian's Chromium needs on these machines: as root, with no GPU, no network.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class ExportError(Exception):
    """An export could not be made (no Chromium, a browser that failed, an unknown team)."""


def find_chromium() -> str:
    """The Chromium program to run; ``ExportError`` (with the fix) when there is none."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        if shutil.which(override):
            return override
        raise ExportError(CHROMIUM_MISSING)
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ExportError(CHROMIUM_MISSING)


def chromium_available() -> bool:
    """Whether images and PDFs can be made here (the same search the exports make)."""
    try:
        find_chromium()
    except ExportError:
        return False
    return True
