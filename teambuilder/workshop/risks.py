"""Accepted risks: warnings a team chose to live with, until a review date.

An accepted warning still costs its health points (the risk is real; accepting it is a
decision, not a fix), but it is shown muted with its rationale and listed apart. On its
review date it comes back as an ordinary warning, marked as due for review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from teambuilder.analysis.identity import subject_key
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.workshop.models import AcceptedRisk


@dataclass(frozen=True)
class RiskView:
    """A team's warnings split by what the room decided about them."""

    active: tuple[RuleWarning, ...]
    accepted: tuple[tuple[RuleWarning, AcceptedRisk], ...]
    due_for_review: tuple[tuple[RuleWarning, AcceptedRisk], ...]
    # Accepted risks whose warning no longer fires (fixed since): kept for the record.
    resolved: tuple[AcceptedRisk, ...]


def split_by_acceptance(report: TeamReport, risks: Iterable[AcceptedRisk], today: date) -> RiskView:
    mine = {risk.warning: risk for risk in risks if risk.team == report.team}
    active: list[RuleWarning] = []
    accepted: list[tuple[RuleWarning, AcceptedRisk]] = []
    due: list[tuple[RuleWarning, AcceptedRisk]] = []
    seen: set[str] = set()
    for warning in report.warnings:
        key = subject_key(report.team, warning)
        risk = mine.get(key)
        if risk is None:
            active.append(warning)
            continue
        seen.add(key)
        if risk.review_on <= today:
            due.append((warning, risk))
            active.append(warning)
        else:
            accepted.append((warning, risk))
    resolved = tuple(risk for key, risk in mine.items() if key not in seen)
    return RiskView(tuple(active), tuple(accepted), tuple(due), resolved)


def acceptance_sentence(risk: AcceptedRisk, today: date) -> str:
    days = (risk.review_on - today).days
    when = (
        f"review due since {risk.review_on.isoformat()}"
        if days <= 0
        else f"review on {risk.review_on.isoformat()}"
    )
    return f"Accepted by {risk.owner} on {risk.accepted_on.isoformat()} ({when}): {risk.rationale}"
