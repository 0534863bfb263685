"""Pitch geometry for the formation chart: where everything stands, and where its labels go.

No plotting here: ``charts.formation_figure`` draws a ``Formation``. The pitch runs
x 0..100 (touchline to touchline) and y 0..100 (our goal to theirs); one y unit is drawn
``ASPECT`` times as long as one x unit, so the pitch keeps a football pitch's shape.

     y
    121 +-------------------------------------+
        |  stands          SPO  sponsor       |   the sponsor watches from here
    107 +-------------------------------------+
        |  MM  MM  middle managers            |   off the pitch, between stands and team
    100 +-------------[ goal ]----------------+   business end: where value is scored
        |        EVA               BIZ        |   forwards      y 86
        |    DEL          TL          DS      |   midfield      y 54..60
     50 |---------------( o )-----------------|   halfway line
        |  MLE    OPS           PLT     DAE   |   defence       y 24..30
        |               [ ARC ]               |   goalkeeper    y 7
      0 +-------------[ goal ]----------------+   platform end: our own goal
        0                                    100 x

Portrait draws it as above. Landscape (a projector, a 16:9 slide) turns it a quarter: the
pitch's length runs left to right, the business end and the stands on the right, and
drawing coordinates are (y, 100 - x).

Labels are placed in pixels for a ``Canvas`` (the plot area's size and the type sizes):
each position's card (its name, its people, its warnings) tries spots round its marker
until one overlaps nothing; names are shortened only when no spot fits them whole. A
larger plot area than the canvas only moves labels apart (positions scale, type does not),
so a view passes the smallest area it shows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import (
    SEVERITY_ORDER,
    Coverage,
    Person,
    PersonLoad,
    Position,
    RuleWarning,
    Severity,
    TeamReport,
)
from teambuilder.rules import PERSON_CODES as RULE_PERSON_CODES
from teambuilder.scoring import holds_position
from teambuilder.textsize import text_width

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1
DrawStatus = Literal["covered", "thin", "missing", "not_required"]
DRAW_STATUSES: tuple[DrawStatus, ...] = ("covered", "thin", "missing", "not_required")
Orientation = Literal["portrait", "landscape"]

# A stylised pitch: a real one is about 1.54 times as long as it is wide, but that
# leaves too little room across for names beside the markers on a laptop screen.
ASPECT = 1.3
PITCH_WIDTH_M = 68.0
PITCH_LENGTH_M = PITCH_WIDTH_M * ASPECT

STANDS: tuple[float, float] = (108.0, 121.0)
# The grass reaches a little beyond the touchlines and round the goals.
GRASS: tuple[Point, Point] = ((-4.0, -4.0), (104.0, 103.0))
MANAGEMENT: tuple[float, float] = (GRASS[1][1], STANDS[0])
MANAGER_Y = 105.5
# Managers sit in a row from the left, clear of the band's caption.
MANAGER_X: tuple[float, float] = (36.0, 100.0)
MANAGER_X_LANDSCAPE: tuple[float, float] = (40.0, 96.0)
# Links of different people over the same pair of positions are drawn side by side.
LINK_SPREAD = 1.3
X_RANGE: tuple[float, float] = (-8.0, 108.0)
Y_RANGE: tuple[float, float] = (-5.0, 122.0)
EXACT_PATH = 6

# Warnings about one person rather than a position (each rule says which it is, in
# teambuilder/rules/); they also colour that person's link.
PERSON_CODES = RULE_PERSON_CODES
# Not a hat: anyone may carry it next to their work (as TOO_MANY_HATS counts), so a
# link through it would draw lines for a perfectly healthy habit.
NOT_A_HAT = frozenset({"evangelist"})
ALONE_CODE = "SINGLE_POINT_OF_FAILURE"
BUS_FACTOR_CODE = "TEAM_BUS_FACTOR"
COMBINING_LONG_STROKE = "\u0336"

# Kept for callers that still turn crowded lists into initials (four to a line).
CROWDED = 3
LONG_NAME = 16
# Plotly sets each line of an annotation 1.3 font sizes apart.
LINE_SPACING = 1.3
LABEL_PAD = 2.5  # px of background round a label's text (plotly's borderpad + a hair)
LABEL_GAP = 2.0  # px kept free between two labels, and between a label and a marker
RING_PX = 14.0  # how much wider than its marker a bus-factor ring is drawn
EDGE = 2.0  # px kept free inside the plot area's edges
OUTLINE_PX = 2.0  # half a marker's outline: drawn outside its size
WIDE_SYMBOL = 1.32  # a diamond or cross is drawn this much wider than its size


@dataclass(frozen=True, slots=True)
class Canvas:
    """The plot area the labels are placed for, in pixels, and the sizes drawn on it."""

    width: float
    height: float
    orientation: Orientation = "portrait"
    name_px: float = 15.0
    band_px: float = 12.0
    marker_px: float = 32.0
    manager_px: float = 24.0


# The app's pitch column at 1280 px (about 440 px wide) and the portrait slide image.
PORTRAIT = Canvas(width=430.0, height=612.0, name_px=14.0, marker_px=28.0, manager_px=22.0)
# A phone's width (390 px less the page's margins): the same portrait pitch, smaller type.
PHONE = Canvas(
    width=356.0, height=508.0, name_px=11.0, band_px=10.0, marker_px=20.0, manager_px=18.0
)
# The presentation view at 1280x720 and the 16:9 slide image; names of 18 px or more.
LANDSCAPE = Canvas(
    width=840.0,
    height=510.0,
    orientation="landscape",
    name_px=18.0,
    band_px=14.0,
    marker_px=38.0,
    manager_px=28.0,
)
# The presentation view on a 1920x1080 screen: the same layout half as large again.
LANDSCAPE_LARGE = Canvas(
    width=1260.0,
    height=790.0,
    orientation="landscape",
    name_px=26.0,
    band_px=20.0,
    marker_px=54.0,
    manager_px=40.0,
)


@dataclass(frozen=True, slots=True)
class Marking:
    """A line of paint. Rect and ellipse: two opposite corners; polyline: its vertices."""

    name: str
    kind: Literal["rect", "ellipse", "polyline"]
    points: tuple[Point, ...]
    filled: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """A strip of the drawing beside the pitch, such as the stands (drawing coordinates)."""

    name: str
    label: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class PersonTag:
    """One person on a marker: ``label`` is their name as the card shows it."""

    name: str
    label: str
    allocation: float
    absent: bool = False
    sliver: bool = False
    load_pct: int | None = None  # their booked load as a share of their FTE, if overloaded

    @property
    def shown(self) -> str:
        """The label as drawn: struck through when the person is away, load when over."""
        text = strike(self.label) if self.absent else self.label
        return f"{text} {self.load_pct}%" if self.load_pct is not None else text


@dataclass(frozen=True, slots=True)
class PositionMarker:
    position: str
    name: str
    short: str
    line: str
    x: float  # where it is drawn (drawing coordinates; pitch units in portrait)
    y: float
    status: DrawStatus
    required: bool
    fte: float
    required_fte: float
    required_people: int
    people: tuple[PersonTag, ...]
    alone: bool = False  # rests on one person: a single point of failure
    bus_factor: bool = False  # one of the positions behind a low bus factor

    @property
    def vacant(self) -> bool:
        """Required and nobody on it, not even someone away or a sliver."""
        return self.status == "missing" and not self.people


@dataclass(frozen=True, slots=True)
class ManagerMarker:
    name: str
    label: str
    x: float
    y: float
    absent: bool = False

    @property
    def shown(self) -> str:
        return strike(self.label) if self.absent else self.label


@dataclass(frozen=True, slots=True)
class Link:
    """One person's positions joined up: the longer the line, the more stretched."""

    person: str
    label: str
    positions: tuple[str, ...]
    points: tuple[Point, ...]
    label_point: Point | None  # None: no free spot for its pill (names at both ends tell)
    absent: bool
    severity: Severity | None
    warnings: tuple[RuleWarning, ...]


