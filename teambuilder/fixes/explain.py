"""The words of a fix: one sentence per change, what it clears, and why none exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teambuilder.catalogue import Catalogue
from teambuilder.fixes.model import Change
from teambuilder.models import SEVERITY_ORDER, Person, Roster, RuleWarning, TeamReport
from teambuilder.scoring import score
from teambuilder.wording import fmt, join_names

if TYPE_CHECKING:
    from teambuilder.fixes.encoding import Encoding, TeamProblem

HIRE_TITLE = "Placeholder: a hire to make"
SPONSOR_TITLE = "Placeholder: a sponsor to find"
PERSON_CODES = {"OVERLOADED", "TOO_MANY_HATS", "BRIDGE_CONFLICT", "TECH_IN_BUSINESS_SEAT"}
WHOLE_TEAM_CODES = {"TEAM_BUS_FACTOR", "NO_SPONSOR", "NO_EVANGELIST"}


def lower_name(cat: Catalogue, position: str) -> str:
    """A position's name inside a sentence: 'data scientist', but 'MLOps engineer'."""
    name = cat.name_of(position)
    if len(name) > 1 and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def warning_key(warning: RuleWarning) -> tuple[object, ...]:
    """What makes a warning 'the same' before and after a change."""
    if warning.code in WHOLE_TEAM_CODES:
        return (warning.code,)
    if warning.code in PERSON_CODES:
        return (warning.code, warning.people)
    return (warning.code, warning.positions)


def effect(warning: RuleWarning, problem: TeamProblem) -> str:
    """What clearing ``warning`` means, from data/fixes.toml."""
    settings, cat = problem.settings, problem.cat
    if len(warning.positions) > 1 and warning.code in ("UNCOVERED", "THIN_COVERAGE"):
        for group in (g for tier in cat.tiers for g in tier.groups):
            if set(group.positions) == set(warning.positions):
                return settings.wording.group_effect.format(label=group.label)
    template = settings.effects.get(warning.code)
    if template is None:
        return f"{warning.title.lower()} is cleared"
    position = lower_name(cat, warning.positions[0]) if warning.positions else "the team"
    person = warning.people[0] if warning.people else "someone"
    return template.format(
        person=person,
        position=position,
        bus_factor_max=cat.thresholds.bus_factor_max,
    )


# --- the changes ---------------------------------------------------------------------

Warnings = dict[tuple[object, ...], RuleWarning]
Context = tuple[TeamReport, TeamReport, "TeamProblem"]  # before, after, the problem


def _warnings(roster: Roster, absent: list[str], problem: TeamProblem) -> Warnings:
    """A team's warnings, and those across teams that name one of its members, by key."""
    team = problem.team.name
    known = {p.name for p in roster.people}
    report = score(roster, [n for n in absent if n in known], cat=problem.cat)
    members = {p.name for p in roster.members(team)}
    found = {warning_key(w): w for w in report.team(team).warnings}
    for warning in report.warnings:
        if members & set(warning.people):
            found[("across teams", *warning_key(warning))] = warning
    return found


def describe(
    original: Roster, fixed: Roster, problem: TeamProblem, absent: list[str]
) -> tuple[Change, ...]:
    """Every change ``fixed`` makes to ``original``'s team, each with its sentence.

    A change clears a warning when applying it alone clears it, or when the other
    changes without it leave the warning standing.
    """
    cat = problem.cat
    team = problem.team.name
    old_people = {p.name: p for p in original.members(team)}
    before = _warnings(original, absent, problem)
    after = _warnings(fixed, absent, problem)
    cleared = {key: w for key, w in before.items() if key not in after}
    known = {p.name for p in fixed.people}
    context: Context = (
        score(original, absent, cat=cat).team(team),
        score(fixed, [n for n in absent if n in known], cat=cat).team(team),
        problem,
    )

    def clears(alone: Roster, without: Roster) -> list[RuleWarning]:
        keys_alone = _warnings(alone, absent, problem)
        keys_without = _warnings(without, absent, problem)
        mine = [w for key, w in cleared.items() if key not in keys_alone or key in keys_without]
        return sorted(mine, key=lambda w: SEVERITY_ORDER.index(w.severity))

    groups: list[tuple[tuple[int, int, str], list[Change]]] = []
    for new in fixed.members(team):
        old = old_people.get(new.name)
        if old is None:
            mine = clears(_swap(original, team, None, new), _swap(fixed, team, new, None))
            entries = _hire_changes(new, mine, problem)
            groups.append(((_worst(mine), 0, new.name), entries))
            continue
        if old.allocations == new.allocations:
            continue
        effects: dict[str, list[RuleWarning]] = {}
        for pid in cat.position_ids:
            if abs(new.allocation(pid) - old.allocation(pid)) < 1e-9:
                continue
            alone = _swap(original, team, old, _with_cell(old, pid, new.allocation(pid)))
            without = _swap(fixed, team, new, _with_cell(new, pid, old.allocation(pid)))
            effects[pid] = clears(alone, without)
        entries = _move_changes(old, new, effects, problem, context)
        worst = min((_worst(w) for w in effects.values()), default=len(SEVERITY_ORDER))
        groups.append(((worst, 1, new.name), entries))
    # Whatever clears a critical warning first; hires before moves, which lean on them.
    groups.sort(key=lambda item: item[0])
    return tuple(change for _, entries in groups for change in entries)


