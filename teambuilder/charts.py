"""Plotly figure builders: a report in, a ``go.Figure`` out. No Streamlit here.

Every string that came from a user (names, titles, team names, warning messages that
quote them) goes through ``esc`` before it reaches a figure: plotly renders a small
HTML subset in text, hover and tick labels.
"""

from __future__ import annotations

import html
import textwrap
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import plotly.graph_objects as go

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.formation import (
    DRAW_STATUSES,
    PORTRAIT,
    RING_PX,
    Badge,
    Canvas,
    DrawStatus,
    Formation,
    Link,
    Marking,
    PositionMarker,
    TextLine,
    build_formation,
    strike,
)
from teambuilder.models import SEVERITY_ORDER, PersonLoad, RuleWarning, Severity, TeamReport
from teambuilder.textsize import text_width
from teambuilder.wording import fmt

# Okabe-Ito colours, the usual colour-blind-safe set: bluish green, orange and vermillion
# keep the green/amber/red reading of the brief yet differ in lightness, so they stay
# apart for red-green colour blindness and on a washed-out projector. The symbol says
# the same thing again (circle = fine, diamond = thin, x = nobody, ring = not needed),
# and the thick dark outline keeps every marker visible on the green pitch.


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How one status of a position is drawn and named: one row of one table."""

    colour: str
    symbol: str
    legend: str
    words: str


STATUS_STYLES: dict[DrawStatus, StatusStyle] = {
    "covered": StatusStyle("#009E73", "circle", "Covered", "covered"),
    "thin": StatusStyle("#E69F00", "diamond", "Thin: too little cover", "thinly covered"),
    "missing": StatusStyle("#D55E00", "x", "Missing: nobody on it", "missing"),
    "not_required": StatusStyle(
        "#8C8C8C", "circle-open", "Not needed at this size", "not required at this size"
    ),
}


@dataclass(frozen=True, slots=True)
class SeverityStyle:
    """How warnings of one severity are drawn: vermillion and orange as in the statuses,
    Okabe-Ito blue for info; the glyph repeats the severity for colour-blind viewers."""

    colour: str
    symbol: str
    glyph: str
    text: str  # ink on the colour
    legend: str
    ink: str  # the colour of its words on a light background


SEVERITY_STYLES: dict[Severity, SeverityStyle] = {
    Severity.critical: SeverityStyle(
        "#D55E00", "triangle-up", "▲", "#FFFFFF", "▲ critical warnings", "#B34700"
    ),
    Severity.warning: SeverityStyle("#E69F00", "square", "■", "#1A1A1A", "■ warnings", "#8A5A00"),
    Severity.info: SeverityStyle("#56B4E9", "circle", "●", "#1A1A1A", "● notes", "#1F5F8B"),
}
# The single-purpose views of the tables above, for callers that want one column.
STATUS_COLOURS: dict[DrawStatus, str] = {k: v.colour for k, v in STATUS_STYLES.items()}
STATUS_SYMBOLS: dict[DrawStatus, str] = {k: v.symbol for k, v in STATUS_STYLES.items()}
STATUS_LEGEND: dict[DrawStatus, str] = {k: v.legend for k, v in STATUS_STYLES.items()}
STATUS_WORDS: dict[DrawStatus, str] = {k: v.words for k, v in STATUS_STYLES.items()}
SEVERITY_COLOURS: dict[Severity, str] = {k: v.colour for k, v in SEVERITY_STYLES.items()}
SEVERITY_SYMBOLS: dict[Severity, str] = {k: v.symbol for k, v in SEVERITY_STYLES.items()}
SEVERITY_TEXT: dict[Severity, str] = {k: v.text for k, v in SEVERITY_STYLES.items()}
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

NAME_FONT = 15
# Arial first (Liberation Sans on Linux has its metrics): labels are placed with its widths.
FONT_FAMILY = "Arial, 'Liberation Sans', 'Helvetica Neue', Helvetica, 'DejaVu Sans', sans-serif"


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

Legend = Literal["below", "right"]
RING_COLOUR = "#D55E00"
ALONE_TEXT = "#FFFFFF"
# What the legend says about the marks that are not a trace of their own.
ALONE_LEGEND = "1: rests on one person"
RING_LEGEND = "Ring: bus-factor seat"
SLIVER_LEGEND = "(Name): under 0.2 FTE"
AWAY_LEGEND = strike("Name") + ": away"
OVERLOAD_LEGEND = "120%: overbooked"
LINK_LEGEND = "Line: same person"
MANAGER_LEGEND = "Middle manager"
ROOM_LEGEND = "Square: the room disagrees"
ROOM_COLOUR = "#1A1A1A"  # near black: stands out on the green pitch and in grey print
LEGEND_FONT = 14  # at least; larger canvases scale it with their names


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
    shapes: list[dict[str, Any]] = []
    for band in formation.bands:
        colour = theme.stands if band.name == "stands" else theme.paper
        shapes.append(
            {
                "type": "rect",
                "x0": band.x0,
                "x1": band.x1,
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


def _position_hover(marker: PositionMarker, badges: dict[str, Badge]) -> str:
    lines = [f"<b>{esc(marker.name)}</b>: {STATUS_STYLES[marker.status].words}"]
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
    if marker.alone:
        lines.append("Rests on one person")
    if marker.bus_factor:
        lines.append("One of the positions behind the team's low bus factor")
    badge = badges.get(marker.position)
    if badge is not None:
        counts = Counter(w.title for w in badge.warnings)
        titles = [
            esc(title) + (f" ×{count}" if count > 1 else "")
            for title, count in sorted(counts.items())
        ]
        lines.append(f"{badge.count} warning{'s' if badge.count > 1 else ''}: ")
        lines[-1] += "; ".join(titles)
    return "<br>".join(lines)


def _status_traces(
    formation: Formation, badges: dict[str, Badge], theme: Theme
) -> list[dict[str, Any]]:
    traces = []
    size = formation.canvas.marker_px
    for status in DRAW_STATUSES:
        style = STATUS_STYLES[status]
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
                mode="markers+text",
                # "1" inside the marker: the position rests on one person.
                text=["1" if m.alone else "" for m in markers] or [""],
                textposition="middle center",
                textfont={
                    "size": round(size * 0.55),
                    "color": ALONE_TEXT if status != "thin" else "#1A1A1A",
                    "family": FONT_FAMILY,
                },
                name=style.legend,
                legendgroup=f"status-{status}",
                legendrank=100 + DRAW_STATUSES.index(status),
                customdata=[m.position for m in markers],
                hovertext=[_position_hover(m, badges) for m in markers],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "size": size,
                    "symbol": style.symbol,
                    "color": style.colour,
                    # An open ring is drawn by its line: keep it grey and thick.
                    "line": {
                        "color": style.colour if open_symbol else theme.outline,
                        "width": 4 if open_symbol else 3,
                    },
                },
                # A click selects a point; keep the others from fading, the view decides.
                unselected={"marker": {"opacity": 1}},
                meta={"role": "position", "status": status},
            )
        )
    return traces


def _ring_traces(formation: Formation) -> list[dict[str, Any]]:
    ringed = [m for m in formation.markers if m.bus_factor]
    if not ringed:
        return []
    return [
        dict(
            type="scatter",
            x=[m.x for m in ringed],
            y=[m.y for m in ringed],
            mode="markers",
            name=RING_LEGEND,
            legendrank=150,
            hoverinfo="skip",
            marker={
                "size": formation.canvas.marker_px + RING_PX,
                "symbol": "circle-open",
                "color": RING_COLOUR,
                "line": {"color": RING_COLOUR, "width": 4},
            },
            meta={"role": "ring"},
        )
    ]


def _key_traces(formation: Formation) -> list[dict[str, Any]]:
    """Legend entries for marks drawn as text: the '1', slivers, loads, warning notes."""
    tags = [tag for marker in formation.markers for tag in marker.people]
    entries: list[tuple[str, str, str]] = []  # (name, symbol, colour)
    if any(m.alone for m in formation.markers):
        entries.append((ALONE_LEGEND, "circle", STATUS_STYLES["covered"].colour))
    if any(tag.sliver for tag in tags):
        entries.append((SLIVER_LEGEND, "line-ew", "#6B6B6B"))
    if any(tag.absent for tag in tags) or any(m.absent for m in formation.managers):
        entries.append((AWAY_LEGEND, "line-ew", "#6B6B6B"))
    if any(tag.load_pct is not None for tag in tags):
        entries.append((OVERLOAD_LEGEND, "line-ew", SEVERITY_STYLES[Severity.critical].colour))
    shown = {b.severity for b in formation.badges}
    for severity in SEVERITY_ORDER:
        if severity in shown:
            style = SEVERITY_STYLES[severity]
            entries.append((style.legend, style.symbol, style.colour))
    return [
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            legendrank=500 + i,
            hoverinfo="skip",
            marker={
                "size": 14,
                "symbol": symbol,
                "color": colour,
                "line": {"color": colour, "width": 3},
            },
            meta={"role": "key"},
        )
        for i, (name, symbol, colour) in enumerate(entries)
    ]


def _link_traces(links: Sequence[Link], theme: Theme) -> list[dict[str, Any]]:
    traces = []
    # The legend shows the first solid line: a dotted one (someone away) would mislead.
    shown = next((i for i, link in enumerate(links) if not link.absent), 0)
    width = {None: 4, Severity.info: 4, Severity.warning: 6, Severity.critical: 8}
    for i, link in enumerate(links):
        traces.append(
            dict(
                type="scatter",
                x=[x for x, _ in link.points],
                y=[y for _, y in link.points],
                mode="lines",
                name=LINK_LEGEND,
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


def _manager_traces(formation: Formation, theme: Theme) -> list[dict[str, Any]]:
    managers = formation.managers
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
            name=MANAGER_LEGEND,
            legendrank=300,
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "size": formation.canvas.manager_px,
                "symbol": "square",
                "color": MANAGER_COLOUR,
                "line": {"color": theme.outline, "width": 2},
            },
            meta={"role": "manager"},
        )
    ]


def _line_html(line: TextLine, theme: Theme) -> str:
    return "".join(_part_html(text, style, theme) for text, style in line.parts)


def _part_html(raw: str, style: str, theme: Theme) -> str:
    text = esc(raw)
    if style == "title":
        return f"<b>{text}</b>"
    if style == "sliver":
        return f"<i>{text}</i>"
    if style == "away":
        return f"<span style='color:{theme.muted}'>{text}</span>"
    if style == "overloaded":
        return f"<b><span style='color:{SEVERITY_STYLES[Severity.critical].ink}'>{text}</span></b>"
    if style == "nobody":
        return f"<i><span style='color:{SEVERITY_STYLES[Severity.critical].ink}'>{text}</span></i>"
    if style in ("critical", "warning", "info"):
        ink = SEVERITY_STYLES[Severity(style)].ink if theme is LIGHT else theme.ink
        return f"<b><span style='color:{ink}'>{text}</span></b>"
    if style == "link":
        return f"<b>{text}</b>"
    return text


def _link_hover(link: Link, formation: Formation) -> str:
    names = " → ".join(esc(formation.marker(pid).name) for pid in link.positions)
    return "<br>".join(
        [
            f"<b>{esc(link.person)}</b>{' (away)' if link.absent else ''}: "
            f"{len(link.positions)} positions",
            names,
            *_warning_lines(link.warnings),
        ]
    )


def _annotations(formation: Formation, theme: Theme) -> list[dict[str, Any]]:
    links = {link.person: link for link in formation.links}
    managers = {manager.name: manager for manager in formation.managers}
    notes: list[dict[str, Any]] = []
    for label in formation.labels:
        text = "<br>".join(_line_html(line, theme) for line in label.lines)
        note: dict[str, Any] = {
            "x": label.x,
            "y": label.y,
            "text": text,
            "showarrow": False,
            "xanchor": "center",
            "yanchor": "middle",
            "align": "center",
            "bgcolor": theme.label_bg,
            "borderpad": 2,
            "font": {"size": label.font_px, "color": theme.ink, "family": FONT_FAMILY},
            "name": f"{label.kind}:{esc(label.anchor)}",
        }
        target: tuple[float, float, float] | None = None
        if label.kind == "position":
            marker = formation.marker(label.anchor)
            target = (marker.x, marker.y, formation.canvas.marker_px / 2)
        elif label.kind == "manager":
            manager = managers[label.anchor]
            target = (manager.x, manager.y, formation.canvas.manager_px / 2)
        if target is not None:
            # The card points at its marker with a hairline, from wherever it found room.
            note |= {
                "x": target[0],
                "y": target[1],
                "ax": label.x,
                "ay": label.y,
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 0,
                "arrowwidth": 1.5,
                "arrowcolor": theme.muted,
                "standoff": target[2],
            }
        if label.kind == "band":
            note |= {"bgcolor": "rgba(0,0,0,0)", "font": note["font"] | {"color": theme.band_text}}
        if label.angle:
            note["textangle"] = label.angle
        if label.kind == "link":
            link = links[label.anchor]
            note |= {
                "bgcolor": LINK_COLOUR,
                "opacity": 0.6 if link.absent else 1.0,
                "font": note["font"] | {"color": "#1A1A1A"},  # dark on pink reads on a projector
                "hovertext": _link_hover(link, formation),
                "hoverlabel": {"bgcolor": theme.paper, "font": {"size": 14, "color": theme.ink}},
            }
        notes.append(note)
    return notes


SHORTENED_PX = 13


def _shortened_lines(formation: Formation, width: float) -> list[str]:
    """'Shortened on the pitch: MO = Meghan Okafor; ...' wrapped to the plot's width."""
    if not formation.shortened:
        return []
    lines: list[str] = []
    line = "Names shortened on the pitch:"
    for short, full in formation.shortened:
        piece = f" {short} = {full};"
        if text_width(line + piece, SHORTENED_PX) > width - 8:
            lines.append(line)
            line = piece.strip()
        else:
            line += piece
    lines.append(line.rstrip(";"))
    return lines


