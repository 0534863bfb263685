"""The one-page report as self-contained HTML, printable on one A4 page.

Laid out by ``templates/report.html.j2`` with its CSS in ``templates/report.css``; this
module only gathers what the page says (``content``) into plain values for the template,
which escapes every one of them.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date
from typing import Any

from teambuilder.analysis.stress import TeamStress
from teambuilder.catalogue import Catalogue
from teambuilder.charts import SEVERITY_COLOURS
from teambuilder.export.chromium import CHROMIUM_MISSING, ExportError
from teambuilder.export.content import (
    CHANGES_SHOWN,
    DENSE_ABOVE,
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
    room_lines,
    team_warnings,
    text_mass,
    unsearched,
    warning_groups,
)
from teambuilder.export.images import report_image, today_or
from teambuilder.export.templates import render_template
from teambuilder.fixes.advice import TeamAdvice
from teambuilder.models import (
    SEVERITY_ORDER,
    AcceptedRisk,
    Report,
    Severity,
    TeamReport,
    WorkshopResults,
)
from teambuilder.wording import are_away

__all__ = ["report_html"]


def _health_class(health: int) -> str:
    if health >= 75:
        return "health-good"
    return "health-fair" if health >= 50 else "health-poor"


def _facts(team_report: TeamReport) -> list[dict[str, Any]]:
    return [
        {
            "label": label,
            "value": value,
            "tier": label == "Tier",
            "health": team_report.health if label == "Health" else None,
            "health_class": _health_class(team_report.health),
        }
        for label, value in fact_rows(team_report)
    ]


def _severities(team_report: TeamReport, report: Report) -> list[dict[str, Any]]:
    warnings = open_warnings(team_report, report)
    shown = []
    for severity in SEVERITY_ORDER:
        groups = [g for g in warning_groups(warnings) if g.severity == severity]
        if not groups:
            continue
        shown.append(
            {
                "name": severity.value,
                "colour": SEVERITY_COLOURS[severity],
                "text": "#FFFFFF" if severity == Severity.critical else "#1A1A1A",
                "count": sum(len(g.warnings) for g in groups),
                "groups": [
                    {
                        "title": group.title,
                        "advice": group.advice,
                        "warnings": [
                            {
                                "message": w.message,
                                "across": bool(w.teams),
                                "only_because": are_away(w.absences) if w.absences else "",
                                "back": back_note(w),
                            }
                            for w in group.warnings
                        ],
                    }
                    for group in groups
                ],
            }
        )
    return shown


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
    advice: TeamAdvice | None = None,
    risks: Sequence[AcceptedRisk] = (),
    workshops: Sequence[WorkshopResults] = (),
    changes_shown: int = CHANGES_SHOWN,
    zoom: float = 1.0,
) -> str:
    """The one-page report as self-contained HTML (inline CSS, the pitch as an SVG data
    URI, no external links, fonts or scripts), printable on one A4 page.

    ``formation_svg`` reuses a picture from ``report_image``; otherwise one is drawn
    (unless ``draw`` is false), and without Chromium the page says so in its place.
    ``advice`` (``fixes.advice.advise``) adds the concrete changes to the action list;
    ``risks`` (``Roster.accepted_risks``) adds the accepted risks no warning raises now
    to those the report's warnings carry; ``workshops`` (``Roster.workshops``) adds what
    the room of the team's latest closed workshop said. ``changes_shown`` caps the concrete changes
    (those for critical warnings stay beside them); ``zoom`` below 1 shrinks the
    whole page (the last resort of ``report_pdf`` for a page that runs over).
    """
    day = today_or(when).isoformat()
    if formation_svg is None and draw:
        try:
            formation_svg = report_image(team_report)
        except ExportError:
            formation_svg = None
    if dense is None:
        dense = (
            text_mass(team_report, report, resilience, cat, advice, risks, workshops) > DENSE_ABOVE
        )
    # A data URI in an <img>: self-contained, scales to the column, and an SVG shown as
    # an image runs no script and loads nothing.
    source = ""
    if formation_svg is not None:
        source = "data:image/svg+xml;base64," + base64.b64encode(formation_svg).decode("ascii")
    first, then, more_changes = action_plan(team_report, report, advice, cat, changes_shown)
    shown_resilience = None
    if resilience is not None:
        shown_resilience = {
            "figures": resilience_figures(resilience),
            "worst": resilience_worst(resilience, cat),
        }
    return render_template(
        "report.html.j2",
        team=team_report.team,
        day=day,
        page_class="page dense" if dense else "page",
        zoom=f"{zoom:.2f}" if zoom < 1 else "",
        facts=_facts(team_report),
        absent=", ".join(team_report.absent),
        absence_count=absence_count(team_warnings(team_report, report)),
        first=first,
        then=then,
        more_changes=more_changes,
        unsearched=unsearched(advice),
        risks=accepted_lines(team_report, report, risks, cat),
        room=room_lines(team_report.team, workshops, cat),
        formation_src=source,
        chromium_missing=CHROMIUM_MISSING,
        resilience=shown_resilience,
        deductions=[
            {
                "colour": SEVERITY_COLOURS[severity] if severity is not None else "",
                "severity": severity.value if severity is not None else "",
                "what": what,
                "subject": subject,
                "points": points,
            }
            for severity, what, subject, points in deduction_rows(team_report, cat)
        ],
        health=team_report.health,
        coverage=[
            {
                "name": name,
                "required": required,
                "status": status,
                "word": word,
                "fte": fte,
                "people": people,
            }
            for name, required, status, word, fte, people in coverage_rows(team_report, cat)
        ],
        severities=_severities(team_report, report),
    )
