"""Figures across every team of a roster: the view of a head of data with many teams.

From one scored roster (:func:`teambuilder.scoring.score`):

- one row per team: size tier, head count, health, bus factor, warnings, and each
  position's coverage drawn as on the pitch (covered, thin, missing, not needed);
- the people shared by several teams, with their load added up across them;
- the key people: those whose absence alone would leave a critical position with
  nobody in the most teams (the organisation's own bus factor), named.

A resilience figure per team (the N-1/N-2 stress test) can be passed in as a function;
without one the rows carry ``resilience=None``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Literal

from teambuilder.analysis.stress import stress_test
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.formation import DrawStatus, draw_status
from teambuilder.models import Frozen, Report, Roster, Severity, TeamReport
from teambuilder.wording import join_names

__all__ = [
    "KeyPerson",
    "Organisation",
    "SharedPerson",
    "TeamRow",
    "exposure_sentence",
    "organisation",
    "organisation_text",
]

Resilience = Callable[[Roster, str], float | None]


class TeamRow(Frozen):
    team: str
    tier: str
    head_count: int
    mission_critical: bool
    health: int
    bus_factor: int
    bus_factor_positions: tuple[str, ...]
    critical_warnings: int
    warnings: int
    coverage: dict[str, DrawStatus]
    # Critical positions held today by exactly one person, and who that is.
    single_holders: dict[str, str]
    resilience: float | None = None


class SharedPerson(Frozen):
    name: str
    teams: tuple[str, ...]
    fte: float
    total_load: float
    status: Literal["ok", "at_capacity", "overloaded"]


class KeyPerson(Frozen):
    """Someone who alone holds a critical position in one or more teams."""

    name: str
    teams_hurt: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]  # (team, position) they alone hold
    teams: tuple[str, ...]  # every team they are in
    total_load: float


class Organisation(Frozen):
    positions: tuple[str, ...]
    teams: tuple[TeamRow, ...]
    shared: tuple[SharedPerson, ...]
    key_people: tuple[KeyPerson, ...]
    people: int
    median_health: float | None
    teams_without_sponsor: int
    teams_with_bus_factor_1: int
    cross_team_warnings: int

    @property
    def most_exposing(self) -> tuple[KeyPerson, ...]:
        """The key people whose absence hurts the most teams (ties all named)."""
        if not self.key_people:
            return ()
        top = len(self.key_people[0].teams_hurt)
        return tuple(k for k in self.key_people if len(k.teams_hurt) == top)


def _team_row(
    report: TeamReport, critical: set[str], cat: Catalogue, resilience: float | None
) -> TeamRow:
    coverage = {c.position: draw_status(c) for c in report.coverage}
    single = {
        c.position: c.people[0]
        for c in report.coverage
        if c.position in critical and len(c.people) == 1
    }
    return TeamRow(
        team=report.team,
        tier=report.tier,
        head_count=report.head_count,
        mission_critical=report.mission_critical,
        health=report.health,
        bus_factor=report.bus_factor,
        bus_factor_positions=report.bus_factor_positions,
        critical_warnings=sum(1 for w in report.warnings if w.severity == Severity.critical),
        warnings=len(report.warnings),
        coverage={pid: coverage.get(pid, "not_required") for pid in cat.position_ids},
        single_holders=single,
        resilience=resilience,
    )


def resilience_to_single_absences(roster: Roster, cat: Catalogue | None = None) -> Resilience:
    """Each team's N-1 resilience (the share of single absences that raise no new critical
    warning), from one stress test of every team at depth 1."""
    shares = {result.team: result.n1 for result in stress_test(roster, depth=1, cat=cat)}
    return lambda _roster, team: shares.get(team)


def organisation(
    roster: Roster,
    report: Report,
    *,
    resilience: Resilience | None = None,
    cat: Catalogue | None = None,
) -> Organisation:
    """The figures across teams of ``report`` (the score of ``roster``)."""
    cat = cat or catalogue()
    marked = {settings.name: settings.critical_positions for settings in roster.teams}
    always = set(cat.critical_positions)
    rows = tuple(
        _team_row(
            team_report,
            always | set(marked.get(team_report.team, ())),
            cat,
            resilience(roster, team_report.team) if resilience else None,
        )
        for team_report in report.teams
    )

    loads: dict[str, tuple[float, float]] = {}
    teams_of: dict[str, list[str]] = {}
    for team_report in report.teams:
        for person in team_report.people:
            teams_of.setdefault(person.name, []).append(team_report.team)
            loads[person.name] = (person.fte, person.total_load)
    tolerance = cat.thresholds.overload_tolerance
    at_capacity = cat.thresholds.at_capacity_ratio
    shared = []
    for name, teams in teams_of.items():
        if len(teams) < 2:
            continue
        fte, total = loads[name]
        status: Literal["ok", "at_capacity", "overloaded"] = "ok"
        if total > fte + tolerance:
            status = "overloaded"
        elif total >= fte * at_capacity:
            status = "at_capacity"
        shared.append(
            SharedPerson(name=name, teams=tuple(teams), fte=fte, total_load=total, status=status)
        )
    shared.sort(key=lambda p: (-len(p.teams), -(p.total_load / p.fte), p.name))

    hurt: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        for position, name in row.single_holders.items():
            hurt.setdefault(name, []).append((row.team, position))
    key_people = [
        KeyPerson(
            name=name,
            teams_hurt=tuple(dict.fromkeys(team for team, _ in held)),
            positions=tuple(held),
            teams=tuple(teams_of.get(name, ())),
            total_load=loads.get(name, (1.0, 0.0))[1],
        )
        for name, held in hurt.items()
    ]
    key_people.sort(key=lambda k: (-len(k.teams_hurt), -len(k.positions), k.name))

    healths = [row.health for row in rows]
    return Organisation(
        positions=cat.position_ids,
        teams=rows,
        shared=tuple(shared),
        key_people=tuple(key_people),
        people=len(teams_of),
        median_health=statistics.median(healths) if healths else None,
        teams_without_sponsor=sum(
            1 for t in report.teams if any(w.code == "NO_SPONSOR" for w in t.warnings)
        ),
        teams_with_bus_factor_1=sum(1 for row in rows if row.bus_factor == 1),
        cross_team_warnings=len(report.warnings),
    )


def exposure_sentence(org: Organisation) -> str:
    """Who hurts the most teams by being away, in one sentence ("" if nobody)."""
    top = org.most_exposing
    if not top:
        return ""
    count = len(top[0].teams_hurt)
    teams = f"{count} team{'s' if count != 1 else ''}"
    if len(top) == 1:
        return (
            f"Most exposed: {top[0].name} alone holds a critical position in {teams}; "
            "if they are away, nobody holds it there."
        )
    names = [k.name for k in top[:5]]
    if len(top) > 5:
        names.append(f"{len(top) - 5} more")
    return (
        f"Most exposed: {join_names(names)} each alone hold a critical position in {teams}; "
        "if one of them is away, nobody holds it there."
    )


SYMBOLS: dict[DrawStatus, str] = {
    "covered": "●",
    "thin": "◆",
    "missing": "✕",
    "not_required": "○",
}


def organisation_text(org: Organisation, cat: Catalogue | None = None) -> str:
    """The figures as plain text, for the command line."""
    cat = cat or catalogue()
    shorts = [cat.position(pid).short for pid in org.positions]
    lines = [
        f"{len(org.teams)} teams, {org.people} people; median health "
        + (f"{org.median_health:g}" if org.median_health is not None else "-")
        + f"; {org.teams_without_sponsor} without a sponsor; "
        f"{org.teams_with_bus_factor_1} with a bus factor of 1",
        "",
        "Coverage (● covered, ◆ thin, ✕ missing, ○ not needed at this size)",
    ]
    width = max([len(row.team) for row in org.teams] + [4])
    width = min(width, 40)
    lines.append(
        f"{'team':<{width}}  {'health':>6}  {'bus':>3}  {'N-1':>4}  "
        + " ".join(f"{s:>3}" for s in shorts)
    )
    for row in org.teams:
        cells = " ".join(f"{SYMBOLS[row.coverage[pid]]:>3}" for pid in org.positions)
        n1 = "-" if row.resilience is None else f"{round(100 * row.resilience)}%"
        lines.append(
            f"{row.team[:width]:<{width}}  {row.health:>6}  {row.bus_factor:>3}  {n1:>4}  {cells}"
        )
    lines.append("")
    if org.shared:
        lines.append("Shared by several teams (load across all of them / FTE):")
        for person in org.shared:
            note = {"ok": "", "at_capacity": "  at capacity", "overloaded": "  OVERLOADED"}
            lines.append(
                f"  {person.name}: {len(person.teams)} teams ({', '.join(person.teams)}), "
                f"{person.total_load:g} / {person.fte:g} FTE{note[person.status]}"
            )
    else:
        lines.append("Nobody is shared by several teams.")
    lines.append("")
    if org.key_people:
        lines.append("Whose absence hurts the most teams (alone on a critical position):")
        for key in org.key_people[:20]:
            held = ", ".join(f"{cat.name_of(pid)} in {team}" for team, pid in key.positions)
            count = len(key.teams_hurt)
            lines.append(f"  {key.name}: {count} team{'s' if count != 1 else ''} ({held})")
        if len(org.key_people) > 20:
            lines.append(f"  ... and {len(org.key_people) - 20} more")
    else:
        lines.append("No critical position rests on one person.")
    return "\n".join(lines) + "\n"
