"""Position guide: what each position does and the job titles that usually hold it."""

from __future__ import annotations

import streamlit as st

from teambuilder.catalogue import catalogue
from views.common import plain

# Aliases are matching keys, kept lower case; on screen they read as job titles.
SPELLED = {
    "ceo": "CEO", "cto": "CTO", "cio": "CIO", "cdo": "CDO", "vp": "VP", "ai": "AI", "ml": "ML",
    "mlops": "MLOps", "devops": "DevOps", "sre": "SRE", "etl": "ETL", "bi": "BI",
}  # fmt: skip


def job_title(alias: str) -> str:
    """'vp data and ai' -> 'VP data and AI'; 'data scientist' -> 'Data scientist'."""
    words = [SPELLED.get(word, word) for word in alias.split()]
    if words:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


cat = catalogue()
st.title("Position guide")
st.caption(
    "The positions of an ML/MLOps team, from the stands down to the goal. "
    "Critical positions count towards single points of failure and the bus factor."
)
for line in ("stands", "forward", "midfield", "defence", "goalkeeper"):
    positions = [p for p in cat.positions if p.line == line]
    st.subheader(line.capitalize())
    for position in positions:
        with st.container(border=True):
            tag = " · critical" if position.critical else ""
            st.markdown(f"**{plain(position.name)}**{tag}  \n`{position.id}`")
            st.markdown(plain(position.description))
            st.caption(
                "Typical titles: " + plain(", ".join(job_title(a) for a in position.aliases))
            )
