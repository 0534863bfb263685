"""The stress test's people × people heat map: health when both are away.

The diagonal is each person alone. One sequential palette (dark = low health) plus the
number in every cell, so it reads without telling colours apart. A layer of invisible
square markers over the cells makes each cell selectable: a click names the pair.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from teambuilder.analysis.stress import TeamStress

# Beyond this many people the cells get too small to read: the map shows the people
# whose absence on their own costs the most health.
MAX_PEOPLE = 30
# Dark for low health, light for high: cividis is made for colour-blind viewers and
# stays ordered in greyscale and on a washed-out projector.
COLOURSCALE = "Cividis"
CELL_PX = 34


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def heatmap_people(result: TeamStress, limit: int = MAX_PEOPLE) -> list[str]:
    """The people on the map, the costliest single absence first (then roster order)."""
    alone = {c.away[0]: c.health for c in result.combinations if len(c.away) == 1}
    order = {name: index for index, name in enumerate(result.people)}
    ranked = sorted(result.people, key=lambda name: (alone.get(name, 101), order[name]))
    return ranked[:limit]


def pair_heatmap(result: TeamStress, *, limit: int = MAX_PEOPLE) -> go.Figure:
    """Health with both people away (diagonal: alone), one cell per pair."""
    people = heatmap_people(result, limit)
    health = result.pair_health()
    size = len(people)
    z = [[health.get((a, b)) for b in people] for a in people]
    hover = [
        [
            f"{_esc(a)} alone: health {health.get((a, a))}"
            if a == b
            else f"{_esc(a)} and {_esc(b)} away: health {health.get((a, b))}"
            for b in people
        ]
        for a in people
    ]
    labels = [_esc(name) for name in people]
    cells_x = [column for row in range(size) for column in range(size)]
    cells_y = [row for row in range(size) for column in range(size)]
    figure = go.Figure(
        [
            go.Heatmap(
                z=z,
                x=list(range(size)),
                y=list(range(size)),
                text=[[str(v) if v is not None else "" for v in row] for row in z],
                texttemplate="%{text}",
                textfont={"size": 13},
                hoverinfo="skip",  # the cells layer above answers hovers and clicks
                colorscale=COLOURSCALE,
                zmin=0,
                zmax=100,
                xgap=2,
                ygap=2,
                colorbar={"title": {"text": "Health"}, "thickness": 14},
                hoverongaps=False,
                meta={"role": "pair-health"},
            ),
            go.Scatter(
                x=cells_x,
                y=cells_y,
                mode="markers",
                marker={"symbol": "square", "size": CELL_PX - 4, "opacity": 0},
                customdata=[hover[y][x] for x, y in zip(cells_x, cells_y, strict=True)],
                hovertemplate="%{customdata}<extra></extra>",
                showlegend=False,
                meta={"role": "cells"},
            ),
        ]
    )
    # The diagonal (one person alone) is outlined, so it reads apart from the pairs.
    for index in range(size):
        figure.add_shape(
            type="rect",
            x0=index - 0.5,
            x1=index + 0.5,
            y0=index - 0.5,
            y1=index + 0.5,
            line={"color": "#E69F00", "width": 3},  # Okabe-Ito orange: clear on dark and light
            layer="above",
        )
    axis = {
        "tickmode": "array",
        "tickvals": list(range(size)),
        "ticktext": labels,
        "fixedrange": True,
        "automargin": True,
        "showgrid": False,
        "zeroline": False,
        "tickfont": {"size": 14, "color": "#1A1A1A"},
    }
    figure.update_layout(
        height=160 + CELL_PX * max(size, 1),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={**axis, "side": "top", "tickangle": -40, "range": [-0.5, size - 0.5]},
        yaxis={**axis, "autorange": "reversed"},
        clickmode="event+select",
        dragmode=False,
        plot_bgcolor="#FFFFFF",
        font={"family": "Inter, 'Segoe UI', Roboto, Arial, 'DejaVu Sans', sans-serif"},
    )
    return figure


def pair_at(result: TeamStress, point: dict[str, object], limit: int = MAX_PEOPLE) -> list[str]:
    """The people of a clicked cell: one name on the diagonal, else the pair."""
    people = heatmap_people(result, limit)
    x, y = point.get("x"), point.get("y")
    if not isinstance(x, int | float) or not isinstance(y, int | float):
        return []
    column, row = int(x), int(y)
    if not (0 <= column < len(people) and 0 <= row < len(people)):
        return []
    return list(dict.fromkeys([people[row], people[column]]))
