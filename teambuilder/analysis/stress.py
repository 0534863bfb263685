"""The N-1/N-2 stress test: every absence of one, two (and, in small teams, three) people.

For each team, every combination of its present members is scored as if they were
away. The team is taken apart once (who holds what, the reporting lines); a
combination changes only who is present, so each costs one pass of the rules' checks
over the team (findings, no words), not a report. ``score()`` once per combination
gives the same answers (the tests check it) at many times the cost.

Cost: C(n, 1) + C(n, 2) (+ C(n, 3)) combinations for a team of n, each linear in n:
about n³/2 for N-2, n⁴/6 for N-3 (hence N-3 only up to MAX_N3_PEOPLE).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

from teambuilder.analysis.identity import key_in, warning_key
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.collector import collector_paused
from teambuilder.models import Report, Roster, RuleWarning, Severity, TeamReport
from teambuilder.rules import Finding
from teambuilder.scoring import (
    TeamContext,
    _context_in,
    _Index,
    _index,
    bus_factor,
    check_size,
    run_checks,
    score,
)
from teambuilder.wording import join_names

# N-3 only for teams up to this size (a team of 15 has 455 triples, one of 100 161,700).
MAX_N3_PEOPLE = 15
DEPTHS = (1, 2, 3)

Progress = Callable[[int, int], None]
# What the stress test counts as breaking a team: a new critical warning.
CRITICAL: frozenset[Severity] = frozenset({Severity.critical})


@dataclass(frozen=True, slots=True)
class Combination:
    """One set of people away at once, and what the team looks like then."""

    away: tuple[str, ...]
    health: int
    bus_factor: int
    new_critical: tuple[str, ...]  # codes of critical warnings the absence alone raises
    empty_positions: tuple[str, ...]  # positions held today that nobody holds then

    def as_json(self) -> dict[str, object]:
        return {
            "away": list(self.away),
            "health": self.health,
            "bus_factor": self.bus_factor,
            "new_critical": list(self.new_critical),
            "empty_positions": list(self.empty_positions),
        }


@dataclass(frozen=True, slots=True)
class TeamStress:
    """One team's stress test: its combinations worst first, and its resilience."""

    team: str
    depth: int
    health: int  # with nobody (more) away
    bus_factor: int
    people: tuple[str, ...]  # the members who can be away (present today), roster order
    combinations: tuple[Combination, ...]  # worst first
    n1: float
    n2: float | None
    n3: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "team": self.team,
            "depth": self.depth,
            "resilience": {"n1": self.n1, "n2": self.n2},
            "combinations": [c.as_json() for c in self.combinations],
        }

    def worst(self, count: int) -> tuple[Combination, ...]:
        """The ``count`` worst combinations, leaving out one that only adds people to a
        smaller one with the same outcome (Priya with Tom away is Priya away, if Tom's
        absence changes nothing): the list shows that many distinct problems."""
        outcome = {c.away: _outcome(c) for c in self.combinations}
        shown: list[Combination] = []
        for combo in self.combinations:
            if len(shown) == count:
                break
            smaller = (
                sub for size in range(1, len(combo.away)) for sub in combinations(combo.away, size)
            )
            if any(outcome.get(sub) == _outcome(combo) for sub in smaller):
                continue
            shown.append(combo)
        return tuple(shown)

    def pair_health(self) -> dict[tuple[str, str], int]:
        """Health with both away (a name twice: alone), for every pair that was run."""
        found: dict[tuple[str, str], int] = {}
        for combo in self.combinations:
            if len(combo.away) == 1:
                found[(combo.away[0], combo.away[0])] = combo.health
            elif len(combo.away) == 2:
                a, b = combo.away
                found[(a, b)] = found[(b, a)] = combo.health
        return found


def _outcome(combo: Combination) -> tuple[object, ...]:
    return (combo.health, combo.bus_factor, combo.new_critical, combo.empty_positions)


def depth_for(people: int, depth: int) -> int:
    """The depth actually run for a team of ``people``: N-3 only for small teams."""
    if depth not in DEPTHS:
        raise ValueError(f"depth is 1, 2 or 3, not {depth}")
    if depth == 3 and people > MAX_N3_PEOPLE:
        return 2
    return depth


def combination_count(people: int, depth: int) -> int:
    return sum(comb(people, k) for k in range(1, depth_for(people, depth) + 1))


def _sort_key(item: tuple[int, Combination]) -> tuple[int, int, int, int, int]:
    index, combo = item
    return (combo.health, -len(combo.new_critical), combo.bus_factor, len(combo.away), index)