@dataclass(frozen=True, slots=True)
class Badge:
    """The warnings attached to one marker (or to the team, when nothing fits)."""

    anchor: str
    kind: Literal["position", "manager", "team"]
    severity: Severity
    warnings: tuple[RuleWarning, ...]

    @property
    def count(self) -> int:
        return len(self.warnings)


LineStyle = Literal[
    "title",
    "person",
    "overloaded",
    "sliver",
    "away",
    "nobody",
    "critical",
    "warning",
    "info",
    "band",
    "manager",
    "link",
]


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of a label: its text as typed (the chart escapes it) and how it is set.

    ``more`` continues the line with further pieces in their own styles (several names to
    a line, a title followed by its warning count)."""

    text: str
    style: LineStyle
    more: tuple[tuple[str, LineStyle], ...] = ()

    @property
    def parts(self) -> tuple[tuple[str, LineStyle], ...]:
        return ((self.text, self.style), *self.more)

    @property
    def whole(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass(frozen=True, slots=True)
class Label:
    """A block of text placed where it overlaps nothing: its centre and its size."""

    kind: Literal["position", "manager", "link", "band", "team"]
    anchor: str
    lines: tuple[TextLine, ...]
    x: float  # centre, drawing coordinates
    y: float
    width: float  # px, the estimated box with its background
    height: float
    font_px: float
    angle: int = 0  # -90: read bottom to top
    fits: bool = True  # False only when no spot was free (a test would say so)


@dataclass(frozen=True, slots=True)
class Formation:
    """Everything the formation chart draws: drawing coordinates, label boxes in pixels."""

    team: str
    tier: str
    orientation: Orientation
    canvas: Canvas
    ratio: float  # one y unit is drawn ``ratio`` times as long as one x unit
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    grass: tuple[Point, Point]
    markings: tuple[Marking, ...]
    bands: tuple[Band, ...]
    markers: tuple[PositionMarker, ...]
    managers: tuple[ManagerMarker, ...]
    links: tuple[Link, ...]
    badges: tuple[Badge, ...]
    labels: tuple[Label, ...] = ()
    shortened: tuple[tuple[str, str], ...] = ()  # (as shown, full name)

    @property
    def aspect(self) -> float:
        return self.ratio

    def marker(self, position: str) -> PositionMarker:
        for marker in self.markers:
            if marker.position == position:
                return marker
        raise KeyError(
            f"no marker {position!r}; markers: {', '.join(m.position for m in self.markers)}"
        )

    def label(self, kind: str, anchor: str) -> Label:
        for label in self.labels:
            if label.kind == kind and label.anchor == anchor:
                return label
        raise KeyError(f"no {kind} label {anchor!r}")


# --- Text ----------------------------------------------------------------------------


def strike(text: str) -> str:
    """Strike text through with a combining long stroke (plotly has no strikethrough)."""
    return "".join(char + COMBINING_LONG_STROKE for char in text)


def initials(name: str) -> str:
    """First letters of the first and last word ("Meghan Okafor" -> "MO"; "Cher" -> "Ch")."""
    words = name.split()
    if not words:
        return name
    if len(words) == 1:
        return words[0][:2].capitalize()
    return (words[0][0] + words[-1][0]).upper()


def first_name_initial(name: str) -> str:
    """ "Meghan Okafor" -> "Meghan O."; a single word stays whole."""
    words = name.split()
    if len(words) < 2:
        return name
    return f"{words[0]} {words[-1][0].upper()}."


def _distinct(names: Sequence[str], labels: list[str]) -> list[str]:
    """Labels that clash on one card take more letters of the last name."""
    extra = 1
    while len(set(labels)) < len(labels) and extra < LONG_NAME:
        clashes = {label for label in labels if labels.count(label) > 1}
        labels = [
            _longer_initials(name, extra) if label in clashes and label != name else label
            for name, label in zip(names, labels, strict=True)
        ]
        extra += 1
    return labels


def people_labels(
    names: Iterable[str], *, initials_only: bool = False, long_name: int = LONG_NAME
) -> tuple[str, ...]:
    """Initials for crowded places (link pills, many managers): names when short and few."""
    names = list(names)
    short = initials_only or len(names) > CROWDED
    labels = [initials(n) if short or len(n) > long_name else n for n in names]
    return tuple(_distinct(names, labels))


def _longer_initials(name: str, extra: int) -> str:
    words = name.split()
    if len(words) < 2:
        return name[: 2 + extra].capitalize()
    return words[0][0].upper() + words[-1][: 1 + extra].capitalize()


def _split_title(name: str) -> tuple[str, ...]:
    """A position name on two lines, broken at the space nearest the middle."""
    if " " not in name:
        return (name,)
    middle = len(name) / 2
    cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: abs(i - middle))
    return (name[:cut], name[cut + 1 :])


# --- Geometry ------------------------------------------------------------------------


def _mx(metres: float) -> float:
    return metres / PITCH_WIDTH_M * 100


def _my(metres: float) -> float:
    return metres / PITCH_LENGTH_M * 100


def _ellipse(name: str, centre: Point, radius_m: float, *, filled: bool = False) -> Marking:
    cx, cy = centre
    rx, ry = _mx(radius_m), _my(radius_m)
    return Marking(name, "ellipse", ((cx - rx, cy - ry), (cx + rx, cy + ry)), filled)


def _arc(name: str, centre: Point, radius_m: float, start: float, end: float) -> Marking:
    cx, cy = centre
    steps = 24
    points = tuple(
        (
            cx + _mx(radius_m * math.cos(start + (end - start) * i / steps)),
            cy + _my(radius_m * math.sin(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    )
    return Marking(name, "polyline", points)


def _rect(name: str, half_width_m: float, y0: float, y1: float) -> Marking:
    return Marking(name, "rect", ((50 - _mx(half_width_m), y0), (50 + _mx(half_width_m), y1)))


def pitch_markings() -> tuple[Marking, ...]:
    """Outline, halfway line, centre circle, boxes, goals and corner arcs (FIFA sizes)."""
    markings = [
        Marking("outline", "rect", ((0.0, 0.0), (100.0, 100.0))),
        Marking("halfway", "polyline", ((0.0, 50.0), (100.0, 50.0))),
        _ellipse("centre_circle", (50.0, 50.0), 9.15),
        _ellipse("centre_spot", (50.0, 50.0), 0.5, filled=True),
    ]
    for end, base, inward in (("bottom", 0.0, 1.0), ("top", 100.0, -1.0)):
        spot = (50.0, base + inward * _my(11.0))
        # The arc is the part of a 9.15 m circle round the spot that lies outside the box.
        reach = math.asin((16.5 - 11.0) / 9.15)
        start, end_angle = (reach, math.pi - reach) if inward > 0 else (-reach, reach - math.pi)
        markings += [
            _rect(f"penalty_box_{end}", 20.16, base, base + inward * _my(16.5)),
            _rect(f"goal_area_{end}", 9.16, base, base + inward * _my(5.5)),
            _rect(f"goal_{end}", 3.66, base, base - inward * _my(2.4)),
            _ellipse(f"penalty_spot_{end}", spot, 0.5, filled=True),
            _arc(f"penalty_arc_{end}", spot, 9.15, start, end_angle),
        ]
    for corner, (cx, cy), start in (
        ("bottom_left", (0.0, 0.0), 0.0),
        ("bottom_right", (100.0, 0.0), math.pi / 2),
        ("top_right", (100.0, 100.0), math.pi),
        ("top_left", (0.0, 100.0), 3 * math.pi / 2),
    ):
        markings.append(_arc(f"corner_{corner}", (cx, cy), 1.5, start, start + math.pi / 2))
    return tuple(markings)


def on_pitch(x: float, y: float) -> bool:
    return 0 <= x <= 100 and 0 <= y <= 100


def in_stands(y: float) -> bool:
    return STANDS[0] <= y <= STANDS[1]


def draw_status(coverage: Coverage | None) -> DrawStatus:
    """How a position is drawn: a missing position the tier does not need is just grey."""
    if coverage is None or (not coverage.required and coverage.status == "missing"):
        return "not_required"
    return coverage.status


def _tags(
    cat: Catalogue,
    report: TeamReport,
    position: Position,
    coverage: Coverage | None,
    loads: dict[str, PersonLoad],
    away: set[str],
) -> tuple[PersonTag, ...]:
    # Absent people are gone from the coverage (scoring counts without them), but the
    # pitch still shows them, struck through, where they would normally stand.
    entries: list[tuple[str, bool]] = []
    if coverage is not None:
        entries += [(name, False) for name in coverage.people]
        entries += [(name, True) for name in coverage.slivers]
    listed = {name for name, _ in entries}
    for load in loads.values():
        allocation = load.allocations.get(position.id, 0.0)
        if load.name in away and load.name not in listed and allocation > 0:
            person = Person(
                team=report.team or "team",
                name=load.name,
                fte=load.fte,
                allocations={position.id: min(allocation, 1.0)},
            )
            entries.append((load.name, not holds_position(cat, person, position.id)))
    tags = []
    for name, sliver in entries:
        found = loads.get(name)
        pct = None
        if found is not None and found.status == "overloaded" and found.fte > 0:
            pct = round(found.total_load / found.fte * 100)
        tags.append(
            PersonTag(
                name=name,
                label=name,
                allocation=found.allocations.get(position.id, 0.0) if found else 0.0,
                absent=name in away,
                sliver=sliver,
                load_pct=pct,
            )
        )
    return tuple(tags)


def _marker(
    cat: Catalogue,
    report: TeamReport,
    position: Position,
    coverage: Coverage | None,
    loads: dict[str, PersonLoad],
    away: set[str],
) -> PositionMarker:
    alone = any(w.code == ALONE_CODE and position.id in w.positions for w in report.warnings)
    bus = any(w.code == BUS_FACTOR_CODE and position.id in w.positions for w in report.warnings)
    return PositionMarker(
        position=position.id,
        name=position.name,
        short=position.short,
        line=position.line,
        x=position.x,
        y=position.y,
        status=draw_status(coverage),
        required=coverage.required if coverage else False,
        fte=coverage.fte if coverage else 0.0,
        required_fte=coverage.required_fte if coverage else 0.0,
        required_people=coverage.required_people if coverage else 0,
        people=_tags(cat, report, position, coverage, loads, away),
        alone=alone,
        bus_factor=bus,
    )


def _managers(
    report: TeamReport, away: set[str], orientation: Orientation = "portrait"
) -> tuple[ManagerMarker, ...]:
    """Middle managers spread along their band, like a bench beside the pitch.

    In landscape the band stands upright between the pitch and the stands: managers go
    from its ends inwards, clear of the sponsor in the middle of the stands.
    """
    names = report.middle_managers
    if not names:
        return ()
    if orientation == "landscape":
        first, last = MANAGER_X_LANDSCAPE
        step = (last - first) / max(len(names) - 1, 1)
    else:
        first, last = MANAGER_X
        step = (last - first) / len(names)
    return tuple(
        ManagerMarker(name=name, label=name, x=first + step * i, y=MANAGER_Y, absent=name in away)
        for i, name in enumerate(names)
    )


def _screen(point: Point) -> Point:
    return point[0], point[1] * ASPECT


def _length(order: Iterable[Point]) -> float:
    return sum(math.dist(_screen(a), _screen(b)) for a, b in itertools.pairwise(order))


def _path(points: dict[str, Point]) -> tuple[str, ...]:
    """The order through the positions that draws the shortest line, from its top end.

    Exhaustive up to ``EXACT_PATH`` positions (a person rarely holds more); beyond that,
    nearest-first from the topmost.
    """
    ids = list(points)
    if len(ids) <= EXACT_PATH:
        best = min(
            itertools.permutations(ids), key=lambda order: _length(points[pid] for pid in order)
        )
        order = list(best)
    else:
        left = dict(points)
        order = [min(left, key=lambda pid: (-left[pid][1], left[pid][0]))]
        here = left.pop(order[0])
        while left:
            order.append(min(left, key=lambda pid: (math.dist(here, left[pid]), pid)))
            here = left.pop(order[-1])
    if points[order[-1]][1] > points[order[0]][1]:
        order.reverse()
    return tuple(order)


def _highest(warnings: Iterable[RuleWarning]) -> Severity | None:
    ranks = [SEVERITY_ORDER.index(w.severity) for w in warnings]
    return SEVERITY_ORDER[min(ranks)] if ranks else None


def _spread(rank: int) -> int:
    """0, 1, -1, 2, -2, ...: where the rank-th link over a shared segment goes."""
    return (rank + 1) // 2 * (1 if rank % 2 else -1)


def _shifted(points: list[Point], lane: int) -> list[Point]:
    """Move a polyline sideways by ``lane`` lanes, square to its overall direction on screen."""
    if lane == 0:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    dx, dy = x1 - x0, (y1 - y0) * ASPECT
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    shift = lane * LINK_SPREAD
    return [(x + nx * shift, y + ny * shift / ASPECT) for x, y in points]


def _crosses(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether segments ab and cd cross at a point inside both (touching ends do not)."""

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(c, d, a), side(c, d, b)
    d3, d4 = side(a, b, c), side(a, b, d)
    return d1 * d2 < -1e-9 and d3 * d4 < -1e-9


