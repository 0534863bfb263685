"""Two rosters side by side: both reports, what changed between them, and the deltas.

``compare(a, b)`` scores both sides (each with its own people away) and lists:

- per team: health, bus factor and tier as ``{"a": ..., "b": ...}``, coverage per position
  and load per person with their deltas;
- the warnings raised in B and not in A (added) and the other way round (removed), matched
  by what they are about (team, code, positions, people), not by their wording;
- the changes, each one sentence: people added or removed, FTE, allocation and detail
  changes, hats taken on, given up or moved from one person to another, team settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import Person, Report, Roster, RuleWarning, TeamReport, TeamSettings
from teambuilder.scoring import score
from teambuilder.wording import fmt, join_names

__all__ = [
    "Change",
    "Comparison",
    "LoadDelta",
    "Pair",
    "PositionDelta",
    "TeamComparison",
    "WarningDiff",
    "compare",
    "comparison_json",
    "comparison_text",
]

EPSILON = 1e-9


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Pair(Value):
    a: Any = None
    b: Any = None


class Change(Value):
    kind: str
    team: str | None = None
    person: str | None = None
    position: str | None = None
    before: Any = None
    after: Any = None
    sentence: str


class WarningDiff(Value):
    team: str | None
    code: str
    severity: str
    message: str
    positions: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


class PositionDelta(Value):
    position: str
    name: str
    status: Pair
    fte: Pair
    people: Pair
    delta: float


class LoadDelta(Value):
    person: str
    fte: Pair
    load: Pair
    status: Pair
    delta: float


class TeamComparison(Value):
    team: str
    health: Pair
    bus_factor: Pair
    tier: Pair
    coverage: tuple[PositionDelta, ...]
    load: tuple[LoadDelta, ...]


class Comparison(Value):
    a: str
    b: str
    report_a: Report
    report_b: Report
    teams: tuple[TeamComparison, ...]
    changes: tuple[Change, ...]
    warnings_added: tuple[WarningDiff, ...]
    warnings_removed: tuple[WarningDiff, ...]


# --- Warnings ------------------------------------------------------------------------


def _warnings(report: Report) -> list[tuple[str | None, RuleWarning]]:
    pairs: list[tuple[str | None, RuleWarning]] = [
        (team.team, w) for team in report.teams for w in team.warnings
    ]
    return pairs + [(None, w) for w in report.warnings]


def _diff(team: str | None, warning: RuleWarning) -> WarningDiff:
    return WarningDiff(
        team=team,
        code=warning.code,
        severity=warning.severity.value,
        message=warning.message,
        positions=warning.positions,
        people=warning.people,
    )


MATCHES = (
    lambda t, w: (t, w.code, tuple(sorted(w.positions)), tuple(sorted(w.people))),
    lambda t, w: (t, w.code, tuple(sorted(w.positions))),  # the seat, now on someone else
    lambda t, w: (t, w.code, tuple(sorted(w.people))),  # the person, on other seats
    lambda t, w: (t, w.code),  # a team-wide warning whose details moved
)


def _warning_diff(a: Report, b: Report) -> tuple[tuple[WarningDiff, ...], tuple[WarningDiff, ...]]:
    """Warnings only in B (added) and only in A (removed).

    A warning still raised about the same thing is matched even when its wording or some
    of its people changed: first on everything, then on the positions, then on the people,
    then on the code within the team, each time one to one.
    """
    left_a, left_b = _warnings(a), _warnings(b)
    for key in MATCHES:
        counts_a: dict[tuple[object, ...], int] = {}
        counts_b: dict[tuple[object, ...], int] = {}
        for team, warning in left_a:
            counts_a[key(team, warning)] = counts_a.get(key(team, warning), 0) + 1
        for team, warning in left_b:
            counts_b[key(team, warning)] = counts_b.get(key(team, warning), 0) + 1
        paired = {k for k, n in counts_a.items() if n == 1 and counts_b.get(k) == 1}
        left_a = [(t, w) for t, w in left_a if key(t, w) not in paired]
        left_b = [(t, w) for t, w in left_b if key(t, w) not in paired]
    return tuple(_diff(t, w) for t, w in left_b), tuple(_diff(t, w) for t, w in left_a)


# --- Changes -------------------------------------------------------------------------


def _hats(cat: Catalogue, allocations: dict[str, float]) -> str:
    held = [(p, v) for p, v in allocations.items() if v > EPSILON]
    if not held:
        return "no position"
    order = {pid: i for i, pid in enumerate(cat.position_ids)}
    held.sort(key=lambda item: order.get(item[0], len(order)))
    return ", ".join(f"{cat.name_of(p)} {fmt(v)}" for p, v in held)


def _person_value(person: Person) -> dict[str, Any]:
    return {
        "fte": person.fte,
        "title": person.title,
        "allocations": {p: v for p, v in person.allocations.items() if v > EPSILON},
    }


def _setting_words(field: str, value: object) -> str:
    if field == "size":
        return "automatic" if value == "auto" else str(value)
    if field == "mission_critical":
        return "yes" if value else "no"
    if field == "sponsor_update_weeks":
        return "not known" if value is None else f"every {value} weeks"
    if field == "critical_positions":
        names = [catalogue().name_of(str(p)) for p in value or ()]  # type: ignore[attr-defined]
        return join_names(names) or "none"
    return str(value)


SETTING_LABELS = {
    "size": "size tier",
    "mission_critical": "mission-critical",
    "sponsor_update_weeks": "sponsor updates",
    "critical_positions": "extra critical positions",
}


def _setting_changes(team: str, a: TeamSettings, b: TeamSettings) -> list[Change]:
    changes = []
    for field, label in SETTING_LABELS.items():
        before, after = getattr(a, field), getattr(b, field)
        if before != after:
            changes.append(
                Change(
                    kind="setting_changed",
                    team=team,
                    position=None,
                    before=list(before) if isinstance(before, tuple) else before,
                    after=list(after) if isinstance(after, tuple) else after,
                    sentence=f"{team}: {label} changes from {_setting_words(field, before)} "
                    f"to {_setting_words(field, after)}.",
                )
            )
    return changes


def _detail_changes(cat: Catalogue, team: str, a: Person, b: Person) -> list[Change]:
    name = a.name
    changes = []
    if abs(a.fte - b.fte) > EPSILON:
        changes.append(
            Change(
                kind="fte_changed",
                team=team,
                person=name,
                before=a.fte,
                after=b.fte,
                sentence=f"{name}'s availability goes from {fmt(a.fte)} to {fmt(b.fte)} FTE.",
            )
        )
    details = (
        ("title", "job title", a.title or "none", b.title or "none"),
        ("background", "background", a.background or "not set", b.background or "not set"),
        ("reports_to", "manager", a.reports_to or "nobody listed", b.reports_to or "nobody listed"),
    )
    for field, label, was, now in details:
        if getattr(a, field) != getattr(b, field):
            changes.append(
                Change(
                    kind=f"{field}_changed",
                    team=team,
                    person=name,
                    before=getattr(a, field),
                    after=getattr(b, field),
                    sentence=f"{name}'s {label} changes from {was} to {now}.",
                )
            )
    if a.absent != b.absent:
        changes.append(
            Change(
                kind="absent_changed",
                team=team,
                person=name,
                before=a.absent,
                after=b.absent,
                sentence=f"{name} is {'marked away' if b.absent else 'back'} in {team}.",
            )
        )
    for position in cat.position_ids:
        before, after = a.allocation(position), b.allocation(position)
        if abs(before - after) <= EPSILON:
            continue
        seat = cat.name_of(position)
        if before <= EPSILON:
            kind, sentence = "hat_added", f"{name} takes on {seat} ({fmt(after)} FTE)."
        elif after <= EPSILON:
            kind, sentence = "hat_removed", f"{name} gives up {seat} (was {fmt(before)} FTE)."
        else:
            kind = "allocation_changed"
            sentence = f"{name} gives {seat} {fmt(after)} FTE instead of {fmt(before)}."
        changes.append(
            Change(
                kind=kind,
                team=team,
                person=name,
                position=position,
                before=before,
                after=after,
                sentence=sentence,
            )
        )
    return changes


def _moved_hats(cat: Catalogue, changes: list[Change]) -> list[Change]:
    """One person gave up a position and one other took it on, in one team: a move.

    The giver's change becomes the move; a taker who only took on the hat is folded into
    it, a taker who joined the team keeps their own sentence as well.
    """
    removed: dict[tuple[str | None, str], list[Change]] = {}
    added: dict[tuple[str | None, str], list[tuple[Change, float]]] = {}
    for change in changes:
        if change.kind == "hat_removed" and change.position:
            removed.setdefault((change.team, change.position), []).append(change)
        elif change.kind == "hat_added" and change.position:
            added.setdefault((change.team, change.position), []).append((change, change.after))
        elif change.kind == "person_added":
            for position, fte in change.after["allocations"].items():
                added.setdefault((change.team, position), []).append((change, fte))
    replaced: dict[int, Change | None] = {}
    for (team, position), gave in removed.items():
        took = added.get((team, position), [])
        if len(gave) != 1 or len(took) != 1:
            continue
        giver, (taker, fte) = gave[0], took[0]
        replaced[id(giver)] = Change(
            kind="hat_moved",
            team=team,
            person=taker.person,
            position=position,
            before={"person": giver.person, "fte": giver.before},
            after={"person": taker.person, "fte": fte},
            sentence=f"{cat.name_of(position)} moves from {giver.person} "
            f"({fmt(giver.before)} FTE) to {taker.person} ({fmt(fte)} FTE).",
        )
        if taker.kind == "hat_added":
            replaced[id(taker)] = None
    result = []
    for change in changes:
        if id(change) not in replaced:
            result.append(change)
        elif (moved := replaced[id(change)]) is not None:
            result.append(moved)
    return result


def _changes(
    cat: Catalogue,
    a: Roster,
    b: Roster,
    away_a: Sequence[str],
    away_b: Sequence[str],
) -> list[Change]:
    changes: list[Change] = []
    teams_a, teams_b = a.team_names(), b.team_names()
    for team in [t for t in teams_a if t not in teams_b]:
        count = len(a.members(team))
        changes.append(
            Change(
                kind="team_removed",
                team=team,
                before=team,
                sentence=f"Team {team} is gone ({count} {'person' if count == 1 else 'people'}).",
            )
        )
    for team in dict.fromkeys([*teams_a, *teams_b]):
        in_a, in_b = team in teams_a, team in teams_b
        if in_b and not in_a:
            count = len(b.members(team))
            changes.append(
                Change(
                    kind="team_added",
                    team=team,
                    after=team,
                    sentence=f"Team {team} is new "
                    f"({count} {'person' if count == 1 else 'people'}).",
                )
            )
        if in_a and in_b:
            changes += _setting_changes(team, a.settings_for(team), b.settings_for(team))
        people_a = {p.name: p for p in a.members(team)}
        people_b = {p.name: p for p in b.members(team)}
        team_changes: list[Change] = []
        for name, person in people_a.items():
            if name not in people_b and in_b:
                team_changes.append(
                    Change(
                        kind="person_removed",
                        team=team,
                        person=name,
                        before=_person_value(person),
                        sentence=f"{name} leaves {team} (was {fmt(person.fte)} FTE: "
                        f"{_hats(cat, person.allocations)}).",
                    )
                )
        for name, person in people_b.items():
            if name not in people_a:
                team_changes.append(
                    Change(
                        kind="person_added",
                        team=team,
                        person=name,
                        after=_person_value(person),
                        sentence=f"{name} joins {team} ({fmt(person.fte)} FTE: "
                        f"{_hats(cat, person.allocations)}).",
                    )
                )
            else:
                team_changes += _detail_changes(cat, team, people_a[name], person)
        changes += _moved_hats(cat, team_changes)
    gone, back = set(away_b) - set(away_a), set(away_a) - set(away_b)
    for name in sorted(gone):
        changes.append(
            Change(
                kind="away_added",
                person=name,
                before=False,
                after=True,
                sentence=f"{name} is away in B.",
            )
        )
    for name in sorted(back):
        changes.append(
            Change(
                kind="away_removed",
                person=name,
                before=True,
                after=False,
                sentence=f"{name} is away in A only.",
            )
        )
    return changes


# --- Deltas --------------------------------------------------------------------------


def _team_comparison(
    cat: Catalogue, team: str, a: TeamReport | None, b: TeamReport | None
) -> TeamComparison:
    coverage = []
    for position in cat.position_ids:
        ca = a.coverage_of(position) if a else None
        cb = b.coverage_of(position) if b else None
        fte_a, fte_b = (ca.fte if ca else None), (cb.fte if cb else None)
        coverage.append(
            PositionDelta(
                position=position,
                name=cat.name_of(position),
                status=Pair(a=ca.status if ca else None, b=cb.status if cb else None),
                fte=Pair(a=fte_a, b=fte_b),
                people=Pair(a=list(ca.people) if ca else None, b=list(cb.people) if cb else None),
                delta=round((fte_b or 0.0) - (fte_a or 0.0), 6),
            )
        )
    loads_a = {p.name: p for p in (a.people if a else ())}
    loads_b = {p.name: p for p in (b.people if b else ())}
    load = []
    for name in dict.fromkeys([*loads_a, *loads_b]):
        pa, pb = loads_a.get(name), loads_b.get(name)
        load.append(
            LoadDelta(
                person=name,
                fte=Pair(a=pa.fte if pa else None, b=pb.fte if pb else None),
                load=Pair(a=pa.load if pa else None, b=pb.load if pb else None),
                status=Pair(a=pa.status if pa else None, b=pb.status if pb else None),
                delta=round((pb.load if pb else 0.0) - (pa.load if pa else 0.0), 6),
            )
        )
    return TeamComparison(
        team=team,
        health=Pair(a=a.health if a else None, b=b.health if b else None),
        bus_factor=Pair(a=a.bus_factor if a else None, b=b.bus_factor if b else None),
        tier=Pair(a=a.tier if a else None, b=b.tier if b else None),
        coverage=tuple(coverage),
        load=tuple(load),
    )


def _team(report: Report, name: str) -> TeamReport | None:
    return next((t for t in report.teams if t.team == name), None)


def compare(
    a: Roster,
    b: Roster,
    *,
    away_a: Iterable[str] = (),
    away_b: Iterable[str] = (),
    label_a: str = "A",
    label_b: str = "B",
    cat: Catalogue | None = None,
) -> Comparison:
    """Score both rosters and say what differs, A being before and B after."""
    cat = cat or catalogue()
    gone_a, gone_b = list(away_a), list(away_b)
    report_a, report_b = score(a, gone_a, cat=cat), score(b, gone_b, cat=cat)
    names = dict.fromkeys([*(t.team for t in report_a.teams), *(t.team for t in report_b.teams)])
    added, removed = _warning_diff(report_a, report_b)
    return Comparison(
        a=label_a,
        b=label_b,
        report_a=report_a,
        report_b=report_b,
        teams=tuple(
            _team_comparison(cat, name, _team(report_a, name), _team(report_b, name))
            for name in names
        ),
        changes=tuple(_changes(cat, a, b, gone_a, gone_b)),
        warnings_added=added,
        warnings_removed=removed,
    )


# --- Output --------------------------------------------------------------------------


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The command line's JSON: changes, warnings added and removed, per team numbers."""
    return {
        "a": comparison.a,
        "b": comparison.b,
        "teams": {
            team.team: team.model_dump(mode="json", exclude={"team"}) for team in comparison.teams
        },
        "changes": [c.model_dump(mode="json") for c in comparison.changes],
        "warnings_added": [w.model_dump(mode="json") for w in comparison.warnings_added],
        "warnings_removed": [w.model_dump(mode="json") for w in comparison.warnings_removed],
    }


