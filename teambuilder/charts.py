"""Plotly figure builders: a report in, a ``go.Figure`` out. No Streamlit here.

Every string that came from a user (names, titles, team names, warning messages that
quote them) goes through ``esc`` before it reaches a figure: plotly renders a small
HTML subset in text, hover and tick labels.
"""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.formation import (
    CROWDED,
    DRAW_STATUSES,
    Badge,
    DrawStatus,
    Formation,
    Link,
    ManagerMarker,
    Marking,
    PositionMarker,
    build_formation,
    strike,
)
from teambuilder.models import SEVERITY_ORDER, PersonLoad, RuleWarning, Severity, TeamReport
from teambuilder.wording import fmt

# Okabe-Ito colours, the usual colour-blind-safe set: bluish green, orange and vermillion
# keep the green/amber/red reading of the brief yet differ in lightness, so they stay
# apart for red-green colour blindness and on a washed-out projector. The symbol says
# the same thing again (circle = fine, diamond = thin, x = nobody, ring = not needed),
# and the thick dark outline keeps every marker visible on the green pitch.
STATUS_COLOURS: dict[DrawStatus, str] = {
    "covered": "#009E73",
    "thin": "#E69F00",
    "missing": "#D55E00",
    "not_required": "#8C8C8C",
}
STATUS_SYMBOLS: dict[DrawStatus, str] = {
    "covered": "circle",
    "thin": "diamond",
    "missing": "x",
    "not_required": "circle-open",
}
STATUS_LEGEND: dict[DrawStatus, str] = {
    "covered": "Covered",
    "thin": "Thin (too little time or people)",
    "missing": "Missing (needed, nobody)",
    "not_required": "Not needed at this size",
}
STATUS_WORDS: dict[DrawStatus, str] = {
    "covered": "covered",
    "thin": "thinly covered",
    "missing": "missing",
    "not_required": "not required at this size",
}
# Badges reuse the severity meaning of the status colours (vermillion = critical, orange
# = warning) and add Okabe-Ito blue for info; their shape repeats the severity as well.
SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.critical: "#D55E00",
    Severity.warning: "#E69F00",
    Severity.info: "#56B4E9",
}
SEVERITY_SYMBOLS: dict[Severity, str] = {
    Severity.critical: "octagon",
    Severity.warning: "square",
    Severity.info: "circle",
}
BADGE_LEGEND: dict[Severity, str] = {
    Severity.critical: "Critical warnings (count)",
    Severity.warning: "Warnings (count)",
    Severity.info: "Notes (count)",
}
SEVERITY_TEXT: dict[Severity, str] = {
    Severity.critical: "#FFFFFF",
    Severity.warning: "#1A1A1A",
    Severity.info: "#1A1A1A",
}
# Okabe-Ito reddish purple: unlike any status colour, and visible on green.
LINK_COLOUR = "#CC79A7"
MANAGER_COLOUR = "#0072B2"
# CARTO "Safe" (after Paul Tol): twelve colour-blind-safe colours, one per position in
# catalogue order, so a position has the same colour in every chart.
POSITION_PALETTE = (
    "#88CCEE",
    "#CC6677",
    "#DDCC77",
    "#117733",
    "#332288",
    "#AA4499",
    "#44AA99",
    "#999933",
    "#882255",
    "#661100",
    "#6699CC",
    "#888888",
)
OTHER_TEAMS_COLOUR = "#BBBBBB"

MARKER_SIZE = 32
MANAGER_SIZE = 24
BADGE_SIZE = 24
NAME_FONT = 15
POSITION_FONT = 14
FONT_FAMILY = "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"


@dataclass(frozen=True, slots=True)
class Theme:
    paper: str
    grass: str
    paint: str
    stands: str
    band_text: str
    ink: str
    muted: str
    outline: str
    label_bg: str


LIGHT = Theme(
    paper="#FFFFFF",
    grass="#D5E8CB",
    paint="#FFFFFF",
    stands="#E9E6DF",
    band_text="#6B6B6B",
    ink="#1A1A1A",
    muted="#6B6B6B",
    outline="#1A1A1A",
    label_bg="rgba(255,255,255,0.82)",
)
DARK = Theme(
    paper="#0E1117",
    grass="#1D3526",
    paint="#6F9A7C",
    stands="#23272F",
    band_text="#A0A4AB",
    ink="#F2F2F2",
    muted="#A0A4AB",
    outline="#F2F2F2",
    label_bg="rgba(14,17,23,0.78)",
)