def _links(
    report: TeamReport, markers: dict[str, PositionMarker], away: set[str]
) -> tuple[Link, ...]:
    """Each person on two or more positions (pitch units; ``label_point`` comes later).

    People whose lines would run over the same stretch are drawn side by side; the one
    who holds most goes first, so the longest line stays straight through the markers.
    """
    held = {
        load.name: [pid for pid in load.positions if pid in markers and pid not in NOT_A_HAT]
        for load in report.people
    }
    linked = sorted(
        (load for load in report.people if len(held[load.name]) >= 2),
        key=lambda load: -len(held[load.name]),
    )
    labels = dict(
        zip(
            [load.name for load in linked],
            people_labels((load.name for load in linked), initials_only=True),
            strict=True,
        )
    )
    used: dict[frozenset[str], int] = {}
    links = []
    for load in linked:
        order = _path({pid: (markers[pid].x, markers[pid].y) for pid in held[load.name]})
        segments = [frozenset(pair) for pair in itertools.pairwise(order)]
        rank = max(used.get(segment, 0) for segment in segments)
        for segment in segments:
            used[segment] = used.get(segment, 0) + 1
        points = _shifted([(markers[pid].x, markers[pid].y) for pid in order], _spread(rank))
        warnings = tuple(
            w for w in report.warnings if w.code in PERSON_CODES and load.name in w.people
        )
        links.append(
            Link(
                person=load.name,
                label=labels[load.name],
                positions=order,
                points=tuple(points),
                label_point=None,
                absent=load.name in away,
                severity=_highest(warnings),
                warnings=warnings,
            )
        )
    order_by_name = {load.name: i for i, load in enumerate(report.people)}
    return tuple(sorted(links, key=lambda link: order_by_name[link.person]))


