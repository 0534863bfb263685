"""Accepting a warning as a risk: the small form beside a warning, and withdrawing it.

The Formation page keeps accepted risks in the tab's working copy (Undo takes them back);
the workshop page keeps them with the workshop in the database. Both use the same form,
and the checks are the core's (``teambuilder.workshop.risks.accept_risk``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import streamlit as st

from teambuilder import clock
from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import workshop_guide
from teambuilder.models import AcceptedRisk, RuleWarning
from teambuilder.workshop.risks import (
    OWNER_MAX_CHARS,
    RiskRejected,
    accept_risk,
    with_risk,
    without_risk,
)
from views.common import plain
from views.state import remember_for_undo, workspace

DEFAULT_REVIEW_DAYS = 90  # a quarter: the review date the form proposes

# Saves an accepted risk (or withdraws one) and returns an error message, or None.
Accept = Callable[[AcceptedRisk], str | None]
Withdraw = Callable[[str], str | None]


def app_today() -> date:
    """The app's day (TEAMBUILDER_TODAY moves it; a bad value is said on the form)."""
    return clock.today()


def risk_controls(
    team: str, warning: RuleWarning, *, key: str, accept: Accept, withdraw: Withdraw
) -> None:
    """Below one warning: 'Accept this risk' (a form), or 'Withdraw' once it is accepted."""
    warning_key = subject_key(team, warning)
    accepted = warning.accepted
    if accepted is not None:
        if st.button(
            "Withdraw the acceptance",
            key=f"{key}-withdraw",
            type="tertiary",
            help="The warning counts as an ordinary warning again.",
        ):
            _done(withdraw(warning_key))
        if not accepted.due:
            return
    label = "Accept this risk again" if accepted is not None else "Accept this risk"
    with st.popover(label, key=f"{key}-popover"):
        _accept_form(team, warning, key=key, accept=accept)


def _accept_form(team: str, warning: RuleWarning, *, key: str, accept: Accept) -> None:
    today = app_today()
    limits = workshop_guide().limits
    st.caption(
        "Accepting a risk is a decision, not a fix: its points still count, the warning is "
        "shown muted with your reason, and it comes back on the review date."
    )
    moved = clock.problem()
    if moved:
        st.caption(plain(moved))
    elif today != date.today():
        st.caption(f"The app's day is set to {today.isoformat()} ({clock.TODAY_ENV}).")
    with st.form(f"{key}-form", clear_on_submit=False, border=False):
        owner = st.text_input("Who accepts it", max_chars=OWNER_MAX_CHARS, key=f"{key}-owner")
        rationale = st.text_area(
            "Why the team lives with it for now",
            max_chars=limits.rationale_max_chars,
            key=f"{key}-rationale",
            height=90,
        )
        review_on = st.date_input(
            "Review on",
            value=today + timedelta(days=DEFAULT_REVIEW_DAYS),
            min_value=today + timedelta(days=1),
            key=f"{key}-review",
            format="YYYY-MM-DD",
        )
        submitted = st.form_submit_button("Accept the risk", type="primary")
    if not submitted:
        return
    try:
        risk = accept_risk(
            team,
            warning,
            owner=str(owner or ""),
            rationale=str(rationale or ""),
            review_on=review_on if isinstance(review_on, date) else None,
            today=today,
            limits=limits,
        )
    except RiskRejected as error:
        st.error(plain(str(error)))
        return
    _done(accept(risk))


def _done(problem: str | None) -> None:
    if problem:
        st.error(plain(problem))
        return
    st.rerun()


# --- The Formation page: risks in the tab's working copy (undoable) ------------------------


def accept_in_workspace(risk: AcceptedRisk) -> str | None:
    remember_for_undo("a risk accepted")
    ws = workspace()
    ws.accepted_risks = list(with_risk(ws.accepted_risks, risk))
    return None


def withdraw_in_workspace(team: str) -> Withdraw:
    def withdraw(warning_key: str) -> str | None:
        remember_for_undo("an accepted risk withdrawn")
        ws = workspace()
        ws.accepted_risks = list(without_risk(ws.accepted_risks, team, warning_key))
        return None

    return withdraw


def workspace_risk_controls(team: str, warning: RuleWarning, index: int) -> None:
    risk_controls(
        team,
        warning,
        key=f"risk-{index}-{subject_key(team, warning)}",
        accept=accept_in_workspace,
        withdraw=withdraw_in_workspace(team),
    )