# --- Text helpers --------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape user text for plotly's HTML subset.

    ``quote=False``: plotly decodes &lt; &gt; &amp; and numeric entities but not
    &quot;, and quotes outside a tag are harmless.
    """
    return html.escape(text, quote=False)


def _wrap(text: str, width: int = 60) -> str:
    """Escape, then wrap for a hover box (wrapping after escaping could split an entity)."""
    return "<br>".join(esc(line) for line in textwrap.wrap(text, width) or [""])


def _two_lines(name: str, width: int = 15) -> str:
    """A position name on up to two lines, broken at the space nearest the middle."""
    if len(name) <= width or " " not in name:
        return esc(name)
    middle = len(name) / 2
    cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: abs(i - middle))
    return f"{esc(name[:cut])}<br>{esc(name[cut + 1 :])}"


def _warning_lines(warnings: Iterable[RuleWarning]) -> list[str]:
    lines = []
    for warning in warnings:
        lines.append(f"<b>{esc(warning.severity.capitalize())}: {esc(warning.title)}</b>")
        lines.append(_wrap(warning.message))
    return lines


def position_colours(cat: Catalogue | None = None) -> dict[str, str]:
    """One colour per position, the same in every chart."""
    cat = cat or catalogue()
    return {
        pid: POSITION_PALETTE[i % len(POSITION_PALETTE)] for i, pid in enumerate(cat.position_ids)
    }


# --- The formation pitch -------------------------------------------------------------


def _shape(marking: Marking, theme: Theme) -> dict[str, Any]:
    line = {"color": theme.paint, "width": 3}
    fill = theme.paint if marking.filled else "rgba(0,0,0,0)"
    if marking.kind == "polyline":
        path = "M " + " L ".join(f"{x:.3f},{y:.3f}" for x, y in marking.points)
        return {"type": "path", "path": path, "line": line, "layer": "below"}
    (x0, y0), (x1, y1) = marking.points
    kind = "rect" if marking.kind == "rect" else "circle"
    return {
        "type": kind,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "line": line,
        "fillcolor": fill,
        "layer": "below",
    }


def _background(formation: Formation, theme: Theme) -> list[dict[str, Any]]:
    x0, x1 = formation.x_range
    shapes: list[dict[str, Any]] = []
    for band in formation.bands:
        if band.name == "management" and not formation.managers:
            continue
        colour = theme.stands if band.name == "stands" else theme.paper
        shapes.append(
            {
                "type": "rect",
                "x0": x0,
                "x1": x1,
                "y0": band.y0,
                "y1": band.y1,
                "line": {"width": 0},
                "fillcolor": colour,
                "layer": "below",
            }
        )
    (gx0, gy0), (gx1, gy1) = formation.grass
    shapes.append(
        {
            "type": "rect",
            "x0": gx0,
            "y0": gy0,
            "x1": gx1,
            "y1": gy1,
            "line": {"width": 0},
            "fillcolor": theme.grass,
            "layer": "below",
        }
    )
    shapes += [_shape(marking, theme) for marking in formation.markings]
    return shapes


def _tag_text(marker: PositionMarker, theme: Theme) -> str:
    parts = []
    for tag in marker.people:
        text = esc(tag.shown)
        if tag.sliver:
            text = f"<i>({text})</i>"
        if tag.absent:
            text = f"<span style='color:{theme.muted}'>{text}</span>"
        parts.append(text)
    if len(parts) > CROWDED:
        # Initials are short: four to a line keeps a crowded position compact.
        return "<br>".join(", ".join(parts[i : i + 4]) for i in range(0, len(parts), 4))
    return "<br>".join(parts)


def _position_hover(marker: PositionMarker, badges: dict[str, Badge]) -> str:
    lines = [f"<b>{esc(marker.name)}</b>: {STATUS_WORDS[marker.status]}"]
    if marker.required:
        lines.append(
            f"{fmt(marker.fte)} of {fmt(marker.required_fte)} FTE needed, "
            f"at least {marker.required_people} "
            f"{'person' if marker.required_people == 1 else 'people'}"
        )
    elif marker.fte:
        lines.append(f"{fmt(marker.fte)} FTE")
    held = [t for t in marker.people if not t.absent and not t.sliver]
    slivers = [t for t in marker.people if not t.absent and t.sliver]
    away = [t for t in marker.people if t.absent]
    for label, tags in (
        ("Held by", held),
        ("Too little to lean on", slivers),
        ("Away", away),
    ):
        if tags:
            names = ", ".join(f"{esc(t.name)} ({fmt(t.allocation)} FTE)" for t in tags)
            lines.append(f"{label}: {names}")
    if marker.vacant:
        lines.append("Nobody holds it")
    badge = badges.get(marker.position)
    if badge is not None:
        counts = Counter(w.title for w in badge.warnings)
        titles = [
            esc(title) + (f" ×{count}" if count > 1 else "")
            for title, count in sorted(counts.items())
        ]
        lines.append(f"⚠ {badge.count} warning{'s' if badge.count > 1 else ''}: ")
        lines[-1] += "; ".join(titles)
    return "<br>".join(lines)


def _status_traces(
    formation: Formation, badges: dict[str, Badge], theme: Theme
) -> list[dict[str, Any]]:
    traces = []
    for status in DRAW_STATUSES:
        markers = [m for m in formation.markers if m.status == status]
        open_symbol = status == "not_required"
        # An unused status still gets its legend entry (plotly hides empty traces from
        # the legend): the key stays the same from one scenario to the next.
        xs: list[float | None] = [m.x for m in markers] or [None]
        ys: list[float | None] = [m.y for m in markers] or [None]
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="markers",
                name=STATUS_LEGEND[status],
                legendgroup=f"status-{status}",
                legendrank=100 + DRAW_STATUSES.index(status),
                customdata=[m.position for m in markers],
                hovertext=[_position_hover(m, badges) for m in markers],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "size": MARKER_SIZE,
                    "symbol": STATUS_SYMBOLS[status],
                    "color": STATUS_COLOURS[status],
                    # An open ring is drawn by its line: keep it grey and thick.
                    "line": {
                        "color": STATUS_COLOURS[status] if open_symbol else theme.outline,
                        "width": 4 if open_symbol else 3,
                    },
                },
                # A click selects a point; keep the others from fading, the view decides.
                unselected={"marker": {"opacity": 1}},
                meta={"role": "position", "status": status},
            )
        )
    return traces


def _link_traces(links: Sequence[Link], theme: Theme) -> list[dict[str, Any]]:
    traces = []
    # The legend shows the first solid line: a dotted one (someone away) would mislead.
    shown = next((i for i, link in enumerate(links) if not link.absent), 0)
    for i, link in enumerate(links):
        width = {None: 4, Severity.info: 4, Severity.warning: 6, Severity.critical: 8}
        traces.append(
            dict(
                type="scatter",
                x=[x for x, _ in link.points],
                y=[y for _, y in link.points],
                mode="lines",
                name="One person, several positions",
                legendgroup="links",
                showlegend=i == shown,
                legendrank=200,
                line={
                    "color": LINK_COLOUR,
                    "width": width[link.severity],
                    "dash": "dot" if link.absent else "solid",
                },
                opacity=0.5 if link.absent else 0.85,
                hoverinfo="skip",
                meta={"role": "link", "person": esc(link.person)},
            )
        )
    return traces


def _link_label(link: Link, formation: Formation, theme: Theme) -> dict[str, Any]:
    """A pill with the person's initials: names the line and carries its hover.

    An annotation, not a trace, so that it is drawn above the name labels: on a narrow
    pitch there is not always a free spot for it.
    """
    names = " → ".join(esc(formation.marker(pid).name) for pid in link.positions)
    hover = [
        f"<b>{esc(link.person)}</b>{' (away)' if link.absent else ''}: "
        f"{len(link.positions)} positions",
        names,
        *_warning_lines(link.warnings),
    ]
    x, y = link.label_point
    return {
        "x": x,
        "y": y,
        "text": f"<b>{esc(link.label)}</b>",
        "name": f"link:{esc(link.person)}",
        "showarrow": False,
        "bgcolor": LINK_COLOUR,
        "bordercolor": theme.paper,
        "borderwidth": 2,
        "borderpad": 2,
        "opacity": 0.6 if link.absent else 1.0,
        # Dark on the pink: white would be too faint on a projector.
        "font": {"size": 14, "color": "#1A1A1A"},
        "hovertext": "<br>".join(hover),
        "hoverlabel": {"bgcolor": theme.paper, "font": {"size": 14, "color": theme.ink}},
    }


def _manager_traces(managers: Sequence[ManagerMarker], theme: Theme) -> list[dict[str, Any]]:
    if not managers:
        return []
    hover = [
        f"<b>{esc(m.name)}</b>{' (away)' if m.absent else ''}<br>Middle manager: on the "
        "reporting line between the team's leads<br>and the sponsor, with no position in "
        "the team"
        for m in managers
    ]
    return [
        dict(
            type="scatter",
            x=[m.x for m in managers],
            y=[m.y for m in managers],
            mode="markers",
            name="Middle manager (no position)",
            legendrank=300,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "size": MANAGER_SIZE,
                "symbol": "square",
                "color": MANAGER_COLOUR,
                "line": {"color": theme.outline, "width": 2},
            },
            meta={"role": "manager"},
        )
    ]


def _badge_hover(badge: Badge, formation: Formation) -> str:
    if badge.kind == "position":
        where = esc(formation.marker(badge.anchor).name)
    elif badge.kind == "manager":
        where = esc(badge.anchor.removeprefix("manager:"))
    else:
        where = "the team"
    plural = "s" if badge.count > 1 else ""
    return "<br>".join(
        [f"<b>{badge.count} warning{plural} on {where}</b>", *_warning_lines(badge.warnings)]
    )


def _badge_traces(formation: Formation) -> list[dict[str, Any]]:
    traces = []
    for severity in SEVERITY_ORDER:
        badges = [b for b in formation.badges if b.severity == severity]
        if not badges:
            continue
        traces.append(
            dict(
                type="scatter",
                x=[b.x for b in badges],
                y=[b.y for b in badges],
                mode="markers+text",
                name=BADGE_LEGEND[severity],
                legendrank=400 + SEVERITY_ORDER.index(severity),
                text=[str(b.count) for b in badges],
                textposition="middle center",
                textfont={"size": 13, "color": SEVERITY_TEXT[severity]},
                # A click on a badge selects its position, like a click on the marker.
                customdata=[b.anchor if b.kind == "position" else b.kind for b in badges],
                hovertext=[_badge_hover(b, formation) for b in badges],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "size": BADGE_SIZE,
                    "symbol": SEVERITY_SYMBOLS[severity],
                    "color": SEVERITY_COLOURS[severity],
                    "line": {"color": "#1A1A1A", "width": 2},
                },
                unselected={"marker": {"opacity": 1}},
                meta={"role": "badge", "severity": severity.value},
            )
        )
    return traces


def _label(x: float, y: float, text: str, theme: Theme, **placement: Any) -> dict[str, Any]:
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "bgcolor": theme.label_bg,
        "borderpad": 2,
        "font": {"size": NAME_FONT, "color": theme.ink},
        **placement,
    }


def _annotations(formation: Formation, theme: Theme) -> list[dict[str, Any]]:
    gap = MARKER_SIZE / 2 + 3
    notes: list[dict[str, Any]] = []
    for marker in formation.markers:
        name = f"<b>{_two_lines(marker.name)}</b>"
        people = _tag_text(marker, theme)
        if marker.vacant and marker.required:
            people = f"<i style='color:{STATUS_COLOURS['missing']}'>nobody</i>"
        if marker.name_side == "left":
            notes.append(
                _label(marker.x, marker.y, name, theme, xanchor="right", xshift=-gap)
                | {"font": {"size": POSITION_FONT, "color": theme.ink}}
            )
        else:
            notes.append(
                _label(marker.x, marker.y, name, theme, yanchor="bottom", yshift=gap)
                | {"font": {"size": POSITION_FONT, "color": theme.ink}}
            )
        if not people:
            continue
        if marker.people_side == "right":
            notes.append(_label(marker.x, marker.y, people, theme, xanchor="left", xshift=gap))
        else:
            notes.append(_label(marker.x, marker.y, people, theme, yanchor="top", yshift=-gap))
    for manager in formation.managers:
        text = esc(manager.shown)
        notes.append(
            _label(manager.x, manager.y, text, theme, xanchor="left", xshift=MANAGER_SIZE / 2 + 3)
        )
    notes += [_link_label(link, formation, theme) for link in formation.links]
    # Warnings that point at no position or person sit on a badge of their own.
    notes += [
        _label(b.x, b.y, "Whole team", theme, xanchor="right", xshift=-(BADGE_SIZE / 2 + 3))
        | {"font": {"size": 14, "color": theme.muted}, "bgcolor": "rgba(0,0,0,0)"}
        for b in formation.badges
        if b.kind == "team"
    ]
    x0 = formation.x_range[0]
    for band in formation.bands:
        if band.name == "management" and not formation.managers:
            continue
        notes.append(
            {
                "x": x0 + 1,
                "y": band.y1,
                "text": band.label.upper(),
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"size": 12, "color": theme.band_text},
            }
        )
    return notes


def formation_figure(
    team_report: TeamReport, *, title: str | None = None, dark: bool = False
) -> go.Figure:
    """The team as a football formation: business end at the top, sponsor in the stands.

    Each position is a point of a "position" trace whose ``customdata`` is the position
    id, so a Streamlit selection tells which position was clicked. Badge points carry
    their position id too (or ``manager`` / ``team``). Nothing a user typed is left
    unescaped anywhere in the figure, ``customdata`` and ``meta`` included.
    """
    theme = DARK if dark else LIGHT
    formation = build_formation(team_report)
    badges = {b.anchor: b for b in formation.badges}
    traces = [
        *_link_traces(formation.links, theme),
        *_manager_traces(formation.managers, theme),
        *_status_traces(formation, badges, theme),
        *_badge_traces(formation),
    ]
    heading = esc(title) if title is not None else _default_title(team_report)
    # One Figure built from plain dicts: plotly validates it once, about 3x faster than
    # building trace objects and updating the layout step by step.
    layout = dict(
        title={"text": heading, "x": 0.5, "xanchor": "center", "font": {"size": 20}},
        shapes=_background(formation, theme),
        annotations=_annotations(formation, theme),
        paper_bgcolor=theme.paper,
        plot_bgcolor=theme.paper,
        font={"family": FONT_FAMILY, "size": NAME_FONT, "color": theme.ink},
        height=1000,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0,
            "yanchor": "top",
            "font": {"size": 14},
            "itemclick": False,
            "itemdoubleclick": False,
        },
        hoverlabel={"font": {"size": 14}, "align": "left"},
        dragmode=False,
        xaxis={
            "range": list(formation.x_range),
            "visible": False,
            "fixedrange": True,
            "constrain": "domain",
        },
        yaxis={
            "range": list(formation.y_range),
            "visible": False,
            "fixedrange": True,
            "scaleanchor": "x",
            "scaleratio": formation.aspect,
            "constrain": "domain",
        },
    )
    return go.Figure(data=traces, layout=layout)


def _default_title(report: TeamReport) -> str:
    return f"<b>{esc(report.team)}</b> · {report.tier} team · health {report.health}/100"


# --- Load per person -----------------------------------------------------------------


def _person_label(person: PersonLoad) -> str:
    if person.status == "absent":
        return f"{esc(strike(person.name))} (away)"
    return esc(person.name)


def _axis_theme(theme: Theme) -> dict[str, Any]:
    return {
        "paper_bgcolor": theme.paper,
        "plot_bgcolor": theme.paper,
        "font": {"family": FONT_FAMILY, "size": NAME_FONT, "color": theme.ink},
        "hoverlabel": {"font": {"size": 14}, "align": "left"},
        "dragmode": False,
    }


def load_figure(team_report: TeamReport, *, dark: bool = False) -> go.Figure:
    """One horizontal bar per person, a segment per position, against a tick at their FTE.

    Time in other teams is a hatched grey segment, so the bar ends at the person's whole
    load; the label at the end says how far over their FTE an overloaded person is.
    """
    theme = DARK if dark else LIGHT
    cat = catalogue()
    colours = position_colours(cat)
    people = list(team_report.people)
    names = [_person_label(p) for p in people]
    titles = [esc(p.title) if p.title else "" for p in people]
    opacity = [0.4 if p.status == "absent" else 1.0 for p in people]
    traces: list[go.BaseTraceType] = []
    for pid in cat.position_ids:
        values = [p.allocations.get(pid, 0.0) for p in people]
        if not any(values):
            continue
        position = cat.position(pid)
        traces.append(
            go.Bar(
                x=values,
                y=names,
                orientation="h",
                name=esc(position.name),
                # The short code inside the segment: no need to match colours to read it.
                text=[position.short if v >= 0.15 else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 13},
                customdata=[[title, pid] for title in titles],
                hovertemplate=(f"%{{y}}<br>{esc(position.name)}: %{{x:.2f}} FTE<extra></extra>"),
                marker={
                    "color": colours[pid],
                    "opacity": opacity,
                    "line": {"color": theme.paper, "width": 1},
                },
                meta={"role": "allocation", "position": pid},
            )
        )
    elsewhere = [round(max(p.total_load - p.load, 0.0), 4) for p in people]
    if any(elsewhere):
        traces.append(
            go.Bar(
                x=elsewhere,
                y=names,
                orientation="h",
                name="Other teams",
                customdata=[", ".join(esc(t) for t in p.other_teams) for p in people],
                hovertemplate="%{y}<br>Other teams (%{customdata}): %{x:.2f} FTE<extra></extra>",
                marker={
                    "color": OTHER_TEAMS_COLOUR,
                    "opacity": opacity,
                    "pattern": {"shape": "/", "fgcolor": "#6B6B6B"},
                    "line": {"color": theme.paper, "width": 1},
                },
                meta={"role": "other-teams"},
            )
        )
    traces.append(
        go.Scatter(
            x=[p.fte for p in people],
            y=names,
            mode="markers",
            name="Available (their FTE)",
            marker={
                "symbol": "line-ns-open",
                "size": 34,
                "color": theme.ink,
                "line": {"width": 4, "color": theme.ink},
            },
            hovertemplate="%{y}<br>Available: %{x:.2f} FTE<extra></extra>",
            meta={"role": "fte"},
        )
    )
    widest = max([p.total_load for p in people] + [p.fte for p in people] + [1.0])
    traces.append(
        go.Scatter(
            # Right of both the bar and the FTE tick, whichever ends further right.
            x=[max(p.total_load, p.fte) + widest * 0.02 for p in people],
            y=names,
            mode="text",
            cliponaxis=False,
            text=[_load_note(p) for p in people],
            textposition="middle right",
            textfont={"size": 14},
            showlegend=False,
            hoverinfo="skip",
            meta={"role": "load-note"},
        )
    )
    figure = go.Figure(data=traces)
    figure.update_layout(
        **_axis_theme(theme),
        title={"text": f"Who carries what · {esc(team_report.team)}", "font": {"size": 20}},
        barmode="stack",
        height=140 + 46 * max(len(people), 1),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"font": {"size": 14}, "traceorder": "normal"},
        xaxis={
            "title": "FTE",
            "range": [0, widest * 1.5],
            "fixedrange": True,
            "gridcolor": "rgba(128,128,128,0.25)",
            "zeroline": False,
        },
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
        bargap=0.35,
    )
    return figure


def _load_note(person: PersonLoad) -> str:
    note = f"{fmt(person.total_load)} / {fmt(person.fte)} FTE"
    if person.status == "overloaded":
        # Bold, coloured and a percentage: it reads without the colour too.
        ratio = person.total_load / person.fte
        return f"<b style='color:{STATUS_COLOURS['missing']}'>{note} · {ratio:.0%}</b>"
    if person.status == "absent":
        return f"{note} · away"
    return note


# --- People x positions --------------------------------------------------------------


def coverage_matrix_figure(team_report: TeamReport, *, dark: bool = False) -> go.Figure:
    """The skills-matrix view: people down, positions across, each cell the FTE given.

    Every position has a column, held or not, so an empty column is a gap in the team.
    """
    theme = DARK if dark else LIGHT
    cat = catalogue()
    colours = position_colours(cat)
    people = list(team_report.people)
    rows = [_person_label(p) for p in people]
    # A square in the position's colour ties each column to the same position elsewhere.
    columns = [f"<span style='color:{colours[p.id]}'>■</span> {esc(p.name)}" for p in cat.positions]
    z: list[list[float | None]] = [
        [p.allocations.get(pid) or None for pid in cat.position_ids] for p in people
    ]
    text = [[fmt(v) if v else "" for v in row] for row in z]
    hover = [[[esc(p.name), esc(pos.name)] for pos in cat.positions] for p in people]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15},
            customdata=hover,
            hovertemplate="%{customdata[0]} · %{customdata[1]}: %{z:.2f} FTE<extra></extra>",
            colorscale=[[0.0, "#DCEAF7"], [1.0, "#08306B"]],
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": "FTE"}, "thickness": 14},
            hoverongaps=False,
            meta={"role": "matrix"},
        )
    )
    figure.update_layout(
        **_axis_theme(theme),
        title={
            "text": f"People × positions · {esc(team_report.team)}",
            "font": {"size": 20},
            "automargin": True,
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},
        },
        height=330 + 40 * max(len(people), 1),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        # Angled headers: eleven position names side by side do not fit level.
        xaxis={"side": "top", "fixedrange": True, "tickangle": -35, "automargin": True},
        yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
    )
    return figure
