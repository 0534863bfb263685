"""Compare: two scenarios (or versions, or the roster in this tab) side by side."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from teambuilder import services
from teambuilder.analysis.compare import (
    Comparison,
    Pair,
    compare,
    comparison_html,
    comparison_json,
    comparison_text,
    points_text,
    share_text,
)
from teambuilder.catalogue import catalogue
from teambuilder.charts import formation_figure
from teambuilder.formation import PHONE
from teambuilder.large import whole_roster
from teambuilder.models import Roster
from teambuilder.services import ScenarioSummary
from teambuilder.store import Store, StoreError, StoreUnavailable
from views.common import plain
from views.state import away_in, evaluate, workspace
from views.storage import fail, show_unavailable, store

HERE = "The roster in this tab"
Side = tuple[Roster, tuple[str, ...], str]


def pick_scenario(found: list[ScenarioSummary], side: str, default: int) -> ScenarioSummary | None:
    options: list[ScenarioSummary | None] = [None, *found]
    return st.selectbox(
        f"{side}",
        options,
        index=min(default, len(options) - 1),
        format_func=lambda s: HERE if s is None else s.name,
        key=f"compare-{side}",
    )


def pick_side(
    db: Store | None, choice: ScenarioSummary | None, side: str, *, earlier: bool = False
) -> Side:
    """The roster of one side; ``earlier`` opens the version before the latest by default
    (the same scenario on both sides: A is what it was, B what it is now)."""
    if choice is None or db is None:
        ws = workspace()
        parsed, _ = evaluate(ws)
        return whole_roster(ws, parsed.roster), tuple(away_in(ws, parsed)), HERE
    versions = list(range(choice.version, 0, -1))
    number = st.selectbox(
        f"Version of {side}",
        versions,
        index=1 if earlier and len(versions) > 1 else 0,
        format_func=lambda n: f"version {n}" + (" (latest)" if n == choice.version else ""),
        # Its own key when the other side shows the same scenario: picking it there
        # moves this side to the version before, instead of keeping an earlier pick.
        key=f"compare-{side}-version-{choice.id}" + ("-earlier" if earlier else ""),
    )
    snapshot = services.open_scenario(db, choice.name, number)
    return snapshot.roster, snapshot.away, snapshot.label


def shown(value: object) -> str:
    return "–" if value is None else str(value)


def change(pair: Pair) -> int | None:
    return None if pair.a is None or pair.b is None else int(pair.b - pair.a)


def numbers(result: Comparison, team: str) -> None:
    found = next(t for t in result.teams if t.team == team)
    health, bus = found.health, found.bus_factor
    columns = st.columns(6)
    columns[0].metric("Health A", shown(health.a))
    columns[1].metric("Health B", shown(health.b), delta=change(health))
    columns[2].metric("Bus factor A", shown(bus.a))
    columns[3].metric("Bus factor B", shown(bus.b), delta=change(bus))
    resilience_help = (
        "N-1 resilience: the share of single absences (each person away, one at a time) "
        "that raise no new critical warning. The Stress test page lists them."
    )
    columns[4].metric(
        "Resilience A", share_text(found.resilience.a).replace("-", "–"), help=resilience_help
    )
    columns[5].metric(
        "Resilience B",
        share_text(found.resilience.b).replace("-", "–"),
        delta=points_text(found.resilience_delta) or None,
        help=resilience_help,
    )


def pitches(result: Comparison, team: str) -> None:
    left, right = st.columns(2)
    for column, side, report, label in (
        (left, "A", result.report_a, result.a),
        (right, "B", result.report_b, result.b),
    ):
        with column:
            team_report = next((t for t in report.teams if t.team == team), None)
            st.text(f"{side}: {label}")
            if team_report is None:
                st.info(f"{plain(team)} is not in {side}.")
                continue
            # Half a page wide: the pitch laid out for a narrow column (the phone's
            # layout), not the full-width one squeezed, whose labels then overlap.
            figure = formation_figure(
                team_report,
                title=f"{side} · {team} · health {team_report.health}/100",
                canvas=PHONE,
            )
            st.plotly_chart(
                figure, width="stretch", key=f"pitch-{side}", config={"displayModeBar": False}
            )


def fte(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def seat(status: str | None, required: bool | None, value: float | None) -> str:
    if status is None:
        return "–"
    if status == "missing" and not required:
        return "not needed"
    return f"{status} ({fte(value)} FTE)"


def load_text(load: float | None, available: float | None) -> str:
    return "–" if load is None else f"{fte(load)} of {fte(available)} FTE"


def tables(result: Comparison, team: str) -> None:
    found = next(t for t in result.teams if t.team == team)
    st.subheader("Changes")
    changes = [c for c in result.changes if c.team in (team, None)]
    if changes:
        st.dataframe(
            pd.DataFrame(
                {"Change": [c.sentence for c in changes], "Kind": [c.kind for c in changes]}
            ),
            hide_index=True,
            width="stretch",
            key="compare-changes",
        )
    else:
        st.caption("No change between A and B in this team.")
    added, removed = st.columns(2)
    for column, title, warnings in (
        (added, "Warnings added in B", result.warnings_added),
        (removed, "Warnings gone in B", result.warnings_removed),
    ):
        with column:
            st.subheader(title)
            mine = [w for w in warnings if w.team in (team, None)]
            if not mine:
                st.caption("None.")
                continue
            st.dataframe(
                pd.DataFrame(
                    {
                        "Severity": [w.severity for w in mine],
                        "Warning": [catalogue().rule(w.code).title for w in mine],
                        "What": [w.message for w in mine],
                    }
                ),
                hide_index=True,
                width="stretch",
                key=f"compare-{title}",
            )
    st.subheader("Coverage per position")
    st.dataframe(
        pd.DataFrame(
            {
                "Position": [c.name for c in found.coverage],
                "A": [seat(c.status.a, c.required.a, c.fte.a) for c in found.coverage],
                "B": [seat(c.status.b, c.required.b, c.fte.b) for c in found.coverage],
                "Change (FTE)": [f"{c.delta:+g}" if c.delta else "" for c in found.coverage],
            }
        ),
        hide_index=True,
        width="stretch",
        height="content",  # every position at once: a projector cannot scroll a table
        key="compare-coverage",
    )
    st.subheader("Load per person")
    st.dataframe(
        pd.DataFrame(
            {
                "Person": [p.person for p in found.load],
                "A": [load_text(p.load.a, p.fte.a) for p in found.load],
                "B": [load_text(p.load.b, p.fte.b) for p in found.load],
                "Change (FTE)": [f"{p.delta:+g}" if p.delta else "" for p in found.load],
            }
        ),
        hide_index=True,
        width="stretch",
        key="compare-load",
    )


def downloads(result: Comparison) -> None:
    report_column, json_column, text_column = st.columns(3)
    report_column.download_button(
        "One-page report, A vs B (HTML, prints on one page)",
        comparison_html(result),
        file_name="comparison.html",
        mime="text/html",
        on_click="ignore",
        key="compare-html",
    )
    json_column.download_button(
        "Comparison as JSON",
        json.dumps(comparison_json(result), indent=2, ensure_ascii=False),
        file_name="comparison.json",
        mime="application/json",
        on_click="ignore",
        key="compare-json",
    )
    text_column.download_button(
        "Comparison as text (A vs B)",
        comparison_text(result),
        file_name="comparison.txt",
        mime="text/plain",
        on_click="ignore",
        key="compare-text",
    )


st.title("Compare")
st.caption("Pick two scenarios, two versions of one, or the roster in this tab.")
db = store()
found: list[ScenarioSummary] = []
if db is None:
    show_unavailable("compare")
else:
    try:
        found = services.list_scenarios(db)
    except StoreUnavailable as error:
        fail(error)
        show_unavailable("compare-late")
        db = None
left, right = st.columns(2)
try:
    with left:
        choice_a = pick_scenario(found, "A", 1 if found else 0)
    with right:
        choice_b = pick_scenario(found, "B", 0)
    same = choice_a is not None and choice_b is not None and choice_a.id == choice_b.id
    with left:
        side_a = pick_side(db, choice_a, "A", earlier=same)
    with right:
        side_b = pick_side(db, choice_b, "B")
except StoreError as error:
    st.error(f"This scenario cannot be opened: {plain(str(error))}.")
    st.stop()
result = compare(
    side_a[0], side_b[0], away_a=side_a[1], away_b=side_b[1], label_a=side_a[2], label_b=side_b[2]
)
# Teams on both sides first: those are the ones worth comparing.
teams = sorted(
    (t.team for t in result.teams),
    key=lambda name: next(
        t.health.a is None or t.health.b is None for t in result.teams if t.team == name
    ),
)
if not teams:
    st.info("Neither side has a team.")
    st.stop()
team = st.selectbox("Team", teams, key="compare-team") if len(teams) > 1 else teams[0]
numbers(result, team)
pitches(result, team)
tables(result, team)
downloads(result)
