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
# Streamlit's Markdown turns some plain text into links and icons after the escapes are
# read: bare URLs (http://, https://, www.), e-mail addresses, ":material/name:" icons and
# ":emoji:" codes. An invisible word joiner (U+2060) where those patterns start keeps the
# text as typed on screen while no pattern matches any more.
JOINER = "\u2060"
_AFTER_COLON = re.compile(r"\\:(?=\S)")
_WWW = re.compile(r"(?i)\b(www)(?=\\\.)")


def only_because(absences: Iterable[str]) -> str:
    """Why a warning appears: 'Only because Ann is away', '... Ann and Bob are away'."""
    return f"Only because {are_away(absences)}"


def plain(text: str) -> str:
    """User text made inert for st.markdown: no formatting, links, icons, HTML or maths."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    escaped = _AFTER_COLON.sub(lambda m: m.group(0) + JOINER, escaped)
    escaped = _WWW.sub(lambda m: m.group(1) + JOINER, escaped)
    return escaped.replace("@", JOINER + "@")
