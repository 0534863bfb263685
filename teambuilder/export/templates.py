"""The Jinja2 environment of the exports: templates shipped in ``templates/``, escaped.

Autoescaping is on for every template, undefined names fail loudly, and the only value
marked safe anywhere is plotly's own HTML for the interactive formation.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

__all__ = ["render_template"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("teambuilder.export", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_template(name: str, **context: Any) -> str:
    """``templates/<name>`` filled with ``context`` (every value escaped)."""
    return _environment().get_template(name).render(**context)
