"""The proposal drawn as a second formation, with the positions a fix changes marked."""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.charts import esc, formation_figure
from teambuilder.fixes.model import Change
from teambuilder.models import TeamReport

# Okabe-Ito blue: apart from the status colours (green, orange, vermillion) for
# colour-blind viewers; a ring around the marker says "changed" by shape as well.
CHANGED_COLOUR = "#0072B2"
CHANGED_LEGEND = "Changed by the fix"


def proposal_figure(
    after: TeamReport,
    changes: Iterable[Change],
    *,
    title: str | None = None,
    cat: Catalogue | None = None,
) -> go.Figure:
    """``after``'s formation, each position a change touches ringed, with its sentences."""
    cat = cat or catalogue()
    figure = formation_figure(after, title=title)
    touched: dict[str, list[str]] = {}
    for change in changes:
        touched.setdefault(change.position, []).append(change.sentence)
    positions = [p for p in cat.positions if p.id in touched]
    if not positions:
        return figure
    ring = go.Scatter(
        x=[p.x for p in positions],
        y=[p.y for p in positions],
        mode="markers",
        name=CHANGED_LEGEND,
        marker={
            "symbol": "circle-open",
            "size": 54,
            "color": CHANGED_COLOUR,
            "line": {"width": 5, "color": CHANGED_COLOUR},
        },
        customdata=[p.id for p in positions],
        hovertext=[
            "<br>".join([f"<b>{esc(p.name)}</b>", *(esc(s) for s in touched[p.id])])
            for p in positions
        ],
        hoverinfo="text",
        meta="changed",
    )
    # Beneath the markers and badges, so it rings them without hiding a count.
    return go.Figure(data=[ring, *figure.data], layout=figure.layout)
