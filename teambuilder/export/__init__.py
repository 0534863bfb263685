"""Exports for slides and planning meetings, shared by the dashboard and the command line.

One module per kind of output, the way httpx keeps one transport per file:

- ``chromium``: the one search for Chromium (images, PDF and the app's check agree), its
  flags, and ``ExportError``;
- ``kaleido_browser``: kaleido's Chromium, kept open for a batch by ``image_session()``;
- ``images``: the formation as PNG or SVG (portrait or 16:9), the report's picture, and
  an offline HTML page;
- ``content``: what the one-page report says (facts, breakdown, coverage, warnings,
  actions, accepted risks, resilience), format aside;
- ``markdown`` and ``html_report``: the report laid out as Markdown or HTML;
- ``pdf``: HTML printed to A4 by headless Chromium;
- ``one_page``: the report in any of those formats from one set of inputs.

The roster's own downloads (CSV, JSON, with spreadsheet-formula guarding) live with the
readers in ``teambuilder.io``. Every name this package exported before the split is still
importable from ``teambuilder.export``.

Every string a user typed (team, people, titles, and the warning messages that quote
them) is HTML-escaped in HTML and Markdown-escaped in Markdown.
"""

from __future__ import annotations

from teambuilder.export.chromium import (
    CHROMIUM_ARGS,
    CHROMIUM_MISSING,
    ExportError,
    chromium_available,
)
from teambuilder.export.content import action_items, team_resilience
from teambuilder.export.html_report import report_html
from teambuilder.export.images import (
    IMAGE_HEIGHT,
    IMAGE_SCALE,
    IMAGE_WIDTH,
    SLIDE_CANVAS,
    WIDE_CANVAS,
    WIDE_HEIGHT,
    WIDE_SCALE,
    WIDE_WIDTH,
    formation_html,
    formation_image,
    report_figure,
    report_image,
    slide_figure,
)
from teambuilder.export.kaleido_browser import ImageFormat, image_session
from teambuilder.export.markdown import report_markdown
from teambuilder.export.one_page import REPORT_KINDS, ReportInputs, ReportKind, one_page_report
from teambuilder.export.pdf import html_to_pdf, pdf_page_count, report_pdf
from teambuilder.markup import markdown_escape

__all__ = [
    "CHROMIUM_ARGS",
    "CHROMIUM_MISSING",
    "IMAGE_HEIGHT",
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "REPORT_KINDS",
    "SLIDE_CANVAS",
    "WIDE_CANVAS",
    "WIDE_HEIGHT",
    "WIDE_SCALE",
    "WIDE_WIDTH",
    "ExportError",
    "ImageFormat",
    "ReportInputs",
    "ReportKind",
    "action_items",
    "chromium_available",
    "formation_html",
    "formation_image",
    "html_to_pdf",
    "image_session",
    "markdown_escape",
    "one_page_report",
    "pdf_page_count",
    "report_figure",
    "report_html",
    "report_image",
    "report_markdown",
    "report_pdf",
    "slide_figure",
    "team_resilience",
]
