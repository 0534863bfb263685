"""What the one-page report says, format aside: the facts, the health breakdown, the
coverage, the warnings grouped by code, the action list, the resilience lines and what a
workshop's room said.

The Markdown and HTML reports (``markdown.py``, ``html_report.py``) only lay these out.
Every helper takes the catalogue it reads (the default catalogue when none is given).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from teambuilder.analysis.identity import subject_key
from teambuilder.analysis.stress import TeamStress, percent, stress_test
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.fixes.advice import TeamAdvice
from teambuilder.models import (
    SEVERITY_ORDER,
    AcceptedRisk,
    Report,
    Roster,
    RuleWarning,
    Severity,
    TeamReport,
    WorkshopResults,
)
from teambuilder.rules import action_for
from teambuilder.wording import fmt, join_names

# --- What the report says ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Group:
    """Warnings of one code and severity: the advice once, then each finding."""

    severity: Severity
    code: str
    title: str
    advice: str
    warnings: tuple[RuleWarning, ...]


def team_warnings(team_report: TeamReport, report: Report) -> list[RuleWarning]:
    """The team's warnings, then the organisation's warnings that name this team."""
    across = [w for w in report.warnings if team_report.team in w.teams]
    return [*team_report.warnings, *across]


def warning_groups(warnings: Sequence[RuleWarning]) -> list[Group]:
    groups: dict[tuple[Severity, str], list[RuleWarning]] = {}
    for warning in warnings:
        groups.setdefault((warning.severity, warning.code), []).append(warning)
    ordered = sorted(groups.items(), key=lambda item: SEVERITY_ORDER.index(item[0][0]))
    return [
        Group(severity, code, found[0].title, found[0].advice, tuple(found))
        for (severity, code), found in ordered
    ]


def action(warning: RuleWarning, team_report: TeamReport, cat: Catalogue | None = None) -> str:
    """One to-do for a warning, in plain text (each rule words its own: teambuilder/rules)."""
    return action_for(warning, team_report, cat or catalogue())


def action_items(
    team_report: TeamReport, report: Report, *, cat: Catalogue | None = None
) -> list[str]:
    """One to-do per open critical warning of the team (organisation-level ones included;
    a risk the team accepted asks nothing until its review date)."""
    critical = [w for w in open_warnings(team_report, report) if w.severity == Severity.critical]
    return list(dict.fromkeys(action(w, team_report, cat) for w in critical))


DeductionRow = tuple[Severity | None, str, str, str]


def deduction_rows(team_report: TeamReport, cat: Catalogue | None = None) -> list[DeductionRow]:
    """(severity, what, subject, points) for the start, each deduction and the cap."""
    cat = cat or catalogue()
    breakdown = team_report.health_breakdown
    counted = cat.health.counted_per_code
    rows: list[DeductionRow] = [(None, "Start", "", str(breakdown.start))]
    for deduction in breakdown.deductions:
        title = cat.rule(deduction.code).title
        points = f"−{deduction.points}"
        if not deduction.points:
            points = f"0 (only the first {counted} of a kind count)"
        rows.append((deduction.severity, title, deduction.subject, points))
    if breakdown.cap is not None:
        rows.append((None, "Capped at", breakdown.cap_reason or "", str(breakdown.cap)))
    return rows


def coverage_rows(
    team_report: TeamReport, cat: Catalogue | None = None
) -> list[tuple[str, str, str, str, str, str]]:
    """(position, required, status, status word, FTE, people) for each relevant position."""
    cat = cat or catalogue()
    rows: list[tuple[str, str, str, str, str, str]] = []
    # A position nobody needs and nobody holds is left out, unless a warning names it
    # (someone away held it).
    warned = {pid for warning in team_report.warnings for pid in warning.positions}
    for entry in team_report.coverage:
        if not (entry.required or entry.people or entry.slivers or entry.position in warned):
            continue
        required = "–"
        needed = "–"
        if entry.required:
            count = entry.required_people
            required = f"{count} {'person' if count == 1 else 'people'}"
            needed = fmt(entry.required_fte) if entry.required_fte else "any"
        people = ", ".join(entry.people) or "nobody"
        if entry.slivers:
            people += f" (too little to count: {', '.join(entry.slivers)})"
        status = {"covered": "Covered", "thin": "Thin", "missing": "Missing"}[entry.status]
        rows.append(
            (
                cat.name_of(entry.position),
                required,
                entry.status,
                status,
                f"{fmt(entry.fte)} / {needed}",
                people,
            )
        )
    return rows


def fact_rows(team_report: TeamReport) -> list[tuple[str, str]]:
    tier = team_report.tier + (" (set)" if team_report.tier_was_set else "")
    if team_report.mission_critical:
        tier += ", mission-critical"
    return [
        ("Health", f"{team_report.health}/100"),
        ("Bus factor", str(team_report.bus_factor)),
        ("Tier", tier),
        ("People", str(team_report.head_count)),
    ]


def absence_count(warnings: Sequence[RuleWarning]) -> int:
    return sum(1 for w in warnings if w.absences)


# --- Resilience (the stress test, in short) -------------------------------------------

RESILIENCE_WORST = 3


def team_resilience(roster: Roster, team: str, *, cat: Catalogue | None = None) -> TeamStress:
    """The N-1/N-2 stress test of one team, for the report's Resilience section."""
    (result,) = stress_test(roster, depth=2, teams=[team], cat=cat)
    return result