def _worst(warnings: list[RuleWarning]) -> int:
    return min((SEVERITY_ORDER.index(w.severity) for w in warnings), default=len(SEVERITY_ORDER))


def _with_cell(person: Person, position: str, value: float) -> Person:
    allocations = dict(person.allocations)
    if value > 0:
        allocations[position] = value
    else:
        allocations.pop(position, None)
    return person.model_copy(update={"allocations": allocations})


def _swap(roster: Roster, team: str, old: Person | None, new: Person | None) -> Roster:
    """``roster`` with one person's row of ``team`` replaced, added or removed."""
    people = [p for p in roster.people]
    if old is None:
        assert new is not None
        people.append(new)
    else:
        index = next(i for i, p in enumerate(people) if p.team == team and p.name == old.name)
        if new is None:
            del people[index]
        else:
            people[index] = new
    return roster.model_copy(update={"people": tuple(people)})


def _effects(warnings: list[RuleWarning], problem: TeamProblem) -> str:
    words = list(dict.fromkeys(effect(w, problem) for w in warnings))
    return "; ".join(words)


def _codes(warnings: list[RuleWarning]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.code for w in warnings))


def _with_effect(sentence: str, warnings: list[RuleWarning], problem: TeamProblem) -> str:
    words = _effects(warnings, problem)
    return f"{sentence}: {words}." if words else f"{sentence}."


def _why_needed(pid: str, target: str, context: Context) -> str:
    """Why a new holder clears nothing by itself: the team grew, or it keeps a holder."""
    before, after, problem = context
    needed = {entry.position for entry in after.coverage if entry.required}
    if after.tier != before.tier and pid in needed:
        return f", which a {after.tier} team needs"
    if any(entry.position == pid and entry.people for entry in before.coverage):
        return ", so " + problem.settings.wording.keeps_holder.format(position=target)
    return ""


def _move_changes(
    old: Person,
    new: Person,
    effects: dict[str, list[RuleWarning]],
    problem: TeamProblem,
    context: Context,
) -> list[Change]:
    cat = problem.cat
    name = new.name
    ups = [pid for pid in effects if new.allocation(pid) > old.allocation(pid)]
    downs = [pid for pid in effects if new.allocation(pid) < old.allocation(pid)]
    sources = join_names(lower_name(cat, pid) for pid in downs)
    targets = join_names(lower_name(cat, pid) for pid in ups)
    entries: list[Change] = []
    for pid in ups:
        was, now = old.allocation(pid), new.allocation(pid)
        target = lower_name(cat, pid)
        if downs:
            sentence = f"Move {fmt(now - was)} FTE of {name} from {sources} to {target}"
        elif was == 0:
            sentence = f"{name} takes on {target} with {fmt(now)} FTE of spare time"
        else:
            sentence = (
                f"{name} gives {target} {fmt(now)} FTE instead of {fmt(was)}, from spare time"
            )
        if not effects[pid] and was == 0:
            sentence += _why_needed(pid, target, context)
        entries.append(_cell_change(name, pid, was, now, sentence, effects[pid], problem))
    for pid in downs:
        was, now = old.allocation(pid), new.allocation(pid)
        source = lower_name(cat, pid)
        if now == 0:
            sentence = f"{name} hands over {source} ({fmt(was)} FTE)"
        else:
            sentence = f"{name} gives {source} {fmt(now)} FTE instead of {fmt(was)}"
        if ups:
            sentence += f", to make room for {targets}"
        entries.append(_cell_change(name, pid, was, now, sentence, effects[pid], problem))
    return entries


def _cell_change(
    name: str,
    pid: str,
    was: float,
    now: float,
    sentence: str,
    warnings: list[RuleWarning],
    problem: TeamProblem,
) -> Change:
    return Change(
        kind="move",
        person=name,
        position=pid,
        from_fte=was,
        to_fte=now,
        sentence=_with_effect(sentence, warnings, problem),
        clears=_codes(warnings),
    )


