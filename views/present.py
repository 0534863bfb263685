"""The presentation view: the pitch on a projector, the warnings one at a time.

Landscape pitch filling the screen (1280x720 and up) without scrolling, no sidebar or
editor, the team and its health in large type; Next and Previous (or the arrow keys)
step through the warnings, costliest first, and ring what each one is about on the pitch.
Opened from the navigation, the Formation page's Present button, or any link with
``?view=present``. A second screen follows the facilitator through ``&follow=<id>``
(see views/live.py).
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from teambuilder.catalogue import catalogue
from teambuilder.charts import formation_figure
from teambuilder.formation import (
    LANDSCAPE,
    LANDSCAPE_LARGE,
    PHONE,
    Canvas,
    build_formation,
    warning_anchors,
)
from teambuilder.models import Report, TeamReport
from teambuilder.presentation import RankedWarning, points_words, ranked_warnings, step_of
from teambuilder.scoring import UnknownPersonError, score
from views import live
from views.common import SEVERITY_ICONS, only_because, plain
from views.panels import health_words
from views.state import CACHE_TTL_SECONDS, current_team, evaluate, on_a_phone, workspace

FOLLOW_PARAM = "follow"
SCREEN_PARAM = "screen"
# The pitch is laid out for the screen it is shown on (Streamlit cannot read the
# window's size): 720 lines by default, 1080 for a full-HD projector.
SCREENS: dict[str, Canvas] = {"720": LANDSCAPE, "1080": LANDSCAPE_LARGE}
SCREEN_LABELS = {"720": "1280×720", "1080": "1920×1080"}
# A phone following the laptop (its User-Agent says so) gets the portrait pitch of the
# Formation page's phone layout: a landscape pitch squeezed to 390 px is unreadable.
PHONE_SCREEN = "phone"


def canvas_for(screen: str) -> Canvas:
    return PHONE if screen == PHONE_SCREEN else SCREENS[screen]


# The page as a slide: no header, no sidebar, small margins; the pitch's box takes the
# height the screen has left. Static CSS, no user text in it.
SLIDE_CSS = """
<style>
header[data-testid="stHeader"], section[data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1.2rem 0.2rem !important;
  max-width: 100% !important; }
.st-key-present-head h1 { font-size: clamp(2.2rem, 2.6vw, 3.6rem); padding: 0; line-height: 1.15; }
.st-key-present-head h2 { font-size: clamp(1.9rem, 2.2vw, 3rem); padding: 0; line-height: 1.2; }
.st-key-present-step p { font-size: clamp(1.05rem, 1.25vw, 1.7rem); line-height: 1.4; }
.st-key-present-step h3 { font-size: clamp(1.5rem, 1.8vw, 2.4rem); padding: 0.2rem 0; }
</style>
"""


@st.cache_resource(max_entries=32, ttl=CACHE_TTL_SECONDS, show_spinner=False)
def _pitch(team_report_json: str, highlight: tuple[str, ...], screen: str) -> go.Figure:
    team_report = TeamReport.model_validate_json(team_report_json)
    canvas = canvas_for(screen)
    return formation_figure(team_report, title="", canvas=canvas, highlight=highlight)


def pitch(team_report: TeamReport, highlight: tuple[str, ...], screen: str) -> go.Figure:
    """The landscape pitch, built once per report, highlight and screen."""
    return _pitch(team_report.model_dump_json(), highlight, screen)


def screen_choice() -> str:
    """The screen the pitch is laid out for, kept in the link (``&screen=1080``)."""
    wanted = st.query_params.get(SCREEN_PARAM, "720")
    picked = st.segmented_control(
        "Screen",
        list(SCREENS),
        default=wanted if wanted in SCREENS else "720",
        format_func=SCREEN_LABELS.__getitem__,
        key="present-screen",
        label_visibility="collapsed",
        help="The screen size the pitch is drawn for",
    )
    screen = picked if picked in SCREENS else "720"
    if st.query_params.get(SCREEN_PARAM) != screen:
        st.query_params[SCREEN_PARAM] = screen
    return screen


def followed() -> tuple[Report, str, int, int] | None:
    """The facilitator's team when this tab follows one: report, team, step, version."""
    channel = st.query_params.get(FOLLOW_PARAM)
    if not channel:
        return None
    try:
        found = live.read(channel)
    except live.Unavailable as problem:
        st.warning(
            f"This screen cannot show the facilitator's team now: the database is "
            f"unavailable ({plain(str(problem))}). It tries again by itself; the laptop "
            "keeps working meanwhile."
        )
        live.watch(channel, None)
        st.stop()
    if found is None:
        st.error(
            "Nothing to follow: this screen link is unknown or has expired (it is removed "
            "when the laptop's screen has not changed for 12 hours). Open Present on the "
            "facilitator's laptop for a new link."
        )
        st.stop()
    roster = live.roster_of(found)
    try:
        report = score(roster, list(found.away))
    except UnknownPersonError:
        report = score(roster)
    return report, found.team, found.step, found.version


