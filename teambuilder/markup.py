"""User text made inert for Markdown: the one escaper for the app's pages and the files.

Streamlit's Markdown and GitHub's (CommonMark with extensions) both read the text; what
either could turn into formatting, a link, an icon, a mention, raw HTML or maths is
defused, and the text still reads as typed:

- a backslash before every character that can start markup (CommonMark lets any ASCII
  punctuation be escaped, so the backslashes vanish on rendering);
- Streamlit turns bare URLs (``http://``, ``www.``), e-mail addresses, ``:material/name:``
  icons and ``:emoji:`` codes into links and pictures after it has read the escapes, so
  an invisible word joiner (U+2060) goes where those patterns start: after an escaped
  colon, after ``www`` and before ``@`` (which also stops GitHub's @-mentions);
- line breaks become spaces, so a value stays on its table row or list item.

HTML is escaped by Jinja2's autoescaping (markupsafe) in the report's templates.
"""

from __future__ import annotations

import re

__all__ = ["JOINER", "markdown_escape"]

JOINER = "\u2060"
# Every ASCII punctuation mark that means something to CommonMark, GitHub or Streamlit:
# escapes, code, emphasis, links and images, raw HTML, tables, strikethrough, entities,
# headings, lists, maths ($) and Streamlit's :icon: and {colour} codes.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
# "=" means something only where a line starts (a setext heading's rule).
_LEADING_EQUALS = re.compile(r"^(\s*)=")
_AFTER_COLON = re.compile(r"\\:(?=\S)")
_WWW = re.compile(r"(?i)\b(www)(?=\\\.)")


def markdown_escape(text: str) -> str:
    """``text`` as literal Markdown on one line: nothing in it formats, links or draws."""
    flat = " ".join(text.splitlines())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", flat)
    escaped = _LEADING_EQUALS.sub(r"\1\\=", escaped)
    escaped = _AFTER_COLON.sub(lambda m: m.group(0) + JOINER, escaped)
    escaped = _WWW.sub(lambda m: m.group(1) + JOINER, escaped)
    return escaped.replace("@", JOINER + "@")
