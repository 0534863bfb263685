"""The main page: who is away, the formation pitch, the warnings, and the roster editor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teambuilder.catalogue import catalogue
from teambuilder.titles import suggest_positions
from teambuilder.workspace import Workspace, away_candidates, column_label, rows_left_off
from views.common import plain
from views.panels import health_breakdown, warnings_panel
from views.state import current_team, evaluate, figure, set_table, workspace

PITCH_HEIGHT = 1000  # px, the formation figure's height: warnings scroll beside it


def column_config() -> dict[str, object]:
    cat = catalogue()
    config: dict[str, object] = {
        "name": st.column_config.TextColumn(
            column_label("name"), help="Same name = same person across teams", pinned=True
        ),
        "title": st.column_config.TextColumn(
            column_label("title"), help="Positions are suggested from the title below the table"
        ),
        "fte": st.column_config.NumberColumn(
            column_label("fte"),
            min_value=0.05,
            max_value=1.0,
            step=0.05,
            format="%.2f",
            help="The person's total availability: 1 is full time, 0.5 half time",
        ),
        "background": st.column_config.SelectboxColumn(
            column_label("background"), options=["business", "tech", "mixed"]
        ),
        # Free text, not a select box of names: the editor's identity follows its column
        # settings, so options that change with every new name would reset the editor and
        # drop unsaved edits.
        "reports_to": st.column_config.TextColumn(
            column_label("reports_to"),
            help="Their manager's name, spelled as in the Name column (blank if not listed)",
        ),
        "absent": st.column_config.CheckboxColumn(
            column_label("absent"), help="Away for good or for long (leave, notice period)"
        ),
    }
    for position in cat.positions:
        config[position.id] = st.column_config.NumberColumn(
            column_label(position.id),
            min_value=0.0,
            max_value=1.0,
            step=0.05,
            format="%.2f",
            help=f"FTE this person gives to the position. {position.description}",
        )
    return config


def roster_editor(ws: Workspace, team: str) -> pd.DataFrame:
    """The editable table for one team; what it shows is committed to the workspace.

    The editor's base stays the same object while its key lives, so Streamlit replays
    edits onto the same rows (see STREAMLIT_NOTES.md, the data_editor trap). When the
    widget state is gone (another page was shown), the committed table becomes the base.
    """
    key = f"editor-{team}-{ws.version}"
    bases: dict[str, pd.DataFrame] = st.session_state.setdefault("editor_bases", {})
    if key not in bases or key not in st.session_state:
        bases.clear()
        base = ws.tables[team].copy()
        base.index = pd.RangeIndex(1, len(base) + 1)  # rows numbered as problems name them
        bases[key] = base
    edited = st.data_editor(
        bases[key],
        key=key,
        num_rows="dynamic",
        hide_index=False,
        column_config=column_config(),
        width="stretch",
    )
    ws.tables[team] = edited.reset_index(drop=True)
    return ws.tables[team]


def suggestions(ws: Workspace, team: str, table: pd.DataFrame) -> None:
    """Offer positions for rows that have a job title but no allocation yet."""
    position_ids = list(catalogue().position_ids)
    titles = table["title"].map(lambda v: v.strip() if isinstance(v, str) else "")
    unallocated = table[position_ids].fillna(0).sum(axis=1) == 0
    offers = []
    for index in table.index[(titles != "") & unallocated]:
        found = suggest_positions(titles[index])
        if found:
            offers.append((index, found[0]))
    if not offers:
        return
    lines = [
        f"- **{plain(row_label(table, index))}** ({plain(titles[index])}): "
        f"{plain(catalogue().name_of(s.position))}"
        for index, s in offers
    ]
    with st.container(border=True):
        st.markdown("**Suggested positions from job titles**\n\n" + "\n".join(lines))
        if st.button("Fill in the suggested positions", key=f"suggest-{team}-{ws.version}"):
            filled = table.copy()
            for index, suggestion in offers:
                fte = table.at[index, "fte"]
                filled.loc[index, suggestion.position] = float(fte) if pd.notna(fte) else 1.0
            set_table(ws, team, filled)
            st.rerun()


def row_label(table: pd.DataFrame, index: int) -> str:
    """A row as the editor shows it: the person's name, else its row number (from 1)."""
    name = table.at[index, "name"]
    if isinstance(name, str) and name.strip():
        return name.strip()
    return f"row {table.index.get_loc(index) + 1}"


ws = workspace()
team = current_team(ws)

header = st.container()
away_area = st.container()
pitch_column, warnings_column = st.columns([3, 2], gap="medium")
st.subheader("Roster")
st.caption(
    "One row per person. Enter the FTE each person gives to each position "
    "(0.5 = half their week). Add people in the empty row at the bottom."
)
table = roster_editor(ws, team)  # edits first: everything below shows them
with away_area:
    candidates = away_candidates(ws)
    ws.away = st.multiselect(
        "Who is away? Pick people to see the team without them (holiday, illness, leaving).",
        candidates,
        default=[name for name in ws.away if name in candidates],
        key=f"away-{ws.version}",
        placeholder="Nobody is away",
    )
parsed, report = evaluate(ws)
team_report = report.team(team)
suggestions(ws, team, table)

if parsed.problems:  # every team's: an edit here can leave out rows of another team
    skipped = sum(len(rows) for rows in parsed.skipped_rows.values())
    if skipped:
        verb = "is" if skipped == 1 else "are"
        left_off = f"{rows_left_off(parsed.skipped_rows)} {verb} left off the pitch until then"
    else:
        left_off = "nothing is left off the pitch"
    with header:
        st.error(
            f"Some rows need fixing; {plain(left_off)}:\n\n"
            + "\n".join(f"- {plain(str(problem))}" for problem in parsed.problems)
        )

with header:
    st.title(plain(team))
    st.page_link("views/present.py", label="Present on a projector", icon=":material/co_present:")
    health, bus, tier, people = st.columns(4)
    health.metric("Health", f"{team_report.health}/100")
    bus.metric("Bus factor", team_report.bus_factor)
    tier_note = "set" if team_report.tier_was_set else "by head count"
    tier.metric(f"Size tier ({tier_note})", team_report.tier)
    people.metric("People", team_report.head_count)

with pitch_column:
    st.plotly_chart(
        figure("formation", team_report),
        key="pitch",
        width="stretch",
        config={"displayModeBar": False},
    )

with warnings_column, st.container(height=PITCH_HEIGHT, border=False):
    health_breakdown(team_report)
    warnings_panel(team_report)
    if report.warnings:
        st.markdown("##### Across teams")
        for warning in report.warnings:
            st.warning(plain(warning.message))

if len(ws.team_names) == 1:
    st.caption(
        "Start your own team: rename it in the sidebar and overwrite the rows above, or open "
        "Files and sharing for a blank team, another example or your own file."
    )
