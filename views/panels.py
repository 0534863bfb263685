"""Panels beside the pitch: the warnings and how the health score is made."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teambuilder.catalogue import catalogue
from teambuilder.models import SEVERITY_ORDER, TeamReport
from views.common import SEVERITY_HEADINGS, SEVERITY_ICONS, only_because, plain


def warnings_panel(report: TeamReport) -> None:
    if not report.warnings:
        st.success("No warnings: every required position is covered and nobody is stretched.")
    for severity in SEVERITY_ORDER:
        found = [w for w in report.warnings if w.severity == severity]
        if not found:
            continue
        st.markdown(
            f"##### {SEVERITY_ICONS[severity]} {SEVERITY_HEADINGS[severity]} ({len(found)})"
        )
        for warning in found:
            with st.container(border=True):
                flag = " · *new because someone is away*" if warning.absences else ""
                st.markdown(f"**{plain(warning.title)}**{flag}")
                st.markdown(plain(warning.message))
                if warning.absences:
                    st.caption(plain(only_because(warning.absences)))
                st.caption("What to do: " + plain(warning.advice))


def health_breakdown(report: TeamReport) -> None:
    breakdown = report.health_breakdown
    with st.expander(f"How the health score of {breakdown.score} is made"):
        st.markdown(
            f"Start at {breakdown.start}; each warning takes points off by severity "
            "(a code counts at most twice)."
        )
        rows = [
            {
                "Warning": catalogue().rule(d.code).title,
                "Severity": d.severity.value,
                "About": d.subject,
                "Points": -d.points,
            }
            for d in breakdown.deductions
        ]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if breakdown.cap is not None:
            st.markdown(f"Capped at **{breakdown.cap}**: {plain(breakdown.cap_reason or '')}")
        st.markdown(f"Result: **{breakdown.score}** out of 100.")
