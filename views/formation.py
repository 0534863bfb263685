"""The main page: who is away, the formation pitch, the warnings, and the roster editors.

Two editors change the roster: a compact form for one person (beside the pitch) and the
whole table (below it). Both run as fragments: typing reruns only the editor, which saves
every committed cell to the workspace at once; the pitch is redrawn when asked (or with
the next change made in the form). A rerun of the whole page after every cell is what
lost edits under load: the browser redrew the pitch and the page while the next cell was
being typed, and keystrokes or whole edit states went missing (see the README).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.elements.lib.column_types import ColumnConfig

from teambuilder.catalogue import catalogue
from teambuilder.titles import suggest_positions
from teambuilder.validation import Problem
from teambuilder.workspace import (
    PersonEntry,
    away_candidates,
    column_label,
    describe_table_change,
    person_entry,
    picked_positions,
    row_problems,
    rows_left_off,
    shares_for,
    tables_differ,
    with_person,
    without_row,
)
from views.common import plain
from views.panels import health_breakdown, warnings_panel
from views.state import (
    current_team,
    evaluate,
    figure,
    on_a_phone,
    parsed_workspace,
    remember_for_undo,
    set_table,
    workspace,
)
from views.storage import keep_working_copy

PITCH_HEIGHT = 1000  # px, the formation figure's height: warnings scroll beside it
# The away picker and the tabs sit above the warnings: their box ends with the pitch.
WARNINGS_HEIGHT = PITCH_HEIGHT - 150
# The first screen at 1280x720 shows the pitch's top: a smaller top margin, the title and
# the metrics on one line. Static CSS, no user text in it.
PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.8rem !important; }
.st-key-formation-head h1 { font-size: 2rem; padding: 0.1rem 0; line-height: 1.2; }
.st-key-formation-head [data-testid="stMetricValue"] { font-size: 1.5rem; }
.st-key-formation-head [data-testid="stMetric"] { padding: 0; }
/* Side by side (not on a phone, where the columns stack): the pitch stays in view while
   the form beside it is scrolled, so the room sees each person land on it. */
@media (min-width: 640px) {
  [data-testid="stColumn"]:has(.st-key-formation-pitch) {
    position: sticky; top: 0.5rem; align-self: flex-start;
  }
}
</style>
"""
STALE_KEY = "pitch_stale"  # the table changed since the pitch was drawn
DRAWING_KEY = "drawing_page"  # true while the whole page runs, false in fragment runs
FORM_ROUND_KEY = "person_form_round"  # bumped to empty the form after a person is added
NEW_PERSON = -1  # the form's choice for "a new person"
BACKGROUNDS = ["business", "tech", "mixed"]


