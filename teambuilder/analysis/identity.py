"""Warning identity: when a warning with some people away is 'the same' as one without."""

from __future__ import annotations

import hashlib

from teambuilder.models import Report, RuleWarning, TeamReport
from teambuilder.rules.base import Finding

WarningKey = tuple[object, ...]


def warning_key(team: str | None, factor: int, warning: RuleWarning | Finding) -> WarningKey:
    """A warning's identity: its team, code, positions, people and teams.

    The bus factor warning is the exception: its people change with every absence, so
    it is the same warning while the factor is the same (a worse factor is new).
    ``team`` None: a warning across teams.
    """
    if team is not None and warning.code == "TEAM_BUS_FACTOR":
        return (team, warning.code, factor)
    return (team or "", warning.code, warning.positions, warning.people, warning.teams)


def key_in(team: TeamReport | None, warning: RuleWarning) -> WarningKey:
    """The identity of a warning of a report (``team`` None: across teams)."""
    if team is None:
        return warning_key(None, 0, warning)
    return warning_key(team.team, team.bus_factor, warning)


def report_keys(report: Report) -> set[WarningKey]:
    keys = {key_in(t, w) for t in report.teams for w in t.warnings}
    keys |= {key_in(None, w) for w in report.warnings}
    return keys


def subject_key(team: str, warning: RuleWarning) -> str:
    """A short, stable name for 'this warning of this team', for what people attach to a
    warning across edits and reruns: votes on it, accepting it as a risk.

    Made of the code, the positions and the people; the bus factor warning by its code
    alone, since its people and positions change with every absence.
    """
    if warning.code == "TEAM_BUS_FACTOR":
        parts = [team, warning.code]
    else:
        parts = [team, warning.code, ",".join(warning.positions), ",".join(warning.people)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{warning.code}:{digest}"
