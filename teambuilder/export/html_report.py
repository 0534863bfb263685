"""The one-page report as self-contained HTML, printable on one A4 page."""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from datetime import date

from teambuilder.analysis.stress import TeamStress
from teambuilder.catalogue import Catalogue
from teambuilder.charts import SEVERITY_COLOURS
from teambuilder.export.chromium import CHROMIUM_MISSING, ExportError
from teambuilder.export.content import (
    DENSE_ABOVE,
    absence_count,
    action_items,
    coverage_rows,
    deduction_rows,
    fact_rows,
    resilience_figures,
    resilience_worst,
    team_warnings,
    text_mass,
    warning_groups,
)
from teambuilder.export.images import report_image, today_or
from teambuilder.models import SEVERITY_ORDER, Report, RuleWarning, Severity, TeamReport
from teambuilder.wording import are_away

__all__ = ["report_html"]

_CSS = """
@page { size: A4; margin: 8mm 9mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #EEF0F2; color: #1A1A1A;
  font: 8pt/1.3 "Inter", "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans",
  sans-serif; }
.page { width: 210mm; min-height: 297mm; margin: 6mm auto; padding: 8mm 9mm;
  background: #FFFFFF; box-shadow: 0 1px 6px rgba(0,0,0,.18); }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 5mm;
  border-bottom: 2px solid #1A1A1A; padding-bottom: 2mm; margin-bottom: 2.5mm; }
h1 { font-size: 18pt; line-height: 1.1; margin: 0; overflow-wrap: anywhere; }
.kicker { margin: 0 0 1mm; color: #555; font-size: 7.5pt; text-transform: uppercase;
  letter-spacing: .06em; }
.facts { display: flex; gap: 1.8mm; margin: 0; }
.facts div { border: 1px solid #C8C8C8; border-radius: 1.5mm; padding: .8mm 2.2mm;
  text-align: center; min-width: 16mm; }
.facts dt { font-size: 6.5pt; color: #555; text-transform: uppercase; letter-spacing: .05em; }
.facts dd { margin: 0; font-size: 12pt; font-weight: 700; white-space: nowrap; }
.facts dd small { font-size: 8pt; font-weight: 400; color: #555; }
.facts .tier dd { font-size: 9pt; padding-top: 1mm; }
.health-good { color: #00734F; } .health-fair { color: #9A6A00; }
.health-poor { color: #B34700; }
.away { margin: 0 0 2.5mm; padding: 1.2mm 2.5mm; background: #F3F0FA;
  border-left: 3px solid #6A51A3; }
.top { display: grid; grid-template-columns: 82mm 1fr; gap: 4mm; align-items: start; }
figure { margin: 0; }
figure img { width: 100%; height: auto; display: block; }
.noimage { border: 1px dashed #999; padding: 6mm; color: #555; }
h2 { font-size: 10pt; margin: 0 0 1.2mm; padding-bottom: .4mm; border-bottom: 1px solid #CCC; }
section { margin-bottom: 2.5mm; }
.actions { background: #FFF6EC; border-left: 3px solid #D55E00; padding: 1.5mm 3mm 1mm; }
.actions h2 { border: 0; margin-bottom: .6mm; }
.actions ol { margin: 0; padding-left: 4.5mm; }
.actions li { margin-bottom: .6mm; padding-left: .8mm; font-size: 8.5pt; }
.actions li::marker { font-weight: 700; color: #B34700; }
.actions .none { color: #00734F; font-weight: 600; margin: 0; }
.resilience { margin: 1.5mm 0 0; font-size: 7pt; }
.resilience h2 { font-size: 8.5pt; margin-bottom: .6mm; }
.resilience p { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 7pt; }
td.nowrap { white-space: nowrap; }
th { text-align: left; font-weight: 600; color: #444; border-bottom: 1px solid #999; }
th, td { padding: .35mm .8mm; vertical-align: top; }
tr + tr td { border-top: 1px solid #E6E6E6; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { border-top: 1.5px solid #1A1A1A; font-weight: 700; }
.muted { color: #666; }
.status { white-space: nowrap; font-weight: 600; }
.status.covered::before { content: "● "; color: #009E73; }
.status.thin::before { content: "◆ "; color: #E69F00; }
.status.missing::before { content: "✕ "; color: #D55E00; }
.warnings { columns: 2; column-gap: 6mm; font-size: 7.5pt; }
.warnings h2 { column-span: all; }
.sev { display: inline-block; padding: 0 1.8mm; border-radius: 1mm; font-size: 7pt;
  font-weight: 700; letter-spacing: .05em; text-transform: uppercase; margin: .8mm 0 .6mm; }
.group { margin: 0 0 1.6mm; break-inside: avoid; }
.group p { margin: 0; }
.group ul { margin: .3mm 0 0; padding-left: 4mm; }
.advice { color: #4D4D4D; }
.tag { font-size: 7pt; color: #6A51A3; font-weight: 600; }
footer { margin-top: 1.5mm; color: #777; font-size: 7pt; text-align: right; }
/* A heavy report (a large team, many warnings): smaller type keeps it on one page. */
.dense .top { grid-template-columns: 72mm 1fr; }
.dense table { font-size: 6.6pt; }
.dense .warnings { font-size: 7pt; }
.dense .actions li { font-size: 8pt; }
.dense h2 { font-size: 9pt; }
@media print {
  body { background: #FFFFFF; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _health_class(health: int) -> str:
    if health >= 75:
        return "health-good"
    return "health-fair" if health >= 50 else "health-poor"


def _severity_chip(severity: Severity, count: int) -> str:
    colour = SEVERITY_COLOURS[severity]
    text = "#FFFFFF" if severity == Severity.critical else "#1A1A1A"
    return (
        f'<div class="sev" style="background:{colour};color:{text}">'
        f"{severity.value} · {count}</div>"
    )


def _figure_html(team_report: TeamReport, formation_svg: bytes | None) -> str:
    if formation_svg is None:
        return f'<p class="noimage">No formation picture: {_e(CHROMIUM_MISSING)}</p>'
    # A data URI in an <img>: self-contained, scales to the column, and an SVG shown as
    # an image runs no script and loads nothing.
    data = base64.b64encode(formation_svg).decode("ascii")
    alt = _e(f"Formation of {team_report.team}")
    return f'<img alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def _facts_html(team_report: TeamReport) -> str:
    facts = []
    for label, value in fact_rows(team_report):
        css = ' class="tier"' if label == "Tier" else ""
        shown = _e(value)
        if label == "Health":
            shown = (
                f'<span class="{_health_class(team_report.health)}">{team_report.health}'
                "</span><small>/100</small>"
            )
        facts.append(f"<div{css}><dt>{label}</dt><dd>{shown}</dd></div>")
    return f'<dl class="facts">{"".join(facts)}</dl>'


def _actions_html(actions: Sequence[str]) -> str:
    if not actions:
        body = '<p class="none">No critical warnings: nothing urgent.</p>'
    else:
        body = "<ol>" + "".join(f"<li>{_e(item)}</li>" for item in actions) + "</ol>"
    return f'<section class="actions"><h2>Action list</h2>{body}</section>'


def _resilience_html(resilience: TeamStress | None, cat: Catalogue | None) -> str:
    if resilience is None:
        return ""
    worst = "; ".join(
        f"{n}) {_e(text)}" for n, text in enumerate(resilience_worst(resilience, cat), start=1)
    )
    return (
        '<section class="resilience"><h2>Resilience</h2>'
        f"<p>{_e(resilience_figures(resilience))} Worst cases: {worst}.</p></section>"
    )


def _health_html(team_report: TeamReport, cat: Catalogue | None) -> str:
    rows = [
        "<section><h2>How the health score was made</h2><table>",
        '<tr><th>Deduction</th><th>Subject</th><th class="num">Points</th></tr>',
    ]
    for severity, what, subject, points in deduction_rows(team_report, cat):
        dot = ""
        if severity is not None:
            colour = SEVERITY_COLOURS[severity]
            dot = f'<span class="dot" style="color:{colour}" title="{severity.value}">■</span> '
        rows.append(
            f'<tr><td>{dot}{_e(what)}</td><td class="muted">{_e(subject)}</td>'
            f'<td class="num">{_e(points)}</td></tr>'
        )
    rows.append(
        f'<tr class="total"><td>Health</td><td></td><td class="num">{team_report.health}</td></tr>'
    )
    rows.append("</table></section>")
    return "".join(rows)


def _coverage_html(team_report: TeamReport, cat: Catalogue | None) -> str:
    rows = [
        "<section><h2>Coverage</h2><table>",
        "<tr><th>Position</th><th>Required</th><th>Status</th>"
        '<th class="num">FTE / needed</th><th>People</th></tr>',
    ]
    for name, required, status, word, fte, people in coverage_rows(team_report, cat):
        rows.append(
            f'<tr><td class="nowrap">{_e(name)}</td><td class="nowrap">{_e(required)}</td>'
            f'<td><span class="status {status}">{word}</span></td>'
            f'<td class="num">{_e(fte)}</td><td>{_e(people)}</td></tr>'
        )
    rows.append("</table></section>")
    return "".join(rows)


def _warnings_html(warnings: Sequence[RuleWarning]) -> str:
    parts = ['<section class="warnings"><h2>Warnings and what to do</h2>']
    if not warnings:
        parts.append("<p>No warnings.</p>")
    for severity in SEVERITY_ORDER:
        groups = [g for g in warning_groups(warnings) if g.severity == severity]
        for index, group in enumerate(groups):
            parts.append('<div class="group">')
            if index == 0:
                parts.append(_severity_chip(severity, sum(len(g.warnings) for g in groups)))
            parts.append(
                f"<p><b>{_e(group.title)}.</b> "
                f'<span class="advice">{_e(group.advice)}</span></p><ul>'
            )
            for warning in group.warnings:
                tags = ""
                if warning.teams:
                    tags += ' <span class="tag">(across teams)</span>'
                if warning.absences:
                    away = _e(are_away(warning.absences))
                    tags += f' <span class="tag">(only because {away})</span>'
                parts.append(f"<li>{_e(warning.message)}{tags}</li>")
            parts.append("</ul></div>")
    parts.append("</section>")
    return "".join(parts)


def report_html(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    formation_svg: bytes | None = None,
    draw: bool = True,
    dense: bool | None = None,
    resilience: TeamStress | None = None,
    cat: Catalogue | None = None,
) -> str:
    """The one-page report as self-contained HTML (inline CSS, the pitch as an SVG data
    URI, no external links, fonts or scripts), printable on one A4 page.

    ``formation_svg`` reuses a picture from ``report_image``; otherwise one is drawn
    (unless ``draw`` is false), and without Chromium the page says so in its place.
    """
    day = today_or(when).isoformat()
    if formation_svg is None and draw:
        try:
            formation_svg = report_image(team_report)
        except ExportError:
            formation_svg = None
    warnings = team_warnings(team_report, report)
    if dense is None:
        dense = text_mass(team_report, report, resilience, cat) > DENSE_ABOVE
    page_class = "page dense" if dense else "page"
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(team_report.team)} · team report · {day}</title>",
        f'<style>{_CSS}</style>\n</head>\n<body>\n<main class="{page_class}">',
        f'<header><div><p class="kicker">Team report · {day}</p>'
        f"<h1>{_e(team_report.team)}</h1></div>{_facts_html(team_report)}</header>",
    ]
    if team_report.absent:
        parts.append(
            f'<p class="away"><b>Away in this scenario:</b> '
            f"{_e(', '.join(team_report.absent))}. {absence_count(warnings)} warning(s) "
            "appear only because of the absence.</p>"
        )
    parts += [
        _actions_html(action_items(team_report, report, cat=cat)),
        '<div class="top">',
        f"<div><figure>{_figure_html(team_report, formation_svg)}</figure>",
        _resilience_html(resilience, cat),
        "</div><div>",
        _health_html(team_report, cat),
        _coverage_html(team_report, cat),
        "</div></div>",
        _warnings_html(warnings),
        f"<footer>Made with MLOps Team Builder · {day}</footer>",
        "</main>\n</body>\n</html>\n",
    ]
    return "\n".join(parts)