def crossings(links: Sequence[Link]) -> int:
    """How many times the lines of different people cross (away from shared markers)."""
    count = 0
    for first, second in itertools.combinations(links, 2):
        for a, b in itertools.pairwise(first.points):
            for c, d in itertools.pairwise(second.points):
                if _crosses(_screen(a), _screen(b), _screen(c), _screen(d)):
                    count += 1
    return count


def _anchors(
    warning: RuleWarning,
    markers: dict[str, PositionMarker],
    loads: dict[str, PersonLoad],
    managers: dict[str, ManagerMarker],
) -> list[str]:
    """Where a warning points: its positions, else its people's, else the team."""
    anchors = [pid for pid in warning.positions if pid in markers]
    if not anchors:
        for name in warning.people:
            held = loads[name].positions if name in loads else ()
            anchors += [pid for pid in held if pid in markers and pid not in anchors]
    if not anchors:
        anchors = [f"manager:{name}" for name in warning.people if name in managers]
    return anchors or ["team"]


def warning_anchors(warning: RuleWarning, formation: Formation) -> list[str]:
    """The position ids (and ``manager:Name``) a warning points at on this formation."""
    markers = {m.position: m for m in formation.markers}
    managers = {m.name: m for m in formation.managers}
    return _anchors(warning, markers, {}, managers)


def _badges(
    report: TeamReport,
    markers: dict[str, PositionMarker],
    loads: dict[str, PersonLoad],
    managers: dict[str, ManagerMarker],
) -> tuple[Badge, ...]:
    grouped: dict[str, list[RuleWarning]] = {}
    for warning in report.warnings:
        for anchor in _anchors(warning, markers, loads, managers):
            grouped.setdefault(anchor, []).append(warning)
    badges = []
    for anchor, warnings in grouped.items():
        kind: Literal["position", "manager", "team"]
        if anchor in markers:
            kind = "position"
        elif anchor.startswith("manager:"):
            kind = "manager"
        else:
            kind = "team"
        severity = _highest(warnings) or Severity.info  # never None: lists are not empty
        badges.append(Badge(anchor, kind, severity, tuple(warnings)))
    return tuple(badges)


SEVERITY_STYLE_NAMES: dict[Severity, LineStyle] = {
    Severity.critical: "critical",
    Severity.warning: "warning",
    Severity.info: "info",
}


def warnings_note(badge: Badge) -> TextLine:
    """The line a card carries about its warnings: '▲ 3 warnings' (the shape tells the worst)."""
    glyph = {Severity.critical: "▲", Severity.warning: "■", Severity.info: "●"}[badge.severity]
    if badge.severity == Severity.info and all(w.severity == Severity.info for w in badge.warnings):
        noun = "note" if badge.count == 1 else "notes"
    else:
        noun = "warning" if badge.count == 1 else "warnings"
    style: LineStyle = SEVERITY_STYLE_NAMES[badge.severity]
    return TextLine(f"{glyph} {badge.count} {noun}", style)


# --- Drawing coordinates and pixels ----------------------------------------------------


def _turn(point: Point, orientation: Orientation) -> Point:
    """Pitch units to drawing coordinates: the same in portrait, a quarter turn in landscape."""
    if orientation == "portrait":
        return point
    x, y = point
    return y, 100.0 - x


def _turn_box(a: Point, b: Point, orientation: Orientation) -> tuple[Point, Point]:
    (x0, y0), (x1, y1) = _turn(a, orientation), _turn(b, orientation)
    return (min(x0, x1), min(y0, y1)), (max(x0, x1), max(y0, y1))


