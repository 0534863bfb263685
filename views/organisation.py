"""Every team at once: coverage per position, health, bus factor, shared and key people."""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from teambuilder import clock
from teambuilder.catalogue import catalogue
from teambuilder.charts import STATUS_COLOURS, STATUS_LEGEND
from teambuilder.large import whole_fingerprint, whole_roster
from teambuilder.organisation import (
    SYMBOLS,
    Organisation,
    exposure_sentence,
    organisation,
    resilience_to_single_absences,
)
from teambuilder.scoring import score
from teambuilder.wording import counted
from teambuilder.workspace import Workspace, workspace_fingerprint
from views.common import plain
from views.large import show_team
from views.state import (
    CACHE_TTL_SECONDS,
    CACHED_ROSTERS,
    evaluate,
    on_a_phone,
    workspace,
)

GRID_KEY = "org-grid"


@st.cache_data(max_entries=4, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def grid_frame(org_json: str) -> pd.DataFrame:
    """One row per team: its figures, then one cell per position (the pitch's shape)."""
    org = Organisation.model_validate_json(org_json)
    cat = catalogue()
    records = []
    for row in org.teams:
        record: dict[str, object] = {
            "Team": row.team,
            "Health": row.health,
            "Bus factor": row.bus_factor,
            "People": row.head_count,
            "Critical": row.critical_warnings,
        }
        if row.resilience is not None:
            record["N-1"] = round(100 * row.resilience)
        for pid in org.positions:
            status = row.coverage[pid]
            record[cat.position(pid).short] = SYMBOLS[status]
        records.append(record)
    return pd.DataFrame.from_records(records)


def legend() -> None:
    parts = [
        f"{SYMBOLS[status]} {STATUS_LEGEND[status]}" for status in ("covered", "thin", "missing")
    ]
    parts.append(f"{SYMBOLS['not_required']} {STATUS_LEGEND['not_required']}")
    st.caption(" · ".join(parts) + ". Click a row to open that team's formation.")


# The pitch's marker colours as cell backgrounds, with the marker's shape in the cell;
# dark text on the light orange, white on the others (as the badges on the pitch).
CELL_TEXT = {"covered": "#FFFFFF", "thin": "#1A1A1A", "missing": "#FFFFFF"}


def colour_cell(value: object) -> str:
    for status, symbol in SYMBOLS.items():
        if value == symbol:
            if status == "not_required":
                return f"color: {STATUS_COLOURS[status]}"
            return f"background-color: {STATUS_COLOURS[status]}; color: {CELL_TEXT[status]}"
    return ""


def filters(frame: pd.DataFrame) -> pd.DataFrame:
    cat = catalogue()
    search, gap, health = st.columns([2, 2, 2])
    wanted = search.text_input("Find a team", key="org-search", placeholder="Part of a name")
    shorts = {cat.position(pid).short: cat.position(pid).name for pid in cat.position_ids}
    gaps = gap.multiselect(
        "Teams where this is missing or thin",
        list(shorts),
        format_func=lambda short: shorts[short],
        key="org-gaps",
        placeholder="Any position",
    )
    low, high = health.slider("Health", 0, 100, (0, 100), key="org-health")
    shown = frame
    if wanted.strip():
        shown = shown[shown["Team"].str.contains(wanted.strip(), case=False, regex=False)]
    for short in gaps:
        shown = shown[shown[short].str.startswith((SYMBOLS["missing"], SYMBOLS["thin"]))]
    shown = shown[(shown["Health"] >= low) & (shown["Health"] <= high)]
    return shown


# Words in the User-Agent of phone browsers (Safari on iPhone, Chrome on Android): the
# page opens with the narrow grid there. The toggle switches either way.
def narrow_frame(frame: pd.DataFrame, position_columns: list[str]) -> pd.DataFrame:
    """Team, health and bus factor, and the positions missing or thin named in one cell:
    what fits the width of a phone (about 360 px) without scrolling sideways."""
    gaps = [SYMBOLS["missing"], SYMBOLS["thin"]]
    cells = frame[position_columns]
    named = [
        " ".join(
            f"{cell}{short}"
            for short, cell in zip(position_columns, row, strict=True)
            if cell in gaps
        )
        or "none"
        for row in cells.itertuples(index=False)
    ]
    return pd.DataFrame(
        {
            "Team": frame["Team"],
            "Health": frame["Health"],
            "Bus factor": frame["Bus factor"],
            "Gaps": named,
        }
    )


def selected_team(event: object, frame: pd.DataFrame) -> None:
    rows = event["selection"]["rows"] if event else []  # type: ignore[index]
    if rows:
        show_team(workspace(), str(frame.iloc[rows[0]]["Team"]))  # opens it if large
        st.switch_page("views/formation.py")


def narrow_grid(frame: pd.DataFrame, org: Organisation) -> None:
    cat = catalogue()
    shown = narrow_frame(frame, [cat.position(pid).short for pid in org.positions])
    event = st.dataframe(
        shown,
        key=f"{GRID_KEY}-narrow",
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(shown), 600),
        column_config={
            "Team": st.column_config.TextColumn("Team", pinned=True, width=96),
            "Health": st.column_config.NumberColumn("Health", width=52),
            "Bus factor": st.column_config.NumberColumn(
                "Bus",
                help="Bus factor: the fewest people whose absence empties a critical position",
                width=36,
            ),
            "Gaps": st.column_config.TextColumn(
                "Missing or thin",
                help="✕ missing, ◆ thin, by the positions' short names (as in the wide grid)",
                width=130,
            ),
        },
        on_select="rerun",
        selection_mode="single-row",
    )
    selected_team(event, shown)


