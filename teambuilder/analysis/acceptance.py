"""Accepted risks on a report: warnings a team decided to live with, until a review date.

An accepted warning still costs its health points (accepting a risk is a decision, not a
fix); its deduction is marked so the breakdown lists it apart. From its review date on,
the warning is marked ``due``: it counts and shows as an ordinary warning again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from teambuilder.analysis.identity import subject_key
from teambuilder.models import Acceptance, AcceptedRisk, Report, TeamReport


def apply_acceptances(report: Report, risks: Iterable[AcceptedRisk], today: date) -> Report:
    by_team: dict[str, dict[str, AcceptedRisk]] = {}
    for risk in risks:
        by_team.setdefault(risk.team, {})[risk.warning] = risk
    if not by_team:
        return report
    teams = tuple(
        _team(team, by_team[team.team], today) if team.team in by_team else team
        for team in report.teams
    )
    return report.model_copy(update={"teams": teams})


def _team(team: TeamReport, risks: dict[str, AcceptedRisk], today: date) -> TeamReport:
    warnings = list(team.warnings)
    deductions = list(team.health_breakdown.deductions)
    changed = False
    for index, warning in enumerate(warnings):
        risk = risks.get(subject_key(team.team, warning))
        if risk is None:
            continue
        due = risk.review_on <= today
        warnings[index] = warning.model_copy(
            update={
                "accepted": Acceptance(
                    owner=risk.owner,
                    rationale=risk.rationale,
                    accepted_on=risk.accepted_on,
                    review_on=risk.review_on,
                    due=due,
                )
            }
        )
        if not due and index < len(deductions):
            deductions[index] = deductions[index].model_copy(update={"accepted": True})
        changed = True
    if not changed:
        return team
    breakdown = team.health_breakdown.model_copy(update={"deductions": tuple(deductions)})
    return team.model_copy(update={"warnings": tuple(warnings), "health_breakdown": breakdown})
