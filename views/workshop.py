"""Workshop: the facilitator's agenda, the join code for phones, the room's votes."""

from __future__ import annotations

import os
from functools import partial
from urllib.parse import urlsplit

import plotly.graph_objects as go
import streamlit as st

from teambuilder import services
from teambuilder.analysis.identity import subject_key
from teambuilder.catalogue import catalogue, workshop_guide
from teambuilder.charts import formation_figure
from teambuilder.models import AcceptedRisk, TeamReport
from teambuilder.scoring import score
from teambuilder.store import Store, StoreError
from teambuilder.wording import counted
from teambuilder.workshop.agenda import agenda
from teambuilder.workshop.codes import join_link, qr_png
from teambuilder.workshop.presets import differences, load_presets, nearest_preset
from teambuilder.workshop.votes import VoteError, room_disagrees
from teambuilder.workshop_services import (
    FacilitatorView,
    WorkshopResults,
    accept_workshop_risk,
    close_workshop,
    facilitator_view,
    move_to_step,
    open_workshop,
    reveal_votes,
    withdraw_workshop_risk,
)
from views.common import plain
from views.panels import acceptance_words
from views.risks import risk_controls
from views.state import (
    CACHE_TTL_SECONDS,
    away_in,
    current_team,
    evaluate,
    remember_for_undo,
    replace_roster,
    workspace,
)
from views.storage import current, fail, load_snapshot, show_unavailable, store

JOIN_URL_ENV = "TEAMBUILDER_JOIN_URL"
JOIN_URL_KEY = "workshop_join_url"
WORKSHOP_PARAM = "workshop"
WORKSHOP_KEY = "workshop_token"
POLL_SECONDS = 2.0


def facilitator_token() -> str | None:
    """The workshop this tab runs: kept in the address bar, so a reload reopens it."""
    token = st.query_params.get(WORKSHOP_PARAM) or st.session_state.get(WORKSHOP_KEY)
    if token:
        st.session_state[WORKSHOP_KEY] = token
        st.query_params[WORKSHOP_PARAM] = token
    return token


def forget_workshop() -> None:
    st.session_state.pop(WORKSHOP_KEY, None)
    st.query_params.pop(WORKSHOP_PARAM, None)


def agenda_line(title: str, intro: str) -> str:
    """One step of the agenda: a title that ends in a question mark takes no colon."""
    joiner = " " if title.endswith(("?", "!", ".", ":")) else ": "
    return f"{title}{joiner}{intro}"


def start_panel(db: Store) -> None:
    ws = workspace()
    parsed, report = evaluate(ws)
    team = current_team(ws)
    guide = workshop_guide()
    st.write(
        "Walk the room through the team step by step. People join on their phones with a "
        "code, say who they think covers each position and how much they agree with each "
        "warning. Their answers stay hidden until you reveal them."
    )
    st.caption("The agenda")
    for number, step in enumerate(guide.steps, start=1):
        st.text(f"{number}. {agenda_line(step.title, step.intro)}")
    if parsed.problems:
        st.warning(
            f"Left out of the workshop until fixed on the Formation page: "
            f"{counted(len(parsed.problems), 'roster row')} with problems."
        )
    if st.button(f"Start a workshop on {team}", type="primary", key="workshop-start"):
        opened_scenario = current()
        try:
            opened = open_workshop(
                db,
                parsed.roster,
                team,
                away_in(ws, parsed),
                scenario_id=opened_scenario.id if opened_scenario else None,
            )
        except StoreError as error:
            fail(error)
            st.error(f"The workshop could not be started: {plain(str(error))}.")
            return
        st.session_state[WORKSHOP_KEY] = opened.token
        st.query_params[WORKSHOP_PARAM] = opened.token
        st.rerun()
    reference_panel(report.team(team))


def reference_panel(team_report: TeamReport) -> None:
    """'What a team of your size usually has', and presets to start from."""
    presets = load_presets(workshop_guide())
    with st.expander("Reference formations: what a team of this size usually has"):
        nearest = nearest_preset(presets, team_report.head_count)
        chosen = st.selectbox(
            "Compare with",
            presets,
            index=presets.index(nearest),
            format_func=lambda preset: preset.label,
            key="workshop-preset",
        )
        reference = score(chosen.roster).teams[0]
        found = differences(catalogue(), team_report, reference)
        if found:
            for difference in found:
                st.text(f"• {difference.sentence}")
        else:
            st.text("This team has at least what a team of this size usually has.")
        if st.button(f"Open “{chosen.label}” as a starting point", key="workshop-open-preset"):
            remember_for_undo()
            replace_roster(chosen.roster, label=f"Reference: {chosen.label}")
            st.rerun()


