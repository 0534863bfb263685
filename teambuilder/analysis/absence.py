"""Absence attribution: which of a team's absences each of its warnings depends on.

An absence can change only the teams the absent person belongs to, so a team is
compared with itself alone: with nobody away, and with each of its own absent members
back. The caller says how to get a team's warning identities for a set of absences.
"""

from __future__ import annotations

from collections.abc import Callable

from teambuilder.analysis.identity import WarningKey, key_in
from teambuilder.models import TeamReport

KeysWithout = Callable[[set[str]], set[WarningKey]]


def attributed(report: TeamReport, away: set[str], keys_with: KeysWithout) -> TeamReport:
    """``report`` (the team with ``away`` gone) with each warning naming the absences
    without which it would not be raised. ``keys_with(absent)``: the team's warning
    identities with only ``absent`` gone."""
    if not away:
        return report
    baseline = keys_with(set())
    if len(away) == 1:
        without_one = {name: baseline for name in away}
    else:
        without_one = {name: keys_with(away - {name}) for name in away}

    def depends_on(key: WarningKey) -> tuple[str, ...]:
        if key in baseline:
            return ()
        needed = tuple(sorted(name for name in away if key not in without_one[name]))
        # No single absence is needed (any two of three holders away, say): all of the
        # team's absences together are.
        return needed or tuple(sorted(away))

    warnings = []
    for warning in report.warnings:
        absences = depends_on(key_in(report, warning))
        # Most warnings depend on no absence: they stay as they are, uncopied.
        warnings.append(warning.model_copy(update={"absences": absences}) if absences else warning)
    return report.model_copy(update={"warnings": tuple(warnings)})
