"""People and load: each person's time by position, and the people × positions matrix."""

from __future__ import annotations

import streamlit as st

from views.common import plain
from views.state import current_team, evaluate, figure, workspace

ws = workspace()
team = current_team(ws)
parsed, report = evaluate(ws)
team_report = report.team(team)

st.title(f"People and load: {plain(team)}")
if not team_report.people:  # two empty charts would explain nothing
    st.info(
        "Nobody in this team yet. Add people on the Formation page (the form beside the "
        "pitch, or the table below it) and their week, position by position, shows here."
    )
    st.stop()
st.caption(
    "Each bar is one person's week split by position; the marker is their FTE. "
    "A bar past its marker is an overloaded person."
)
st.plotly_chart(figure("load", team_report), key="load", width="stretch")

st.subheader("Coverage matrix")
st.caption("Who gives how much time to which position: the team's skills matrix.")
st.plotly_chart(figure("matrix", team_report), key="matrix", width="stretch")
