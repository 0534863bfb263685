"""The formation as a picture: PNG and SVG for slides (portrait or 16:9), the report's
SVG, and a self-contained, offline HTML page with plotly.js inside."""

from __future__ import annotations

from datetime import date
from typing import Literal

import plotly.graph_objects as go
from markupsafe import Markup

from teambuilder.charts import esc, formation_figure
from teambuilder.export.chromium import ExportError
from teambuilder.export.kaleido_browser import ImageFormat, render
from teambuilder.export.templates import render_template
from teambuilder.formation import Canvas
from teambuilder.models import TeamReport

__all__ = [
    "IMAGE_HEIGHT",
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "REPORT_IMAGE_HEIGHT",
    "REPORT_IMAGE_WIDTH",
    "SLIDE_CANVAS",
    "WIDE_CANVAS",
    "WIDE_HEIGHT",
    "WIDE_SCALE",
    "WIDE_WIDTH",
    "Layout",
    "formation_html",
    "formation_image",
    "report_figure",
    "report_image",
    "slide_figure",
    "today_or",
]

# The pitch is taller than wide: a portrait picture that fills the height of a 16:9
# slide, with room beside it for the slide's own points; scale 2 makes the PNG 1600x2000.
IMAGE_WIDTH = 800
IMAGE_HEIGHT = 1000
IMAGE_SCALE = 2
# The pitch turned a quarter, for a whole 16:9 slide: 1280x720 layout pixels, legend on
# the right; scale 1.5 makes the PNG 1920x1080.
WIDE_WIDTH = 1280
WIDE_HEIGHT = 720
WIDE_SCALE = 1.5
TITLE_TOP = 86  # px above the plot for the title and its line of facts
# Labels are placed for these plot areas (the image's size less title, legend, margins).
SLIDE_CANVAS = Canvas(width=780.0, height=800.0, name_px=16.0, marker_px=32.0, manager_px=24.0)
WIDE_CANVAS = Canvas(
    width=980.0,
    height=WIDE_HEIGHT - TITLE_TOP - 10,
    orientation="landscape",
    name_px=18.0,
    band_px=14.0,
    marker_px=38.0,
    manager_px=28.0,
)
Layout = Literal["portrait", "landscape"]
# Longer team names are cut in the image's title (the report has them whole).
TITLE_NAME_MAX = 48
# The report's picture: the same pitch without a title, shown about 9 cm wide on A4.
REPORT_IMAGE_WIDTH = 600
REPORT_IMAGE_HEIGHT = 900

# --- The figure on the slide ---------------------------------------------------------


def today_or(when: date | None) -> date:
    return when if when is not None else date.today()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slide_figure(
    team_report: TeamReport, *, when: date | None = None, layout: Layout = "portrait"
) -> go.Figure:
    """The formation sized for a slide, titled with team, tier, health and the date.

    ``portrait`` (800x1000, legend below) sits beside a slide's points; ``landscape``
    (1280x720, 16:9, legend on the right) fills a slide. The legend stays on the
    picture: a slide has no hover to explain the symbols.
    """
    wide = layout == "landscape"
    canvas = WIDE_CANVAS if wide else SLIDE_CANVAS
    figure = formation_figure(team_report, canvas=canvas, legend="right" if wide else "below")
    day = today_or(when).isoformat()
    people = team_report.head_count
    facts = [
        day,
        f"{people} {'person' if people == 1 else 'people'}",
        f"bus factor {team_report.bus_factor}",
    ]
    if team_report.absent:
        facts.append("away: " + ", ".join(esc(name) for name in team_report.absent))
    heading = (
        f"<b>{esc(_short(team_report.team, TITLE_NAME_MAX))}</b> · {team_report.tier} team"
        f" · health {team_report.health}/100"
    )
    margin = figure.layout.margin
    bottom = margin.b if margin.b is not None else 10
    width = WIDE_WIDTH if wide else IMAGE_WIDTH
    height = WIDE_HEIGHT if wide else IMAGE_HEIGHT
    figure.update_layout(
        title={
            "text": heading,
            "subtitle": {"text": " · ".join(facts), "font": {"size": 16, "color": "#4D4D4D"}},
            "x": 0.5,
            "xanchor": "center",
            "y": 0.985,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 24},
        },
        width=width,
        # Taller only when the names shortened on the pitch need lines below it.
        height=max(height, round(canvas.height + TITLE_TOP + bottom)),
        margin={"l": 10, "t": TITLE_TOP},
    )
    return figure


def formation_image(
    team_report: TeamReport,
    fmt: ImageFormat = "png",
    *,
    when: date | None = None,
    layout: Layout = "portrait",
) -> bytes:
    """The formation as a PNG or an SVG, ready for a slide: portrait 1600x2000 px or
    ``landscape`` 16:9, 1920x1080 px (an SVG says the same size).

    Raises ``ExportError`` when Chromium is missing or fails.
    """
    if fmt not in ("png", "svg"):
        raise ExportError(f"unknown image format {fmt!r}; use png or svg")
    if layout not in ("portrait", "landscape"):
        raise ExportError(f"unknown layout {layout!r}; use portrait or landscape")
    scale = WIDE_SCALE if layout == "landscape" else IMAGE_SCALE
    return render(slide_figure(team_report, when=when, layout=layout), fmt, scale)


def report_figure(team_report: TeamReport) -> go.Figure:
    """The formation for the one-page report: no title (the page has it), a tight frame."""
    figure = formation_figure(team_report, title="")
    figure.update_layout(
        width=REPORT_IMAGE_WIDTH,
        height=REPORT_IMAGE_HEIGHT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        legend={"font": {"size": 14}},
    )
    return figure


def report_image(team_report: TeamReport) -> bytes:
    """The report's formation picture as SVG (pass it to ``report_html`` to reuse it)."""
    return render(report_figure(team_report), "svg", scale=1)


def formation_html(team_report: TeamReport, *, when: date | None = None) -> str:
    """The interactive formation as one HTML file with plotly.js inside: opens offline."""
    figure = slide_figure(team_report, when=when)
    figure.update_layout(width=None, autosize=True)
    div = figure.to_html(
        full_html=False,
        include_plotlyjs=True,
        config={"displaylogo": False, "responsive": True},
        default_width="100%",
        default_height=f"{IMAGE_HEIGHT}px",
    )
    title = f"{team_report.team} · formation · {today_or(when).isoformat()}"
    # plotly's own div and script (the figure's text JSON-encoded by plotly) is the one
    # value marked safe; the title is escaped by the template.
    return render_template("formation.html.j2", title=title, figure=Markup(div))  # noqa: S704