def rank(found: Sequence[Combination]) -> tuple[Combination, ...]:
    """Worst first: lowest health, then most new critical warnings, then lowest bus
    factor, then fewest people away; ties keep the order they were run in."""
    return tuple(combo for _, combo in sorted(enumerate(found), key=_sort_key))


def _share_clear(found: Sequence[Combination], size: int) -> float | None:
    of_size = [c for c in found if len(c.away) == size]
    if not of_size:
        return None
    return round(sum(1 for c in of_size if not c.new_critical) / len(of_size), 4)


def health_of(cat: Catalogue, warnings: Sequence[Finding | RuleWarning]) -> int:
    """The health score of sorted findings (or warnings), as scoring computes it."""
    settings = cat.health
    seen: dict[str, int] = {}
    total = 0
    capped = False
    for warning in warnings:
        seen[warning.code] = seen.get(warning.code, 0) + 1
        if seen[warning.code] <= settings.counted_per_code:
            total += settings.penalty.get(warning.severity, 0)
        capped = capped or warning.code == "NO_SPONSOR"
    result = max(0, settings.start - total)
    return min(result, settings.no_sponsor_cap) if capped else result


class _Team:
    """A team taken apart once; each combination only changes who is present."""

    def __init__(self, cat: Catalogue, index: _Index, team: str, already_away: set[str]):
        self.cat = cat
        self.index = index
        self.team = team
        self.already_away = already_away
        self.base: TeamContext = _context_in(cat, index, team, already_away)
        base_warnings = run_checks(self.base)
        self.base_factor = bus_factor(self.base)[0]
        self.baseline = {warning_key(team, self.base_factor, w) for w in base_warnings}
        self.base_health = health_of(cat, base_warnings)
        self.held_today = [pid for pid in cat.position_ids if self.base.holders[pid]]
        self.people = tuple(p.name for p in self.base.present)

    def _away(self, away: tuple[str, ...]) -> tuple[TeamContext, list[Finding], int]:
        ctx = _context_in(self.cat, self.index, self.team, self.already_away | set(away), self.base)
        return ctx, run_checks(ctx), bus_factor(ctx)[0]

    def _new(
        self, findings: list[Finding], factor: int, severities: Collection[Severity]
    ) -> tuple[Finding, ...]:
        """The findings of ``severities`` that today's team (nobody more away) has not."""
        return tuple(
            f
            for f in findings
            if f.severity in severities and warning_key(self.team, factor, f) not in self.baseline
        )

    def run(self, away: tuple[str, ...]) -> Combination:
        ctx, warnings, factor = self._away(away)
        return Combination(
            away=away,
            health=health_of(self.cat, warnings),
            bus_factor=factor,
            new_critical=tuple(f.code for f in self._new(warnings, factor, CRITICAL)),
            empty_positions=tuple(pid for pid in self.held_today if not ctx.holders[pid]),
        )

    def new_with(
        self, away: tuple[str, ...], severities: Collection[Severity]
    ) -> tuple[Finding, ...]:
        _, warnings, factor = self._away(away)
        return self._new(warnings, factor, severities)


def _absence_sets(people: Sequence[str], depth: int) -> Iterator[tuple[str, ...]]:
    for size in range(1, depth + 1):
        yield from combinations(people, size)


def stress_test(
    roster: Roster,
    *,
    depth: int = 2,
    teams: Sequence[str] | None = None,
    cat: Catalogue | None = None,
    progress: Progress | None = None,
) -> list[TeamStress]:
    """Every N-1 and N-2 (N-3 for teams up to 15 people) absence of each team.

    People the roster already marks away stay away in every combination and are not
    combined. ``progress(done, total)`` is called now and then with the combinations run.
    """
    cat = cat or catalogue()
    check_size(roster)  # refused like scoring when it has more teams than a report covers
    names = list(teams) if teams is not None else roster.team_names()
    index = _index(roster)
    already_away = {p.name for p in roster.people if p.absent}
    with collector_paused():
        prepared = [_Team(cat, index, team, already_away) for team in names]
        total = sum(combination_count(len(t.people), _team_depth(t, depth)) for t in prepared)
        done = 0
        results = []
        for team in prepared:
            run_depth = _team_depth(team, depth)
            found = []
            for away in _absence_sets(team.people, run_depth):
                found.append(team.run(away))
                done += 1
                if progress is not None and done % 500 == 0:
                    progress(done, total)
            results.append(_result(team, run_depth, found))
    if progress is not None:
        progress(total, total)
    return results


