"""Accepted risks: warnings a team chose to live with, until a review date.

An accepted warning still costs its health points (the risk is real; accepting it is a
decision, not a fix), but it is shown muted with its rationale and listed apart. On its
review date it comes back as an ordinary warning, marked as due for review.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from teambuilder.analysis.identity import subject_key
from teambuilder.models import RuleWarning, TeamReport
from teambuilder.workshop.models import AcceptedRisk, WorkshopLimits

OWNER_MAX_CHARS = 120  # the longest name a roster takes


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


class RiskRejected(ValueError):
    """What a person typed to accept a risk cannot be used; the message says what can."""


def plain_text(text: str) -> str:
    """Typed text as one line of plain text: control characters dropped, spaces collapsed."""
    kept = "".join(
        " " if ch in "\t\r\n" else ch
        for ch in text
        if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(kept.split())


def accept_risk(
    team: str,
    warning: RuleWarning,
    *,
    owner: str,
    rationale: str,
    review_on: date | None,
    today: date,
    limits: WorkshopLimits,
) -> AcceptedRisk:
    """An accepted risk from what the form holds; RiskRejected names what is wrong.

    Every problem is named at once (the owner, the reason, the review date), so a person
    fixes the form in one go.
    """
    who = plain_text(owner)
    why = plain_text(rationale)
    problems: list[str] = []
    if not who:
        problems.append("Who accepts it: type the name of the person who owns this risk")
    elif len(who) > OWNER_MAX_CHARS:
        problems.append(
            f"Who accepts it: at most {OWNER_MAX_CHARS} characters; this has {len(who)}"
        )
    if not why:
        problems.append("Why: say in a sentence why the team lives with this risk for now")
    elif len(why) > limits.rationale_max_chars:
        problems.append(
            f"Why: at most {limits.rationale_max_chars} characters; this has {len(why)}"
        )
    if review_on is None:
        problems.append("Review on: pick the date the team looks at this risk again")
    elif review_on <= today:
        problems.append(
            f"Review on: pick a date after today ({today.isoformat()}); "
            f"{review_on.isoformat()} has already come"
        )
    if problems:
        raise RiskRejected(". ".join(problems) + ".")
    assert review_on is not None
    return AcceptedRisk(
        team=team,
        warning=subject_key(team, warning),
        code=warning.code,
        owner=who,
        rationale=why,
        review_on=review_on,
        accepted_on=today,
    )


def with_risk(risks: Iterable[AcceptedRisk], risk: AcceptedRisk) -> tuple[AcceptedRisk, ...]:
    """The risks with ``risk`` added, replacing an earlier acceptance of the same warning."""
    kept = [r for r in risks if (r.team, r.warning) != (risk.team, risk.warning)]
    return (*kept, risk)


def without_risk(
    risks: Iterable[AcceptedRisk], team: str, warning_key: str
) -> tuple[AcceptedRisk, ...]:
    """The risks with the acceptance of one warning (its subject key) withdrawn."""
    return tuple(r for r in risks if (r.team, r.warning) != (team, warning_key))
