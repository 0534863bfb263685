"""The one-page report as Markdown, every user string escaped by the one escaper."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from teambuilder.analysis.stress import TeamStress
from teambuilder.catalogue import Catalogue
from teambuilder.export.content import (
    absence_count,
    accepted_lines,
    action_plan,
    back_note,
    coverage_rows,
    deduction_rows,
    fact_rows,
    open_warnings,
    resilience_figures,
    resilience_worst,
    risk_line,
    room_lines,
    team_warnings,
    unsearched,
    warning_groups,
)
from teambuilder.export.images import today_or
from teambuilder.fixes.advice import TeamAdvice
from teambuilder.markup import markdown_escape
from teambuilder.models import SEVERITY_ORDER, AcceptedRisk, Report, TeamReport, WorkshopResults
from teambuilder.wording import are_away

__all__ = ["report_markdown"]


def report_markdown(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    resilience: TeamStress | None = None,
    cat: Catalogue | None = None,
    advice: TeamAdvice | None = None,
    risks: Sequence[AcceptedRisk] = (),
    workshops: Sequence[WorkshopResults] = (),
) -> str:
    """The one-page report as Markdown (every user string escaped); with ``resilience``
    (see ``team_resilience``) it has a Resilience section, with ``advice``
    (``fixes.advice.advise``) the concrete changes, and it lists the accepted risks
    (those on the warnings, and ``risks`` from ``Roster.accepted_risks``) apart, and what
    the room of the team's latest closed workshop said (``workshops``)."""
    md = markdown_escape
    day = today_or(when).isoformat()
    warnings = team_warnings(team_report, report)
    lines = [f"# {md(team_report.team)} · team report", "", f"**Date:** {day}  "]
    lines.append(" · ".join(f"**{label}:** {md(value)}" for label, value in fact_rows(team_report)))
    if team_report.absent:
        lines += [
            "",
            f"**Away in this scenario:** {md(', '.join(team_report.absent))}; "
            f"{absence_count(warnings)} warning(s) appear only because of the absence.",
        ]
    lines += ["", "## Action list", ""]
    first, then, more = action_plan(team_report, report, advice, cat)
    for item in first:
        line = f"- [ ] {md(item.text)}"
        if item.change:
            line += f" Cheapest change: {md(item.change)} *({md(item.effect)})*"
        lines.append(line)
    lines += [f"- [ ] {md(item.text)} *({md(item.effect)})*" for item in then]
    if not first and not then:
        lines.append("No critical warnings.")
    elif more:
        lines += ["", f"{more} more change(s) on the Suggested fixes page or from teambuilder fix."]
    if hidden := unsearched(advice):
        lines += ["", f"{hidden} warning(s) not worked out within the time allowed."]
    accepted = accepted_lines(team_report, report, risks, cat)
    if accepted:
        lines += ["", "## Accepted risks", ""]
        lines += [f"- {md(risk_line(line))}" for line in accepted]
    if room := room_lines(team_report.team, workshops, cat):
        lines += ["", "## What the room said", ""]
        lines += [f"- {md(line)}" for line in room]
    lines += ["", f"## Health {team_report.health}/100", "", "| | Subject | Points |"]
    lines.append("|---|---|---:|")
    for severity, what, subject, points in deduction_rows(team_report, cat):
        if severity is not None:
            what = f"{severity.value.capitalize()}: {what}"
        lines.append(f"| {md(what)} | {md(subject)} | {md(points)} |")
    lines.append(f"| **Health** | | **{team_report.health}** |")
    lines += ["", "## Coverage", "", "| Position | Required | Status | FTE / needed | People |"]
    lines.append("|---|---|---|---|---|")
    for name, required, _, status, fte, people in coverage_rows(team_report, cat):
        lines.append(f"| {md(name)} | {md(required)} | {status} | {md(fte)} | {md(people)} |")
    if resilience is not None:
        lines += ["", "## Resilience", "", md(resilience_figures(resilience)), ""]
        lines += [f"{n}. {md(text)}" for n, text in enumerate(resilience_worst(resilience, cat), 1)]
    warnings = open_warnings(team_report, report)
    lines += ["", "## Open warnings" if accepted else "## Warnings"]
    if not warnings:
        lines += ["", "No warnings."]
    for severity in SEVERITY_ORDER:
        groups = [g for g in warning_groups(warnings) if g.severity == severity]
        if not groups:
            continue
        count = sum(len(g.warnings) for g in groups)
        lines += ["", f"### {severity.value.capitalize()} ({count})"]
        for group in groups:
            lines += ["", f"**{md(group.title)}** · what to do: {md(group.advice)}", ""]
            for warning in group.warnings:
                line = f"- {md(warning.message)}"
                if warning.teams:
                    line += " *(across teams)*"
                if warning.absences:
                    line += f" *(only because {md(are_away(warning.absences))})*"
                if back := back_note(warning):
                    line += f" *({md(back)})*"
                lines.append(line)
    lines += ["", f"*Made with MLOps Team Builder on {day}.*", ""]
    return "\n".join(lines)
