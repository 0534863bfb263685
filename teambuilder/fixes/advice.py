"""Advice that names who and how: the cheapest concrete step for each warning.

For each warning a move or a hire can clear, the solver is asked for the cheapest
changes that clear that warning alone (nobody's load may grow past their FTE, or past
today's if they are already over it); its sentences are the step. Warnings of one code
share their advice, said once for every position or person it covers. Teams below the
health threshold of data/fixes.toml also get an action list: critical first, then
warnings, each group ranked by the health its step gains.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from teambuilder.catalogue import Catalogue, catalogue, fix_settings
from teambuilder.fixes.explain import lower_name, warning_key
from teambuilder.fixes.model import FixOptionError, FixOptions
from teambuilder.fixes.settings import FixSettings
from teambuilder.models import SEVERITY_ORDER, Frozen, Roster, RuleWarning, Severity
from teambuilder.scoring import score
from teambuilder.wording import fmt, join_names


class Step(Frozen):
    """The cheapest concrete step for one warning, and what it gains."""

    code: str
    severity: Severity
    warning: str  # the warning's message
    sentences: tuple[str, ...]  # empty when no move or hire clears it alone
    cost: int
    health_gain: int
    note: str = ""  # e.g. someone who already gives a sliver of the position
    searched: bool = True  # False when the advice's time budget ran out before it


class AdviceItem(Frozen):
    """One code's advice, said once for every position or person it covers."""

    code: str
    severity: Severity
    title: str
    covers: tuple[str, ...]
    advice: str
    steps: tuple[Step, ...]


class TeamAdvice(Frozen):
    team: str
    health: int
    items: tuple[AdviceItem, ...]
    actions: tuple[Step, ...]  # empty when health is at or above the threshold


def advise(
    roster: Roster,
    team: str | None = None,
    absent: Sequence[str] = (),
    *,
    hires: bool = True,
    cat: Catalogue | None = None,
    settings: FixSettings | None = None,
) -> TeamAdvice:
    """Each warning of ``team`` with the cheapest concrete step that clears it.

    - ``roster``: the whole file (a person's time in other teams counts against their FTE).
    - ``team``: the team to advise; the roster's first team when None.
    - ``absent``: people to treat as away, on top of those the roster marks away.
    - ``hires``: False to advise moves of time only.

    Returns a :class:`TeamAdvice`: ``items``, each code's advice once with a step per
    warning, and ``actions``, the action list (only for a team below
    ``[advice] action_list_below`` of data/fixes.toml). :func:`what_to_change` ranks the
    steps for any team. Bounded: at most ``[advice] time_cap_seconds`` per warning and
    ``total_seconds`` per team; later warnings keep their advice with no step
    (``Step.searched`` False). Raises :class:`FixOptionError` for an unknown team and
    ``UnknownPersonError`` for an unknown name in ``absent``.
    """
    cat = cat or catalogue()
    settings = settings or fix_settings()
    teams = roster.team_names()
    if team is None:
        if not teams:
            raise FixOptionError("the roster has no team to advise")
        team = teams[0]
    elif team not in teams:
        raise FixOptionError(f"no team {team!r}; teams: {', '.join(teams)}")
    absent = tuple(absent)
    report = score(roster, absent, cat=cat).team(team)
    options = FixOptions(hires=hires, absent=absent, alternatives=0)
    out_of_reach = set(settings.goals.out_of_reach)
    steps: dict[int, Step] = {}
    deadline = time.perf_counter() + settings.advice.total_seconds
    for index, warning in enumerate(report.warnings):
        if warning.code in out_of_reach or warning.severity == Severity.info:
            continue
        if time.perf_counter() > deadline:
            steps[index] = Step(
                code=warning.code,
                severity=warning.severity,
                warning=warning.message,
                sentences=(),
                cost=0,
                health_gain=0,
                note=_sliver_note(roster, team, warning, cat),
                searched=False,
            )
            continue
        steps[index] = _step(roster, team, warning, report.health, options, cat, settings)
    items: list[AdviceItem] = []
    for code in dict.fromkeys(w.code for w in report.warnings):
        mine = [(i, w) for i, w in enumerate(report.warnings) if w.code == code]
        worst = min((w.severity for _, w in mine), key=SEVERITY_ORDER.index)
        items.append(
            AdviceItem(
                code=code,
                severity=worst,
                title=mine[0][1].title,
                covers=tuple(dict.fromkeys(_subject(w, cat) for _, w in mine)),
                advice=mine[0][1].advice,
                steps=tuple(steps[i] for i, _ in mine if i in steps),
            )
        )
    actions: tuple[Step, ...] = ()
    if report.health < settings.advice.action_list_below:
        actions = ranked(steps.values())
    return TeamAdvice(team=team, health=report.health, items=tuple(items), actions=actions)


