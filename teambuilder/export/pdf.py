"""PDF: an HTML page printed by headless Chromium, and the one-page report as A4."""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from teambuilder.analysis.stress import TeamStress
from teambuilder.catalogue import Catalogue
from teambuilder.export.chromium import CHROMIUM_ARGS, CHROMIUM_MISSING, ExportError, find_chromium
from teambuilder.export.html_report import report_html
from teambuilder.export.images import report_image
from teambuilder.models import Report, TeamReport

__all__ = ["PDF_SECONDS", "html_to_pdf", "pdf_page_count", "report_pdf"]

PDF_SECONDS = 60.0
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
) -> bytes:
    """The one-page report as an A4 PDF, printed by headless Chromium."""
    if formation_svg is None:
        formation_svg = report_image(team_report)
    page = report_html(
        team_report, report, when=when, formation_svg=formation_svg, resilience=resilience, cat=cat
    )
    data = html_to_pdf(page)
    if pdf_page_count(data) > 1 and 'class="page dense"' not in page:
        # The length estimate missed: print again in the smaller type.
        page = report_html(
            team_report,
            report,
            when=when,
            formation_svg=formation_svg,
            dense=True,
            resilience=resilience,
            cat=cat,
        )
        data = html_to_pdf(page)
    return data


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF as Chromium writes it (page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
