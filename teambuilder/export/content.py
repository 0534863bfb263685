"""What the one-page report says, format aside: the facts, the health breakdown, the
coverage, the warnings grouped by code, the action list and the resilience lines.

The Markdown and HTML reports (``markdown.py``, ``html_report.py``) only lay these out.
Every helper takes the catalogue it reads (the default catalogue when none is given).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from teambuilder.analysis.stress import TeamStress, percent, stress_test
from teambuilder.catalogue import Catalogue, catalogue
from teambuilder.models import SEVERITY_ORDER, Report, Roster, RuleWarning, Severity, TeamReport
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
    """One to-do per critical warning of the team (organisation-level ones included)."""
    critical = [w for w in team_warnings(team_report, report) if w.severity == Severity.critical]
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
) -> int:
    """A rough measure of the report's length: what wraps and what adds rows."""
    warnings = team_warnings(team_report, report)
    mass = sum(len(w.message) + 40 for w in warnings)
    if resilience is not None:
        mass += 160 + sum(len(text) + 40 for text in resilience_worst(resilience, cat))
    mass += sum(len(g.advice) + 60 for g in warning_groups(warnings))
    mass += sum(len(a) + 40 for a in action_items(team_report, report, cat=cat))
    mass += sum(len(row[5]) + 60 for row in coverage_rows(team_report, cat))
    mass += 60 * len(team_report.health_breakdown.deductions)
    return mass
