"""What can go wrong when scenarios are stored, in words for people (no SQLAlchemy here)."""

from __future__ import annotations


class StoreError(Exception):
    """A scenario could not be saved or read; ``str(error)`` is meant for people."""

    exit_code = 2  # the command line's exit code for this kind of problem


class StoreUnavailable(StoreError):
    """The database cannot be reached, read or brought up to date: saving is off."""

    exit_code = 4


class NotFound(StoreError):
    """No scenario (or version, or draft) by that name, link or number."""


class NameRejected(StoreError):
    """A scenario name that cannot be used: blank, too long, control characters, taken."""


class StaleVersion(StoreError):
    """A save based on a version that is no longer the latest: refused, never merged."""

    exit_code = 3

    def __init__(self, name: str, base: int, latest: int) -> None:
        self.name, self.base, self.latest = name, base, latest
        super().__init__(
            f"'{name}' was saved again since version {base} (it is at version {latest} now); "
            "saving would overwrite those changes. Save as a new branch, or reload the latest "
            "version and make your changes there."
        )