def ranked(steps: Iterable[Step]) -> tuple[Step, ...]:
    """The steps that change something, critical first, then by health gained, then the
    cheapest (the order of the action list)."""
    useful = [s for s in steps if s.sentences]
    useful.sort(key=lambda s: (SEVERITY_ORDER.index(s.severity), -s.health_gain, s.cost))
    return tuple(useful)


def what_to_change(advice: TeamAdvice, limit: int | None = None) -> tuple[Step, ...]:
    """The team's steps in the action list's order (for any team, whatever its health),
    at most ``limit`` of them."""
    found = ranked(step for item in advice.items for step in item.steps)
    return found if limit is None else found[:limit]


def _subject(warning: RuleWarning, cat: Catalogue) -> str:
    if warning.code in ("OVERLOADED", "TOO_MANY_HATS", "BRIDGE_CONFLICT", "TECH_IN_BUSINESS_SEAT"):
        return join_names(warning.people)
    return join_names(cat.name_of(pid) for pid in warning.positions) or "the team"


def target_of(warning: RuleWarning, cat: Catalogue) -> tuple[str, str]:
    """The (code, subject) the encoding names this warning by."""
    if warning.code in ("OVERLOADED", "TOO_MANY_HATS", "BRIDGE_CONFLICT", "TECH_IN_BUSINESS_SEAT"):
        return warning.code, warning.people[0]
    if warning.code == "TEAM_BUS_FACTOR":
        return warning.code, "team"
    if len(warning.positions) > 1:
        for group in (g for tier in cat.tiers for g in tier.groups):
            if set(group.positions) == set(warning.positions):
                return warning.code, group.label
    return warning.code, warning.positions[0]


def _step(
    roster: Roster,
    team: str,
    warning: RuleWarning,
    health: int,
    options: FixOptions,
    cat: Catalogue,
    settings: FixSettings,
) -> Step:
    # The solver (OR-Tools) is loaded when advice is first asked for, not on import: the
    # command line and the pages import this module without paying for it.
    from teambuilder.fixes.solver import target_fix

    found = target_fix(roster, team, target_of(warning, cat), warning_key(warning), options)
    note = _sliver_note(roster, team, warning, cat)
    if found is None:
        return Step(
            code=warning.code,
            severity=warning.severity,
            warning=warning.message,
            sentences=(),
            cost=0,
            health_gain=0,
            note=note,
        )
    return Step(
        code=warning.code,
        severity=warning.severity,
        warning=warning.message,
        sentences=tuple(change.sentence for change in found.changes),
        cost=found.cost,
        health_gain=found.health_after - health,
        note=note,
    )


def _sliver_note(roster: Roster, team: str, warning: RuleWarning, cat: Catalogue) -> str:
    """Someone who already gives the position a sliver is the natural backup: say so."""
    if warning.code not in ("SINGLE_POINT_OF_FAILURE", "UNCOVERED", "THIN_COVERAGE"):
        return ""
    if len(warning.positions) != 1:
        return ""
    pid = warning.positions[0]
    hold = cat.thresholds.hold_min_fte
    for person in roster.members(team):
        given = person.allocation(pid)
        if person.absent or given <= 0 or given >= hold - 1e-9:
            continue
        spare = person.fte - sum(person.allocations.values())
        what = "a backup" if warning.code == "SINGLE_POINT_OF_FAILURE" else "a holder"
        room = "" if spare + 1e-9 >= hold - given else " (with time taken from elsewhere)"
        return (
            f"{person.name} already gives {fmt(given)} FTE to {lower_name(cat, pid)}; "
            f"{fmt(hold)} makes them {what}{room}."
        )
    return ""