def resilience_figures(resilience: TeamStress) -> str:
    singles = f"{percent(resilience.n1)} of single absences (N-1)"
    if resilience.n2 is None:
        return f"{singles} raise no new critical warning; there are no pairs to test."
    return (
        f"{singles} and {percent(resilience.n2)} of pairs away (N-2) raise no new critical warning."
    )


def resilience_worst(resilience: TeamStress, cat: Catalogue | None = None) -> list[str]:
    """The worst combinations, each in a short line: who, health, what nobody holds."""
    cat = cat or catalogue()
    lines = []
    for combo in resilience.worst(RESILIENCE_WORST):
        line = f"{join_names(combo.away)} away: health {combo.health}"
        if combo.empty_positions:
            held = join_names((cat.name_of(pid) for pid in combo.empty_positions), last="or")
            line += f", nobody holds {held}"
        elif combo.new_critical:
            line += f", {len(combo.new_critical)} new critical warning(s)"
        lines.append(line)
    return lines


# Above this much text (characters, see text_mass) the report switches to smaller type;
# set from every example team with each member away in turn.
DENSE_ABOVE = 3900


def text_mass(
    team_report: TeamReport,
    report: Report,
    resilience: TeamStress | None = None,
    cat: Catalogue | None = None,
    advice: TeamAdvice | None = None,
    risks: Sequence[AcceptedRisk] = (),
    workshops: Sequence[WorkshopResults] = (),
) -> int:
    """A rough measure of the report's length: what wraps and what adds rows."""
    warnings = open_warnings(team_report, report)
    mass = sum(len(w.message) + 40 for w in warnings)
    if resilience is not None:
        mass += 160 + sum(len(text) + 40 for text in resilience_worst(resilience, cat))
    mass += sum(len(g.advice) + 60 for g in warning_groups(warnings))
    mass += sum(len(a) + 40 for a in action_items(team_report, report, cat=cat))
    mass += sum(len(change_line(c)) + len(change_effect(c)) + 40 for c in concrete_changes(advice))
    mass += sum(len(risk_line(r)) + 40 for r in accepted_lines(team_report, report, risks, cat))
    mass += sum(len(row[5]) + 60 for row in coverage_rows(team_report, cat))
    mass += sum(len(line) + 40 for line in room_lines(team_report.team, workshops, cat))
    mass += 60 * len(team_report.health_breakdown.deductions)
    return mass


