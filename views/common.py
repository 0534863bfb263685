"""Small rendering helpers shared by the pages."""

from __future__ import annotations

from collections.abc import Iterable

from teambuilder.markup import JOINER as JOINER  # re-exported: tests strip it
from teambuilder.markup import markdown_escape
from teambuilder.models import Severity
from teambuilder.wording import are_away

SEVERITY_ICONS = {
    Severity.critical: ":material/error:",
    Severity.warning: ":material/warning:",
    Severity.info: ":material/info:",
}
SEVERITY_HEADINGS = {
    Severity.critical: "Critical",
    Severity.warning: "Warnings",
    Severity.info: "For discussion",
}


def only_because(absences: Iterable[str]) -> str:
    """Why a warning appears: 'Only because Ann is away', '... Ann and Bob are away'."""
    return f"Only because {are_away(absences)}"


def plain(text: str) -> str:
    """User text made inert for st.markdown: no formatting, links, icons, HTML or maths
    (the core's one escaper, ``teambuilder.markup.markdown_escape``)."""
    return markdown_escape(text)