@dataclass(frozen=True, slots=True)
class Frame:
    """Drawing coordinates to pixels of the plot area (y grows downwards), and back."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    ratio: float
    canvas: Canvas
    scale: float = field(init=False)
    left: float = field(init=False)
    top: float = field(init=False)

    def __post_init__(self) -> None:
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        span_x, span_y = x1 - x0, (y1 - y0) * self.ratio
        scale = min(self.canvas.width / span_x, self.canvas.height / span_y)
        # Plotly's "constrain: domain" centres the pitch in the spare room.
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "left", (self.canvas.width - span_x * scale) / 2)
        object.__setattr__(self, "top", (self.canvas.height - span_y * scale) / 2)

    def px(self, point: Point) -> Point:
        x, y = point
        return (
            self.left + (x - self.x_range[0]) * self.scale,
            self.top + (self.y_range[1] - y) * self.scale * self.ratio,
        )

    def data(self, point: Point) -> Point:
        px, py = point
        return (
            self.x_range[0] + (px - self.left) / self.scale,
            self.y_range[1] - (py - self.top) / (self.scale * self.ratio),
        )

    def width_of(self, units: float) -> float:
        return units * self.scale


# --- Label placement ------------------------------------------------------------------


def _box(centre: Point, width: float, height: float) -> Box:
    x, y = centre
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)


def _grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def boxes_overlap(a: Box, b: Box) -> bool:
    return _overlap(a, b) > 0


@dataclass(slots=True)
class _Variant:
    lines: tuple[TextLine, ...]
    width: float
    height: float
    shortened: tuple[tuple[str, str], ...] = ()
    level: int = 0  # names: 0 in full, 1 as "Meghan O.", 2 as initials
    compact: bool = False  # the warnings as "▲3" after the title, not a line of words


@dataclass(slots=True)
class _Item:
    kind: Literal["position", "manager", "link", "band", "team"]
    anchor: str
    variants: list[_Variant]
    spots: Callable[[float, float], list[Point]]  # (width, height) -> centres, best first
    font_px: float
    optional: bool = False
    angle: int = 0


def _measure(lines: Sequence[TextLine], font_px: float) -> tuple[float, float]:
    widths = [
        sum(text_width(text, font_px, bold=style == "title") for text, style in line.parts)
        for line in lines
    ]
    width = max(widths, default=0.0) + 2 * LABEL_PAD
    height = len(lines) * font_px * LINE_SPACING + 2 * LABEL_PAD
    return width, height


def _variant(lines: Sequence[TextLine], font_px: float, shortened=()) -> _Variant:  # type: ignore[no-untyped-def]
    width, height = _measure(lines, font_px)
    return _Variant(tuple(lines), width, height, tuple(shortened))


def _person_line(tag: PersonTag, label: str) -> TextLine:
    shown = PersonTag(tag.name, label, tag.allocation, tag.absent, tag.sliver, tag.load_pct).shown
    if tag.sliver:
        return TextLine(f"({shown})", "sliver")
    if tag.absent:
        return TextLine(shown, "away")
    if tag.load_pct is not None:
        return TextLine(shown, "overloaded")
    return TextLine(shown, "person")


def _name_forms(tags: Sequence[PersonTag]) -> list[list[str]]:
    """Full names; then 'Meghan O.'; then initials (kept distinct on the card)."""
    names = [t.name for t in tags]
    forms = [names]
    middle = _distinct(names, [first_name_initial(n) for n in names])
    if middle != names:
        forms.append(middle)
    forms.append(_distinct(names, [initials(n) for n in names]))
    return forms


def _card_variants(marker: PositionMarker, badge: Badge | None, font_px: float) -> list[_Variant]:
    titles: list[tuple[str, ...]] = [(marker.name,)]
    split = _split_title(marker.name)
    if len(split) > 1:
        titles.append(split)
    nobody = [TextLine("nobody", "nobody")] if marker.vacant and marker.required else []
    note = warnings_note(badge) if badge is not None else None
    # With its own line for the warnings first; then the count after the title ("▲3").
    endings: list[tuple[list[TextLine], TextLine | None]] = [
        (nobody + ([note] if note else []), None)
    ]
    if note is not None:
        endings.append(
            (nobody, TextLine(" " + note.text.split(" ")[0] + note.text.split(" ")[1], note.style))
        )
    variants = []
    tags = marker.people
    for tail, suffix in endings:
        forms = _name_forms(tags) if tags else [[]]
        for number, form in enumerate(forms):
            form_level = 0 if number == 0 else (2 if number == len(forms) - 1 else 1)
            people = [_person_line(tag, label) for tag, label in zip(tags, form, strict=True)]
            shortened = tuple(
                (label, tag.name)
                for tag, label in zip(tags, form, strict=True)
                if label != tag.name
            )
            packs = [people]
            for per_line in (2, 3, 4):
                if len(people) > per_line:
                    packs.append(_packed(people, per_line))
            for pack in packs:
                for title in titles:
                    heads = [TextLine(t, "title") for t in title]
                    if suffix is not None:
                        heads[-1] = TextLine(
                            heads[-1].text, "title", ((suffix.text, suffix.style),)
                        )
                    variant = _variant(heads + pack + tail, font_px, shortened)
                    variant.level = form_level
                    variant.compact = suffix is not None
                    variants.append(variant)
    return variants


def _packed(lines: Sequence[TextLine], per_line: int) -> list[TextLine]:
    """Several names to a line; a line takes the style of its most telling name."""
    packed = []
    for i in range(0, len(lines), per_line):
        first, *others = lines[i : i + per_line]
        pieces: list[tuple[str, LineStyle]] = []
        for line in others:
            pieces += [(", ", "person"), (line.text, line.style)]
        more = tuple(pieces)
        packed.append(TextLine(first.text, first.style, more))
    return packed


def _around(
    centre: Point, radius: float, prefer: Sequence[str]
) -> Callable[[float, float], list[Point]]:
    """Spots round a marker: beside, above, below and the corners, near first."""
    cx, cy = centre

    def spots(width: float, height: float) -> list[Point]:
        gap = radius + LABEL_GAP
        found: list[Point] = []
        for reach in (0.0, 0.5, 1.0, 1.6):
            far_x, far_y = reach * width, reach * height
            places = {
                "below": [(cx, cy + gap + height / 2 + far_y)]
                + [(cx + s * width / 4, cy + gap + height / 2 + far_y) for s in (1, -1)]
                + [(cx + s * (width / 2 - radius), cy + gap + height / 2 + far_y) for s in (1, -1)],
                "above": [(cx, cy - gap - height / 2 - far_y)]
                + [(cx + s * width / 4, cy - gap - height / 2 - far_y) for s in (1, -1)]
                + [(cx + s * (width / 2 - radius), cy - gap - height / 2 - far_y) for s in (1, -1)],
                "right": [(cx + gap + width / 2 + far_x / 2, cy)]
                + [
                    (cx + gap + width / 2 + far_x / 2, cy + s * (height / 2 - radius))
                    for s in (1, -1)
                ],
                "left": [(cx - gap - width / 2 - far_x / 2, cy)]
                + [
                    (cx - gap - width / 2 - far_x / 2, cy + s * (height / 2 - radius))
                    for s in (1, -1)
                ],
            }
            for side in prefer:
                found += places[side]
            corner = gap * 0.75
            found += [
                (
                    cx + sx * (corner + width / 2 + far_x / 2),
                    cy + sy * (corner + height / 2 + far_y),
                )
                for sy in (1, -1)
                for sx in (1, -1)
            ]
        return found

    return spots


def _along(points: Sequence[Point]) -> Callable[[float, float], list[Point]]:
    middle = (len(points) - 1) // 2
    order = [middle, *[i for i in range(len(points) - 1) if i != middle]]

    def spots(width: float, height: float) -> list[Point]:
        found = []
        for index in order:
            (ax, ay), (bx, by) = points[index], points[index + 1]
            for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75):
                found.append((ax + (bx - ax) * t, ay + (by - ay) * t))
        return found

    return spots


def _fixed(*centres: Point) -> Callable[[float, float], list[Point]]:
    return lambda width, height: list(centres)


Outcome = tuple[_Item, _Variant, Point, bool]


@dataclass(slots=True)
class _Options:
    """Every way to place one item, best first: its variant, centre and box (grown)."""

    variants: list[int]
    centres: list[Point]
    boxes: np.ndarray  # (n, 4)


REACHES = 4  # how many rings of spots ``_around`` offers, nearest first
# Options are tried by (how shortened the names are, see _Variant.level; whether the
# card stands further out than close by; whether its warnings are squeezed after the
# title; how far from the marker): a name is shortened only when it fits nowhere whole,
# and a card further out, with a hairline to its marker, beats a squeezed one.


def _options(item: _Item, bounds: Box) -> _Options:
    """Every spot of every variant inside the plot area, in the order they are tried.

    Next to the marker with full names first; then a little further out; then shortened
    names close by; then anything further away. A card far from its marker, or a name cut
    short, is the price of a crowded pitch, paid only when nothing better fits.
    """
    found: list[tuple[tuple[int, bool, bool, int, int, int], int, Point, Box]] = []
    for index, variant in enumerate(item.variants):
        width, height = variant.width, variant.height
        if item.angle:
            width, height = height, width
        spots = item.spots(width, height)
        per_reach = (
            max(len(spots) // REACHES, 1)
            if item.kind in ("position", "manager")
            else len(spots) or 1
        )
        for number, spot in enumerate(spots):
            box = _box(spot, width, height)
            inside = (
                box[0] >= bounds[0]
                and box[1] >= bounds[1]
                and box[2] <= bounds[2]
                and box[3] <= bounds[3]
            )
            if not (inside or item.kind == "band"):
                continue
            reach = number // per_reach
            key = (variant.level, reach >= 2, variant.compact, reach, index, number)
            found.append((key, index, spot, _grow(box, LABEL_GAP / 2)))
    found.sort(key=lambda entry: entry[0])
    boxes = np.array([entry[3] for entry in found], dtype=float).reshape(-1, 4)
    return _Options([entry[1] for entry in found], [entry[2] for entry in found], boxes)


def _hits(boxes: np.ndarray, placed: np.ndarray) -> np.ndarray:
    """(options x placed) matrix: whether each option's box overlaps each placed box."""
    if not len(placed) or not len(boxes):
        return np.zeros((len(boxes), len(placed)), dtype=bool)
    b, p = boxes[:, None, :], placed[None, :, :]
    found: np.ndarray = (np.minimum(b[..., 2], p[..., 2]) > np.maximum(b[..., 0], p[..., 0])) & (
        np.minimum(b[..., 3], p[..., 3]) > np.maximum(b[..., 1], p[..., 1])
    )
    return found


