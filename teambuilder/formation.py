"""Pitch geometry for the formation chart: where everything stands, in pitch units.

No plotting here: ``charts.formation_figure`` draws a ``Formation``. The pitch runs
x 0..100 (touchline to touchline) and y 0..100 (our goal to theirs); one y unit is drawn
``ASPECT`` times as tall as one x unit, so the pitch keeps a football pitch's shape.

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
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import (
    SEVERITY_ORDER,
    Coverage,
    PersonLoad,
    Position,
    RuleWarning,
    Severity,
    TeamReport,
)
from teambuilder.rules import PERSON_CODES as RULE_PERSON_CODES

Point = tuple[float, float]
DrawStatus = Literal["covered", "thin", "missing", "not_required"]
DRAW_STATUSES: tuple[DrawStatus, ...] = ("covered", "thin", "missing", "not_required")

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
# Rough text extents in pitch units at the chart's font sizes on a pitch about 520 px
# wide (a column of a laptop screen): enough to keep labels apart, not a layout engine.
CHAR_WIDTH = 1.6
LINE_HEIGHT = 3.0
MARKER_HALF: Point = (3.0, 2.4)
LINK_LABEL_HALF: Point = (2.3, 1.8)
Box = tuple[float, float, float, float]

# Managers sit in a row from the left, clear of the band's caption, names to the right.
MANAGER_X: tuple[float, float] = (26.0, 104.0)
MANAGER_GAP = 8.0
# Links of different people over the same pair of positions are drawn side by side.
LINK_SPREAD = 1.3
X_RANGE: tuple[float, float] = (-8.0, 108.0)
Y_RANGE: tuple[float, float] = (-5.0, 122.0)

# Names longer than this, or more names than this on one position, turn into initials
# (the hover always has the full names): beyond that, labels of neighbours collide.
LONG_NAME = 16
CROWDED = 3
# In the stands names run sideways into empty space: only very long ones are shortened.
LONG_NAME_IN_STANDS = 32
EXACT_PATH = 6

# Warnings about one person rather than a position (each rule says which it is, in
# teambuilder/rules/); they also colour that person's link.
PERSON_CODES = RULE_PERSON_CODES
# Not a hat: anyone may carry it next to their work (as TOO_MANY_HATS counts), so a
# link through it would draw lines for a perfectly healthy habit.
NOT_A_HAT = frozenset({"evangelist"})

# A badge sits right of its marker (clear of the name above and the people below); in
# the stands and in goal, where name and people sit left and right, it sits above.
BADGE_DX = 4.6
BADGE_DY = 3.6
COMBINING_LONG_STROKE = "\u0336"


@dataclass(frozen=True, slots=True)
class Marking:
    """A line of paint. Rect and ellipse: two opposite corners; polyline: its vertices."""

    name: str
    kind: Literal["rect", "ellipse", "polyline"]
    points: tuple[Point, ...]
    filled: bool = False


@dataclass(frozen=True, slots=True)
class Band:
    """A strip across the whole drawing, such as the stands."""

    name: str
    label: str
    y0: float
    y1: float


@dataclass(frozen=True, slots=True)
class PersonTag:
    """One person beside a marker."""

    name: str
    label: str
    allocation: float
    absent: bool = False
    sliver: bool = False

    @property
    def shown(self) -> str:
        """The label as drawn: struck through when the person is away."""
        return strike(self.label) if self.absent else self.label


@dataclass(frozen=True, slots=True)
class PositionMarker:
    position: str
    name: str
    short: str
    line: str
    x: float
    y: float
    status: DrawStatus
    required: bool
    fte: float
    required_fte: float
    required_people: int
    people: tuple[PersonTag, ...]
    name_side: Literal["above", "left"]
    people_side: Literal["below", "right"]

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
    label_point: Point
    absent: bool
    severity: Severity | None
    warnings: tuple[RuleWarning, ...]


@dataclass(frozen=True, slots=True)
class Badge:
    """The warnings attached to one marker (or to the team, when nothing fits)."""

    anchor: str
    kind: Literal["position", "manager", "team"]
    x: float
    y: float
    severity: Severity
    warnings: tuple[RuleWarning, ...]

    @property
    def count(self) -> int:
        return len(self.warnings)


@dataclass(frozen=True, slots=True)
class Formation:
    """Everything the formation chart draws, in pitch units."""

    team: str
    tier: str
    aspect: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    grass: tuple[Point, Point]
    markings: tuple[Marking, ...]
    bands: tuple[Band, ...]
    markers: tuple[PositionMarker, ...]
    managers: tuple[ManagerMarker, ...]
    links: tuple[Link, ...]
    badges: tuple[Badge, ...]

    def marker(self, position: str) -> PositionMarker:
        for marker in self.markers:
            if marker.position == position:
                return marker
        raise KeyError(
            f"no marker {position!r}; markers: {', '.join(m.position for m in self.markers)}"
        )


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


def people_labels(
    names: Iterable[str], *, initials_only: bool = False, long_name: int = LONG_NAME
) -> tuple[str, ...]:
    """Labels for the people on one marker: names, or initials when long or crowded.

    A name longer than ``long_name`` characters becomes initials; more than ``CROWDED``
    people turn everyone into initials. Initials that clash on the same marker take
    more letters of the last name, so nobody is mistaken for someone else.
    """
    names = list(names)
    short = initials_only or len(names) > CROWDED
    labels = [initials(n) if short or len(n) > long_name else n for n in names]
    extra = 1
    while len(set(labels)) < len(labels) and extra < LONG_NAME:
        clashes = {label for label in labels if labels.count(label) > 1}
        labels = [
            _longer_initials(name, extra) if label in clashes and label != name else label
            for name, label in zip(names, labels, strict=True)
        ]
        extra += 1
    return tuple(labels)


def _longer_initials(name: str, extra: int) -> str:
    words = name.split()
    if len(words) < 2:
        return name[: 2 + extra].capitalize()
    return words[0][0].upper() + words[-1][: 1 + extra].capitalize()


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


def _holds(cat: Catalogue, position: Position, allocation: float) -> bool:
    if allocation <= 0:
        return False
    return position.hold_any_allocation or allocation >= cat.thresholds.hold_min_fte - 1e-9


def _tags(
    cat: Catalogue,
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
            entries.append((load.name, not _holds(cat, position, allocation)))
    long_name = LONG_NAME_IN_STANDS if position.line == "stands" else LONG_NAME
    labels = people_labels((name for name, _ in entries), long_name=long_name)
    return tuple(
        PersonTag(
            name=name,
            label=label,
            allocation=loads[name].allocations.get(position.id, 0.0) if name in loads else 0.0,
            absent=name in away,
            sliver=sliver,
        )
        for (name, sliver), label in zip(entries, labels, strict=True)
    )


def _marker(
    cat: Catalogue,
    position: Position,
    coverage: Coverage | None,
    loads: dict[str, PersonLoad],
    away: set[str],
) -> PositionMarker:
    # In the stands and in goal, name and people go either side of the marker: above and
    # below there is no room (the stands are a thin band; the goalkeeper sits just below
    # the defence, whose names hang down towards it).
    beside = position.line in ("stands", "goalkeeper")
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
        people=_tags(cat, position, coverage, loads, away),
        name_side="left" if beside else "above",
        people_side="right" if beside else "below",
    )


def _managers(report: TeamReport, away: set[str]) -> tuple[ManagerMarker, ...]:
    """Middle managers in a row from the left, like a bench beside the pitch.

    Each takes the room its name needs; when full names do not fit, initials do; when
    even those do not, the row is squeezed evenly.
    """
    names = report.middle_managers
    if not names:
        return ()
    first, last = MANAGER_X
    for initials_only in (False, True):
        labels = people_labels(names, initials_only=initials_only)
        xs = [first]
        for label in labels[:-1]:
            xs.append(xs[-1] + MANAGER_GAP + CHAR_WIDTH * len(label))
        if xs[-1] + CHAR_WIDTH * len(labels[-1]) <= last:
            break
    else:
        step = (last - first - CHAR_WIDTH * len(labels[-1])) / (len(names) - 1)
        xs = [first + i * step for i in range(len(names))]
    return tuple(
        ManagerMarker(name=name, label=label, x=x, y=MANAGER_Y, absent=name in away)
        for name, label, x in zip(names, labels, xs, strict=True)
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


def _text_boxes(marker: PositionMarker) -> list[Box]:
    """The marker and its name and people labels, as boxes (x0, y0, x1, y1)."""
    hx, hy = MARKER_HALF
    boxes = [(marker.x - hx, marker.y - hy, marker.x + hx, marker.y + hy)]
    name_lines = 2 if len(marker.name) > 15 else 1
    name_width = CHAR_WIDTH * min(len(marker.name), 16)
    lines = [tag.label for tag in marker.people]
    if len(lines) > CROWDED:
        lines = [", ".join(lines[i : i + 4]) for i in range(0, len(lines), 4)]
    people_width = CHAR_WIDTH * max((len(line) for line in lines), default=0)
    x, y = marker.x, marker.y
    if marker.name_side == "above":
        top = y + hy + name_lines * LINE_HEIGHT
        boxes.append((x - name_width / 2, y + hy, x + name_width / 2, top))
    else:
        half = name_lines * LINE_HEIGHT / 2
        boxes.append((x - hx - name_width, y - half, x - hx, y + half))
    if lines and marker.people_side == "below":
        bottom = y - hy - len(lines) * LINE_HEIGHT
        boxes.append((x - people_width / 2, bottom, x + people_width / 2, y - hy))
    elif lines:
        half = len(lines) * LINE_HEIGHT / 2
        boxes.append((x + hx, y - half, x + hx + people_width, y + half))
    return boxes


def _overlap(a: Box, b: Box) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)


def _label_point(points: list[Point], blocked: list[Box]) -> Point:
    """The spot on the line whose label covers the least of names, markers and other labels.

    Ties go to the middle of the middle segment, then outwards.
    """
    hx, hy = LINK_LABEL_HALF
    middle = (len(points) - 1) // 2
    candidates = []
    for index in [middle, *[i for i in range(len(points) - 1) if i != middle]]:
        (ax, ay), (bx, by) = points[index], points[index + 1]
        for along in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            candidates.append((ax + (bx - ax) * along, ay + (by - ay) * along))

    def covered(point: Point) -> float:
        x, y = point
        return sum(_overlap((x - hx, y - hy, x + hx, y + hy), box) for box in blocked)

    return min(candidates, key=covered)  # min keeps the first of equals


def _links(
    report: TeamReport, markers: dict[str, PositionMarker], away: set[str]
) -> tuple[Link, ...]:
    held = {
        load.name: [pid for pid in load.positions if pid in markers and pid not in NOT_A_HAT]
        for load in report.people
    }
    linked = [load for load in report.people if len(held[load.name]) >= 2]
    labels = dict(
        zip(
            [load.name for load in linked],
            people_labels((load.name for load in linked), initials_only=True),
            strict=True,
        )
    )
    used: dict[frozenset[str], int] = {}
    blocked = [box for marker in markers.values() for box in _text_boxes(marker)]
    links = []
    for load in linked:
        order = _path({pid: (markers[pid].x, markers[pid].y) for pid in held[load.name]})
        segments = [frozenset(pair) for pair in itertools.pairwise(order)]
        rank = max(used.get(segment, 0) for segment in segments)
        for segment in segments:
            used[segment] = used.get(segment, 0) + 1
        lane = _spread(rank)
        points = _shifted([(markers[pid].x, markers[pid].y) for pid in order], lane)
        label_point = _label_point(points, blocked)
        hx, hy = LINK_LABEL_HALF
        x, y = label_point
        blocked.append((x - hx, y - hy, x + hx, y + hy))
        warnings = tuple(
            w for w in report.warnings if w.code in PERSON_CODES and load.name in w.people
        )
        links.append(
            Link(
                person=load.name,
                label=labels[load.name],
                positions=order,
                points=tuple(points),
                label_point=label_point,
                absent=load.name in away,
                severity=_highest(warnings),
                warnings=warnings,
            )
        )
    return tuple(links)


def _anchors(
    warning: RuleWarning,
    markers: dict[str, PositionMarker],
    loads: dict[str, PersonLoad],
    managers: dict[str, ManagerMarker],
) -> list[str]:
    """Where a warning's badge goes: its positions, else its people's, else the team."""
    anchors = [pid for pid in warning.positions if pid in markers]
    if not anchors:
        for name in warning.people:
            held = loads[name].positions if name in loads else ()
            anchors += [pid for pid in held if pid in markers and pid not in anchors]
    if not anchors:
        anchors = [f"manager:{name}" for name in warning.people if name in managers]
    return anchors or ["team"]


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
            marker = markers[anchor]
            kind = "position"
            if marker.people_side == "right":  # beside the marker: keep clear of it
                x, y = marker.x, marker.y + BADGE_DY
            else:
                x, y = marker.x + BADGE_DX, marker.y
        elif anchor.startswith("manager:"):
            manager = managers[anchor.removeprefix("manager:")]
            kind, x, y = "manager", manager.x - BADGE_DX, manager.y
        else:
            kind, x, y = "team", 97.0, (STANDS[0] + STANDS[1]) / 2
        severity = _highest(warnings) or Severity.info  # never None: lists are not empty
        badges.append(Badge(anchor, kind, x, y, severity, tuple(warnings)))
    return tuple(badges)


def build_formation(report: TeamReport, cat: Catalogue | None = None) -> Formation:
    """Lay one team's report out on the pitch: markers, people, links, badges, managers."""
    cat = cat or catalogue()
    loads = {load.name: load for load in report.people}
    away = set(report.absent) | {load.name for load in report.people if load.status == "absent"}
    coverage = {entry.position: entry for entry in report.coverage}
    markers = {
        position.id: _marker(cat, position, coverage.get(position.id), loads, away)
        for position in cat.positions
    }
    managers = _managers(report, away)
    by_name = {manager.name: manager for manager in managers}
    return Formation(
        team=report.team,
        tier=report.tier,
        aspect=ASPECT,
        x_range=X_RANGE,
        y_range=Y_RANGE,
        grass=GRASS,
        markings=pitch_markings(),
        bands=(
            Band("stands", "Stands", *STANDS),
            Band("management", "Management layer", *MANAGEMENT),
        ),
        markers=tuple(markers.values()),
        managers=managers,
        links=_links(report, markers, away),
        badges=_badges(report, markers, loads, by_name),
    )
