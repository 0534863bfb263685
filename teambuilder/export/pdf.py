"""PDF: an HTML page printed by headless Chromium, and the one-page report as A4."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from teambuilder.analysis.stress import TeamStress
from teambuilder.catalogue import Catalogue
from teambuilder.export.chromium import CHROMIUM_ARGS, CHROMIUM_MISSING, ExportError, find_chromium
from teambuilder.export.html_report import report_html
from teambuilder.export.images import report_image
from teambuilder.fixes.advice import TeamAdvice
from teambuilder.models import AcceptedRisk, Report, TeamReport, WorkshopResults

__all__ = ["PDF_SECONDS", "html_to_pdf", "pdf_page_count", "report_pdf"]

PDF_SECONDS = 60.0
# Zoom levels tried, in turn, for a report that runs over one page in the smaller type.
SHRINK = (0.92, 0.85, 0.78, 0.7)
_CHROMIUM_FLAGS = ("--headless", *CHROMIUM_ARGS, "--no-pdf-header-footer")


def html_to_pdf(page: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium (the page's @page rules apply)."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="teambuilder-pdf-") as folder:
        source = Path(folder) / "report.html"
        target = Path(folder) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            browser,
            *_CHROMIUM_FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PDF_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not print within {PDF_SECONDS:.0f} s") from None
        except OSError as error:
            raise ExportError(f"{CHROMIUM_MISSING} ({error.strerror or error})") from None
        data = target.read_bytes() if target.exists() else b""
        if not data.startswith(b"%PDF"):
            detail = (done.stderr or "").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise ExportError(f"Chromium made no PDF: {detail[0]}")
        return data


def report_pdf(
    team_report: TeamReport,
    report: Report,
    *,
    when: date | None = None,
    formation_svg: bytes | None = None,
    resilience: TeamStress | None = None,
    cat: Catalogue | None = None,
    advice: TeamAdvice | None = None,
    risks: Sequence[AcceptedRisk] = (),
    workshops: Sequence[WorkshopResults] = (),
) -> bytes:
    """The one-page report as an A4 PDF, printed by headless Chromium."""
    if formation_svg is None:
        formation_svg = report_image(team_report)
    # The length estimate picks the type size; when the print still runs over a page,
    # print again in the smaller type, then with only the changes for critical warnings,
    # then the whole page shrunk a step at a time.
    attempts: tuple[dict[str, Any], ...] = (
        {},
        {"dense": True},
        {"dense": True, "changes_shown": 0},
        *({"dense": True, "changes_shown": 0, "zoom": zoom} for zoom in SHRINK),
    )
    data = b""
    printed = ""
    for attempt in attempts:
        page = report_html(
            team_report,
            report,
            when=when,
            formation_svg=formation_svg,
            resilience=resilience,
            cat=cat,
            advice=advice,
            risks=risks,
            workshops=workshops,
            **attempt,
        )
        if page == printed:  # the estimate had already chosen this
            continue
        data, printed = html_to_pdf(page), page
        if pdf_page_count(data) <= 1:
            break
    return data


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF as Chromium writes it (page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
