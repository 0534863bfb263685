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
from datetime import date
from html import escape
from typing import Any

from pydantic import BaseModel, ConfigDict

from teambuilder.analysis.stress import stress_test
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
    "comparison_html",
    "comparison_json",
    "comparison_text",
    "resilience_text",
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
    required: Pair
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
    # N-1 resilience: the share (0 to 1) of single absences that raise no new critical
    # warning, per side (None: the team is not on that side), and B minus A.
    resilience: Pair = Pair()
    resilience_delta: float | None = None


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
                required=Pair(a=ca.required if ca else None, b=cb.required if cb else None),
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


def _resilience(roster: Roster, away: Sequence[str], cat: Catalogue) -> dict[str, float]:
    """Each team's N-1 resilience with ``away`` gone as well (a stress test at depth 1)."""
    gone = set(away)
    if gone:
        roster = roster.model_copy(
            update={
                "people": tuple(
                    p.model_copy(update={"absent": True}) if p.name in gone else p
                    for p in roster.people
                )
            }
        )
    return {result.team: result.n1 for result in stress_test(roster, depth=1, cat=cat)}


def _with_resilience(
    team: TeamComparison, a: dict[str, float], b: dict[str, float]
) -> TeamComparison:
    share_a, share_b = a.get(team.team), b.get(team.team)
    delta = None if share_a is None or share_b is None else round(share_b - share_a, 6)
    return team.model_copy(
        update={"resilience": Pair(a=share_a, b=share_b), "resilience_delta": delta}
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
    resilience: bool = True,
) -> Comparison:
    """Score both rosters and say what differs, A being before and B after.

    With ``resilience`` (the default) each team's N-1 resilience is compared too: every
    single absence of each side is scored once more.
    """
    cat = cat or catalogue()
    gone_a, gone_b = list(away_a), list(away_b)
    report_a, report_b = score(a, gone_a, cat=cat), score(b, gone_b, cat=cat)
    names = dict.fromkeys([*(t.team for t in report_a.teams), *(t.team for t in report_b.teams)])
    added, removed = _warning_diff(report_a, report_b)
    teams = [
        _team_comparison(cat, name, _team(report_a, name), _team(report_b, name)) for name in names
    ]
    if resilience:
        shares_a, shares_b = _resilience(a, gone_a, cat), _resilience(b, gone_b, cat)
        teams = [_with_resilience(team, shares_a, shares_b) for team in teams]
    return Comparison(
        a=label_a,
        b=label_b,
        report_a=report_a,
        report_b=report_b,
        teams=tuple(teams),
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
        if team.resilience.a is not None or team.resilience.b is not None:
            lines.append(f"  {resilience_text(team)}")
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


def share_text(share: float | None) -> str:
    """A resilience share as people read it: '80%', or '-' when the team is not there."""
    return "-" if share is None else f"{share * 100:.0f}%"


def points_text(delta: float | None) -> str:
    """B minus A in percentage points ('+20 points'), '' when there is no change."""
    if delta is None or abs(delta) < 0.005:
        return ""
    return f"{delta * 100:+.0f} points"


def resilience_text(team: TeamComparison) -> str:
    """'N-1 resilience 80% -> 100% (+20 points)': single absences raising no new critical."""
    change = points_text(team.resilience_delta)
    return f"N-1 resilience {share_text(team.resilience.a)} -> {share_text(team.resilience.b)}" + (
        f" ({change})" if change else ""
    )


REPORT_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: system-ui, sans-serif; font-size: 10.5pt; color: #1d2433;
       max-width: 182mm; margin: 6mm auto; }