# --- Concrete changes (the solver's advice) -----------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One concrete change the solver found, the warnings it clears on its own and the
    health it gains alone (``fixes.advice``: each step is judged by score())."""

    sentences: tuple[str, ...]
    clears: tuple[str, ...]  # the messages of the warnings it clears
    codes: tuple[str, ...]  # their rule codes
    severity: Severity  # the worst of them
    health_gain: int
    cost: int


def concrete_changes(advice: TeamAdvice | None) -> list[Change]:
    """Every step of the advice that changes something, said once however many warnings
    it clears: critical first, then by health gained, then by cost."""
    if advice is None:
        return []
    merged: dict[tuple[str, ...], Change] = {}
    for item in advice.items:
        for step in item.steps:
            if not step.sentences:
                continue
            known = merged.get(step.sentences)
            if known is None:
                merged[step.sentences] = Change(
                    step.sentences,
                    (step.warning,),
                    (step.code,),
                    step.severity,
                    step.health_gain,
                    step.cost,
                )
                continue
            worst = min(known.severity, step.severity, key=SEVERITY_ORDER.index)
            merged[step.sentences] = Change(
                known.sentences,
                (*known.clears, step.warning),
                tuple(dict.fromkeys((*known.codes, step.code))),
                worst,
                max(known.health_gain, step.health_gain),
                known.cost,
            )
    return sorted(
        merged.values(),
        key=lambda c: (SEVERITY_ORDER.index(c.severity), -c.health_gain, c.cost),
    )


# The one page has room for this many changes, each of this many steps; the rest is
# counted and left to the Suggested fixes page and `teambuilder fix`.
CHANGES_SHOWN = 4
STEPS_SHOWN = 3


def _what(sentence: str, names: Sequence[str] = ()) -> str:
    """A change's sentence without its reasons: the part before the first ': ' that is
    neither inside parentheses nor inside one of ``names`` (people's names are user text
    and may hold a colon): 'Move 0.2 FTE of Lina Park from ... to tech lead'."""
    masked = sentence
    for name in sorted((n for n in names if ":" in n), key=len, reverse=True):
        masked = masked.replace(name, "x" * len(name))
    depth = 0
    for index, char in enumerate(masked):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ":" and depth == 0 and masked[index + 1 : index + 2] == " ":
            return sentence[:index]
    return sentence.rstrip(".")


def change_line(change: Change, names: Sequence[str] = ()) -> str:
    """The change's steps in one line, without their reasons (the effect says them);
    ``names``: the team's people, whose names are never cut."""
    steps = [_what(sentence, names) for sentence in change.sentences]
    shown = "; ".join(steps[:STEPS_SHOWN])
    if len(steps) > STEPS_SHOWN:
        shown += f"; and {len(steps) - STEPS_SHOWN} more step(s)"
    return shown + "."


def change_effect(change: Change, cat: Catalogue | None = None) -> str:
    """What a change does, in short: 'clears Single point of failure; health +15 alone'."""
    cat = cat or catalogue()
    known = {rule.code for rule in cat.rules}
    titles = [cat.rule(code).title if code in known else code for code in change.codes]
    gain = f"health +{change.health_gain}" if change.health_gain > 0 else "health unchanged"
    return f"clears {join_names(titles)}; {gain} alone"


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """A line of the report's action list: what to do and, where the solver found one,
    the cheapest concrete change that does it."""

    text: str
    change: str = ""  # change_line of the change; empty when there is none
    effect: str = ""  # change_effect of it


def action_plan(
    team_report: TeamReport,
    report: Report,
    advice: TeamAdvice | None = None,
    cat: Catalogue | None = None,
    shown: int = CHANGES_SHOWN,
) -> tuple[list[PlannedAction], list[PlannedAction], int]:
    """The action list: one line per open critical warning (its rule's to-do) with the
    solver's change for it; then the other changes, ranked, up to ``shown`` changes in
    all; and how many changes were left out."""
    # A change that only clears risks the team accepted is not proposed.
    accepted = {w.message for w in team_warnings(team_report, report) if not is_open(w)}
    changes = [c for c in concrete_changes(advice) if not set(c.clears) <= accepted]
    names = [person.name for person in team_report.people]
    used: set[int] = set()
    critical: dict[str, PlannedAction] = {}
    for warning in open_warnings(team_report, report):
        if warning.severity != Severity.critical:
            continue
        text = action(warning, team_report, cat)
        if text in critical:
            continue
        found = next(
            (i for i, c in enumerate(changes) if warning.message in c.clears and i not in used),
            None,
        )
        if found is None:
            critical[text] = PlannedAction(text)
            continue
        used.add(found)
        change = changes[found]
        critical[text] = PlannedAction(text, change_line(change, names), change_effect(change, cat))
    room = max(0, shown - len(used))
    others = [c for i, c in enumerate(changes) if i not in used]
    more = [PlannedAction(change_line(c, names), "", change_effect(c, cat)) for c in others[:room]]
    return list(critical.values()), more, max(0, len(others) - room)