def _place(items: Sequence[_Item], obstacles: list[Box], canvas: Canvas) -> list[Outcome | None]:
    """Place every item where it overlaps nothing: greedy, then a repair step.

    Greedy: each item in turn takes its first free option (full names before short ones).
    Repair: an item with no free option may take one that only one placed label blocks,
    if that label can move to a free option of its own. What still fits nowhere takes
    its least-covering spot and is flagged, unless optional (a link's pill: left out).
    """
    bounds = (EDGE, EDGE, canvas.width - EDGE, canvas.height - EDGE)
    fixed = np.array([_grow(box, LABEL_GAP / 2) for box in obstacles], dtype=float).reshape(-1, 4)
    options = [_options(item, bounds) for item in items]
    chosen: list[int | None] = [None] * len(items)

    def placed_boxes(skip: int | None = None) -> tuple[np.ndarray, list[int]]:
        owners = [i for i, c in enumerate(chosen) if c is not None and i != skip]
        rows = [options[i].boxes[chosen[i]] for i in owners]
        labels = np.array(rows, dtype=float).reshape(-1, 4)
        return np.vstack([fixed, labels]), owners

    def first_free(index: int, skip: int | None = None) -> int | None:
        boxes = options[index].boxes
        if not len(boxes):
            return None
        placed, _ = placed_boxes(skip)
        free = ~_hits(boxes, placed).any(axis=1)
        found = np.flatnonzero(free)
        return int(found[0]) if len(found) else None

    failed = []
    for index in range(len(items)):
        chosen[index] = first_free(index)
        if chosen[index] is None:
            failed.append(index)
    for index in failed:
        if items[index].optional:
            continue
        chosen[index] = _repair(index, options, chosen, fixed, placed_boxes, first_free, items)
    result: list[Outcome | None] = []
    for index, item in enumerate(items):
        option = chosen[index]
        fits = option is not None
        if option is None:
            if item.optional:
                result.append(None)
                continue
            option = _least_covering(index, options, placed_boxes, item, bounds)
            chosen[index] = option
        if option is None:
            result.append(None)
            continue
        opts = options[index]
        result.append((item, item.variants[opts.variants[option]], opts.centres[option], fits))
    return result