def header(team_report: TeamReport) -> str:
    with st.container(key="present-head", horizontal=True, vertical_alignment="center"):
        st.title(plain(team_report.team), anchor=False, width="stretch")
        colour, word = health_words(team_report.health)
        st.header(
            f"Health :{colour}[{team_report.health}/100 · {word}]", anchor=False, width="content"
        )
        bus = team_report.bus_factor
        bus_colour = "red" if bus <= 1 else ("orange" if bus == 2 else "green")
        st.header(f"Bus factor :{bus_colour}[{bus}]", anchor=False, width="content")
        screen = screen_choice()
        if st.query_params.get(FOLLOW_PARAM) is None:
            st.page_link("views/formation.py", label="Edit", icon=":material/edit:")
    return screen


def step_markdown(ranked: list[RankedWarning], step: int) -> str:
    """One warning of the presentation as ONE Markdown element: its place in the list,
    severity and cost, title, words, what it points at and what to do.

    One element, not several: Streamlit redraws a page's elements one after another, so
    a heading and a title drawn apart could show, for a moment, one warning's severity
    and points above the previous warning's title (the enterprise example's critical
    overload read once as "warning, 8 points" that way).
    """
    entry = ranked[step]
    warning = entry.warning
    cat = catalogue()
    parts = [
        f"**Warning {step + 1} of {len(ranked)}** · {SEVERITY_ICONS[warning.severity]} "
        f"{warning.severity.value} · {points_words(entry)}",
        f"### {plain(warning.title)}",
        plain(warning.message),
    ]
    if warning.absences:
        parts.append(f"_{plain(only_because(warning.absences))}_")
    where = [cat.name_of(pid) for pid in warning.positions if pid in cat.position_ids]
    about = ", ".join([*where, *warning.people])
    if about:
        parts.append(f"**On the pitch:** {plain(about)} (ringed in blue)")
    parts.append("_What to do:_ " + plain(warning.advice))
    return "\n\n".join(parts)


def show_step(ranked: list[RankedWarning], step: int) -> None:
    if not ranked:
        st.success("No warnings: every required position is covered and nobody is stretched.")
        return
    st.markdown(step_markdown(ranked, step_of(len(ranked), step)))


def go_to(step: int) -> None:
    st.session_state[live.STEP_KEY] = step


def steps(team_report: TeamReport, step: int, following: bool) -> tuple[int, list[RankedWarning]]:
    ranked = ranked_warnings(team_report)
    step = step_of(len(ranked), step)
    if not following:
        st.session_state[live.STEP_KEY] = step
    return step, ranked


following = followed()
st.html(SLIDE_CSS)
if following is not None:
    report, team, step, version = following
    team_report = report.team(team) if team in [t.team for t in report.teams] else report.teams[0]
else:
    ws = workspace()
    team = current_team(ws)
    _, report = evaluate(ws)
    team_report = report.team(team)
    step = int(st.session_state.get(live.STEP_KEY, 0))
    version = 0

screen = header(team_report)
drawn = PHONE_SCREEN if on_a_phone() else screen  # the layout the pitch is drawn in
step, ranked = steps(team_report, step, following is not None)
current = ranked[step] if ranked else None
formation = build_formation(team_report, canvas=canvas_for(drawn))
highlight = tuple(warning_anchors(current.warning, formation)) if current else ()
board, side = st.columns([3.2, 1.15], gap="small")
with board, st.container(key="present-pitch"):
    st.plotly_chart(
        pitch(team_report, highlight, drawn),
        key="present-chart",
        width="stretch",
        height="content" if drawn == PHONE_SCREEN else "stretch",
        config={"displayModeBar": False, "responsive": True},
    )
with side:
    with st.container(key="present-step"):
        show_step(ranked, step)
    if following is None and ranked:
        back, forward = st.columns(2)
        back.button(
            "Previous",
            key="present-prev",
            disabled=step == 0,
            shortcut="Left",
            width="stretch",
            help="Or press the left arrow key",
            on_click=go_to,
            args=(step - 1,),
        )
        forward.button(
            "Next",
            key="present-next",
            help="Or press the right arrow key",
            disabled=step >= len(ranked) - 1,
            shortcut="Right",
            type="primary",
            width="stretch",
            on_click=go_to,
            args=(step + 1,),
        )
    if following is not None:
        st.caption("This screen follows the facilitator's laptop.")
        live.watch(st.query_params[FOLLOW_PARAM], version)
    else:
        with st.expander("Show on a second screen"):
            here = str(st.context.url or "").split("?")[0]
            link = f"{here}?view=present&{SCREEN_PARAM}={screen}&{FOLLOW_PARAM}={live.channel()}"
            st.caption(
                "Open this link on the projector: it follows this laptop, edits included, "
                "within 2 seconds. Anyone with the link sees the team."
            )
            st.code(link, language=None, wrap_lines=True)
            if live.problem():
                st.warning(
                    "The second screen cannot follow now: the database is unavailable "
                    f"({plain(live.problem() or '')}). This laptop keeps working."
                )
