"""Panels beside the pitch: the warnings, costliest first, and how the health score is made.

Shared by the Formation page and the presentation view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teambuilder.catalogue import catalogue
from teambuilder.models import RuleWarning, Severity, TeamReport
from teambuilder.presentation import RankedWarning, ranked_warnings, step_of
from views.common import SEVERITY_HEADINGS, SEVERITY_ICONS, only_because, plain
from views.risks import workspace_risk_controls

# Warnings per page beside the pitch: compact cards (the advice behind each title's help
# icon) so that a page fits the pitch's height without an inner scroll.
PAGE_SIZE = 8
PAGE_KEY = "warnings_page"


def health_words(health: int) -> tuple[str, str]:
    """(Streamlit colour, word) for a health score: a word as well as a colour."""
    if health >= 80:
        return "green", "good"
    return ("orange", "fair") if health >= 60 else ("red", "at risk")


def _count(count: int, severity: Severity) -> str:
    """'2 critical', '1 warning', '3 notes'."""
    if severity == Severity.critical:
        return f"{count} critical"
    noun = "warning" if severity == Severity.warning else "note"
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _points(entry: RankedWarning) -> str:
    if entry.repeat:
        return "0 points (a repeat: only the first of a kind count)"
    return f"−{entry.points} points" if entry.points else "0 points"


def acceptance_words(warning: RuleWarning) -> str | None:
    """'Accepted by Priya Nair until 2027-03-01: hiring in Q1' (or that its review is due)."""
    accepted = warning.accepted
    if accepted is None:
        return None
    if accepted.due:
        return (
            f"Accepted as a risk by {accepted.owner} on {accepted.accepted_on.isoformat()}; "
            f"review due since {accepted.review_on.isoformat()}: {accepted.rationale}"
        )
    return (
        f"Accepted as a risk by {accepted.owner} on {accepted.accepted_on.isoformat()}, "
        f"review on {accepted.review_on.isoformat()}: {accepted.rationale}"
    )


def _warning_card(entry: RankedWarning, team: str | None = None, index: int = 0) -> None:
    """One warning in one paragraph: title and cost, then what was found; with ``team``,
    the form to accept it as a risk (or to withdraw an acceptance) below it."""
    _warning_words(entry)
    if team is not None:
        workspace_risk_controls(team, entry.warning, index)


def _warning_words(entry: RankedWarning) -> None:
    warning = entry.warning
    accepted = warning.accepted is not None and not warning.accepted.due
    if accepted:
        # Accepted and not yet due for review: shown muted, with the room's reason.
        st.caption(
            f"✓ {plain(warning.title)} · {_points(entry)} · accepted  \n{plain(warning.message)}"
        )
        st.caption(plain(acceptance_words(warning) or ""))
        return
    flag = " · *new because someone is away*" if warning.absences else ""
    icon = SEVERITY_ICONS[warning.severity]
    st.markdown(
        f"{icon} **{plain(warning.title)}** · {_points(entry)}{flag}  \n{plain(warning.message)}",
        help="What to do: " + plain(warning.advice),
    )
    if warning.absences:
        st.caption(plain(only_because(warning.absences)))
    if warning.accepted is not None:
        st.caption(plain(acceptance_words(warning) or ""))


def warnings_panel(report: TeamReport, *, accepting: bool = True) -> None:
    """Every warning, costliest first, a page at a time with Previous and Next.

    ``accepting``: each warning offers to be accepted as a risk (kept in the tab's roster).
    """
    if not report.warnings:
        st.success("No warnings: every required position is covered and nobody is stretched.")
        return
    ranked = ranked_warnings(report)
    pages = -(-len(ranked) // PAGE_SIZE)
    key = f"{PAGE_KEY}-{report.team}"
    page = min(int(st.session_state.get(key, 0)), pages - 1)
    first = page * PAGE_SIZE
    shown = ranked[first : first + PAGE_SIZE]
    counts = ", ".join(
        _count(sum(1 for e in ranked if e.warning.severity == severity), severity)
        for severity in SEVERITY_HEADINGS
        if any(e.warning.severity == severity for e in ranked)
    )
    noun = "warning" if len(ranked) == 1 else "warnings"
    total = f"{len(ranked)} {noun}"
    detail = f" ({counts})" if counts != total else ""
    st.markdown(f"##### {total}{detail}, costliest first")
    if pages > 1:
        last = first + len(shown)
        st.caption(f"Showing {first + 1}–{last} of {len(ranked)} · page {page + 1} of {pages}")
    for index, entry in enumerate(shown, start=first):
        _warning_card(entry, report.team if accepting else None, index)
    if pages > 1:
        back, forward = st.columns(2)
        back.button(
            "‹ Previous warnings",
            key=f"{key}-prev",
            disabled=page == 0,
            width="stretch",
            on_click=_turn_page,
            args=(key, page - 1),
        )
        forward.button(
            "Next warnings ›",
            key=f"{key}-next",
            disabled=page >= pages - 1,
            width="stretch",
            on_click=_turn_page,
            args=(key, page + 1),
        )


def _turn_page(key: str, page: int) -> None:
    st.session_state[key] = page


def health_breakdown(report: TeamReport) -> None:
    """Every deduction, its points in the first column (a narrow column never hides them)."""
    breakdown = report.health_breakdown
    counted = catalogue().health.counted_per_code
    with st.expander(f"How the health score of {breakdown.score} is made"):
        st.markdown(
            f"Start at {breakdown.start}; each warning takes points off by severity. Only the "
            f"first {counted} warnings of a kind count: repeats take nothing off."
        )
        rows = [
            {
                "Points": -d.points,
                "Warning": catalogue().rule(d.code).title,
                "About": d.subject
                + ("" if d.points else " · a repeat: counts nothing")
                + (" · accepted risk, still counted" if d.accepted else ""),
                "Severity": d.severity.value,
            }
            for d in breakdown.deductions
        ]
        if rows:
            st.dataframe(
                pd.DataFrame(rows),
                hide_index=True,
                width="stretch",
                column_config={
                    "Points": st.column_config.NumberColumn(width="small", format="%d"),
                    "Warning": st.column_config.TextColumn(width="medium"),
                    "About": st.column_config.TextColumn(width="medium"),
                    "Severity": st.column_config.TextColumn(width="small"),
                },
            )
            st.markdown(f"In all: **−{breakdown.total_deducted}** points.")
            accepted = sum(d.points for d in breakdown.deductions if d.accepted)
            if any(d.accepted for d in breakdown.deductions):
                st.caption(
                    f"Of these, −{accepted} come from risks the team accepted: accepting a "
                    "risk is a decision, not a fix, so they still count."
                )
        if breakdown.cap is not None:
            st.markdown(f"Capped at **{breakdown.cap}**: {plain(breakdown.cap_reason or '')}")
        st.markdown(f"Result: **{breakdown.score}** out of 100.")


def warning_step(report: TeamReport, ranked: list[RankedWarning], step: int) -> None:
    """One warning of the presentation, large: its place in the list, its cost, the words."""
    if not ranked:
        st.success("No warnings: every required position is covered and nobody is stretched.")
        return
    step = step_of(len(ranked), step)
    entry = ranked[step]
    warning = entry.warning
    cat = catalogue()
    st.markdown(
        f"**Warning {step + 1} of {len(ranked)}** · {SEVERITY_ICONS[warning.severity]} "
        f"{warning.severity.value} · {_points(entry)}"
    )
    st.subheader(plain(warning.title), anchor=False)
    st.markdown(plain(warning.message))
    if warning.absences:
        st.caption(plain(only_because(warning.absences)))
    where = [cat.name_of(pid) for pid in warning.positions if pid in cat.position_ids]
    about = ", ".join([*where, *warning.people])
    if about:
        st.markdown(f"**On the pitch:** {plain(about)} (ringed in blue)")
    st.caption("What to do: " + plain(warning.advice))
