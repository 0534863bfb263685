"""The stress test page: what breaks when one, two (or three) people are away at once."""

from __future__ import annotations

import hashlib
from collections import Counter

import pandas as pd
import streamlit as st

from teambuilder.analysis.stress import (
    MAX_N3_PEOPLE,
    TeamStress,
    combination_count,
    describe,
    percent,
    stress_test,
)
from teambuilder.catalogue import catalogue
from teambuilder.models import Roster
from teambuilder.stress_chart import MAX_PEOPLE, heatmap_people, pair_at, pair_heatmap
from views.common import plain
from views.state import current_team, evaluate, open_formation_with_away, workspace

# About a second of work on these machines: more combinations than this get a progress bar.
PROGRESS_ABOVE = 3_000
CACHE_KEY = "stress_results"
WORST = 10


def run_stress(roster: Roster, teams: list[str], depth: int) -> list[TeamStress]:
    """The teams' stress tests, kept per roster content so reruns are instant."""
    digest = hashlib.sha256(roster.model_dump_json().encode()).hexdigest()
    key = f"{digest}-{depth}-{len(teams)}-{hashlib.sha256(chr(0).join(teams).encode()).hexdigest()}"
    cache: dict[str, list[TeamStress]] = st.session_state.setdefault(CACHE_KEY, {})
    if key in cache:
        return cache[key]
    chosen = set(teams)
    present = Counter(p.team for p in roster.people if p.team in chosen and not p.absent)
    bar = None
    if sum(combination_count(n, depth) for n in present.values()) > PROGRESS_ABOVE:
        bar = st.progress(0.0, text="Scoring every combination of absences …")

    def progress(done: int, total: int) -> None:
        if bar is not None and total:
            bar.progress(done / total, text=f"Scored {done:,} of {total:,} combinations")

    results = stress_test(roster, depth=depth, teams=teams, progress=progress)
    if bar is not None:
        bar.empty()
    if len(cache) >= 4:
        cache.pop(next(iter(cache)))
    cache[key] = results
    return results


def every_team_table(results: list[TeamStress]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Team": r.team,
                "People": len(r.people),
                "N-1 resilience": percent(r.n1),
                "N-2 resilience": percent(r.n2),
                "Health today": r.health,
                "Worst case": r.combinations[0].health if r.combinations else r.health,
            }
            for r in results
        ]
    )


def left_out_note(people: tuple[str, ...]) -> str:
    """Why a pair can be missing from the table, with this team's own names as the example."""
    note = "A combination that only adds someone whose absence changes nothing more is left out"
    if len(people) < 2:
        return note + "."
    first, second = people[0], people[1]
    return (
        f"{note} (if {first} and {second} away score the same as {first} alone, only "
        f"{first} is listed)."
    )


def worst_table(result: TeamStress) -> pd.DataFrame:
    cat = catalogue()
    rows = [
        {
            "Who is away": ", ".join(c.away),
            "Health": c.health,
            "Bus factor": c.bus_factor,
            # What stops first: before the warnings' titles, which a projector may cut.
            "Nobody holds": ", ".join(cat.name_of(pid) for pid in c.empty_positions) or "–",
            "New critical warnings": ", ".join(
                dict.fromkeys(cat.rule(code).title for code in c.new_critical)
            )
            or "none",
        }
        for c in result.worst(WORST)
    ]
    return pd.DataFrame(rows)


ws = workspace()
team = current_team(ws)
parsed, _ = evaluate(ws)

st.title(f"Stress test: {plain(team)}")
st.caption(
    "Every person away on their own, every pair (and, in teams of up to "
    f"{MAX_N3_PEOPLE}, every three) is scored as if they were gone. People ticked Away "
    "in the roster stay away throughout; the what-if picks of the Formation page are not "
    "included."
)
three = st.toggle(
    f"Also three people at once (teams of up to {MAX_N3_PEOPLE} people)",
    key="stress-depth-3",
)
depth = 3 if three else 2
(result,) = run_stress(parsed.roster, [team], depth)

if not result.combinations:
    if not parsed.roster.members(team):
        st.info("Nobody in this team yet: add people on the Formation page to test absences.")
    else:
        st.info("Nobody in this team is present, so there is no absence to test.")
    st.stop()

n1, n2, today, worst_health = st.columns(4)
n1.metric(
    "N-1 resilience",
    percent(result.n1),
    help="Share of single absences that raise no new critical warning",
)
n2.metric(
    "N-2 resilience",
    percent(result.n2),
    help="Share of pairs away that raise no new critical warning",
)
today.metric("Health today", result.health)
worst = result.combinations[0]
worst_health.metric("Worst case", worst.health, delta=worst.health - result.health)
if result.n3 is not None:
    st.caption(f"N-3 resilience: {percent(result.n3)} of every three people away.")

st.subheader("The worst combination")
st.warning(plain(describe(worst)))
if st.button("Show it on the Formation page", key="open-worst"):
    open_formation_with_away(ws, list(worst.away))

st.subheader(f"The worst {len(result.worst(WORST))} combinations")
st.caption(plain(left_out_note(result.people)))
st.dataframe(
    worst_table(result),
    hide_index=True,
    width="stretch",
    column_config={
        "Health": st.column_config.NumberColumn(width="small"),
        "Bus factor": st.column_config.NumberColumn(width="small"),
        "Nobody holds": st.column_config.TextColumn(width="large"),
    },
)

st.subheader("Health with both away")
shown = heatmap_people(result)
note = (
    f" Showing the {MAX_PEOPLE} people whose absence alone costs the most."
    if len(result.people) > MAX_PEOPLE
    else ""
)
st.caption(
    "Each cell is the team's health (0–100, darker is worse) with the person of its row "
    "and the person of its column away; the outlined diagonal is one person alone. "
    "Click a cell to open the Formation page with them away." + note
)
if len(shown) < 2:
    st.caption("A team of one has no pairs to show.")
else:
    event = st.plotly_chart(
        pair_heatmap(result),
        key="pair-heatmap",
        on_select="rerun",
        selection_mode="points",
        width="stretch",
        config={"displayModeBar": False},
    )
    points = event["selection"]["points"] if event else []
    if points:
        chosen = pair_at(result, points[0])
        if chosen:
            open_formation_with_away(ws, chosen)

if len(ws.team_names) > 1:
    st.subheader("Every team")
    if st.button("Test every team", key="stress-every-team"):
        st.session_state["stress-every-team-shown"] = True
    if st.session_state.get("stress-every-team-shown"):
        every = run_stress(parsed.roster, parsed.roster.team_names(), depth)
        st.dataframe(every_team_table(every), hide_index=True, width="stretch")