def grid(frame: pd.DataFrame, org: Organisation) -> None:
    cat = catalogue()
    position_columns = [cat.position(pid).short for pid in org.positions]
    config: dict[str, ColumnConfig] = {
        "Team": st.column_config.TextColumn("Team", pinned=True, width=120),
        "Health": st.column_config.ProgressColumn(
            "Health",
            min_value=0,
            max_value=100,
            format="%d",
            help="0-100, as on the team page",
            width=80,
        ),
        "Bus factor": st.column_config.NumberColumn(
            "Bus",
            help="Bus factor: the fewest people whose absence empties a critical position",
            width=40,
        ),
        "N-1": st.column_config.NumberColumn(
            "N-1",
            help="Resilience: the share of single absences that raise no new critical warning",
            format="%d%%",
            width=50,
        ),
        "People": st.column_config.NumberColumn("People", width=55),
        "Critical": st.column_config.NumberColumn("Critical", help="Critical warnings", width=55),
    }
    for pid, short in zip(org.positions, position_columns, strict=True):
        config[short] = st.column_config.TextColumn(short, help=cat.name_of(pid), width=36)
    subset: list[Hashable] = list(position_columns)
    styled = frame.style.map(colour_cell, subset=subset)
    event = st.dataframe(
        styled,
        key=GRID_KEY,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(frame), 600),
        column_config=config,
        on_select="rerun",
        selection_mode="single-row",
    )
    selected_team(event, frame)


def shared_people(org: Organisation) -> None:
    st.subheader("People in several teams")
    if not org.shared:
        st.caption("Nobody works in more than one team.")
        return
    words = {"ok": "", "at_capacity": "at capacity", "overloaded": "overloaded"}
    frame = pd.DataFrame.from_records(
        [
            {
                "Person": p.name,
                "Teams": len(p.teams),
                "Load (FTE)": p.total_load,
                "FTE": p.fte,
                "Status": words[p.status],
                "In": ", ".join(p.teams),
            }
            for p in org.shared
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(frame), 400),
        column_config={"Load (FTE)": st.column_config.NumberColumn(format="%.2f")},
        key="org-shared",
    )


def key_people(org: Organisation) -> None:
    st.subheader("Whose absence hurts the most teams")
    st.caption(
        "Each person here is the only one holding a critical position in the teams listed: "
        "if they are away, those teams have nobody there."
    )
    if not org.key_people:
        st.caption("No critical position rests on one person in any team.")
        return
    cat = catalogue()
    frame = pd.DataFrame.from_records(
        [
            {
                "Person": k.name,
                "Teams hurt": len(k.teams_hurt),
                "Alone on": "; ".join(f"{cat.name_of(pid)} in {team}" for team, pid in k.positions),
                "Load (FTE)": k.total_load,
            }
            for k in org.key_people
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(frame), 400),
        column_config={"Load (FTE)": st.column_config.NumberColumn(format="%.2f")},
        key="org-key-people",
    )


@st.cache_resource(max_entries=CACHED_ROSTERS, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _figures_for(
    content: str, away: tuple[str, ...], with_resilience: bool, _ws: Workspace
) -> tuple[Organisation, int]:
    parsed, report = evaluate(_ws)
    roster = parsed.roster
    if _ws.whole is not None:  # a large roster: every team, the open one as edited
        roster = whole_roster(_ws, parsed.roster)
        known = {person.name for person in roster.people}
        report = score(roster, [name for name in _ws.away if name in known])
    resilience = resilience_to_single_absences(roster) if with_resilience else None
    return organisation(roster, report, resilience=resilience), len(parsed.problems)


def figures(ws: Workspace, with_resilience: bool) -> tuple[Organisation, int]:
    """The organisation's figures and the count of row problems, worked out once per state.

    At 500 teams, reading every team's table and scoring them takes a second or more;
    filtering and sorting must not pay it again, nor must another visit to the page. The
    state is the workspace's content (its digest), who is away and the resilience toggle.
    """
    content = workspace_fingerprint(ws)
    if ws.whole is not None:  # a large roster: the teams not open count too
        content += whole_fingerprint(ws.whole)
    content += clock.today().isoformat()  # accepted risks come back on their review date
    return _figures_for(content, tuple(ws.away), with_resilience, ws)


ws = workspace()
st.title("Organisation")
with_resilience = st.toggle(
    "Add each team's resilience (N-1)",
    key="org-resilience",
    help=(
        "The share of single absences that raise no new critical warning, from the stress "
        "test of every team: about a second more at 500 teams."
    ),
)
org, problem_count = figures(ws, with_resilience)

teams, people, health, sponsorless, fragile = st.columns(5)
teams.metric("Teams", len(org.teams))
people.metric("People", org.people)
health.metric("Median health", "-" if org.median_health is None else f"{org.median_health:g}")
sponsorless.metric("Without a sponsor", org.teams_without_sponsor)
fragile.metric("Bus factor 1", org.teams_with_bus_factor_1)
if sentence := exposure_sentence(org):
    st.warning(plain(sentence), icon=":material/warning:")
if problem_count:
    st.caption(
        f"{counted(problem_count, 'row problem')} "
        f"{'is' if problem_count == 1 else 'are'} left out until fixed on the team pages."
    )

st.subheader("Coverage per team")
legend()
frame = grid_frame(org.model_dump_json())
shown = filters(frame)
st.caption(
    f"Showing {len(shown)} of {counted(len(frame), 'team')}. Sort by clicking a column header."
)
narrow = st.toggle(
    "Narrow grid, for a phone",
    value=on_a_phone(),
    key="org-narrow",
    help="Team, health, bus factor and the positions missing or thin, in a grid that fits "
    "a phone's width. Opens this way on a phone.",
)
if narrow:
    narrow_grid(shown.reset_index(drop=True), org)
else:
    grid(shown.reset_index(drop=True), org)
key_people(org)
shared_people(org)