def _repair(index, options, chosen, fixed, placed_boxes, first_free, items) -> int | None:  # type: ignore[no-untyped-def]
    """An option for item ``index`` that one movable label blocks, that label moved."""
    placed, owners = placed_boxes(skip=index)
    boxes = options[index].boxes
    if not len(boxes):
        return None
    hits = _hits(boxes, placed)
    blocked_by_fixed = hits[:, : len(fixed)].any(axis=1)
    label_hits = hits[:, len(fixed) :]
    single = np.flatnonzero(~blocked_by_fixed & (label_hits.sum(axis=1) == 1))
    for option in single[:60]:
        blocker = owners[int(np.flatnonzero(label_hits[option])[0])]
        if items[blocker].kind == "band":
            continue
        before = chosen[blocker]
        chosen[index] = int(option)
        chosen[blocker] = None
        moved = first_free(blocker)
        if moved is not None:
            chosen[blocker] = moved
            return int(option)
        chosen[blocker] = before
        chosen[index] = None
    return None


def _least_covering(index, options, placed_boxes, item, bounds) -> int | None:  # type: ignore[no-untyped-def]
    opts = options[index]
    if not len(opts.boxes):
        # Nothing inside the plot area: fall back to the raw spots of the last variant.
        variant = item.variants[-1]
        width, height = (
            (variant.height, variant.width) if item.angle else (variant.width, variant.height)
        )
        spots = item.spots(width, height)
        opts.variants[:] = [len(item.variants) - 1] * len(spots)
        opts.centres[:] = spots
        opts.boxes = np.array([_box(s, width, height) for s in spots], dtype=float).reshape(-1, 4)
    placed, _ = placed_boxes(skip=index)
    b, p = opts.boxes[:, None, :], placed[None, :, :]
    width = np.clip(np.minimum(b[..., 2], p[..., 2]) - np.maximum(b[..., 0], p[..., 0]), 0, None)
    height = np.clip(np.minimum(b[..., 3], p[..., 3]) - np.maximum(b[..., 1], p[..., 1]), 0, None)
    cost = (width * height).sum(axis=1) if len(placed) else np.zeros(len(opts.boxes))
    return int(np.argmin(cost)) if len(cost) else None


def _failures(outcomes: Sequence[Outcome | None]) -> tuple[int, int]:
    """(labels that overlap something, how much was shortened or left out): lower is better."""
    unfit = sum(1 for outcome in outcomes if outcome is not None and not outcome[3])
    worse = sum(
        1 if outcome is None else 2 * outcome[1].level + outcome[1].compact for outcome in outcomes
    )
    return unfit, worse


RETRIES = 4


def _place_with_retries(
    items: Sequence[_Item], obstacles: list[Box], canvas: Canvas
) -> list[tuple[_Item, Outcome | None]]:
    """Greedy placement, repeated with the items that fared worst moved to the front."""
    order = list(items)
    bands = [item for item in order if item.kind == "band"]
    best: list[tuple[_Item, Outcome | None]] | None = None
    best_score: tuple[int, int] | None = None
    for _ in range(RETRIES):
        outcomes = _place(order, obstacles, canvas)
        score = _failures(outcomes)
        if best_score is None or score < best_score:
            best, best_score = list(zip(order, outcomes, strict=True)), score
        if score == (0, 0):
            break
        troubled = [
            item
            for item, outcome in zip(order, outcomes, strict=True)
            if item.kind not in ("band", "link")
            and outcome is not None
            and (not outcome[3] or outcome[1].level or outcome[1].compact)
        ]
        if not troubled:
            break
        rest = [item for item in order if item not in troubled and item.kind != "band"]
        order = bands + troubled + rest
    assert best is not None
    return best


def _labels(
    markers: Sequence[PositionMarker],
    managers: Sequence[ManagerMarker],
    links: list[Link],
    badges: dict[str, Badge],
    bands: Sequence[Band],
    frame: Frame,
) -> tuple[list[Label], list[Link], list[tuple[str, str]]]:
    canvas = frame.canvas
    font = canvas.name_px
    landscape = canvas.orientation == "landscape"
    obstacles: list[Box] = []
    radius: dict[str, float] = {}
    for marker in markers:
        r = marker_reach(marker, canvas)
        radius[marker.position] = r
        obstacles.append(_box(frame.px((marker.x, marker.y)), 2 * r, 2 * r))
    for manager in managers:
        side = canvas.manager_px + 2 * OUTLINE_PX
        obstacles.append(_box(frame.px((manager.x, manager.y)), side, side))
    items: list[_Item] = []
    for band in bands:
        x0, y0 = frame.px((band.x0, band.y1))  # top-left in pixels
        lines = (TextLine(band.label.upper(), "band"),)
        variant = _variant(lines, canvas.band_px)
        upright = not (landscape and band.name == "management")
        if upright:
            spot = (x0 + variant.width / 2 + EDGE + 1, y0 + variant.height / 2 + EDGE + 1)
        else:
            spot = (x0 + variant.height / 2 + EDGE + 1, y0 + variant.width / 2 + EDGE + 4)
        items.append(
            _Item(
                "band",
                band.name,
                [variant],
                _fixed(spot),
                canvas.band_px,
                angle=0 if upright else -90,
            )
        )
    cards = []
    for marker in markers:
        variants = _card_variants(marker, badges.get(marker.position), font)
        centre = frame.px((marker.x, marker.y))
        if marker.line in ("stands", "goalkeeper"):
            prefer = (
                ["right", "left", "above", "below"]
                if not landscape
                else ["below", "above", "right", "left"]
            )
        elif landscape:
            prefer = ["below", "above", "right", "left"]
        else:
            prefer = ["below", "above", "right", "left"]
        cards.append(
            _Item(
                "position",
                marker.position,
                variants,
                _around(centre, radius[marker.position], prefer),
                font,
            )
        )
    # The cards with most to say choose first: small ones fit in the gaps left.
    cards.sort(key=lambda item: -item.variants[0].width * item.variants[0].height)
    items += cards
    manager_font = font
    for manager in managers:
        forms = [manager.name, first_name_initial(manager.name), initials(manager.name)]
        variants = []
        for form in dict.fromkeys(forms):
            text = strike(form) if manager.absent else form
            renamed: tuple[tuple[str, str], ...] = (
                ((form, manager.name),) if form != manager.name else ()
            )
            variants.append(_variant([TextLine(text, "manager")], manager_font, renamed))
        centre = frame.px((manager.x, manager.y))
        items.append(
            _Item(
                "manager",
                manager.name,
                variants,
                _around(centre, canvas.manager_px / 2, ["right", "left", "below", "above"]),
                manager_font,
            )
        )
    team_badge = badges.get("team")
    if team_badge is not None:
        note = warnings_note(team_badge)
        variant = _variant([TextLine("Whole team: " + note.text, note.style)], font - 2)
        corner = (canvas.width - variant.width / 2 - EDGE - 1, variant.height / 2 + EDGE + 1)
        items.append(
            _Item(
                "team",
                "team",
                [variant],
                _fixed(corner, (corner[0], corner[1] + variant.height + 4)),
                font - 2,
            )
        )
    link_font = font - 2
    for link in links:
        pixels = [frame.px(point) for point in link.points]
        variant = _variant([TextLine(link.label, "link")], link_font)
        items.append(
            _Item("link", link.person, [variant], _along(pixels), link_font, optional=True)
        )
    labels: list[Label] = []
    shortened: dict[str, str] = {}
    pill_points: dict[str, Point] = {}
    for item, outcome in _place_with_retries(items, obstacles, canvas):
        if outcome is None:
            continue
        _, variant, spot, fits = outcome
        x, y = frame.data(spot)
        if item.kind == "link":
            pill_points[item.anchor] = (x, y)
        for short, full in variant.shortened:
            shortened.setdefault(short, full)
        labels.append(
            Label(
                kind=item.kind,
                anchor=item.anchor,
                lines=variant.lines,
                x=x,
                y=y,
                width=variant.width,
                height=variant.height,
                font_px=item.font_px,
                angle=item.angle,
                fits=fits,
            )
        )
    placed_links = [
        Link(
            link.person,
            link.label,
            link.positions,
            link.points,
            pill_points.get(link.person),
            link.absent,
            link.severity,
            link.warnings,
        )
        for link in links
    ]
    return labels, placed_links, sorted(shortened.items(), key=lambda pair: pair[1])


