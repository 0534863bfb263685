"""Checks that need the whole roster, shared by the table parser and the JSON reader.

Unknown position ids, a team set up twice, the same person twice in a team, a person
whose FTE differs between teams, and reporting lines that name nobody, the person
themself or go round in a circle. Each check costs time linear in the roster: the one
search over every name (the closest name to an unknown manager) runs only for as many
problems as are listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from operator import attrgetter

from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.io.cells import format_number, shown
from teambuilder.io.columns import TEXT_COLUMNS, closest, help_for
from teambuilder.io.problems import MAX_PROBLEMS, RosterIssue
from teambuilder.models import Roster

__all__ = [
    "MAX_UNKNOWN_IDS",
    "iter_roster_problems",
    "more_unknown",
    "roster_problems",
    "unknown_position",
]

_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def roster_problems(
    roster: Roster,
    *,
    person_label: Callable[[int], str] | None = None,
    team_label: Callable[[int], str] | None = None,
    also_known: Collection[str] = (),
    cat: Catalogue | None = None,
) -> list[RosterIssue]:
    """Checks that need the whole roster; see :func:`iter_roster_problems`."""
    return list(
        iter_roster_problems(
            roster,
            person_label=person_label,
            team_label=team_label,
            also_known=also_known,
            cat=cat,
        )
    )


def iter_roster_problems(
    roster: Roster,
    *,
    person_label: Callable[[int], str] | None = None,
    team_label: Callable[[int], str] | None = None,
    also_known: Collection[str] = (),
    cat: Catalogue | None = None,
) -> Iterator[RosterIssue]:
    """Checks that need the whole roster, one issue at a time; none: the roster is consistent.

    Unknown position ids (allocations, critical positions), a team set up twice, the same
    person twice in a team, a person whose FTE differs between teams, and reporting lines
    that name nobody, the person themself or go round in a circle. ``person_label(i)``
    and ``team_label(i)`` name other records in messages ("line 3"; defaults
    ``people[i]`` and ``teams[i]``). ``also_known`` are names of people whose records
    failed earlier checks: reporting to them is not reported as naming nobody. Positions
    are those of ``cat`` (the loaded catalogue by default).
    """
    people_label = person_label or (lambda i: f"people[{i}]")
    teams_label = team_label or (lambda i: f"teams[{i}]")
    cat = cat or catalogue()
    position_ids = cat.position_ids
    valid_ids = set(position_ids)

    first_team: dict[str, int] = {}
    for index, team in enumerate(roster.teams):
        if team.name in first_team:
            yield (
                RosterIssue(
                    "teams",
                    index,
                    "name",
                    f"team {team.name!r} is already set up in "
                    f"{teams_label(first_team[team.name])}; give each team one entry",
                )
            )
        else:
            first_team[team.name] = index
        for position_id in team.critical_positions:
            if position_id not in valid_ids:
                yield (
                    RosterIssue(
                        "teams", index, "critical_positions", unknown_position(position_id, cat)
                    )
                )

    first_in_team: dict[tuple[str, str], int] = {}
    first_fte: dict[str, int] = {}
    # One search over all the text first: a roster without such characters (nearly all of
    # them) is then not searched again field by field.
    text_fields = TEXT_COLUMNS if _any_bad_character(roster) else ()
    for index, person in enumerate(roster.people):
        for text_field in text_fields:
            value = getattr(person, text_field)
            if value and _BAD_CHARACTER.search(value):
                yield (
                    RosterIssue(
                        "people",
                        index,
                        text_field,
                        "contains a NUL or an unpaired surrogate character, which files "
                        "cannot carry; remove it",
                    )
                )
        unknown = [pid for pid in person.allocations if pid not in valid_ids]
        for position_id in unknown[:MAX_UNKNOWN_IDS]:
            yield RosterIssue(
                "people", index, f"allocations.{position_id}", unknown_position(position_id, cat)
            )
        if len(unknown) > MAX_UNKNOWN_IDS:
            yield RosterIssue("people", index, "allocations", more_unknown(unknown, cat))
        key = (person.team, person.name)
        if key in first_in_team:
            yield (
                RosterIssue(
                    "people",
                    index,
                    "name",
                    f"{person.name!r} is already in team {person.team!r} on "
                    f"{people_label(first_in_team[key])}; one row per person per team",
                )
            )
            continue  # one problem is enough for a repeated row
        first_in_team[key] = index
        if person.name in first_fte:
            other = roster.people[first_fte[person.name]]
            if other.fte != person.fte:
                yield (
                    RosterIssue(
                        "people",
                        index,
                        "fte",
                        f"{person.name!r} has FTE {format_number(person.fte)} here but "
                        f"{format_number(other.fte)} on {people_label(first_fte[person.name])} "
                        f"(team {other.team!r}); FTE is a person's total availability, "
                        "the same in every team",
                    )
                )
        else:
            first_fte[person.name] = index

    yield from _reporting_issues(roster, set(also_known), people_label)


def _any_bad_character(roster: Roster) -> bool:
    people = roster.people
    return any(
        _BAD_CHARACTER.search("\n".join(filter(None, map(attrgetter(field), people))))
        for field in TEXT_COLUMNS
    )


# Unknown position ids named per record; the rest are counted in one more message.
MAX_UNKNOWN_IDS = 5


def more_unknown(unknown: Sequence[object], cat: Catalogue | None = None) -> str:
    """The message for the unknown position ids of one record beyond the first few."""
    return (
        f"and {len(unknown) - MAX_UNKNOWN_IDS:,} more ids that are not positions; the "
        f"positions are {', '.join((cat or catalogue()).position_ids)}"
    )


def unknown_position(position_id: str, cat: Catalogue | None = None) -> str:
    ids = (cat or catalogue()).position_ids
    return (
        f"{shown(position_id)} is not a position{closest(position_id, ids)}; "
        f"the positions are {', '.join(ids)}"
    )


def _reporting_issues(
    roster: Roster, also_known: set[str], label: Callable[[int], str]
) -> Iterator[RosterIssue]:
    names = {person.name for person in roster.people}
    # What a hint for an unknown manager searches, made only when one is needed.
    name_list: list[str] = []
    lowered: dict[str, str] = {}
    searched = 0
    # name -> [(manager, index of the record that says so)], in file order
    edges: dict[str, list[tuple[str, int]]] = {}
    for index, person in enumerate(roster.people):
        manager = person.reports_to
        if not manager:
            continue
        if manager == person.name:
            yield (
                RosterIssue(
                    "people",
                    index,
                    "reports_to",
                    f"{person.name!r} reports to themself; leave reports_to blank for "
                    "the top of a reporting line",
                )
            )
        elif manager in names:
            edges.setdefault(person.name, []).append((manager, index))
        elif manager not in also_known:
            hint = ""
            if not lowered:
                name_list = sorted(names)
                lowered = {name.casefold(): name for name in names}
            if manager.casefold() in lowered:
                hint = f" (did you mean {lowered[manager.casefold()]!r}?)"
            elif searched < MAX_PROBLEMS:
                # A search over every name, only for as many problems as are listed.
                searched += 1
                hint = closest(manager, name_list)
            yield (
                RosterIssue(
                    "people",
                    index,
                    "reports_to",
                    f"{manager!r} is not anyone in this roster{hint}; {help_for('reports_to')}",
                )
            )
    for cycle, index in _cycles(edges):
        chain = " → ".join(repr(name) for name in (*cycle, cycle[0]))
        yield (
            RosterIssue(
                "people",
                index,
                "reports_to",
                f"reporting lines go round in a circle: {chain}; someone at the top of a "
                "reporting line must leave reports_to blank",
            )
        )


def _cycles(edges: dict[str, list[tuple[str, int]]]) -> list[tuple[list[str], int]]:
    """Each circle of reporting lines once: its names in order, and the closing record."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    found: list[tuple[list[str], int]] = []
    seen: set[frozenset[str]] = set()
    for start in edges:
        if start in state:
            continue
        path: list[str] = [start]
        state[start] = 1
        stack = [iter(edges.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            manager, index = step
            if state.get(manager) == 1:
                cycle = path[path.index(manager) :]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    found.append((cycle, index))
            elif manager not in state:
                state[manager] = 1
                path.append(manager)
                stack.append(iter(edges.get(manager, ())))
    return found