def column_config() -> dict[str, ColumnConfig]:
    cat = catalogue()
    config: dict[str, ColumnConfig] = {
        # Not pinned: Streamlit greys pinned columns, and the names looked read-only.
        "name": st.column_config.TextColumn(
            column_label("name"), help="Same name = same person across teams", width="medium"
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


def editor_base(team: str, version: int) -> tuple[str, pd.DataFrame]:
    """The editor's key and its base table, which stays the same object while the key lives.

    Streamlit replays the grid's edits onto the base, so the base must not change under
    them (see STREAMLIT_NOTES.md, the data_editor trap). When the widget state is gone
    (another page was shown), the committed table becomes the base.
    """
    ws = workspace()
    key = f"editor-{team}-{version}"
    bases: dict[str, pd.DataFrame] = st.session_state.setdefault("editor_bases", {})
    if key not in bases or key not in st.session_state:
        bases.clear()
        base = ws.tables[team].copy()
        base.index = pd.RangeIndex(1, len(base) + 1)  # rows numbered as problems name them
        bases[key] = base
    return key, bases[key]


@st.fragment
def table_editor(team: str) -> None:
    """The whole team as a table, for bulk work; every committed cell is saved at once."""
    ws = workspace()
    if team not in ws.tables:  # renamed or replaced since this fragment was drawn
        st.rerun(scope="app")
    key, base = editor_base(team, ws.version)
    edited = st.data_editor(
        base,
        key=key,
        num_rows="dynamic",
        hide_index=False,
        column_config=column_config(),
        width="stretch",
        placeholder="",
    )
    table = edited.reset_index(drop=True)
    if tables_differ(ws.tables[team], table):
        remember_for_undo(describe_table_change(ws.tables[team], table))
        ws.tables[team] = table
        if not st.session_state.get(DRAWING_KEY):  # a fragment run: the pitch is older
            st.session_state[STALE_KEY] = True
    parsed = parsed_workspace(ws)
    if not st.session_state.get(DRAWING_KEY):
        keep_working_copy(parsed)  # a fragment run: the app's own autosave does not run
    problems_beside_rows(team, parsed.problems, parsed.skipped_rows)
    stale = bool(st.session_state.get(STALE_KEY))
    if st.button(
        "Show the changes on the pitch" if stale else "The pitch shows the table",
        type="primary" if stale else "secondary",
        icon=":material/refresh:",
        key="redraw",
        disabled=not stale,
        help="Typing in the table saves each cell at once; the pitch and the warnings "
        "are redrawn when you press this (or save a person in the form).",
    ):
        st.rerun(scope="app")
    suggestions(team, ws.tables[team])


def problems_beside_rows(
    team: str, problems: tuple[Problem, ...], skipped_rows: dict[str, tuple[int, ...]]
) -> None:
    """The table's problems right under it, row by row, as soon as a cell is committed."""
    if not problems:
        return
    by_row = row_problems(problems, team)
    others = [p for p in problems if p.source != team or p.row is None]
    skipped = sum(len(rows) for rows in skipped_rows.values())
    if skipped:
        verb = "is" if skipped == 1 else "are"
        left_off = f"{rows_left_off(skipped_rows)} {verb} left off the pitch until fixed"
    else:
        left_off = "nothing is left off the pitch"
    lines = [
        f"- **{plain(sentence_case(found[0].record or f'row {row}'))}**: "
        + "; ".join(plain(problem_text(p)) for p in found)
        for row, found in sorted(by_row.items())
    ]
    lines += [f"- {plain(str(p))}" for p in others]
    st.error(f"Some rows need fixing; {plain(left_off)}:\n\n" + "\n".join(lines))


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def problem_text(problem: Problem) -> str:
    """A problem without its team and row (the list names them): "column 'FTE': ..."."""
    if problem.column is None:
        return problem.message
    return f"column {problem.column!r}: {problem.message}"


def suggestions(team: str, table: pd.DataFrame) -> None:
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
    ws = workspace()
    with st.container(border=True):
        st.markdown("**Suggested positions from job titles**\n\n" + "\n".join(lines))
        if st.button("Fill in the suggested positions", key=f"suggest-{team}-{ws.version}"):
            filled = table.copy()
            for index, suggestion in offers:
                fte = table.at[index, "fte"]
                given = float(fte) if isinstance(fte, int | float) and fte == fte else 1.0
                filled.loc[index, suggestion.position] = given
            set_table(ws, team, filled, "the suggested positions filled in")
            st.session_state.pop(STALE_KEY, None)
            st.rerun(scope="app")


def row_label(table: pd.DataFrame, index: int) -> str:
    """A row as the editor shows it: the person's name, else its row number (from 1)."""
    name = table.at[index, "name"]
    if isinstance(name, str) and name.strip():
        return name.strip()
    return f"row {list(table.index).index(index) + 1}"


# --- The one-person form ---------------------------------------------------------------------


def person_choices(table: pd.DataFrame) -> list[int]:
    return [NEW_PERSON, *range(len(table))]


@st.fragment
def person_form(team: str) -> None:
    """Add or change one person: the fields of a row, positions as chips with their FTE."""
    ws = workspace()
    if team not in ws.tables:
        st.rerun(scope="app")
    table = ws.tables[team]
    round_ = st.session_state.setdefault(FORM_ROUND_KEY, 0)
    choices = person_choices(table)
    choice = st.selectbox(
        "Add or change",
        choices,
        format_func=lambda i: "A new person" if i == NEW_PERSON else person_choice_label(table, i),
        key=f"person-pick-{team}-{ws.version}-{round_}",
    )
    index = None if choice == NEW_PERSON else int(choice)
    entry = PersonEntry(name="") if index is None else person_entry(table, index)
    prefix = f"person-{team}-{ws.version}-{round_}-{choice}"
    name_column, title_column = st.columns(2)
    name = name_column.text_input("Name", value=entry.name, key=f"{prefix}-name", max_chars=120)
    title = title_column.text_input(
        "Job title",
        value=entry.title,
        key=f"{prefix}-title",
        max_chars=200,
    )  # no help icon: it would sit between Name and Job title in the Tab order
    fte_column, background_column = st.columns([1, 2])
    fte = fte_column.number_input(
        "FTE", min_value=0.05, max_value=1.0, step=0.05, value=entry.fte, key=f"{prefix}-fte"
    )
    background = background_column.segmented_control(
        "Background",
        BACKGROUNDS,
        default=entry.background if entry.background in BACKGROUNDS else None,
        key=f"{prefix}-background",
    )
    others = sorted(
        {n for n in table["name"] if isinstance(n, str) and n.strip() and n.strip() != name}
    )
    managers = [None, *others]
    manager_column, away_column = st.columns([2, 1])
    reports_to = manager_column.selectbox(
        "Reports to",
        managers,
        index=managers.index(entry.reports_to) if entry.reports_to in managers else 0,
        format_func=lambda n: "Nobody listed" if n is None else n,
        key=f"{prefix}-manager",
    )
    absent = away_column.checkbox("Away", value=entry.absent, key=f"{prefix}-absent")
    # Chips are buttons whose clicks the server keeps (on/off sets in session_state); which
    # chips show picked is computed from the title and those clicks on every run. No widget
    # holds the picked set, so a run still carrying older field values cannot reset a
    # chip clicked meanwhile: the click is an event, delivered with the next run.
    offered = (
        list(entry.allocations)
        if index is not None and title.strip() == entry.title
        else [s.position for s in suggest_positions(title)][:2]
    )
    clicks = chip_clicks(prefix)
    picked = picked_positions(offered, clicks["on"], clicks["off"])
    st.markdown("**Positions**", help="Picked from the job title; click a chip to change.")
    with st.container(horizontal=True, gap="small", key=f"{prefix}-chips"):
        for position in catalogue().position_ids:
            st.button(
                catalogue().name_of(position),
                key=f"{prefix}-chip-{position}",
                type="primary" if position in picked else "secondary",
                on_click=toggle_chip,
                args=(prefix, position, tuple(picked)),
            )
    # One box per picked chip, keyed by the chip alone: it keeps what was typed whatever
    # else changes. A blank box takes an even share of the time not typed elsewhere.
    already = {p: st.session_state.get(f"{prefix}-alloc-{p}") for p in picked}
    shares = shares_for(float(fte), picked, already)  # what a blank box would get now
    typed: dict[str, float | None] = {}
    if picked:
        columns = st.columns(min(len(picked), 3))
        for i, position in enumerate(picked):
            stored = entry.allocations.get(position) if index is not None else None
            typed[position] = columns[i % len(columns)].number_input(
                f"FTE as {catalogue().name_of(position)}",
                min_value=0.0,
                max_value=1.0,
                step=0.05,
                value=stored,
                placeholder=f"{shares[position]:g} if left blank",
                key=f"{prefix}-alloc-{position}",
            )
    allocations = shares_for(float(fte), picked, typed)
    save_column, delete_column = st.columns(2)
    saved = save_column.button(
        "Add to the team" if index is None else "Save changes",
        type="primary",
        key=f"{prefix}-save",
        width="stretch",
    )
    deleted = index is not None and delete_column.button(
        "Remove from the team", key=f"{prefix}-delete", width="stretch"
    )
    if saved:
        if not name.strip():
            st.error("Type a name first: the name is what the pitch shows.")
            return
        new_entry = PersonEntry(
            name=name.strip(),
            title=title.strip(),
            fte=float(fte),
            background=background,
            reports_to=reports_to,
            absent=absent,
            allocations={p: v for p, v in allocations.items() if v},
        )
        what = f"{new_entry.name} added" if index is None else f"a change to {new_entry.name}"
        set_table(ws, team, with_person(table, new_entry, index), what)
        finish_person_change()
    if deleted and index is not None:
        set_table(ws, team, without_row(table, index), f"{entry.name or 'a row'} removed")
        finish_person_change()


def person_choice_label(table: pd.DataFrame, index: int) -> str:
    name = table.iloc[index]["name"]
    shown = name.strip() if isinstance(name, str) and name.strip() else "(no name yet)"
    return f"{shown} (row {index + 1})"


def chip_clicks(prefix: str) -> dict[str, set[str]]:
    """The chips clicked on and off in this form, kept by the server (not by a widget)."""
    found: dict[str, set[str]] = st.session_state.setdefault(
        f"{prefix}-clicks", {"on": set(), "off": set()}
    )
    return found


def toggle_chip(prefix: str, position: str, picked: tuple[str, ...]) -> None:
    """A chip's click: unpick it if it was shown picked, else pick it."""
    clicks = chip_clicks(prefix)
    if position in picked:
        clicks["on"].discard(position)
        clicks["off"].add(position)
    else:
        clicks["off"].discard(position)
        clicks["on"].add(position)


def finish_person_change() -> None:
    for key in [k for k in st.session_state if str(k).endswith("-clicks")]:
        del st.session_state[key]  # the chips clicked in the form that is now emptied
    st.session_state[FORM_ROUND_KEY] = st.session_state.get(FORM_ROUND_KEY, 0) + 1
    st.session_state.pop(STALE_KEY, None)
    st.rerun(scope="app")


ws = workspace()
team = current_team(ws)
st.session_state.pop(STALE_KEY, None)  # this run draws the pitch from the tables as they are
st.session_state[DRAWING_KEY] = True

st.html(PAGE_CSS)
header = st.container(key="formation-head")
pitch_column, side_column = st.columns([3, 2], gap="medium")
with side_column:
    away_area = st.container()
    warnings_tab, person_tab = st.tabs(["Warnings and health", "Add or change a person"])
    with person_tab, st.container(key="person-form"):
        person_form(team)
    with warnings_tab:
        warnings_area = st.container(height=WARNINGS_HEIGHT, border=False)
st.subheader("The whole team as a table")
st.caption(
    "For bulk work: one row per person, the FTE each gives to each position (0.5 = half "
    "their week); add people in the empty row at the bottom. Each cell is saved as soon as "
    "you leave it; Undo in the sidebar takes it back."
)
table_editor(team)  # edits first: everything drawn below shows them
st.session_state[DRAWING_KEY] = False
with away_area:
    candidates = away_candidates(ws)
    ws.away = st.multiselect(
        "Who is away?",  # one line beside the pitch: a click on the box opens the picker
        candidates,
        help="Pick people to see the team without them (holiday, illness, leaving).",
        default=[name for name in ws.away if name in candidates],
        key=f"away-{ws.version}",
        placeholder="Nobody is away",
    )
parsed, report = evaluate(ws)
team_report = report.team(team)

with header:
    title_column, metrics_column = st.columns([1.6, 3], vertical_alignment="center")
    title_column.title(plain(team))
    title_column.page_link(
        "views/present.py", label="Present on a projector", icon=":material/co_present:"
    )
    # A row that wraps (two by two on a phone) rather than columns, which stack one a line.
    metrics = metrics_column.container(horizontal=True, gap="medium")
    tier_note = "set" if team_report.tier_was_set else "auto"  # auto: from the head count
    metrics.metric("Health", f"{team_report.health}/100", width="content")
    metrics.metric("Bus factor", team_report.bus_factor, width="content")
    metrics.metric(f"Size tier ({tier_note})", team_report.tier, width="content")
    metrics.metric("People", team_report.head_count, width="content")
    if parsed.skipped_rows:
        skipped = sum(len(rows) for rows in parsed.skipped_rows.values())
        st.caption(
            f"{skipped} row{'s' if skipped != 1 else ''} left off the pitch until fixed: "
            "the problems are listed under the table, row by row."
        )

with pitch_column, st.container(key="formation-pitch"):
    st.plotly_chart(
        # A phone's pitch is placed for its narrow column, in smaller type.
        figure("formation-phone" if on_a_phone() else "formation", team_report),
        key="pitch",
        width="stretch",
        config={"displayModeBar": False},
    )

with warnings_area:
    health_breakdown(team_report)
    if team_report.warnings:
        st.page_link(
            "views/fixes.py",
            label="Suggest the fewest fixes",
            icon=":material/build:",
        )
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
