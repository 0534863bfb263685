"""Small rendering helpers shared by the pages."""

from __future__ import annotations

import re
from collections.abc import Iterable

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

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def only_because(absences: Iterable[str]) -> str:
    """Why a warning appears: 'Only because Ann is away', '... Ann and Bob are away'."""
    return f"Only because {are_away(absences)}"


def plain(text: str) -> str:
    """User text made inert for st.markdown: no formatting, links, HTML or maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