LEGEND_SYMBOL = 40  # px plotly gives an entry's symbol before its text


def legend_px(canvas: Canvas) -> float:
    return max(LEGEND_FONT, round(canvas.name_px * 0.78))


def _legend_grid(names: Sequence[str], width: float, size: float) -> tuple[int, float]:
    """(rows, entry width) of a horizontal legend laid out in equal columns."""
    entry = max(text_width(name, size) for name in names) + 12
    columns = max(1, int(width // (entry + LEGEND_SYMBOL)))
    return -(-len(names) // columns), entry


def formation_figure(
    team_report: TeamReport,
    *,
    title: str | None = None,
    dark: bool = False,
    canvas: Canvas = PORTRAIT,
    legend: Legend = "below",
    highlight: Sequence[str] = (),
    dim_others: bool = False,
    room_disagrees: Mapping[str, str] | None = None,
) -> go.Figure:
    """The team as a football formation: business end at the top (or right), sponsor in
    the stands, every label placed where it overlaps nothing.

    Each position is a point of a "position" trace whose ``customdata`` is the position
    id, so a Streamlit selection tells which position was clicked. ``canvas`` is the
    smallest plot area the figure will be shown in (labels are placed for it);
    ``highlight`` rings positions (ids) and managers (``manager:Name``) a presenter is
    talking about; with ``dim_others`` the positions not highlighted (their markers,
    rings, cards and the lines of people holding none of the highlighted ones) are drawn
    faint, still readable: a workshop step shows its part of the pitch in context.
    ``room_disagrees`` (position id -> the room's tally in words) frames the positions
    where a workshop's room disagrees with the roster, the tally in the hover.
    Nothing a user typed is left unescaped anywhere in the figure.
    """
    theme = DARK if dark else LIGHT
    formation = build_formation(team_report, canvas=canvas)
    badges = {b.anchor: b for b in formation.badges}
    traces = [
        *_link_traces(formation.links, theme),
        *_ring_traces(formation),
        *_highlight_traces(formation, highlight),
        *_room_traces(formation, room_disagrees or {}),
        *_manager_traces(formation, theme),
        *_status_traces(formation, badges, theme),
        *_key_traces(formation),
    ]
    heading = esc(title) if title is not None else _default_title(team_report, canvas.width)
    names = [t["name"] for t in traces if t.get("showlegend", True)]
    shortened = _shortened_lines(formation, canvas.width)
    top = 60 if heading else 10
    if legend == "below":
        rows, entry = _legend_grid(names, canvas.width, legend_px(canvas))
        bottom = (
            16.0 + rows * legend_px(canvas) * 1.6 + (20 * len(shortened) + 8 if shortened else 0)
        )
        right = 10.0
        legend_layout: dict[str, Any] = {
            "orientation": "h",
            "entrywidth": round(entry),
            "entrywidthmode": "pixels",
            "x": 0.5,
            "xanchor": "center",
            "y": -0.005,
            "yanchor": "top",
        }
    else:
        bottom = 20.0 * len(shortened) + 12 if shortened else 10.0
        right = 10 + max(text_width(n, legend_px(canvas)) for n in names) + 56
        legend_layout = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}
    annotations = _annotations(formation, theme)
    if shortened:
        annotations.append(
            {
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": -bottom + 4,
                "align": "left",
                "text": "<br>".join(esc(line) for line in shortened),
                "showarrow": False,
                "font": {"size": SHORTENED_PX, "color": theme.muted, "family": FONT_FAMILY},
                "name": "shortened",
            }
        )
    if dim_others and highlight:
        _dim_others(formation, traces, annotations, set(highlight))
    # One Figure built from plain dicts: plotly validates it once, about 3x faster than
    # building trace objects and updating the layout step by step.
    layout = dict(
        title={"text": heading, "x": 0.5, "xanchor": "center", "font": {"size": TITLE_PX}},
        shapes=_background(formation, theme),
        annotations=annotations,
        paper_bgcolor=theme.paper,
        plot_bgcolor=theme.paper,
        font={"family": FONT_FAMILY, "size": canvas.name_px, "color": theme.ink},
        width=None,
        height=round(canvas.height + top + bottom),
        margin={"l": 10, "r": round(right), "t": top, "b": round(bottom)},
        showlegend=True,
        legend=legend_layout
        | {
            "font": {"size": legend_px(canvas)},
            "itemclick": False,
            "itemdoubleclick": False,
            "traceorder": "normal",
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
            "scaleratio": formation.ratio,
            "constrain": "domain",
        },
        meta={"orientation": formation.orientation, "canvas": [canvas.width, canvas.height]},
    )
    return go.Figure(data=traces, layout=layout)


DIM_OPACITY = 0.25  # what is not talked about: faint, still readable up close


def _dim_others(
    formation: Formation,
    traces: list[dict[str, Any]],
    annotations: list[dict[str, Any]],
    focus: set[str],
) -> None:
    """Fade, in place, every position not in ``focus`` and what belongs only to those."""
    ringed = [m.position for m in formation.markers if m.bus_factor]
    link_positions = {esc(link.person): set(link.positions) for link in formation.links}

    def faded(position: str) -> float:
        return 1.0 if position in focus else DIM_OPACITY

    for trace in traces:
        role = trace.get("meta", {}).get("role")
        if role == "position":
            ids = [pid for pid in trace.get("customdata", []) if pid is not None]
            if ids:
                trace["marker"] = trace["marker"] | {"opacity": [faded(pid) for pid in ids]}
        elif role == "ring":
            trace["marker"] = trace["marker"] | {"opacity": [faded(pid) for pid in ringed]}
        elif role == "link" and not link_positions.get(trace["meta"]["person"], set()) & focus:
            trace["opacity"] = round(trace.get("opacity", 1.0) * DIM_OPACITY, 3)
    for note in annotations:
        kind, _, anchor = str(note.get("name", "")).partition(":")
        if kind == "position" and anchor not in focus:
            note["opacity"] = DIM_OPACITY
        elif kind == "link" and not link_positions.get(anchor, set()) & focus:
            note["opacity"] = round(note.get("opacity", 1.0) * DIM_OPACITY, 3)


def _highlight_traces(formation: Formation, highlight: Sequence[str]) -> list[dict[str, Any]]:
    """A thick dark halo round what the presenter points at (positions, managers)."""
    points = [(m.x, m.y) for m in formation.markers if m.position in highlight]
    points += [(m.x, m.y) for m in formation.managers if f"manager:{m.name}" in highlight]
    if not points:
        return []
    return [
        dict(
            type="scatter",
            x=[x for x, _ in points],
            y=[y for _, y in points],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "size": formation.canvas.marker_px + RING_PX + 12,
                "symbol": "circle",
                "color": "rgba(0,114,178,0.28)",
                "line": {"color": MANAGER_COLOUR, "width": 5},
            },
            meta={"role": "highlight"},
        )
    ]


def _room_traces(formation: Formation, disagrees: Mapping[str, str]) -> list[dict[str, Any]]:
    """A square frame round each position where the room's vote differs from the roster."""
    marked = [m for m in formation.markers if m.position in disagrees]
    if not marked:
        return []
    return [
        dict(
            type="scatter",
            x=[m.x for m in marked],
            y=[m.y for m in marked],
            mode="markers",
            name=ROOM_LEGEND,
            showlegend=True,
            hovertext=[
                f"<b>{esc(m.name)}</b><br>The room: {esc(disagrees[m.position])}" for m in marked
            ],
            hoverinfo="text",
            customdata=[m.position for m in marked],
            marker={
                "size": formation.canvas.marker_px + RING_PX + 14,
                "symbol": "square-open",
                "color": ROOM_COLOUR,
                "line": {"color": ROOM_COLOUR, "width": 3},
            },
            meta={"role": "room"},
        )
    ]


TITLE_PX = 20


def fitted(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it is at most ``width`` px wide."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _default_title(report: TeamReport, width: float = PORTRAIT.width) -> str:
    """Name, health and bus factor; a name that does not fit first costs the '/100'."""
    facts = f" · health {report.health}/100 · bus factor {report.bus_factor}"
    if text_width(report.team, TITLE_PX, bold=True) + text_width(facts, TITLE_PX) > width:
        facts = f" · health {report.health} · bus factor {report.bus_factor}"
    room = width - text_width(facts, TITLE_PX)
    return f"<b>{esc(fitted(report.team, room, TITLE_PX, bold=True))}</b>{facts}"


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


def load_figure(
    team_report: TeamReport, *, dark: bool = False, cat: Catalogue | None = None
) -> go.Figure:
    """One horizontal bar per person, a segment per position, against a tick at their FTE.

    Time in other teams is a hatched grey segment, so the bar ends at the person's whole
    load; the label at the end says how far over their FTE an overloaded person is.
    """
    theme = DARK if dark else LIGHT
    cat = cat or catalogue()
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


def coverage_matrix_figure(
    team_report: TeamReport, *, dark: bool = False, cat: Catalogue | None = None
) -> go.Figure:
    """The skills-matrix view: people down, positions across, each cell the FTE given.

    Every position has a column, held or not, so an empty column is a gap in the team.
    """
    theme = DARK if dark else LIGHT
    cat = cat or catalogue()
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
