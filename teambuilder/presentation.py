"""What a presenter steps through: the team's warnings, costliest first, and what each
points at on the pitch."""

from __future__ import annotations

from dataclasses import dataclass

from teambuilder.catalogue import catalogue
from teambuilder.models import SEVERITY_ORDER, RuleWarning, TeamReport


@dataclass(frozen=True, slots=True)
class RankedWarning:
    """A warning with the health points it costs (0 when its code is counted already)."""

    warning: RuleWarning
    points: int
    repeat: bool  # a code counted its allowed number of times already: costs nothing


def ranked_warnings(team_report: TeamReport) -> list[RankedWarning]:
    """The team's warnings, most health points first; then by severity, then as found.

    The health breakdown has one deduction per warning, in the same order (see
    ``scoring._health``); a deduction of 0 is a repeat the score does not count.
    """
    deductions = team_report.health_breakdown.deductions
    warnings = team_report.warnings
    penalty = catalogue().health.penalty
    paired = len(deductions) == len(warnings) and all(
        d.code == w.code for d, w in zip(deductions, warnings, strict=True)
    )
    ranked = []
    for index, warning in enumerate(warnings):
        points = deductions[index].points if paired else penalty.get(warning.severity, 0)
        repeat = paired and points == 0 and penalty.get(warning.severity, 0) > 0
        ranked.append((index, RankedWarning(warning, points, repeat)))
    ranked.sort(
        key=lambda item: (
            -item[1].points,
            SEVERITY_ORDER.index(item[1].warning.severity),
            item[0],
        )
    )
    return [entry for _, entry in ranked]


def step_of(count: int, step: int) -> int:
    """A step number kept inside 0..count-1 (0 when there is nothing to step through)."""
    return min(max(step, 0), count - 1) if count else 0


def points_words(entry: RankedWarning) -> str:
    """What a warning costs, in words: '−15 points', or why it costs nothing."""
    if entry.repeat:
        return "0 points (a repeat: only the first of a kind count)"
    return f"−{entry.points} points" if entry.points else "0 points"
