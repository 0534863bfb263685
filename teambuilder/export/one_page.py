"""The one-page report in any of its formats, from one set of inputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from teambuilder.analysis.stress import TeamStress
from teambuilder.export.html_report import report_html
from teambuilder.export.markdown import report_markdown
from teambuilder.export.pdf import report_pdf
from teambuilder.fixes.advice import TeamAdvice
from teambuilder.models import AcceptedRisk, Report, TeamReport, WorkshopResults

__all__ = ["REPORT_KINDS", "ReportInputs", "ReportKind", "one_page_report"]

ReportKind = Literal["md", "html", "pdf"]
REPORT_KINDS: tuple[ReportKind, ...] = ("md", "html", "pdf")


@dataclass(frozen=True)
class ReportInputs:
    """What the one-page report of one team is made from, whatever its format."""

    team_report: TeamReport
    report: Report
    when: date | None = None
    resilience: TeamStress | None = None
    advice: TeamAdvice | None = None
    risks: Sequence[AcceptedRisk] = ()
    workshops: Sequence[WorkshopResults] = ()


def one_page_report(kind: ReportKind, inputs: ReportInputs) -> bytes:
    """The report as Markdown or HTML (UTF-8 bytes) or as an A4 PDF."""
    parts = (inputs.team_report, inputs.report)
    # The three makers take the same keywords; they are named once, here.
    options: dict[str, Any] = {
        "when": inputs.when,
        "resilience": inputs.resilience,
        "advice": inputs.advice,
        "risks": inputs.risks,
        "workshops": inputs.workshops,
    }
    if kind == "pdf":
        return report_pdf(*parts, **options)
    if kind == "html":
        return report_html(*parts, **options).encode("utf-8")
    if kind == "md":
        return report_markdown(*parts, **options).encode("utf-8")
    raise ValueError(f"no report kind {kind!r}; kinds: {', '.join(REPORT_KINDS)}")