def participants_address() -> str:
    """Where phones reach the participants' page: set once per room, kept for the session."""
    default = os.environ.get(JOIN_URL_ENV) or origin(st.context.url or "")
    return str(
        st.text_input(
            "Phones reach the app at",
            value=st.session_state.get(JOIN_URL_KEY, default),
            key=JOIN_URL_KEY,
            help=(
                "The address phones in the room can open: this app's network address, or the "
                "participants' server started with `make room`. Set TEAMBUILDER_JOIN_URL to "
                "fill it in for every workshop."
            ),
        )
    )


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/" if parts.netloc else "http://localhost:8501/"


def join_panel(view: FacilitatorView) -> None:
    with st.expander("Where phones join"):
        address = participants_address()
    link = join_link(address, view.code)
    code_column, qr_column = st.columns([3, 2])
    code_column.metric("Join code", view.code)
    code_column.text(link)
    qr_column.image(qr_png(link), width=150)


def tallies(view: FacilitatorView, positions: tuple[str, ...]) -> None:
    cat = catalogue()
    results = view.results
    st.subheader("The room says")
    st.caption(
        f"{view.participants} joined · {view.voters} voted · {counted(view.votes, 'answer')} so far"
    )
    if results is None:
        st.info("Votes are hidden until you reveal them.")
        return
    shown = [p for p in results.positions if p.total and (not positions or p.position in positions)]
    if not shown:
        st.text("No answers yet on the positions of this step.")
    for result in shown:
        flag = "  ⚑ the room disagrees with the roster" if result.disagrees else ""
        st.text(f"{cat.name_of(result.position)}: {result.sentence}{flag}")


def agreement_of(results: WorkshopResults | None, key: str) -> str | None:
    if results is None:
        return None
    for result in results.warnings:
        if result.warning == key and any(result.levels):
            return result.sentence
    return None


def running_panel(db: Store, token: str) -> None:
    guide = workshop_guide()
    try:
        view = facilitator_view(db, token)
    except StoreError as error:
        st.error(f"This workshop cannot be opened: {plain(str(error))}.")
        if st.button("Start another workshop", key="workshop-forget"):
            forget_workshop()
            st.rerun()
        return
    report = score(view.roster, view.away).team(view.team)
    steps = agenda(guide, report)
    step = steps[min(view.step, len(steps) - 1)]
    state = "open" if view.is_open else "closed: results frozen"
    st.title(f"Workshop on {plain(view.team)}")
    st.caption(f"Step {step.number} of {len(steps)} · {state}")

    nav = st.columns([1, 1, 3])
    if view.is_open:
        if nav[0].button("◀ Previous step", disabled=step.number == 1, key="ws-prev"):
            move(db, token, view.step - 1)
        if nav[1].button("Next step ▶", disabled=step.number == len(steps), key="ws-next"):
            move(db, token, view.step + 1)

    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.subheader(f"{step.number}. {step.step.title}")
        st.write(step.step.intro)
        if not step.warnings:
            st.text("None of this team's warnings is about these positions.")
        for index, item in enumerate(step.warnings):
            warning = item.warning
            with st.container(border=True):
                accepted = warning.accepted is not None and not warning.accepted.due
                if accepted:  # muted: the room decided to live with it for now
                    st.caption(plain(f"✓ {warning.title} · accepted: {warning.message}"))
                else:
                    st.text(f"{warning.title} ({warning.severity.value}): {warning.message}")
                if warning.accepted is not None:
                    st.caption(plain(acceptance_words(warning) or ""))
                if item.questions:
                    st.caption("Ask the room")
                    st.text("\n".join(f"• {question}" for question in item.questions))
                said = agreement_of(view.results, subject_key(report.team, warning))
                if said:
                    st.text(f"The room: {said}")
                if view.is_open:
                    risk_controls(
                        report.team,
                        warning,
                        key=f"ws-risk-{step.number}-{index}-{subject_key(report.team, warning)}",
                        accept=partial(accept_here, db, token),
                        withdraw=partial(withdraw_here, db, token),
                    )
        if step.step.id == "actions":
            actions(report)
        step_pitch(db, token, report, step.step.positions)
    with right:
        live_tallies(db, token, step.step.positions)
        if view.is_open:
            join_panel(view)
        controls(db, token, view)