def unsearched(advice: TeamAdvice | None) -> int:
    """Warnings whose step the advice's time budget did not reach."""
    if advice is None:
        return 0
    return sum(1 for item in advice.items for step in item.steps if not step.searched)


# --- Accepted risks -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RiskLine:
    """An accepted risk as the report lists it, apart from the open warnings."""

    title: str
    message: str
    owner: str
    rationale: str
    accepted_on: date
    review_on: date
    raised: bool  # False: recorded for the team, but the warning is not raised now


def is_open(warning: RuleWarning) -> bool:
    """Not accepted, or accepted and its review date has come: it counts as open again."""
    return warning.accepted is None or warning.accepted.due


def open_warnings(team_report: TeamReport, report: Report) -> list[RuleWarning]:
    """The team's warnings without those it accepted as risks (until their review date)."""
    return [w for w in team_warnings(team_report, report) if is_open(w)]


def accepted_lines(
    team_report: TeamReport,
    report: Report,
    risks: Sequence[AcceptedRisk] = (),
    cat: Catalogue | None = None,
) -> list[RiskLine]:
    """The risks the team accepted and whose review date is still ahead, then the risks
    recorded for it (``Roster.accepted_risks``) whose warning is not raised any more."""
    cat = cat or catalogue()
    known = {rule.code for rule in cat.rules}
    lines = []
    for warning in team_warnings(team_report, report):
        accepted = warning.accepted
        if accepted is None or accepted.due:
            continue
        lines.append(
            RiskLine(
                warning.title,
                warning.message,
                accepted.owner,
                accepted.rationale,
                accepted.accepted_on,
                accepted.review_on,
                raised=True,
            )
        )
    raised = {subject_key(team_report.team, w) for w in team_warnings(team_report, report)}
    for risk in risks:
        if risk.team != team_report.team or risk.warning in raised:
            continue
        title = cat.rule(risk.code).title if risk.code in known else risk.code
        lines.append(
            RiskLine(
                title,
                "Not raised now.",
                risk.owner,
                risk.rationale,
                risk.accepted_on,
                risk.review_on,
                raised=False,
            )
        )
    return lines


def risk_line(line: RiskLine) -> str:
    """'Single point of failure: <message> Accepted by Ann on ... until ...: <why>.'"""
    return (
        f"{line.title}: {line.message} Accepted by {line.owner} on "
        f"{line.accepted_on.isoformat()}, review on {line.review_on.isoformat()}: "
        f"{line.rationale.rstrip('.')}."
    )


def back_note(warning: RuleWarning) -> str:
    """For an accepted warning whose review date has come: why it is open again."""
    accepted = warning.accepted
    if accepted is None or not accepted.due:
        return ""
    return (
        f"back: accepted by {accepted.owner} until {accepted.review_on.isoformat()}, "
        "review date passed"
    )


# --- What a workshop's room said -----------------------------------------------------

ROOM_POSITIONS_SHOWN = 3  # the positions where the room disagrees with the roster
ROOM_WARNINGS_SHOWN = 2  # the warnings the room agreed with least


def room_lines(
    team: str, workshops: Sequence[WorkshopResults], cat: Catalogue | None = None
) -> list[str]:
    """The latest closed workshop of ``team`` in a few sentences: who took part, where
    the room disagrees with the roster, and the warnings it agreed with least."""
    closed = [w for w in workshops if w.team == team and w.closed_at is not None]
    if not closed:
        return []
    cat = cat or catalogue()
    latest = max(closed, key=lambda w: w.closed_at or datetime.min.replace(tzinfo=UTC))
    day = latest.closed_at.date().isoformat() if latest.closed_at else ""
    lines = [
        f"Workshop of {day}: {latest.participants} joined, {latest.voters} voted."
        + (
            " The room agreed with the roster on every position."
            if latest.voters and not any(p.disagrees for p in latest.positions)
            else ""
        )
    ]
    for position in [p for p in latest.positions if p.disagrees][:ROOM_POSITIONS_SHOWN]:
        known = position.position in cat.position_ids
        name = cat.name_of(position.position) if known else position.position
        lines.append(f"{name}: {position.sentence}")
    voted = [w for w in latest.warnings if w.mean is not None]
    for warning in sorted(voted, key=lambda w: w.mean or 0.0)[:ROOM_WARNINGS_SHOWN]:
        lines.append(f"{warning.title} ({warning.message}): {warning.sentence}")
    return lines