def _pair_text(pair: Pair) -> str:
    def shown(value: object) -> str:
        return "-" if value is None else str(value)

    text = f"{shown(pair.a)} -> {shown(pair.b)}"
    if isinstance(pair.a, int) and isinstance(pair.b, int) and pair.a != pair.b:
        text += f" ({pair.b - pair.a:+d})"
    return text


def comparison_text(comparison: Comparison) -> str:
    """The same comparison as plain text, A before B."""
    lines = [f"A: {comparison.a}", f"B: {comparison.b}", ""]
    for team in comparison.teams:
        lines.append(
            f"{team.team}: health {_pair_text(team.health)}, "
            f"bus factor {_pair_text(team.bus_factor)}, tier {_pair_text(team.tier)}"
        )
        for entry in team.coverage:
            if abs(entry.delta) > EPSILON or entry.status.a != entry.status.b:
                lines.append(
                    f"  {entry.name:<30} {entry.status.a or '-'} -> {entry.status.b or '-'}"
                    f"  FTE {fmt(entry.fte.a or 0)} -> {fmt(entry.fte.b or 0)}"
                )
        for person in team.load:
            if abs(person.delta) > EPSILON:
                lines.append(
                    f"  load of {person.person}: {fmt(person.load.a or 0)} -> "
                    f"{fmt(person.load.b or 0)} FTE"
                )
    lines.append("")
    lines.append(f"Changes ({len(comparison.changes)}):")
    lines += [f"  - {c.sentence}" for c in comparison.changes] or ["  none"]
    for title, found in (
        ("Warnings added", comparison.warnings_added),
        ("Warnings removed", comparison.warnings_removed),
    ):
        lines.append(f"{title} ({len(found)}):")
        lines += [
            f"  {w.severity.upper():<8} {w.code}{f' [{w.team}]' if w.team else ''}: {w.message}"
            for w in found
        ] or ["  none"]
    return "\n".join(lines) + "\n"