@media print { body { margin: 0; max-width: none; } }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 5mm 0 2mm; }
p.sides { margin: 0 0 3mm; color: #4a5468; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2mm; }
th, td { text-align: left; padding: 1mm 2mm; border-bottom: 1px solid #dde2ea; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul { margin: 0; padding-left: 5mm; } li { margin-bottom: 0.8mm; }
.critical { color: #a4161a; font-weight: 600; } .warning { color: #8a5a00; }
"""


def _cell(value: object) -> str:
    return "–" if value is None else escape(str(value))


def _signed(value: float) -> str:
    return f"{value:+g}" if abs(value) > EPSILON else ""


def _delta(pair: Pair) -> str:
    if isinstance(pair.a, int) and isinstance(pair.b, int) and pair.a != pair.b:
        return f"{pair.b - pair.a:+d}"
    return ""


def _warning_items(warnings: Sequence[WarningDiff]) -> str:
    if not warnings:
        return "<p>None.</p>"
    items = "".join(
        f'<li><span class="{escape(w.severity)}">{escape(w.severity)}</span> '
        f"{escape(w.code)}{f' ({escape(w.team)})' if w.team else ''}: {escape(w.message)}</li>"
        for w in warnings
    )
    return f"<ul>{items}</ul>"


def comparison_html(comparison: Comparison, *, when: date | None = None) -> str:
    """A vs B on one printable page: numbers per team, changes, warnings added and gone.

    Every text a user typed (names, labels, messages) is escaped.
    """
    when = when or date.today()
    rows = "".join(
        f"<tr><td>{escape(t.team)}</td><td class=num>{_cell(t.health.a)}</td>"
        f"<td class=num>{_cell(t.health.b)}</td><td class=num>{_delta(t.health)}</td>"
        f"<td class=num>{_cell(t.bus_factor.a)}</td><td class=num>{_cell(t.bus_factor.b)}</td>"
        f"<td class=num>{_delta(t.bus_factor)}</td>"
        f"<td class=num>{share_text(t.resilience.a)}</td>"
        f"<td class=num>{share_text(t.resilience.b)}</td>"
        f"<td class=num>{points_text(t.resilience_delta)}</td>"
        f"<td>{_cell(t.tier.a)} → {_cell(t.tier.b)}</td>"
        "</tr>"
        for t in comparison.teams
    )
    coverage = "".join(
        f"<tr><td>{escape(t.team)}</td><td>{escape(c.name)}</td>"
        f"<td>{_cell(c.status.a)} ({fmt(c.fte.a or 0)})</td>"
        f"<td>{_cell(c.status.b)} ({fmt(c.fte.b or 0)})</td>"
        f"<td class=num>{_signed(c.delta)}</td></tr>"
        for t in comparison.teams
        for c in t.coverage
        if abs(c.delta) > EPSILON or c.status.a != c.status.b
    )
    changes = "".join(f"<li>{escape(c.sentence)}</li>" for c in comparison.changes)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>A vs B: {escape(comparison.a)} / {escape(comparison.b)}</title>"
        f"<style>{REPORT_CSS}</style></head><body>"
        f"<h1>Scenario comparison, {when.isoformat()}</h1>"
        f'<p class="sides"><b>A</b>: {escape(comparison.a)}<br><b>B</b>: '
        f"{escape(comparison.b)}</p>"
        "<table><tr><th>Team</th><th>Health A</th><th>Health B</th><th></th>"
        "<th>Bus factor A</th><th>Bus factor B</th><th></th>"
        "<th>N-1 resilience A</th><th>N-1 resilience B</th><th></th><th>Size tier</th></tr>"
        f"{rows}</table>"
        f"<h2>Changes ({len(comparison.changes)})</h2>"
        + (f"<ul>{changes}</ul>" if changes else "<p>No change.</p>")
        + f"<h2>Warnings added in B ({len(comparison.warnings_added)})</h2>"
        + _warning_items(comparison.warnings_added)
        + f"<h2>Warnings gone in B ({len(comparison.warnings_removed)})</h2>"
        + _warning_items(comparison.warnings_removed)
        + "<h2>Coverage that changed</h2>"
        + (
            "<table><tr><th>Team</th><th>Position</th><th>A (FTE)</th><th>B (FTE)</th>"
            f"<th>Change</th></tr>{coverage}</table>"
            if coverage
            else "<p>No position changed.</p>"
        )
        + "</body></html>"
    )