@st.cache_resource(max_entries=32, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _step_figure(
    team_report_json: str, positions: tuple[str, ...], disagrees: tuple[tuple[str, str], ...]
) -> go.Figure:
    team_report = TeamReport.model_validate_json(team_report_json)
    return formation_figure(
        team_report, highlight=positions, dim_others=True, room_disagrees=dict(disagrees)
    )


@st.fragment(run_every=POLL_SECONDS)
def step_pitch(db: Store, token: str, report: TeamReport, positions: tuple[str, ...]) -> None:
    """The pitch with this step's positions ringed and the rest faint (all of it when the
    step names no positions: who is away, the actions), and a square where the room's
    revealed votes differ from the roster; re-read with the votes every couple of seconds."""
    try:
        disagrees = room_disagrees(facilitator_view(db, token).results, positions)
    except StoreError:
        disagrees = {}  # the tallies beside the pitch say that the votes cannot be read
    if positions:
        names = ", ".join(catalogue().name_of(p) for p in positions)
        st.caption(f"On the pitch: {names} (ringed); the other positions are faint.")
    if disagrees:
        st.caption("A square marks a position where the room disagrees with the roster.")
    fig = _step_figure(report.model_dump_json(), positions, tuple(sorted(disagrees.items())))
    st.plotly_chart(fig, key="workshop-pitch", width="stretch", config={"displayModeBar": False})


@st.fragment(run_every=POLL_SECONDS)
def live_tallies(db: Store, token: str, positions: tuple[str, ...]) -> None:
    """Re-read the votes every couple of seconds, without rerunning the whole page."""
    try:
        view = facilitator_view(db, token)
    except StoreError as error:
        st.warning(f"The votes cannot be read right now: {plain(str(error))}.")
        return
    tallies(view, positions)


def accept_here(db: Store, token: str, risk: AcceptedRisk) -> str | None:
    try:
        accept_workshop_risk(db, token, risk)
    except (StoreError, VoteError) as error:
        return f"The risk could not be accepted: {error}."
    return None


def withdraw_here(db: Store, token: str, warning: str) -> str | None:
    try:
        withdraw_workshop_risk(db, token, warning)
    except (StoreError, VoteError) as error:
        return f"The acceptance could not be withdrawn: {error}."
    return None


def actions(report: TeamReport) -> None:
    critical = [w for w in report.warnings if w.severity.value == "critical"]
    st.caption("Actions for the critical warnings")
    if not critical:
        st.text("No critical warning: pick the warnings the room cares most about.")
    for warning in critical:
        st.text(f"• {warning.title}: {warning.advice}")


def move(db: Store, token: str, step: int) -> None:
    try:
        move_to_step(db, token, step)
    except (StoreError, VoteError) as error:
        st.error(f"The step could not change: {plain(str(error))}.")
        return
    st.rerun()


def controls(db: Store, token: str, view: FacilitatorView) -> None:
    if not view.is_open:
        saved = view.results
        where = (
            f" Saved with the accepted risks as version {saved.scenario_version} of the "
            f"scenario “{saved.scenario}”."
            if saved is not None and saved.scenario and saved.scenario_version
            else ""
        )
        st.success("This workshop is closed; its results are frozen." + plain(where))
        if (
            saved is not None
            and saved.scenario
            and saved.scenario_version
            and st.button("Open that version in this tab", key="workshop-open-saved")
        ):
            open_saved(db, saved.scenario, saved.scenario_version)
        if st.button("Start another workshop", key="workshop-new"):
            forget_workshop()
            st.rerun()
        return
    label = "Hide the votes" if view.revealed else "Reveal the votes"
    if st.button(label, key="workshop-reveal", type="primary"):
        try:
            reveal_votes(db, token, not view.revealed)
        except StoreError as error:
            st.error(f"That did not work: {plain(str(error))}.")
        st.rerun()
    confirm = st.checkbox("Yes, close it: the code stops working", key="workshop-close-confirm")
    if st.button("Close the workshop", key="workshop-close", disabled=not confirm):
        try:
            close_workshop(db, token)
        except StoreError as error:
            st.error(f"The workshop could not be closed: {plain(str(error))}.")
            return
        st.rerun()


def open_saved(db: Store, name: str, version: int) -> None:
    """Put the scenario version the workshop was saved into in this tab (undoable)."""
    try:
        snapshot = services.open_scenario(db, name, version)
    except StoreError as error:
        st.error(f"That scenario cannot be opened: {plain(str(error))}.")
        return
    load_snapshot(snapshot)
    st.switch_page("views/formation.py")


db = store()
if db is None:
    st.title("Workshop")
    show_unavailable("workshop")
    st.stop()
token = facilitator_token()
if token:
    running_panel(db, token)
else:
    st.title("Workshop")
    start_panel(db)