def label_boxes(formation: Formation) -> list[tuple[Label, Box]]:
    """Each label's box in pixels of the formation's canvas."""
    frame = Frame(formation.x_range, formation.y_range, formation.ratio, formation.canvas)
    found = []
    for label in formation.labels:
        width, height = (label.height, label.width) if label.angle else (label.width, label.height)
        found.append((label, _box(frame.px((label.x, label.y)), width, height)))
    return found


def marker_boxes(formation: Formation) -> list[Box]:
    """The box each position's marker is drawn in (its outline and ring included)."""
    frame = Frame(formation.x_range, formation.y_range, formation.ratio, formation.canvas)
    found = []
    for marker in formation.markers:
        reach = marker_reach(marker, formation.canvas)
        found.append(_box(frame.px((marker.x, marker.y)), 2 * reach, 2 * reach))
    return found


def marker_reach(marker: PositionMarker, canvas: Canvas) -> float:
    """Half the width of what is drawn for a marker, in pixels.

    Plotly draws a diamond or a cross of size s about 1.3 s across (a circle: s), and
    the outline adds its width; a bus-factor ring reaches further still.
    """
    size = canvas.marker_px * (WIDE_SYMBOL if marker.status in ("thin", "missing") else 1.0)
    reach = size / 2 + OUTLINE_PX
    if marker.bus_factor:
        reach = max(reach, (canvas.marker_px + RING_PX) / 2 + OUTLINE_PX)
    return reach


# --- The whole formation ----------------------------------------------------------------


def build_formation(
    report: TeamReport, cat: Catalogue | None = None, *, canvas: Canvas = PORTRAIT
) -> Formation:
    """Lay one team's report out: markers, people, links, managers, and every label placed."""
    cat = cat or catalogue()
    orientation = canvas.orientation
    loads = {load.name: load for load in report.people}
    away = set(report.absent) | {load.name for load in report.people if load.status == "absent"}
    coverage = {entry.position: entry for entry in report.coverage}
    pitch_markers = {
        position.id: _marker(cat, report, position, coverage.get(position.id), loads, away)
        for position in cat.positions
    }
    pitch_managers = _managers(report, away, orientation)
    by_name = {manager.name: manager for manager in pitch_managers}
    pitch_links = list(_links(report, pitch_markers, away))
    badges = _badges(report, pitch_markers, loads, by_name)

    def turned(point: Point) -> Point:
        return _turn(point, orientation)

    markers = [
        _replace_xy(marker, turned((marker.x, marker.y))) for marker in pitch_markers.values()
    ]
    managers = [
        ManagerMarker(m.name, m.label, *turned((m.x, m.y)), absent=m.absent) for m in pitch_managers
    ]
    links = [
        Link(
            link.person,
            link.label,
            link.positions,
            tuple(turned(point) for point in link.points),
            None,
            link.absent,
            link.severity,
            link.warnings,
        )
        for link in pitch_links
    ]
    markings = tuple(
        Marking(m.name, m.kind, tuple(turned(p) for p in m.points), m.filled)
        if m.kind == "polyline"
        else Marking(m.name, m.kind, _turn_box(m.points[0], m.points[1], orientation), m.filled)
        for m in pitch_markings()
    )
    grass = _turn_box(*GRASS, orientation)
    bands = []
    for name, label, (lo, hi) in (
        ("stands", "Stands", STANDS),
        ("management", "Management layer", MANAGEMENT),
    ):
        if name == "management" and not managers:
            continue
        (bx0, by0), (bx1, by1) = _turn_box((X_RANGE[0], lo), (X_RANGE[1], hi), orientation)
        bands.append(Band(name, label, bx0, by0, bx1, by1))
    if orientation == "portrait":
        x_range, y_range, ratio = X_RANGE, Y_RANGE, ASPECT
    else:
        x_range, y_range, ratio = Y_RANGE, (100.0 - X_RANGE[1], 100.0 - X_RANGE[0]), 1 / ASPECT
    frame = Frame(x_range, y_range, ratio, canvas)
    labels, links, shortened = _labels(
        markers, managers, links, {b.anchor: b for b in badges}, bands, frame
    )
    return Formation(
        team=report.team,
        tier=report.tier,
        orientation=orientation,
        canvas=canvas,
        ratio=ratio,
        x_range=x_range,
        y_range=y_range,
        grass=grass,
        markings=markings,
        bands=tuple(bands),
        markers=tuple(markers),
        managers=tuple(managers),
        links=tuple(links),
        badges=badges,
        labels=tuple(labels),
        shortened=tuple(shortened),
    )


def _replace_xy(marker: PositionMarker, point: Point) -> PositionMarker:
    return PositionMarker(
        position=marker.position,
        name=marker.name,
        short=marker.short,
        line=marker.line,
        x=point[0],
        y=point[1],
        status=marker.status,
        required=marker.required,
        fte=marker.fte,
        required_fte=marker.required_fte,
        required_people=marker.required_people,
        people=marker.people,
        alone=marker.alone,
        bus_factor=marker.bus_factor,
    )