def single_absences(
    roster: Roster,
    team: str,
    *,
    absent: Iterable[str] = (),
    severities: Collection[Severity] = CRITICAL,
    cat: Catalogue | None = None,
) -> dict[str, tuple[Finding, ...]]:
    """N-1 of one team: for each member present today, the findings of ``severities``
    that their absence alone raises (new against today's team, where ``absent`` and the
    people the roster marks away are already gone). A team "survives any one absence"
    when every value is empty: with the default severities, the stress test's N-1
    resilience is then 100%.
    """
    cat = cat or catalogue()
    already_away = {name.strip() for name in absent}
    already_away |= {p.name for p in roster.people if p.absent}
    with collector_paused():
        prepared = _Team(cat, _index(roster), team, already_away)
        return {name: prepared.new_with((name,), severities) for name in prepared.people}


def survives_any_absence(
    roster: Roster,
    team: str,
    *,
    absent: Iterable[str] = (),
    severities: Collection[Severity] = CRITICAL,
    cat: Catalogue | None = None,
) -> bool:
    """Whether no single absence raises a new warning of ``severities`` in ``team``."""
    found = single_absences(roster, team, absent=absent, severities=severities, cat=cat)
    return not any(found.values())


def _team_depth(team: _Team, depth: int) -> int:
    return depth_for(len(team.base.members), depth)


def _result(team: _Team, depth: int, found: list[Combination]) -> TeamStress:
    return TeamStress(
        team=team.team,
        depth=depth,
        health=team.base_health,
        bus_factor=team.base_factor,
        people=team.people,
        combinations=rank(found),
        n1=_share_clear(found, 1) or (0.0 if found else 1.0),
        n2=_share_clear(found, 2) if depth >= 2 else None,
        n3=_share_clear(found, 3) if depth >= 3 else None,
    )


def stress_json(results: Sequence[TeamStress]) -> dict[str, object]:
    """The command line's JSON: ``{"teams": [...]}``, each team's combinations worst first."""
    return {"teams": [team.as_json() for team in results]}


# --- The words -----------------------------------------------------------------------


def _who_away(away: Sequence[str]) -> str:
    if len(away) == 1:
        return f"{away[0]} is away"
    both = "both" if len(away) == 2 else "all"
    return f"{join_names(away)} are {both} away"


def describe(combo: Combination, cat: Catalogue | None = None) -> str:
    """The combination in a sentence: 'If Meghan and Priya are both away, nobody holds ...'."""
    cat = cat or catalogue()
    opening = f"If {_who_away(combo.away)}"
    if combo.empty_positions:
        held = join_names((cat.name_of(pid) for pid in combo.empty_positions), last="or")
        return f"{opening}, nobody holds {held} (health {combo.health})."
    if combo.new_critical:
        titles = join_names(dict.fromkeys(cat.rule(code).title for code in combo.new_critical))
        count = len(combo.new_critical)
        word = "warning" if count == 1 else "warnings"
        return f"{opening}: {count} new critical {word}, {titles} (health {combo.health})."
    return f"{opening}, every position held today stays held (health {combo.health})."


def percent(share: float | None) -> str:
    return "–" if share is None else f"{round(100 * share)}%"


def summary(result: TeamStress) -> str:
    """'N-1 resilience 60%, N-2 35%': the share of absences that raise no new critical warning."""
    parts = [f"N-1 resilience {percent(result.n1)}"]
    if result.n2 is not None:
        parts.append(f"N-2 {percent(result.n2)}")
    if result.n3 is not None:
        parts.append(f"N-3 {percent(result.n3)}")
    return ", ".join(parts)


# --- The plain reference ---------------------------------------------------------------


def reference_combination(
    roster: Roster, team: str, away: tuple[str, ...], baseline: Report, cat: Catalogue
) -> Combination:
    """One combination the slow, obvious way: score() the whole roster with them away."""
    report: TeamReport = score(roster, away, cat=cat).team(team)
    before = baseline.team(team)
    keys = {key_in(before, w) for w in before.warnings}
    return Combination(
        away=away,
        health=report.health,
        bus_factor=report.bus_factor,
        new_critical=tuple(
            w.code
            for w in report.warnings
            if w.severity == Severity.critical and key_in(report, w) not in keys
        ),
        empty_positions=tuple(
            c.position
            for c in report.coverage
            if not c.people and before.coverage_of(c.position).people
        ),
    )
