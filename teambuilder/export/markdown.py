"""The one-page report as Markdown, every user string escaped by the one escaper."""

from __future__ import annotations

from datetime import date

from teambuilder.analysis.stress import TeamStress
from teambuilder.catalogue import Catalogue
from teambuilder.export.content import (
    absence_count,
    action_items,
    coverage_rows,
    deduction_rows,
    fact_rows,
    resilience_figures,
    resilience_worst,
    team_warnings,
    warning_groups,
)
from teambuilder.export.images import today_or
from teambuilder.markup import markdown_escape
from teambuilder.models import SEVERITY_ORDER, Report, TeamReport
from teambuilder.wording import are_away

__all__ = ["report_markdown"]


def report_markdown(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    resilience: TeamStress | None = None,
    cat: Catalogue | None = None,
) -> str:
    """The one-page report as Markdown (every user string escaped); with ``resilience``
    (see ``team_resilience``) it has a Resilience section."""
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
    actions = action_items(team_report, report, cat=cat)
    lines += [f"- [ ] {md(item)}" for item in actions] or ["No critical warnings."]
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
    lines += ["", "## Warnings"]
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
                lines.append(line)
    lines += ["", f"*Made with MLOps Team Builder on {day}.*", ""]
    return "\n".join(lines)
