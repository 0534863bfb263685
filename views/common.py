"""Small rendering helpers shared by the pages."""

from __future__ import annotations

import re

from teambuilder.models import Severity

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


def plain(text: str) -> str:
    """User text made inert for st.markdown: no formatting, links, HTML or maths."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