def _hire_changes(new: Person, warnings: list[RuleWarning], problem: TeamProblem) -> list[Change]:
    cat = problem.cat
    held = [pid for pid in cat.position_ids if new.allocation(pid) > 0]
    if new.title == SPONSOR_TITLE:
        sponsors = [p.name for p in problem.present if p.allocation("executive_sponsor") > 0]
        if sponsors:
            sentence = (
                f"Find a second sponsor who stands in while {join_names(sponsors)} "
                f"{'is' if len(sponsors) == 1 else 'are'} away (shown as {new.name!r})"
            )
        else:
            sentence = (
                "Find a sponsor: a senior leader who backs the team for a few hours a month "
                f"(shown as {new.name!r})"
            )
    else:
        parts = join_names(f"{fmt(new.allocation(pid))} FTE {lower_name(cat, pid)}" for pid in held)
        sentence = f"Hire someone for {parts} (shown as {new.name!r}, {fmt(new.fte)} FTE)"
    entries = []
    for index, pid in enumerate(held):
        if index == 0:
            text, codes = _with_effect(sentence, warnings, problem), _codes(warnings)
        else:
            text = f"The same hire gives {lower_name(cat, pid)} {fmt(new.allocation(pid))} FTE."
            codes = ()
        entries.append(
            Change(
                kind="hire",
                person=new.name,
                position=pid,
                from_fte=0.0,
                to_fte=new.allocation(pid),
                sentence=text,
                clears=codes,
            )
        )
    return entries


# --- why nothing works ---------------------------------------------------------------


def why_infeasible(problem: TeamProblem, cores: list[tuple[Encoding, list[int]]]) -> str:
    """The blocking constraints of the first tier's core, as one sentence with advice."""
    encoding, core = cores[0]
    reasons = [encoding.assumptions[index] for index in core if index in encoding.assumptions]
    goals = [r for r in reasons if r.startswith(("goal:", "n1:"))]
    limits = [r for r in reasons if not r.startswith(("goal:", "n1:"))]
    locked = [r.split(":", 1)[1] for r in limits if r.startswith("lock:")]
    bridge_goal = any(cat_bridge in r for r in goals for cat_bridge in ("outside_in", "BRIDGE"))
    no_hires = "no_hires" in limits
    if "business_bridge" in limits and no_hires and (bridge_goal or not goals):
        return (
            "nobody with a business or mixed background has time left for the business "
            "bridge; allow a hire"
        )
    what = _goal_words(goals, problem) or "the goal"
    if locked and no_hires:
        return (
            f"with {join_names(locked)}'s time locked and no hires, nobody has time left to "
            f"clear {what}; unlock someone or allow a hire"
        )
    loaded = [r.split(":", 1)[1] for r in limits if r.startswith("load:")]
    elsewhere = [
        name
        for name in loaded
        for person in problem.members
        if person.name == name and problem.other_load.get(name, 0.0) > person.fte + 1e-9
    ]
    if elsewhere:
        return (
            f"{join_names(elsewhere)} {'is' if len(elsewhere) == 1 else 'are'} booked above "
            "their FTE by other teams alone; this team cannot free enough time, change "
            "the other teams first"
        )
    if locked:
        return (
            f"with {join_names(locked)}'s time locked, nobody has time left to clear {what}; "
            "unlock it"
        )
    if no_hires:
        return (
            f"moving time inside the team cannot clear {what}: nobody has enough time left; "
            "allow a hire"
        )
    if "no_sponsor_search" in limits:
        return "the team has no sponsor and finding one is not allowed; allow finding a sponsor"
    if "business_bridge" in limits:
        return (
            "the business bridge can only go to someone with a business or mixed background "
            f"or a hire, and neither is free enough to clear {what}"
        )
    hires = problem.settings.hire.max_hires
    return (
        f"even with {hires} hire{'s' if hires != 1 else ''} and every move allowed, {what} "
        "cannot be cleared together; the team needs more people than a fix may add"
    )


def _goal_words(goals: list[str], problem: TeamProblem) -> str:
    cat = problem.cat
    words: list[str] = []
    for reason in goals:
        parts = reason.split(":")
        code, about = parts[-2], parts[-1]
        title = cat.rule(code).title.lower()
        if about in cat.position_ids:
            about = lower_name(cat, about)
        text = f"{title} ({about})" if about != "team" else title
        if reason.startswith("n1:"):
            text += f" with {parts[1]} away"
        if text not in words:
            words.append(text)
    if len(words) > 3:
        words = [*words[:3], f"{len(words) - 3} more"]
    return join_names(words)
